//! An axum extractor for Clerk webhooks (feature `axum`).
//!
//! [`VerifiedEvent`] reads the raw body, verifies it with the [`Verifier`] of the router's
//! state (any state `S` with `Verifier: FromRef<S>`; a `Verifier` itself works) and yields
//! the [`Delivery`]. Only requests that do not verify are refused, with a 400 and a JSON
//! error in Clerk's format (the handler does not run): a missing or wrong signature, a
//! stale timestamp, a body that is not JSON. A genuine delivery always reaches the
//! handler, even when its data does not fit the generated event types; the handler
//! decides, and its 2xx stops the sender's retries.
//!
//! ```no_run
//! use axum::{Router, http::StatusCode, routing::post};
//! use clerk::webhook::axum::VerifiedEvent;
//! use clerk::webhook::{Decoded, EventData, Verifier};
//!
//! async fn clerk_webhook(VerifiedEvent(delivery): VerifiedEvent) -> StatusCode {
//!     match delivery.into_decoded() {
//!         Decoded::Typed(EventData::UserCreated(user)) => println!("new user {}", user.id),
//!         Decoded::Raw { r#type, error, .. } => println!("{type}: kept as JSON ({error})"),
//!         _ => {}
//!     }
//!     StatusCode::NO_CONTENT
//! }
//!
//! # fn app() -> Result<Router, clerk::webhook::WebhookError> {
//! let app = Router::new()
//!     .route("/webhooks/clerk", post(clerk_webhook))
//!     .with_state(Verifier::from_env()?);
//! # Ok(app) }
//! ```

use ::axum::Json;
use ::axum::body::Bytes;
use ::axum::extract::rejection::BytesRejection;
use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::http::StatusCode;
use ::axum::response::{IntoResponse, Response};

use super::{Delivery, Verifier, WebhookError};

/// A webhook delivery that verified. Extract it last (it consumes the body).
#[derive(Clone, Debug)]
pub struct VerifiedEvent(pub Delivery);

/// Why [`VerifiedEvent`] refused a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The body could not be read (too large, or the connection failed): axum's answer.
    Body(BytesRejection),
    /// The webhook did not verify (signature, timestamp), or its body is not JSON: 400.
    Invalid(WebhookError),
}

impl std::fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookRejection::Body(e) => write!(f, "cannot read the webhook body: {e}"),
            WebhookRejection::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookRejection::Body(e) => Some(e),
            WebhookRejection::Invalid(e) => Some(e),
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            WebhookRejection::Body(rejection) => rejection.into_response(),
            WebhookRejection::Invalid(error) => {
                tracing::debug!(code = error.code(), "rejected a webhook: {error}");
                let body = serde_json::json!({"errors": [{
                    "code": error.code(),
                    "message": "Invalid webhook",
                    "long_message": error.to_string(),
                }]});
                (StatusCode::BAD_REQUEST, Json(body)).into_response()
            }
        }
    }
}

impl<S> FromRequest<S> for VerifiedEvent
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(WebhookRejection::Body)?;
        verifier
            .verify_bytes(&headers, body)
            .map(VerifiedEvent)
            .map_err(WebhookRejection::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use ::axum::Router;
    use ::axum::body::{Body, to_bytes};
    use ::axum::routing::post;
    use tower_service::Service;

    use super::*;
    use crate::webhook::{Decoded, EventData, WebhookSecret};

    const NOW: i64 = 1_716_883_200;

    fn app() -> (Router, WebhookSecret) {
        let secret = WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        async fn handler(VerifiedEvent(delivery): VerifiedEvent) -> String {
            match delivery.into_decoded() {
                Decoded::Typed(EventData::UserDeleted(deleted)) => {
                    format!("deleted {:?}", deleted.id)
                }
                other => other.event_type().to_string(),
            }
        }
        let verifier = Verifier::new(secret.clone()).with_clock(|| NOW);
        let router = Router::new()
            .route("/hook", post(handler))
            .with_state(verifier);
        (router, secret)
    }

    async fn send(router: &mut Router, request: ::axum::http::Request<Body>) -> (u16, String) {
        let response = router.call(request).await.unwrap();
        let status = response.status().as_u16();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    fn request(
        secret: &WebhookSecret,
        body: &'static str,
        signed: &str,
    ) -> ::axum::http::Request<Body> {
        ::axum::http::Request::post("/hook")
            .header("svix-id", "msg_1")
            .header("svix-timestamp", NOW.to_string())
            .header(
                "svix-signature",
                secret.sign("msg_1", NOW, signed.as_bytes()),
            )
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn verified_events_reach_the_handler_and_others_get_400() {
        let (mut router, secret) = app();
        let body = r#"{"type":"user.deleted","object":"event","timestamp":1716883200,"instance_id":"ins_1","data":{"object":"user","id":"user_1","deleted":true}}"#;
        let (status, text) = send(&mut router, request(&secret, body, body)).await;
        assert_eq!((status, text.as_str()), (200, r#"deleted Some("user_1")"#));

        let tampered = r#"{"type":"user.deleted","object":"event","timestamp":1716883200,"instance_id":"ins_1","data":{"object":"user","id":"user_2","deleted":true}}"#;
        let (status, text) = send(&mut router, request(&secret, tampered, body)).await;
        assert_eq!(status, 400);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["errors"][0]["code"], "webhook_signature_mismatch");

        let unsigned = ::axum::http::Request::post("/hook")
            .body(Body::from(body))
            .unwrap();
        let (status, text) = send(&mut router, unsigned).await;
        assert_eq!(status, 400);
        assert!(
            text.contains("webhook_header_missing") && text.contains("svix-id"),
            "{text}"
        );
    }
}
