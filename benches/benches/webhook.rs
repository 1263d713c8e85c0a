//! Verifying a typical `user.created` webhook (signature and JSON), and verifying then
//! decoding it into its typed event.
//!
//! ```sh
//! cargo bench -p clerk-benches --bench webhook
//! ```

use std::hint::black_box;

use clerk::webhook::{self, Decoded, EventData, WebhookSecret};
use criterion::{Criterion, criterion_group, criterion_main};
use reqwest::header::{HeaderMap, HeaderValue};

const NOW: i64 = 1716883200;

/// A `user.created` event with one verified email address and one Google account.
const USER_CREATED: &str = r#"{
  "type": "user.created",
  "object": "event",
  "timestamp": 1716883200,
  "instance_id": "ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
  "event_attributes": {"http_request": {"client_ip": "192.0.2.1", "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"}},
  "data": {
    "object": "user",
    "id": "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
    "external_id": null,
    "primary_email_address_id": "idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
    "primary_phone_number_id": null,
    "primary_web3_wallet_id": null,
    "username": null,
    "first_name": "Ada",
    "last_name": "Lovelace",
    "image_url": "https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ",
    "has_image": true,
    "public_metadata": {"plan": "pro"},
    "private_metadata": {},
    "unsafe_metadata": {},
    "email_addresses": [{
      "object": "email_address",
      "id": "idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
      "email_address": "ada@example.com",
      "reserved": false,
      "verification": {"object": "verification_from_oauth", "status": "verified", "strategy": "from_oauth_google", "attempts": null, "expire_at": null},
      "linked_to": [{"type": "oauth_google", "id": "idn_2g7npGOOGLE"}],
      "matches_sso_connection": false,
      "created_at": 1716883200000,
      "updated_at": 1716883200000
    }],
    "phone_numbers": [],
    "web3_wallets": [],
    "passkeys": [],
    "password_enabled": false,
    "two_factor_enabled": false,
    "totp_enabled": false,
    "backup_code_enabled": false,
    "mfa_enabled_at": null,
    "mfa_disabled_at": null,
    "external_accounts": [{
      "object": "google_account",
      "id": "idn_2g7npGOOGLE",
      "provider": "oauth_google",
      "identification_id": "idn_2g7npGOOGLE",
      "provider_user_id": "102938475610293847561",
      "approved_scopes": "email https://www.googleapis.com/auth/userinfo.email openid profile",
      "email_address": "ada@example.com",
      "first_name": "Ada",
      "last_name": "Lovelace",
      "avatar_url": "https://lh3.googleusercontent.com/a/ACg8ocK",
      "image_url": "https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ",
      "username": null,
      "phone_number": null,
      "public_metadata": {},
      "label": null,
      "created_at": 1716883200000,
      "updated_at": 1716883200000,
      "verification": {"object": "verification_oauth", "status": "verified", "strategy": "oauth_google", "attempts": null, "expire_at": 1716883800000}
    }],
    "saml_accounts": [],
    "enterprise_accounts": [],
    "last_sign_in_at": 1716883200000,
    "banned": false,
    "locked": false,
    "lockout_expires_in_seconds": null,
    "verification_attempts_remaining": 100,
    "updated_at": 1716883200000,
    "created_at": 1716883200000,
    "delete_self_enabled": true,
    "create_organization_enabled": true,
    "create_organizations_limit": null,
    "last_active_at": 1716883200000,
    "legal_accepted_at": null,
    "bypass_client_trust": false
  }
}"#;

fn verify_and_decode(c: &mut Criterion) {
    let secret = WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let body = USER_CREATED.as_bytes();
    let mut headers = HeaderMap::new();
    headers.insert(
        "svix-id",
        HeaderValue::from_static("msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S"),
    );
    headers.insert(
        "svix-timestamp",
        HeaderValue::from_str(&NOW.to_string()).unwrap(),
    );
    headers.insert(
        "svix-signature",
        HeaderValue::from_str(&secret.sign("msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S", NOW, body)).unwrap(),
    );
    let delivery = webhook::verify_at(&headers, body, &secret, NOW).expect("the payload verifies");
    assert!(matches!(
        delivery.decode(),
        Decoded::Typed(EventData::UserCreated(_))
    ));

    c.bench_function("webhook verify user.created", |b| {
        b.iter(|| webhook::verify_at(black_box(&headers), black_box(body), &secret, NOW).unwrap())
    });
    c.bench_function("webhook verify + decode user.created", |b| {
        b.iter(|| {
            webhook::verify_at(black_box(&headers), black_box(body), &secret, NOW)
                .unwrap()
                .into_decoded()
        })
    });
}

criterion_group!(benches, verify_and_decode);
criterion_main!(benches);
