//! `clerk::webhook::actix::VerifiedEvent`: verified deliveries reach the handler, the
//! others get a 400 in Clerk's error format and never run it.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{App, HttpResponse, test, web};
use clerk::webhook::actix::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use serde_json::Value;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"user.deleted","object":"event","timestamp":1716883200000,"instance_id":"ins_1","data":{"object":"user","id":"user_1","deleted":true}}"#;

async fn handler(VerifiedEvent(delivery): VerifiedEvent) -> HttpResponse {
    let text = match delivery.into_decoded() {
        Decoded::Typed(EventData::UserDeleted(deleted)) => format!("deleted {:?}", deleted.id),
        other => other.event_type().to_string(),
    };
    HttpResponse::Ok().body(text)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A request signed over `signed`, carrying `body`, with the Svix headers.
fn delivery(secret: &WebhookSecret, body: &str, signed: &str, at: i64) -> test::TestRequest {
    test::TestRequest::post()
        .uri("/hook")
        .insert_header(("svix-id", "msg_1"))
        .insert_header(("svix-timestamp", at.to_string()))
        .insert_header((
            "svix-signature",
            secret.sign("msg_1", at, signed.as_bytes()),
        ))
        .set_payload(body.to_string())
}

/// Serves one request with an app set up by `setup`; the status and body.
async fn send(
    setup: impl FnOnce(&mut web::ServiceConfig),
    request: test::TestRequest,
) -> (u16, String) {
    let app = test::init_service(App::new().configure(setup)).await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    let body = test::read_body(response).await;
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// The usual setup: the verifier in `web::Data`, the handler on `/hook`.
fn app(config: &mut web::ServiceConfig) {
    let verifier = Verifier::new(WebhookSecret::new(SECRET).unwrap());
    config
        .app_data(web::Data::new(verifier))
        .route("/hook", web::post().to(handler));
}

fn code(body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    json["errors"][0]["code"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn verified_deliveries_reach_the_handler_and_others_get_400() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let (status, body) = send(app, delivery(&secret, BODY, BODY, now())).await;
    assert_eq!((status, body.as_str()), (200, r#"deleted Some("user_1")"#));

    let tampered = BODY.replace("user_1", "user_2");
    let (status, body) = send(app, delivery(&secret, &tampered, BODY, now())).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_signature_mismatch")
    );

    let (status, body) = send(app, delivery(&secret, BODY, BODY, now() - 3600)).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_timestamp_too_old")
    );

    let other = WebhookSecret::new("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=").unwrap();
    let (status, body) = send(app, delivery(&other, BODY, BODY, now())).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_signature_mismatch")
    );

    let unsigned = test::TestRequest::post().uri("/hook").set_payload(BODY);
    let (status, body) = send(app, unsigned).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_header_missing")
    );
    assert!(body.contains("svix-id"), "{body}");

    let (status, body) = send(app, delivery(&secret, "not json", "not json", now())).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "webhook_payload_invalid")
    );
    assert!(!body.contains("MfKQ9r8"), "the secret leaked: {body}");
}

#[actix_web::test]
async fn the_verifier_may_be_app_data_as_is_and_its_absence_is_a_500() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let verifier = Verifier::new(secret.clone());
    let plain = move |config: &mut web::ServiceConfig| {
        config
            .app_data(verifier)
            .route("/hook", web::post().to(handler));
    };
    let (status, _) = send(plain, delivery(&secret, BODY, BODY, now())).await;
    assert_eq!(status, 200);

    let without = |config: &mut web::ServiceConfig| {
        config.route("/hook", web::post().to(handler));
    };
    let (status, body) = send(without, delivery(&secret, BODY, BODY, now())).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (500, "clerk_configuration_error")
    );
}

#[actix_web::test]
async fn a_body_over_the_payload_limit_is_refused_by_actix() {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let small = |config: &mut web::ServiceConfig| {
        config.app_data(web::PayloadConfig::new(16));
        app(config);
    };
    let (status, _) = send(small, delivery(&secret, BODY, BODY, now())).await;
    assert_eq!(status, 413);
}

/// Answers with how the data decoded: `typed ...` or `raw ... (the missing field)`.
async fn decode_report(VerifiedEvent(delivery): VerifiedEvent) -> HttpResponse {
    let text = match delivery.into_decoded() {
        Decoded::Typed(data) => format!("typed {}", data.event_type()),
        Decoded::Raw {
            r#type: event,
            data,
            error,
        } => format!("raw {event} {} ({error})", data["id"]),
        other => format!("other {}", other.event_type()),
    };
    HttpResponse::Ok().body(text)
}

#[actix_web::test]
async fn a_signed_delivery_whose_data_lacks_required_fields_still_reaches_the_handler() {
    // `user.created` carries a whole user in the spec; this one has an id and little else.
    let body = r#"{"type":"user.created","object":"event","timestamp":1716883200000,"instance_id":"ins_1","data":{"object":"user","id":"user_9"}}"#;
    let secret = WebhookSecret::new(SECRET).unwrap();
    let setup = |config: &mut web::ServiceConfig| {
        let verifier = Verifier::new(WebhookSecret::new(SECRET).unwrap());
        config
            .app_data(web::Data::new(verifier))
            .route("/hook", web::post().to(decode_report));
    };
    let (status, text) = send(setup, delivery(&secret, body, body, now())).await;
    assert_eq!(status, 200, "{text}");
    assert!(
        text.starts_with(r#"raw user.created "user_9" (missing field"#),
        "the handler gets the data as JSON and why it did not decode: {text}"
    );
}
