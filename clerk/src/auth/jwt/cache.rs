//! The JSON Web Key Set cache; see [`JwksCache`] for what it guarantees.
//!
//! The cache logic does not know how keys are fetched: `Source::fetch` (and
//! `fetch_jwks` behind it) is the only part that does, and the cache times everything
//! with a [`Clock`] (monotonic by default).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::Clock;
use super::error::{Reason, SharedError, VerifyError};
use super::key::JwtKey;
use http::Method;

use crate::http::call::Call;
use crate::http::config::ClientConfig;
use crate::http::retry::RetryPolicy;

type FetchFuture = Pin<Box<dyn Future<Output = crate::Result<serde_json::Value>> + Send>>;

/// Where the key set comes from.
#[derive(Clone)]
enum Source {
    /// GET /jwks with this config (retries off: the cache has its own backoff). Boxed:
    /// a config is large, and this enum lives in every cache.
    Config(Box<ClientConfig>),
    /// GET /jwks with the process-wide config at fetch time.
    Global,
    /// A fixed key set (for tests and air-gapped setups).
    Static(serde_json::Value),
}

impl Source {
    fn fetch(&self) -> FetchFuture {
        match self {
            Source::Config(config) => Box::pin(fetch_jwks(Ok((**config).clone()))),
            Source::Global => Box::pin(fetch_jwks(
                crate::http::config::global_config().map(|c| c.with_retry(RetryPolicy::none())),
            )),
            Source::Static(value) => {
                let value = value.clone();
                Box::pin(async move { Ok(value) })
            }
        }
    }
}

/// The one function that knows how the key set is fetched: `GET {api_url}/jwks` through
/// the config's executor (its headers, timeout, bounded read and error mapping). Read as
/// plain JSON, not as the typed `Jwks`, whose decoding fails on a single entry of a shape
/// the spec's key types do not describe.
async fn fetch_jwks(config: crate::Result<ClientConfig>) -> crate::Result<serde_json::Value> {
    let shared = config?.shared()?;
    let call = Call::new(Method::GET, "GetJWKS", "/jwks", "/jwks".to_string());
    shared.execute(call).await?.json()
}

/// The default clock of the cache: monotonic, immune to wall-clock jumps.
#[derive(Debug)]
struct Monotonic(Instant);

impl Clock for Monotonic {
    fn now(&self) -> i64 {
        self.now_millis() / 1000
    }

    fn now_millis(&self) -> i64 {
        i64::try_from(self.0.elapsed().as_millis()).unwrap_or(i64::MAX)
    }
}

/// A failed fetch, shared by every caller that waited on it or came during its backoff.
struct Failure {
    at: i64,
    reason: Reason,
    message: String,
    cause: Option<SharedError>,
}

impl Failure {
    fn error(&self) -> VerifyError {
        let error = VerifyError::new(self.reason, self.message.clone());
        match &self.cause {
            Some(cause) => error.with_source(cause.clone()),
            None => error,
        }
    }
}

/// The usable keys of a set, by kid. A list: sets hold a handful of keys, and a scan
/// beats hashing the (attacker-chosen) kid of every token.
#[derive(Debug, Default)]
struct KeySet(Vec<(String, Arc<JwtKey>)>);

impl KeySet {
    fn get(&self, kid: &str) -> Option<&Arc<JwtKey>> {
        self.0.iter().find(|(k, _)| k == kid).map(|(_, key)| key)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn kids(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }
}

#[derive(Default)]
struct State {
    keys: KeySet,
    /// When the keys were fetched (clock milliseconds).
    fetched_at: Option<i64>,
    /// When the last refresh caused by an unknown kid started.
    kid_refresh_at: Option<i64>,
    /// The last fetch, if it failed (cleared by a success).
    failure: Option<Arc<Failure>>,
    /// Completed fetches, so a caller can tell that one ended while it waited.
    attempts: u64,
    /// A fetch is running.
    fetching: bool,
}

struct Inner {
    source: Source,
    ttl: Duration,
    refresh_cooldown: Duration,
    failure_backoff: Duration,
    max_staleness: Duration,
    fetch_timeout: Duration,
    clock: Arc<dyn Clock>,
    state: RwLock<State>,
    /// Held by the caller that fetches.
    fetch_lock: tokio::sync::Mutex<()>,
}

/// The key set of an instance, for [`VerifyParams::with_jwks`](super::VerifyParams::with_jwks).
/// Clones share one cache; make one per instance and keep it for the process.
///
/// Keys are used for `ttl` (default 5 minutes, as Clerk's JS SDK), then refreshed. The
/// cache survives key rotation and outages:
///
/// - **Rotation.** A `kid` missing from a current set triggers one refetch, so a token
///   signed with a key published after the last fetch verifies on first sight. Refetches
///   for unknown kids are rate-limited (one per `refresh_cooldown`, default 5 s), so a
///   flood of forged kids costs at most one fetch per window.
/// - **Single flight, for failures too.** Whatever the number of callers waiting on a
///   refresh, one fetch is made (one request: the transport's retries are off for it),
///   and all of them get its outcome: its keys, or its error. After a failed fetch no
///   other starts before `failure_backoff` (default 2 s); callers meanwhile get that
///   failure at once instead of queueing for fetches of their own.
/// - **Outages.** When a refresh fails (or stalls past `fetch_timeout`, default 10 s) and
///   keys are cached, they keep verifying up to `max_staleness` after their fetch
///   (default 1 h), with a `tracing` warning. A caller whose key is due for a refresh
///   while another caller refreshes uses the cached key rather than wait. Clerk's JS SDK
///   fails every request once its keys are 5 minutes old and the endpoint fails; this
///   is a deliberate difference.
/// - **Lenient sets.** Entries the SDK cannot use (another `kty`, an `alg` other than
///   RS256/384/512, a `use` other than `sig`, no `kid`) are skipped; `alg` and `use` are
///   optional. A set without one usable key is a failed fetch.
///
/// Every interval is configurable with the `with_*` methods. Configure a cache before
/// sharing it: on a cache already cloned, a `with_*` method returns a new cache (same
/// source and settings, the change, no keys yet) and leaves the clones as they were.
#[derive(Clone)]
pub struct JwksCache {
    inner: Arc<Inner>,
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.state.read().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("JwksCache")
            .field("kids", &state.keys.kids())
            .field("ttl", &self.inner.ttl)
            .field("refresh_cooldown", &self.inner.refresh_cooldown)
            .field("failure_backoff", &self.inner.failure_backoff)
            .field("max_staleness", &self.inner.max_staleness)
            .finish_non_exhaustive()
    }
}

/// How a key lookup was answered, for the verification's tracing span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// A cached key within its TTL.
    Hit,
    /// A cached key past its TTL, while a refresh runs elsewhere or fails.
    Stale,
    /// This caller fetched the set: its TTL was over, or nothing was fetched yet.
    Refresh,
    /// The kid is not in a current set: this caller fetched again, or was refused
    /// during the unknown-kid cooldown.
    Miss,
    /// This caller waited for another caller's fetch and took its outcome.
    Shared,
    /// A fetch failed a moment ago, nothing cached will do: refused without fetching.
    Backoff,
}

impl Lookup {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Lookup::Hit => "hit",
            Lookup::Stale => "stale",
            Lookup::Refresh => "refresh",
            Lookup::Miss => "miss",
            Lookup::Shared => "shared",
            Lookup::Backoff => "backoff",
        }
    }
}

type Looked = (Result<Arc<JwtKey>, VerifyError>, Lookup);

/// What a caller does with a kid, given the state.
enum Plan {
    Use(Arc<JwtKey>),
    /// Use a cached key past its TTL.
    UseStale(Arc<JwtKey>),
    Fail(VerifyError, Lookup),
    /// Fetch the set; `stale` may be served if the fetch fails (or is already running).
    Refresh {
        stale: Option<Arc<JwtKey>>,
        for_kid: bool,
    },
    /// A fetch is running and nothing cached will do: wait for its outcome.
    Wait,
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn unknown_kid() -> VerifyError {
    VerifyError::new(Reason::UnknownKey, "no key with this token's kid")
}

/// Clears `fetching` when the fetch ends, or when its caller is dropped mid-fetch.
struct FetchingFlag<'a>(&'a Inner);

impl Drop for FetchingFlag<'_> {
    fn drop(&mut self) {
        self.0
            .state
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .fetching = false;
    }
}

impl JwksCache {
    fn with_source(source: Source) -> Self {
        JwksCache {
            inner: Arc::new(Inner {
                source,
                ttl: Duration::from_secs(300),
                refresh_cooldown: Duration::from_secs(5),
                failure_backoff: Duration::from_secs(2),
                max_staleness: Duration::from_secs(3600),
                fetch_timeout: Duration::from_secs(10),
                clock: Arc::new(Monotonic(Instant::now())),
                state: RwLock::default(),
                fetch_lock: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Fetches `GET /jwks` with `config`.
    pub fn new(config: &ClientConfig) -> Self {
        JwksCache::with_source(Source::Config(Box::new(
            config.clone().with_retry(RetryPolicy::none()),
        )))
    }

    /// Fetches `GET /jwks` with the process-wide config ([`crate::set_key`]).
    pub fn global() -> Self {
        JwksCache::with_source(Source::Global)
    }

    /// Serves a fixed key set (`{"keys": [...]}`), never fetching.
    pub fn from_jwks(jwks: serde_json::Value) -> Self {
        JwksCache::with_source(Source::Static(jwks))
    }

    /// How long fetched keys are used before the set is fetched again (default 5 min).
    pub fn with_ttl(self, ttl: Duration) -> Self {
        self.rebuild(|inner| inner.ttl = ttl)
    }

    /// The shortest time between two refreshes caused by unknown key ids (default 5 s):
    /// the most a flood of forged kids can cost is one fetch per this interval.
    pub fn with_refresh_cooldown(self, cooldown: Duration) -> Self {
        self.rebuild(|inner| inner.refresh_cooldown = cooldown)
    }

    /// How long after a failed fetch no new one starts (default 2 s); callers in between
    /// get that failure (or stale keys, see [`with_max_staleness`](Self::with_max_staleness)).
    pub fn with_failure_backoff(self, backoff: Duration) -> Self {
        self.rebuild(|inner| inner.failure_backoff = backoff)
    }

    /// How long after their fetch cached keys keep verifying while refreshes fail
    /// (default 1 h). `Duration::ZERO` stops using keys as soon as their TTL is over.
    pub fn with_max_staleness(self, max_staleness: Duration) -> Self {
        self.rebuild(|inner| inner.max_staleness = max_staleness)
    }

    /// How long one fetch may take before it counts as failed (default 10 s), so a
    /// stalled endpoint holds up one caller, not all of them.
    pub fn with_fetch_timeout(self, timeout: Duration) -> Self {
        self.rebuild(|inner| inner.fetch_timeout = timeout)
    }

    /// The clock timing TTL, cooldown, backoff and staleness (default: a monotonic
    /// clock). For tests, e.g. `clerk::testing::TestClock`.
    pub fn with_clock(self, clock: impl Clock + 'static) -> Self {
        let clock: Arc<dyn Clock> = Arc::new(clock);
        self.rebuild(|inner| inner.clock = clock)
    }

    /// This cache with one setting changed. On a cache not shared yet, in place; on one
    /// already cloned, the clones keep theirs and this becomes a new cache with the same
    /// source and settings, the change, and keys of its own.
    fn rebuild(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            source: shared.source.clone(),
            ttl: shared.ttl,
            refresh_cooldown: shared.refresh_cooldown,
            failure_backoff: shared.failure_backoff,
            max_staleness: shared.max_staleness,
            fetch_timeout: shared.fetch_timeout,
            clock: shared.clock.clone(),
            state: RwLock::default(),
            fetch_lock: tokio::sync::Mutex::new(()),
        });
        change(&mut inner);
        JwksCache {
            inner: Arc::new(inner),
        }
    }

    /// The key with id `kid`, refreshing the set when it is due or lacks that id.
    pub async fn key(&self, kid: &str) -> Result<Arc<JwtKey>, VerifyError> {
        self.lookup(kid).await.0
    }

    /// [`key`](Self::key), and how it was answered.
    pub(crate) async fn lookup(&self, kid: &str) -> Looked {
        let (plan, seen) = {
            let state = self.read();
            (self.plan(kid, &state), state.attempts)
        };
        match plan {
            Plan::Use(key) => (Ok(key), Lookup::Hit),
            Plan::UseStale(key) => (Ok(key), Lookup::Stale),
            Plan::Fail(error, lookup) => (Err(error), lookup),
            // Boxed, so the future of every verification stays small: only refreshes
            // carry the lock and fetch futures.
            refresh => Box::pin(self.refresh(kid, refresh, seen)).await,
        }
    }

    /// The slow path of [`lookup`](Self::lookup): a refresh is due, or running.
    async fn refresh(&self, kid: &str, plan: Plan, seen: u64) -> Looked {
        match plan {
            Plan::Refresh {
                stale: Some(stale), ..
            } => match self.inner.fetch_lock.try_lock() {
                Ok(guard) => self.refresh_locked(kid, seen, guard).await,
                // Someone else is refreshing: serve the cached key rather than wait.
                Err(_) => (Ok(stale), Lookup::Stale),
            },
            Plan::Use(key) => (Ok(key), Lookup::Hit),
            Plan::UseStale(key) => (Ok(key), Lookup::Stale),
            Plan::Fail(error, lookup) => (Err(error), lookup),
            Plan::Refresh { stale: None, .. } | Plan::Wait => {
                let guard = self.inner.fetch_lock.lock().await;
                self.refresh_locked(kid, seen, guard).await
            }
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.inner.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> i64 {
        self.inner.clock.now_millis()
    }

    /// How old the keys are, if any were fetched.
    fn age(&self, state: &State, now: i64) -> Option<i64> {
        state.fetched_at.map(|at| now.saturating_sub(at))
    }

    /// A cached key that may be used while refreshes fail.
    fn stale_key(&self, kid: &str, state: &State, now: i64) -> Option<Arc<JwtKey>> {
        let usable = self
            .age(state, now)
            .is_some_and(|age| age <= millis(self.inner.max_staleness));
        if usable {
            state.keys.get(kid).cloned()
        } else {
            None
        }
    }

    fn plan(&self, kid: &str, state: &State) -> Plan {
        let now = self.now();
        let fresh = self
            .age(state, now)
            .is_some_and(|age| age < millis(self.inner.ttl));
        let backoff = state
            .failure
            .as_ref()
            .filter(|f| now.saturating_sub(f.at) < millis(self.inner.failure_backoff));
        if let Some(key) = state.keys.get(kid)
            && fresh
        {
            return Plan::Use(key.clone());
        }
        if let Some(stale) = self.stale_key(kid, state, now) {
            // Due for a refresh; until one succeeds, the cached key serves.
            if state.fetching || backoff.is_some() {
                return Plan::UseStale(stale);
            }
            return Plan::Refresh {
                stale: Some(stale),
                for_kid: false,
            };
        }
        if state.fetching {
            return Plan::Wait;
        }
        if let Some(failure) = backoff {
            return Plan::Fail(failure.error(), Lookup::Backoff);
        }
        if !fresh {
            return Plan::Refresh {
                stale: None,
                for_kid: false,
            };
        }
        // A current set without this kid: a rotated-in key, or a forged kid.
        let cooled = state
            .kid_refresh_at
            .is_none_or(|at| now.saturating_sub(at) >= millis(self.inner.refresh_cooldown));
        if cooled {
            Plan::Refresh {
                stale: None,
                for_kid: true,
            }
        } else {
            Plan::Fail(unknown_kid(), Lookup::Miss)
        }
    }

    /// With the fetch lock held: answer from a fetch that ended while this caller
    /// waited, or fetch.
    async fn refresh_locked(
        &self,
        kid: &str,
        seen: u64,
        _guard: tokio::sync::MutexGuard<'_, ()>,
    ) -> Looked {
        let plan = {
            let state = self.read();
            if state.attempts != seen {
                return (self.outcome(kid, &state), Lookup::Shared);
            }
            self.plan(kid, &state)
        };
        match plan {
            Plan::Use(key) => (Ok(key), Lookup::Hit),
            Plan::UseStale(key) => (Ok(key), Lookup::Stale),
            Plan::Fail(error, lookup) => (Err(error), lookup),
            Plan::Refresh { for_kid: true, .. } => (self.fetch(kid, true).await, Lookup::Miss),
            Plan::Refresh { for_kid: false, .. } => (self.fetch(kid, false).await, Lookup::Refresh),
            // Not reachable with the lock held (only its holder fetches); fetch anyway.
            Plan::Wait => (self.fetch(kid, false).await, Lookup::Refresh),
        }
    }

    /// The answer of the last fetch for `kid`: its key, a cached one if it failed, or its error.
    fn outcome(&self, kid: &str, state: &State) -> Result<Arc<JwtKey>, VerifyError> {
        let now = self.now();
        if let Some(key) = self.stale_key(kid, state, now) {
            return Ok(key);
        }
        match &state.failure {
            Some(failure) => Err(failure.error()),
            None => Err(unknown_kid()),
        }
    }

    /// Fetches the set (the caller holds the fetch lock) and records the outcome.
    async fn fetch(&self, kid: &str, for_kid: bool) -> Result<Arc<JwtKey>, VerifyError> {
        {
            let mut state = self.inner.state.write().unwrap_or_else(|e| e.into_inner());
            state.fetching = true;
            if for_kid {
                state.kid_refresh_at = Some(self.now());
            }
        }
        let flag = FetchingFlag(&self.inner);
        let fetched = match &self.inner.source {
            // No timer: a fixed set needs no runtime.
            Source::Static(_) => self.inner.source.fetch().await.map_err(fetch_failed),
            _ => match tokio::time::timeout(self.inner.fetch_timeout, self.inner.source.fetch())
                .await
            {
                Ok(result) => result.map_err(fetch_failed),
                Err(_) => Err(Failed {
                    reason: Reason::KeyFetchFailed,
                    message: format!(
                        "fetching the JWKS timed out after {:?}",
                        self.inner.fetch_timeout
                    ),
                    cause: None,
                }),
            },
        };
        let keys = fetched.and_then(|jwks| {
            parse_jwks(&jwks).map_err(|message| Failed {
                reason: Reason::KeyFetchFailed,
                message,
                cause: None,
            })
        });
        let now = self.now();
        // Callers that see `fetching` cleared before the outcome is stored still queue on
        // the fetch lock, which is held until this returns.
        drop(flag);
        let mut state = self.inner.state.write().unwrap_or_else(|e| e.into_inner());
        state.attempts += 1;
        match keys {
            Ok(keys) => {
                state.keys = keys;
                state.fetched_at = Some(now);
                state.failure = None;
                state.keys.get(kid).cloned().ok_or_else(unknown_kid)
            }
            Err(Failed {
                reason,
                message,
                cause,
            }) => {
                if reason.is_configuration_error() {
                    tracing::error!(
                        reason = reason.code(),
                        error = %message,
                        "clerk: the JWKS cannot be fetched because of this server's \
                         configuration; session tokens cannot be verified until it is \
                         fixed: check CLERK_SECRET_KEY and the API URL"
                    );
                }
                let failure = Arc::new(Failure {
                    at: now,
                    reason,
                    message,
                    cause,
                });
                state.failure = Some(failure.clone());
                let age = self.age(&state, now);
                if let Some(age) = age
                    && age <= millis(self.inner.max_staleness)
                    && !state.keys.is_empty()
                {
                    tracing::warn!(
                        error = %failure.message,
                        keys_age_s = age / 1000,
                        max_staleness_s = self.inner.max_staleness.as_secs(),
                        "clerk: refreshing the JWKS failed; verifying with the cached keys"
                    );
                }
                match self.stale_key(kid, &state, now) {
                    Some(key) => Ok(key),
                    None => Err(failure.error()),
                }
            }
        }
    }
}

/// Why a fetch failed.
struct Failed {
    reason: Reason,
    message: String,
    cause: Option<SharedError>,
}

/// A failed fetch: the API refusing this server's key (401/403), or no usable key or
/// URL, is a configuration error; anything else, a failed load.
fn fetch_failed(error: crate::Error) -> Failed {
    let reason = match &error {
        e if matches!(e.status(), Some(401 | 403)) => Reason::SecretKeyInvalid,
        crate::Error::MissingSecretKey | crate::Error::Config(_) => Reason::Misconfigured,
        _ => Reason::KeyFetchFailed,
    };
    Failed {
        reason,
        message: format!("fetching the JWKS failed: {error}"),
        cause: Some(SharedError::new(error)),
    }
}

/// The usable keys of a JWKS document, by kid: RSA keys with a `kid`, whose `use` (if
/// any) is `sig` and whose `alg` (if any) is RS256/384/512; both are optional (RFC 7517),
/// as in Clerk's JS SDK. Other entries are skipped; none usable is an error.
fn parse_jwks(jwks: &serde_json::Value) -> Result<KeySet, String> {
    let entries = jwks
        .get("keys")
        .and_then(serde_json::Value::as_array)
        .ok_or("the JWKS has no `keys` array")?;
    let mut keys = KeySet(Vec::with_capacity(entries.len()));
    for entry in entries {
        let Some(kid) = entry.get("kid").and_then(serde_json::Value::as_str) else {
            tracing::debug!("clerk: skipping a JWKS entry without kid");
            continue;
        };
        // `from_jwk` refuses a present `use` other than `sig` and an unsupported `alg`.
        match JwtKey::from_jwk(entry) {
            // The first entry of a kid wins.
            Ok(key) if keys.get(kid).is_none() => keys.0.push((kid.to_string(), Arc::new(key))),
            Ok(_) => {}
            Err(e) => tracing::debug!(
                kid = super::loggable(kid),
                "clerk: skipping an unusable JWKS entry: {e}"
            ),
        }
    }
    if keys.is_empty() {
        return Err(format!(
            "the JWKS has no usable key ({} entries, none an RSA signature key with a kid)",
            entries.len()
        ));
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rsa_jwk(kid: &str) -> serde_json::Value {
        // A 2048-bit modulus of 0xff bytes parses as an RSA public key.
        use base64::Engine;
        let n = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xffu8; 256]);
        serde_json::json!({"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": n, "e": "AQAB"})
    }

    #[test]
    fn unusable_entries_are_skipped_and_none_usable_is_an_error() {
        let good = rsa_jwk("ins_good");
        // `alg` and `use` are optional (RFC 7517): keys without them are usable.
        let mut no_alg = rsa_jwk("ins_no_alg");
        no_alg.as_object_mut().unwrap().remove("alg");
        let mut no_use = rsa_jwk("ins_no_use");
        no_use.as_object_mut().unwrap().remove("use");
        let mut enc = rsa_jwk("ins_enc");
        enc["use"] = "enc".into();
        let mut hs = rsa_jwk("ins_hs");
        hs["alg"] = "HS256".into();
        let mut null_alg = rsa_jwk("ins_null_alg");
        null_alg["alg"] = serde_json::Value::Null;
        let ec = serde_json::json!({"kty": "EC", "kid": "ins_ec", "alg": "ES256", "use": "sig", "crv": "P-256", "x": "AA", "y": "AA"});
        let mut no_kid = rsa_jwk("x");
        no_kid.as_object_mut().unwrap().remove("kid");
        let keys = parse_jwks(&serde_json::json!({
            "keys": [no_alg, no_use, enc, hs, null_alg, ec, no_kid, "junk", good]
        }))
        .unwrap();
        assert_eq!(keys.kids(), ["ins_no_alg", "ins_no_use", "ins_good"]);
        assert_eq!(keys.get("ins_no_alg").unwrap().algorithm(), None);
        assert_eq!(
            keys.get("ins_no_use").unwrap().algorithm(),
            Some(super::super::Algorithm::RS256)
        );

        let only_bad = serde_json::json!({"keys": [{"kty": "RSA", "kid": "a"}]});
        assert!(parse_jwks(&only_bad).unwrap_err().contains("no usable key"));
        assert!(parse_jwks(&serde_json::json!({"keys": []})).is_err());
        assert!(parse_jwks(&serde_json::json!([])).is_err());
    }
}
