//! What a newer API sends decodes: unknown enum values (one-value `object`s included), new
//! union variants and new fields, kept as sent. Open enums compare, print and round-trip.

use std::collections::HashSet;

use clerk::types::{EmailAddressObject, EmailAddressVerification, SessionStatus, UserObject};
use clerk::{session, user};
use httpmock::prelude::*;
use serde_json::json;

use crate::support::{config, fixture};

/// A user as a newer API may send it: a new `object`, an email address of a new kind with
/// a verification of a new kind (an unknown union variant), fields added.
fn user_v2() -> serde_json::Value {
    let mut user = fixture("user");
    user["object"] = json!("user_v2");
    user["added_later"] = json!({"nested": [1, 2]});
    let email = &mut user["email_addresses"][0];
    email["object"] = json!("email_address_v2");
    email["verification"] = json!({
        "object": "verification_passkey_v2",
        "status": "verified",
        "strategy": "passkey_v3",
        "attempts": null,
        "expire_at": null,
        "passkey_id": "pk_1"
    });
    user
}

#[tokio::test]
async fn a_user_from_a_newer_api_decodes_and_keeps_what_it_does_not_know() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200).json_body(user_v2());
        })
        .await;
    let got = user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap();
    assert_eq!(got.object, UserObject::Unknown("user_v2".into()));
    let email = &got.email_addresses[0];
    assert_eq!(email.object.as_str(), "email_address_v2");
    assert_ne!(email.object, EmailAddressObject::EmailAddress);
    match &email.verification {
        Some(EmailAddressVerification::Unknown(raw)) => {
            assert_eq!(raw["object"], "verification_passkey_v2");
            assert_eq!(raw["passkey_id"], "pk_1");
        }
        other => panic!("a verification of a new kind is kept as JSON: {other:?}"),
    }
    // Encoded again, the unknown values are what arrived.
    let back = serde_json::to_value(&got).unwrap();
    assert_eq!(back["object"], "user_v2");
    assert_eq!(
        back["email_addresses"][0]["verification"],
        user_v2()["email_addresses"][0]["verification"]
    );
}

#[tokio::test]
async fn a_known_verification_still_decodes_into_its_variant() {
    let server = MockServer::start_async().await;
    let mut user = fixture("user");
    user["email_addresses"][0]["verification"] = json!({
        "object": "verification_admin",
        "status": "verified",
        "strategy": "admin",
        "attempts": null,
        "expire_at": null
    });
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200).json_body(user);
        })
        .await;
    let got = user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap();
    assert!(
        matches!(
            got.email_addresses[0].verification,
            Some(EmailAddressVerification::Admin(_))
        ),
        "{:?}",
        got.email_addresses[0].verification
    );
    // Without `object` (the spec does not require it), the enum values pick the variant.
    let untagged: EmailAddressVerification = serde_json::from_value(json!({
        "status": "verified", "strategy": "admin", "attempts": null, "expire_at": null
    }))
    .unwrap();
    assert!(
        matches!(untagged, EmailAddressVerification::Admin(_)),
        "{untagged:?}"
    );
}

#[tokio::test]
async fn one_item_of_a_newer_kind_does_not_fail_the_page() {
    let server = MockServer::start_async().await;
    let mut newer = fixture("session");
    newer["status"] = json!("paused_v2");
    newer["object"] = json!("session_v2");
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/sessions");
            then.status(200)
                .json_body(json!({"data": [fixture("session"), newer], "total_count": 2}));
        })
        .await;
    let page = session::Client::new(&config(&server))
        .list(&session::ListParams::default())
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(
        page.data[1].status,
        SessionStatus::Unknown("paused_v2".into())
    );
    assert_eq!(page.data[1].status.to_string(), "paused_v2");
}

#[test]
fn open_enums_compare_print_hash_and_round_trip() {
    let active: SessionStatus = serde_json::from_str("\"active\"").unwrap();
    assert_eq!(active, SessionStatus::Active);
    assert_eq!(active.as_str(), "active");
    assert_eq!(format!("{active}"), "active");
    assert_eq!(SessionStatus::from("revoked"), SessionStatus::Revoked);
    let odd = "\"Brand New \\u00e9 value\"";
    let unknown: SessionStatus = serde_json::from_str(odd).unwrap();
    assert_eq!(unknown, SessionStatus::Unknown("Brand New é value".into()));
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        "\"Brand New é value\""
    );
    let set: HashSet<SessionStatus> = [active.clone(), unknown.clone(), SessionStatus::Active]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 2);
    assert!(serde_json::from_str::<SessionStatus>("1").is_err());
    let parsed: SessionStatus = "pending".parse().unwrap();
    assert_eq!(parsed, SessionStatus::Pending);
}
