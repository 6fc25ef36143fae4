//! The error type of every call, and what its variants carry: the cause of
//! a transport failure or a timeout, the JSON path of a decode failure, why
//! a redirect was not followed, and an undocumented status with its headers.
//!
//! No error shows a secret: reqwest's errors lose their URL (which holds a
//! query key) before they are kept, and nothing here prints a request.

use std::fmt;
use std::time::Duration;

use super::decode::{DecodeError, at_path, decode_json};
use super::events::EventError;
use super::limits::Limits;
use super::{Bytes, StatusCode};

/// Everything a call can fail with. `E` is the operation's own error type,
/// with one variant per documented error response.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The server answered with a documented error (or an undocumented status).
    #[error(transparent)]
    Api(E),
    /// Connecting, waiting for data or the whole request took too long.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// The connection failed, or the server broke HTTP (a malformed head, a
    /// body cut short). The cause is in the message as well as in `source()`.
    #[error("{}", describe_transport(.0))]
    Transport(#[source] reqwest::Error),
    /// The response body did not match the documented shape.
    #[error("could not decode the response (status {status}): {}{source}", at_path(.path))]
    Decode {
        status: StatusCode,
        /// The body as received.
        body: Bytes,
        /// Where in the body the mismatch is (`items[3].id`; `.` for the
        /// whole body).
        path: String,
        #[source]
        source: serde_json::Error,
    },
    /// A buffered response body is larger than the client's cap
    /// ([`ClientBuilder::max_body_bytes`](super::ClientBuilder::max_body_bytes)).
    #[error("the response body is larger than the {limit}-byte limit{}", declared(*.content_length))]
    BodyTooLarge {
        limit: u64,
        /// The length the server announced, if it announced one.
        content_length: Option<u64>,
    },
    /// A redirect that could not be followed.
    #[error(transparent)]
    Redirect(RedirectError),
    /// A parameter or body could not be encoded.
    #[error("could not encode the request: {0}")]
    Encode(String),
    /// A parameter breaks a limit the spec states; nothing was sent.
    #[error("invalid `{parameter}`: {reason}")]
    Invalid { parameter: &'static str, reason: String },
    /// A server-sent event could not be read (see [`EventError`]).
    #[error(transparent)]
    Event(EventError),
}

impl<E> Error<E> {
    /// The operation's typed error, if the server answered with one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Keeps a reqwest error without its URL, as a timeout or a transport error.
    pub(super) fn from_reqwest(e: reqwest::Error, limits: &Limits) -> Self {
        let e = e.without_url();
        if e.is_timeout() {
            Error::Timeout(TimeoutError::from_reqwest(e, limits))
        } else {
            Error::Transport(e)
        }
    }

    /// A request reqwest would not build (an invalid header value...),
    /// without its URL.
    pub(super) fn from_builder(e: reqwest::Error) -> Self {
        let e = e.without_url();
        match std::error::Error::source(&e) {
            Some(_) => Error::Encode(format!("{e}: {}", root_cause(&e))),
            None => Error::Encode(e.to_string()),
        }
    }

    pub(super) fn decode(status: StatusCode, body: Bytes, error: DecodeError) -> Self {
        let (path, source) = error.into_parts();
        Error::Decode { status, body, path, source }
    }
}

fn declared(content_length: Option<u64>) -> String {
    content_length.map(|n| format!(" (it announced {n} bytes)")).unwrap_or_default()
}

/// What went wrong, then its deepest cause: `could not connect: Connection
/// refused (os error 111)`.
fn describe_transport(e: &reqwest::Error) -> String {
    let what = if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the response body broke off"
    } else if e.is_request() {
        "the request failed"
    } else if e.is_builder() {
        "the request could not be built"
    } else {
        "transport error"
    };
    format!("{what}: {}", root_cause(e))
}

/// The message of the innermost error of a `source()` chain.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current = e;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Which bound a timeout broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// The server sent nothing for too long.
    Read,
    /// The whole attempt (to the end of a buffered body, or to the head of a
    /// streamed one).
    Request,
}

/// A request that took too long, and which limit it broke.
#[derive(Debug)]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Option<Duration>,
    source: Option<reqwest::Error>,
}

impl TimeoutError {
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The limit that was reached, when known (not for the timeouts of a
    /// client given with `http_client`).
    pub fn limit(&self) -> Option<Duration> {
        self.limit
    }

    pub(super) fn whole_request(limit: Option<Duration>) -> Self {
        TimeoutError { kind: TimeoutKind::Request, limit, source: None }
    }

    /// reqwest times out on the connect and read timeouts we give it (a
    /// connect timeout is also a connect error).
    fn from_reqwest(e: reqwest::Error, limits: &Limits) -> Self {
        let (kind, limit) = if e.is_connect() {
            (TimeoutKind::Connect, limits.connect_timeout)
        } else {
            (TimeoutKind::Read, limits.read_timeout)
        };
        let limit = if limits.own_client { limit } else { None };
        TimeoutError { kind, limit, source: Some(e) }
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "timed out connecting",
            TimeoutKind::Read => "timed out waiting for data from the server",
            TimeoutKind::Request => "timed out: the request took too long",
        };
        let which = match self.kind {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Read => "read timeout",
            TimeoutKind::Request => "whole-request timeout",
        };
        match self.limit {
            Some(limit) => write!(f, "{what} (the {which} of {limit:?})"),
            None => write!(f, "{what} ({which})"),
        }
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Why a redirect was not followed. The `Location` itself is never shown: a
/// server may have copied a query key into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectError {
    /// More redirects in a row than the client follows.
    TooMany { limit: u32 },
    /// The `Location` is not an absolute or relative `http`/`https` URL.
    BadLocation { status: StatusCode },
    /// The `Location` leads to another origin and holds a credential (the
    /// server wrote it there, under a name other than the query key's).
    CarriesCredential,
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectError::TooMany { limit } => write!(f, "too many redirects (more than {limit})"),
            RedirectError::BadLocation { status } => {
                write!(f, "the `Location` of a {status} redirect is not an http or https URL")
            }
            RedirectError::CarriesCredential => {
                f.write_str("a redirect to another origin holds a credential in its `Location`: not followed")
            }
        }
    }
}

impl std::error::Error for RedirectError {}

/// A status the spec does not document for the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnexpectedStatus {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Bytes,
}

impl UnexpectedStatus {
    /// The body decoded as JSON of type `T` (an empty body reads as `null`).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_json(&self.body)
    }

    /// The body as any JSON value.
    pub fn json_value(&self) -> Result<serde_json::Value, DecodeError> {
        decode_json(&self.body)
    }
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
