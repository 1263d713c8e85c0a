//! What the framework integrations answer a refused request, and what they keep for the
//! operator: this server's own key refused or missing is a 500 and an ERROR event, an
//! upstream that cannot answer is a 503, and the caller is told the reason code only,
//! never what Clerk or a proxy said. Axum and actix answer alike.

use std::sync::{Arc, Mutex};

use clerk::AuthenticateOptions;
use clerk::jwt::{JwksCache, VerifyParams};
use clerk::testing::TokenIssuer;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::actix_middleware::{on_actix, on_axum};
use crate::support::{KEY, clerk_errors, config};

/// Every event as its level and fields, as text.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<(tracing::Level, String)>>>);

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Events {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut text = String::new();
        event.record(&mut Text(&mut text));
        self.0
            .lock()
            .unwrap()
            .push((*event.metadata().level(), text));
    }
}

impl Events {
    fn start() -> (Events, tracing::subscriber::DefaultGuard) {
        let events = Events::default();
        let subscriber = tracing_subscriber::registry().with(events.clone());
        let guard = tracing::subscriber::set_default(subscriber);
        // A callsite first hit by a parallel test with no subscriber caches "never";
        // re-ask every callsite now that this one is set.
        tracing::callsite::rebuild_interest_cache();
        (events, guard)
    }

    fn at(&self, level: tracing::Level) -> Vec<String> {
        let events = self.0.lock().unwrap();
        events
            .iter()
            .filter(|(l, _)| *l == level)
            .map(|(_, text)| text.clone())
            .collect()
    }
}

fn bearer(token: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {token}"))
}

/// The same request on axum and actix: both must answer alike; returns the answer.
async fn on_both(
    options: &AuthenticateOptions,
    path: &str,
    header: &(&'static str, String),
) -> (u16, Value, Option<String>) {
    let header = Some((header.0, header.1.as_str()));
    let axum = on_axum(options, path, header).await;
    let actix = on_actix(options, path, header).await;
    assert_eq!(axum, actix, "{path}: axum and actix differ");
    axum
}

#[actix_web::test]
async fn this_servers_key_refused_by_the_jwks_endpoint_is_a_500_and_an_error_event() {
    let server = MockServer::start_async().await;
    let jwks = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/jwks");
            then.status(401).json_body(clerk_errors(
                "authentication_invalid",
                "The provided secret key is revoked",
            ));
        })
        .await;
    let issuer = TokenIssuer::new();
    let options =
        AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::new(&config(&server))));
    let token = issuer.session_token("user_1").sign();
    let (events, _guard) = Events::start();

    let (status, body, _) = on_both(&options, "/session", &bearer(&token)).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["errors"][0]["code"], "clerk_configuration_error");
    assert_eq!(body["errors"][0]["long_message"], "secret-key-invalid");
    assert!(!body.to_string().contains("revoked"), "{body}");
    // One fetch (the failure is shared during its backoff); the operator hears of it.
    jwks.assert_calls_async(1).await;
    let errors = events.at(tracing::Level::ERROR);
    assert!(
        errors.iter().any(|e| e.contains("secret-key-invalid")
            && e.contains("CLERK_SECRET_KEY")
            && e.contains("revoked")),
        "{errors:?}"
    );
    assert!(!format!("{errors:?}").contains(KEY), "the key was logged");
    // A 403 (a key without the rights) is the same.
    jwks.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/jwks");
            then.status(403);
        })
        .await;
    let options =
        AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::new(&config(&server))));
    let (status, _, _) = on_both(&options, "/any", &bearer(&token)).await;
    assert_eq!(status, 500);
}

#[actix_web::test]
async fn no_secret_key_for_machine_tokens_is_a_500_and_an_error_event() {
    // A config whose key is blank: `MissingSecretKey` at the first call, nothing sent.
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let options = AuthenticateOptions::new(VerifyParams::with_key(TokenIssuer::new().jwt_key()))
        .accepts_any_token()
        .machine_config(clerk::ClientConfig::new(" ").with_api_url(server.url("/v1")));
    let (events, _guard) = Events::start();
    let (status, body, _) = on_both(&options, "/any", &bearer("ak_live_0123456789")).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["errors"][0]["code"], "clerk_configuration_error");
    assert_eq!(body["errors"][0]["long_message"], "secret-key-missing");
    any.assert_calls_async(0).await;
    let errors = events.at(tracing::Level::ERROR);
    assert!(
        errors.iter().any(|e| e.contains("CLERK_SECRET_KEY")),
        "{errors:?}"
    );
}

#[actix_web::test]
async fn callers_learn_the_reason_code_and_nothing_upstream_said() {
    let server = MockServer::start_async().await;
    // A proxy's HTML error page with an internal address, then a Clerk error with a trace id.
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(404)
                .header("clerk-trace-id", "trace_internal_7")
                .json_body(clerk_errors(
                    "resource_not_found",
                    "API key ak_x not found in instance ins_internal",
                ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/m2m_tokens/verify");
            then.status(502)
                .body("<html>502 Bad Gateway from upstream 10.1.2.3:8443</html>");
        })
        .await;
    let options = AuthenticateOptions::new(VerifyParams::with_key(TokenIssuer::new().jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server).with_retry(clerk::RetryPolicy::none()));
    let (events, _guard) = Events::start();

    let (status, body, _) = on_both(&options, "/any", &bearer("ak_live_0123456789")).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        serde_json::json!({"errors": [{
            "code": "signed_out",
            "message": "Unauthorized",
            "long_message": "machine-token-invalid",
        }]})
    );
    let (status, body, retry_after) = on_both(&options, "/any", &bearer("mt_0123456789")).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["errors"][0]["code"], "clerk_verification_unavailable");
    assert_eq!(
        body["errors"][0]["long_message"],
        "verification-unavailable"
    );
    assert_eq!(retry_after.as_deref(), Some("1"));
    let text = body.to_string();
    assert!(
        !text.contains("10.1.2.3") && !text.contains("html"),
        "{text}"
    );

    // The operator gets the details.
    let logged = format!("{:?}", events.0.lock().unwrap());
    assert!(logged.contains("ins_internal"), "{logged}");
    assert!(logged.contains("10.1.2.3"), "{logged}");

    // Session tokens too: the reason code, not the verifier's message.
    let forged = TokenIssuer::new().session_token("user_1").sign();
    let (status, body, _) = on_both(&options, "/session", &bearer(&forged)).await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["long_message"], "jwk-kid-mismatch");
}
