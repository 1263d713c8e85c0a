//! Junk machine tokens from strangers cannot spend this server's API rate limit: the
//! verify call is made once (no retries, whatever the config's policy), a 429 closes the
//! gate for its `Retry-After`, and the API's "no" to a token is remembered briefly, so a
//! flood of one bad token costs one call.

use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use clerk::jwt::VerifyParams;
use clerk::testing::TokenIssuer;
use clerk::{AuthenticateOptions, RequestState, SignedOutReason, authenticate_request};
use httpmock::Method::POST;
use httpmock::{Mock, MockServer};
use serde_json::json;

use crate::support::{clerk_errors, config, fixture};

fn bearer(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("authorization", format!("Bearer {token}").parse().unwrap());
    h
}

fn options(server: &MockServer) -> AuthenticateOptions {
    // The config retries (three attempts); verification on behalf of a request must not.
    AuthenticateOptions::new(VerifyParams::with_key(TokenIssuer::new().jwt_key()))
        .accepts_any_token()
        .machine_config(config(server))
}

async fn refused<'a>(server: &'a MockServer, status: u16) -> Mock<'a> {
    server
        .mock_async(move |when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(status)
                .header("retry-after", "2")
                .json_body(clerk_errors("code", "message"));
        })
        .await
}

fn reason(state: RequestState) -> SignedOutReason {
    match state {
        RequestState::SignedOut(reason) => reason,
        other => panic!("signed in: {other:?}"),
    }
}

#[tokio::test]
async fn a_429_is_answered_at_once_and_holds_back_later_calls_for_its_retry_after() {
    let server = MockServer::start_async().await;
    let limited = refused(&server, 429).await;
    let options = options(&server);

    let started = Instant::now();
    let first = reason(authenticate_request(&bearer("ak_garbage"), &options).await);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "held {:?}",
        started.elapsed()
    );
    assert!(first.is_unavailable(), "{first:?}");
    assert_eq!(first.code(), "verification-unavailable");
    assert_eq!(first.retry_after(), Some(Duration::from_secs(2)));
    limited.assert_calls_async(1).await;

    // While the API's wait runs, no call at all, whatever the token.
    for i in 0..20 {
        let token = format!("ak_garbage{}", i % 3);
        let later = reason(authenticate_request(&bearer(&token), &options).await);
        assert!(later.is_unavailable(), "{later:?}");
        let wait = later.retry_after().unwrap();
        assert!(
            wait <= Duration::from_secs(2) && !wait.is_zero(),
            "{wait:?}"
        );
    }
    limited.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_flood_of_one_bad_token_costs_one_call() {
    let server = MockServer::start_async().await;
    let not_found = refused(&server, 404).await;
    let options = options(&server);
    for _ in 0..50 {
        let reason = reason(authenticate_request(&bearer("ak_junk"), &options).await);
        assert_eq!(reason.code(), "machine-token-invalid");
    }
    not_found.assert_calls_async(1).await;
    // Clones of the options share what they learnt (the layers clone them per request).
    let clone = options.clone();
    reason(authenticate_request(&bearer("ak_junk"), &clone).await);
    not_found.assert_calls_async(1).await;
    // Another token is asked about: verdicts are per token.
    reason(authenticate_request(&bearer("ak_junk2"), &options).await);
    not_found.assert_calls_async(2).await;

    // Without the memory, every request asks.
    let forgetful = self::options(&server).remember_invalid_machine_tokens(Duration::ZERO);
    for _ in 0..5 {
        reason(authenticate_request(&bearer("ak_junk"), &forgetful).await);
    }
    not_found.assert_calls_async(7).await;
}

#[tokio::test]
async fn revoked_tokens_are_remembered_and_verdicts_expire() {
    let server = MockServer::start_async().await;
    let mut revoked_key = fixture("api_key");
    revoked_key["revoked"] = json!(true);
    let revoked = server
        .mock_async(move |when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(200).json_body(revoked_key);
        })
        .await;
    let options = options(&server).remember_invalid_machine_tokens(Duration::from_millis(200));
    for _ in 0..10 {
        let reason = reason(authenticate_request(&bearer("ak_revoked"), &options).await);
        assert_eq!(reason.code(), "machine-token-inactive");
    }
    revoked.assert_calls_async(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    reason(authenticate_request(&bearer("ak_revoked"), &options).await);
    revoked.assert_calls_async(2).await;
}

#[tokio::test]
async fn server_failures_are_not_retried_nor_remembered() {
    let server = MockServer::start_async().await;
    let failing = refused(&server, 503).await;
    let options = options(&server);
    for _ in 0..3 {
        let reason = reason(authenticate_request(&bearer("ak_valid_maybe"), &options).await);
        assert!(reason.is_unavailable(), "{reason:?}");
    }
    // One call per request: no retries, and no verdict kept (the token may be fine).
    failing.assert_calls_async(3).await;
}
