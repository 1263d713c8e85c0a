//! A tower layer for any tower stack (feature `tower`): hyper, tonic, tower-http, axum.
//!
//! [`ClerkLayer`] authenticates every request it wraps ([`crate::authenticate`]),
//! whatever its body type, and stores the outcome as an
//! `Arc<`[`RequestState`](crate::RequestState)`>` in the request's extensions. It
//! refuses nothing itself: the service behind it reads the state and decides
//! (`clerk::axum` and `clerk::actix` have extractors for that). It answers only what the
//! service cannot: a page request to hand to a handshake gets the redirect (307, with
//! its cookies), and every response gets the headers authentication set (cookies of a
//! resolved handshake, `x-clerk-auth-status`, `x-clerk-auth-reason`).
//!
//! ```no_run
//! use std::convert::Infallible;
//! use std::sync::Arc;
//!
//! use clerk::jwt::{JwksCache, VerifyParams};
//! use clerk::tower::ClerkLayer;
//! use clerk::{AuthenticateOptions, RequestState};
//! use tower::{ServiceBuilder, service_fn};
//!
//! let options = AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
//! let service = ServiceBuilder::new()
//!     .layer(ClerkLayer::new(options))
//!     .service(service_fn(|request: http::Request<String>| async move {
//!         let state = request.extensions().get::<Arc<RequestState>>();
//!         let status = match state.and_then(|s| s.auth()) {
//!             Some(_) => http::StatusCode::OK,
//!             None => http::StatusCode::UNAUTHORIZED,
//!         };
//!         Ok::<_, Infallible>(http::Response::builder().status(status).body(String::new()))
//!     }));
//! # drop(service);
//! ```
//!
//! With tonic, put it in `Server::builder().layer(...)` and read the state in an
//! interceptor from `request.extensions()`, where tonic keeps the HTTP request's
//! extensions (the `tonic` example of the workspace tests crate does this for a health
//! service).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{Either, Full};

use super::Refusal;
use crate::auth::authenticate::{AuthenticateOptions, RequestState, authenticate};
use crate::auth::jwt::Requirement;

/// Authenticates each request and stores an `Arc<RequestState>` in its extensions.
#[derive(Clone, Debug)]
pub struct ClerkLayer {
    options: Arc<AuthenticateOptions>,
}

impl ClerkLayer {
    /// A layer authenticating with `options`.
    pub fn new(options: AuthenticateOptions) -> Self {
        ClerkLayer {
            options: Arc::new(options),
        }
    }
}

impl<S> tower_layer::Layer<S> for ClerkLayer {
    type Service = ClerkService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        ClerkService {
            inner,
            options: self.options.clone(),
        }
    }
}

/// The service [`ClerkLayer`] wraps around the inner one.
#[derive(Clone, Debug)]
pub struct ClerkService<S> {
    inner: S,
    options: Arc<AuthenticateOptions>,
}

/// The body of the layers' responses: the service's, or one of the layer's own (empty
/// for a redirect, a Clerk-style JSON error for a refusal).
pub type ClerkBody<B> = Either<B, Full<Bytes>>;

impl<S, B, ResBody> tower_service::Service<Request<B>> for ClerkService<S>
where
    S: tower_service::Service<Request<B>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
    ResBody: http_body::Body<Data = Bytes>,
{
    type Response = Response<ClerkBody<ResBody>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The service that was polled ready is the one to call; leave a fresh clone behind.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let options = self.options.clone();
        Box::pin(async move {
            // The head only: the future holds no reference to a body of any type.
            let (mut head, body) = request.into_parts();
            let authentication = authenticate(&head, &options).await;
            if authentication.redirect().is_some() {
                let mut response = Response::new(Either::Right(Full::default()));
                *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                *response.headers_mut() = authentication.headers;
                return Ok(response);
            }
            head.extensions.insert(Arc::new(authentication.state));
            let mut response = inner
                .call(Request::from_parts(head, body))
                .await?
                .map(Either::Left);
            for (name, value) in authentication.headers.iter() {
                response.headers_mut().append(name, value.clone());
            }
            Ok(response)
        })
    }
}

/// Refuses requests whose session does not meet a [`Requirement`] (Clerk's `has()`):
/// 401 when signed out (as the extractors answer), 403 when signed in without it, 500
/// when no [`ClerkLayer`] authenticated the request first. Put it inside the
/// `ClerkLayer`, on the routes it guards; with axum, `route_layer`:
///
/// ```no_run
/// use axum::{Router, routing::get};
/// use clerk::axum::{ClerkLayer, RequireLayer};
/// use clerk::jwt::{JwksCache, Requirement, VerifyParams};
///
/// let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
/// let app: Router = Router::new()
///     .route("/billing", get(|| async { "invoices" }))
///     .route_layer(RequireLayer::new(Requirement::new().permission("org:invoices:read")))
///     .layer(ClerkLayer::new(options));
/// ```
#[derive(Clone, Debug)]
pub struct RequireLayer {
    requirement: Arc<Requirement>,
}

impl RequireLayer {
    /// A layer requiring `requirement`.
    pub fn new(requirement: Requirement) -> Self {
        RequireLayer {
            requirement: Arc::new(requirement),
        }
    }
}

impl<S> tower_layer::Layer<S> for RequireLayer {
    type Service = RequireService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        RequireService {
            inner,
            requirement: self.requirement.clone(),
        }
    }
}

/// The service [`RequireLayer`] wraps around the inner one.
#[derive(Clone, Debug)]
pub struct RequireService<S> {
    inner: S,
    requirement: Arc<Requirement>,
}

impl<S, B, ResBody> tower_service::Service<Request<B>> for RequireService<S>
where
    S: tower_service::Service<Request<B>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
{
    type Response = Response<ClerkBody<ResBody>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let refusal = match request.extensions().get::<Arc<RequestState>>() {
            Some(state) => Refusal::unmet(state, &self.requirement),
            None => Some(Refusal::missing_middleware("clerk::tower::ClerkLayer")),
        };
        match refusal {
            Some(refusal) => {
                let response = refusal.to_response::<Full<Bytes>>().map(Either::Right);
                Box::pin(std::future::ready(Ok(response)))
            }
            None => {
                let answer = self.inner.call(request);
                Box::pin(async move { Ok(answer.await?.map(Either::Left)) })
            }
        }
    }
}
