//! Sending requests. A call is one or more attempts (retried as the policy
//! says); an attempt is one or more hops (redirects, followed here rather
//! than by reqwest); each hop to the base URL's origin waits for the rate
//! limit and carries the credentials, and a hop anywhere else carries none.

use std::fmt;
use std::sync::Arc;

use super::Method;
use super::credentials::Credentials;
use super::encoding::encode_query;
use super::error::{Error, RedirectError};
use super::limits::{Exchange, Limits, deadline_after, within};
use super::rate_limit::{Permit, RateLimiter};
use super::redirect::{next_request, same_origin};
use super::request::{Content, Request};
use super::response::Response;
use super::retry::RetryPolicy;
use super::retry_after::retry_after;

/// Sends requests for a client: base URL, credentials, timeouts, the body
/// cap, redirects, retries and the rate limit (shared by every clone of the
/// client).
#[derive(Clone)]
pub struct Transport {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    /// The base URL parsed: its origin is the only one credentials go to.
    pub(super) origin: reqwest::Url,
    pub(super) credentials: Option<Credentials>,
    pub(super) limits: Limits,
    pub(super) retry: RetryPolicy,
    pub(super) limiter: Option<Arc<RateLimiter>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Transport");
        out.field("base_url", &self.base_url).field("credentials", &self.credentials);
        self.limits.debug_fields(&mut out);
        out.field("retry", &self.retry)
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

    /// Sends the request and reads the whole body (up to the cap, within the
    /// whole-request timeout).
    pub async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let response = self.execute_streaming(request).await?;
        Response::read(response).await
    }

    /// Sends the request (retrying as the policy says, following redirects)
    /// and hands back the response with its body unread. The body is not
    /// capped and the whole-request timeout has ended; the read timeout still
    /// applies to each piece of it. [`Response::read`] on it applies the cap
    /// and what is left of the whole-request timeout.
    pub async fn execute_streaming<E>(&self, request: Request) -> Result<reqwest::Response, Error<E>> {
        let path_template = request.path_template;
        let authenticated = request.authenticated;
        let prepared = self.prepare(request)?;
        let method = prepared.method().clone();
        let retry_allowed = is_idempotent(&method) || self.retry.retry_non_idempotent;
        let started = tokio::time::Instant::now();
        let mut pending = Some(prepared);
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            let Some(current) = pending.take() else {
                // Unreachable: every path that continues puts a request back.
                return Err(Error::Encode("the request could not be repeated".to_owned()));
            };
            let can_repeat = retry_allowed && attempt < self.retry.max_attempts;
            let spare = if can_repeat { current.try_clone() } else { None };
            let span = tracing::debug_span!(
                "http_request",
                method = %method,
                path = path_template,
                attempt,
                status = tracing::field::Empty,
            );
            let result = tracing::Instrument::instrument(self.attempt::<E>(current, authenticated), span.clone()).await;
            let delay = match &result {
                Ok(response) => {
                    let status = response.status().as_u16();
                    span.record("status", status);
                    matches!(status, 429 | 502 | 503 | 504)
                        .then(|| retry_after(response.headers()).unwrap_or_else(|| self.retry.backoff_for(attempt)))
                }
                Err(Error::Transport(e)) if e.is_connect() => Some(self.retry.backoff_for(attempt)),
                Err(_) => None,
            };
            match (delay, spare) {
                (Some(delay), Some(spare)) if self.retry.allows_wait(started.elapsed(), delay) => {
                    tracing::debug!(parent: &span, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                    pending = Some(spare);
                }
                _ => return result,
            }
        }
    }

    /// One attempt: hops until an answer that is not a redirect to follow.
    /// `hop` carries no credentials; they are added to each hop that stays
    /// within the base URL's origin, and once a redirect has left it, to no
    /// later hop (the other origin chose where we go next). A hop elsewhere
    /// is stripped of anything that could carry one, and refused if its URL
    /// still holds a secret.
    async fn attempt<E>(&self, mut hop: reqwest::Request, authenticated: bool) -> Result<reqwest::Response, Error<E>> {
        let no_credentials = Credentials::default();
        let credentials = self.credentials.as_ref().unwrap_or(&no_credentials);
        // Set when the first hop leaves, after any wait for the rate limit.
        let mut deadline: Option<Option<tokio::time::Instant>> = None;
        let mut trusted = true;
        let mut redirects: u32 = 0;
        loop {
            trusted = trusted && same_origin(hop.url(), &self.origin);
            let (method, url, headers) = (hop.method().clone(), hop.url().clone(), hop.headers().clone());
            let kept = hop.try_clone();
            if trusted && authenticated {
                credentials.apply(&mut hop).map_err(Error::Encode)?;
            } else if !trusted {
                credentials.strip(&mut hop);
                if credentials.appear_in(hop.url()) {
                    return Err(Error::Redirect(RedirectError::CarriesCredential));
                }
            }
            let (permit, waited) = self.rate_limit(trusted).await;
            let end = match deadline {
                None => deadline_after(self.limits.timeout),
                Some(end) => end.map(|end| end.checked_add(waited).unwrap_or(end)),
            };
            deadline = Some(end);
            let sent = within(end, self.limits.timeout, async {
                self.http.execute(hop).await.map_err(|e| Error::from_reqwest(e, &self.limits))
            })
            .await;
            drop(permit);
            let mut response = sent?;
            let next = match self.limits.max_redirects {
                0 => None,
                _ => next_request(kept, &method, &url, &headers, &response).map_err(Error::Redirect)?,
            };
            let Some(next) = next else {
                response.extensions_mut().insert(Exchange { limits: self.limits, deadline: end });
                return Ok(response);
            };
            if redirects >= self.limits.max_redirects {
                return Err(Error::Redirect(RedirectError::TooMany { limit: self.limits.max_redirects }));
            }
            redirects += 1;
            tracing::debug!(
                status = response.status().as_u16(),
                same_origin = trusted && same_origin(next.url(), &self.origin),
                redirects,
                "following a redirect"
            );
            hop = next;
        }
    }

    /// Waits for a place in the rate limit, for a hop to the base URL's
    /// origin (the limit is that server's); returns how long it waited.
    async fn rate_limit(&self, trusted: bool) -> (Option<Permit>, std::time::Duration) {
        match (&self.limiter, trusted) {
            (Some(limiter), true) => {
                let asked = tokio::time::Instant::now();
                let permit = limiter.acquire().await;
                (Some(permit), asked.elapsed())
            }
            _ => (None, std::time::Duration::ZERO),
        }
    }

    /// Applies base URL, query, headers, cookies and body; credentials are
    /// added hop by hop.
    fn prepare<E>(&self, request: Request) -> Result<reqwest::Request, Error<E>> {
        if let Some(message) = request.encode_error {
            return Err(Error::Encode(message));
        }
        let mut url = format!("{}{}", self.base_url, request.path);
        if !request.query.is_empty() {
            // A spec's path may hold a query of its own (`/search?kind=all`).
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&encode_query(&request.query));
        }
        let mut builder = self.http.request(request.method, url);
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        if !request.cookies.is_empty() {
            let cookie = request.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            builder = builder.header(reqwest::header::COOKIE, cookie);
        }
        if let Some(accept) = request.accept {
            builder = builder.header(reqwest::header::ACCEPT, accept);
        }
        builder = match request.body {
            Content::None => builder,
            Content::Bytes { content_type, bytes } => builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes),
            Content::Stream { content_type, body } => builder.header(reqwest::header::CONTENT_TYPE, content_type).body(body),
            Content::Multipart(form) => builder.multipart(form),
        };
        builder.build().map_err(Error::from_builder)
    }
}
