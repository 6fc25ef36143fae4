//! The client-side rate limit.
//!
//! The server counts a request when it arrives, which is some time after
//! we start sending it and before its answer comes back. Counting from the
//! start (what this limiter did first) lets a request that arrived late
//! still sit in the server's window while the next window's requests
//! arrive: a 429 at the boundary. So a request holds its place in the
//! window from the moment it starts until `per` (plus a small margin) after
//! its answer's head arrived. Whatever its arrival time, every request
//! counted in any server window of length `per` then also holds a place
//! here at once, so no more than `requests` of them can: this keeps to the
//! limit for sliding and fixed windows alike, at the cost of a little
//! throughput (one round trip and the margin per window).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// At most `requests` requests in any window of `per` (0 requests: no limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

impl RateLimit {
    pub const fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests, per }
    }

    /// How long a finished request keeps its place: `per` and a margin for
    /// servers that count whole seconds or close their windows at both ends
    /// (2 % of `per`, between 10 ms and 1 s).
    fn hold(&self) -> Duration {
        let margin = (self.per / 50).clamp(Duration::from_millis(10), Duration::from_secs(1));
        self.per.saturating_add(margin)
    }
}

/// The places taken in the current window.
#[derive(Debug, Default)]
struct Places {
    /// Requests sent whose answer has not arrived.
    in_flight: usize,
    /// When the answers of the others arrived, oldest first.
    finished: VecDeque<Instant>,
}

/// Makes callers wait so that no more than the limit's requests can be
/// counted by the server in any window (shared by the clones of a client).
#[derive(Debug)]
pub(super) struct RateLimiter {
    pub(super) limit: RateLimit,
    places: Mutex<Places>,
    /// Woken when an answer arrives (a place then starts its countdown).
    finished: tokio::sync::Notify,
}

impl RateLimiter {
    pub(super) fn new(limit: RateLimit) -> Self {
        RateLimiter { limit, places: Mutex::default(), finished: tokio::sync::Notify::new() }
    }

    /// Waits for a place; the place is held until the permit is dropped
    /// (when the answer's head arrives, or the request fails) and `per`
    /// after that.
    pub(super) async fn acquire(self: &Arc<Self>) -> Permit {
        if self.limit.requests == 0 {
            return Permit { limiter: None };
        }
        let capacity = usize::try_from(self.limit.requests).unwrap_or(usize::MAX);
        let hold = self.limit.hold();
        loop {
            let notified = self.finished.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wait = {
                let mut places = self.places.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                while places.finished.front().is_some_and(|t| now.saturating_duration_since(*t) >= hold) {
                    places.finished.pop_front();
                }
                if places.in_flight.saturating_add(places.finished.len()) < capacity {
                    places.in_flight += 1;
                    return Permit { limiter: Some(self.clone()) };
                }
                places.finished.front().map(|first| hold.saturating_sub(now.saturating_duration_since(*first)))
            };
            match wait {
                // The oldest finished request frees its place first.
                Some(wait) => {
                    tracing::debug!(?wait, "waiting for the rate limit");
                    tokio::time::sleep(wait).await;
                }
                // Every place is held by a request in flight: wait for an answer.
                None => notified.await,
            }
        }
    }
}

/// A place in the rate limit's window, held while the request is in flight.
#[derive(Debug)]
pub(super) struct Permit {
    limiter: Option<Arc<RateLimiter>>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let Some(limiter) = self.limiter.take() else { return };
        {
            let mut places = limiter.places.lock().unwrap_or_else(PoisonError::into_inner);
            places.in_flight = places.in_flight.saturating_sub(1);
            places.finished.push_back(Instant::now());
        }
        limiter.finished.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_margin_is_bounded() {
        assert_eq!(RateLimit::new(1, Duration::from_secs(60)).hold(), Duration::from_secs(61));
        assert_eq!(RateLimit::new(1, Duration::from_millis(100)).hold(), Duration::from_millis(110));
        assert_eq!(RateLimit::new(1, Duration::MAX).hold(), Duration::MAX);
    }
}
