//! Timeouts and the body cap: their defaults, and the deadline of one
//! attempt.
//!
//! A server we do not control may stall, trickle or send without end; every
//! wait and every buffer has a bound unless the caller lifts it.

use std::future::Future;
use std::time::Duration;

use super::error::{Error, TimeoutError};

/// Connecting (TCP and TLS) may take this long.
pub(super) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// The server may send nothing for this long (before the head, or between
/// two pieces of a body, streamed bodies included).
pub(super) const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// One attempt may take this long: to the end of the body for buffered
/// responses, to the response head for streamed ones.
pub(super) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Buffered bodies may be this large.
pub(super) const DEFAULT_MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// Redirects followed for one attempt.
pub(super) const DEFAULT_MAX_REDIRECTS: u32 = 10;

/// The bounds a transport applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Limits {
    pub(super) connect_timeout: Option<Duration>,
    pub(super) read_timeout: Option<Duration>,
    pub(super) timeout: Option<Duration>,
    pub(super) max_body_bytes: Option<u64>,
    pub(super) max_redirects: u32,
    /// False when the caller gave a ready-made `reqwest::Client`, whose own
    /// connect and read timeouts we do not know.
    pub(super) own_client: bool,
}

impl Limits {
    /// Lists the limits in a `Debug` output.
    pub(super) fn debug_fields(&self, out: &mut std::fmt::DebugStruct<'_, '_>) {
        out.field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_redirects", &self.max_redirects);
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            read_timeout: Some(DEFAULT_READ_TIMEOUT),
            timeout: Some(DEFAULT_TIMEOUT),
            max_body_bytes: Some(DEFAULT_MAX_BODY_BYTES),
            max_redirects: DEFAULT_MAX_REDIRECTS,
            own_client: true,
        }
    }
}

/// What a response handed over unread carries (in its extensions), so that
/// reading it later keeps the same bounds.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Exchange {
    pub(super) limits: Limits,
    pub(super) deadline: Option<tokio::time::Instant>,
}

impl Exchange {
    pub(super) fn of(response: &reqwest::Response) -> Exchange {
        response.extensions().get::<Exchange>().copied().unwrap_or_default()
    }
}

/// The end of an attempt that starts now (none if the limit is off or
/// beyond the clock's range).
pub(super) fn deadline_after(limit: Option<Duration>) -> Option<tokio::time::Instant> {
    limit.and_then(|limit| tokio::time::Instant::now().checked_add(limit))
}

/// Runs `work`, failing with the whole-request timeout at `deadline`.
pub(super) async fn within<T, E>(
    deadline: Option<tokio::time::Instant>,
    limit: Option<Duration>,
    work: impl Future<Output = Result<T, Error<E>>>,
) -> Result<T, Error<E>> {
    match deadline {
        None => work.await,
        Some(deadline) => match tokio::time::timeout_at(deadline, work).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout(TimeoutError::whole_request(limit))),
        },
    }
}
