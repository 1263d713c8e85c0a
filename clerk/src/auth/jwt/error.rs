//! Why a token was rejected.

use std::fmt;
use std::sync::Arc;

/// The reason a token failed verification, one per check (like Clerk JS's
/// `TokenVerificationErrorReason`), so callers can react without parsing messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// Not three base64url parts, bad base64, header or claims that are not JSON
    /// objects, a claim of the wrong type, a header type (`typ`) other than `JWT`, or a
    /// critical header extension (`crit`), none of which is understood.
    Malformed,
    /// Larger than [`VerifyParams::max_token_size`](super::VerifyParams::with_max_token_size).
    TooLarge,
    /// `alg` is `none`, symmetric (HS*), unsupported, or not the key's algorithm.
    InvalidAlgorithm,
    /// The header's `kid` is missing from the key set: after a refresh, or without one
    /// while the unknown-kid refresh cooldown runs.
    UnknownKey,
    /// The signature does not match.
    InvalidSignature,
    /// A required claim (`exp`, `sub`) is missing or has the wrong type.
    MissingClaim,
    /// `exp` is in the past (beyond the leeway).
    Expired,
    /// `nbf` is in the future (beyond the leeway).
    NotYetValid,
    /// `iat` is in the future (beyond the leeway).
    IssuedInFuture,
    /// `azp` is missing or not one of the authorized parties.
    UnauthorizedParty,
    /// `aud` does not contain the expected audience.
    InvalidAudience,
    /// `iss` is not a Clerk Frontend API, or not the configured issuer.
    InvalidIssuer,
    /// Another kind of token presented as a session token: a JWT-template or machine
    /// category (`cat`), an OAuth access token (`typ: at+jwt`), an M2M token (`sub:
    /// mch_...`); or, for machine JWTs, a category that is not the machine one.
    WrongTokenType,
    /// The verification key (PEM, JWK) is unusable.
    InvalidKey,
    /// The key set could not be fetched (error status, timeout, or no usable key in it),
    /// and no cached key could stand in.
    KeyFetchFailed,
    /// The API refused **this server's** secret key (401 or 403) when asked for the key
    /// set: a revoked or wrong `CLERK_SECRET_KEY`. A configuration error, not a verdict
    /// on the token.
    SecretKeyInvalid,
    /// The key set cannot be fetched because of this server's configuration: no secret
    /// key (nor a PEM key instead), or an unusable API URL. Not a verdict on the token.
    Misconfigured,
}

impl Reason {
    /// A stable kebab-case code, as in Clerk's other SDKs (e.g. `token-expired`).
    pub fn code(self) -> &'static str {
        match self {
            Reason::Malformed => "token-invalid",
            Reason::TooLarge => "token-too-large",
            Reason::InvalidAlgorithm => "token-invalid-algorithm",
            Reason::UnknownKey => "jwk-kid-mismatch",
            Reason::InvalidSignature => "token-invalid-signature",
            Reason::MissingClaim => "token-missing-claim",
            Reason::Expired => "token-expired",
            Reason::NotYetValid => "token-not-active-yet",
            Reason::IssuedInFuture => "token-iat-in-the-future",
            Reason::UnauthorizedParty => "token-invalid-authorized-parties",
            Reason::InvalidAudience => "token-invalid-audience",
            Reason::InvalidIssuer => "token-invalid-issuer",
            Reason::WrongTokenType => "token-type-mismatch",
            Reason::InvalidKey => "jwk-invalid",
            Reason::KeyFetchFailed => "jwk-remote-failed-to-load",
            Reason::SecretKeyInvalid => "secret-key-invalid",
            Reason::Misconfigured => "jwk-failed-to-resolve",
        }
    }

    /// Whether the token was not judged because of this server's configuration
    /// ([`SecretKeyInvalid`](Reason::SecretKeyInvalid), [`Misconfigured`](Reason::Misconfigured)):
    /// the operator has to act, the caller cannot.
    pub fn is_configuration_error(self) -> bool {
        matches!(self, Reason::SecretKeyInvalid | Reason::Misconfigured)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A token that did not verify: the [`Reason`], a message, and for key fetches the cause.
#[derive(Debug)]
pub struct VerifyError {
    reason: Reason,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl VerifyError {
    pub(crate) fn new(reason: Reason, message: impl Into<String>) -> Self {
        VerifyError {
            reason,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Why the token was rejected.
    pub fn reason(&self) -> Reason {
        self.reason
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason, self.message)
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// An error shared by several [`VerifyError`]s: a failed key-set fetch is the cause of
/// every verification that waited on it.
#[derive(Clone)]
pub(crate) struct SharedError(Arc<dyn std::error::Error + Send + Sync>);

impl SharedError {
    pub(crate) fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        SharedError(Arc::new(error))
    }
}

impl fmt::Debug for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl std::error::Error for SharedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}
