//! Verifying Clerk session tokens (JWTs): networkless with the instance's PEM key, or
//! with its JSON Web Key Set fetched and cached through the API.
//!
//! ```no_run
//! # async fn run(token: &str) -> Result<(), clerk::jwt::VerifyError> {
//! use clerk::jwt::{self, JwksCache, VerifyParams};
//!
//! // Once, at start-up: the cache fetches GET /jwks with the process-wide key.
//! let params = VerifyParams::with_jwks(JwksCache::global())
//!     .authorized_parties(["https://app.example.com"]);
//!
//! // Per request:
//! let claims = jwt::verify(token, &params).await?;
//! println!("user {} in session {:?}", claims.subject, claims.session_id);
//! if claims.has_permission("org:invoices:read") { /* ... */ }
//! # Ok(()) }
//! ```
//!
//! The checks and their order follow Clerk's JavaScript SDK (`@clerk/backend`):
//!
//! 1. size, structure (three base64url parts; header and payload JSON objects);
//! 2. the header: `typ` absent or `JWT`, the algorithm RS256/384/512 only (never `none`
//!    or HMAC), the token category (`cat`) absent, session or "ignore";
//! 3. the key (by `kid` from the key set), then the signature;
//! 4. the claims: `sub`, `aud`, `azp`, `iss`, then `exp`, `nbf`, `iat` with a 5 s leeway.
//!    Times are JSON numbers; fractions are floored.
//!
//! Each failure has its own [`Reason`]. The header is checked before the key is looked
//! up, so a token of the wrong kind never causes a key-set fetch.

mod authorization;
mod cache;
mod claims;
mod error;
mod jws;
mod key;
pub(crate) mod machine;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use tracing::Instrument;
use tracing::field::Empty;

pub use authorization::{FactorLevel, Requirement, Reverification};
pub use cache::JwksCache;
pub use claims::{ActiveOrganization, Actor, SessionClaims};
pub use error::{Reason, VerifyError};
pub use jws::IGNORE_TOKEN_CATEGORY;
pub use key::{Algorithm, JwtKey};

pub(crate) use jws::{Category, Jws, Typ};

/// The `cat` header of session tokens.
pub const SESSION_TOKEN_CATEGORY: &str = "cl_B7d4PD111AAA";
/// The `cat` header of JWT-template tokens.
pub const TEMPLATE_TOKEN_CATEGORY: &str = "cl_B7d4PD222AAA";
/// The `cat` header of machine (M2M) tokens.
pub const MACHINE_TOKEN_CATEGORY: &str = "cl_B7d4PD333AAA";

/// The current time, injectable for tests.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now, in Unix seconds.
    fn now(&self) -> i64;

    /// Now, in milliseconds. The [`JwksCache`] measures its intervals (cooldown, backoff,
    /// staleness) with it; only differences matter. Defaults to `now() * 1000`.
    fn now_millis(&self) -> i64 {
        self.now().saturating_mul(1000)
    }
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    fn now_millis(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// Which issuers (`iss`) are accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Issuer {
    /// A Clerk Frontend API: `https://clerk.<your domain>` or `https://<x>.clerk.accounts.dev`
    /// (the default).
    ClerkFrontendApi,
    /// Exactly this URL: a proxy URL, or the primary domain's Frontend API for satellites.
    Exact(String),
    /// Do not check `iss`.
    Any,
}

impl Issuer {
    fn accepts(&self, iss: Option<&str>) -> bool {
        match (self, iss) {
            (Issuer::Any, _) => true,
            (Issuer::Exact(want), Some(iss)) => {
                iss.trim_end_matches('/') == want.trim_end_matches('/')
            }
            (Issuer::ClerkFrontendApi, Some(iss)) => {
                iss.starts_with("https://clerk.") || iss.contains(".clerk.accounts")
            }
            (_, None) => false,
        }
    }
}

/// Where verification keys come from.
#[derive(Clone, Debug)]
enum Keys {
    Key(Arc<JwtKey>),
    Jwks(JwksCache),
}

/// How to verify a session token. Build once, share across requests.
#[derive(Clone, Debug)]
pub struct VerifyParams {
    keys: Keys,
    authorized_parties: Vec<String>,
    audience: Vec<String>,
    leeway: i64,
    issuer: Issuer,
    clock: Arc<dyn Clock>,
    max_token_size: usize,
}

impl VerifyParams {
    fn new(keys: Keys) -> Self {
        VerifyParams {
            keys,
            authorized_parties: Vec::new(),
            audience: Vec::new(),
            leeway: 5,
            issuer: Issuer::ClerkFrontendApi,
            clock: Arc::new(SystemClock),
            max_token_size: 8 * 1024,
        }
    }

    /// Verifies with one key, without network: e.g. [`JwtKey::from_pem`] of `CLERK_JWT_KEY`.
    pub fn with_key(key: JwtKey) -> Self {
        VerifyParams::new(Keys::Key(Arc::new(key)))
    }

    /// Verifies with the instance's key set, fetched and cached by `cache`.
    pub fn with_jwks(cache: JwksCache) -> Self {
        VerifyParams::new(Keys::Jwks(cache))
    }

    /// Requires `azp` to be one of these origins (recommended for browser sessions,
    /// against token reuse across sites). Empty (the default) accepts any `azp`.
    pub fn authorized_parties<S: Into<String>>(
        mut self,
        parties: impl IntoIterator<Item = S>,
    ) -> Self {
        self.authorized_parties = parties.into_iter().map(Into::into).collect();
        self
    }

    /// Requires `aud` to contain one of these. Unset (the default), `aud` is not checked.
    pub fn audience<S: Into<String>>(mut self, audience: impl IntoIterator<Item = S>) -> Self {
        self.audience = audience.into_iter().map(Into::into).collect();
        self
    }

    /// Clock skew allowed for `exp`, `nbf` and `iat` (default 5 s), in whole seconds.
    /// Any value is safe: the arithmetic saturates.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = i64::try_from(leeway.as_secs()).unwrap_or(i64::MAX);
        self
    }

    /// Which issuers are accepted (default [`Issuer::ClerkFrontendApi`]).
    pub fn issuer(mut self, issuer: Issuer) -> Self {
        self.issuer = issuer;
        self
    }

    /// The clock (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Tokens longer than this are refused before any parsing (default 8 KiB).
    pub fn with_max_token_size(mut self, bytes: usize) -> Self {
        self.max_token_size = bytes;
        self
    }

    pub(crate) fn max_token_size(&self) -> usize {
        self.max_token_size
    }

    /// The key for a token's header: the configured key, or the key set's entry for `kid`.
    /// Records the kid and, for key sets, how the cache answered (`hit`, `miss`,
    /// `refresh`, ...) on the current verification span.
    async fn key_for(&self, jws: &Jws<'_>) -> Result<Arc<JwtKey>, VerifyError> {
        let span = tracing::Span::current();
        if let Some(kid) = jws.header.kid() {
            span.record("kid", loggable(kid));
        }
        match &self.keys {
            Keys::Key(key) => {
                if let (Some(want), Some(have)) = (jws.header.kid(), key.kid())
                    && want != have
                {
                    return Err(VerifyError::new(
                        Reason::UnknownKey,
                        "the token's kid is not the key's",
                    ));
                }
                Ok(key.clone())
            }
            Keys::Jwks(cache) => {
                let kid = jws
                    .header
                    .kid()
                    .ok_or_else(|| VerifyError::new(Reason::UnknownKey, "the token has no kid"))?;
                let (key, lookup) = cache.lookup(kid).await;
                span.record("jwks", lookup.as_str());
                key
            }
        }
    }
}

/// A token's JOSE header.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct Header {
    /// The signature algorithm.
    pub alg: String,
    /// The key id.
    #[serde(default)]
    pub kid: Option<String>,
    /// The token type, usually `JWT`.
    #[serde(default)]
    pub typ: Option<String>,
    /// Clerk's token category (session, template, machine).
    #[serde(default)]
    pub cat: Option<String>,
}

/// A token decoded without verification: do not trust it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct UnverifiedToken {
    /// The header.
    pub header: Header,
    /// The claims as sent.
    pub claims: serde_json::Map<String, serde_json::Value>,
}

/// Decodes a token's header and claims **without verifying anything**.
pub fn decode(token: &str) -> Result<UnverifiedToken, VerifyError> {
    let jws = Jws::parse(token, usize::MAX)?;
    let header = token.trim().split('.').next().unwrap_or_default();
    Ok(UnverifiedToken {
        header: jws::json_object(&jws::b64(header, "header")?, "header")?,
        claims: jws::json_object(&jws.payload, "payload")?,
    })
}

/// Verifies a session token and returns its claims.
///
/// Machine tokens are refused with [`Reason::WrongTokenType`]: by category (`cat`), by
/// type (`typ: at+jwt`, OAuth access tokens) and by subject (`sub: mch_...`, M2M
/// tokens, which may carry no category). Clerk's `verifyToken` leaves the last check to
/// `authenticateRequest`; here a session verifier never returns a machine's claims.
///
/// Sessions with `sts: "pending"` verify (the token is genuine, as in Clerk's
/// `verifyToken`); [`crate::authenticate_request`] treats them as signed out unless told
/// otherwise, and [`SessionClaims::is_pending`] tells them apart.
///
/// Each call runs in a `clerk.verify` span (level DEBUG) recording its `outcome`
/// (`verified` or `rejected`), the `reason` code of a rejection, the token's `kid` and how
/// the key set cache answered (`jwks`: `hit`, `stale`, `refresh`, `miss`, `shared` or
/// `backoff`); never the token or a claim.
pub async fn verify(token: &str, params: &VerifyParams) -> Result<SessionClaims, VerifyError> {
    let span = tracing::debug_span!(
        "clerk.verify",
        outcome = Empty,
        reason = Empty,
        kid = Empty,
        jwks = Empty,
    );
    let verifying =
        async { verify_session(Jws::parse(token, params.max_token_size)?, params).await };
    if span.is_disabled() {
        // No subscriber wants it: skip the instrumented wrapper on the hot path.
        return verifying.await;
    }
    let verified = verifying.instrument(span.clone()).await;
    match &verified {
        Ok(_) => span.record("outcome", "verified"),
        Err(e) => span
            .record("outcome", "rejected")
            .record("reason", e.reason().code()),
    };
    verified
}

/// A key id fit for a log line: the token's header is the caller's, so an id that is long
/// or not plain printable ASCII is replaced (no log injection, no megabyte fields).
pub(crate) fn loggable(kid: &str) -> &str {
    if kid.len() <= 64 && kid.bytes().all(|b| b.is_ascii_graphic()) {
        kid
    } else {
        "<unprintable>"
    }
}

/// [`verify`] of a token already split and decoded.
pub(crate) async fn verify_session(
    jws: Jws<'_>,
    params: &VerifyParams,
) -> Result<SessionClaims, VerifyError> {
    match jws.header.typ {
        Typ::Absent | Typ::Jwt => {}
        Typ::AccessToken => {
            return Err(VerifyError::new(
                Reason::WrongTokenType,
                "an OAuth access token (typ at+jwt) is not a session token",
            ));
        }
        Typ::Other => return Err(jws::malformed("the header type (typ) is not JWT")),
    }
    jws.check_header()?;
    match jws.header.cat {
        Category::Absent | Category::Session | Category::Ignore => {}
        Category::Template => return Err(wrong_type("a JWT-template token")),
        Category::Machine => return Err(wrong_type("a machine token")),
        Category::Other => return Err(wrong_type("a token of another category")),
    }
    let key = params.key_for(&jws).await?;
    jws.check_signature(&key)?;
    let claims = SessionClaims::parse(jws.payload)?;
    if claims.subject.starts_with("mch_") {
        return Err(wrong_type("an M2M token (subject mch_...)"));
    }
    check_audience(&claims.audience, &params.audience)?;
    if !params.authorized_parties.is_empty() {
        let ok = claims
            .authorized_party
            .as_deref()
            .is_some_and(|azp| params.authorized_parties.iter().any(|p| p == azp));
        if !ok {
            return Err(VerifyError::new(
                Reason::UnauthorizedParty,
                format!(
                    "azp {:?} is not an authorized party",
                    claims.authorized_party
                ),
            ));
        }
    }
    if !params.issuer.accepts(claims.issuer.as_deref()) {
        return Err(VerifyError::new(
            Reason::InvalidIssuer,
            format!("iss {:?} is not accepted", claims.issuer),
        ));
    }
    check_times(
        claims.expires_at,
        claims.not_before,
        claims.issued_at,
        params,
    )?;
    Ok(claims)
}

/// How old a handshake token may be (by its `iat`), so that one captured cannot be
/// replayed later: handshakes complete in seconds.
const HANDSHAKE_MAX_AGE: i64 = 5 * 60;

/// Verifies a handshake token (the `__clerk_handshake` JWT the Frontend API sends back)
/// and returns its cookie directives. As Clerk's JS SDK: the header's type, algorithm
/// and category of a session token, the signature by the instance's keys. Stricter: a
/// `crit` header is refused, `exp`, `nbf` and `iat` are checked when present, the token
/// may be at most 5 minutes old by its `iat`, and a present `iss` must be accepted.
pub(crate) async fn verify_handshake(
    token: &str,
    params: &VerifyParams,
) -> Result<Vec<String>, VerifyError> {
    #[derive(Deserialize)]
    struct HandshakeClaims {
        #[serde(default)]
        handshake: Option<serde_json::Value>,
        #[serde(default, deserialize_with = "jws::numeric_date")]
        exp: Option<i64>,
        #[serde(default, deserialize_with = "jws::numeric_date")]
        nbf: Option<i64>,
        #[serde(default, deserialize_with = "jws::numeric_date")]
        iat: Option<i64>,
        #[serde(default)]
        iss: Option<String>,
    }
    let jws = Jws::parse(token, params.max_token_size)?;
    match jws.header.typ {
        Typ::Absent | Typ::Jwt => {}
        _ => return Err(jws::malformed("the header type (typ) is not JWT")),
    }
    jws.check_header()?;
    if !matches!(
        jws.header.cat,
        Category::Absent | Category::Session | Category::Ignore
    ) {
        return Err(wrong_type("a token of another category"));
    }
    let key = params.key_for(&jws).await?;
    jws.check_signature(&key)?;
    let claims: HandshakeClaims = jws::json_object(&jws.payload, "payload")?;
    if let Some(iss) = &claims.iss
        && !params.issuer.accepts(Some(iss))
    {
        return Err(VerifyError::new(
            Reason::InvalidIssuer,
            format!("iss {iss:?} is not accepted"),
        ));
    }
    let now = params.clock.now();
    check_times(
        claims.exp.unwrap_or(i64::MAX),
        claims.nbf,
        claims.iat,
        params,
    )?;
    if let Some(iat) = claims.iat
        && iat < now.saturating_sub(HANDSHAKE_MAX_AGE + params.leeway.max(0))
    {
        return Err(VerifyError::new(
            Reason::Expired,
            format!("a handshake issued at {iat} is too old to be used"),
        ));
    }
    let directives = match claims.handshake {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    Ok(directives)
}

fn wrong_type(what: &str) -> VerifyError {
    VerifyError::new(
        Reason::WrongTokenType,
        format!("{what} is not a session token"),
    )
}

/// `aud` must share a value with the expected audience, when one is configured.
fn check_audience(audience: &[String], expected: &[String]) -> Result<(), VerifyError> {
    if expected.is_empty() || audience.is_empty() || audience.iter().any(|a| expected.contains(a)) {
        // Like Clerk's JS SDK: a token without `aud` is not checked against one.
        return Ok(());
    }
    Err(VerifyError::new(
        Reason::InvalidAudience,
        format!("aud {audience:?} is not expected"),
    ))
}

/// `exp`, `nbf` and `iat` against the clock, with the leeway, as Clerk's JS SDK: expired
/// once `exp <= now - leeway`, early while `nbf` or `iat` is after `now + leeway`.
fn check_times(
    exp: i64,
    nbf: Option<i64>,
    iat: Option<i64>,
    params: &VerifyParams,
) -> Result<(), VerifyError> {
    let now = params.clock.now();
    let leeway = params.leeway.max(0);
    if exp <= now.saturating_sub(leeway) {
        return Err(VerifyError::new(
            Reason::Expired,
            format!("expired at {exp}"),
        ));
    }
    if let Some(nbf) = nbf
        && nbf > now.saturating_add(leeway)
    {
        return Err(VerifyError::new(
            Reason::NotYetValid,
            format!("not valid before {nbf}"),
        ));
    }
    if let Some(iat) = iat
        && iat > now.saturating_add(leeway)
    {
        return Err(VerifyError::new(
            Reason::IssuedInFuture,
            format!("issued at {iat}, in the future"),
        ));
    }
    Ok(())
}
