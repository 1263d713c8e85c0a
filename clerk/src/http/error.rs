//! One error type for every call: API errors, transport failures, undecodable bodies.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a call to the Backend API can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx/5xx), after any retries.
    #[error("{0}")]
    Api(ApiErrorResponse),
    /// The request never got a complete response: connection, TLS, timeout.
    #[error("transport error: {0}")]
    Transport(#[from] TransportError),
    /// A success response whose body does not match the expected type.
    #[error("cannot decode the response body: {source}")]
    Decode {
        /// The body as received (lossy UTF-8).
        body: String,
        /// What did not match.
        #[source]
        source: serde_json::Error,
    },
    /// A success status the operation does not document (e.g. 204 where JSON was expected).
    #[error("unexpected response status {status}")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The body as received (lossy UTF-8).
        body: String,
    },
    /// No secret key: none set with [`crate::set_key`]/[`crate::set_config`] and no
    /// `CLERK_SECRET_KEY` in the environment. Nothing was sent.
    #[error("no Clerk secret key: call clerk::set_key or set CLERK_SECRET_KEY")]
    MissingSecretKey,
    /// The request could not be built from the given parameters. Nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The HTTP status of an API error or unexpected response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for a 404: the object does not exist (or is not visible to this key).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// True for a 429: rate limited; see [`ApiErrorResponse::retry_after`].
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// True when the same call may succeed later: 408, 429, 5xx, and transport failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) => true,
            Error::Api(e) => is_retryable_status(e.status),
            _ => false,
        }
    }

    /// Clerk's trace id for an API error, for support requests.
    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.trace_id.as_deref(),
            _ => None,
        }
    }

    /// The API error response, if this is one.
    pub fn api(&self) -> Option<&ApiErrorResponse> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// An error response from the API: the status and Clerk's `errors` list.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiErrorResponse {
    /// The HTTP status.
    pub status: u16,
    /// The errors the API reported; empty when the body was not Clerk's JSON (e.g. an HTML 502).
    pub errors: Vec<ApiError>,
    /// Clerk's trace id, from the body's `clerk_trace_id` or the `Clerk-Trace-Id` header.
    pub trace_id: Option<String>,
    /// How long to wait before retrying, from the `Retry-After` header.
    pub retry_after: Option<Duration>,
    /// The response body as received (lossy UTF-8).
    pub raw_body: String,
}

/// One entry of a Clerk error response.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// A stable machine-readable code, e.g. `resource_not_found`, `form_identifier_exists`.
    pub code: String,
    /// A short message.
    pub message: String,
    /// A longer explanation, when the API gives one.
    #[serde(default)]
    pub long_message: Option<String>,
    /// Details such as the offending `param_name`.
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
}

impl ApiErrorResponse {
    /// Builds the error from a response's status, headers and body, keeping whatever it can.
    pub(crate) fn from_parts(
        status: u16,
        trace_header: Option<String>,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> ApiErrorResponse {
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            errors: Vec<ApiError>,
            #[serde(default)]
            clerk_trace_id: Option<String>,
        }
        let parsed: Option<Body> = serde_json::from_slice(body).ok();
        let (errors, body_trace) = match parsed {
            Some(b) => (b.errors, b.clerk_trace_id),
            None => (Vec::new(), None),
        };
        ApiErrorResponse {
            status,
            errors,
            trace_id: body_trace.or(trace_header),
            retry_after,
            raw_body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The first error's code, e.g. `resource_not_found`.
    pub fn code(&self) -> Option<&str> {
        self.errors.first().map(|e| e.code.as_str())
    }
}

impl fmt::Display for ApiErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Clerk API error {}", self.status)?;
        match self.errors.first() {
            Some(first) => {
                write!(
                    f,
                    ": {}",
                    first.long_message.as_deref().unwrap_or(&first.message)
                )?;
                write!(f, " ({})", first.code)?;
                if self.errors.len() > 1 {
                    write!(f, " and {} more", self.errors.len() - 1)?;
                }
            }
            None if !self.raw_body.is_empty() => {
                let snippet: String = self.raw_body.chars().take(200).collect();
                write!(f, ": {}", snippet.trim())?;
            }
            None => {}
        }
        if let Some(trace) = &self.trace_id {
            write!(f, " [trace {trace}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiErrorResponse {}

/// A failure below HTTP: connecting, TLS, a timeout, a broken body.
#[derive(Debug)]
pub struct TransportError(reqwest::Error);

impl TransportError {
    pub(crate) fn new(e: reqwest::Error) -> Self {
        TransportError(e.without_url())
    }
    /// The request timed out.
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }
    /// The connection could not be made; the server never saw the request.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_the_api_message_and_trace() {
        let body = br#"{"errors":[{"code":"resource_not_found","message":"not found","long_message":"User not found"}],"clerk_trace_id":"t1"}"#;
        let e = Error::Api(ApiErrorResponse::from_parts(404, None, None, body));
        assert_eq!(
            e.to_string(),
            "Clerk API error 404: User not found (resource_not_found) [trace t1]"
        );
        assert!(e.is_not_found());
        assert_eq!(e.trace_id(), Some("t1"));
        assert!(!e.is_retryable());
    }

    #[test]
    fn unparseable_bodies_keep_status_and_body() {
        let e =
            ApiErrorResponse::from_parts(502, Some("h1".into()), None, b"<html>Bad gateway</html>");
        assert_eq!(e.status, 502);
        assert!(e.errors.is_empty());
        assert_eq!(e.raw_body, "<html>Bad gateway</html>");
        assert_eq!(e.trace_id.as_deref(), Some("h1"));
        assert!(Error::Api(e).is_retryable());
    }
}
