//! axum integration (feature `axum`): the tower layer that authenticates every request
//! ([`ClerkLayer`], also in [`clerk::tower`](crate::tower)), and extractors for handlers.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use clerk::axum::{ClerkLayer, OptionalSession, Session};
//! use clerk::jwt::{JwksCache, VerifyParams};
//!
//! async fn me(Session(claims): Session) -> String {
//!     format!("hello {}", claims.subject)
//! }
//!
//! async fn home(OptionalSession(claims): OptionalSession) -> String {
//!     claims.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
//! }
//!
//! let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
//! let app: Router = Router::new()
//!     .route("/me", get(me))
//!     .route("/", get(home))
//!     .layer(ClerkLayer::new(options));
//! ```
//!
//! The layer authenticates every request it wraps (routes choose by where the layer is
//! applied, not by path lists, so path parameters like `/orgs/{id}` just work) and
//! stores the [`RequestState`] in the request's extensions. Extractors read it:
//! [`Session`] and [`Authenticated`] answer 401 with a Clerk-style JSON error when the
//! request is signed out, 500 when this server's own configuration is at fault (see
//! [`SignedOutReason::is_configuration_error`](crate::SignedOutReason::is_configuration_error)),
//! 503 with `Retry-After` when Clerk could not give a verdict now (see
//! [`SignedOutReason::is_unavailable`](crate::SignedOutReason::is_unavailable)). The body
//! names the reason code only; the details go to `tracing`. [`OptionalSession`] never
//! rejects.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::Refusal;
use crate::auth::authenticate::{Auth, RequestState};

pub use super::tower::{ClerkBody, ClerkLayer, ClerkService, RequireLayer, RequireService};

pub use super::extractors::{Authenticated, OptionalSession, Session};

/// Why an extractor refused the request: 401 with a Clerk-style JSON error, 500 when the
/// layer is missing or this server's configuration is at fault, 503 when Clerk could not
/// give a verdict now.
#[derive(Debug)]
pub struct Rejection(Refusal);

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self.0.body())).into_response();
        if let Some(seconds) = self.0.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

fn state(parts: &Parts) -> Result<Arc<RequestState>, Rejection> {
    parts
        .extensions
        .get::<Arc<RequestState>>()
        .cloned()
        .ok_or_else(|| Rejection(Refusal::missing_middleware("clerk::axum::ClerkLayer")))
}

fn unauthorized(state: &RequestState) -> Rejection {
    Rejection(Refusal::signed_out(state))
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = Rejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let state = state(parts)?;
        match state.auth().and_then(Auth::session) {
            Some(claims) => Ok(Session(claims.clone())),
            None => Err(unauthorized(&state)),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for OptionalSession {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let claims = parts
            .extensions
            .get::<Arc<RequestState>>()
            .and_then(|s| s.auth().and_then(Auth::session).cloned());
        Ok(OptionalSession(claims))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = Rejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let state = state(parts)?;
        match state.auth() {
            Some(auth) => Ok(Authenticated(auth.clone())),
            None => Err(unauthorized(&state)),
        }
    }
}
