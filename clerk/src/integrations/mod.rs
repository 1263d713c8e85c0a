//! Web framework integrations, each behind its feature: `tower` (any tower stack, tonic
//! included), `axum` (the tower layer and extractors) and `actix` (middleware and
//! extractors). They share one set of answers, so a refused request looks the same
//! whatever the framework.

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "tower")]
pub mod tower;

#[cfg(any(feature = "axum", feature = "actix"))]
use crate::auth::authenticate::RequestState;

/// Why an extractor refused a request: a status, a stable code and a message, answered
/// as a JSON body in Clerk's error format.
#[cfg(any(feature = "axum", feature = "actix"))]
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

#[cfg(any(feature = "axum", feature = "actix"))]
impl Refusal {
    /// 401 for the caller's credentials; 500 when this server's own secret key was
    /// refused (the caller cannot fix that, and must not be told its token is bad).
    pub(crate) fn signed_out(state: &RequestState) -> Refusal {
        match state {
            RequestState::SignedOut(reason) if reason.is_configuration_error() => Refusal {
                status: 500,
                code: "clerk_configuration_error",
                // The details are in the server's log, not for the caller.
                message: "the server could not verify the credentials".to_string(),
            },
            RequestState::SignedOut(reason) => Refusal {
                status: 401,
                code: "signed_out",
                message: reason.to_string(),
            },
            RequestState::SignedIn(_) => Refusal {
                status: 401,
                code: "signed_out",
                message: "not a session token".to_string(),
            },
        }
    }

    /// 500: the route reads a request state that no middleware stored.
    pub(crate) fn missing_middleware(middleware: &str) -> Refusal {
        Refusal {
            status: 500,
            code: "clerk_layer_missing",
            message: format!("{middleware} is not installed on this route"),
        }
    }

    /// The body: `{"errors": [{"code", "message", "long_message"}]}`, as Clerk's API.
    pub(crate) fn body(&self) -> serde_json::Value {
        serde_json::json!({"errors": [{
            "code": self.code,
            "message": if self.status == 401 { "Unauthorized" } else { "Server error" },
            "long_message": self.message,
        }]})
    }
}
