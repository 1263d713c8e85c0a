//! What keeps strangers' tokens from spending this server's API rate limit: recent
//! negative verdicts on opaque machine tokens, kept briefly under a hash of the token
//! (never the token), and the API's 429, honoured until its `Retry-After` is over.
//! Both are bounded: a flood of one bad token costs one API call per `ttl`, a flood of
//! distinct ones cannot grow memory past `capacity` entries.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_lc_rs::digest;

use crate::http::error::ApiErrorResponse;

/// The longest wait a 429's `Retry-After` can impose on this server's verifications.
const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);
/// The wait after a 429 without a usable `Retry-After`.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);

/// What the API said of a token that does not sign anyone in.
#[derive(Clone, Debug)]
pub(crate) enum Negative {
    /// It refused it (a 4xx other than 401, 403 and 429: not found, malformed).
    Invalid(ApiErrorResponse),
    /// It knows it, and it is revoked, expired or inactive.
    Inactive,
}

type TokenHash = [u8; 32];

/// Negative verdicts by token hash, and the rate-limit gate. Shared by the clones of an
/// [`AuthenticateOptions`](crate::AuthenticateOptions).
pub(crate) struct MachineCache {
    ttl: Duration,
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    verdicts: HashMap<TokenHash, (Instant, Negative)>,
    /// Hashes in the order they were stored, with their expiry: with one `ttl`, also the
    /// order in which they expire.
    order: VecDeque<(TokenHash, Instant)>,
    /// The API answered 429: its answer, and until when no call is made.
    rate_limited: Option<(Instant, ApiErrorResponse)>,
}

impl MachineCache {
    /// Keeps verdicts for `ttl` (`Duration::ZERO` keeps none), at most `capacity` of them.
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Self {
        MachineCache {
            ttl,
            capacity,
            state: Mutex::default(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The API's last 429 while its wait runs, with `retry_after` set to what is left.
    pub(crate) fn rate_limited(&self) -> Option<ApiErrorResponse> {
        let now = Instant::now();
        let mut state = self.state();
        match &state.rate_limited {
            Some((until, answer)) if *until > now => {
                let mut answer = answer.clone();
                answer.retry_after = Some(*until - now);
                Some(answer)
            }
            Some(_) => {
                state.rate_limited = None;
                None
            }
            None => None,
        }
    }

    /// Closes the gate after a 429, for its `Retry-After` (bounded).
    pub(crate) fn note_rate_limited(&self, answer: &ApiErrorResponse) {
        let wait = answer
            .retry_after
            .filter(|wait| !wait.is_zero())
            .unwrap_or(DEFAULT_RATE_LIMIT_WAIT)
            .min(MAX_RATE_LIMIT_WAIT);
        self.state().rate_limited = Some((Instant::now() + wait, answer.clone()));
    }

    /// The recent negative verdict on `token`, if any.
    pub(crate) fn get(&self, token: &str) -> Option<Negative> {
        if self.ttl.is_zero() {
            return None;
        }
        let hash = hash(token);
        let now = Instant::now();
        let state = self.state();
        match state.verdicts.get(&hash) {
            Some((expires, verdict)) if *expires > now => Some(verdict.clone()),
            _ => None,
        }
    }

    /// Remembers a negative verdict on `token` for `ttl`.
    pub(crate) fn put(&self, token: &str, verdict: Negative) {
        if self.ttl.is_zero() || self.capacity == 0 {
            return;
        }
        let hash = hash(token);
        let now = Instant::now();
        let expires = now + self.ttl;
        let mut state = self.state();
        // Expired entries first, then the oldest while over capacity.
        while let Some(&(old, at)) = state.order.front() {
            if at > now && state.order.len() < self.capacity {
                break;
            }
            state.order.pop_front();
            if state.verdicts.get(&old).is_some_and(|(e, _)| *e == at) {
                state.verdicts.remove(&old);
            }
        }
        state.order.push_back((hash, expires));
        state.verdicts.insert(hash, (expires, verdict));
    }
}

fn hash(token: &str) -> TokenHash {
    let digest = digest::digest(&digest::SHA256, token.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

impl fmt::Debug for MachineCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("MachineCache")
            .field("ttl", &self.ttl)
            .field("capacity", &self.capacity)
            .field("verdicts", &state.verdicts.len())
            .field("rate_limited", &state.rate_limited.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_bounded_and_expire() {
        let cache = MachineCache::new(Duration::from_secs(60), 3);
        for i in 0..10 {
            cache.put(&format!("ak_{i}"), Negative::Inactive);
        }
        let state = cache.state();
        assert_eq!((state.verdicts.len(), state.order.len()), (3, 3));
        drop(state);
        assert!(cache.get("ak_9").is_some() && cache.get("ak_0").is_none());
        // The same token stored again stays one entry in the map.
        cache.put("ak_9", Negative::Inactive);
        assert!(cache.state().verdicts.len() <= 3);

        let none = MachineCache::new(Duration::ZERO, 3);
        none.put("ak_1", Negative::Inactive);
        assert!(none.get("ak_1").is_none());
    }

    #[test]
    fn the_rate_limit_gate_is_bounded() {
        let cache = MachineCache::new(Duration::from_secs(1), 8);
        assert!(cache.rate_limited().is_none());
        let mut answer = ApiErrorResponse::from_parts(429, None, None, b"{}");
        answer.retry_after = Some(Duration::from_secs(86_400));
        cache.note_rate_limited(&answer);
        let left = cache.rate_limited().unwrap().retry_after.unwrap();
        assert!(left <= MAX_RATE_LIMIT_WAIT && left > Duration::from_secs(50));
    }
}
