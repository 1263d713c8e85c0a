//! An actix-web extractor for Clerk webhooks (feature `actix`).
//!
//! [`VerifiedEvent`] reads the raw body (up to actix's `PayloadConfig` limit, 256 KiB by
//! default), verifies it with the [`Verifier`] of the app data (`web::Data<Verifier>`,
//! or a `Verifier` given to `App::app_data`) and yields the [`Delivery`]. Only requests
//! that do not verify are refused, with a 400 and a JSON error in Clerk's format (the
//! handler does not run): a missing or wrong signature, a stale timestamp, a body that is
//! not JSON. A genuine delivery always reaches the handler, even when its data does not
//! fit the generated event types; the handler decides, and its 2xx stops the sender's
//! retries.
//!
//! ```no_run
//! use actix_web::{App, HttpResponse, web};
//! use clerk::webhook::actix::VerifiedEvent;
//! use clerk::webhook::{Decoded, EventData, Verifier};
//!
//! async fn clerk_webhook(VerifiedEvent(delivery): VerifiedEvent) -> HttpResponse {
//!     match delivery.into_decoded() {
//!         Decoded::Typed(EventData::UserCreated(user)) => println!("new user {}", user.id),
//!         Decoded::Raw { r#type, error, .. } => println!("{type}: kept as JSON ({error})"),
//!         _ => {}
//!     }
//!     HttpResponse::NoContent().finish()
//! }
//!
//! # fn app() -> Result<(), clerk::webhook::WebhookError> {
//! let verifier = web::Data::new(Verifier::from_env()?);
//! let app = App::new()
//!     .app_data(verifier)
//!     .route("/webhooks/clerk", web::post().to(clerk_webhook));
//! # drop(app);
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use http::{HeaderMap, HeaderName, HeaderValue};

use super::{Delivery, STANDARD_WEBHOOKS, SVIX, Verifier, WebhookError};

/// A webhook delivery that verified. Extract it last (it consumes the body).
#[derive(Clone, Debug)]
pub struct VerifiedEvent(pub Delivery);

/// Why [`VerifiedEvent`] refused a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// No [`Verifier`] in the app data: a mistake in the server's setup, 500.
    MissingVerifier,
    /// The body could not be read (too large, or the connection failed): actix's answer.
    Body(actix_web::Error),
    /// The webhook did not verify (signature, timestamp), or its body is not JSON: 400.
    Invalid(WebhookError),
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::MissingVerifier => f.write_str(
                "no clerk::webhook::Verifier in the app data (App::app_data(web::Data::new(verifier)))",
            ),
            WebhookRejection::Body(e) => write!(f, "cannot read the webhook body: {e}"),
            WebhookRejection::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookRejection::Invalid(e) => Some(e),
            _ => None,
        }
    }
}

impl ResponseError for WebhookRejection {
    fn status_code(&self) -> StatusCode {
        match self {
            WebhookRejection::MissingVerifier => StatusCode::INTERNAL_SERVER_ERROR,
            WebhookRejection::Body(e) => e.as_response_error().status_code(),
            WebhookRejection::Invalid(_) => StatusCode::BAD_REQUEST,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (code, message, long_message) = match self {
            WebhookRejection::Body(e) => return e.error_response(),
            WebhookRejection::MissingVerifier => {
                tracing::error!("clerk: {self}");
                (
                    "clerk_configuration_error",
                    "Server error",
                    "the server cannot verify webhooks".to_string(),
                )
            }
            WebhookRejection::Invalid(error) => {
                tracing::debug!(code = error.code(), "rejected a webhook: {error}");
                (error.code(), "Invalid webhook", error.to_string())
            }
        };
        HttpResponse::build(self.status_code()).json(serde_json::json!({"errors": [{
            "code": code,
            "message": message,
            "long_message": long_message,
        }]}))
    }
}

/// The webhook headers of an actix request, in an `http` 1 map (actix-web 4 has its own
/// `http` 0.2 types): only these six, so the copy is small.
fn webhook_headers(request: &HttpRequest) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for name in SVIX.into_iter().chain(STANDARD_WEBHOOKS) {
        // Both crates accept the same bytes in a header value; a value that did not
        // convert would read as a missing header, never as a pass.
        if let Some(value) = request
            .headers()
            .get(name)
            .and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok())
        {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    headers
}

impl FromRequest for VerifiedEvent {
    type Error = WebhookRejection;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let verifier = request
            .app_data::<web::Data<Verifier>>()
            .map(|data| Verifier::clone(data))
            .or_else(|| request.app_data::<Verifier>().cloned());
        let headers = webhook_headers(request);
        let body = web::Bytes::from_request(request, payload);
        Box::pin(async move {
            let verifier = verifier.ok_or(WebhookRejection::MissingVerifier)?;
            let body = body.await.map_err(WebhookRejection::Body)?;
            verifier
                .verify_bytes(&headers, body)
                .map(VerifiedEvent)
                .map_err(WebhookRejection::Invalid)
        })
    }
}
