//! Retries: what is retried, how often, and `Retry-After`.

use std::time::{Duration, Instant};

use clerk::{RetryPolicy, user};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;

use crate::support::{clerk_errors, config, fixture};

#[tokio::test]
async fn a_429_is_retried_after_retry_after_then_succeeds() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/users");
            then.status(429)
                .header("retry-after", "1")
                .json_body(clerk_errors("too_many_requests", "slow down"));
        })
        .await;
    let config = config(&server);
    let started = Instant::now();
    let call =
        tokio::spawn(async move { user::Client::new(&config).create(&Default::default()).await });
    // Once the first attempt was refused, the server recovers.
    while limited.calls_async().await == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    limited.delete_async().await;
    let ok = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/users");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let created = call
        .await
        .unwrap()
        .expect("POST is retried after a 429: the server did not process it");
    assert_eq!(created.first_name.as_deref(), Some("Ada"));
    ok.assert_calls_async(1).await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}, Retry-After was 1 s",
        started.elapsed()
    );
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_the_last_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(503)
                .header("retry-after", "0")
                .json_body(clerk_errors("service_unavailable", "down"));
        })
        .await;
    let config = config(&server).with_retry(
        RetryPolicy::default()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1)),
    );
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.api().unwrap().retry_after, Some(Duration::ZERO));
    mock.assert_calls_async(3).await;
}

#[tokio::test]
async fn a_5xx_on_post_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/users/user_1/ban");
            then.status(503)
                .json_body(clerk_errors("service_unavailable", "down"));
        })
        .await;
    let err = user::Client::new(&config(&server))
        .ban("user_1")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(429)
                .json_body(clerk_errors("too_many_requests", "slow down"));
        })
        .await;
    let config = config(&server).with_retry(RetryPolicy::none());
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    assert!(err.is_rate_limited());
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_elapsed_cap_stops_retrying_early() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            // Retry-After far beyond the elapsed budget: give up now rather than sleep past it.
            then.status(429).header("retry-after", "3600");
        })
        .await;
    let config = config(&server).with_retry(
        RetryPolicy::default()
            .with_max_attempts(5)
            .with_max_backoff(Duration::from_secs(3600))
            .with_max_elapsed(Duration::from_secs(5)),
    );
    let started = Instant::now();
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    assert!(err.is_rate_limited());
    assert!(started.elapsed() < Duration::from_secs(2));
    mock.assert_calls_async(1).await;
}
