//! A cache of the instance's JSON Web Key Set: keys parsed once, refreshed on a TTL or
//! on an unknown `kid` (rate-limited), one fetch at a time however many callers wait.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::error::{Reason, VerifyError};
use super::key::JwtKey;
use crate::http::config::ClientConfig;

type FetchFuture = Pin<Box<dyn Future<Output = crate::Result<serde_json::Value>> + Send>>;

/// Where the key set comes from.
enum Source {
    /// GET /jwks through the facade with this config.
    Config(ClientConfig),
    /// GET /jwks through the facade with the process-wide config at fetch time.
    Global,
    /// A fixed key set (for tests and air-gapped setups).
    Static(serde_json::Value),
}

impl Source {
    fn fetch(&self) -> FetchFuture {
        async fn get(
            client: crate::Result<crate::jwks::Client>,
        ) -> crate::Result<serde_json::Value> {
            let jwks = client?.get().await?;
            serde_json::to_value(jwks).map_err(|e| crate::Error::InvalidRequest(e.to_string()))
        }
        match self {
            Source::Config(config) => Box::pin(get(Ok(crate::jwks::Client::new(config)))),
            Source::Global => Box::pin(get(
                crate::http::config::global_config().map(|c| crate::jwks::Client::new(&c))
            )),
            Source::Static(value) => {
                let value = value.clone();
                Box::pin(async move { Ok(value) })
            }
        }
    }
}

#[derive(Default)]
struct State {
    keys: HashMap<String, Arc<JwtKey>>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
}

struct Inner {
    source: Source,
    ttl: Duration,
    refresh_cooldown: Duration,
    state: RwLock<State>,
    /// Held while fetching, so that concurrent misses wait for one fetch.
    fetching: tokio::sync::Mutex<()>,
}

/// The key set of an instance, for [`VerifyParams::with_jwks`](super::VerifyParams::with_jwks).
/// Clones share one cache; make one per instance and keep it for the process.
///
/// Keys are kept for `ttl` (default 5 minutes, as Clerk's JS SDK). A token whose `kid`
/// is not in the set triggers a refresh, at most once per `refresh_cooldown`
/// (default 1 minute) so that forged kids cannot make the server hammer the API.
#[derive(Clone)]
pub struct JwksCache {
    inner: Arc<Inner>,
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.state.read().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("JwksCache")
            .field("kids", &state.keys.keys().collect::<Vec<_>>())
            .field("ttl", &self.inner.ttl)
            .finish_non_exhaustive()
    }
}

impl JwksCache {
    fn with_source(source: Source) -> Self {
        JwksCache {
            inner: Arc::new(Inner {
                source,
                ttl: Duration::from_secs(300),
                refresh_cooldown: Duration::from_secs(60),
                state: RwLock::default(),
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Fetches `GET /jwks` with `config`.
    pub fn new(config: &ClientConfig) -> Self {
        JwksCache::with_source(Source::Config(config.clone()))
    }

    /// Fetches `GET /jwks` with the process-wide config ([`crate::set_key`]).
    pub fn global() -> Self {
        JwksCache::with_source(Source::Global)
    }

    /// Serves a fixed key set (`{"keys": [...]}`), never fetching.
    pub fn from_jwks(jwks: serde_json::Value) -> Self {
        JwksCache::with_source(Source::Static(jwks))
    }

    /// How long fetched keys are used before the set is fetched again.
    pub fn with_ttl(self, ttl: Duration) -> Self {
        self.rebuild(|inner| inner.ttl = ttl)
    }

    /// The shortest time between two refreshes caused by unknown key ids.
    pub fn with_refresh_cooldown(self, cooldown: Duration) -> Self {
        self.rebuild(|inner| inner.refresh_cooldown = cooldown)
    }

    fn rebuild(self, change: impl FnOnce(&mut Inner)) -> Self {
        match Arc::try_unwrap(self.inner) {
            Ok(mut inner) => {
                change(&mut inner);
                JwksCache {
                    inner: Arc::new(inner),
                }
            }
            Err(shared) => JwksCache { inner: shared },
        }
    }

    /// The key with id `kid`, fetching the set if it is stale or lacks that id.
    pub async fn key(&self, kid: &str) -> Result<Arc<JwtKey>, VerifyError> {
        if let Some(key) = self.lookup(kid, false) {
            return Ok(key);
        }
        let _fetching = self.inner.fetching.lock().await;
        // Another caller may have fetched while this one waited.
        if let Some(key) = self.lookup(kid, false) {
            return Ok(key);
        }
        if !self.may_fetch() {
            return self.lookup(kid, true).ok_or_else(|| {
                VerifyError::new(Reason::UnknownKey, "no key with this token's kid")
            });
        }
        self.inner
            .state
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .last_attempt = Some(Instant::now());
        let jwks = self.inner.source.fetch().await.map_err(|e| {
            VerifyError::new(
                Reason::KeyFetchFailed,
                format!("fetching the JWKS failed: {e}"),
            )
            .with_source(e)
        })?;
        let keys = parse_jwks(&jwks)?;
        {
            let mut state = self.inner.state.write().unwrap_or_else(|e| e.into_inner());
            state.keys = keys;
            state.fetched_at = Some(Instant::now());
        }
        self.lookup(kid, true)
            .ok_or_else(|| VerifyError::new(Reason::UnknownKey, "no key with this token's kid"))
    }

    /// A cached key; `allow_stale` accepts keys past their TTL.
    fn lookup(&self, kid: &str, allow_stale: bool) -> Option<Arc<JwtKey>> {
        let state = self.inner.state.read().unwrap_or_else(|e| e.into_inner());
        let fresh = state
            .fetched_at
            .is_some_and(|at| at.elapsed() < self.inner.ttl);
        if fresh || allow_stale {
            state.keys.get(kid).cloned()
        } else {
            None
        }
    }

    /// A refresh is allowed when the set is stale, or the last attempt is older than the cooldown.
    fn may_fetch(&self) -> bool {
        let state = self.inner.state.read().unwrap_or_else(|e| e.into_inner());
        let stale = state
            .fetched_at
            .is_none_or(|at| at.elapsed() >= self.inner.ttl);
        let cooled = state
            .last_attempt
            .is_none_or(|at| at.elapsed() >= self.inner.refresh_cooldown);
        stale || cooled
    }
}

/// The usable keys of a JWKS document, by kid. Keys of other types are skipped.
fn parse_jwks(jwks: &serde_json::Value) -> Result<HashMap<String, Arc<JwtKey>>, VerifyError> {
    let keys = jwks
        .get("keys")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| VerifyError::new(Reason::InvalidKey, "the JWKS has no `keys` array"))?;
    Ok(keys
        .iter()
        .filter_map(|k| JwtKey::from_jwk(k).ok())
        .filter_map(|k| Some((k.kid()?.to_string(), Arc::new(k))))
        .collect())
}
