//! FakeClerk around its operations: faults on demand (429 with Retry-After, 5xx, a
//! delay, a dropped connection, a malformed body) seen through the SDK's retries and
//! errors, the log of what it received, and signed webhooks for its changes, verified
//! and decoded by an axum app with `clerk::webhook`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use clerk::testing::{FakeClerk, Fault};
use clerk::webhook::axum::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use clerk::{Error, RetryPolicy, user};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn fast_retries(fake: &FakeClerk) -> clerk::ClientConfig {
    fake.config().with_retry(
        RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    )
}

fn ada() -> user::CreateParams {
    user::CreateParams {
        email_address: Some(vec!["ada@example.com".into()]),
        first_name: clerk::string("Ada"),
        ..Default::default()
    }
}

fn calls(fake: &FakeClerk, operation: &str) -> usize {
    fake.received()
        .iter()
        .filter(|r| r.operation_id.as_deref() == Some(operation))
        .count()
}

#[tokio::test]
async fn faults_are_answered_and_the_sdk_retries_are_seen_in_the_log() {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fast_retries(&fake));
    let created = users.create(&ada()).await.unwrap();

    // Two 429s, then the real answer: the SDK's retries get through.
    fake.inject("GetUser", Fault::rate_limited(0), 2);
    assert_eq!(users.get(&created.id).await.unwrap().id, created.id);
    assert_eq!(calls(&fake, "GetUser"), 3);

    // More 503s than the SDK's three attempts: the error keeps the status.
    fake.clear_received();
    fake.inject("GetUser", Fault::status(503), 5);
    let error = users.get(&created.id).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert_eq!(calls(&fake, "GetUser"), 3);
    // The two 503s left are used by the next call, whose third attempt gets through.
    fake.clear_received();
    users.get(&created.id).await.unwrap();
    assert_eq!(calls(&fake, "GetUser"), 3);
    // A 404 is not retried.
    fake.clear_received();
    fake.inject("GetUser", Fault::status(404), 1);
    assert!(users.get(&created.id).await.unwrap_err().is_not_found());
    assert_eq!(calls(&fake, "GetUser"), 1);

    // A malformed body is a decode error with the status and the body kept.
    fake.inject("GetUser", Fault::MalformedBody, 1);
    match users.get(&created.id).await {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert!(body.starts_with("{\"object\""), "{body}");
        }
        other => panic!("{other:?}"),
    }
    // A dropped connection is a transport error.
    fake.inject("GetUser", Fault::DroppedConnection, 1);
    let error = users.get(&created.id).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    // A delay longer than the timeout is a timeout.
    let impatient = user::Client::new(
        &fake
            .config()
            .with_timeout(Duration::from_millis(100))
            .with_retry(RetryPolicy::none()),
    );
    fake.inject("GetUser", Fault::Delay(Duration::from_millis(400)), 1);
    match impatient.get(&created.id).await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_log_keeps_what_was_sent_and_no_key() {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fake.config());
    let created = users.create(&ada()).await.unwrap();
    users
        .list(&user::ListParams {
            email_address: Some(vec!["ada@example.com".into()]),
            limit: clerk::int64(5),
            ..Default::default()
        })
        .await
        .unwrap();
    let log = fake.received();
    let create = log
        .iter()
        .find(|r| r.operation_id.as_deref() == Some("CreateUser"))
        .unwrap();
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/v1/users")
    );
    assert_eq!(create.body.as_ref().unwrap()["first_name"], "Ada");
    let list = log
        .iter()
        .find(|r| r.operation_id.as_deref() == Some("GetUserList"))
        .unwrap();
    assert!(
        list.query
            .contains(&("email_address".into(), "ada@example.com".into()))
    );
    assert!(list.query.contains(&("limit".into(), "5".into())));
    assert!(list.body.is_none());
    let shown = format!("{log:?}");
    assert!(!shown.contains(clerk::testing::FAKE_SECRET_KEY), "{shown}");
    assert!(shown.contains(&created.id) || log.iter().any(|r| r.path.contains("users")));
}

#[tokio::test]
async fn changes_are_sent_as_signed_webhooks_an_axum_app_verifies() {
    use axum::routing::post;
    let fake = FakeClerk::start().await;
    // The app: verifies with `clerk::webhook`, records the typed events it got.
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new()
        .route(
            "/webhooks/clerk",
            post(move |VerifiedEvent(delivery): VerifiedEvent| {
                let record = record.clone();
                async move {
                    let what = match delivery.into_decoded() {
                        Decoded::Typed(EventData::UserCreated(user)) => {
                            format!("user.created {}", user.first_name.unwrap_or_default())
                        }
                        other => other.event_type().to_string(),
                    };
                    record.lock().unwrap().push(what);
                    axum::http::StatusCode::NO_CONTENT
                }
            }),
        )
        .with_state(Verifier::new(WebhookSecret::new(SECRET).unwrap()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/clerk", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    fake.send_webhooks_to(&url, SECRET).unwrap();
    let mut channel = fake.webhooks(SECRET).unwrap();

    let users = user::Client::new(&fake.config());
    let created = users.create(&ada()).await.unwrap();
    users
        .update(
            &created.id,
            &user::UpdateParams {
                last_name: clerk::string("Lovelace"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    users.delete(&created.id).await.unwrap();
    // A failed change sends nothing.
    users.delete(&created.id).await.unwrap_err();

    let mut types = Vec::new();
    for _ in 0..3 {
        let webhook = tokio::time::timeout(Duration::from_secs(5), channel.recv())
            .await
            .unwrap()
            .unwrap();
        let delivery = clerk::webhook::Verifier::new(WebhookSecret::new(SECRET).unwrap())
            .verify(&webhook.headers, &webhook.body)
            .unwrap();
        assert_eq!(delivery.r#type, webhook.event_type);
        types.push(webhook.event_type);
    }
    assert_eq!(types, ["user.created", "user.updated", "user.deleted"]);
    // The app got the same three, verified and decoded.
    for _ in 0..100 {
        if seen.lock().unwrap().len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut seen = seen.lock().unwrap().clone();
    seen.sort();
    assert_eq!(seen, ["user.created Ada", "user.deleted", "user.updated"]);
    // Another secret does not verify them.
    let webhook = {
        users.create(&ada()).await.unwrap();
        channel.recv().await.unwrap()
    };
    let other = WebhookSecret::new("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
    assert!(
        Verifier::new(other)
            .verify(&webhook.headers, &webhook.body)
            .is_err()
    );
}
