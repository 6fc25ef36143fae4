//! A response read in full, and decoding its body.

use std::time::Duration;

use super::error::{Error, UnexpectedStatus};
use super::retry_after::retry_after;
use super::{Bytes, StatusCode};

/// A response read in full.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Bytes,
}

impl Response {
    /// Reads the whole body of a response.
    pub async fn read<E>(response: reqwest::Response) -> Result<Response, Error<E>> {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Ok(Response { status, headers, body })
    }

    /// Decodes the body as JSON; an empty body reads as `null`.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(|source| Error::Decode {
            status: self.status,
            body: self.body.clone(),
            source,
        })
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    pub fn unexpected(&self) -> UnexpectedStatus {
        UnexpectedStatus { status: self.status, body: self.body.clone() }
    }

    /// How long the server asks to wait, from `Retry-After` (seconds or an HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers)
    }
}
