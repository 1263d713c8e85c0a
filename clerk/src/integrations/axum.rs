//! axum and tower integration (feature `axum`): a layer that authenticates every request,
//! and extractors for handlers.
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
//! request is signed out (500 when this server's own secret key was refused, see
//! [`SignedOutReason::SecretKeyRejected`](crate::SignedOutReason::SecretKeyRejected));
//! [`OptionalSession`] never rejects.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::authenticate::{Auth, AuthenticateOptions, RequestState, authenticate_request};
use crate::auth::jwt::SessionClaims;

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

impl<S, B> tower_service::Service<Request<B>> for ClerkService<S>
where
    S: tower_service::Service<Request<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // The service that was polled ready is the one to call; leave a fresh clone behind.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let options = self.options.clone();
        Box::pin(async move {
            let state = authenticate_request(request.headers(), &options).await;
            request.extensions_mut().insert(Arc::new(state));
            inner.call(request).await
        })
    }
}

/// The claims of a signed-in session; 401 otherwise.
#[derive(Clone, Debug)]
pub struct Session(pub SessionClaims);

/// The claims of a signed-in session, if any; never rejects.
#[derive(Clone, Debug)]
pub struct OptionalSession(pub Option<SessionClaims>);

/// Any accepted authentication (session or machine token); 401 otherwise.
#[derive(Clone, Debug)]
pub struct Authenticated(pub Auth);

/// Why an extractor refused the request.
#[derive(Debug)]
pub struct Rejection {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"errors": [{
            "code": self.code,
            "message": if self.status == StatusCode::UNAUTHORIZED { "Unauthorized" } else { "Server error" },
            "long_message": self.message,
        }]});
        (self.status, axum::Json(body)).into_response()
    }
}

fn state(parts: &Parts) -> Result<Arc<RequestState>, Rejection> {
    parts
        .extensions
        .get::<Arc<RequestState>>()
        .cloned()
        .ok_or(Rejection {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "clerk_layer_missing",
            message: "clerk::axum::ClerkLayer is not installed on this route".into(),
        })
}

/// 401 for the caller's credentials; 500 when this server's own secret key was refused
/// (the caller cannot fix that, and must not be told its token is bad).
fn unauthorized(state: &RequestState) -> Rejection {
    match state {
        RequestState::SignedOut(reason) if reason.is_configuration_error() => Rejection {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "clerk_configuration_error",
            // The details are in the server's log, not for the caller.
            message: "the server could not verify the credentials".to_string(),
        },
        RequestState::SignedOut(reason) => Rejection {
            status: StatusCode::UNAUTHORIZED,
            code: "signed_out",
            message: reason.to_string(),
        },
        RequestState::SignedIn(_) => Rejection {
            status: StatusCode::UNAUTHORIZED,
            code: "signed_out",
            message: "not a session token".to_string(),
        },
    }
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
