//! When and how often a failed request is tried again.

use std::time::Duration;

/// When and how often a failed request is tried again.
///
/// Retried: 429, 502, 503 and 504 (waiting as `Retry-After` says, else
/// backing off) and connection errors, for idempotent methods (GET, HEAD, PUT,
/// DELETE, OPTIONS, TRACE). POST and PATCH are not retried at all unless
/// [`RetryPolicy::retry_non_idempotent`] is set; then they are retried like
/// the others. When the attempts or the time run out, or the server asks
/// for a wait (`Retry-After`) that would end after `max_elapsed`, the last
/// response is returned as it is, at once (a 429 becomes the operation's
/// typed error, with `retry_after`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    pub(super) max_elapsed: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    pub(super) retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three attempts within 60 s, backing off from 500 ms up to 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// No retry starts once this much time has passed since the first attempt.
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// Exponential backoff from `initial`, doubling, capped at `max`, with jitter.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Also retry POST and PATCH (only when they are safe to repeat).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The wait before attempt `attempt + 1`: half the capped exponential
    /// delay plus a random part of the other half.
    pub(super) fn backoff_for(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let full = self.initial_backoff.saturating_mul(1u32 << exponent).min(self.max_backoff);
        let half = full / 2;
        half.saturating_add(half.mul_f64(jitter()))
    }

    /// Whether waiting `delay` (a server's `Retry-After`, which may be any
    /// size) keeps within `max_elapsed`, `elapsed` after the first attempt
    /// started. A wait the policy does not allow is not started at all: the
    /// last answer is returned at once.
    pub(super) fn allows_wait(&self, elapsed: Duration, delay: Duration) -> bool {
        elapsed.checked_add(delay).is_some_and(|end| end <= self.max_elapsed)
    }
}

/// A number in [0, 1) that differs from call to call; retries need spread,
/// not cryptographic randomness.
fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed ^ 0x2545_F491_4F6C_DD1D;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_beyond_the_policy_or_any_duration_are_refused() {
        let policy = RetryPolicy::default();
        assert!(policy.allows_wait(Duration::from_secs(1), Duration::from_secs(59)));
        assert!(!policy.allows_wait(Duration::from_secs(1), Duration::from_secs(60)));
        assert!(!policy.allows_wait(Duration::from_secs(2), Duration::from_secs(u64::MAX)));
        assert!(!policy.allows_wait(Duration::MAX, Duration::MAX));
    }

    #[test]
    fn backoff_saturates() {
        let policy = RetryPolicy::default().backoff(Duration::MAX, Duration::MAX);
        for attempt in [0, 1, 2, 30, u32::MAX] {
            assert!(policy.backoff_for(attempt) >= Duration::MAX / 2);
        }
    }
}
