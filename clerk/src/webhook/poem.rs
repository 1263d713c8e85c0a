//! A Poem extractor for Clerk webhooks (feature `poem`).
//!
//! [`VerifiedEvent`] reads the raw body (up to [`MAX_BODY`]), verifies it with the
//! [`Verifier`] of the app's data (`.data(verifier)`) and yields the [`Delivery`]. Only
//! requests that do not verify are refused, with a 400 and a JSON error in Clerk's format
//! (the handler does not run): a missing or wrong signature, a stale timestamp, a body
//! that is not JSON. A genuine delivery always reaches the handler, even when its data
//! does not fit the generated event types; the handler decides, and its 2xx stops the
//! sender's retries.
//!
//! ```no_run
//! use clerk::webhook::poem::VerifiedEvent;
//! use clerk::webhook::{Decoded, EventData, Verifier};
//! use poem::http::StatusCode;
//! use poem::{EndpointExt, Route, handler, post};
//!
//! #[handler]
//! fn clerk_webhook(VerifiedEvent(delivery): VerifiedEvent) -> StatusCode {
//!     match delivery.into_decoded() {
//!         Decoded::Typed(EventData::UserCreated(user)) => println!("new user {}", user.id),
//!         Decoded::Raw { r#type, error, .. } => println!("{type}: kept as JSON ({error})"),
//!         _ => {}
//!     }
//!     StatusCode::NO_CONTENT
//! }
//!
//! # fn app() -> Result<(), clerk::webhook::WebhookError> {
//! let app = Route::new()
//!     .at("/webhooks/clerk", post(clerk_webhook))
//!     .data(Verifier::from_env()?);
//! # drop(app);
//! # Ok(()) }
//! ```

use std::fmt;

use http::StatusCode;
use poem::error::ResponseError;
use poem::{FromRequest, Request, RequestBody, Response};

use super::{Delivery, Verifier, WebhookError};

/// The largest body [`VerifiedEvent`] reads (2 MiB, axum's default limit); larger ones
/// are answered 413. Poem sets no limit of its own.
pub const MAX_BODY: usize = 2 << 20;

/// A webhook delivery that verified. Extract it last (it consumes the body).
#[derive(Clone, Debug)]
pub struct VerifiedEvent(pub Delivery);

/// Why [`VerifiedEvent`] refused a request. Body errors (too large, a failed connection)
/// are Poem's own errors.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// No [`Verifier`] in the app's data: a mistake in the server's setup, 500.
    MissingVerifier,
    /// The webhook did not verify (signature, timestamp), or its body is not JSON: 400.
    Invalid(WebhookError),
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::MissingVerifier => {
                f.write_str("no clerk::webhook::Verifier in the app's data (.data(verifier))")
            }
            WebhookRejection::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookRejection::Invalid(e) => Some(e),
            WebhookRejection::MissingVerifier => None,
        }
    }
}

impl ResponseError for WebhookRejection {
    fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::MissingVerifier => StatusCode::INTERNAL_SERVER_ERROR,
            WebhookRejection::Invalid(_) => StatusCode::BAD_REQUEST,
        }
    }

    fn as_response(&self) -> Response {
        let (code, message, long_message) = match self {
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
        let body = serde_json::json!({"errors": [{
            "code": code,
            "message": message,
            "long_message": long_message,
        }]});
        Response::builder()
            .status(ResponseError::status(self))
            .content_type("application/json")
            .body(body.to_string())
    }
}

impl<'a> FromRequest<'a> for VerifiedEvent {
    async fn from_request(request: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let verifier = request
            .data::<Verifier>()
            .ok_or(WebhookRejection::MissingVerifier)?;
        let body = body.take()?.into_bytes_limit(MAX_BODY).await?;
        verifier
            .verify_bytes(request.headers(), body)
            .map(VerifiedEvent)
            .map_err(|e| WebhookRejection::Invalid(e).into())
    }
}
