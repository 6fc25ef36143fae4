//! The runtime every generated client shares: credentials, the HTTP transport,
//! parameter encoding, response decoding and the error type.
//!
//! These files are hand-written (in the generator's `templates/runtime/`
//! folder) and copied into each generated crate unchanged, one file per job.

mod builder;
mod checks;
mod credentials;
mod encoding;
mod error;
mod pagination;
mod rate_limit;
mod request;
mod response;
mod retry;
mod retry_after;
mod stream;
mod transport;

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use reqwest::{Method, StatusCode};

pub use builder::{BuildError, ClientBuilder, Service};
pub use checks::{check_length, check_pattern, check_range};
pub use credentials::{ApiKeyLocation, Auth, Credentials, Secret};
pub use encoding::path_param;
pub use error::{Error, UnexpectedStatus};
pub use pagination::paginate;
pub use rate_limit::RateLimit;
pub use request::{Request, Style};
pub use response::Response;
pub use retry::RetryPolicy;
pub use stream::ByteStream;
pub use transport::Transport;
