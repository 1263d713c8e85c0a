//! When and how long to wait before sending a failed request again.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method, StatusCode};

/// Retry settings. The default retries up to 3 attempts in all within 30 s:
///
/// * 429 and connection failures for every method (the server did not process the request);
/// * 408, 500, 502, 503, 504 and timeouts only for idempotent methods (GET, PUT, DELETE, ...),
///   because a POST or PATCH may have been applied before the failure.
///
/// Waits grow exponentially from `initial_backoff` with jitter, capped by `max_backoff`;
/// a `Retry-After` header (seconds or HTTP date) replaces the computed wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// At most `n` attempts in all (1 = no retries).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The first wait; later waits double.
    pub fn with_initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest single wait (also caps `Retry-After`).
    pub fn with_max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// No retry starts once this much time has passed since the first attempt.
    pub fn with_max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// At most this many attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), or `None` to give up.
    pub(crate) fn next_wait(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(after) => after.min(self.max_backoff),
            None => {
                let exp = self
                    .initial_backoff
                    .saturating_mul(
                        1u32.checked_shl(attempt.saturating_sub(1))
                            .unwrap_or(u32::MAX),
                    )
                    .min(self.max_backoff);
                // "Equal jitter": half fixed, half random, so waits never collapse to zero.
                let half = exp / 2;
                let random = Duration::try_from_secs_f64(half.as_secs_f64() * fastrand::f64())
                    .unwrap_or(half)
                    .min(half);
                half.saturating_add(random)
            }
        };
        // Saturating: a `Retry-After` of u64::MAX seconds with a raised `max_backoff`
        // must give up, not overflow.
        (elapsed.saturating_add(wait) <= self.max_elapsed).then_some(wait)
    }
}

/// Whether a method is safe to send twice.
pub(crate) fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// Whether a response with `status` to a `method` request should be retried.
pub(crate) fn retry_status(method: &Method, status: StatusCode) -> bool {
    match status.as_u16() {
        429 => true,
        408 | 500 | 502 | 503 | 504 => idempotent(method),
        _ => false,
    }
}

/// `Retry-After` as a duration: delta-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stop_at_the_caps() {
        let p = RetryPolicy::default().with_max_attempts(10);
        let w1 = p.next_wait(1, Duration::ZERO, None).unwrap();
        let w3 = p.next_wait(3, Duration::ZERO, None).unwrap();
        assert!(
            w1 >= Duration::from_millis(250) && w1 <= Duration::from_millis(500),
            "{w1:?}"
        );
        assert!(
            w3 >= Duration::from_secs(1) && w3 <= Duration::from_secs(2),
            "{w3:?}"
        );
        let w9 = p.next_wait(9, Duration::ZERO, None).unwrap();
        assert!(w9 <= Duration::from_secs(10));
        assert_eq!(p.next_wait(10, Duration::ZERO, None), None, "attempt cap");
        assert_eq!(
            p.next_wait(1, Duration::from_secs(30), None),
            None,
            "elapsed cap"
        );
        assert_eq!(RetryPolicy::none().next_wait(1, Duration::ZERO, None), None);
    }

    #[test]
    fn extreme_values_never_panic() {
        let huge = Duration::from_secs(u64::MAX);
        let raised = RetryPolicy::default()
            .with_max_attempts(u32::MAX)
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX)
            .with_max_elapsed(Duration::MAX);
        for attempt in [1, 2, 31, 32, 33, u32::MAX - 1] {
            for elapsed in [Duration::ZERO, huge, Duration::MAX] {
                for after in [None, Some(Duration::ZERO), Some(huge), Some(Duration::MAX)] {
                    let _ = raised.next_wait(attempt, elapsed, after);
                    let _ = RetryPolicy::default().next_wait(attempt, elapsed, after);
                }
            }
        }
        // The case: Retry-After: 18446744073709551615 with a raised max_backoff.
        let p = RetryPolicy::default().with_max_backoff(Duration::MAX);
        assert_eq!(p.next_wait(1, Duration::from_secs(1), Some(huge)), None);
        let mut h = HeaderMap::new();
        h.insert(
            http::header::RETRY_AFTER,
            "18446744073709551615".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(huge));
        h.insert(
            http::header::RETRY_AFTER,
            "99999999999999999999999".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn retry_after_replaces_the_backoff() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.next_wait(1, Duration::ZERO, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.next_wait(1, Duration::ZERO, Some(Duration::from_secs(60))),
            Some(Duration::from_secs(10))
        );
    }

    #[test]
    fn parses_both_retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        let later = SystemTime::now() + Duration::from_secs(120);
        h.insert(
            http::header::RETRY_AFTER,
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let d = retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        h.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn only_unprocessed_failures_retry_for_post() {
        assert!(retry_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS));
        assert!(!retry_status(
            &Method::POST,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!retry_status(
            &Method::PATCH,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
        assert!(retry_status(&Method::GET, StatusCode::BAD_GATEWAY));
        assert!(!retry_status(&Method::GET, StatusCode::NOT_FOUND));
    }
}
