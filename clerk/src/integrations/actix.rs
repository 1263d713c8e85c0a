//! actix-web integration (feature `actix`): middleware that authenticates every request,
//! and extractors for handlers, with the semantics of the axum ones.
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use clerk::actix::{ClerkMiddleware, OptionalSession, Session};
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
//! # async fn run() -> std::io::Result<()> {
//! let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
//! HttpServer::new(move || {
//!     App::new()
//!         .wrap(ClerkMiddleware::new(options.clone()))
//!         .route("/me", web::get().to(me))
//!         .route("/", web::get().to(home))
//! })
//! .bind(("127.0.0.1", 8080))?
//! .run()
//! .await
//! # }
//! ```
//!
//! The middleware authenticates every request it wraps (routes choose by where it is
//! applied: `App::wrap`, `Scope::wrap` or `Resource::wrap`, not by path lists) and
//! stores an `Arc<`[`RequestState`]`>` in the request's extensions. Extractors read it:
//! [`Session`] and [`Authenticated`] answer as the axum ones: 401 with a Clerk-style JSON
//! error when the request is signed out, 500 when this server's own configuration is at
//! fault (see [`SignedOutReason::is_configuration_error`](crate::SignedOutReason::is_configuration_error))
//! or the middleware is missing, 503 with `Retry-After` when Clerk could not give a
//! verdict now; the body names the reason code only. [`OptionalSession`] never rejects.
//! Webhooks have their extractor in `clerk::webhook::actix`.

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::StatusCode;
use actix_web::http::header::{COOKIE, HeaderName, HeaderValue, LOCATION};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError};

use super::Refusal;
use crate::auth::authenticate::{Auth, AuthenticateOptions, RequestState, authenticate_view};
use crate::auth::jwt::Requirement;
use crate::auth::page::{RequestView, debug_headers};

/// Middleware authenticating each request: `App::new().wrap(ClerkMiddleware::new(options))`.
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

impl<S, B> Transform<S, ServiceRequest> for ClerkMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Transform = ClerkMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ClerkMiddlewareService {
            service: Rc::new(service),
            options: self.options.clone(),
        }))
    }
}

/// The service [`ClerkMiddleware`] wraps around the inner one.
pub struct ClerkMiddlewareService<S> {
    service: Rc<S>,
    options: Arc<AuthenticateOptions>,
}

impl<S> fmt::Debug for ClerkMiddlewareService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkMiddlewareService")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<S, B> Service<ServiceRequest> for ClerkMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.service.poll_ready(cx)
    }

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let service = self.service.clone();
        let options = self.options.clone();
        Box::pin(async move {
            let outcome = {
                let headers = request.headers();
                let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
                let view = RequestView::new(
                    request.method().as_str(),
                    path,
                    |name| headers.get(name).map(|v| v.as_bytes()),
                    headers.get_all(COOKIE).map(|v| v.as_bytes()).collect(),
                );
                authenticate_view(&view, &options).await
            };
            let mut headers = outcome.headers;
            debug_headers(&outcome.state, &mut headers);
            let headers: Vec<(HeaderName, HeaderValue)> = headers
                .iter()
                .filter_map(|(name, value)| {
                    Some((
                        HeaderName::from_bytes(name.as_str().as_bytes()).ok()?,
                        HeaderValue::from_bytes(value.as_bytes()).ok()?,
                    ))
                })
                .collect();
            if headers.iter().any(|(name, _)| name == LOCATION) {
                let mut redirect = HttpResponse::TemporaryRedirect();
                for header in headers {
                    redirect.append_header(header);
                }
                return Ok(request
                    .into_response(redirect.finish())
                    .map_into_right_body());
            }
            request.extensions_mut().insert(Arc::new(outcome.state));
            let mut response = service.call(request).await?;
            for (name, value) in headers {
                response.headers_mut().append(name, value);
            }
            Ok(response.map_into_left_body())
        })
    }
}

pub use super::extractors::{Authenticated, OptionalSession, Session};

/// Why an extractor refused the request: 401 with a Clerk-style JSON error, 500 when the
/// middleware is missing or this server's configuration is at fault, 503 when Clerk could
/// not give a verdict now.
#[derive(Debug)]
pub struct Rejection(Refusal);

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.message)
    }
}

impl ResponseError for Rejection {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.0.retry_after {
            response.insert_header((actix_web::http::header::RETRY_AFTER, seconds));
        }
        response.json(self.0.body())
    }
}

/// The state the middleware stored, or the 500 for a route it does not wrap.
fn state(request: &HttpRequest) -> Result<Arc<RequestState>, Rejection> {
    request
        .extensions()
        .get::<Arc<RequestState>>()
        .cloned()
        .ok_or_else(|| Rejection(Refusal::missing_middleware("clerk::actix::ClerkMiddleware")))
}

impl FromRequest for Session {
    type Error = Rejection;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            state(request).and_then(|state| match state.auth().and_then(Auth::session) {
                Some(claims) => Ok(Session(claims.clone())),
                None => Err(Rejection(Refusal::signed_out(&state))),
            }),
        )
    }
}

impl FromRequest for OptionalSession {
    type Error = Infallible;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let claims = request
            .extensions()
            .get::<Arc<RequestState>>()
            .and_then(|s| s.auth().and_then(Auth::session).cloned());
        ready(Ok(OptionalSession(claims)))
    }
}

impl FromRequest for Authenticated {
    type Error = Rejection;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(state(request).and_then(|state| match state.auth() {
            Some(auth) => Ok(Authenticated(auth.clone())),
            None => Err(Rejection(Refusal::signed_out(&state))),
        }))
    }
}

/// Refuses requests whose session does not meet a [`Requirement`] (Clerk's `has()`):
/// 401 when signed out (as the extractors answer), 403 when signed in without it, 500
/// when [`ClerkMiddleware`] did not authenticate the request first. Wrap the scopes or
/// resources it guards; `App::wrap(ClerkMiddleware)` runs before them.
///
/// ```no_run
/// use actix_web::{App, web};
/// use clerk::actix::{ClerkMiddleware, Require};
/// use clerk::jwt::{JwksCache, Requirement, VerifyParams};
///
/// let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
/// let app = App::new().wrap(ClerkMiddleware::new(options)).service(
///     web::scope("/billing")
///         .wrap(Require::new(Requirement::new().permission("org:invoices:read")))
///         .route("", web::get().to(|| async { "invoices" })),
/// );
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

impl<S, B> Transform<S, ServiceRequest> for Require
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Transform = RequireMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RequireMiddleware {
            service: Rc::new(service),
            requirement: self.requirement.clone(),
        }))
    }
}

/// The service [`Require`] wraps around the inner one.
pub struct RequireMiddleware<S> {
    service: Rc<S>,
    requirement: Arc<Requirement>,
}

impl<S> fmt::Debug for RequireMiddleware<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequireMiddleware")
            .field("requirement", &self.requirement)
            .finish_non_exhaustive()
    }
}

impl<S, B> Service<ServiceRequest> for RequireMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.service.poll_ready(cx)
    }

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let refusal = match request.extensions().get::<Arc<RequestState>>() {
            Some(state) => Refusal::unmet(state, &self.requirement),
            None => Some(Refusal::missing_middleware("clerk::actix::ClerkMiddleware")),
        };
        if let Some(refusal) = refusal {
            let response = Rejection(refusal).error_response();
            return Box::pin(ready(Ok(request
                .into_response(response)
                .map_into_right_body())));
        }
        let answer = self.service.call(request);
        Box::pin(async move { Ok(answer.await?.map_into_left_body()) })
    }
}
