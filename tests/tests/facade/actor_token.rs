//! `clerk::actor_token` against the mock.

use clerk::actor_token;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_the_actor_and_durations() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/actor_tokens")
                .header("content-type", "application/json")
                .json_body(json!({
                    "user_id": "user_1",
                    "actor": {"sub": "user_2abcSUPPORT0123456789xy"},
                    "expires_in_seconds": 600,
                    "session_max_duration_in_seconds": 900
                }));
            then.status(200).json_body(fixture("actor_token"));
        })
        .await;
    let token = actor_token::Client::new(&config(&server))
        .create(&actor_token::CreateParams {
            user_id: clerk::string("user_1"),
            actor: clerk::json(json!({"sub": "user_2abcSUPPORT0123456789xy"})),
            expires_in_seconds: clerk::int64(600),
            session_max_duration_in_seconds: clerk::int64(900),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(token.status.to_string(), "pending");
    assert_eq!(token.actor["sub"], "user_2abcSUPPORT0123456789xy");
    assert!(token.url.unwrap().contains("ticket="));
}

#[tokio::test]
async fn create_sends_the_default_durations_when_left_unset() {
    // The generated body fills in the spec's defaults (3600 s and 1800 s).
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/actor_tokens").json_body(json!({
                "user_id": "user_1",
                "actor": {"sub": "user_2"},
                "expires_in_seconds": 3600,
                "session_max_duration_in_seconds": 1800
            }));
            then.status(200).json_body(fixture("actor_token"));
        })
        .await;
    actor_token::Client::new(&config(&server))
        .create(&actor_token::CreateParams {
            user_id: clerk::string("user_1"),
            actor: clerk::json(json!({"sub": "user_2"})),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn the_actor_object_is_sent_whole_and_must_be_an_object() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/actor_tokens").json_body(json!({
                "user_id": "user_1",
                "actor": {"sub": "user_2", "reason": "support ticket 42"},
                "expires_in_seconds": 3600,
                "session_max_duration_in_seconds": 1800
            }));
            then.status(200).json_body(fixture("actor_token"));
        })
        .await;
    let tokens = actor_token::Client::new(&config(&server));
    tokens
        .create(&actor_token::CreateParams {
            user_id: clerk::string("user_1"),
            actor: clerk::json(json!({"sub": "user_2", "reason": "support ticket 42"})),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    let err = tokens
        .create(&actor_token::CreateParams {
            user_id: clerk::string("user_1"),
            actor: clerk::json(json!("user_2")),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn revoke_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/actor_tokens/act_1/revoke")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "actor_token",
                json!({"status": "revoked", "token": null, "url": null}),
            ));
        })
        .await;
    let token = actor_token::Client::new(&config(&server))
        .revoke("act_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(token.status.to_string(), "revoked");
    assert!(token.token.is_none());
}
