//! What the hostile-server tests share: a raw TCP server, clients of the
//! `hostile` fixture, a recorder of tracing and log output, and resident
//! memory.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_tests::trace_text::TraceText;
use fixtures::hostile::{Client, ClientBuilder, Credentials, Error, ListItemsError, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A secret no server may see outside the base URL's origin, and no error,
/// log line or trace may show.
pub const SECRET: &str = "s3cr3t-K3Y-0f-th3-t3st";

/// A server on 127.0.0.1 that hands each accepted connection to `handler`.
/// Dropping it stops accepting.
pub struct RawServer {
    addr: SocketAddr,
    accept: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let handler = Arc::new(handler);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(handler(stream));
            }
        });
        RawServer { addr, accept }
    }

    /// A server that reads each request and then says nothing for 30 s.
    pub async fn stalled() -> RawServer {
        RawServer::start(|mut stream| async move {
            let _ = read_head(&mut stream).await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        })
        .await
    }

    /// A server that answers every request with the same bytes, then closes.
    pub async fn answering(response: impl Into<Vec<u8>>) -> RawServer {
        let response = Arc::new(response.into());
        RawServer::start(move |mut stream| {
            let response = response.clone();
            async move {
                if read_head(&mut stream).await.is_some() {
                    let _ = stream.write_all(&response).await;
                    let _ = stream.shutdown().await;
                }
            }
        })
        .await
    }

    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Reads one request head (up to the blank line), or `None` if the
/// connection ends first. The body, if any, is left unread.
pub async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A client of the `hostile` fixture for `base_url` that does not retry.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
}

/// Every kind of credential at once, each carrying [`SECRET`].
pub fn every_credential() -> Credentials {
    Credentials::header_key(SECRET)
        .and(Credentials::query_key(SECRET))
        .and(Credentials::cookie_key(SECRET))
        .and(Credentials::basic("user", SECRET))
        .and(Credentials::bearer(SECRET))
}

/// Asserts that `error` shows no [`SECRET`] (nor its Basic encoding) in its
/// `Display`, its `Debug` or anywhere along its `source()` chain.
pub fn assert_no_secret(error: &(dyn std::error::Error + 'static)) {
    let basic = base64_basic("user", SECRET);
    let mut shown = vec![format!("{error}"), format!("{error:?}")];
    let mut source = error.source();
    while let Some(cause) = source {
        shown.push(format!("{cause}"));
        shown.push(format!("{cause:?}"));
        source = cause.source();
    }
    for text in shown {
        assert!(!text.contains(SECRET), "the secret shows in `{text}`");
        assert!(
            !text.contains(&basic),
            "the Basic credentials show in `{text}`"
        );
    }
}

pub fn base64_basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

/// Asserts `elapsed` lies within `[at_least, below)`.
pub fn assert_elapsed(started: Instant, at_least: Duration, below: Duration) {
    let elapsed = started.elapsed();
    assert!(
        elapsed >= at_least && elapsed < below,
        "took {elapsed:?}, expected {at_least:?} to {below:?}"
    );
}

/// The process's peak resident memory so far (`VmHWM` in /proc/self/status).
pub fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("VmHWM in kB");
    kib * 1024
}

/// Everything written through `tracing` (spans, their fields, events) on
/// this thread, at every level, and through `log` by any thread.
#[derive(Clone, Default)]
pub struct Recorder {
    text: Arc<Mutex<String>>,
}

/// `log` output of the whole process (`log` takes one logger per process).
static LOGGED: Mutex<String> = Mutex::new(String::new());

fn log_line(line: &str) {
    let mut logged = LOGGED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    logged.push_str(line);
    logged.push('\n');
}

static LOG_SINK: TraceText<fn(&str)> = TraceText(log_line);

impl Recorder {
    /// Records `tracing` on this thread until the guard is dropped, and `log`
    /// (process-wide) from now on.
    pub fn install() -> (Recorder, tracing::subscriber::DefaultGuard) {
        let recorder = Recorder::default();
        let _ = log::set_logger(&LOG_SINK);
        log::set_max_level(log::LevelFilter::Trace);
        let text = recorder.text.clone();
        let guard = TraceText(move |line: &str| {
            let mut text = text
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            text.push_str(line);
            text.push('\n');
        })
        .capture();
        (recorder, guard)
    }

    /// What was recorded, `log` output included.
    pub fn text(&self) -> String {
        let mut text = self.text.lock().unwrap().clone();
        text.push_str(&LOGGED.lock().unwrap());
        text
    }
}

/// Answers with `responses` in turn, repeating the last one once they run out.
#[derive(Clone)]
pub struct Sequence {
    responses: Vec<wiremock::ResponseTemplate>,
    served: Arc<std::sync::atomic::AtomicUsize>,
}

impl Sequence {
    pub fn new(responses: Vec<wiremock::ResponseTemplate>) -> Sequence {
        assert!(!responses.is_empty());
        Sequence {
            responses,
            served: Arc::default(),
        }
    }

    /// How many requests were answered.
    pub fn served(&self) -> usize {
        self.served.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl wiremock::Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        let index = self
            .served
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.responses[index.min(self.responses.len() - 1)].clone()
    }
}

/// Builds the client and calls `list_items`, which must fail: its error.
pub async fn list_items_error(client: ClientBuilder) -> Error<ListItemsError> {
    let client = client.build().expect("the client builds");
    match client.list_items().send().await {
        Ok(items) => panic!("expected an error, got {items:?}"),
        Err(error) => error,
    }
}
