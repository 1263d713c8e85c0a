//! Shared by the facade tests: a mock server, a config pointed at it, fixtures.

use std::time::Duration;

use clerk::{ClientConfig, RetryPolicy};
use httpmock::MockServer;
use serde_json::Value;

pub const KEY: &str = "sk_test_facadeTestKey";

/// A config for `server` with fast retries (waits of a millisecond).
pub fn config(server: &MockServer) -> ClientConfig {
    ClientConfig::new(KEY)
        .with_api_url(server.url("/v1"))
        .with_retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_secs(2)),
        )
}

/// A fixture from `tests/fixtures/`, parsed.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).expect("fixture is JSON")
}

/// A fixture with some top-level fields replaced.
pub fn fixture_with(name: &str, changes: Value) -> Value {
    let mut value = fixture(name);
    for (k, v) in changes.as_object().expect("object") {
        value[k] = v.clone();
    }
    value
}

/// A Clerk error body.
pub fn clerk_errors(code: &str, message: &str) -> Value {
    serde_json::json!({
        "errors": [{"code": code, "message": message, "long_message": format!("{message} (long)"), "meta": {}}],
        "clerk_trace_id": "trace_from_body"
    })
}

/// Asserts `result` is the API's 404 with a ClerkErrors body (`resource_not_found`).
pub fn assert_not_found<T: std::fmt::Debug>(result: clerk::Result<T>) {
    match result {
        Err(clerk::Error::Api(e)) => assert_eq!(
            (e.status, e.code()),
            (404, Some("resource_not_found")),
            "{e:?}"
        ),
        other => panic!("expected a 404, got {other:?}"),
    }
}

/// What `authenticate_request` makes of `token` in the Authorization header, accepting
/// any kind of token and verifying machine tokens with `fake`.
pub async fn authenticate_with_fake(
    fake: &clerk::testing::FakeClerk,
    token: &str,
) -> clerk::RequestState {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("authorization", format!("Bearer {token}").parse().unwrap());
    let options = clerk::AuthenticateOptions::new(fake.verify_params())
        .accepts_any_token()
        .machine_config(fake.config());
    clerk::authenticate_request(&headers, &options).await
}
