// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a failed request is sent again.
///
/// Retried: connection failures, timeouts, and the statuses 408, 429, 500,
/// 502, 503 and 504. Waits grow exponentially with jitter, and a server's
/// `Retry-After` (seconds or HTTP date) is honoured when it fits: a server
/// asking for a wait longer than `max_backoff`, or past `max_elapsed`, gets
/// its answer returned at once instead of a retry. No wait is shorter than
/// `min_backoff`, whatever the server asks: `Retry-After: 0` cannot make the
/// client hammer a failing server. Redirect refusals and
/// oversized responses are never retried. Only idempotent methods
/// (GET, HEAD, PUT, DELETE, OPTIONS, TRACE, QUERY) are retried unless you opt in: a POST
/// such as sending a message is never sent twice by the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each one after.
    pub initial_backoff: Duration,
    /// Shortest wait between two attempts, even when the server's
    /// `Retry-After` says less (default 100 ms; never more than
    /// `max_backoff`).
    pub min_backoff: Duration,
    /// Longest wait between two attempts.
    pub max_backoff: Duration,
    /// Time budget for all attempts and waits; no retry starts after it.
    pub max_elapsed: Duration,
    /// Retry POST and PATCH too. Only for operations you know are idempotent.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            min_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent
            || matches!(
                *method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
            )
            // QUERY is defined safe and idempotent (draft-ietf-httpbis-safe-method-w-body).
            || method.as_str() == "QUERY"
    }

    /// The wait before attempt `attempt + 1`, with jitter (half to all of the
    /// exponential step).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let step = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        let half = step / 2;
        half + half.mul_f64(jitter())
    }
}

pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date in any of the three
/// forms RFC 9110 allows (IMF-fixdate, RFC 850, asctime). A date in the past
/// means now; a number too large for a `Duration` saturates.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    // Servers also send RFC 2822 dates that are not IMF-fixdate ("1 Dec", "+0000").
    let when = httpdate::parse_http_date(value).ok().or_else(|| {
        let seconds = u64::try_from(chrono::DateTime::parse_from_rfc2822(value).ok()?.timestamp()).unwrap_or(0);
        UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
    })?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

impl RetryPolicy {
    /// The wait before the next attempt, or `None` when there should be none:
    /// the server's `Retry-After` (or else the backoff) must fit both the
    /// policy's longest wait and what is left of its time budget. Saturating
    /// throughout: a server's number never overflows anything.
    pub(crate) fn next_wait(&self, attempt: u32, server_wait: Option<Duration>, elapsed: Duration) -> Option<Duration> {
        let wait = server_wait.unwrap_or_else(|| self.backoff(attempt));
        if wait > self.max_backoff {
            return None;
        }
        // The floor, never above the longest wait (a policy may set both low).
        let wait = wait.max(self.min_backoff.min(self.max_backoff));
        (elapsed.saturating_add(wait) <= self.max_elapsed).then_some(wait)
    }
}

/// A client-wide allowance of retries, shared by every call of a client and
/// its clones (a token bucket, as the AWS SDKs have): each retry takes one,
/// and calls that succeed without a retry slowly earn them back. While a
/// server keeps failing, the bucket empties and calls return their first
/// answer at once: a failing server gets fewer requests, not more.
///
/// The default holds 100 retries and earns one back per 10 calls answered
/// at the first attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryBudget {
    /// Retries the bucket holds when full, and at the start.
    pub max_retries: u32,
    /// Calls answered at the first attempt that earn back one retry
    /// (0: none is earned back).
    pub successes_per_retry: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self { max_retries: 100, successes_per_retry: 10 }
    }
}

impl RetryBudget {
    /// No client-wide limit: only each call's [`RetryPolicy`] bounds retries.
    pub fn unlimited() -> Self {
        Self { max_retries: u32::MAX, successes_per_retry: 1 }
    }
}

/// The state of a client's [`RetryBudget`], in units of one success: a retry
/// costs `successes_per_retry` units (at least one).
#[derive(Debug, Clone)]
pub(crate) struct RetryBucket {
    budget: RetryBudget,
    units: Arc<AtomicU64>,
}

impl RetryBucket {
    pub(crate) fn new(budget: RetryBudget) -> Self {
        let units = Arc::new(AtomicU64::new(Self::capacity(&budget)));
        Self { budget, units }
    }

    fn cost(budget: &RetryBudget) -> u64 {
        u64::from(budget.successes_per_retry.max(1))
    }

    fn capacity(budget: &RetryBudget) -> u64 {
        u64::from(budget.max_retries).saturating_mul(Self::cost(budget))
    }

    fn unlimited(&self) -> bool {
        self.budget.max_retries == u32::MAX
    }

    /// Takes one retry from the bucket; false when it is empty.
    pub(crate) fn try_take(&self) -> bool {
        if self.unlimited() {
            return true;
        }
        let cost = Self::cost(&self.budget);
        self.units.fetch_update(Ordering::AcqRel, Ordering::Acquire, |units| units.checked_sub(cost)).is_ok()
    }

    /// A call was answered at its first attempt: earn back a part of a retry.
    pub(crate) fn record_success(&self) {
        if self.unlimited() || self.budget.successes_per_retry == 0 {
            return;
        }
        let capacity = Self::capacity(&self.budget);
        let _ = self.units.fetch_update(Ordering::AcqRel, Ordering::Acquire, |units| {
            (units < capacity).then(|| units.saturating_add(1).min(capacity))
        });
    }
}

/// A number in [0, 1): enough randomness to spread retries, no dependency.
fn jitter() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
            ..RetryPolicy::default()
        };
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let capped = policy.backoff(10);
            assert!(capped >= Duration::from_millis(150) && capped <= Duration::from_millis(300), "{capped:?}");
        }
    }

    #[test]
    fn only_idempotent_methods_by_default() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&Method::GET) && policy.allows(&Method::PUT) && policy.allows(&Method::DELETE));
        assert!(!policy.allows(&Method::POST) && !policy.allows(&Method::PATCH));
        let query = Method::from_bytes(b"QUERY").expect("a token");
        let copy = Method::from_bytes(b"COPY").expect("a token");
        assert!(policy.allows(&query) && !policy.allows(&copy), "QUERY is idempotent, an unknown method is not");
        assert!(RetryPolicy { retry_non_idempotent: true, ..policy }.allows(&Method::POST));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs() as i64;
        for later in [
            httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(now as u64 + 30)),
            chrono::DateTime::from_timestamp(now + 30, 0).expect("valid time").to_rfc2822(),
        ] {
            headers.insert(RETRY_AFTER, later.parse().expect("header"));
            let wait = retry_after(&headers).expect("an HTTP date");
            assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{later}: {wait:?}");
        }
        headers.insert(RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO), "a date in the past means now");
    }

    #[test]
    fn retry_after_reads_all_three_http_date_forms() {
        let mut headers = HeaderMap::new();
        for form in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            headers.insert(RETRY_AFTER, form.parse().expect("header"));
            assert_eq!(retry_after(&headers), Some(Duration::ZERO), "{form} is a date in the past");
        }
        headers.insert(RETRY_AFTER, "soon".parse().expect("header"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn a_huge_retry_after_saturates_and_is_not_waited_for() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "18446744073709551615".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(u64::MAX)));
        headers.insert(RETRY_AFTER, "99999999999999999999999".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::MAX));
        let policy = RetryPolicy::default();
        assert_eq!(policy.next_wait(1, retry_after(&headers), Duration::from_secs(1)), None);
        assert_eq!(policy.next_wait(1, Some(Duration::MAX), Duration::MAX), None);
    }

    #[test]
    fn no_wait_is_shorter_than_the_floor() {
        let policy = RetryPolicy { initial_backoff: Duration::ZERO, ..RetryPolicy::default() };
        assert_eq!(policy.next_wait(1, Some(Duration::ZERO), Duration::ZERO), Some(policy.min_backoff));
        assert_eq!(policy.next_wait(1, None, Duration::ZERO), Some(policy.min_backoff));
        let low = RetryPolicy { max_backoff: Duration::from_millis(40), ..policy };
        assert_eq!(low.next_wait(1, Some(Duration::ZERO), Duration::ZERO), Some(Duration::from_millis(40)));
    }

    #[test]
    fn the_budget_empties_and_is_earned_back() {
        let bucket = RetryBucket::new(RetryBudget { max_retries: 2, successes_per_retry: 3 });
        let shared = bucket.clone();
        assert!(bucket.try_take() && shared.try_take(), "clones share one bucket");
        assert!(!bucket.try_take(), "empty after max_retries");
        for _ in 0..3 {
            bucket.record_success();
        }
        assert!(bucket.try_take(), "three successes earn one retry back");
        assert!(!bucket.try_take());
        for _ in 0..100 {
            bucket.record_success();
        }
        assert!(bucket.try_take() && bucket.try_take() && !bucket.try_take(), "never above max_retries");
        let unlimited = RetryBucket::new(RetryBudget::unlimited());
        assert!((0..10_000).all(|_| unlimited.try_take()));
    }

    #[test]
    fn the_wait_is_capped_by_the_longest_wait_and_the_budget() {
        let policy = RetryPolicy {
            max_backoff: Duration::from_secs(2),
            max_elapsed: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert_eq!(policy.next_wait(1, Some(Duration::from_secs(1)), Duration::ZERO), Some(Duration::from_secs(1)));
        assert_eq!(policy.next_wait(1, Some(Duration::from_secs(3)), Duration::ZERO), None, "longer than max_backoff");
        assert_eq!(policy.next_wait(1, Some(Duration::from_secs(2)), Duration::from_secs(4)), None, "past max_elapsed");
    }
}
