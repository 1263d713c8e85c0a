//! `clerk::email_address` against the mock.

use clerk::email_address;
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/email_addresses")
                .header("content-type", "application/json")
                .json_body(json!({
                    "user_id": "user_1",
                    "email_address": "ada@example.com",
                    "verified": true,
                    "primary": true,
                    "notify_primary_email_address_changed": true
                }));
            then.status(200).json_body(fixture("email_address"));
        })
        .await;
    let e = email_address::Client::new(&config(&server))
        .create(&email_address::CreateParams {
            user_id: clerk::string("user_1"),
            email_address: clerk::string("ada@example.com"),
            verified: clerk::bool(true),
            primary: clerk::bool(true),
            notify_primary_email_address_changed: clerk::bool(true),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(e.id.as_deref(), Some("idn_2abcEMAIL0123456789xyzAB"));
    assert_eq!(e.email_address, "ada@example.com");
    assert!(!e.reserved);
}

#[tokio::test]
async fn create_without_notify_sends_the_api_default() {
    // The generated body always carries `notify_primary_email_address_changed` (false,
    // the API's default) when it is not set.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/email_addresses")
                .json_body(json!({
                    "user_id": "user_1",
                    "email_address": "ada@example.com",
                    "notify_primary_email_address_changed": false
                }));
            then.status(200).json_body(fixture("email_address"));
        })
        .await;
    email_address::Client::new(&config(&server))
        .create(&email_address::CreateParams {
            user_id: clerk::string("user_1"),
            email_address: clerk::string("ada@example.com"),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn get_update_and_delete() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/email_addresses/idn_1");
            then.status(200).json_body(fixture("email_address"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/email_addresses/idn_1")
                .json_body(json!({"primary": true}));
            then.status(200).json_body(fixture("email_address"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/email_addresses/idn_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": "idn_1", "object": "email_address", "deleted": true}));
        })
        .await;
    let emails = email_address::Client::new(&config(&server));
    let e = emails.get("idn_1").await.unwrap();
    assert!(e.verification.is_some());
    emails
        .update(
            "idn_1",
            &email_address::UpdateParams {
                primary: clerk::bool(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let d = emails.delete("idn_1").await.unwrap();
    assert!(d.deleted);
    assert_eq!(d.object, "email_address");
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn verification_is_prepared_without_a_body_and_attempted_with_the_code() {
    let server = MockServer::start_async().await;
    let prepare = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/email_addresses/idn_1/prepare_verification")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture("verification"));
        })
        .await;
    let attempt = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/email_addresses/idn_1/attempt_verification")
                .json_body(
                    json!({"verification_id": "vrf_2abcVERIFY0123456789xyzA", "code": "424242"}),
                );
            then.status(200).json_body(fixture_with(
                "verification",
                json!({"status": "verified", "attempts": 1}),
            ));
        })
        .await;
    let emails = email_address::Client::new(&config(&server));
    let v = emails.prepare_verification("idn_1").await.unwrap();
    assert_eq!(v.status.as_deref(), Some("unverified"));
    assert_eq!(v.expire_at, Some(1716200600000));
    let id = v.id.unwrap();
    let v = emails
        .attempt_verification("idn_1", &id, "424242")
        .await
        .unwrap();
    assert_eq!(v.status.as_deref(), Some("verified"));
    assert_eq!(v.attempts, Some(1));
    prepare.assert_async().await;
    attempt.assert_async().await;
}

#[tokio::test]
async fn replace_puts_the_single_address() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/users/user_1/email_address")
                .json_body(json!({"email_address": "new@example.com", "identification_status": "reserved"}));
            then.status(200)
                .json_body(fixture_with("email_address", json!({"email_address": "new@example.com", "reserved": true})));
        })
        .await;
    let e = email_address::Client::new(&config(&server))
        .replace(
            "user_1",
            &email_address::ReplaceParams {
                email_address: clerk::string("new@example.com"),
                identification_status: clerk::string("reserved"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(e.reserved);
}

#[tokio::test]
async fn bad_params_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let emails = email_address::Client::new(&config(&server));
    // `user_id` is required by the API: the generated body refuses to build without it.
    let err = emails
        .create(&email_address::CreateParams {
            email_address: clerk::string("ada@example.com"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}
