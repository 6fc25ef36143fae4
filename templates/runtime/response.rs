//! A response read in full, and decoding its body.

use std::time::Duration;

use super::body::read_capped;
use super::decode::decode_json;
use super::error::{Error, UnexpectedStatus};
use super::limits::{Exchange, within};
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
    /// Reads the whole body of a response: up to the client's body cap and
    /// within what is left of its whole-request timeout (for a response from
    /// elsewhere, the default cap and no time limit).
    pub async fn read<E>(response: reqwest::Response) -> Result<Response, Error<E>> {
        let exchange = Exchange::of(&response);
        let status = response.status();
        let headers = response.headers().clone();
        let body = within(exchange.deadline, exchange.limits.timeout, read_capped(response, &exchange.limits)).await?;
        Ok(Response { status, headers, body })
    }

    /// Decodes the body as JSON; an empty body reads as `null`. A mismatch
    /// is `Error::Decode` with the path to the value that did not fit.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        decode_json(&self.body).map_err(|e| Error::decode(self.status, self.body.clone(), e))
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// The response as an undocumented status: status, headers and body.
    pub fn unexpected(&self) -> UnexpectedStatus {
        UnexpectedStatus { status: self.status, headers: self.headers.clone(), body: self.body.clone() }
    }

    /// How long the server asks to wait, from `Retry-After` (seconds or an HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers)
    }
}
