//! Response bodies handed over as they arrive.

use std::fmt;

use super::error::Error;
use super::limits::{Exchange, Limits};
use super::{Bytes, StatusCode};

/// A response body handed over as it arrives (server-sent events,
/// downloads). Not capped, and not limited by the whole-request timeout: the
/// read timeout applies to the wait for each piece.
pub struct ByteStream {
    response: reqwest::Response,
    limits: Limits,
}

impl fmt::Debug for ByteStream {
    // Not the response's own `Debug`: it shows the URL, query key included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.response.status()).finish_non_exhaustive()
    }
}

impl ByteStream {
    pub fn new(response: reqwest::Response) -> Self {
        let limits = Exchange::of(&response).limits;
        ByteStream { response, limits }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn next_chunk<E>(&mut self) -> Result<Option<Bytes>, Error<E>> {
        self.response.chunk().await.map_err(|e| Error::from_reqwest(e, &self.limits))
    }
}
