//! How every request goes out and comes back: the one place that checks where a request
//! goes, adds the headers, applies the timeout and retries, reads a bounded body and
//! maps every failure to [`Error`].

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http::Method;
use http::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use tracing::Instrument;

use crate::http::call::{Call, Reply};
use crate::http::config::ClientConfig;
use crate::http::error::{ApiErrorResponse, Error, Result, TransportError, bounded_text};
use crate::http::retry::{self, RetryPolicy};

/// How much of an error response is read: Clerk's error bodies are small, and an error
/// is no reason to buffer a large body.
const MAX_ERROR_READ: usize = 64 * 1024;

/// What a [`ClientConfig`] builds once: its checked base URL, headers and limits, on the
/// shared connection pool.
pub(crate) struct Shared {
    http: reqwest::Client,
    /// The API URL without a trailing `/`, e.g. `https://api.clerk.com/v1`.
    base: String,
    /// The same, parsed once: each call's URL is a copy with its path and query set,
    /// which skips parsing the scheme and host again.
    base_url: reqwest::Url,
    /// Its path, e.g. `/v1`.
    base_path: String,
    headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

/// The process-wide connection pools, used by every config without its own HTTP client,
/// so that configs differing only in key or headers share connections: one for `https`
/// API URLs, which honours the environment's proxy settings (`HTTPS_PROXY`, `NO_PROXY`:
/// through a proxy the request stays TLS end to end), and one for plain `http` (loopback,
/// or [`ClientConfig::allow_insecure_http`]), which never uses a proxy, since a proxy
/// would read the secret key in clear text.
fn shared_pool(plain_http: bool) -> Result<reqwest::Client> {
    static TLS: OnceLock<reqwest::Client> = OnceLock::new();
    static PLAIN: OnceLock<reqwest::Client> = OnceLock::new();
    let pool = if plain_http { &PLAIN } else { &TLS };
    if let Some(client) = pool.get() {
        return Ok(client.clone());
    }
    // The API never redirects; following one would send the key elsewhere.
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if plain_http {
        builder = builder.no_proxy();
    }
    let client = builder
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
    Ok(pool.get_or_init(|| client).clone())
}

impl Shared {
    pub(crate) fn new(config: &ClientConfig) -> Result<Shared> {
        if config.secret_key.is_blank() {
            return Err(Error::MissingSecretKey);
        }
        let (base, base_path) = check_api_url(&config.api_url, config.allow_insecure_http)?;
        let http = match &config.http {
            Some(client) => client.clone(),
            None => shared_pool(base.starts_with("http:"))?,
        };
        // The key must never reach an error message, so the error says nothing about it.
        let mut auth = HeaderValue::try_from(format!("Bearer {}", config.secret_key.expose()))
            .map_err(|_| {
                Error::Config("the secret key contains characters not allowed in a header".into())
            })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::with_capacity(6 + config.headers.len());
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            HeaderName::from_static("clerk-api-version"),
            HeaderValue::from_static(crate::API_VERSION),
        );
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("clerk-rust/", env!("CARGO_PKG_VERSION"))),
        );
        headers.insert(
            HeaderName::from_static("x-clerk-sdk"),
            HeaderValue::from_static(concat!("rust/", env!("CARGO_PKG_VERSION"))),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &config.headers {
            headers.insert(name.clone(), value.clone());
        }
        let base_url = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("API URL {base:?}: {e}")))?;
        Ok(Shared {
            http,
            base_url,
            base,
            base_path,
            headers,
            timeout: config.timeout,
            retry: config.retry.clone(),
            max_response_bytes: config.max_response_bytes,
        })
    }

    /// Sends `call` (with retries) and returns its success response; every other outcome
    /// is an [`Error`] keeping the status, trace id, operation id and a bounded body.
    pub(crate) async fn execute(&self, call: Call) -> Result<Reply> {
        let url = self.url(&call)?;
        let span = tracing::info_span!(
            "clerk.api",
            operation_id = call.operation_id,
            method = %call.method,
            path = call.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            trace_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        async move {
            let started = Instant::now();
            // Each attempt is built afresh (cheap: the body is shared bytes), so the first
            // one costs no copy kept for a retry that rarely comes.
            let build = || {
                let mut headers = self.headers.clone();
                if let Some(accept) = call.accept {
                    headers.insert(ACCEPT, HeaderValue::from_static(accept));
                }
                let mut builder = self
                    .http
                    .request(call.method.clone(), url.clone())
                    .headers(headers)
                    .timeout(self.timeout);
                if let Some(body) = &call.body {
                    builder = builder
                        .header(CONTENT_TYPE, body.content_type.clone())
                        .body(body.bytes.clone());
                }
                builder.build().ok()
            };
            let first = build().ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "{}: the request cannot be built",
                    call.operation_id
                ))
            })?;
            let retry = if call.retry {
                &self.retry
            } else {
                &RetryPolicy::none()
            };
            let result = self
                .send(retry, &call.method, call.operation_id, first, build)
                .await
                .map_err(|e| Error::Transport(TransportError::new(e)));
            let span = tracing::Span::current();
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let response = result?;
            if response.url() != &url {
                return Err(redirected(call.operation_id, response.url()));
            }
            let reply = self.read(response, call.operation_id).await;
            match &reply {
                Ok(reply) => {
                    span.record("status", reply.status);
                    if let Some(trace) = &reply.trace_id {
                        span.record("trace_id", trace.as_str());
                    }
                }
                Err(e) => {
                    if let Some(status) = e.status() {
                        span.record("status", status);
                    }
                    if let Some(trace) = e.trace_id() {
                        span.record("trace_id", trace);
                    }
                }
            }
            reply
        }
        .instrument(span)
        .await
    }

    /// The URL of `call`, refused unless its path is exactly the API's base path followed
    /// by the call's path, and that path has the shape of the operation's template: the
    /// second line of defence behind the encoding of path parameters.
    fn url(&self, call: &Call) -> Result<reqwest::Url> {
        let mut path = String::with_capacity(self.base_path.len() + call.path.len());
        path.push_str(&self.base_path);
        path.push_str(&call.path);
        let refused = |why: &str| {
            Error::InvalidRequest(format!(
                "{}: refusing to send to {:?}: {why}",
                call.operation_id, call.path
            ))
        };
        // `set_path` parses the path as a full parse would (dot segments resolved,
        // characters encoded), so the checks below see what is sent.
        let mut url = self.base_url.clone();
        url.set_path(&path);
        url.set_query((!call.query.is_empty()).then_some(call.query.as_str()));
        let sent = url.path();
        let exact = sent.len() == self.base_path.len() + call.path.len()
            && sent.starts_with(&self.base_path)
            && sent.ends_with(&call.path);
        if !exact || !path_matches(call.template, &call.path) {
            return Err(refused(&format!(
                "the path does not match {}",
                call.template
            )));
        }
        Ok(url)
    }

    /// Sends `first`, then the requests `again` builds for retries per the policy (while
    /// it can build another); returns the last response or error.
    async fn send(
        &self,
        retry: &RetryPolicy,
        method: &Method,
        operation_id: &'static str,
        first: reqwest::Request,
        mut again: impl FnMut() -> Option<reqwest::Request>,
    ) -> reqwest::Result<reqwest::Response> {
        let started = Instant::now();
        let mut attempt: u32 = 1;
        let mut request = first;
        loop {
            tracing::Span::current().record("attempt", attempt);
            let result = self.http.execute(request).await;
            let wait = match &result {
                Ok(response) if retry::retry_status(method, response.status()) => {
                    let after = retry::retry_after(response.headers());
                    retry.next_wait(attempt, started.elapsed(), after)
                }
                Err(e) if e.is_connect() || (retry::idempotent(method) && e.is_timeout()) => {
                    retry.next_wait(attempt, started.elapsed(), None)
                }
                _ => None,
            };
            let next = wait.and_then(|wait| Some((wait, again()?)));
            match next {
                Some((wait, spare)) => {
                    tracing::debug!(
                        operation_id,
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        status = result.as_ref().ok().map(|r| r.status().as_u16()),
                        "clerk: retrying"
                    );
                    tokio::time::sleep(wait).await;
                    request = spare;
                    attempt = attempt.saturating_add(1);
                }
                None => return result,
            }
        }
    }

    /// Reads the response (bounded) and sorts it into a [`Reply`] or an [`Error`].
    async fn read(&self, response: reqwest::Response, operation_id: &'static str) -> Result<Reply> {
        let status = response.status().as_u16();
        let trace_id = response
            .headers()
            .get("clerk-trace-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let is_error = status >= 400;
        let limit = if is_error {
            MAX_ERROR_READ.min(self.max_response_bytes)
        } else {
            self.max_response_bytes
        };
        let retry_after = if is_error {
            retry::retry_after(response.headers())
        } else {
            None
        };
        let body = match read_bounded(response, limit).await {
            Ok(body) => body,
            Err(Read::Transport(e)) => return Err(Error::Transport(TransportError::new(e))),
            // An error body is only kept in part anyway: keep what was read.
            Err(Read::TooLarge(partial)) if is_error => partial,
            Err(Read::TooLarge(_)) => {
                return Err(Error::ResponseTooLarge {
                    operation_id,
                    status,
                    limit,
                    trace_id,
                });
            }
        };
        match status {
            200..=299 => Ok(Reply {
                operation_id,
                status,
                trace_id,
                body,
            }),
            400..=599 => {
                let mut e = ApiErrorResponse::from_parts(status, trace_id, retry_after, &body);
                e.operation_id = Some(operation_id);
                Err(Error::Api(e))
            }
            _ => Err(Error::UnexpectedStatus {
                operation_id,
                status,
                trace_id,
                body: bounded_text(&body),
            }),
        }
    }

    /// A generated client that sends through this transport.
    #[cfg(feature = "raw")]
    pub(crate) fn raw_client(self: &std::sync::Arc<Self>) -> clerk_raw::Client {
        clerk_raw::Client::new_with_client(
            &self.base,
            self.http.clone(),
            clerk_raw::Hooks::new(self.clone()),
        )
    }
}

/// Whether `path` has the shape of `template`. Templates with parameters only occur in
/// Backend API operations (feature `api`); the others must match exactly.
fn path_matches(template: &str, path: &str) -> bool {
    if !template.contains('{') {
        return template == path;
    }
    #[cfg(feature = "api")]
    {
        clerk_raw::path::matches_template(template, path)
    }
    #[cfg(not(feature = "api"))]
    {
        false
    }
}

enum Read {
    Transport(reqwest::Error),
    /// More than the limit; what was read up to it.
    TooLarge(Bytes),
}

/// Reads at most `limit` bytes of the body; a body announced or found larger is refused
/// without reading the rest.
async fn read_bounded(mut response: reqwest::Response, limit: usize) -> Result<Bytes, Read> {
    // hyper stops at the announced length, so this cannot read more.
    if response
        .content_length()
        .is_some_and(|length| length <= limit as u64)
    {
        return response.bytes().await.map_err(Read::Transport);
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Read::Transport)? {
        if body.len() + chunk.len() > limit {
            let room = limit - body.len();
            body.extend_from_slice(&chunk[..room]);
            return Err(Read::TooLarge(body.freeze()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Checks the API URL: `https`, or `http` to loopback (or with the explicit opt-in); no
/// query, fragment or credentials. Returns it without a trailing `/`, and its path.
fn check_api_url(api_url: &str, allow_insecure_http: bool) -> Result<(String, String)> {
    // What messages show: credentials in the URL are never repeated.
    let shown = redact_url(api_url);
    let url = reqwest::Url::parse(api_url)
        .map_err(|e| Error::Config(format!("API URL {shown:?} is not a URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "API URL {shown:?} must not carry credentials"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "API URL {shown:?} is http:// to a host that is not loopback: the secret key would travel unencrypted (use https, or ClientConfig::allow_insecure_http for a trusted network)"
            )));
        }
        other => {
            return Err(Error::Config(format!(
                "API URL {shown:?} has scheme {other:?}; only https (or http to loopback) is supported"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "API URL {shown:?} must not have a query or a fragment"
        )));
    }
    let base = url.as_str().trim_end_matches('/').to_string();
    let base_path = url.path().trim_end_matches('/').to_string();
    Ok((base, base_path))
}

/// `url` fit for a message: the user information of its authority (`user:password@`)
/// replaced by `***@`. Works on text that does not parse as a URL too, since that is
/// when it gets printed.
pub(crate) fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => format!(
            "{}***{}",
            &url[..authority_start],
            &url[authority_start + at..]
        ),
        None => url.to_string(),
    }
}

/// The error for an answer that came from another URL than the one requested: the
/// caller's HTTP client followed a redirect. The URL is shown without user information,
/// query or fragment.
fn redirected(operation_id: &'static str, to: &reqwest::Url) -> Error {
    let mut shown = to.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    Error::Redirected {
        operation_id,
        to: shown.to_string(),
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The generated client's requests (through [`ClientConfig::raw_client`]) get the same
/// headers, timeout and retries as the facade's, and their answers the same limits: a
/// body read up to the response size cap (64 KiB of an error), an answer from another
/// URL than the one requested refused, errors without the request's URL.
#[cfg(feature = "raw")]
impl clerk_raw::Transport for Shared {
    fn send<'a>(
        &'a self,
        _client: &'a reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> clerk_raw::TransportFuture<'a> {
        let span = tracing::info_span!(
            "clerk.api",
            operation_id,
            method = %request.method(),
            path = request.url().path(),
            attempt = tracing::field::Empty,
        );
        Box::pin(
            async move {
                let headers = request.headers_mut();
                // progenitor adds `api-version`; Clerk reads `Clerk-API-Version`, set below.
                headers.remove("api-version");
                for (name, value) in &self.headers {
                    headers.insert(name.clone(), value.clone());
                }
                *request.timeout_mut() = Some(self.timeout);
                let method = request.method().clone();
                let url = request.url().clone();
                // A copy for a retry (a streamed body has none, and is sent once).
                let spare = request.try_clone();
                let mut copy = move || spare.as_ref().and_then(reqwest::Request::try_clone);
                let response =
                    Shared::send(self, &self.retry, &method, operation_id, request, &mut copy)
                        .await
                        .map_err(reqwest::Error::without_url)?;
                self.bounded(response, &url, operation_id).await
            }
            .instrument(span),
        )
    }
}

#[cfg(feature = "raw")]
impl Shared {
    /// `response` with its body read within the limits, as a response the generated
    /// client reads from memory; or one it refuses ([`clerk_raw::Refused`]).
    async fn bounded(
        &self,
        response: reqwest::Response,
        requested: &reqwest::Url,
        operation_id: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let refuse = |error: Error| {
            let mut refused = http::Response::new(reqwest::Body::from(Bytes::new()));
            *refused.status_mut() = http::StatusCode::BAD_GATEWAY;
            refused
                .extensions_mut()
                .insert(clerk_raw::Refused(error.to_string()));
            Ok(reqwest::Response::from(refused))
        };
        if response.url() != requested {
            return refuse(redirected(operation_id, response.url()));
        }
        let status = response.status();
        let limit = if status.as_u16() >= 400 {
            MAX_ERROR_READ.min(self.max_response_bytes)
        } else {
            self.max_response_bytes
        };
        let mut head = http::Response::new(());
        *head.status_mut() = status;
        *head.version_mut() = response.version();
        *head.headers_mut() = response.headers().clone();
        let body = match read_bounded(response, limit).await {
            Ok(body) => body,
            // An error body is only kept in part anyway.
            Err(Read::TooLarge(partial)) if status.as_u16() >= 400 => partial,
            Err(Read::TooLarge(_)) => {
                return refuse(Error::ResponseTooLarge {
                    operation_id,
                    status: status.as_u16(),
                    limit,
                    trace_id: None,
                });
            }
            Err(Read::Transport(e)) => return Err(e.without_url()),
        };
        // The length is the body's now, not what the server announced.
        head.headers_mut().remove(http::header::CONTENT_LENGTH);
        Ok(reqwest::Response::from(
            head.map(|()| reqwest::Body::from(body)),
        ))
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("base", &self.base)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_travels_only_over_tls_unless_loopback_or_opted_in() {
        for ok in [
            "https://api.clerk.com/v1",
            "http://127.0.0.1:8080/v1",
            "http://127.9.9.9/v1",
            "http://[::1]:9/v1",
            "http://localhost:3000",
            "http://LOCALHOST/v1",
        ] {
            assert!(check_api_url(ok, false).is_ok(), "{ok}");
        }
        for refused in [
            "http://api.clerk.com/v1",
            "http://10.0.0.1/v1",
            "http://localhost.evil.com/v1",
            "ftp://api.clerk.com/v1",
            "file:///etc/passwd",
            "https://api.clerk.com/v1?x=1",
            "https://api.clerk.com/v1#frag",
            "https://user:pw@api.clerk.com/v1",
            "not a url",
            "",
        ] {
            let err = check_api_url(refused, false).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{refused}: {err:?}");
            assert!(!err.is_retryable());
        }
        assert!(check_api_url("http://api.internal/v1", true).is_ok());
        assert_eq!(
            check_api_url("https://api.clerk.com/v1", false).unwrap(),
            ("https://api.clerk.com/v1".into(), "/v1".into())
        );
        assert_eq!(
            check_api_url("http://127.0.0.1:1", false).unwrap(),
            ("http://127.0.0.1:1".into(), "".into())
        );
    }

    #[test]
    fn user_information_is_redacted_from_shown_urls() {
        for (url, shown) in [
            (
                "https://u:p@api.clerk.com/v1",
                "https://***@api.clerk.com/v1",
            ),
            ("http://p@h:99999999/x?y#z", "http://***@h:99999999/x?y#z"),
            ("https://a@b@host/v1/u@x", "https://***@host/v1/u@x"),
            ("https://host/v1?email=a@b", "https://host/v1?email=a@b"),
            ("not a url @ all", "not a url @ all"),
            ("", ""),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }

    #[test]
    fn blank_keys_are_missing_keys() {
        for key in ["", "   ", "\t\n"] {
            let err = Shared::new(&ClientConfig::new(key)).unwrap_err();
            assert!(matches!(err, Error::MissingSecretKey), "{key:?}: {err:?}");
        }
    }
}
