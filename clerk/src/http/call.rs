//! What one call to the API is (operation, method, path, query, body) and what comes back.

use bytes::Bytes;
use http::{HeaderValue, Method};
use serde::de::DeserializeOwned;

use crate::http::error::{Error, Result, bounded_text};

/// One request to the API, built by an operation and sent by [`Shared::execute`](super::transport::Shared::execute).
#[derive(Debug)]
pub(crate) struct Call {
    /// The spec's operationId, e.g. `GetUser`: for errors and traces.
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    /// The spec's path template, e.g. `/users/{user_id}`: the shape `path` must have.
    pub(crate) template: &'static str,
    /// The path below the API URL, each parameter already encoded as one segment.
    pub(crate) path: String,
    /// The encoded query string, without `?` (empty for none).
    pub(crate) query: String,
    pub(crate) body: Option<Body>,
    /// The `Accept` header when it is not JSON.
    pub(crate) accept: Option<&'static str>,
    /// Whether the config's retry policy applies (else the call is sent once).
    pub(crate) retry: bool,
}

impl Call {
    /// A call without query or body. `path` must be `template` with each parameter
    /// replaced by its encoded segment.
    pub(crate) fn new(
        method: Method,
        operation_id: &'static str,
        template: &'static str,
        path: String,
    ) -> Call {
        Call {
            operation_id,
            method,
            template,
            path,
            query: String::new(),
            body: None,
            accept: None,
            retry: true,
        }
    }

    /// Sent once, whatever the retry policy: for calls made on behalf of an inbound
    /// request (verifying its token), which answer at once rather than hold the request
    /// and spend the server's rate limit on retries.
    pub(crate) fn once(mut self) -> Call {
        self.retry = false;
        self
    }

    /// Asks for another content type than JSON (`text/html`).
    #[cfg(feature = "api")]
    pub(crate) fn accept(mut self, content_type: &'static str) -> Call {
        self.accept = Some(content_type);
        self
    }

    /// With the query string `query`.
    #[cfg(feature = "api")]
    pub(crate) fn query(mut self, query: Query) -> Call {
        self.query = query.0;
        self
    }

    /// With a request body.
    pub(crate) fn body(mut self, body: Body) -> Call {
        self.body = Some(body);
        self
    }
}

/// A request body and its content type; cheap to clone for retries.
#[derive(Clone, Debug)]
pub(crate) struct Body {
    pub(crate) content_type: HeaderValue,
    pub(crate) bytes: Bytes,
}

impl Body {
    /// `value` as a JSON body.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Body> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::InvalidRequest(format!("cannot encode the body: {e}")))?;
        Ok(Body {
            content_type: HeaderValue::from_static("application/json"),
            bytes: bytes.into(),
        })
    }
}

/// A query string under construction: `name=value` pairs, form-encoded, repeated names
/// for lists (`email_address=a&email_address=b`), as the API expects.
#[cfg(feature = "api")]
#[derive(Debug, Default)]
pub(crate) struct Query(String);

#[cfg(feature = "api")]
impl Query {
    /// An empty query.
    pub(crate) fn new() -> Query {
        Query::default()
    }

    /// Adds `name=value`.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0
            .extend(form_urlencoded::byte_serialize(name.as_bytes()));
        self.0.push('=');
        self.0
            .extend(form_urlencoded::byte_serialize(value.as_bytes()));
    }

    /// Adds `name=value` when `value` is set.
    pub(crate) fn opt<T: QueryValue + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            value.push_to(self, name);
        }
    }
}

/// A value that can be sent in a query string.
#[cfg(feature = "api")]
pub(crate) trait QueryValue {
    /// Adds `name=<self>` (once per item for lists) to `query`.
    fn push_to(&self, query: &mut Query, name: &str);
}

#[cfg(feature = "api")]
impl QueryValue for str {
    fn push_to(&self, query: &mut Query, name: &str) {
        query.push(name, self);
    }
}

#[cfg(feature = "api")]
impl QueryValue for String {
    fn push_to(&self, query: &mut Query, name: &str) {
        query.push(name, self);
    }
}

#[cfg(feature = "api")]
impl QueryValue for bool {
    fn push_to(&self, query: &mut Query, name: &str) {
        query.push(name, if *self { "true" } else { "false" });
    }
}

#[cfg(feature = "api")]
impl QueryValue for i64 {
    fn push_to(&self, query: &mut Query, name: &str) {
        query.push(name, itoa::Buffer::new().format(*self));
    }
}

#[cfg(feature = "api")]
impl QueryValue for f64 {
    fn push_to(&self, query: &mut Query, name: &str) {
        query.push(name, &self.to_string());
    }
}

#[cfg(feature = "api")]
impl<T: QueryValue> QueryValue for [T] {
    fn push_to(&self, query: &mut Query, name: &str) {
        for item in self {
            item.push_to(query, name);
        }
    }
}

#[cfg(feature = "api")]
impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_to(&self, query: &mut Query, name: &str) {
        self.as_slice().push_to(query, name);
    }
}

/// A success response: its status, trace id and body (at most the configured size).
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) operation_id: &'static str,
    pub(crate) status: u16,
    pub(crate) trace_id: Option<String>,
    pub(crate) body: Bytes,
}

impl Reply {
    /// The body decoded as JSON into `T`; a mismatch keeps the status, trace id,
    /// operation id and the start of the body.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            operation_id: self.operation_id,
            status: self.status,
            trace_id: self.trace_id,
            body: bounded_text(&self.body),
            source,
        })
    }

    /// For operations answering without a useful body (`204 No Content`, or a body the
    /// spec does not describe).
    #[cfg(feature = "api")]
    pub(crate) fn empty(self) -> Result<()> {
        Ok(())
    }

    /// The body as text (lossy UTF-8), for the few operations answering HTML.
    #[cfg(feature = "api")]
    pub(crate) fn text(self) -> Result<String> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "api")]
    fn queries_are_form_encoded_with_repeated_names_for_lists() {
        let mut q = Query::new();
        q.opt("limit", Some(&10i64));
        q.opt("query", Some("a b&c=d"));
        q.opt::<str>("missing", None);
        q.opt(
            "email_address",
            Some(&vec!["x@y.z".to_string(), "ü".into()]),
        );
        q.opt("banned", Some(&false));
        assert_eq!(
            q.0,
            "limit=10&query=a+b%26c%3Dd&email_address=x%40y.z&email_address=%C3%BC&banned=false"
        );
    }

    #[test]
    fn a_body_that_does_not_decode_keeps_what_is_known() {
        let reply = Reply {
            operation_id: "GetUser",
            status: 200,
            trace_id: Some("t1".into()),
            body: Bytes::from_static(b"{\"id\": 5}"),
        };
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct User {
            id: String,
        }
        let err = reply.json::<User>().unwrap_err();
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.trace_id(), Some("t1"));
        assert_eq!(err.operation_id(), Some("GetUser"));
        assert!(matches!(&err, Error::Decode { body, .. } if body == "{\"id\": 5}"));
    }
}
