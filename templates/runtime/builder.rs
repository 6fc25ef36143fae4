//! Building a client: what a generated service tells the runtime, and the
//! builder that turns settings into a [`Transport`].

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use super::credentials::Credentials;
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
}

/// Builds a service's `Client`.
#[must_use]
pub struct ClientBuilder<S: Service> {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    service: PhantomData<fn() -> S>,
}

impl<S: Service> fmt::Debug for ClientBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
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
            timeout: None,
            connect_timeout: None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            service: PhantomData,
        }
    }
}

impl<S: Service> ClientBuilder<S> {
    /// The server to talk to, instead of the one the spec names.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The credentials sent with every operation that needs them.
    pub fn credentials(mut self, credentials: S::Credentials) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// Limit on a whole request, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limit on establishing the connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use this reqwest client (its own timeouts and proxies apply; `timeout`,
    /// `connect_timeout` and `user_agent` set here are then ignored, except
    /// that the whole-request timeout is still applied per request).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How failed requests are retried ([`RetryPolicy::default`] unless set;
    /// [`RetryPolicy::none`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Waits before sending rather than exceed `limit` (off unless set).
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
        if reqwest::Url::parse(&base_url).is_err() {
            return Err(BuildError::InvalidBaseUrl(base_url));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder().user_agent(self.user_agent);
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder.build().map_err(BuildError::Http)?
            }
        };
        let limiter = self.rate_limit.map(|limit| {
            std::sync::Arc::new(RateLimiter { limit, started: std::sync::Mutex::new(Default::default()) })
        });
        Ok(S::from_transport(Transport {
            http,
            base_url,
            credentials: self.credentials,
            timeout: self.timeout,
            retry: self.retry,
            limiter,
        }))
    }
}
