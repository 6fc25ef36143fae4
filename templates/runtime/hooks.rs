//! Hooks around every request: code of the caller's that sees (and may
//! change) each hop before it is sent and each answer when it arrives, for
//! tracing propagation, signing, metrics or logging.
//!
//! A hook runs per hop, not per call: the runtime follows redirects itself
//! and retries, so one call may be several attempts of several hops each,
//! and a signature must be made for each. A hook runs after credentials and
//! added headers are put on (a signer sees the request as it will leave),
//! inside the call's `http_request` tracing span. A hop that leaves the base
//! URL's origin is still shown to hooks ([`Hop::same_origin`] says so), but
//! whatever credential a hook adds to it is taken off again before it is
//! sent: `Authorization`, `Proxy-Authorization`, `Cookie`, the credentials'
//! own headers and the headers added with `default_header` or `header`. A
//! header of another name added there does go: a signing hook signs only
//! hops to the base URL's origin.

use std::sync::Arc;
use std::time::Duration;

use super::Method;
use super::error::TimeoutError;

/// What a hook may fail with: the call then ends with `Error::Hook`.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// Code run around every hop of every request a client sends (added with
/// `ClientBuilder::hook`; `on_request` and `on_response` there take a
/// closure). Each method has a default that does nothing.
pub trait Hook: Send + Sync + 'static {
    /// Before a hop is sent: may read and change the request (add a
    /// header, sign it). An error stops the call with `Error::Hook`,
    /// nothing sent.
    fn on_request(&self, request: &mut reqwest::Request, hop: &Hop<'_>) -> Result<(), HookError> {
        let _ = (request, hop);
        Ok(())
    }

    /// When a hop's answer arrives (its head: the body is read after).
    fn on_response(&self, response: &mut reqwest::Response, hop: &Hop<'_>) {
        let _ = (response, hop);
    }

    /// When a hop gets no answer: the connection failed or timed out.
    fn on_failure(&self, failure: HopFailure<'_>, hop: &Hop<'_>) {
        let _ = (failure, hop);
    }
}

/// A hook shared with the caller (to read what it recorded, say).
impl<H: Hook> Hook for Arc<H> {
    fn on_request(&self, request: &mut reqwest::Request, hop: &Hop<'_>) -> Result<(), HookError> {
        (**self).on_request(request, hop)
    }

    fn on_response(&self, response: &mut reqwest::Response, hop: &Hop<'_>) {
        (**self).on_response(response, hop);
    }

    fn on_failure(&self, failure: HopFailure<'_>, hop: &Hop<'_>) {
        (**self).on_failure(failure, hop);
    }
}

/// Why a hop got no answer.
#[derive(Debug, Clone, Copy)]
pub enum HopFailure<'a> {
    Timeout(&'a TimeoutError),
    /// The connection failed, or the server broke HTTP.
    Transport(&'a reqwest::Error),
}

/// One hop of one attempt of a call, as hooks see it.
#[derive(Debug, Clone)]
pub struct Hop<'a> {
    pub(super) method: &'a Method,
    pub(super) operation: &'static str,
    pub(super) attempt: u32,
    pub(super) redirects: u32,
    pub(super) same_origin: bool,
    pub(super) sent: tokio::time::Instant,
}

impl Hop<'_> {
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The operation's path as the spec writes it (`/pets/{petId}`): a
    /// label for metrics that holds no parameter value.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// 1 for the first attempt, 2 for the first retry, ...
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Redirects followed before this hop within the attempt (0 for the first hop).
    pub fn redirects(&self) -> u32 {
        self.redirects
    }

    /// Whether the hop goes to the base URL's origin (scheme, host, port):
    /// only such hops carry credentials and added headers.
    pub fn same_origin(&self) -> bool {
        self.same_origin
    }

    /// Time since the hop was handed to the HTTP client (zero in `on_request`).
    pub fn elapsed(&self) -> Duration {
        self.sent.elapsed()
    }
}

/// The hooks of a client, run in the order they were added.
#[derive(Clone, Default)]
pub(super) struct Hooks(Arc<Vec<Arc<dyn Hook>>>);

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}

impl Hooks {
    pub(super) fn new(hooks: Vec<Arc<dyn Hook>>) -> Self {
        Hooks(Arc::new(hooks))
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn on_request(&self, request: &mut reqwest::Request, hop: &Hop<'_>) -> Result<(), HookError> {
        self.0.iter().try_for_each(|hook| hook.on_request(request, hop))
    }

    pub(super) fn on_response(&self, response: &mut reqwest::Response, hop: &Hop<'_>) {
        self.0.iter().for_each(|hook| hook.on_response(response, hop));
    }

    pub(super) fn on_failure(&self, failure: HopFailure<'_>, hop: &Hop<'_>) {
        self.0.iter().for_each(|hook| hook.on_failure(failure, hop));
    }
}

/// A hook made of a closure run before each hop (`ClientBuilder::on_request`).
pub(super) struct OnRequest<F>(pub(super) F);

impl<F> Hook for OnRequest<F>
where
    F: Fn(&mut reqwest::Request, &Hop<'_>) + Send + Sync + 'static,
{
    fn on_request(&self, request: &mut reqwest::Request, hop: &Hop<'_>) -> Result<(), HookError> {
        (self.0)(request, hop);
        Ok(())
    }
}

/// A hook made of a closure run on each answer (`ClientBuilder::on_response`).
pub(super) struct OnResponse<F>(pub(super) F);

impl<F> Hook for OnResponse<F>
where
    F: Fn(&reqwest::Response, &Hop<'_>) + Send + Sync + 'static,
{
    fn on_response(&self, response: &mut reqwest::Response, hop: &Hop<'_>) {
        (self.0)(response, hop);
    }
}
