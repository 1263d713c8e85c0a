//! Configuration: the secret key, API URL, HTTP client, headers, timeout, retries and
//! limits, per client ([`ClientConfig`]) or process-wide ([`set_key`], [`set_config`]).

use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::http::error::{Error, Result};
use crate::http::retry::RetryPolicy;
use crate::http::transport::Shared;

/// The Backend API's base URL.
pub const DEFAULT_API_URL: &str = "https://api.clerk.com/v1";

/// The default cap on a response body: 64 MiB, far above a 500-item page of Clerk's
/// largest objects (a 500-user page with full profiles is a few MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Headers the SDK sets itself; [`ClientConfig::with_header`] refuses them.
const OWNED_HEADERS: [&str; 7] = [
    "authorization",
    "content-type",
    "content-length",
    "host",
    "clerk-api-version",
    "user-agent",
    "x-clerk-sdk",
];

/// A Clerk secret key (`sk_live_...`, `sk_test_...`). Never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Arc<str>);

impl SecretKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        SecretKey(Arc::from(key.into()))
    }
    /// The key itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether there is no key: empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keep the environment prefix: it tells test from live keys without revealing anything.
        let prefix = ["sk_live_", "sk_test_"]
            .into_iter()
            .find(|p| self.0.starts_with(p));
        write!(f, "SecretKey({}[redacted])", prefix.unwrap_or(""))
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        SecretKey::new(key)
    }
}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        SecretKey::new(key)
    }
}

/// How to reach the API: everything a resource [`Client`](crate::user::Client) needs.
///
/// ```
/// use std::time::Duration;
/// let config = clerk::ClientConfig::new("sk_test_123")
///     .with_timeout(Duration::from_secs(10))
///     .with_header("X-Clerk-Application", "billing-worker")
///     .unwrap();
/// let users = clerk::user::Client::new(&config);
/// # let _ = users;
/// ```
///
/// The secret key travels only over TLS: an `http://` API URL is refused unless its
/// host is loopback (`127.0.0.0/8`, `::1`, `localhost`: a local fake or mock) or the
/// config opts in with [`allow_insecure_http`](Self::allow_insecure_http). Requests to
/// an `https://` URL go through the proxy the environment names (`HTTPS_PROXY`,
/// `ALL_PROXY`, minus `NO_PROXY`), TLS end to end; requests to an `http://` URL never go
/// through a proxy. Redirects are never followed.
///
/// Configs share one connection pool (the process-wide one, unless
/// [`with_http_client`](Self::with_http_client) sets another): the key and headers are
/// per request, so switching keys costs nothing.
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) secret_key: SecretKey,
    pub(crate) api_url: String,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) allow_insecure_http: bool,
    pub(crate) max_response_bytes: usize,
    /// Built on first use and shared by every client made from this config (and its clones).
    built: Arc<OnceLock<Arc<Shared>>>,
}

impl ClientConfig {
    /// A config for `secret_key` with the defaults: API URL from `CLERK_API_URL` or
    /// [`DEFAULT_API_URL`], a 30 s timeout per attempt, [`RetryPolicy::default`], responses
    /// up to [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub fn new(secret_key: impl Into<SecretKey>) -> Self {
        let api_url = std::env::var("CLERK_API_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_API_URL.to_string());
        ClientConfig {
            secret_key: secret_key.into(),
            api_url: normalise_url(&api_url),
            http: None,
            headers: HeaderMap::new(),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            built: Arc::default(),
        }
    }

    /// A config from `CLERK_SECRET_KEY` (and `CLERK_API_URL`), or `None` when the key is
    /// unset or blank.
    pub fn from_env() -> Option<Self> {
        let key = std::env::var("CLERK_SECRET_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())?;
        Some(ClientConfig::new(key))
    }

    fn changed(mut self) -> Self {
        self.built = Arc::default();
        self
    }

    /// Sends to another base URL (a proxy, a mock server, `FakeClerk`), e.g.
    /// `http://127.0.0.1:8080/v1`. A trailing `/` is ignored. The URL is checked at the
    /// first call: one with a query, a fragment, a scheme other than `https` (or `http`
    /// to loopback) fails with [`Error::Config`].
    pub fn with_api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = normalise_url(&url.into());
        self.changed()
    }

    /// Allows an `http://` API URL to a host that is not loopback. The secret key is then
    /// sent in clear text: only for a trusted network (a sidecar proxy, a test cluster).
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self.changed()
    }

    /// Uses another secret key. Cheap: the connection pool is kept.
    pub fn with_secret_key(mut self, secret_key: impl Into<SecretKey>) -> Self {
        self.secret_key = secret_key.into();
        self.changed()
    }

    /// Sends through the caller's `reqwest::Client` (its pool, proxy and TLS settings).
    /// The timeout set here still applies per attempt.
    ///
    /// That client's policies are the caller's, where the SDK's own client decides
    /// otherwise:
    /// - **Redirects.** Its redirect policy decides whether a request, body and key
    ///   included, is sent on to where a redirect points. The SDK refuses any answer that
    ///   does not come from the URL it requested ([`Error::Redirected`]), but cannot
    ///   unsend the request: build the client with `redirect(reqwest::redirect::Policy::none())`.
    /// - **Proxies.** Its proxy settings apply, also to a plain `http://` API URL, where a
    ///   proxy reads the key in clear text (the SDK's own client uses no proxy for
    ///   `http://`): build it with `no_proxy()` for such URLs.
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self.changed()
    }

    /// Adds a header to every request, such as Go's `X-Clerk-Application`. The headers
    /// the SDK owns (`Authorization`, `Content-Type`, `Content-Length`, `Host`,
    /// `Clerk-API-Version`, `User-Agent`, `X-Clerk-SDK`) are refused.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self> {
        let name = HeaderName::try_from(name)
            .map_err(|e| Error::InvalidRequest(format!("header name {name:?}: {e}")))?;
        if OWNED_HEADERS.contains(&name.as_str()) {
            return Err(Error::InvalidRequest(format!(
                "header {name} is set by the SDK and cannot be overridden"
            )));
        }
        let value = HeaderValue::try_from(value)
            .map_err(|e| Error::InvalidRequest(format!("header {name}: {e}")))?;
        self.headers.insert(name, value);
        Ok(self.changed())
    }

    /// Time allowed for one attempt (connect, send, read the response).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.changed()
    }

    /// How failed requests are retried; [`RetryPolicy::none`] turns retries off.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self.changed()
    }

    /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger
    /// one ends the call with [`Error::ResponseTooLarge`].
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self.changed()
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret_key
    }

    /// The base URL requests go to.
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// Checks the config as the first call would: the key and the API URL.
    pub fn validate(&self) -> Result<()> {
        self.shared().map(|_| ())
    }

    /// A generated [`clerk_raw::Client`] that authenticates and retries like the facade:
    /// the escape hatch for anything the facade does not offer. Its path parameters are
    /// confined to one segment like the facade's ([`clerk_raw::path`]).
    #[cfg(feature = "raw")]
    pub fn raw_client(&self) -> Result<clerk_raw::Client> {
        Ok(self.shared()?.raw_client())
    }

    pub(crate) fn shared(&self) -> Result<Arc<Shared>> {
        if let Some(shared) = self.built.get() {
            return Ok(shared.clone());
        }
        let shared = Arc::new(Shared::new(self)?);
        Ok(self.built.get_or_init(|| shared).clone())
    }
}

/// Trims white space and trailing slashes: `https://x/v1/` and `https://x/v1` are one URL.
fn normalise_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("secret_key", &self.secret_key)
            .field(
                "api_url",
                &crate::http::transport::redact_url(&self.api_url),
            )
            .field("custom_http_client", &self.http.is_some())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// The process-wide config used by the package-level functions (`clerk::user::get`, ...).
static GLOBAL: RwLock<Option<Arc<ClientConfig>>> = RwLock::new(None);

/// Sets the secret key the package-level functions use. Unlike the Go SDK, a later call
/// takes effect for every later request; other settings from [`set_config`] are kept.
///
/// ```
/// clerk::set_key("sk_test_123");
/// ```
pub fn set_key(secret_key: impl Into<SecretKey>) {
    let mut global = GLOBAL.write().unwrap_or_else(|e| e.into_inner());
    let config = match global.take() {
        Some(config) => (*config).clone().with_secret_key(secret_key),
        None => ClientConfig::new(secret_key),
    };
    *global = Some(Arc::new(config));
}

/// Replaces the whole process-wide config.
pub fn set_config(config: ClientConfig) {
    *GLOBAL.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(config));
}

/// The process-wide config: the one set, else one from `CLERK_SECRET_KEY`, else
/// [`Error::MissingSecretKey`].
pub fn global_config() -> Result<ClientConfig> {
    global().map(|c| (*c).clone())
}

/// [`global_config`] without the copy: what package-level functions use on every call.
pub(crate) fn global() -> Result<Arc<ClientConfig>> {
    if let Some(config) = GLOBAL.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return Ok(config.clone());
    }
    let mut global = GLOBAL.write().unwrap_or_else(|e| e.into_inner());
    if let Some(config) = global.as_ref() {
        return Ok(config.clone());
    }
    let config = Arc::new(ClientConfig::from_env().ok_or(Error::MissingSecretKey)?);
    *global = Some(config.clone());
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_show_in_debug() {
        let config = ClientConfig::new("sk_live_supersecretvalue");
        let shown = format!(
            "{config:?} {} {:?}",
            config.secret_key(),
            config.secret_key()
        );
        assert!(!shown.contains("supersecretvalue"), "{shown}");
        assert!(shown.contains("sk_live_[redacted]"), "{shown}");
    }

    #[test]
    fn changing_a_setting_rebuilds_the_shared_state() {
        let a = ClientConfig::new("sk_test_a");
        let first = a.shared().unwrap();
        assert!(
            Arc::ptr_eq(&first, &a.clone().shared().unwrap()),
            "clones share"
        );
        let b = a.with_timeout(Duration::from_secs(1));
        assert!(!Arc::ptr_eq(&first, &b.shared().unwrap()));
    }

    #[test]
    fn owned_headers_are_refused() {
        for name in [
            "Authorization",
            "content-type",
            "Content-Length",
            "HOST",
            "Clerk-API-Version",
            "User-Agent",
            "x-clerk-sdk",
        ] {
            let err = ClientConfig::new("sk_test_a")
                .with_header(name, "x")
                .unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{name}: {err:?}");
        }
        assert!(
            ClientConfig::new("sk_test_a")
                .with_header("X-Clerk-Application", "billing")
                .is_ok()
        );
    }

    #[test]
    fn trailing_slashes_are_normalised() {
        let c = ClientConfig::new("sk_test_a").with_api_url("https://api.example.com/v1//");
        assert_eq!(c.api_url(), "https://api.example.com/v1");
    }
}
