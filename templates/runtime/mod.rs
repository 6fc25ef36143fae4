//! The runtime every generated client shares: credentials, the HTTP transport,
//! parameter encoding, response decoding and the error type.
//!
//! These files are hand-written (in the generator's `templates/runtime/`
//! folder) and copied into each generated crate unchanged, one file per job.
//!
//! # Pointed at a server we do not control
//!
//! Every byte a server sends is taken as possibly hostile. The defaults
//! (all settable on the [`ClientBuilder`]):
//!
//! | what | default | why |
//! | --- | --- | --- |
//! | connect timeout | 15 s | as peers do; a host that does not answer fails fast |
//! | read timeout (no byte received) | 30 s | a stalled server ends in `Error::Timeout`, streams included |
//! | whole-request timeout | 60 s per attempt, to the end of a buffered body or the head of a streamed one | a server trickling bytes cannot hold a call forever; a stream that keeps sending is not cut |
//! | buffered body cap | 64 MiB, checked against `Content-Length` and as chunks arrive | memory stays bounded; `Error::BodyTooLarge` |
//! | redirects | up to 10, followed by the runtime | credentials go only to the base URL's origin (scheme, host, port); a redirect elsewhere is followed with none of them (no API-key header, query key, cookie, Basic or Bearer, and no `Referer`), and refused (`Error::Redirect`) if its `Location` itself holds a secret |
//! | retries | 3 attempts within 60 s; 429 and 503 (and 502, 504, connection errors for idempotent methods) | a `Retry-After` that would end after 60 s returns the typed 429 at once |
//! | rate limit | off; `rate_limited()` keeps to the documented one | a request holds its place from its start to `per` after its answer, so the server never counts more than the limit |
//!
//! Arithmetic on server values (`Retry-After` in seconds or as a date,
//! lengths) is checked or saturating. No error, `Debug` output or trace
//! shows a secret: reqwest's errors lose their URL, and spans carry the
//! path template, never the URL. Cookie values are percent-encoded outside
//! RFC 6265's cookie-octets so that a value cannot add cookies.

mod base64_text;
mod body;
mod builder;
mod checks;
mod credentials;
mod decode;
mod encoding;
#[doc(hidden)]
pub mod enums;
mod error;
mod events;
mod limits;
mod multipart;
mod pagination;
mod rate_limit;
mod redirect;
mod request;
mod request_body;
mod response;
mod retry;
mod retry_after;
mod sse;
mod stream;
mod tls;
mod transport;
pub mod unions;

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use reqwest::{Method, StatusCode};

pub use base64_text::Base64;
pub use builder::{BuildError, ClientBuilder, Service};
pub use checks::{check_length, check_pattern, check_range};
pub use credentials::{ApiKeyLocation, Auth, Credentials, Secret};
pub use decode::DecodeError;
pub use encoding::path_param;
pub use events::{Event, EventError, EventStream};
pub use error::{Error, RedirectError, TimeoutError, TimeoutKind, UnexpectedStatus};
pub use multipart::{FilePart, Multipart};
pub use pagination::paginate;
pub use rate_limit::RateLimit;
pub use request::{Request, Style};
pub use request_body::Body;
pub use response::Response;
pub use retry::RetryPolicy;
pub use stream::ByteStream;
pub use transport::Transport;

// For the fuzzing harness (`cargo xtask fuzz-runtime`): the parsers of values
// a server controls, callable without a server.
#[doc(hidden)]
pub use redirect::redirect_target;
#[doc(hidden)]
pub use retry_after::parse_retry_after;
#[doc(hidden)]
pub use sse::{Framing, RawEvent, SseParser};
