//! Tracing of verifications: one `clerk.verify` span per `jwt::verify` and one
//! `clerk.authenticate` span per `authenticate_request`, with the outcome, the reason
//! code, the key id and how the JWKS cache answered; never the token or a secret.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use clerk::jwt::{self, JwksCache, VerifyParams};
use clerk::testing::TokenIssuer;
use clerk::{AuthenticateOptions, authenticate_request};
use httpmock::Method::POST;
use httpmock::MockServer;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::support::{KEY, clerk_errors, config};

type Fields = BTreeMap<String, String>;

/// Every span (in creation order) with its fields, and every event's fields, as text;
/// the approach of `tracing_spans.rs`.
#[derive(Clone, Default)]
struct Captured {
    spans: Arc<Mutex<BTreeMap<u64, (String, Fields)>>>,
    events: Arc<Mutex<Vec<String>>>,
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
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
        let mut fields = Fields::new();
        attrs.record(&mut Visitor(&mut fields));
        let name = attrs.metadata().name().to_string();
        self.spans
            .lock()
            .unwrap()
            .insert(id.into_u64(), (name, fields));
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some((_, fields)) = self.spans.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Visitor(fields));
        }
    }
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        self.events.lock().unwrap().push(format!("{fields:?}"));
    }
}

impl Captured {
    /// Starts capturing on this thread (the tests run on a current-thread runtime).
    fn start() -> (Captured, tracing::subscriber::DefaultGuard) {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::registry().with(captured.clone());
        let guard = tracing::subscriber::set_default(subscriber);
        // See refusals.rs: callsites cached as "never" by parallel tests are re-asked.
        tracing::callsite::rebuild_interest_cache();
        (captured, guard)
    }

    /// The fields of the spans named `name`, in creation order.
    fn named(&self, name: &str) -> Vec<Fields> {
        let spans = self.spans.lock().unwrap();
        spans
            .values()
            .filter(|(n, _)| n == name)
            .map(|(_, fields)| fields.clone())
            .collect()
    }

    /// Everything captured, as one string, to look for what must not be there.
    fn everything(&self) -> String {
        format!(
            "{:?} {:?}",
            self.spans.lock().unwrap(),
            self.events.lock().unwrap()
        )
    }
}

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
}

#[tokio::test]
async fn each_verify_has_a_span_with_outcome_reason_kid_and_cache_answer() {
    let issuer = TokenIssuer::new();
    let params = VerifyParams::with_jwks(JwksCache::from_jwks(issuer.jwks()));
    let good = issuer.session_token("user_tracing_subject").sign();
    let expired = issuer.session_token("user_1").claim("exp", 1_000).sign();
    let unknown_kid = issuer
        .session_token("user_1")
        .header("kid", "ins_rotated")
        .sign();
    let (captured, _guard) = Captured::start();

    jwt::verify(&good, &params).await.unwrap();
    jwt::verify(&good, &params).await.unwrap();
    jwt::verify(&expired, &params).await.unwrap_err();
    jwt::verify(&unknown_kid, &params).await.unwrap_err();
    jwt::verify("not a token", &params).await.unwrap_err();

    let spans = captured.named("clerk.verify");
    assert_eq!(spans.len(), 5, "one span per verification: {spans:?}");
    let summary: Vec<_> = spans
        .iter()
        .map(|f| {
            (
                field(f, "outcome"),
                field(f, "reason"),
                field(f, "kid"),
                field(f, "jwks"),
            )
        })
        .collect();
    let kid = Some(issuer.kid());
    assert_eq!(
        summary,
        [
            // The first verification fetches the set; the next ones use it.
            (Some("verified"), None, kid, Some("refresh")),
            (Some("verified"), None, kid, Some("hit")),
            (Some("rejected"), Some("token-expired"), kid, Some("hit")),
            // An unknown kid in a current set refetches once.
            (
                Some("rejected"),
                Some("jwk-kid-mismatch"),
                Some("ins_rotated"),
                Some("miss")
            ),
            // Refused before any key is looked up.
            (Some("rejected"), Some("token-invalid"), None, None),
        ]
    );
    let everything = captured.everything();
    for secret in [&good, &expired, &unknown_kid] {
        let signature = secret.rsplit('.').next().unwrap();
        assert!(
            !everything.contains(signature),
            "a token leaked: {everything}"
        );
    }
    assert!(
        !everything.contains("user_tracing_subject"),
        "a claim leaked: {everything}"
    );
}

#[tokio::test]
async fn a_hostile_kid_is_not_written_as_sent() {
    let issuer = TokenIssuer::new();
    let params = VerifyParams::with_jwks(JwksCache::from_jwks(issuer.jwks()));
    let hostile = issuer
        .session_token("user_1")
        .header("kid", "ins_x\nERROR forged log line")
        .sign();
    let (captured, _guard) = Captured::start();
    jwt::verify(&hostile, &params).await.unwrap_err();
    let spans = captured.named("clerk.verify");
    assert_eq!(field(&spans[0], "kid"), Some("<unprintable>"));
    assert!(!captured.everything().contains("forged log line"));
}

#[tokio::test]
async fn each_request_has_one_authenticate_span() {
    let issuer = TokenIssuer::new();
    let options =
        AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::from_jwks(issuer.jwks())));
    let token = issuer.session_token("user_tracing_subject").sign();
    let mut header = HeaderMap::new();
    header.insert("authorization", format!("Bearer {token}").parse().unwrap());
    let mut cookie = HeaderMap::new();
    cookie.insert(
        "cookie",
        format!("__session={token}; __client_uat=1")
            .parse()
            .unwrap(),
    );
    let (captured, _guard) = Captured::start();

    assert!(authenticate_request(&header, &options).await.is_signed_in());
    assert!(authenticate_request(&cookie, &options).await.is_signed_in());
    assert!(
        !authenticate_request(&HeaderMap::new(), &options)
            .await
            .is_signed_in()
    );

    let spans = captured.named("clerk.authenticate");
    assert_eq!(spans.len(), 3, "{spans:?}");
    let kid = issuer.kid();
    /// The fields a span should have, by name.
    fn want<'a>(
        source: Option<&'a str>,
        outcome: &'a str,
        reason: Option<&'a str>,
        kid: Option<&'a str>,
        jwks: Option<&'a str>,
    ) -> [(&'a str, Option<&'a str>); 6] {
        [
            (
                "token_kind",
                Some("session_token").filter(|_| source.is_some()),
            ),
            ("token_source", source),
            ("outcome", Some(outcome)),
            ("reason", reason),
            ("kid", kid),
            ("jwks", jwks),
        ]
    }
    for (fields, want) in spans.iter().zip([
        want(
            Some("header"),
            "signed_in",
            None,
            Some(kid),
            Some("refresh"),
        ),
        want(Some("cookie"), "signed_in", None, Some(kid), Some("hit")),
        want(
            None,
            "signed_out",
            Some("session-token-and-uat-missing"),
            None,
            None,
        ),
    ]) {
        for (name, value) in want {
            assert_eq!(field(fields, name), value, "{name} in {fields:?}");
        }
    }
    // The session path does not open a second, nested verify span.
    assert!(captured.named("clerk.verify").is_empty());
    let everything = captured.everything();
    assert!(
        !everything.contains(token.rsplit('.').next().unwrap()),
        "{everything}"
    );
    assert!(!everything.contains("user_tracing_subject"), "{everything}");
}

#[tokio::test]
async fn a_machine_token_refused_by_the_api_keeps_the_token_and_key_out_of_the_trace() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(401)
                .json_body(clerk_errors("authentication_invalid", "secret key invalid"));
        })
        .await;
    let api_key = "ak_live_tracingSecretValue0123456789";
    let options = AuthenticateOptions::new(VerifyParams::with_key(TokenIssuer::new().jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server));
    let mut headers = HeaderMap::new();
    headers.insert(
        "authorization",
        format!("Bearer {api_key}").parse().unwrap(),
    );
    let (captured, _guard) = Captured::start();

    assert!(
        !authenticate_request(&headers, &options)
            .await
            .is_signed_in()
    );

    let spans = captured.named("clerk.authenticate");
    assert_eq!(spans.len(), 1);
    let fields = &spans[0];
    assert_eq!(field(fields, "token_kind"), Some("api_key"));
    assert_eq!(field(fields, "outcome"), Some("signed_out"));
    assert_eq!(field(fields, "reason"), Some("secret-key-invalid"));
    // The verify call has its own API span, inside.
    let api = captured.named("clerk.api");
    assert_eq!(field(&api[0], "operation_id"), Some("verifyApiKey"));
    assert_eq!(field(&api[0], "status"), Some("401"));
    let everything = captured.everything();
    assert!(
        everything.contains("secret key"),
        "the error is logged: {everything}"
    );
    assert!(
        !everything.contains("tracingSecretValue"),
        "the token leaked: {everything}"
    );
    assert!(!everything.contains(KEY), "the key leaked: {everything}");
}
