//! `clerk::sign_in_token` against the mock.

use clerk::sign_in_token;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_user_lifetime_and_organization() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sign_in_tokens")
                .header("content-type", "application/json")
                .json_body(
                    json!({"user_id": "user_1", "expires_in_seconds": 900, "org_id": "org_1"}),
                );
            then.status(200).json_body(fixture("sign_in_token"));
        })
        .await;
    let t = sign_in_token::Client::new(&config(&server))
        .create(&sign_in_token::CreateParams {
            user_id: clerk::string("user_1"),
            expires_in_seconds: clerk::int64(900),
            org_id: clerk::string("org_1"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(t.status.to_string(), "pending");
    assert!(t.url.unwrap().contains("__clerk_ticket="));
    assert!(t.token.is_some());
}

#[tokio::test]
async fn create_sends_the_default_lifetime_and_refuses_zero() {
    // The generated body fills in the spec's default lifetime (30 days) when it is not set.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sign_in_tokens")
                .json_body(json!({"user_id": "user_1", "expires_in_seconds": 2592000}));
            then.status(200).json_body(fixture("sign_in_token"));
        })
        .await;
    let tokens = sign_in_token::Client::new(&config(&server));
    tokens
        .create(&sign_in_token::CreateParams {
            user_id: clerk::string("user_1"),
            ..Default::default()
        })
        .await
        .unwrap();
    let err = tokens
        .create(&sign_in_token::CreateParams {
            user_id: clerk::string("user_1"),
            expires_in_seconds: clerk::int64(0),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn revoke_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sign_in_tokens/sit_1/revoke")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "sign_in_token",
                json!({"status": "revoked", "token": null, "url": null}),
            ));
        })
        .await;
    let t = sign_in_token::Client::new(&config(&server))
        .revoke("sit_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(t.status.to_string(), "revoked");
}
