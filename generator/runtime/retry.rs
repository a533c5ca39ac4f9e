use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a failed request is sent again.
///
/// Retried: connection failures, timeouts, and the statuses 408, 429, 500,
/// 502, 503 and 504. Waits grow exponentially with jitter, and a server's
/// `Retry-After` (seconds or HTTP date) is honoured when it fits: a server
/// asking for a wait longer than `max_backoff`, or past `max_elapsed`, gets
/// its answer returned at once instead of a retry. Redirect refusals and
/// oversized responses are never retried. Only idempotent methods
/// (GET, HEAD, PUT, DELETE, OPTIONS) are retried unless you opt in: a POST
/// such as sending a message is never sent twice by the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each one after.
    pub initial_backoff: Duration,
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
        let fits_budget = elapsed.saturating_add(wait) <= self.max_elapsed;
        (wait <= self.max_backoff && fits_budget).then_some(wait)
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
