//! One error type for every call: API errors, transport failures, undecodable bodies,
//! bad configuration and requests refused before sending.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How much of a response body an error keeps (lossy UTF-8), so that a huge or hostile
/// body cannot bloat logs and memory.
pub const MAX_ERROR_BODY: usize = 4 * 1024;

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
    #[error("{operation_id}: cannot decode the {status} response body{}: {source}", trace_suffix(.trace_id))]
    Decode {
        /// The operation called, e.g. `GetUser`.
        operation_id: &'static str,
        /// The HTTP status (2xx).
        status: u16,
        /// Clerk's trace id, from the `Clerk-Trace-Id` header.
        trace_id: Option<String>,
        /// The start of the body as received (lossy UTF-8, at most [`MAX_ERROR_BODY`] bytes).
        body: String,
        /// What did not match.
        #[source]
        source: serde_json::Error,
    },
    /// A status the operation does not document (a 1xx or 3xx: the API never redirects).
    #[error("{operation_id}: unexpected response status {status}")]
    UnexpectedStatus {
        /// The operation called.
        operation_id: &'static str,
        /// The HTTP status.
        status: u16,
        /// Clerk's trace id, from the `Clerk-Trace-Id` header.
        trace_id: Option<String>,
        /// The start of the body as received (lossy UTF-8, at most [`MAX_ERROR_BODY`] bytes).
        body: String,
    },
    /// The response body was larger than the config allows
    /// ([`ClientConfig::with_max_response_bytes`](crate::ClientConfig::with_max_response_bytes)).
    #[error("{operation_id}: the {status} response body is larger than {limit} bytes")]
    ResponseTooLarge {
        /// The operation called.
        operation_id: &'static str,
        /// The HTTP status.
        status: u16,
        /// The limit in bytes.
        limit: usize,
        /// Clerk's trace id, from the `Clerk-Trace-Id` header.
        trace_id: Option<String>,
    },
    /// The answer came from another URL than the one requested: the HTTP client given
    /// with [`ClientConfig::with_http_client`](crate::ClientConfig::with_http_client)
    /// followed a redirect (the SDK's own client never does). It is not taken as the
    /// API's answer. Whether the request (its body) was sent on depends on that client's
    /// redirect policy; use `reqwest::redirect::Policy::none()`.
    #[error("{operation_id}: the request was redirected to {to}; the answer is not the API's")]
    Redirected {
        /// The operation called.
        operation_id: &'static str,
        /// Where the answer came from, without user information, query or fragment.
        to: String,
    },
    /// No secret key: none set with [`crate::set_key`]/[`crate::set_config`] and no
    /// `CLERK_SECRET_KEY` in the environment (or only white space). Nothing was sent.
    #[error("no Clerk secret key: call clerk::set_key or set CLERK_SECRET_KEY")]
    MissingSecretKey,
    /// The configuration cannot be used (an API URL that is not `https://`, has a query
    /// or a fragment, ...). Nothing was sent; retrying will not help.
    #[error("invalid Clerk configuration: {0}")]
    Config(String),
    /// The request could not be built from the given parameters (a missing or malformed
    /// field, an id that cannot be one path segment, ...). Nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

fn trace_suffix(trace_id: &Option<String>) -> String {
    trace_id
        .as_deref()
        .map(|t| format!(" [trace {t}]"))
        .unwrap_or_default()
}

impl Error {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
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

    /// Clerk's trace id, for support requests, when a response carried one.
    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.trace_id.as_deref(),
            Error::Decode { trace_id, .. }
            | Error::UnexpectedStatus { trace_id, .. }
            | Error::ResponseTooLarge { trace_id, .. } => trace_id.as_deref(),
            _ => None,
        }
    }

    /// The operation (the spec's operationId) the failed response answered.
    pub fn operation_id(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => e.operation_id,
            Error::Decode { operation_id, .. }
            | Error::UnexpectedStatus { operation_id, .. }
            | Error::ResponseTooLarge { operation_id, .. }
            | Error::Redirected { operation_id, .. } => Some(operation_id),
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

/// The start of `body` as text: at most [`MAX_ERROR_BODY`] bytes, lossy UTF-8.
pub(crate) fn bounded_text(body: &[u8]) -> String {
    let end = body.len().min(MAX_ERROR_BODY);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > end {
        // A cut in the middle of a character shows as U+FFFD; drop it.
        while text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
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
    /// The start of the response body as received (lossy UTF-8, at most
    /// [`MAX_ERROR_BODY`] bytes).
    pub raw_body: String,
    /// The operation (the spec's operationId) that was called.
    pub operation_id: Option<&'static str>,
}

/// One entry of a Clerk error response. Entries are read leniently: a missing `code` or
/// `message` is left empty rather than losing the other entries.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// A stable machine-readable code, e.g. `resource_not_found`, `form_identifier_exists`.
    #[serde(default)]
    pub code: String,
    /// A short message.
    #[serde(default)]
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
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let errors = parsed
            .as_ref()
            .and_then(|b| b.get("errors"))
            .and_then(|e| e.as_array())
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|entry| ApiError::deserialize(entry).ok())
                    .collect()
            })
            .unwrap_or_default();
        let body_trace = parsed
            .as_ref()
            .and_then(|b| b.get("clerk_trace_id"))
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        ApiErrorResponse {
            status,
            errors,
            trace_id: body_trace.or(trace_header),
            retry_after,
            raw_body: bounded_text(body),
            operation_id: None,
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
        if let Some(op) = self.operation_id {
            write!(f, " from {op}")?;
        }
        match self.errors.first() {
            Some(first) => {
                let text = first
                    .long_message
                    .as_deref()
                    .filter(|m| !m.is_empty())
                    .unwrap_or(&first.message);
                write!(f, ": {text}")?;
                if !first.code.is_empty() {
                    write!(f, " ({})", first.code)?;
                }
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
        // The URL carries ids (and may carry query values): keep it out of messages.
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

    #[test]
    fn an_entry_without_message_keeps_the_others_and_the_trace() {
        let body = br#"{"errors":[{"code":"a"},{"code":"b","message":"second"},"junk",{"message":"third"}],"clerk_trace_id":"t9"}"#;
        let e = ApiErrorResponse::from_parts(422, None, None, body);
        let codes: Vec<&str> = e.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["a", "b", ""]);
        assert_eq!(e.errors[1].message, "second");
        assert_eq!(e.errors[2].message, "third");
        assert_eq!(e.trace_id.as_deref(), Some("t9"));
        assert_eq!(
            e.to_string(),
            "Clerk API error 422:  (a) and 2 more [trace t9]"
        );
    }

    #[test]
    fn bodies_kept_in_errors_are_bounded() {
        let body = "é".repeat(10_000);
        let e = ApiErrorResponse::from_parts(500, None, None, body.as_bytes());
        assert!(e.raw_body.len() <= MAX_ERROR_BODY + '…'.len_utf8());
        assert!(e.raw_body.ends_with('…'));
        assert!(!e.raw_body.contains('\u{FFFD}'));
        assert_eq!(bounded_text(b"short"), "short");
    }
}
