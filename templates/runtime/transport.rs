//! Sending requests: base URL, credentials, timeouts, retries and the rate
//! limit.

use std::fmt;
use std::time::Duration;

use super::credentials::{ApiKeyLocation, Auth, Credentials};
use super::encoding::{QUERY_SAFE, encode_query, percent_encode};
use super::error::Error;
use super::rate_limit::RateLimiter;
use super::request::{Body, Request};
use super::response::Response;
use super::retry::RetryPolicy;
use super::retry_after::retry_after;
use super::Method;

/// Sends requests for a client: base URL, credentials, timeouts, retries and
/// the rate limit (shared by every clone of the client).
#[derive(Clone)]
pub struct Transport {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) credentials: Option<Credentials>,
    pub(super) timeout: Option<Duration>,
    pub(super) retry: RetryPolicy,
    pub(super) limiter: Option<std::sync::Arc<RateLimiter>>,
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
            url.push('?');
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
