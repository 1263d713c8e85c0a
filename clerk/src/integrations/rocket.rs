//! Rocket integration (feature `rocket`, Rocket 0.5): a fairing that authenticates every
//! request, and request guards for handlers, with the semantics of the axum ones.
//!
//! ```no_run
//! use clerk::jwt::{JwksCache, VerifyParams};
//! use clerk::rocket::{ClerkFairing, OptionalSession, Session};
//! use rocket::{Build, Rocket, get, routes};
//!
//! #[get("/me")]
//! fn me(session: Session) -> String {
//!     format!("hello {}", session.0.subject)
//! }
//!
//! #[get("/")]
//! fn home(session: OptionalSession) -> String {
//!     session.0.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
//! }
//!
//! fn app() -> Rocket<Build> {
//!     let options = clerk::AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
//!     rocket::build()
//!         .attach(ClerkFairing::new(options))
//!         .mount("/", routes![me, home])
//! }
//! # drop(app());
//! ```
//!
//! [`ClerkFairing`] authenticates each request once, before routing, and keeps the
//! [`RequestState`] in the request's local cache. Guards read it: [`Session`] and
//! [`Authenticated`] refuse as the axum extractors do: 401 when the request is signed
//! out, 500 when this server's own configuration is at fault (see
//! [`SignedOutReason::is_configuration_error`](crate::SignedOutReason::is_configuration_error))
//! or the fairing is not attached, 503 with `Retry-After` when Clerk could not give a
//! verdict now; [`OptionalSession`] never refuses; [`Require`] refuses sessions that do
//! not meet a [`Requirement`] with 403; `&RequestState` is the state itself.
//!
//! # How refusals and handshakes are answered
//!
//! A Rocket guard that fails hands its status to a catcher, which does not see why it
//! failed. So the guards keep their refusal in the request's local cache, and the
//! fairing registers catchers at `/` for 400, 401, 403, 500 and 503 that answer it with
//! Clerk's JSON error (the body of the axum extractors). Anything else of those statuses
//! goes to the app's default catcher at `/`, else Rocket's. An app with its own catcher
//! for one of those statuses at `/` keeps it (the fairing registers none for that
//! status); [`Rejection::of`] gives it the refusal to answer with. (A guard taken as
//! `Option<Session>` or `Result<Session, Rejection>` keeps its refusal too: a handler
//! that then answers the same status with an error of its own gets Clerk's JSON from the
//! catcher; answer a body instead.)
//!
//! A fairing cannot answer a request itself. For a page request to hand to a handshake
//! (see [`crate::authenticate`]), the fairing rewrites the request to a route of its own
//! (`GET /__clerk/handshake`, mounted when the app ignites), so that no handler of the
//! app runs: that route answers 307, and the fairing adds the redirect's headers
//! (`Location`, `Set-Cookie`, `Cache-Control: no-store`). Fairings attached after this
//! one see the rewritten URI. Every response gets the headers authentication set
//! (cookies of a resolved handshake, `x-clerk-auth-status`, `x-clerk-auth-reason`).
//!
//! Rocket reads header values as UTF-8 and drops those that are not: a `Cookie` header
//! with other bytes in it (another app's cookie) loses the session cookie with it.
//! Webhooks have their data guard in `clerk::webhook::rocket`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use rocket::catcher::{self, Catcher};
use rocket::fairing::{self, Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::http::{ContentType, Header, Method, Status};
use rocket::request::{self, FromRequest, Request};
use rocket::response::{self, Responder, Response};
use rocket::route::{self, Route};
use rocket::{Build, Data, Rocket};

use super::Refusal;
use crate::auth::authenticate::{Auth, AuthenticateOptions, RequestState, authenticate_view};
use crate::auth::jwt::{Requirement, SessionClaims};
use crate::auth::page::{RequestView, debug_headers};

/// Where the fairing routes a request it answers with a handshake redirect.
const HANDSHAKE_PATH: &str = "/__clerk/handshake";

/// The statuses the fairing's catchers answer refusals for.
const CAUGHT: [u16; 5] = [400, 401, 403, 500, 503];

/// The fairing's name in the guards' 500 when it is missing.
const FAIRING: &str = "clerk::rocket::ClerkFairing";

/// Authenticates each request before routing:
/// `rocket::build().attach(ClerkFairing::new(options))`. See the [module](self) for the
/// handshake route and the catchers it adds.
#[derive(Debug)]
pub struct ClerkFairing {
    options: AuthenticateOptions,
}

impl ClerkFairing {
    /// A fairing authenticating with `options`.
    pub fn new(options: AuthenticateOptions) -> Self {
        ClerkFairing { options }
    }
}

/// What the fairing decided for a request, kept in its local cache.
struct Decision {
    state: RequestState,
    /// Headers for the response.
    headers: Vec<Header<'static>>,
    /// Whether the answer is a redirect (`Location` is among the headers).
    redirect: bool,
}

/// The local cache entry of a [`Decision`]: empty until the fairing has decided.
#[derive(Default)]
struct Decided(OnceLock<Decision>);

/// The local cache entry of a guard's refusal, for the catchers.
#[derive(Default)]
struct Refused(OnceLock<Rejection>);

fn decision<'r>(request: &'r Request<'_>) -> Option<&'r Decision> {
    request.local_cache(Decided::default).0.get()
}

#[rocket::async_trait]
impl Fairing for ClerkFairing {
    fn info(&self) -> Info {
        Info {
            name: "Clerk",
            kind: Kind::Ignite | Kind::Request | Kind::Response,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> fairing::Result {
        let mut handshake = Route::ranked(isize::MIN, Method::Get, HANDSHAKE_PATH, redirect);
        handshake.name = Some("clerk handshake".into());
        let at_root = |catcher: &Catcher| catcher.base.path() == "/";
        let fallback = rocket
            .catchers()
            .find(|c| c.code.is_none() && at_root(c))
            .cloned()
            .unwrap_or_default();
        let catchers: Vec<Catcher> = CAUGHT
            .into_iter()
            .filter(|&code| {
                !rocket
                    .catchers()
                    .any(|c| c.code == Some(code) && at_root(c))
            })
            .map(|code| answering(code, &fallback))
            .collect();
        Ok(rocket.mount("/", vec![handshake]).register("/", catchers))
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        if decision(request).is_some() {
            return; // attached twice: authenticated once
        }
        let decided = decide(request, &self.options).await;
        let redirect = decided.redirect;
        // The cache entry was created empty above; nothing else sets it.
        let _ = request.local_cache(Decided::default).0.set(decided);
        if redirect && let Ok(uri) = Origin::parse(HANDSHAKE_PATH) {
            request.set_uri(uri);
            request.set_method(Method::Get);
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        if let Some(decided) = decision(request) {
            for header in &decided.headers {
                response.adjoin_header(header.clone());
            }
        }
    }
}

/// Authenticates `request` as the other integrations do.
async fn decide(request: &Request<'_>, options: &AuthenticateOptions) -> Decision {
    let headers = request.headers();
    let path = request.uri().to_string();
    let view = RequestView::new(
        request.method().as_str(),
        &path,
        |name| headers.get_one(name).map(str::as_bytes),
        headers.get("cookie").map(str::as_bytes).collect(),
    );
    let outcome = authenticate_view(&view, options).await;
    let mut map = outcome.headers;
    debug_headers(&outcome.state, &mut map);
    let headers = map
        .iter()
        .filter_map(|(name, value)| {
            let value = value.to_str().ok()?;
            Some(Header::new(name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    Decision {
        state: outcome.state,
        headers,
        redirect: map.contains_key(http::header::LOCATION),
    }
}

/// The handshake route: 307 for a request the fairing rewrote to it (the fairing adds
/// the headers), and not found for any other.
fn redirect<'r>(request: &'r Request<'_>, data: Data<'r>) -> route::BoxFuture<'r> {
    let handshake = decision(request).is_some_and(|d| d.redirect);
    Box::pin(async move {
        if handshake {
            route::Outcome::Success(
                Response::build()
                    .status(Status::TemporaryRedirect)
                    .finalize(),
            )
        } else {
            route::Outcome::forward(data, Status::NotFound)
        }
    })
}

/// Catchers for 400, 401, 403, 500 and 503 answering the refusals of this crate's guards
/// (and of the webhook data guard) with Clerk's JSON error, and anything else of those
/// statuses as Rocket's default catcher does: `.register("/", clerk::rocket::catchers())`.
/// [`ClerkFairing`] registers them itself; this is for apps without it (a webhook
/// receiver, say).
pub fn catchers() -> Vec<Catcher> {
    let fallback = Catcher::default();
    CAUGHT
        .into_iter()
        .map(|code| answering(code, &fallback))
        .collect()
}

/// A catcher for `code` answering a kept refusal, else as `fallback`.
fn answering(code: u16, fallback: &Catcher) -> Catcher {
    let mut catcher = Catcher::new(
        code,
        Answering {
            fallback: fallback.clone(),
        },
    );
    catcher.name = Some("clerk refusal".into());
    catcher
}

/// The catchers' handler: the refusal a guard kept, else the fallback catcher.
#[derive(Clone)]
struct Answering {
    fallback: Catcher,
}

#[rocket::async_trait]
impl catcher::Handler for Answering {
    async fn handle<'r>(&self, status: Status, request: &'r Request<'_>) -> catcher::Result<'r> {
        match Rejection::of(request) {
            Some(rejection) if rejection.status == status => rejection.respond_to(request),
            _ => self.fallback.handler.handle(status, request).await,
        }
    }
}

/// Why a guard refused the request, answered as Clerk's JSON error
/// (`{"errors": [{"code", "message", "long_message"}]}`) with its status and, for 503s,
/// `Retry-After`. A [`Responder`]: a handler taking `Result<Session, Rejection>` can
/// answer it, and a catcher of the app's own can answer [`Rejection::of`] the request.
#[derive(Clone)]
pub struct Rejection {
    status: Status,
    body: serde_json::Value,
    retry_after: Option<u64>,
}

impl Rejection {
    pub(crate) fn new(status: Status, body: serde_json::Value) -> Rejection {
        Rejection {
            status,
            body,
            retry_after: None,
        }
    }

    fn refusal(refusal: &Refusal) -> Rejection {
        Rejection {
            retry_after: refusal.retry_after,
            ..Rejection::new(Status::new(refusal.status), refusal.body())
        }
    }

    /// The refusal a guard of this crate answered `request` with, if one did: what a
    /// catcher of the app's own answers to look like the axum extractors.
    pub fn of(request: &Request<'_>) -> Option<Rejection> {
        request.local_cache(Refused::default).0.get().cloned()
    }

    /// The status: 400 (webhooks), 401, 403, 500 or 503.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Keeps the rejection for the catchers; the first one a request gets is answered.
    pub(crate) fn remember(&self, request: &Request<'_>) {
        let _ = request.local_cache(Refused::default).0.set(self.clone());
    }
}

impl fmt::Debug for Rejection {
    /// One line for Rocket's log of a failed guard: the status and the body as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rejection({} {})", self.status.code, self.body)
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = &self.body["errors"][0];
        let text = |key: &str| error[key].as_str().unwrap_or_default().to_owned();
        write!(f, "{}: {}", text("code"), text("long_message"))
    }
}

impl std::error::Error for Rejection {}

impl<'r> Responder<'r, 'static> for Rejection {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let body = self.body.to_string();
        let mut response = Response::build();
        response
            .status(self.status)
            .header(ContentType::JSON)
            .sized_body(body.len(), std::io::Cursor::new(body));
        if let Some(seconds) = self.retry_after {
            response.header(Header::new("Retry-After", seconds.to_string()));
        }
        Ok(response.finalize())
    }
}

/// Fails the guard with `refusal`, kept for the catchers.
fn refuse<T>(request: &Request<'_>, refusal: &Refusal) -> request::Outcome<T, Rejection> {
    let rejection = Rejection::refusal(refusal);
    rejection.remember(request);
    request::Outcome::Error((rejection.status, rejection))
}

/// The state the fairing decided, or the 500 for a request it did not see.
fn state<'r>(request: &'r Request<'_>) -> Result<&'r RequestState, Refusal> {
    decision(request)
        .map(|d| &d.state)
        .ok_or_else(|| Refusal::missing_middleware(FAIRING))
}

pub use super::extractors::{Authenticated, OptionalSession, Session};

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Session {
    type Error = Rejection;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Rejection> {
        match state(request) {
            Ok(state) => match state.auth().and_then(Auth::session) {
                Some(claims) => request::Outcome::Success(Session(claims.clone())),
                None => refuse(request, &Refusal::signed_out(state)),
            },
            Err(missing) => refuse(request, &missing),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for OptionalSession {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        let claims = decision(request).and_then(|d| d.state.auth().and_then(Auth::session));
        request::Outcome::Success(OptionalSession(claims.cloned()))
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Authenticated {
    type Error = Rejection;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Rejection> {
        match state(request) {
            Ok(state) => match state.auth() {
                Some(auth) => request::Outcome::Success(Authenticated(auth.clone())),
                None => refuse(request, &Refusal::signed_out(state)),
            },
            Err(missing) => refuse(request, &missing),
        }
    }
}

/// The request's state as the fairing decided it, for handlers that look at it
/// themselves (a signed-out reason, say); 500 when the fairing is not attached.
#[rocket::async_trait]
impl<'r> FromRequest<'r> for &'r RequestState {
    type Error = Rejection;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Rejection> {
        match state(request) {
            Ok(state) => request::Outcome::Success(state),
            Err(missing) => refuse(request, &missing),
        }
    }
}

/// What a [`Require`] guard requires: a type of the app's naming a [`Requirement`].
///
/// ```
/// use clerk::jwt::Requirement;
///
/// struct ReadInvoices;
///
/// impl clerk::rocket::Policy for ReadInvoices {
///     fn requirement() -> Requirement {
///         Requirement::new().permission("org:invoices:read")
///     }
/// }
/// ```
pub trait Policy {
    /// The requirement, built for each request the guard checks.
    fn requirement() -> Requirement;
}

/// A signed-in session that meets the [`Requirement`] of `P` (Clerk's `has()`): 401
/// when signed out (as [`Session`]), 403 when signed in without it (a machine token
/// too), 500 when the fairing is not attached.
///
/// ```no_run
/// use clerk::jwt::Requirement;
/// use clerk::rocket::{Policy, Require};
/// use rocket::get;
///
/// struct ReadInvoices;
///
/// impl Policy for ReadInvoices {
///     fn requirement() -> Requirement {
///         Requirement::new().permission("org:invoices:read")
///     }
/// }
///
/// #[get("/billing")]
/// fn billing(access: Require<ReadInvoices>) -> String {
///     format!("invoices of {:?}", access.claims.organization().map(|o| &o.id))
/// }
/// ```
pub struct Require<P> {
    /// The session's claims.
    pub claims: SessionClaims,
    policy: PhantomData<fn() -> P>,
}

impl<P> fmt::Debug for Require<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Require")
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}

#[rocket::async_trait]
impl<'r, P: Policy> FromRequest<'r> for Require<P> {
    type Error = Rejection;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Rejection> {
        let state = match state(request) {
            Ok(state) => state,
            Err(missing) => return refuse(request, &missing),
        };
        let session = state.auth().and_then(Auth::session);
        match (Refusal::unmet(state, &P::requirement()), session) {
            (None, Some(claims)) => request::Outcome::Success(Require {
                claims: claims.clone(),
                policy: PhantomData,
            }),
            (unmet, _) => refuse(
                request,
                &unmet.unwrap_or_else(|| Refusal::signed_out(state)),
            ),
        }
    }
}
