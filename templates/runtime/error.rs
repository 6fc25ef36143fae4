//! The error type of every call, and the undocumented-status payload.

use std::fmt;

use super::{Bytes, StatusCode};

/// Everything a call can fail with. `E` is the operation's own error type,
/// with one variant per documented error response.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The server answered with a documented error (or an undocumented status).
    #[error(transparent)]
    Api(E),
    /// The request did not complete in time.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The connection failed or the server could not be reached.
    #[error("transport error")]
    Transport(#[source] reqwest::Error),
    /// The response body did not match the documented shape.
    #[error("could not decode the response (status {status})")]
    Decode {
        status: StatusCode,
        /// The body as received.
        body: Bytes,
        #[source]
        source: serde_json::Error,
    },
    /// A parameter or body could not be encoded.
    #[error("could not encode the request: {0}")]
    Encode(String),
    /// A parameter breaks a limit the spec states; nothing was sent.
    #[error("invalid `{parameter}`: {reason}")]
    Invalid { parameter: &'static str, reason: String },
}

impl<E> Error<E> {
    /// The operation's typed error, if the server answered with one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    pub(super) fn from_reqwest(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Error::Timeout(e)
        } else {
            Error::Transport(e)
        }
    }
}

/// A status the spec does not document for the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnexpectedStatus {
    pub status: StatusCode,
    pub body: Bytes,
}

impl fmt::Display for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected status {}", self.status)?;
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        if !text.is_empty() {
            let shown: String = text.chars().take(200).collect();
            write!(f, ": {shown}")?;
        }
        Ok(())
    }
}
