//! Building a client: what a generated service tells the runtime, and the
//! builder that turns settings into a [`Transport`]. The defaults protect:
//! timeouts on, buffered bodies capped, redirects followed by the runtime
//! (so credentials stay with the base URL's origin).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use super::credentials::Credentials;
use super::limits::Limits;
use super::rate_limit::{RateLimit, RateLimiter};
use super::retry::RetryPolicy;
use super::transport::Transport;

/// What a generated service tells the runtime about itself.
pub trait Service: Sized {
    /// The base URL from the spec's `servers`, if it gave an absolute one.
    const DEFAULT_BASE_URL: Option<&'static str>;
    /// The rate limit the service documents, if any (used by `rate_limited`).
    const RATE_LIMIT: Option<RateLimit> = None;
    /// The service's own credentials type.
    type Credentials: Into<Credentials>;
    fn from_transport(transport: Transport) -> Self;
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("no base URL: the spec names none, so set one with `base_url`")]
    MissingBaseUrl,
    #[error("invalid base URL `{0}`")]
    InvalidBaseUrl(String),
    #[error("could not build the HTTP client")]
    Http(#[source] reqwest::Error),
    #[error(
        "the base URL `{0}` needs TLS, and the crate was built without a TLS back end: enable its `rustls`, `rustls-aws-lc-rs` or `native-tls` feature"
    )]
    NoTls(String),
}

/// Where the reqwest client comes from.
enum HttpClient {
    /// Built here from this builder (the caller's own, or a new one).
    Builder(Box<reqwest::ClientBuilder>),
    /// Given ready-made by the caller.
    Built(reqwest::Client),
}

/// Builds a service's `Client`.
///
/// | setting | default | off with |
/// | --- | --- | --- |
/// | [`connect_timeout`](Self::connect_timeout) | 15 s | `None` |
/// | [`read_timeout`](Self::read_timeout) (nothing received) | 30 s | `None` |
/// | [`timeout`](Self::timeout) (a whole attempt) | 60 s | `None` |
/// | [`max_body_bytes`](Self::max_body_bytes) (buffered bodies) | 64 MiB | `None` |
/// | [`max_redirects`](Self::max_redirects) | 10 | `0` (a redirect is the answer) |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default`] | [`RetryPolicy::none`] |
/// | [`rate_limit`](Self::rate_limit) | none | |
#[must_use]
pub struct ClientBuilder<S: Service> {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    limits: Limits,
    user_agent: Option<String>,
    http: Option<HttpClient>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    service: PhantomData<fn() -> S>,
}

impl<S: Service> fmt::Debug for ClientBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let http = match self.http {
            None => "default",
            Some(HttpClient::Builder(_)) => "caller's builder",
            Some(HttpClient::Built(_)) => "caller's client",
        };
        let mut out = f.debug_struct("ClientBuilder");
        out.field("base_url", &self.base_url).field("credentials", &self.credentials);
        self.limits.debug_fields(&mut out);
        out.field("user_agent", &self.user_agent)
            .field("http", &http)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl<S: Service> Default for ClientBuilder<S> {
    fn default() -> Self {
        ClientBuilder {
            base_url: S::DEFAULT_BASE_URL.map(str::to_owned),
            credentials: None,
            limits: Limits::default(),
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            service: PhantomData,
        }
    }
}

impl<S: Service> ClientBuilder<S> {
    /// The server to talk to, instead of the one the spec names. Its origin
    /// (scheme, host, port) is the only one credentials are sent to.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The credentials sent with every operation that needs them.
    pub fn credentials(mut self, credentials: S::Credentials) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// Limit on one attempt: from sending to the end of a buffered body, or
    /// to the response head for a streamed one (a stream may then run as
    /// long as data keeps coming). 60 s unless set; `None` removes it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.timeout = timeout.into();
        self
    }

    /// Limit on establishing the connection (TCP and TLS). 15 s unless set;
    /// `None` removes it.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.connect_timeout = timeout.into();
        self
    }

    /// Limit on a silence: the server sending nothing for this long, while
    /// the head or any part of a body (streamed bodies too) is awaited. 30 s
    /// unless set; `None` removes it.
    pub fn read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.read_timeout = timeout.into();
        self
    }

    /// The largest body read into memory (checked against `Content-Length`
    /// before reading, and as the body arrives): beyond it the call fails
    /// with `Error::BodyTooLarge`. 64 MiB unless set; `None` removes the cap.
    /// Streamed bodies (`ByteStream`) are not capped.
    pub fn max_body_bytes(mut self, limit: impl Into<Option<u64>>) -> Self {
        self.limits.max_body_bytes = limit.into();
        self
    }

    /// Redirects followed in a row before `Error::Redirect` (10 unless
    /// set); 0 follows none, and a redirect is then the answer.
    pub fn max_redirects(mut self, limit: u32) -> Self {
        self.limits.max_redirects = limit;
        self
    }

    /// The `User-Agent` sent (the generated crate's name and version unless
    /// set).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the HTTP client from this reqwest builder (for proxies, TLS
    /// roots, ...). The runtime still sets on it what keeps a client safe:
    /// its own redirect handling (`redirect::Policy::none()` on reqwest),
    /// the connect and read timeouts set here (unless `None`), and the user
    /// agent if one is set here.
    pub fn http_client_builder(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(HttpClient::Builder(Box::new(builder)));
        self
    }

    /// Uses this ready-made reqwest client as it is.
    ///
    /// **Warning:** the runtime cannot change a built client. Its own
    /// redirect policy applies first (reqwest's default follows up to 10
    /// redirects to any host, and sends an API-key header, a query key and a
    /// `Referer` with the query along), so credentials can reach another
    /// origin unless it was built with `redirect(reqwest::redirect::Policy::none())`.
    /// Its own timeouts apply instead of `connect_timeout`, `read_timeout`
    /// and `user_agent` set here (the whole-request `timeout` and the body
    /// cap still apply). Prefer [`http_client_builder`](Self::http_client_builder).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(HttpClient::Built(client));
        self
    }

    /// How failed requests are retried ([`RetryPolicy::default`] unless set;
    /// [`RetryPolicy::none`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Waits before sending rather than exceed `limit` (off unless set).
    /// The limit is kept as the server counts it: no more than `requests`
    /// arrive within any window of `per`, at some cost in throughput (see
    /// [`RateLimit`]).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Keeps within the rate limit the service documents (a limit set with
    /// `rate_limit` is kept; nothing changes for services that document none).
    pub fn rate_limited(mut self) -> Self {
        self.rate_limit = self.rate_limit.or(S::RATE_LIMIT);
        self
    }

    pub fn build(self) -> Result<S, BuildError> {
        let base_url = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let base_url = base_url.trim_end_matches('/').to_owned();
        let Ok(origin) = reqwest::Url::parse(&base_url) else {
            return Err(BuildError::InvalidBaseUrl(base_url));
        };
        // A client or builder of the caller's own has its TLS set up by them.
        if self.http.is_none() && origin.scheme() == "https" && !super::tls::AVAILABLE {
            return Err(BuildError::NoTls(base_url));
        }
        let mut limits = self.limits;
        let http = match self.http {
            Some(HttpClient::Built(http)) => {
                limits.own_client = false;
                http
            }
            other => {
                let user_agent = match (&other, self.user_agent) {
                    (_, Some(set)) => Some(set),
                    (Some(_), None) => None,
                    (None, None) => Some(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()),
                };
                super::tls::prepare();
                let mut builder = match other {
                    Some(HttpClient::Builder(builder)) => *builder,
                    _ => reqwest::Client::builder(),
                };
                builder = builder.redirect(reqwest::redirect::Policy::none());
                if let Some(user_agent) = user_agent {
                    builder = builder.user_agent(user_agent);
                }
                if let Some(t) = limits.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                if let Some(t) = limits.read_timeout {
                    builder = builder.read_timeout(t);
                }
                builder.build().map_err(|e| BuildError::Http(e.without_url()))?
            }
        };
        let limiter = self.rate_limit.map(|limit| std::sync::Arc::new(RateLimiter::new(limit)));
        Ok(S::from_transport(Transport {
            http,
            base_url,
            origin,
            credentials: self.credentials,
            limits,
            retry: self.retry,
            limiter,
        }))
    }
}
