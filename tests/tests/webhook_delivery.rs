//! Verified webhook deliveries whose data does not fit the generated types: verification
//! succeeds, typed decoding falls back to the JSON with the error, and the axum extractor
//! hands them to the handler. It refuses only bad signatures, stale timestamps and
//! bodies that are not JSON.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use clerk::raw::reqwest::header::{HeaderMap, HeaderValue};
use clerk::webhook::axum::VerifiedEvent;
use clerk::webhook::{self, Decoded, EventData, Verifier, WebhookError, WebhookSecret};
use serde_json::{Value, json};
use tower::ServiceExt;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NOW: i64 = 1_716_883_200;
const ID: &str = "msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S";

/// A complete `user.created` event, every field the webhook spec requires present.
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

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET).unwrap()
}

fn signed(body: &[u8], timestamp: i64) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("svix-id", HeaderValue::from_static(ID));
    h.insert(
        "svix-timestamp",
        HeaderValue::from_str(&timestamp.to_string()).unwrap(),
    );
    h.insert(
        "svix-signature",
        HeaderValue::from_str(&secret().sign(ID, timestamp, body)).unwrap(),
    );
    h
}

/// `user.created` without `data.backup_code_enabled`, which the spec marks required.
fn user_created_without_backup_code_enabled() -> Vec<u8> {
    let mut event: Value = serde_json::from_str(USER_CREATED).unwrap();
    let data = event["data"].as_object_mut().unwrap();
    assert!(data.remove("backup_code_enabled").is_some());
    serde_json::to_vec(&event).unwrap()
}

#[test]
fn a_complete_user_created_decodes_into_its_variant() {
    let body = USER_CREATED.as_bytes();
    let delivery = webhook::verify_at(&signed(body, NOW), body, &secret(), NOW).unwrap();
    match delivery.decode() {
        Decoded::Typed(EventData::UserCreated(user)) => {
            assert_eq!(user.id, "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S");
            assert!(!user.backup_code_enabled);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_required_field_verifies_and_decodes_to_raw_json() {
    let body = user_created_without_backup_code_enabled();
    let delivery = webhook::verify_at(&signed(&body, NOW), &body, &secret(), NOW)
        .expect("a correctly signed delivery verifies, whatever its data");
    assert_eq!(delivery.id, ID);
    assert_eq!(delivery.timestamp, NOW);
    assert_eq!(delivery.r#type, "user.created");
    assert_eq!(delivery.data["id"], "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S");
    assert_eq!(
        delivery.instance_id(),
        Some("ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S")
    );
    let sent: Value = serde_json::from_slice(&body).unwrap();
    for decoded in [delivery.decode(), delivery.clone().into_decoded()] {
        assert_eq!(decoded.event_type(), "user.created");
        assert!(decoded.typed().is_none());
        match decoded {
            Decoded::Raw {
                r#type,
                data,
                error,
            } => {
                assert_eq!(r#type, "user.created");
                assert_eq!(data, sent["data"], "the data as sent");
                assert!(error.to_string().contains("backup_code_enabled"), "{error}");
            }
            other => panic!("{other:?}"),
        }
    }
    // A partial type of one's own still reads it.
    #[derive(serde::Deserialize)]
    struct Mine {
        id: String,
        first_name: Option<String>,
    }
    let mine: Mine = delivery.decode_as().unwrap();
    assert_eq!(
        (mine.id.as_str(), mine.first_name.as_deref()),
        ("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S", Some("Ada"))
    );
}

#[test]
fn unknown_event_types_and_odd_shapes_verify() {
    let s = secret();
    let verify = |body: &[u8]| webhook::verify_at(&signed(body, NOW), body, &s, NOW);
    let future = br#"{"type":"thing.created","object":"event","timestamp":1,"instance_id":"ins_1","data":{"id":"thing_1"},"new_field":true}"#;
    let delivery = verify(future).unwrap();
    assert_eq!(delivery.envelope["new_field"], true);
    match delivery.decode() {
        Decoded::Typed(EventData::Unknown { r#type, data }) => {
            assert_eq!(r#type, "thing.created");
            assert_eq!(data["id"], "thing_1");
        }
        other => panic!("{other:?}"),
    }
    // A known type with data of the wrong type, or none.
    for (body, want) in [
        (
            &br#"{"type":"user.deleted","object":"event","timestamp":1,"instance_id":"ins_1","data":{"id":1}}"#[..],
            json!({"id": 1}),
        ),
        (br#"{"type":"user.deleted"}"#, Value::Null),
    ] {
        let delivery = verify(body).unwrap();
        for decoded in [delivery.decode(), delivery.clone().into_decoded()] {
            match decoded {
                Decoded::Raw { r#type, data, .. } => {
                    assert_eq!((r#type.as_str(), &data), ("user.deleted", &want))
                }
                other => panic!("{other:?}"),
            }
        }
    }
    // JSON that is no event at all is still a verified delivery: kept whole.
    let array = verify(b"[1, 2]").unwrap();
    assert_eq!((array.r#type.as_str(), &array.data), ("", &json!([1, 2])));
    let odd_type = verify(br#"{"type": 7, "data": {}}"#).unwrap();
    assert_eq!(
        (odd_type.r#type.as_str(), &odd_type.envelope["type"]),
        ("", &json!(7))
    );
    // Only a body that is not JSON is refused, after the signature.
    assert!(matches!(
        verify(b"not json"),
        Err(WebhookError::InvalidPayload(_))
    ));
    assert!(matches!(
        webhook::verify_at(&signed(b"other", NOW), b"not json", &s, NOW),
        Err(WebhookError::NoMatchingSignature)
    ));
}

/// A router whose handler logs what it got and answers 204.
fn app(log: Arc<Mutex<Vec<String>>>) -> Router {
    let verifier = Verifier::new(secret()).with_clock(|| NOW);
    Router::new()
        .route(
            "/webhooks/clerk",
            post(move |VerifiedEvent(delivery): VerifiedEvent| {
                let log = log.clone();
                async move {
                    // Consuming: from the extractor the data moves into its type, and
                    // a misfit's data is read back from the kept body.
                    let line = match delivery.into_decoded() {
                        Decoded::Typed(data) => format!("typed {}", data.event_type()),
                        Decoded::Raw { r#type, data, .. } => format!("raw {type} {}", data["id"]),
                        other => format!("{other:?}"),
                    };
                    log.lock().unwrap().push(line);
                    StatusCode::NO_CONTENT
                }
            }),
        )
        .with_state(verifier)
}

async fn post_webhook(app: &Router, headers: HeaderMap, body: Vec<u8>) -> (StatusCode, Value) {
    let mut request = Request::post("/webhooks/clerk")
        .body(Body::from(body))
        .unwrap();
    *request.headers_mut() = headers;
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_extractor_passes_every_verified_delivery_to_the_handler() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let app = app(log.clone());
    let misfit = user_created_without_backup_code_enabled();
    let (status, _) = post_webhook(&app, signed(&misfit, NOW), misfit.clone()).await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "a verified delivery is answered by the handler"
    );
    let complete = USER_CREATED.as_bytes().to_vec();
    let (status, _) = post_webhook(&app, signed(&complete, NOW), complete.clone()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        *log.lock().unwrap(),
        [
            r#"raw user.created "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S""#,
            "typed user.created"
        ]
    );

    // Refused, without running the handler: a bad signature, a stale timestamp, no JSON.
    let mut tampered = misfit.clone();
    tampered.extend_from_slice(b" ");
    let stale = NOW - 301;
    for (headers, body, code) in [
        (signed(&misfit, NOW), tampered, "webhook_signature_mismatch"),
        (HeaderMap::new(), misfit.clone(), "webhook_header_missing"),
        (
            signed(&misfit, stale),
            misfit.clone(),
            "webhook_timestamp_too_old",
        ),
        (
            signed(b"not json", NOW),
            b"not json".to_vec(),
            "webhook_payload_invalid",
        ),
    ] {
        let (status, json) = post_webhook(&app, headers, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{code}");
        assert_eq!(json["errors"][0]["code"], code);
    }
    assert_eq!(
        log.lock().unwrap().len(),
        2,
        "the handler ran for the verified deliveries only"
    );
}
