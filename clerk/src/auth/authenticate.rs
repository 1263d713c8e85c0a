//! "Who is calling?": authenticate an incoming request from its headers, as Clerk's
//! JavaScript `authenticateRequest` does for backends (no handshake: that is for pages).

use std::sync::Arc;
use std::time::Duration;

use http::HeaderMap;
use http::header::{AUTHORIZATION, COOKIE};
use tracing::Instrument;
use tracing::field::Empty;

use crate::auth::jwt::{self, Jws, Reason, SessionClaims, Typ, VerifyError, VerifyParams};
use crate::auth::machine::{self, ApiKey, IdpOAuthAccessToken, M2mToken};
use crate::auth::machine_cache::{MachineCache, Negative};
use crate::auth::page::{self, CookieReason, PageOptions, RequestView};
use crate::http::config::ClientConfig;

/// How long a negative verdict on an opaque machine token is kept by default.
const INVALID_TOKEN_TTL: Duration = Duration::from_secs(10);
/// How many negative verdicts are kept at most.
const INVALID_TOKEN_CAPACITY: usize = 4096;

/// The kinds of token a route accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A Clerk session token (a JWT), from the `Authorization` header or `__session` cookie.
    Session,
    /// An API key (`ak_...`), verified with `POST /api_keys/verify`.
    ApiKey,
    /// A machine-to-machine token: opaque (`mt_...`), verified with
    /// `POST /m2m_tokens/verify`, or a JWT whose subject is a machine (`sub: mch_...`),
    /// verified locally with the session keys, as Clerk's JS SDK does.
    M2mToken,
    /// An OAuth access token: opaque (`oat_...`), verified with
    /// `POST /oauth_applications/access_tokens/verify`, or a JWT with `typ: at+jwt`
    /// (RFC 9068), verified locally with the session keys.
    OAuthToken,
}

impl TokenKind {
    /// A stable name: `session_token`, `api_key`, `m2m_token` or `oauth_token` (the
    /// values of Clerk JS's `acceptsToken`).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Session => "session_token",
            TokenKind::ApiKey => "api_key",
            TokenKind::M2mToken => "m2m_token",
            TokenKind::OAuthToken => "oauth_token",
        }
    }

    /// The kind of a token, as Clerk's JS SDK tells them apart: by prefix (`ak_`, `mt_`,
    /// `oat_`), then for JWTs by subject (`mch_...` is M2M) and header type (`at+jwt` is
    /// OAuth). Anything else is taken for a session token (which verification may refuse).
    pub fn of(token: &str) -> TokenKind {
        classify(token, usize::MAX).0
    }
}

/// The kind of `token`, and for JWTs the token decoded (so it is decoded once).
fn classify(token: &str, max_size: usize) -> (TokenKind, Option<Result<Jws<'_>, VerifyError>>) {
    if token.starts_with("ak_") {
        return (TokenKind::ApiKey, None);
    }
    if token.starts_with("mt_") {
        return (TokenKind::M2mToken, None);
    }
    if token.starts_with("oat_") {
        return (TokenKind::OAuthToken, None);
    }
    let jws = Jws::parse(token, max_size);
    let kind = match &jws {
        Ok(jws) if jws.has_machine_subject() => TokenKind::M2mToken,
        Ok(jws) if jws.header.typ == Typ::AccessToken => TokenKind::OAuthToken,
        _ => TokenKind::Session,
    };
    (kind, Some(jws))
}

/// How to authenticate requests. Build once, share across requests (clones share the
/// cache of recent verdicts on machine tokens).
#[derive(Clone, Debug)]
pub struct AuthenticateOptions {
    verify: VerifyParams,
    accepts: Vec<TokenKind>,
    machine: Option<ClientConfig>,
    accept_pending: bool,
    machine_cache: Arc<MachineCache>,
    pub(crate) page: Option<Arc<PageOptions>>,
}

impl AuthenticateOptions {
    /// Accepts session tokens verified with `verify`.
    pub fn new(verify: VerifyParams) -> Self {
        AuthenticateOptions {
            verify,
            accepts: vec![TokenKind::Session],
            machine: None,
            accept_pending: false,
            machine_cache: Arc::new(MachineCache::new(INVALID_TOKEN_TTL, INVALID_TOKEN_CAPACITY)),
            page: None,
        }
    }

    /// Which token kinds are accepted (default: session tokens only).
    /// Machine kinds need [`machine_config`](Self::machine_config) or the process-wide config.
    pub fn accepts_token(mut self, kinds: impl IntoIterator<Item = TokenKind>) -> Self {
        self.accepts = kinds.into_iter().collect();
        self
    }

    /// Accepts every kind of token.
    pub fn accepts_any_token(self) -> Self {
        self.accepts_token([
            TokenKind::Session,
            TokenKind::ApiKey,
            TokenKind::M2mToken,
            TokenKind::OAuthToken,
        ])
    }

    /// The config of the API calls authentication makes (default: the process-wide
    /// one): verifying opaque machine tokens, resolving handshake nonces. Its key may be
    /// a machine secret key for M2M tokens.
    pub fn machine_config(mut self, config: ClientConfig) -> Self {
        self.machine = Some(config);
        self
    }

    /// Authenticates page requests by their cookies as Clerk's JS SDK does for apps that
    /// render pages ([`authenticate`]): `__client_uat`, suffixed cookies, the dev
    /// browser, satellites, organization sync, and handshakes through the Frontend API
    /// of the instance of `pages`' publishable key. Without it, the session cookie is
    /// still checked against `__client_uat`, but no handshake is ever answered.
    pub fn pages(mut self, pages: PageOptions) -> Self {
        self.page = Some(Arc::new(pages));
        self
    }

    pub(crate) fn accepts_pending(&self) -> bool {
        self.accept_pending
    }

    /// The transport of authentication's API calls.
    pub(crate) fn api_config(&self) -> crate::Result<Arc<crate::http::transport::Shared>> {
        match &self.machine {
            Some(config) => config.shared(),
            None => crate::http::config::global()?.shared(),
        }
    }

    /// Whether sessions with `sts: "pending"` (a task such as choosing an organization is
    /// left to complete) are signed in. Off by default, as in Clerk's JS SDK
    /// (`treatPendingAsSignedOut`): they are signed out with
    /// [`SignedOutReason::PendingSession`].
    pub fn accept_pending_sessions(mut self, accept: bool) -> Self {
        self.accept_pending = accept;
        self
    }

    /// How long the API's "no" to an opaque machine token (unknown, revoked, expired) is
    /// remembered (default 10 s; `Duration::ZERO` remembers nothing), so that a flood of
    /// one bad token costs one API call per interval, not one per request. Kept under a
    /// SHA-256 of the token, at most 4096 verdicts. A token created after a refusal may
    /// be refused for up to this long.
    pub fn remember_invalid_machine_tokens(mut self, ttl: Duration) -> Self {
        self.machine_cache = Arc::new(MachineCache::new(ttl, INVALID_TOKEN_CAPACITY));
        self
    }

    /// The session-token verification settings. Machine JWTs (M2M, OAuth) are verified
    /// with the same keys, leeway, clock and audience.
    pub fn verify_params(&self) -> &VerifyParams {
        &self.verify
    }
}

/// Who made a request.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Auth {
    /// A signed-in user, from a session token.
    Session(SessionClaims),
    /// An API key, as verified by the API.
    ApiKey(ApiKey),
    /// A machine, from an M2M token (for M2M JWTs, built from the verified claims as
    /// Clerk's JS SDK does: `id` from `jti`, times in milliseconds, custom claims).
    M2mToken(M2mToken),
    /// An OAuth access token issued by the instance (for JWTs, built from the claims).
    OAuthToken(IdpOAuthAccessToken),
}

impl Auth {
    /// The session claims, for session tokens.
    pub fn session(&self) -> Option<&SessionClaims> {
        match self {
            Auth::Session(claims) => Some(claims),
            _ => None,
        }
    }
}

/// Why a request is signed out.
#[derive(Debug)]
#[non_exhaustive]
pub enum SignedOutReason {
    /// No token in the `Authorization` header or `__session` cookie.
    NoToken,
    /// A kind of token this route does not accept.
    TokenTypeNotAccepted(TokenKind),
    /// A machine token sent in a cookie (they are accepted from the header only).
    MachineTokenInCookie,
    /// The session token did not verify.
    InvalidSessionToken(VerifyError),
    /// A genuine session token of a pending session (`sts: "pending"`): the user has a
    /// task left (choosing an organization, say). Signed out unless
    /// [`AuthenticateOptions::accept_pending_sessions`]; the claims are here for
    /// routes that guide the user through the task.
    PendingSession(Box<SessionClaims>),
    /// The API did not accept the machine token (404 and other answers that are not
    /// [`SecretKeyRejected`](Self::SecretKeyRejected)).
    InvalidMachineToken(crate::Error),
    /// A machine token in JWT form (M2M or OAuth) did not verify.
    InvalidMachineJwt(TokenKind, VerifyError),
    /// The API refused **this server's** secret key (401) or found it lacks the rights
    /// (403) when asked to verify a machine token: a configuration error for the
    /// operator (wrong or revoked `CLERK_SECRET_KEY`, or machine secret key), not a
    /// verdict on the caller's token. Logged at `error` level; the axum extractors
    /// answer it with 500, not 401.
    SecretKeyRejected(crate::Error),
    /// The API knows the machine token but says it is not usable: revoked, expired, or
    /// (OAuth access tokens) `{"active": false}`, all answered with status 200.
    InactiveMachineToken(TokenKind),
    /// Machine tokens cannot be verified with this server's configuration: no secret
    /// key (`Error::MissingSecretKey`), or an unusable config (`Error::Config`). Logged at
    /// `error` level; the framework integrations answer it with 500.
    Misconfigured(crate::Error),
    /// The API could not give a verdict on the machine token now: rate limited (429,
    /// also while its `Retry-After` runs, without calling again), a 5xx, a timeout or a
    /// connection failure. Not retried, so the request is answered at once; the
    /// framework integrations answer 503 with `Retry-After` when known.
    VerificationUnavailable(crate::Error),
    /// The session cookie did not sign the request in by Clerk's cookie rules: no
    /// `__client_uat` (signed out in another tab), issued before it (another session is
    /// active), expired, ... and the request could not be handed to a handshake (not a
    /// page request, handshakes off, no publishable key, a redirect loop).
    Cookie(CookieReason),
}

impl SignedOutReason {
    /// A stable kebab-case code, in the style of Clerk's other SDKs: for tokens that did
    /// not verify, their [`Reason`](crate::jwt::Reason) code (e.g. `token-expired`).
    pub fn code(&self) -> &'static str {
        match self {
            SignedOutReason::NoToken => "token-missing",
            SignedOutReason::TokenTypeNotAccepted(_) => "token-type-mismatch",
            SignedOutReason::MachineTokenInCookie => "machine-token-in-cookie",
            SignedOutReason::InvalidSessionToken(e) => e.reason().code(),
            SignedOutReason::PendingSession(_) => "session-pending",
            SignedOutReason::InvalidMachineToken(_) => "machine-token-invalid",
            SignedOutReason::InvalidMachineJwt(_, e) => e.reason().code(),
            SignedOutReason::SecretKeyRejected(_) => "secret-key-invalid",
            SignedOutReason::InactiveMachineToken(_) => "machine-token-inactive",
            SignedOutReason::Misconfigured(crate::Error::MissingSecretKey) => "secret-key-missing",
            SignedOutReason::Misconfigured(_) => "configuration-invalid",
            SignedOutReason::VerificationUnavailable(_) => "verification-unavailable",
            SignedOutReason::Cookie(reason) => reason.code(),
        }
    }

    /// Whether the request was refused because of this server's configuration rather
    /// than the caller's credentials: the API refused this server's secret key (for a
    /// machine token, [`SecretKeyRejected`](Self::SecretKeyRejected); for a session
    /// token, while fetching the key set), or there is none
    /// ([`Misconfigured`](Self::Misconfigured)). The caller cannot fix it.
    pub fn is_configuration_error(&self) -> bool {
        match self {
            SignedOutReason::SecretKeyRejected(_) | SignedOutReason::Misconfigured(_) => true,
            SignedOutReason::InvalidSessionToken(e) | SignedOutReason::InvalidMachineJwt(_, e) => {
                e.reason().is_configuration_error()
            }
            _ => false,
        }
    }

    /// Whether no verdict could be had right now (Clerk unreachable, failing or rate
    /// limiting): the machine-token verify call failed so, or the session keys could not
    /// be fetched and none was cached. Worth retrying later; not the caller's fault.
    pub fn is_unavailable(&self) -> bool {
        match self {
            SignedOutReason::VerificationUnavailable(_) => true,
            SignedOutReason::InvalidSessionToken(e) | SignedOutReason::InvalidMachineJwt(_, e) => {
                e.reason() == Reason::KeyFetchFailed
            }
            _ => false,
        }
    }

    /// How long to wait before trying again, when the API said (`Retry-After` of a 429).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SignedOutReason::VerificationUnavailable(e) => e.api().and_then(|a| a.retry_after),
            _ => None,
        }
    }
}

impl std::fmt::Display for SignedOutReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignedOutReason::NoToken => f.write_str("no token"),
            SignedOutReason::TokenTypeNotAccepted(kind) => {
                write!(f, "{kind:?} tokens are not accepted")
            }
            SignedOutReason::MachineTokenInCookie => {
                f.write_str("machine tokens are accepted in the Authorization header only")
            }
            SignedOutReason::InvalidSessionToken(e) => write!(f, "invalid session token: {e}"),
            SignedOutReason::PendingSession(_) => {
                f.write_str("the session is pending: a task is left to complete")
            }
            SignedOutReason::InvalidMachineToken(e) => write!(f, "invalid machine token: {e}"),
            SignedOutReason::InvalidMachineJwt(kind, e) => {
                write!(f, "invalid {kind:?} JWT: {e}")
            }
            SignedOutReason::SecretKeyRejected(e) => write!(
                f,
                "the Clerk API refused this server's secret key when verifying a machine token: {e}"
            ),
            SignedOutReason::InactiveMachineToken(kind) => {
                write!(f, "the {kind:?} is revoked, expired or inactive")
            }
            SignedOutReason::Misconfigured(e) => {
                write!(
                    f,
                    "machine tokens cannot be verified with this server's configuration: {e}"
                )
            }
            SignedOutReason::Cookie(reason) => write!(f, "session cookie: {reason}"),
            SignedOutReason::VerificationUnavailable(e) => {
                write!(
                    f,
                    "the Clerk API could not verify the machine token now: {e}"
                )
            }
        }
    }
}

/// Who a request is from: signed in, signed out, or (page requests, see [`authenticate`])
/// to be handed to a handshake first.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // built once per request and shared behind an Arc
#[non_exhaustive]
pub enum RequestState {
    /// Authenticated.
    SignedIn(Auth),
    /// Not authenticated, and why.
    SignedOut(SignedOutReason),
    /// A page request whose session Clerk's Frontend API must refresh or sync first: the
    /// answer is a redirect there (the headers of [`Authentication`]), and why.
    Handshake(CookieReason),
}

impl RequestState {
    /// The authentication, when signed in.
    pub fn auth(&self) -> Option<&Auth> {
        match self {
            RequestState::SignedIn(auth) => Some(auth),
            RequestState::SignedOut(_) | RequestState::Handshake(_) => None,
        }
    }

    /// Whether the request is signed in.
    pub fn is_signed_in(&self) -> bool {
        matches!(self, RequestState::SignedIn(_))
    }
}

/// The token of a request: `Authorization: Bearer <token>` (or a bare token), else the
/// `__session` cookie. Returns the token and whether it came from the cookie.
pub fn token_from_headers(headers: &HeaderMap) -> Option<(&str, bool)> {
    token_from_values(
        headers.get(AUTHORIZATION).map(|v| v.as_bytes()),
        headers.get_all(COOKIE).iter().map(|v| v.as_bytes()),
    )
}

/// [`token_from_headers`] over raw header values, for frameworks whose header types are
/// not the `http` crate's (actix-web).
pub(crate) fn token_from_values<'a>(
    authorization: Option<&'a [u8]>,
    cookies: impl Iterator<Item = &'a [u8]>,
) -> Option<(&'a str, bool)> {
    if let Some(value) = authorization.and_then(header_str) {
        let value = value.trim();
        let token = match value.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
            Some(_) => "",
            None => value,
        };
        if !token.is_empty() {
            return Some((token, false));
        }
    }
    cookie(cookies, "__session")
        .filter(|value| !value.is_empty())
        .map(|value| (value, true))
}

/// The value of the first cookie called `name` in the `Cookie` headers, read as browsers
/// send them and Clerk's JS SDK (the `cookie` package) reads them: pairs split on `;`,
/// name and value trimmed of spaces and tabs, the first pair of a name wins. Read from
/// the raw bytes pair by pair, so that a cookie with bytes that are not text (a
/// `theme=café` set by another app) loses only itself. A value in double quotes is
/// unquoted (RFC 6265); values are not percent-decoded (a session token has no `%`).
pub(crate) fn cookie<'a>(headers: impl Iterator<Item = &'a [u8]>, name: &str) -> Option<&'a str> {
    let value = headers
        .flat_map(|header| header.split(|&b| b == b';'))
        .find_map(|pair| {
            let eq = pair.iter().position(|&b| b == b'=')?;
            (trim(&pair[..eq]) == name.as_bytes()).then(|| trim(&pair[eq + 1..]))
        })?;
    let value = match value {
        [b'"', inner @ .., b'"'] => inner,
        _ => value,
    };
    std::str::from_utf8(value).ok()
}

/// `bytes` without the spaces and tabs around it.
fn trim(bytes: &[u8]) -> &[u8] {
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes
        .iter()
        .position(|b| !is_blank(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// A header value as text when it is visible ASCII (what `HeaderValue::to_str` accepts).
fn header_str(value: &[u8]) -> Option<&str> {
    if value
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        std::str::from_utf8(value).ok()
    } else {
        None
    }
}

/// Authenticates a request from its headers, as for an API route: a bearer token, else
/// the session cookie (checked against `__client_uat`). Never a handshake: without the
/// method and URL, no request is taken for a page ([`authenticate`] is for those).
///
/// Each call runs in a `clerk.authenticate` span (level DEBUG) recording the token's
/// `token_kind` and `token_source` (`header` or `cookie`), the `outcome` (`signed_in`,
/// `signed_out` or `handshake`), the reason code as `reason`, the token's `kid` and how
/// the key set cache answered (`jwks`: `hit`, `stale`, `refresh`, `miss`, `shared` or
/// `backoff`); opaque machine tokens add the `clerk.api` span of their verify call.
/// Never the token, a claim or a key.
///
/// ```no_run
/// # async fn run(headers: http::HeaderMap) {
/// use clerk::{AuthenticateOptions, RequestState};
/// use clerk::jwt::{JwksCache, VerifyParams};
///
/// let options = AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
/// match clerk::authenticate_request(&headers, &options).await {
///     RequestState::SignedIn(auth) => println!("{:?}", auth.session().map(|c| &c.subject)),
///     RequestState::SignedOut(reason) => println!("signed out: {reason}"),
///     _ => unreachable!("handshakes are for page requests (clerk::authenticate)"),
/// }
/// # }
/// ```
pub async fn authenticate_request(
    headers: &HeaderMap,
    options: &AuthenticateOptions,
) -> RequestState {
    let view = RequestView {
        authorization: headers.get(AUTHORIZATION).map(|v| v.as_bytes()),
        cookies: headers
            .get_all(COOKIE)
            .iter()
            .map(|v| v.as_bytes())
            .collect(),
        ..RequestView::default()
    };
    authenticate_view(&view, options).await.state
}

/// What [`authenticate`] decided for a request: its state, and the headers the response
/// must carry: a redirect (`Location`, with `Set-Cookie` and `Cache-Control: no-store`)
/// for a handshake or a resolved one, cookies a resolved handshake sets, and Clerk's
/// `x-clerk-auth-status` and `x-clerk-auth-reason`.
#[derive(Debug)]
pub struct Authentication {
    /// Signed in, signed out, or a handshake.
    pub state: RequestState,
    /// Headers for the response.
    pub headers: HeaderMap,
}

impl Authentication {
    /// The redirect the response must be (`307` with [`headers`](Self::headers)) instead
    /// of the page: a handshake, or the page's own URL once a development handshake is
    /// resolved.
    pub fn redirect(&self) -> Option<&http::HeaderValue> {
        self.headers.get(http::header::LOCATION)
    }
}

/// Authenticates a request as Clerk's JS SDK (`authenticateRequest`) does for apps that
/// render pages as well as for APIs: a bearer token as [`authenticate_request`] does;
/// else, the session cookie by Clerk's cookie rules, and for a page request (a `GET`
/// for a document) whose cookie needs Clerk's Frontend API (expired, missing, of
/// another session, a satellite to sync, ...) a [handshake](RequestState::Handshake):
/// a redirect to the Frontend API, which sends the browser back with fresh cookies
/// that this function resolves on the way back. Handshakes need
/// [`AuthenticateOptions::pages`]. The framework integrations answer all of this
/// themselves; this is for the others.
///
/// It takes the request's head (`request.into_parts()`), which a future may hold
/// across an `.await` whatever the body type.
///
/// ```no_run
/// # async fn run(request: http::Request<()>) -> Result<(), clerk::Error> {
/// use clerk::jwt::{JwksCache, VerifyParams};
/// use clerk::{AuthenticateOptions, PageOptions, RequestState};
///
/// let options = AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()))
///     .pages(PageOptions::new("pk_test_Zm9vLWJhci0xMy5jbGVyay5hY2NvdW50cy5kZXYk")?);
/// let (head, body) = request.into_parts();
/// let authentication = clerk::authenticate(&head, &options).await;
/// if authentication.redirect().is_some() {
///     // Answer 307 with `authentication.headers`.
/// } else if let RequestState::SignedIn(auth) = &authentication.state {
///     // Render the page; add `authentication.headers` to the response.
/// }
/// # let _ = body; Ok(()) }
/// ```
pub async fn authenticate(
    request: &http::request::Parts,
    options: &AuthenticateOptions,
) -> Authentication {
    let headers = &request.headers;
    let path = request.uri.path_and_query().map_or("/", |p| p.as_str());
    let view = RequestView::new(
        request.method.as_str(),
        path,
        |name| headers.get(name).map(|v| v.as_bytes()),
        headers
            .get_all(COOKIE)
            .iter()
            .map(|v| v.as_bytes())
            .collect(),
    );
    let outcome = authenticate_view(&view, options).await;
    let mut headers = outcome.headers;
    page::debug_headers(&outcome.state, &mut headers);
    Authentication {
        state: outcome.state,
        headers,
    }
}

/// Authenticates `view` in its tracing span: the bearer token if any, else the cookies.
pub(crate) async fn authenticate_view(
    view: &RequestView<'_>,
    options: &AuthenticateOptions,
) -> page::Outcome {
    let span = tracing::debug_span!(
        "clerk.authenticate",
        token_kind = Empty,
        token_source = Empty,
        outcome = Empty,
        reason = Empty,
        kid = Empty,
        jwks = Empty,
    );
    let bearer = token_from_values(view.authorization, std::iter::empty()).map(|(t, _)| t);
    let outcome = async {
        match bearer {
            Some(token) => {
                let state = authenticate_bearer(token, options).await;
                let handshake = match &state {
                    RequestState::SignedOut(SignedOutReason::InvalidSessionToken(e)) => {
                        page::bearer_handshake(view, options, token, e.reason())
                    }
                    _ => None,
                };
                handshake.unwrap_or(page::Outcome {
                    state,
                    headers: HeaderMap::new(),
                })
            }
            None if !options.accepts.contains(&TokenKind::Session) => page::Outcome {
                state: RequestState::SignedOut(SignedOutReason::NoToken),
                headers: HeaderMap::new(),
            },
            None => page::authenticate_cookie(view, options).await,
        }
    }
    .instrument(span.clone())
    .await;
    match &outcome.state {
        RequestState::SignedIn(_) => span.record("outcome", "signed_in"),
        RequestState::SignedOut(reason) => span
            .record("outcome", "signed_out")
            .record("reason", reason.code()),
        RequestState::Handshake(reason) => span
            .record("outcome", "handshake")
            .record("reason", reason.code()),
    };
    outcome
}

/// A token from the `Authorization` header.
async fn authenticate_bearer(token: &str, options: &AuthenticateOptions) -> RequestState {
    let (kind, jws) = classify(token, options.verify.max_token_size());
    tracing::Span::current()
        .record("token_kind", kind.as_str())
        .record("token_source", "header");
    if !options.accepts.contains(&kind) {
        return RequestState::SignedOut(SignedOutReason::TokenTypeNotAccepted(kind));
    }
    match (kind, jws) {
        (TokenKind::Session, Some(jws)) => {
            let verified = match jws {
                Ok(jws) => jwt::verify_session(jws, &options.verify).await,
                Err(e) => Err(e),
            };
            match verified {
                Ok(claims) if claims.is_pending() && !options.accept_pending => {
                    RequestState::SignedOut(SignedOutReason::PendingSession(Box::new(claims)))
                }
                Ok(claims) => RequestState::SignedIn(Auth::Session(claims)),
                Err(e) => RequestState::SignedOut(SignedOutReason::InvalidSessionToken(e)),
            }
        }
        (kind, Some(Ok(jws))) => {
            let verified = match kind {
                TokenKind::M2mToken => jwt::machine::verify_m2m(jws, &options.verify)
                    .await
                    .map(Auth::M2mToken),
                _ => jwt::machine::verify_oauth(jws, &options.verify)
                    .await
                    .map(Auth::OAuthToken),
            };
            match verified {
                Ok(auth) => RequestState::SignedIn(auth),
                Err(e) => RequestState::SignedOut(SignedOutReason::InvalidMachineJwt(kind, e)),
            }
        }
        (machine, _) => verify_opaque(machine, token, options).await,
    }
}

/// An opaque machine token, asked of the API once: recent refusals of the same token are
/// answered from memory, and while the API rate-limits this server, nothing is asked.
async fn verify_opaque(
    kind: TokenKind,
    token: &str,
    options: &AuthenticateOptions,
) -> RequestState {
    let cache = &options.machine_cache;
    match cache.get(token) {
        Some(Negative::Invalid(answer)) => {
            let error = crate::Error::Api(answer);
            return RequestState::SignedOut(SignedOutReason::InvalidMachineToken(error));
        }
        Some(Negative::Inactive) => {
            return RequestState::SignedOut(SignedOutReason::InactiveMachineToken(kind));
        }
        None => {}
    }
    if let Some(answer) = cache.rate_limited() {
        let error = crate::Error::Api(answer);
        return RequestState::SignedOut(SignedOutReason::VerificationUnavailable(error));
    }
    let reason = match verify_machine(kind, token, options).await {
        Ok(Some(auth)) if is_active(&auth) => return RequestState::SignedIn(auth),
        Ok(_) => {
            cache.put(token, Negative::Inactive);
            SignedOutReason::InactiveMachineToken(kind)
        }
        Err(e) if matches!(e.status(), Some(401 | 403)) => {
            tracing::error!(
                status = e.status(),
                kind = ?kind,
                "clerk: the API refused this server's secret key when verifying a machine \
                 token; check CLERK_SECRET_KEY (or the machine secret key): {e}"
            );
            SignedOutReason::SecretKeyRejected(e)
        }
        Err(e @ (crate::Error::MissingSecretKey | crate::Error::Config(_))) => {
            tracing::error!(
                kind = ?kind,
                "clerk: machine tokens cannot be verified with this server's \
                 configuration; set CLERK_SECRET_KEY or AuthenticateOptions::machine_config: {e}"
            );
            SignedOutReason::Misconfigured(e)
        }
        Err(e) if e.is_retryable() => {
            if let Some(answer) = e.api().filter(|a| a.status == 429) {
                cache.note_rate_limited(answer);
            }
            tracing::warn!(
                status = e.status(),
                kind = ?kind,
                "clerk: the API could not verify a machine token now: {e}"
            );
            SignedOutReason::VerificationUnavailable(e)
        }
        Err(e) => {
            if let crate::Error::Api(answer) = &e {
                cache.put(token, Negative::Invalid(answer.clone()));
            }
            SignedOutReason::InvalidMachineToken(e)
        }
    };
    RequestState::SignedOut(reason)
}

/// Whether a verified machine token may be used: a 200 from a verify endpoint can still
/// describe a revoked or expired token.
fn is_active(auth: &Auth) -> bool {
    match auth {
        Auth::Session(_) => true,
        Auth::ApiKey(key) => !key.revoked && !key.expired,
        Auth::M2mToken(token) => !token.revoked && !token.expired,
        Auth::OAuthToken(token) => !token.revoked && !token.expired,
    }
}

/// Asks the API about an opaque machine token; `None` for an OAuth token the API calls
/// inactive (`{"active": false}`).
async fn verify_machine(
    kind: TokenKind,
    token: &str,
    options: &AuthenticateOptions,
) -> crate::Result<Option<Auth>> {
    let api = match &options.machine {
        Some(config) => config.shared()?,
        None => crate::http::config::global()?.shared()?,
    };
    Ok(match kind {
        TokenKind::ApiKey => Some(Auth::ApiKey(machine::verify_api_key(&api, token).await?)),
        TokenKind::M2mToken => Some(Auth::M2mToken(
            machine::verify_m2m_token(&api, token).await?,
        )),
        TokenKind::OAuthToken => machine::verify_oauth_token(&api, token)
            .await?
            .map(Auth::OAuthToken),
        TokenKind::Session => {
            return Err(crate::Error::InvalidRequest(
                "session tokens are verified locally".into(),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn finds_the_token_in_header_then_cookie() {
        assert_eq!(
            token_from_headers(&headers(&[("authorization", "Bearer abc")])),
            Some(("abc", false))
        );
        assert_eq!(
            token_from_headers(&headers(&[("authorization", "bearer  abc ")])),
            Some(("abc", false))
        );
        assert_eq!(
            token_from_headers(&headers(&[("authorization", "abc")])),
            Some(("abc", false))
        );
        assert_eq!(
            token_from_headers(&headers(&[
                ("authorization", "Basic Zm9v"),
                ("cookie", "a=1; __session=tok; b=2")
            ])),
            Some(("tok", true)),
            "other schemes are ignored and the cookie is used"
        );
        assert_eq!(
            token_from_headers(&headers(&[("cookie", "__session_abc=x; __session=")])),
            None
        );
        assert_eq!(token_from_headers(&HeaderMap::new()), None);
    }

    fn session_cookie(headers: &[&[u8]]) -> Option<&'static str> {
        let headers: Vec<&'static [u8]> = headers
            .iter()
            .map(|h| &*Box::leak(h.to_vec().into_boxed_slice()))
            .collect();
        token_from_values(None, headers.into_iter()).map(|(token, from_cookie)| {
            assert!(from_cookie);
            token
        })
    }

    #[test]
    fn cookies_are_read_pair_by_pair_like_browsers_send_them() {
        // Another app's cookie with bytes that are not ASCII (or not UTF-8) loses itself only.
        assert_eq!(
            session_cookie(&["theme=café; __session=tok".as_bytes()]),
            Some("tok")
        );
        assert_eq!(
            session_cookie(&[b"a=\xff\xfe; __session=tok; b=\x80"]),
            Some("tok")
        );
        // Quoted values (RFC 6265 allows them) are unquoted; spaces and tabs trimmed.
        assert_eq!(session_cookie(&[b"__session=\"tok\""]), Some("tok"));
        assert_eq!(session_cookie(&[b" \t__session = tok \t;x=1"]), Some("tok"));
        // The first pair of a name wins, as in the `cookie` package; pairs without `=` are
        // skipped; a similar name is another cookie.
        assert_eq!(
            session_cookie(&[b"junk; __session_x=no; __session=first; __session=second"]),
            Some("first")
        );
        assert_eq!(session_cookie(&[b"__session=; __session=second"]), None);
        // Several Cookie headers (HTTP/2 sends one per cookie) are read in order.
        assert_eq!(
            session_cookie(&[b"theme=dark", b"__session=tok"]),
            Some("tok")
        );
        assert_eq!(session_cookie(&[b"__session=t\xc3"]), None);
        assert_eq!(session_cookie(&[b"\"__session\"=tok"]), None);
        assert_eq!(session_cookie(&[b"__session=\""]), Some("\""));
    }

    #[test]
    fn raw_header_values_are_read_as_http_reads_them() {
        // What actix-web hands over: bytes. An Authorization value that is not visible
        // ASCII is no value, as for `HeaderValue::to_str`; the cookie is still looked at.
        assert_eq!(
            token_from_values(Some(b"Bearer t\xc3\xa9"), std::iter::empty()),
            None
        );
        let cookies = [b"a=\xff".as_slice(), b"__session=ok".as_slice()];
        assert_eq!(
            token_from_values(Some(b"Bearer \x7f"), cookies.into_iter()),
            Some(("ok", true))
        );
    }

    #[test]
    fn token_kinds_by_prefix() {
        assert_eq!(TokenKind::of("ak_123"), TokenKind::ApiKey);
        assert_eq!(TokenKind::of("mt_123"), TokenKind::M2mToken);
        assert_eq!(TokenKind::of("oat_123"), TokenKind::OAuthToken);
        assert_eq!(TokenKind::of("eyJhbGciOi"), TokenKind::Session);
    }
}
