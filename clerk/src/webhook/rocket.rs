//! A Rocket data guard for Clerk webhooks (feature `rocket`).
//!
//! [`VerifiedEvent`] reads the raw body (up to the app's `json` limit, 1 MiB by
//! default), verifies it with the [`Verifier`] the app manages (`.manage(verifier)`) and
//! yields the [`Delivery`]. Only requests that do not verify are refused, with a 400 (the
//! handler does not run): a missing or wrong signature, a stale timestamp, a body that
//! is not JSON. A genuine delivery always reaches the handler, even when its data does
//! not fit the generated event types; the handler decides, and its 2xx stops the
//! sender's retries.
//!
//! The refusal's body is a JSON error in Clerk's format when the catchers of
//! [`clerk::rocket`](crate::rocket) answer it: [`ClerkFairing`](crate::rocket::ClerkFairing)
//! registers them; an app without the fairing registers
//! [`catchers`](crate::rocket::catchers) itself, else Rocket's default catcher answers
//! (the status is the same).
//!
//! ```no_run
//! use clerk::webhook::rocket::VerifiedEvent;
//! use clerk::webhook::{Decoded, EventData, Verifier};
//! use rocket::http::Status;
//! use rocket::{Build, Rocket, post, routes};
//!
//! #[post("/webhooks/clerk", data = "<event>")]
//! fn clerk_webhook(event: VerifiedEvent) -> Status {
//!     match event.0.into_decoded() {
//!         Decoded::Typed(EventData::UserCreated(user)) => println!("new user {}", user.id),
//!         Decoded::Raw { r#type, error, .. } => println!("{type}: kept as JSON ({error})"),
//!         _ => {}
//!     }
//!     Status::NoContent
//! }
//!
//! # fn app() -> Result<Rocket<Build>, clerk::webhook::WebhookError> {
//! let app = rocket::build()
//!     .manage(Verifier::from_env()?)
//!     .register("/", clerk::rocket::catchers())
//!     .mount("/", routes![clerk_webhook]);
//! # Ok(app) }
//! ```

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};
use rocket::data::{self, Data, FromData, Limits};
use rocket::http::Status;
use rocket::request::Request;

use super::{Delivery, STANDARD_WEBHOOKS, SVIX, Verifier, WebhookError};
use crate::rocket::Rejection;

/// A webhook delivery that verified.
#[derive(Clone, Debug)]
pub struct VerifiedEvent(pub Delivery);

/// Why [`VerifiedEvent`] refused a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// No [`Verifier`] in the app's managed state: a mistake in the server's setup, 500.
    MissingVerifier,
    /// The body is larger than the `json` limit: 413.
    TooLarge,
    /// The body could not be read: 400.
    Body(std::io::Error),
    /// The webhook did not verify (signature, timestamp), or its body is not JSON: 400.
    Invalid(WebhookError),
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::MissingVerifier => f.write_str(
                "no clerk::webhook::Verifier in the managed state (rocket.manage(verifier))",
            ),
            WebhookRejection::TooLarge => f.write_str("the webhook body is over the json limit"),
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
            _ => None,
        }
    }
}

/// Fails the guard, keeping the JSON answer of a refusal the other integrations answer
/// in Clerk's format (a missing verifier, a webhook that does not verify) for the
/// catchers.
fn refuse<'r>(
    request: &Request<'_>,
    rejection: WebhookRejection,
) -> data::Outcome<'r, VerifiedEvent> {
    let (status, answer) = match &rejection {
        WebhookRejection::MissingVerifier => {
            tracing::error!("clerk: {rejection}");
            let body = serde_json::json!({"errors": [{
                "code": "clerk_configuration_error",
                "message": "Server error",
                "long_message": "the server cannot verify webhooks",
            }]});
            (Status::InternalServerError, Some(body))
        }
        WebhookRejection::Invalid(error) => {
            tracing::debug!(code = error.code(), "rejected a webhook: {error}");
            let body = serde_json::json!({"errors": [{
                "code": error.code(),
                "message": "Invalid webhook",
                "long_message": error.to_string(),
            }]});
            (Status::BadRequest, Some(body))
        }
        WebhookRejection::TooLarge => (Status::PayloadTooLarge, None),
        WebhookRejection::Body(_) => (Status::BadRequest, None),
    };
    if let Some(body) = answer {
        Rejection::new(status, body).remember(request);
    }
    data::Outcome::Error((status, rejection))
}

/// The webhook headers of a Rocket request, in an `http` 1 map: only these six.
fn webhook_headers(request: &Request<'_>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for name in SVIX.into_iter().chain(STANDARD_WEBHOOKS) {
        // A value that did not convert reads as a missing header, never as a pass.
        if let Some(value) = request
            .headers()
            .get_one(name)
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    headers
}

#[rocket::async_trait]
impl<'r> FromData<'r> for VerifiedEvent {
    type Error = WebhookRejection;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let Some(verifier) = request.rocket().state::<Verifier>() else {
            return refuse(request, WebhookRejection::MissingVerifier);
        };
        let limit = request.limits().get("json").unwrap_or(Limits::JSON);
        let body = match data.open(limit).into_bytes().await {
            Ok(body) if body.is_complete() => body.into_inner(),
            Ok(_) => return refuse(request, WebhookRejection::TooLarge),
            Err(e) => return refuse(request, WebhookRejection::Body(e)),
        };
        match verifier.verify_bytes(&webhook_headers(request), body.into()) {
            Ok(delivery) => data::Outcome::Success(VerifiedEvent(delivery)),
            Err(e) => refuse(request, WebhookRejection::Invalid(e)),
        }
    }
}
