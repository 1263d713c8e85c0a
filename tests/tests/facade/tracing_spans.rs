//! Tracing: one `clerk.api` span per call with the operation, method, path template,
//! attempt, status, Clerk trace id and duration; never the key, ids or bodies.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clerk::{RetryPolicy, user};
use httpmock::Method::GET;
use httpmock::MockServer;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::support::{KEY, config, fixture};

/// A span's name and fields.
type SpanFields = (String, BTreeMap<String, String>);

/// Every span's name and fields, and every event's fields, as text.
#[derive(Clone, Default)]
struct Captured {
    spans: Arc<Mutex<BTreeMap<u64, SpanFields>>>,
    events: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.spans
            .lock()
            .unwrap()
            .insert(id.into_u64(), (attrs.metadata().name().to_string(), fields));
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some((_, fields)) = self.spans.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(format!("{fields:?}"));
    }
}

#[tokio::test]
async fn each_call_has_one_span_with_what_happened_and_no_secret() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_secretish_id");
            then.status(503).header("clerk-trace-id", "trace-503");
        })
        .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    // See refusals.rs: callsites cached as "never" by parallel tests are re-asked.
    tracing::callsite::rebuild_interest_cache();
    let retrying = config(&server).with_retry(
        RetryPolicy::default()
            .with_max_attempts(2)
            .with_initial_backoff(Duration::from_millis(1)),
    );
    let err = user::Client::new(&retrying)
        .get("user_secretish_id")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    mock.assert_calls_async(2).await;
    let spans = captured.spans.lock().unwrap();
    let api: Vec<&BTreeMap<String, String>> = spans
        .values()
        .filter(|(name, _)| name == "clerk.api")
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(
        api.len(),
        1,
        "one span per call, not per attempt: {spans:?}"
    );
    let fields = api[0];
    assert_eq!(fields["operation_id"], "GetUser");
    assert_eq!(fields["method"], "GET");
    assert_eq!(fields["path"], "/users/{user_id}");
    assert_eq!(fields["attempt"], "2");
    assert_eq!(fields["status"], "503");
    assert_eq!(fields["trace_id"], "trace-503");
    assert!(fields.contains_key("duration_ms"), "{fields:?}");
    let everything = format!("{spans:?} {:?}", captured.events.lock().unwrap());
    assert!(!everything.contains(KEY), "the key leaked: {everything}");
    assert!(
        !everything.contains("secretish"),
        "an id leaked: {everything}"
    );
}

#[tokio::test]
async fn a_successful_call_records_its_status_and_trace_id() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200)
                .header("clerk-trace-id", "trace-ok")
                .json_body(fixture("user"));
        })
        .await;
    let captured = Captured::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));
    tracing::callsite::rebuild_interest_cache();
    user::Client::new(&config(&server))
        .get("user_1")
        .await
        .unwrap();
    let spans = captured.spans.lock().unwrap();
    let (_, fields) = spans
        .values()
        .find(|(n, _)| n == "clerk.api")
        .expect("a span");
    assert_eq!(fields["status"], "200");
    assert_eq!(fields["trace_id"], "trace-ok");
    assert_eq!(fields["attempt"], "1");
}
