//! `clerk::webhook::poem::VerifiedEvent`: verified deliveries reach the handler, the
//! others get a 400 in Clerk's error format and never run it.

use std::time::{SystemTime, UNIX_EPOCH};

use clerk::webhook::poem::{MAX_BODY, VerifiedEvent};
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use poem::test::TestClient;
use poem::{Endpoint, EndpointExt, Route, handler, post};
use serde_json::Value;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.deleted","object":"event","timestamp":1716883200000,"instance_id":"ins_1","data":{"object":"user","id":"user_1","deleted":true}}"#;

#[handler]
fn hook(VerifiedEvent(delivery): VerifiedEvent) -> String {
    match delivery.into_decoded() {
        Decoded::Typed(EventData::UserDeleted(deleted)) => format!("deleted {:?}", deleted.id),
        other => other.event_type().to_string(),
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn app() -> impl Endpoint {
    Route::new()
        .at("/hook", post(hook))
        .data(Verifier::new(WebhookSecret::new(SECRET).unwrap()))
}

/// Posts `body` signed over `signed` at `at` (unsigned without a secret); the status
/// and body.
async fn send(
    app: impl Endpoint,
    secret: Option<&WebhookSecret>,
    body: impl Into<poem::Body>,
    signed: &str,
    at: i64,
) -> (u16, String) {
    let client = TestClient::new(app);
    let mut request = client.post("/hook").body(body);
    if let Some(secret) = secret {
        request = request
            .header("svix-id", "msg_1")
            .header("svix-timestamp", at.to_string())
            .header(
                "svix-signature",
                secret.sign("msg_1", at, signed.as_bytes()),
            );
    }
    let response = request.send().await.0;
    let status = response.status().as_u16();
    (status, response.into_body().into_string().await.unwrap())
}

fn code(body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    json["errors"][0]["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn verified_deliveries_reach_the_handler_and_others_get_400() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let ok = send(app(), Some(&secret), BODY, BODY, now()).await;
    assert_eq!(ok, (200, r#"deleted Some("user_1")"#.to_string()));

    let tampered = BODY.replace("user_1", "user_2");
    let (status, body) = send(app(), Some(&secret), tampered, BODY, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_signature_mismatch")
    );

    let (status, body) = send(app(), Some(&secret), BODY, BODY, now() - 3600).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_timestamp_too_old")
    );

    let (status, body) = send(app(), None, BODY, BODY, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_header_missing")
    );
    assert!(body.contains("svix-id"), "{body}");

    let (status, body) = send(app(), Some(&secret), "not json", "not json", now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_payload_invalid")
    );
    assert!(!body.contains("MfKQ9r8"), "the secret leaked: {body}");
}

#[tokio::test]
async fn a_missing_verifier_is_a_500_and_a_body_over_the_limit_a_413() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let without = Route::new().at("/hook", post(hook));
    let (status, body) = send(without, Some(&secret), BODY, BODY, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (500, "clerk_configuration_error")
    );

    let large = vec![b' '; MAX_BODY + 1];
    let (status, _) = send(app(), Some(&secret), large, BODY, now()).await;
    assert_eq!(status, 413);
}
