//! Web framework integrations, each behind its feature: `tower` (any tower stack, tonic
//! included), `axum` (the tower layer and extractors), `actix` and `poem` (middleware and
//! extractors) and `rocket` (a fairing and request guards). They share one set of
//! answers, so a refused request looks the same whatever the framework.

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "poem")]
pub mod poem;
#[cfg(feature = "rocket")]
pub mod rocket;
#[cfg(feature = "tower")]
pub mod tower;

#[cfg(any(
    feature = "axum",
    feature = "actix",
    feature = "rocket",
    feature = "poem"
))]
mod extractors;

#[cfg(any(
    feature = "tower",
    feature = "actix",
    feature = "rocket",
    feature = "poem"
))]
use crate::auth::authenticate::RequestState;

/// Why an extractor refused a request: a status, a stable code, the refusal's reason code
/// and, for 503s, how long to wait, answered as a JSON body in Clerk's error format.
///
/// The caller learns the reason code only (`token-expired`, `token-missing`, ...), never
/// what the API or a proxy said: that goes to the operator through `tracing`.
#[cfg(any(
    feature = "tower",
    feature = "actix",
    feature = "rocket",
    feature = "poem"
))]
#[derive(Clone, Debug)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// Whole seconds for `Retry-After`.
    pub(crate) retry_after: Option<u64>,
}

#[cfg(any(
    feature = "tower",
    feature = "actix",
    feature = "rocket",
    feature = "poem"
))]
impl Refusal {
    /// 401 for the caller's credentials; 500 when this server's own configuration is at
    /// fault (its secret key refused or missing: the caller cannot fix that, and must not
    /// be told its token is bad); 503 when Clerk could not give a verdict now.
    pub(crate) fn signed_out(state: &RequestState) -> Refusal {
        let reason = match state {
            RequestState::SignedOut(reason) => reason,
            RequestState::SignedIn(_) => {
                return Refusal::new(401, "signed_out", "token-type-mismatch");
            }
            // The layers answer handshakes themselves; one that reaches a handler (state
            // stored by other means) is a request not signed in.
            RequestState::Handshake(reason) => {
                return Refusal::new(401, "signed_out", reason.code());
            }
        };
        tracing::debug!(
            reason = reason.code(),
            detail = %reason,
            "clerk: refusing a signed-out request"
        );
        if reason.is_configuration_error() {
            return Refusal::new(500, "clerk_configuration_error", reason.code());
        }
        if reason.is_unavailable() {
            let mut refusal = Refusal::new(503, "clerk_verification_unavailable", reason.code());
            refusal.retry_after = Some(
                reason
                    .retry_after()
                    .map_or(1, |wait| {
                        wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
                    })
                    .max(1),
            );
            return refusal;
        }
        Refusal::new(401, "signed_out", reason.code())
    }

    fn new(status: u16, code: &'static str, reason: &'static str) -> Refusal {
        Refusal {
            status,
            code,
            message: reason.to_string(),
            retry_after: None,
        }
    }

    /// What a route that requires `requirement` answers for `state`: nothing when met; 401
    /// for a request not signed in (as [`signed_out`](Self::signed_out)); 403 for a
    /// session (or a machine) that does not meet it.
    pub(crate) fn unmet(
        state: &RequestState,
        requirement: &crate::auth::jwt::Requirement,
    ) -> Option<Refusal> {
        match state {
            RequestState::SignedIn(auth) => match auth.session() {
                Some(claims) if claims.has(requirement) => None,
                _ => Some(Refusal::new(403, "forbidden", "requirement-not-met")),
            },
            _ => Some(Refusal::signed_out(state)),
        }
    }

    /// 500: the route reads a request state that no middleware stored.
    pub(crate) fn missing_middleware(middleware: &str) -> Refusal {
        Refusal {
            status: 500,
            code: "clerk_layer_missing",
            message: format!("{middleware} is not installed on this route"),
            retry_after: None,
        }
    }

    /// The answer as an `http` response (tower, axum).
    #[cfg(feature = "tower")]
    pub(crate) fn to_response<B>(&self) -> http::Response<B>
    where
        B: From<bytes::Bytes>,
    {
        let body = bytes::Bytes::from(self.body().to_string());
        let mut response = http::Response::new(B::from(body));
        *response.status_mut() = http::StatusCode::from_u16(self.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(http::header::RETRY_AFTER, seconds.into());
        }
        response
    }

    /// The body: `{"errors": [{"code", "message", "long_message"}]}`, as Clerk's API.
    pub(crate) fn body(&self) -> serde_json::Value {
        let message = match self.status {
            401 => "Unauthorized",
            403 => "Forbidden",
            503 => "Service unavailable",
            _ => "Server error",
        };
        serde_json::json!({"errors": [{
            "code": self.code,
            "message": message,
            "long_message": self.message,
        }]})
    }
}
