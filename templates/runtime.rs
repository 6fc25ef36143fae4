//! The runtime every generated client shares: credentials, the HTTP transport,
//! parameter encoding, response decoding and the error type.
//!
//! This file is hand-written (in the generator's `templates/` folder) and
//! copied into each generated crate unchanged.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use reqwest::{Method, StatusCode};

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

/// A secret value (password, token, API key) that never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// One way of authenticating a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// HTTP Basic: `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: Secret },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// A key sent in a header, query parameter or cookie of the given name.
    ApiKey { location: ApiKeyLocation, name: String, value: Secret },
}

/// The credentials a client sends: one or more [`Auth`]s, all applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    parts: Vec<Auth>,
}

impl Credentials {
    pub fn new(auth: Auth) -> Self {
        Credentials { parts: vec![auth] }
    }

    /// Sends `other` as well (for APIs that want, say, a key and a token).
    pub fn and(mut self, other: Credentials) -> Self {
        self.parts.extend(other.parts);
        self
    }

    pub fn parts(&self) -> &[Auth] {
        &self.parts
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

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

    fn from_reqwest(e: reqwest::Error) -> Self {
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

// ---------------------------------------------------------------------------
// Client configuration and transport
// ---------------------------------------------------------------------------

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

/// When and how often a failed request is tried again.
///
/// Retried: 429, 502, 503 and 504 (waiting as `Retry-After` says, else
/// backing off) and connection errors, for idempotent methods (GET, HEAD, PUT,
/// DELETE, OPTIONS, TRACE). POST and PATCH are not retried at all unless
/// [`RetryPolicy::retry_non_idempotent`] is set; then they are retried like
/// the others. When the attempts or the time run
/// out, the last response is returned as it is (a 429 becomes the
/// operation's typed error, with `retry_after`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three attempts within 60 s, backing off from 500 ms up to 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// No retry starts once this much time has passed since the first attempt.
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// Exponential backoff from `initial`, doubling, capped at `max`, with jitter.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Also retry POST and PATCH (only when they are safe to repeat).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The wait before attempt `attempt + 1`: half the capped exponential
    /// delay plus a random part of the other half.
    fn backoff_for(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let full = self.initial_backoff.saturating_mul(1u32 << exponent).min(self.max_backoff);
        let half = full / 2;
        half + half.mul_f64(jitter())
    }
}

/// A number in [0, 1) that differs from call to call; retries need spread,
/// not cryptographic randomness.
fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed ^ 0x2545_F491_4F6C_DD1D;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// At most `requests` requests in any window of `per` (0 requests: no limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

impl RateLimit {
    pub const fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests, per }
    }
}

/// Makes callers wait so that no more than the limit's requests start in any window.
#[derive(Debug)]
struct RateLimiter {
    limit: RateLimit,
    started: std::sync::Mutex<std::collections::VecDeque<tokio::time::Instant>>,
}

impl RateLimiter {
    async fn acquire(&self) {
        if self.limit.requests == 0 {
            return;
        }
        loop {
            let wait = {
                let mut started = self.started.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = tokio::time::Instant::now();
                while started.front().is_some_and(|t| now.duration_since(*t) >= self.limit.per) {
                    started.pop_front();
                }
                if started.len() < self.limit.requests as usize {
                    started.push_back(now);
                    None
                } else {
                    started.front().map(|first| (*first + self.limit.per).saturating_duration_since(now))
                }
            };
            match wait {
                None => return,
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }
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

/// Sends requests for a client: base URL, credentials, timeouts, retries and
/// the rate limit (shared by every clone of the client).
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    credentials: Option<Credentials>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    limiter: Option<std::sync::Arc<RateLimiter>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.limiter.as_ref().map(|l| l.limit))
            .finish_non_exhaustive()
    }
}

fn is_idempotent(method: &Method) -> bool {
    !matches!(*method, Method::POST | Method::PATCH)
}

impl Transport {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The same transport with other credentials (e.g. a token just obtained).
    pub fn with_credentials(&self, credentials: Credentials) -> Self {
        Transport { credentials: Some(credentials), ..self.clone() }
    }

    /// Sends the request and reads the whole response body.
    pub async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let response = self.execute_streaming(request).await?;
        Response::read(response).await
    }

    /// Sends the request (retrying as the policy says) and hands back the
    /// response with its body unread.
    pub async fn execute_streaming<E>(&self, request: Request) -> Result<reqwest::Response, Error<E>> {
        let path_template = request.path_template;
        let prepared = self.prepare(request)?;
        let method = prepared.method().clone();
        let retry_allowed = is_idempotent(&method) || self.retry.retry_non_idempotent;
        let started = tokio::time::Instant::now();
        let mut pending = Some(prepared);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let Some(current) = pending.take() else {
                // Unreachable: every path that continues puts a request back.
                return Err(Error::Encode("the request could not be repeated".to_owned()));
            };
            let can_repeat = retry_allowed && attempt < self.retry.max_attempts;
            let spare = if can_repeat { current.try_clone() } else { None };
            if let Some(limiter) = &self.limiter {
                limiter.acquire().await;
            }
            let span = tracing::debug_span!(
                "http_request",
                method = %method,
                path = path_template,
                attempt,
                status = tracing::field::Empty,
            );
            let result = tracing::Instrument::instrument(self.http.execute(current), span.clone()).await;
            let delay = match &result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    let status = response.status().as_u16();
                    let retryable = matches!(status, 429 | 502 | 503 | 504);
                    if !retryable {
                        None
                    } else {
                        Some(retry_after(response.headers()).unwrap_or_else(|| self.retry.backoff_for(attempt)))
                    }
                }
                Err(e) if e.is_connect() => Some(self.retry.backoff_for(attempt)),
                Err(_) => None,
            };
            match (delay, spare) {
                (Some(delay), Some(spare)) if started.elapsed() + delay <= self.retry.max_elapsed => {
                    tracing::debug!(parent: &span, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                    pending = Some(spare);
                }
                _ => return result.map_err(Error::from_reqwest),
            }
        }
    }

    /// Applies base URL, query, headers, cookies, credentials and body.
    fn prepare<E>(&self, request: Request) -> Result<reqwest::Request, Error<E>> {
        if let Some(message) = request.encode_error {
            return Err(Error::Encode(message));
        }
        let mut url = format!("{}{}", self.base_url, request.path);
        let mut query = request.query;
        let mut headers = request.headers;
        let mut cookies = request.cookies;
        let mut builder_auth: Option<&Auth> = None;
        if request.authenticated {
            for auth in self.credentials.iter().flat_map(Credentials::parts) {
                match auth {
                    Auth::ApiKey { location: ApiKeyLocation::Header, name, value } => {
                        headers.push((name.clone(), value.expose().to_owned()));
                    }
                    Auth::ApiKey { location: ApiKeyLocation::Query, name, value } => {
                        query.push((percent_encode(name, QUERY_SAFE), percent_encode(value.expose(), QUERY_SAFE)));
                    }
                    Auth::ApiKey { location: ApiKeyLocation::Cookie, name, value } => {
                        cookies.push((name.clone(), value.expose().to_owned()));
                    }
                    other => builder_auth = Some(other),
                }
            }
        }
        if !query.is_empty() {
            // A spec's path may hold a query of its own (`/search?kind=all`).
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&encode_query(&query));
        }
        let mut builder = self.http.request(request.method, url);
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        match builder_auth {
            Some(Auth::Basic { username, password }) => {
                builder = builder.basic_auth(username, Some(password.expose()));
            }
            Some(Auth::Bearer(token)) => builder = builder.bearer_auth(token.expose()),
            _ => {}
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if !cookies.is_empty() {
            let cookie = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            builder = builder.header(reqwest::header::COOKIE, cookie);
        }
        if let Some(accept) = request.accept {
            builder = builder.header(reqwest::header::ACCEPT, accept);
        }
        builder = match request.body {
            Body::None => builder,
            Body::Bytes { content_type, bytes } => builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes),
            Body::Stream { content_type, body } => builder.header(reqwest::header::CONTENT_TYPE, content_type).body(body),
            Body::Multipart(form) => builder.multipart(form),
        };
        builder.build().map_err(|e| Error::Encode(e.to_string()))
    }
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// How an array or object parameter is written in a query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a=1,2` (or `a=1&a=2` exploded).
    Form,
    /// `a=1%202`
    SpaceDelimited,
    /// `a=1|2`
    PipeDelimited,
    /// `a[b]=1`
    DeepObject,
}

enum Body {
    None,
    Bytes { content_type: String, bytes: Vec<u8> },
    Stream { content_type: String, body: reqwest::Body },
    Multipart(reqwest::multipart::Form),
}

/// A request being assembled by an operation's builder.
pub struct Request {
    method: Method,
    path: String,
    path_template: &'static str,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    accept: Option<&'static str>,
    body: Body,
    authenticated: bool,
    encode_error: Option<String>,
}

impl Request {
    /// `path` is already expanded and encoded (`path_template` is the spec's,
    /// for logs); `authenticated` says whether the client's credentials go with it.
    pub fn new(method: Method, path_template: &'static str, path: String, authenticated: bool) -> Self {
        Request {
            method,
            path,
            path_template,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            accept: None,
            body: Body::None,
            authenticated,
            encode_error: None,
        }
    }

    fn encode_json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Value {
        match serde_json::to_value(value) {
            Ok(v) => v,
            Err(e) => {
                self.encode_error.get_or_insert_with(|| e.to_string());
                serde_json::Value::Null
            }
        }
    }

    /// Adds a query parameter; `None` adds nothing.
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let value = self.encode_json(value);
        encode_query_value(&mut self.query, name, &value, style, explode);
    }

    /// Adds a header; `None` adds nothing.
    pub fn header<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = self.encode_json(value);
        if let Some(text) = simple_value(&value) {
            self.headers.push((name.to_owned(), text));
        }
    }

    /// Adds a cookie; `None` adds nothing.
    pub fn cookie<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = self.encode_json(value);
        if let Some(text) = simple_value(&value) {
            self.cookies.push((name.to_owned(), text));
        }
    }

    /// The media type asked for with `Accept`.
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Body::Bytes { content_type: content_type.to_owned(), bytes },
            Err(e) => {
                self.encode_error.get_or_insert_with(|| e.to_string());
            }
        }
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let value = self.encode_json(body);
        let mut pairs = Vec::new();
        if let serde_json::Value::Object(map) = &value {
            for (key, item) in map {
                encode_query_value(&mut pairs, key, item, Style::Form, true);
            }
        }
        self.body = Body::Bytes {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: encode_query(&pairs).into_bytes(),
        };
    }

    /// A `multipart/form-data` body built from an object's fields: strings and
    /// numbers as text parts, nested values as JSON parts.
    pub fn multipart<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let value = self.encode_json(body);
        let mut form = reqwest::multipart::Form::new();
        if let serde_json::Value::Object(map) = value {
            for (key, item) in map {
                match item {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => {
                        for item in items {
                            if let Some(text) = simple_value(&item) {
                                form = form.text(key.clone(), text);
                            }
                        }
                    }
                    other => {
                        if let Some(text) = simple_value(&other) {
                            form = form.text(key, text);
                        }
                    }
                }
            }
        }
        self.body = Body::Multipart(form);
    }

    /// A ready-made multipart form (for bodies with files).
    pub fn multipart_form(&mut self, form: reqwest::multipart::Form) {
        self.body = Body::Multipart(form);
    }

    /// A raw body: bytes, text or a stream.
    pub fn raw(&mut self, content_type: &str, body: impl Into<reqwest::Body>) {
        self.body = Body::Stream { content_type: content_type.to_owned(), body: body.into() };
    }
}

/// Text for a scalar; arrays comma-joined; objects as JSON.
fn simple_value(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(items) => Some(items.iter().filter_map(simple_value).collect::<Vec<_>>().join(",")),
        other => Some(other.to_string()),
    }
}

/// Appends `name=value` pairs, percent-encoded, for one parameter. List
/// separators stay literal; commas inside values are escaped, so
/// `["a,b", "c"]` is `a%2Cb,c`.
fn encode_query_value(out: &mut Vec<(String, String)>, name: &str, value: &serde_json::Value, style: Style, explode: bool) {
    let key = percent_encode(name, QUERY_SAFE);
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(simple_value).map(|t| percent_encode(&t, QUERY_SAFE)).collect();
            let separator = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "|",
                Style::Form | Style::DeepObject => ",",
            };
            if explode && style == Style::Form {
                out.extend(texts.into_iter().map(|t| (key.clone(), t)));
            } else {
                out.push((key, texts.join(separator)));
            }
        }
        serde_json::Value::Object(map) => match style {
            Style::DeepObject => {
                for (field, item) in map {
                    encode_query_value(out, &format!("{name}[{field}]"), item, Style::DeepObject, true);
                }
            }
            _ if explode => {
                for (field, item) in map {
                    if let Some(text) = simple_value(item) {
                        out.push((percent_encode(field, QUERY_SAFE), percent_encode(&text, QUERY_SAFE)));
                    }
                }
            }
            _ => {
                let parts: Vec<String> = map
                    .iter()
                    .filter_map(|(k, v)| {
                        simple_value(v).map(|t| format!("{},{}", percent_encode(k, QUERY_SAFE), percent_encode(&t, QUERY_SAFE)))
                    })
                    .collect();
                out.push((key, parts.join(",")));
            }
        },
        other => {
            if let Some(text) = simple_value(other) {
                out.push((key, percent_encode(&text, QUERY_SAFE)));
            }
        }
    }
}

/// Joins pairs that are already percent-encoded.
fn encode_query(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Characters left as they are in a query component (RFC 3986 unreserved).
const QUERY_SAFE: &[u8] = b"-._~";
/// Characters left as they are in a path segment.
const PATH_SAFE: &[u8] = b"-._~";

fn percent_encode(text: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || safe.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A path parameter's value, encoded for use as one path segment.
pub fn path_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_value(value).ok().and_then(|v| simple_value(&v)).unwrap_or_default();
    percent_encode(&text, PATH_SAFE)
}

// ---------------------------------------------------------------------------
// Checks made before sending, from the limits the spec states
// ---------------------------------------------------------------------------

fn invalid<E>(parameter: &'static str, reason: String) -> Error<E> {
    Error::Invalid { parameter, reason }
}

/// `minimum`/`maximum` (and their exclusive forms).
pub fn check_range<E>(
    parameter: &'static str,
    value: f64,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
) -> Result<(), Error<E>> {
    if let Some(min) = minimum.filter(|min| value < *min || (exclusive_minimum && value == *min)) {
        let op = if exclusive_minimum { ">" } else { ">=" };
        return Err(invalid(parameter, format!("{value} is not {op} {min}")));
    }
    if let Some(max) = maximum.filter(|max| value > *max || (exclusive_maximum && value == *max)) {
        let op = if exclusive_maximum { "<" } else { "<=" };
        return Err(invalid(parameter, format!("{value} is not {op} {max}")));
    }
    Ok(())
}

/// `minLength`/`maxLength`, counted in characters; `minItems`/`maxItems`.
pub fn check_length<E>(parameter: &'static str, length: usize, minimum: Option<usize>, maximum: Option<usize>) -> Result<(), Error<E>> {
    if minimum.is_some_and(|min| length < min) || maximum.is_some_and(|max| length > max) {
        let bounds = match (minimum, maximum) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        return Err(invalid(parameter, format!("length {length} is not {bounds}")));
    }
    Ok(())
}

/// `pattern` (a pattern this runtime cannot read is not held against the caller).
pub fn check_pattern<E>(parameter: &'static str, value: &str, pattern: &str) -> Result<(), Error<E>> {
    match regex_lite::Regex::new(pattern) {
        Ok(re) if !re.is_match(value) => Err(invalid(parameter, format!("`{value}` does not match `{pattern}`"))),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Streams items page after page: `fetch(offset, limit)` gets one page; the
/// stream ends after the first page shorter than `limit` (or empty) and
/// after the first error.
pub fn paginate<T, E, F, Fut>(start: i64, limit: i64, fetch: F) -> impl futures_util::Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(i64, i64) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, Error<E>>>,
{
    let pages = futures_util::stream::unfold((Some(start), fetch), move |(offset, mut fetch)| async move {
        let offset = offset?;
        let page = fetch(offset, limit).await;
        let next = match &page {
            // A page size of zero or less cannot advance: one page, then stop.
            Ok(items) if limit > 0 && i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit => {
                Some(offset.saturating_add(limit))
            }
            _ => None,
        };
        Some((page, (next, fetch)))
    });
    futures_util::StreamExt::flat_map(pages, |page| {
        let items: Vec<Result<T, Error<E>>> = match page {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        futures_util::stream::iter(items)
    })
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

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

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = parse_http_date(value)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(when.saturating_sub(now)))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to seconds since the epoch.
fn parse_http_date(text: &str) -> Option<u64> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || year < 1970 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3_600 + m * 60 + s)
}

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

// ---------------------------------------------------------------------------
// Unions: which variant a value is
// ---------------------------------------------------------------------------

/// How generated unions decode. A union whose value names its variant (a tag
/// property, or the one key of an object) dispatches on that name; the
/// others try each variant and keep the one that loses least of the value:
/// the first whose encoding is the value again, else the one that keeps the
/// most of it. A value no variant reads stays as it is, in `Unknown`.
pub mod unions {
    use serde_json::Value;

    /// One variant tried on a value: the variant, and its encoding.
    pub type Attempt<U> = fn(&Value) -> Option<(U, Value)>;

    /// Reads `value` as the variant `wrap` makes (an [`Attempt`]).
    pub fn attempt<T, U>(value: &Value, wrap: fn(T) -> U) -> Option<(U, Value)>
    where
        T: serde::de::DeserializeOwned + serde::Serialize,
    {
        let typed: T = serde_json::from_value(value.clone()).ok()?;
        let encoded = serde_json::to_value(&typed).ok()?;
        Some((wrap(typed), encoded))
    }

    /// The first attempt whose encoding says what `value` says, else the one
    /// that keeps the most of it (the earliest, of equals); `None` when no
    /// attempt reads it.
    pub fn best_fit<U>(value: &Value, attempts: &[Attempt<U>]) -> Option<U> {
        let mut best: Option<(usize, U)> = None;
        for attempt in attempts {
            let Some((variant, encoded)) = attempt(value) else {
                continue;
            };
            if same(value, &encoded) {
                return Some(variant);
            }
            let kept = kept(value, &encoded);
            if best.as_ref().is_none_or(|(most, _)| kept > *most) {
                best = Some((kept, variant));
            }
        }
        best.map(|(_, variant)| variant)
    }

    /// Decodes `value` as the variant `wrap` makes, failing with serde's error.
    pub fn decode<T, U, E>(value: Value, wrap: fn(T) -> U) -> Result<U, E>
    where
        T: serde::de::DeserializeOwned,
        E: serde::de::Error,
    {
        serde_json::from_value(value).map(wrap).map_err(E::custom)
    }

    /// The string `value`'s `property` holds: an internally tagged union's tag.
    pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
        value.get(property)?.as_str()
    }

    /// The key of an object that has exactly one: an externally tagged union's tag.
    pub fn single_key(value: &Value) -> Option<&str> {
        match value {
            Value::Object(entries) if entries.len() == 1 => entries.keys().next().map(String::as_str),
            _ => None,
        }
    }

    /// What an object's one key holds.
    pub fn single_value(value: Value) -> Value {
        match value {
            Value::Object(entries) => entries.into_iter().next().map_or(Value::Null, |(_, v)| v),
            other => other,
        }
    }

    /// Writes `{key: value}`: an externally tagged union's variant.
    pub fn serialize_entry<S, T>(serializer: S, key: &str, value: &T) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
        T: serde::Serialize + ?Sized,
    {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(key, value)?;
        map.end()
    }

    /// Whether `encoded` says what `value` says: an absent member and a null
    /// one say the same, and so do `1` and `1.0`.
    fn same(value: &Value, encoded: &Value) -> bool {
        match (value, encoded) {
            (Value::Object(a), Value::Object(b)) => {
                let null = Value::Null;
                a.iter().all(|(k, v)| same(v, b.get(k).unwrap_or(&null)))
                    && b.iter().all(|(k, v)| a.contains_key(k) || v.is_null())
            }
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Value::Number(a), Value::Number(b)) => same_number(a, b),
            _ => value == encoded,
        }
    }

    fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
        let whole = |n: &serde_json::Number| {
            n.as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
        };
        match (whole(a), whole(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a.as_f64() == b.as_f64(),
        }
    }

    /// How many of `value`'s scalars (and empty lists and objects) `encoded`
    /// has again in the same place.
    fn kept(value: &Value, encoded: &Value) -> usize {
        match (value, encoded) {
            (Value::Null, _) => 0,
            (Value::Object(a), Value::Object(b)) if !a.is_empty() => a
                .iter()
                .map(|(k, v)| b.get(k).map_or(0, |w| kept(v, w)))
                .sum(),
            (Value::Array(a), Value::Array(b)) if !a.is_empty() => {
                a.iter().zip(b).map(|(x, y)| kept(x, y)).sum()
            }
            _ => usize::from(same(value, encoded)),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use serde_json::json;

        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Short {
            at: String,
        }

        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Long {
            at: String,
            reason: Option<String>,
        }

        #[derive(Debug, PartialEq)]
        enum Either {
            Short(Short),
            Long(Long),
        }

        fn decode_either(value: &Value) -> Option<Either> {
            best_fit::<Either>(value, &[
                |v: &Value| attempt(v, Either::Short),
                |v: &Value| attempt(v, Either::Long),
            ])
        }

        #[test]
        fn the_variant_that_keeps_the_value_wins_over_an_earlier_one() {
            let value = json!({"at": "noon", "reason": "late"});
            let long = Long { at: "noon".into(), reason: Some("late".into()) };
            assert_eq!(decode_either(&value), Some(Either::Long(long)));
            // Null and absent say the same: the first variant fits exactly.
            let short = Short { at: "noon".into() };
            assert_eq!(decode_either(&json!({"at": "noon", "reason": null})), Some(Either::Short(short)));
            assert_eq!(decode_either(&json!([1])), None);
        }

        #[test]
        fn numbers_compare_by_value() {
            assert!(same(&json!({"n": 1}), &json!({"n": 1.0})));
            assert!(!same(&json!({"n": 1}), &json!({"n": 2})));
            assert_eq!(kept(&json!({"a": 1, "b": [true, "x"]}), &json!({"a": 1, "b": [true]})), 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn query_lists_follow_style_and_explode() {
        let mut out = Vec::new();
        let list = serde_json::json!(["deploy", "prPlan"]);
        encode_query_value(&mut out, "t", &list, Style::Form, false);
        encode_query_value(&mut out, "u", &list, Style::Form, true);
        assert_eq!(encode_query(&out), "t=deploy,prPlan&u=deploy&u=prPlan");
    }

    #[test]
    fn commas_inside_list_values_are_escaped() {
        let mut out = Vec::new();
        encode_query_value(&mut out, "ids", &serde_json::json!(["a,b", "c d"]), Style::Form, false);
        assert_eq!(encode_query(&out), "ids=a%2Cb,c%20d");
    }

    #[test]
    fn secrets_do_not_print() {
        let auth = Auth::Basic { username: "id".into(), password: Secret::new("hunter2") };
        assert!(!format!("{auth:?}").contains("hunter2"));
    }
}
