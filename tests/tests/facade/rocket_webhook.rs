//! `clerk::webhook::rocket::VerifiedEvent`: verified deliveries reach the handler, the
//! others get a 400 in Clerk's error format (from the catchers of `clerk::rocket`) and
//! never run it.

use std::time::{SystemTime, UNIX_EPOCH};

use clerk::webhook::rocket::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use rocket::config::LogLevel;
use rocket::data::{Limits, ToByteUnit};
use rocket::http::Header;
use rocket::local::asynchronous::Client;
use rocket::{Build, Rocket, post, routes};
use serde_json::Value;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.deleted","object":"event","timestamp":1716883200000,"instance_id":"ins_1","data":{"object":"user","id":"user_1","deleted":true}}"#;

#[post("/hook", data = "<event>")]
fn hook(event: VerifiedEvent) -> String {
    match event.0.into_decoded() {
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

/// A receiver without the session fairing: the verifier managed, Clerk's catchers.
fn app(limits: Limits) -> Rocket<Build> {
    rocket::custom(rocket::Config {
        log_level: LogLevel::Off,
        limits,
        ..rocket::Config::debug_default()
    })
    .register("/", clerk::rocket::catchers())
    .mount("/", routes![hook])
}

/// Posts `body` signed over `signed` at `at` (unsigned without a secret); the status
/// and body.
async fn post(
    app: Rocket<Build>,
    secret: Option<&WebhookSecret>,
    body: &str,
    signed: &str,
    at: i64,
) -> (u16, String) {
    let client = Client::untracked(app).await.unwrap();
    let mut request = client.post("/hook").body(body);
    if let Some(secret) = secret {
        request = request
            .header(Header::new("svix-id", "msg_1"))
            .header(Header::new("svix-timestamp", at.to_string()))
            .header(Header::new(
                "svix-signature",
                secret.sign("msg_1", at, signed.as_bytes()),
            ));
    }
    let response = request.dispatch().await;
    let status = response.status().code;
    (status, response.into_string().await.unwrap_or_default())
}

fn code(body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    json["errors"][0]["code"].as_str().unwrap().to_string()
}

fn with_verifier(limits: Limits) -> Rocket<Build> {
    app(limits).manage(Verifier::new(WebhookSecret::new(SECRET).unwrap()))
}

#[tokio::test]
async fn verified_deliveries_reach_the_handler_and_others_get_400() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let ok = post(
        with_verifier(Limits::default()),
        Some(&secret),
        BODY,
        BODY,
        now(),
    )
    .await;
    assert_eq!(ok, (200, r#"deleted Some("user_1")"#.to_string()));

    let tampered = BODY.replace("user_1", "user_2");
    let (status, body) = post(
        with_verifier(Limits::default()),
        Some(&secret),
        &tampered,
        BODY,
        now(),
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_signature_mismatch")
    );

    let (status, body) = post(
        with_verifier(Limits::default()),
        Some(&secret),
        BODY,
        BODY,
        now() - 3600,
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_timestamp_too_old")
    );

    let (status, body) = post(with_verifier(Limits::default()), None, BODY, BODY, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_header_missing")
    );
    assert!(body.contains("svix-id"), "{body}");

    let (status, body) = post(
        with_verifier(Limits::default()),
        Some(&secret),
        "not json",
        "not json",
        now(),
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_payload_invalid")
    );
    assert!(!body.contains("MfKQ9r8"), "the secret leaked: {body}");
}

#[tokio::test]
async fn a_missing_verifier_is_a_500_and_a_body_over_the_json_limit_a_413() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let (status, body) = post(app(Limits::default()), Some(&secret), BODY, BODY, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (500, "clerk_configuration_error")
    );

    let small = Limits::default().limit("json", 16.bytes());
    let (status, _) = post(with_verifier(small), Some(&secret), BODY, BODY, now()).await;
    assert_eq!(status, 413);
}
