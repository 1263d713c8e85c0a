//! Poem integration (feature `poem`, Poem 3): middleware that authenticates every
//! request, and extractors for handlers, with the semantics of the axum ones.
//!
//! ```no_run
//! use clerk::jwt::{JwksCache, VerifyParams};
//! use clerk::poem::{ClerkMiddleware, OptionalSession, Session};
//! use poem::{EndpointExt, Route, get, handler};
//!
//! #[handler]
//! fn me(Session(claims): Session) -> String {
//!     format!("hello {}", claims.subject)
//! }
//!
//! #[handler]
//! fn home(OptionalSession(claims): OptionalSession) -> String {
//!     claims.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
//! }
//!
//! let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
//! let app = Route::new()
//!     .at("/me", get(me))
//!     .at("/", get(home))
//!     .with(ClerkMiddleware::new(options));
//! # drop(app);
//! ```
//!
//! The middleware authenticates every request of the endpoint it wraps and stores an
//! `Arc<`[`RequestState`]`>` in the request's extensions (`Data<&Arc<RequestState>>`
//! reads it). Extractors read it: [`Session`] and [`Authenticated`] refuse as the axum
//! ones: 401 with a Clerk-style JSON error when the request is signed out, 500 when this
//! server's own configuration is at fault (see
//! [`SignedOutReason::is_configuration_error`](crate::SignedOutReason::is_configuration_error))
//! or the middleware is missing, 503 with `Retry-After` when Clerk could not give a
//! verdict now; the body names the reason code only. [`OptionalSession`] never refuses.
//! The refusals are `poem::Error`s of a [`Rejection`], which error handlers can
//! downcast.
//!
//! The middleware answers a page request to hand to a handshake itself (307, with its
//! cookies), and adds the headers authentication set (cookies of a resolved handshake,
//! `x-clerk-auth-status`, `x-clerk-auth-reason`) to the endpoint's responses. Errors pass
//! through untouched, as they do through Poem's `SetHeader`, so that error handlers
//! around it can still downcast them: they go without those headers.
//! Webhooks have their extractor in `clerk::webhook::poem`.

use std::fmt;
use std::sync::Arc;

use http::StatusCode;
use http::header::{COOKIE, LOCATION, RETRY_AFTER};
use poem::error::ResponseError;
use poem::{Endpoint, FromRequest, IntoResponse, Middleware, Request, RequestBody, Response};

use super::Refusal;
use crate::auth::authenticate::{Auth, AuthenticateOptions, RequestState, authenticate_view};
use crate::auth::jwt::Requirement;
use crate::auth::page::{RequestView, debug_headers};

/// The middleware's name in the extractors' 500 when it is missing.
const MIDDLEWARE: &str = "clerk::poem::ClerkMiddleware";

/// Middleware authenticating each request: `route.with(ClerkMiddleware::new(options))`.
/// Stores an `Arc<RequestState>` in the request's extensions.
#[derive(Clone, Debug)]
pub struct ClerkMiddleware {
    options: Arc<AuthenticateOptions>,
}

impl ClerkMiddleware {
    /// Middleware authenticating with `options`.
    pub fn new(options: AuthenticateOptions) -> Self {
        ClerkMiddleware {
            options: Arc::new(options),
        }
    }
}

impl<E: Endpoint> Middleware<E> for ClerkMiddleware {
    type Output = ClerkEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        ClerkEndpoint {
            inner,
            options: self.options.clone(),
        }
    }
}

/// The endpoint [`ClerkMiddleware`] wraps around the inner one.
#[derive(Debug)]
pub struct ClerkEndpoint<E> {
    inner: E,
    options: Arc<AuthenticateOptions>,
}

impl<E: Endpoint> Endpoint for ClerkEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut request: Request) -> poem::Result<Response> {
        let outcome = {
            let headers = request.headers();
            // The URL the browser asked for: `uri()` is what is left of it under `nest`.
            // Requests built by hand (Poem's test client) have none: then `uri()`.
            let uri = match request.original_uri() {
                original if *original == http::Uri::default() => request.uri(),
                original => original,
            };
            let path = uri.path_and_query().map_or("/", |p| p.as_str());
            let view = RequestView::new(
                request.method().as_str(),
                path,
                |name| headers.get(name).map(|v| v.as_bytes()),
                headers
                    .get_all(COOKIE)
                    .iter()
                    .map(|v| v.as_bytes())
                    .collect(),
            );
            authenticate_view(&view, &self.options).await
        };
        let mut headers = outcome.headers;
        debug_headers(&outcome.state, &mut headers);
        if headers.contains_key(LOCATION) {
            let mut response = Response::builder()
                .status(StatusCode::TEMPORARY_REDIRECT)
                .finish();
            *response.headers_mut() = headers;
            return Ok(response);
        }
        request.extensions_mut().insert(Arc::new(outcome.state));
        let mut response = self.inner.call(request).await?.into_response();
        for (name, value) in headers.iter() {
            response.headers_mut().append(name, value.clone());
        }
        Ok(response)
    }
}

pub use super::extractors::{Authenticated, OptionalSession, Session};

/// Why an extractor (or [`Require`]) refused the request: 401 with a Clerk-style JSON
/// error, 403 for an unmet requirement, 500 when the middleware is missing or this
/// server's configuration is at fault, 503 when Clerk could not give a verdict now.
#[derive(Debug)]
pub struct Rejection(Refusal);

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.message)
    }
}

impl std::error::Error for Rejection {}

impl ResponseError for Rejection {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn as_response(&self) -> Response {
        let mut response = Response::builder()
            .status(ResponseError::status(self))
            .content_type("application/json")
            .body(self.0.body().to_string());
        if let Some(seconds) = self.0.retry_after {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// The state the middleware stored, or the 500 for an endpoint it does not wrap.
fn state(request: &Request) -> Result<&RequestState, Rejection> {
    request
        .extensions()
        .get::<Arc<RequestState>>()
        .map(|state| &**state)
        .ok_or_else(|| Rejection(Refusal::missing_middleware(MIDDLEWARE)))
}

impl<'a> FromRequest<'a> for Session {
    async fn from_request(request: &'a Request, _: &mut RequestBody) -> poem::Result<Self> {
        let state = state(request)?;
        match state.auth().and_then(Auth::session) {
            Some(claims) => Ok(Session(claims.clone())),
            None => Err(Rejection(Refusal::signed_out(state)).into()),
        }
    }
}

impl<'a> FromRequest<'a> for OptionalSession {
    async fn from_request(request: &'a Request, _: &mut RequestBody) -> poem::Result<Self> {
        let claims = state(request)
            .ok()
            .and_then(|s| s.auth().and_then(Auth::session).cloned());
        Ok(OptionalSession(claims))
    }
}

impl<'a> FromRequest<'a> for Authenticated {
    async fn from_request(request: &'a Request, _: &mut RequestBody) -> poem::Result<Self> {
        let state = state(request)?;
        match state.auth() {
            Some(auth) => Ok(Authenticated(auth.clone())),
            None => Err(Rejection(Refusal::signed_out(state)).into()),
        }
    }
}

/// Refuses requests whose session does not meet a [`Requirement`] (Clerk's `has()`):
/// 401 when signed out (as the extractors answer), 403 when signed in without it, 500
/// when [`ClerkMiddleware`] did not authenticate the request first. Put it inside the
/// `ClerkMiddleware`, on the endpoints it guards:
///
/// ```no_run
/// use clerk::jwt::{JwksCache, Requirement, VerifyParams};
/// use clerk::poem::{ClerkMiddleware, Require};
/// use poem::{EndpointExt, Route, get, handler};
///
/// #[handler]
/// fn invoices() -> &'static str {
///     "invoices"
/// }
///
/// let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
/// let app = Route::new()
///     .at(
///         "/billing",
///         get(invoices).with(Require::new(Requirement::new().permission("org:invoices:read"))),
///     )
///     .with(ClerkMiddleware::new(options));
/// # drop(app);
/// ```
#[derive(Clone, Debug)]
pub struct Require {
    requirement: Arc<Requirement>,
}

impl Require {
    /// Middleware requiring `requirement`.
    pub fn new(requirement: Requirement) -> Self {
        Require {
            requirement: Arc::new(requirement),
        }
    }
}

impl<E: Endpoint> Middleware<E> for Require {
    type Output = RequireEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        RequireEndpoint {
            inner,
            requirement: self.requirement.clone(),
        }
    }
}

/// The endpoint [`Require`] wraps around the inner one.
#[derive(Debug)]
pub struct RequireEndpoint<E> {
    inner: E,
    requirement: Arc<Requirement>,
}

impl<E: Endpoint> Endpoint for RequireEndpoint<E> {
    type Output = E::Output;

    async fn call(&self, request: Request) -> poem::Result<E::Output> {
        let refusal = match state(&request) {
            Ok(state) => Refusal::unmet(state, &self.requirement).map(Rejection),
            Err(missing) => Some(missing),
        };
        match refusal {
            Some(rejection) => Err(rejection.into()),
            None => self.inner.call(request).await,
        }
    }
}
