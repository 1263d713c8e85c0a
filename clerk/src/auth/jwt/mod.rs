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
//! The checks and their order follow Clerk's JavaScript SDK: size, structure, algorithm
//! (RS256/384/512 only; never `none` or HMAC), key, signature, then the claims (`sub`,
//! `exp`, `nbf`, `iat` with a 5 s leeway, `azp`, `aud`, `iss`) and the token category.
//! Each failure has its own [`Reason`].

mod cache;
mod claims;
mod error;
mod key;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

pub use cache::JwksCache;
pub use claims::{ActiveOrganization, Actor, SessionClaims};
pub use error::{Reason, VerifyError};
pub use key::{Algorithm, JwtKey};

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
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
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

    /// Clock skew allowed for `exp`, `nbf` and `iat` (default 5 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway.as_secs() as i64;
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

fn malformed(message: &str) -> VerifyError {
    VerifyError::new(Reason::Malformed, message)
}

/// The three parts of a compact JWS, and the signed message.
struct Parts<'a> {
    signed: &'a str,
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
}

fn split(token: &str) -> Result<Parts<'_>, VerifyError> {
    let mut it = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (it.next(), it.next(), it.next(), it.next())
    else {
        return Err(malformed("a JWT has three dot-separated parts"));
    };
    Ok(Parts {
        signed: &token[..header.len() + 1 + payload.len()],
        header,
        payload,
        signature,
    })
}

fn b64(part: &str, what: &str) -> Result<Vec<u8>, VerifyError> {
    URL_SAFE_NO_PAD
        .decode(part.as_bytes())
        .map_err(|_| malformed(&format!("the {what} is not base64url")))
}

fn header(part: &str) -> Result<Header, VerifyError> {
    serde_json::from_slice(&b64(part, "header")?).map_err(|e| malformed(&format!("header: {e}")))
}

/// The header fields verification reads, borrowed from the decoded header.
#[derive(Deserialize)]
struct HeaderRef<'a> {
    #[serde(borrow)]
    alg: Cow<'a, str>,
    #[serde(borrow, default)]
    kid: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    cat: Option<Cow<'a, str>>,
}

/// Decodes a token's header and claims **without verifying anything**.
pub fn decode(token: &str) -> Result<UnverifiedToken, VerifyError> {
    let parts = split(token.trim())?;
    let header = header(parts.header)?;
    let claims = serde_json::from_slice(&b64(parts.payload, "payload")?)
        .map_err(|e| malformed(&format!("claims: {e}")))?;
    Ok(UnverifiedToken { header, claims })
}

/// Verifies a session token and returns its claims.
pub async fn verify(token: &str, params: &VerifyParams) -> Result<SessionClaims, VerifyError> {
    if token.len() > params.max_token_size {
        return Err(VerifyError::new(
            Reason::TooLarge,
            format!(
                "{} bytes, over the {} byte limit",
                token.len(),
                params.max_token_size
            ),
        ));
    }
    let parts = split(token.trim())?;
    let header_json = b64(parts.header, "header")?;
    let header: HeaderRef<'_> =
        serde_json::from_slice(&header_json).map_err(|e| malformed(&format!("header: {e}")))?;
    let algorithm = Algorithm::from_name(&header.alg).ok_or_else(|| {
        VerifyError::new(
            Reason::InvalidAlgorithm,
            format!("algorithm {:?} is not accepted", header.alg),
        )
    })?;
    let key = match &params.keys {
        Keys::Key(key) => {
            if let (Some(want), Some(have)) = (header.kid.as_deref(), key.kid())
                && want != have
            {
                return Err(VerifyError::new(
                    Reason::UnknownKey,
                    "the token's kid is not the key's",
                ));
            }
            key.clone()
        }
        Keys::Jwks(cache) => {
            let kid = header
                .kid
                .as_deref()
                .ok_or_else(|| VerifyError::new(Reason::UnknownKey, "the token has no kid"))?;
            cache.key(kid).await?
        }
    };
    if key.algorithm() != algorithm {
        return Err(VerifyError::new(
            Reason::InvalidAlgorithm,
            format!(
                "the token says {} but the key is {}",
                algorithm.name(),
                key.algorithm().name()
            ),
        ));
    }
    // Up to RSA-8192 signatures, decoded on the stack.
    let mut signature = [0u8; 1024];
    let signature = URL_SAFE_NO_PAD
        .decode_slice(parts.signature.as_bytes(), &mut signature)
        .map(|n| &signature[..n])
        .map_err(|_| malformed("the signature is not base64url (or too long)"))?;
    if !key.verify(parts.signed.as_bytes(), signature) {
        return Err(VerifyError::new(
            Reason::InvalidSignature,
            "the signature does not match",
        ));
    }
    let claims = SessionClaims::parse(b64(parts.payload, "payload")?)?;
    check_claims(header.cat.as_deref(), &claims, params)?;
    Ok(claims)
}

fn check_claims(
    category: Option<&str>,
    claims: &SessionClaims,
    params: &VerifyParams,
) -> Result<(), VerifyError> {
    match category {
        None | Some(SESSION_TOKEN_CATEGORY) => {}
        Some(other) => {
            return Err(VerifyError::new(
                Reason::WrongTokenType,
                format!("a {} token is not a session token", category_name(other)),
            ));
        }
    }
    let now = params.clock.now();
    let leeway = params.leeway;
    if now - leeway > claims.expires_at {
        return Err(VerifyError::new(
            Reason::Expired,
            format!("expired at {}", claims.expires_at),
        ));
    }
    if let Some(nbf) = claims.not_before
        && nbf > now + leeway
    {
        return Err(VerifyError::new(
            Reason::NotYetValid,
            format!("not valid before {nbf}"),
        ));
    }
    if let Some(iat) = claims.issued_at
        && iat > now + leeway
    {
        return Err(VerifyError::new(
            Reason::IssuedInFuture,
            format!("issued at {iat}, in the future"),
        ));
    }
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
    if !params.audience.is_empty() && !claims.audience.iter().any(|a| params.audience.contains(a)) {
        return Err(VerifyError::new(
            Reason::InvalidAudience,
            format!("aud {:?} is not expected", claims.audience),
        ));
    }
    if !params.issuer.accepts(claims.issuer.as_deref()) {
        return Err(VerifyError::new(
            Reason::InvalidIssuer,
            format!("iss {:?} is not accepted", claims.issuer),
        ));
    }
    Ok(())
}

fn category_name(cat: &str) -> &'static str {
    match cat {
        TEMPLATE_TOKEN_CATEGORY => "JWT-template",
        MACHINE_TOKEN_CATEGORY => "machine",
        _ => "non-session",
    }
}
