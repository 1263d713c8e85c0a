//! Testing an app of yours offline with [`FakeClerk`]: an axum service that looks users
//! up with the SDK, checked the way its tests would check it: the happy path, Clerk
//! rate-limiting it (an injected fault), and what the app sent (the fake's request log).
//!
//! ```sh
//! cargo run -p clerk-backend --example app_tests
//! ```
//!
//! In a real project the `main` below is a `#[tokio::test]`; the app is yours.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use clerk::testing::{FakeClerk, Fault};
use clerk::{ClientConfig, RetryPolicy, user};
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The app: `GET /profiles/{id}` answers the user's name; Clerk's failures become 404
/// or 503 for the app's own callers.
fn app(clerk: ClientConfig) -> Router {
    Router::new()
        .route("/profiles/{id}", get(profile))
        .with_state(user::Client::new(&clerk))
}

async fn profile(
    State(users): State<user::Client>,
    Path(id): Path<String>,
) -> (StatusCode, Json<Value>) {
    match users.get(&id).await {
        Ok(user) => (StatusCode::OK, Json(json!({"name": user.first_name}))),
        Err(e) if e.is_not_found() => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no such user"})),
        ),
        Err(e) if e.is_retryable() => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"error": "try again later"})),
        ),
        Err(_) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"error": "unexpected"})),
        ),
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let fake = FakeClerk::start().await;
    // Fast retries in tests: the SDK's default waits are for production.
    let config = fake.config().with_retry(
        RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(10)),
    );
    let ada = user::Client::new(&config)
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            first_name: clerk::string("Ada"),
            ..Default::default()
        })
        .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app(config)).await });
    let http = reqwest::Client::new();
    let call = |path: String| {
        let http = http.clone();
        async move {
            let response = http.get(path).send().await?;
            Ok::<_, BoxError>((response.status().as_u16(), response.text().await?))
        }
    };

    let (status, body) = call(format!("{base}/profiles/{}", ada.id)).await?;
    println!("happy path: {status} {body}");
    assert_eq!((status, body.as_str()), (200, r#"{"name":"Ada"}"#));

    let (status, _) = call(format!("{base}/profiles/user_missing")).await?;
    println!("unknown user: {status}");
    assert_eq!(status, 404);

    // Clerk rate-limits the app longer than the SDK retries (three attempts).
    fake.clear_received();
    fake.inject("GetUser", Fault::rate_limited(0), 3);
    let (status, body) = call(format!("{base}/profiles/{}", ada.id)).await?;
    println!("rate limited: {status} {body}");
    assert_eq!(status, 503);
    let sent = fake.received();
    println!(
        "the app asked Clerk {} times: {:?}",
        sent.len(),
        sent.iter().map(|r| r.path.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|r| r.operation_id.as_deref() == Some("GetUser"))
    );
    Ok(())
}
