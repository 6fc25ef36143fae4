//! The client-side rate limit.

use std::time::Duration;

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
}

/// Makes callers wait so that no more than the limit's requests start in any window.
#[derive(Debug)]
pub(super) struct RateLimiter {
    pub(super) limit: RateLimit,
    pub(super) started: std::sync::Mutex<std::collections::VecDeque<tokio::time::Instant>>,
}

impl RateLimiter {
    pub(super) async fn acquire(&self) {
        if self.limit.requests == 0 {
            return;
        }
        loop {
            let wait = {
                let mut started = self.started.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = tokio::time::Instant::now();
                while started.front().is_some_and(|t| now.duration_since(*t) >= self.limit.per) {
                    started.pop_front();
                }
                if started.len() < self.limit.requests as usize {
                    started.push_back(now);
                    None
                } else {
                    started.front().map(|first| (*first + self.limit.per).saturating_duration_since(now))
                }
            };
            match wait {
                None => return,
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }
}
