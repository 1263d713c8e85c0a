//! How API errors, bad bodies and transport failures reach the caller.

use clerk::{Error, RetryPolicy, user};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{clerk_errors, config, fixture};

#[tokio::test]
async fn not_found_keeps_code_message_and_trace() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_missing");
            then.status(404)
                .header("clerk-trace-id", "trace_from_header")
                .json_body(clerk_errors("resource_not_found", "not found"));
        })
        .await;
    let err = user::Client::new(&config(&server))
        .get("user_missing")
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.trace_id(),
        Some("trace_from_body"),
        "the body's trace id wins"
    );
    let api = err.api().unwrap();
    assert_eq!(api.code(), Some("resource_not_found"));
    assert_eq!(
        api.errors[0].long_message.as_deref(),
        Some("not found (long)")
    );
    assert!(api.raw_body.contains("resource_not_found"));
    assert_eq!(api.operation_id, Some("GetUser"));
    assert_eq!(err.operation_id(), Some("GetUser"));
    assert_eq!(
        err.to_string(),
        "Clerk API error 404 from GetUser: not found (long) (resource_not_found) [trace trace_from_body]"
    );
}

#[tokio::test]
async fn unprocessable_lists_every_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/users");
            then.status(422).json_body(json!({"errors": [
                {"code": "form_identifier_exists", "message": "taken", "long_message": "That email address is taken.", "meta": {"param_name": "email_address"}},
                {"code": "form_password_pwned", "message": "pwned", "long_message": "Password has been found in an online data breach.", "meta": {"param_name": "password"}}
            ]}));
        })
        .await;
    let err = user::Client::new(&config(&server))
        .create(&Default::default())
        .await
        .unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status, 422);
    assert_eq!(api.errors.len(), 2);
    assert_eq!(
        api.errors[0].meta.as_ref().unwrap()["param_name"],
        "email_address"
    );
    assert!(
        err.to_string()
            .ends_with("That email address is taken. (form_identifier_exists) and 1 more"),
        "{err}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn an_html_500_keeps_status_and_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(500)
                .header("content-type", "text/html")
                .body("<html><body>Internal Server Error</body></html>");
        })
        .await;
    let config = config(&server).with_retry(RetryPolicy::none());
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    let api = err.api().expect("an API error, not a decode error");
    assert_eq!(api.status, 500);
    assert!(api.errors.is_empty());
    assert_eq!(
        api.raw_body,
        "<html><body>Internal Server Error</body></html>"
    );
    assert!(err.is_retryable());
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_with_the_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200).body(r#"{"id": 5}"#);
        })
        .await;
    let err = user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap_err();
    match err {
        Error::Decode { body, .. } => assert_eq!(body, r#"{"id": 5}"#),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_enum_value_and_new_fields_still_decode() {
    let server = MockServer::start_async().await;
    let mut body = fixture("user");
    body["field_added_later"] = json!({"x": 1});
    body["email_addresses"][0]["verification"]["status"] = json!("status_added_later");
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200).json_body(body);
        })
        .await;
    user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap();
}

#[tokio::test]
async fn without_a_key_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let config = clerk::ClientConfig::new("").with_api_url(server.url("/v1"));
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::MissingSecretKey), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn secrets_never_appear_in_errors_or_debug() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(401)
                .json_body(clerk_errors("authentication_invalid", "Invalid key"));
        })
        .await;
    let config = config(&server);
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    let shown = format!("{err} {err:?} {config:?} {:?}", user::Client::new(&config));
    assert!(!shown.contains(crate::support::KEY), "{shown}");
    assert!(!shown.contains("facadeTestKey"), "{shown}");
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    // A port nobody listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = clerk::ClientConfig::new("sk_test_x")
        .with_api_url(format!("http://127.0.0.1:{port}/v1"))
        .with_retry(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_initial_backoff(std::time::Duration::from_millis(1)),
        );
    let err = user::Client::new(&config).get("user_1").await.unwrap_err();
    match &err {
        Error::Transport(t) => assert!(t.is_connect(), "{t}"),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(err.is_retryable());
}
