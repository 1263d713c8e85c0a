//! What the executor reads and keeps: bounded bodies, errors that keep status, trace id
//! and operation, statuses the API never sends, and values that must not panic.

use std::time::Duration;

use clerk::{Error, RetryPolicy, user};
use httpmock::Method::GET;
use httpmock::MockServer;

use crate::support::{config, fixture};

#[tokio::test]
async fn a_body_over_the_limit_is_a_typed_error() {
    let server = MockServer::start_async().await;
    let big = format!("{{\"data\":[],\"padding\":\"{}\"}}", "x".repeat(300_000));
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200)
                .header("clerk-trace-id", "t-big")
                .body(&big);
        })
        .await;
    let small = config(&server).with_max_response_bytes(100_000);
    let err = user::Client::new(&small).get("user_1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                limit: 100_000,
                status: 200,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.trace_id(), Some("t-big"));
    assert_eq!(err.operation_id(), Some("GetUser"));
    // The same body within the default limit is read (and then fails to decode as a user).
    let err = user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn errors_keep_a_bounded_body() {
    let server = MockServer::start_async().await;
    let huge = format!("<html>{}</html>", "oops ".repeat(100_000));
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(502).body(&huge);
        })
        .await;
    let err = user::Client::new(&config(&server).with_retry(RetryPolicy::none()))
        .get("user_1")
        .await
        .unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 502);
    assert!(
        api.raw_body.len() <= clerk::MAX_ERROR_BODY + 3,
        "{}",
        api.raw_body.len()
    );
    assert!(api.raw_body.starts_with("<html>oops"));
}

#[tokio::test]
async fn an_undecodable_success_keeps_status_trace_and_operation() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200)
                .header("clerk-trace-id", "trace-decode")
                .body("{\"id\": 42}");
        })
        .await;
    let err = user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { body, .. } if body == "{\"id\": 42}"),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.trace_id(), Some("trace-decode"));
    assert_eq!(err.operation_id(), Some("GetUser"));
    assert!(err.to_string().contains("GetUser"), "{err}");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start_async().await;
    let elsewhere = server
        .mock_async(|when, then| {
            when.method(GET).path("/elsewhere");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(302).header("location", "/elsewhere");
        })
        .await;
    let err = user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 302, .. }),
        "{err:?}"
    );
    elsewhere.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_huge_retry_after_with_a_raised_max_backoff_gives_up_instead_of_panicking() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(429)
                .header("retry-after", "18446744073709551615");
        })
        .await;
    let raised = config(&server).with_retry(
        RetryPolicy::default()
            .with_max_backoff(Duration::MAX)
            .with_max_elapsed(Duration::from_secs(60)),
    );
    let err = user::Client::new(&raised).get("user_1").await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    mock.assert_calls_async(1).await;
}
