//! Response bodies handed over as they arrive.

use super::error::Error;
use super::{Bytes, StatusCode};

/// A response body handed over as it arrives (server-sent events, downloads).
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    pub fn new(response: reqwest::Response) -> Self {
        ByteStream { response }
    }

    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn next_chunk<E>(&mut self) -> Result<Option<Bytes>, Error<E>> {
        self.response.chunk().await.map_err(Error::from_reqwest)
    }
}
