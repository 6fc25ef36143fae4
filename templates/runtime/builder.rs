//! Building a client: what a generated service tells the runtime, and the
//! builder that turns settings into a [`Transport`]. The defaults protect:
//! timeouts on, buffered bodies capped, redirects followed by the runtime
//! (so credentials stay with the base URL's origin).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use super::base_url::{GivenBaseUrl, MissingPathHint, resolve_base_url};
use super::credentials::Credentials;
use super::headers::{AddedHeaders, check_header};
use super::hooks::{Hook, Hooks, Hop, OnRequest, OnResponse};
use super::limits::Limits;
use super::rate_limit::{RateLimit, RateLimiter};
use super::retry::RetryPolicy;
use super::transport::Transport;

/// What a generated service tells the runtime about itself.
pub trait Service: Sized {
    /// The base URL from the spec's `servers`, if it gave an absolute one.
    const DEFAULT_BASE_URL: Option<&'static str>;
    /// The path every operation's path follows (`/api/v2`), from a Swagger
    /// 2.0 `basePath` or the path of the spec's server URL: appended to a
    /// base URL given as a host alone.
    const BASE_PATH: Option<&'static str> = None;
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
    /// A default header that cannot be sent (its name is given, never its value).
    #[error("invalid default header: {0}")]
    InvalidHeader(String),
    /// A setting that cannot apply to a client given ready-made with
    /// `http_client` (it would otherwise be dropped without a word).
    #[error(
        "`{0}` cannot apply to a reqwest client given with `http_client`: set it on that client, \
         or give a `reqwest::ClientBuilder` with `http_client_builder` instead"
    )]
    NotApplicable(&'static str),
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
    base_url: Option<GivenBaseUrl>,
    credentials: Option<Credentials>,
    limits: Limits,
    /// The timeouts set by the caller (not left at their defaults).
    set_timeouts: Vec<&'static str>,
    user_agent: Option<String>,
    http: Option<HttpClient>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    default_headers: Vec<(String, String)>,
    hooks: Vec<std::sync::Arc<dyn Hook>>,
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
            .field("default_headers", &self.default_headers.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl<S: Service> Default for ClientBuilder<S> {
    fn default() -> Self {
        ClientBuilder {
            base_url: S::DEFAULT_BASE_URL.map(|url| GivenBaseUrl::Exact(url.to_owned())),
            credentials: None,
            limits: Limits::default(),
            set_timeouts: Vec::new(),
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            default_headers: Vec::new(),
            hooks: Vec::new(),
            service: PhantomData,
        }
    }
}

impl<S: Service> ClientBuilder<S> {
    /// The server to talk to, instead of the one the spec names. Its origin
    /// (scheme, host, port) is the only one credentials are sent to.
    ///
    /// Given as a host alone (`https://host:8080`, no path), it gets the
    /// spec's path (a Swagger 2.0 `basePath` such as `/api/v2`, or the path
    /// of the spec's server URL) appended, so that requests reach the API;
    /// given with a path (`https://host/proxy/api/v2`), it is used as it is.
    /// [`base_url_exact`](Self::base_url_exact) uses any URL as it is.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(GivenBaseUrl::UnderSpecPath(url.into()));
        self
    }

    /// The server to talk to, used as it is: nothing is appended, even to
    /// a host alone (for a server that serves the API at its root).
    pub fn base_url_exact(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(GivenBaseUrl::Exact(url.into()));
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
        self.set_timeouts.push("connect_timeout");
        self
    }

    /// Limit on a silence: the server sending nothing for this long, while
    /// the head or any part of a body (streamed bodies too) is awaited. 30 s
    /// unless set; `None` removes it.
    pub fn read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.read_timeout = timeout.into();
        self.set_timeouts.push("read_timeout");
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
    /// set). With a client given by `http_client`, it is sent as a header of
    /// each request to the base URL's origin.
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
    /// Its own connect and read timeouts apply instead of this builder's
    /// defaults (15 s and 30 s), and `build` fails with
    /// [`BuildError::NotApplicable`] if `connect_timeout` or `read_timeout`
    /// was set here, rather than drop them. What still applies: the
    /// whole-request `timeout`, the body cap, retries, the rate limit,
    /// credentials, default headers, hooks, and `user_agent` (sent as a
    /// header). Prefer [`http_client_builder`](Self::http_client_builder).
    ///
    /// With the default `rustls` feature, call
    /// [`install_tls_provider`](super::install_tls_provider) before building
    /// the reqwest client: reqwest has no cryptography of its own then.
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

    /// A header sent with every request to the base URL's origin (not to
    /// another origin a redirect leads to), unless the request sets the
    /// same header itself. For a header that holds a secret, prefer
    /// `Credentials::header`, which never shows it in `Debug` output. An
    /// invalid name or value fails `build` with [`BuildError::InvalidHeader`].
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Several [`default_header`](Self::default_header)s at once.
    pub fn default_headers<N: Into<String>, V: Into<String>>(mut self, headers: impl IntoIterator<Item = (N, V)>) -> Self {
        self.default_headers.extend(headers.into_iter().map(|(n, v)| (n.into(), v.into())));
        self
    }

    /// Runs `hook` around every hop of every request (see [`Hook`]); hooks
    /// run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(std::sync::Arc::new(hook));
        self
    }

    /// Runs `f` on each hop before it is sent, to read or change it (a
    /// [`Hook`] made of a closure).
    pub fn on_request<F>(self, f: F) -> Self
    where
        F: Fn(&mut reqwest::Request, &Hop<'_>) + Send + Sync + 'static,
    {
        self.hook(OnRequest(f))
    }

    /// Runs `f` on each answer's head as it arrives (a [`Hook`] made of a closure).
    pub fn on_response<F>(self, f: F) -> Self
    where
        F: Fn(&reqwest::Response, &Hop<'_>) + Send + Sync + 'static,
    {
        self.hook(OnResponse(f))
    }

    /// Keeps within the rate limit the service documents (a limit set with
    /// `rate_limit` is kept; nothing changes for services that document none).
    pub fn rate_limited(mut self) -> Self {
        self.rate_limit = self.rate_limit.or(S::RATE_LIMIT);
        self
    }

    pub fn build(self) -> Result<S, BuildError> {
        let given = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let (base_url, origin) = resolve_base_url(&given, S::BASE_PATH).map_err(BuildError::InvalidBaseUrl)?;
        let path_hint = MissingPathHint::for_base_url(&origin, S::BASE_PATH);
        let mut default_headers = Vec::new();
        for (name, value) in &self.default_headers {
            default_headers.push(check_header(name, value).map_err(BuildError::InvalidHeader)?);
        }
        // A client or builder of the caller's own has its TLS set up by them.
        if self.http.is_none() && origin.scheme() == "https" && !super::tls::AVAILABLE {
            return Err(BuildError::NoTls(base_url));
        }
        let mut limits = self.limits;
        let http = match self.http {
            Some(HttpClient::Built(http)) => {
                if let Some(setting) = self.set_timeouts.first() {
                    return Err(BuildError::NotApplicable(setting));
                }
                if let Some(user_agent) = self.user_agent {
                    let header = check_header(reqwest::header::USER_AGENT.as_str(), &user_agent);
                    default_headers.push(header.map_err(BuildError::InvalidHeader)?);
                }
                limits.own_client = false;
                http
            }
            other => {
                let user_agent = match (&other, self.user_agent) {
                    (_, Some(set)) => Some(set),
                    (Some(_), None) => None,
                    (None, None) => Some(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()),
                };
                super::tls::install_tls_provider();
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
            headers: AddedHeaders::with_defaults(default_headers),
            hooks: Hooks::new(self.hooks),
            path_hint,
        }))
    }
}
