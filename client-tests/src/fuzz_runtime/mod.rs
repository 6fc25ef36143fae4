//! Fuzzing the runtime's handling of what a server controls (run by
//! `cargo xtask fuzz-runtime`, through the `fuzz-runtime` program; see
//! `docs/fuzzing.md`).
//!
//! Five targets: `Retry-After` values (seconds and the three HTTP date
//! forms) read at any clock; `Location` values resolved against a URL;
//! offset pagination with any start, page size and page lengths;
//! server-sent event streams framed whole and cut into any chunks (the
//! same events either way, none past the limit); and whole
//! HTTP exchanges, where a local server answers the `hostile` fixture
//! client with generated raw responses (status lines, header blocks,
//! chunked and length framing, bodies, redirects to itself and to a second
//! origin, stalls). What counts as a finding: a panic (anywhere, spawned
//! tasks included), an execution that does not end in bounded time, a
//! credential reaching the second origin, a secret in an error's `Display`,
//! `Debug` or `source()` chain or in any trace, a buffered body larger
//! than the cap, and a parser answer that breaks its contract.

pub mod generate;
mod serve;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use fixtures::hostile::{Client, Credentials, Error, RateLimit, RetryPolicy};
use fixtures::runtime::{StreamExt, TryStreamExt, parse_retry_after, redirect_target};
use serde::{Deserialize, Serialize};

/// The secret every credential of an exchange carries.
pub const SECRET: &str = "fuzz-s3cr3t-9f8e7d6c";

/// The cap on buffered bodies during exchanges (small, so passing it is cheap).
pub const BODY_CAP: u64 = 64 * 1024;

/// An execution's input. Saved as JSON when it finds something.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "target", rename_all = "kebab-case")]
pub enum Input {
    RetryAfter {
        value: Vec<u8>,
        now: u64,
    },
    Location {
        from: String,
        location: Vec<u8>,
    },
    Pages {
        start: i64,
        limit: i64,
        pages: Vec<u32>,
    },
    /// An event stream's bytes, the places it is cut into chunks, and the
    /// limit on a line or an event.
    Sse {
        bytes: Vec<u8>,
        cuts: Vec<u16>,
        limit: u16,
    },
    Exchange(Exchange),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exchange {
    pub operation: Operation,
    /// The base server's answers, in turn (the last one repeats).
    pub replies: Vec<Reply>,
    pub rate_limited: bool,
}

/// Raw bytes the base server writes for one request. `{SELF}`, `{OTHER}`
/// and `{SECRET}` stand for the two servers' URLs and the secret.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Reply {
    pub bytes: Vec<u8>,
    /// A pause before answering.
    pub stall_ms: u16,
    /// Close the connection after answering.
    pub close: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    ListItems,
    /// `into_stream()`, at most 20 items.
    ListAll,
    GetBlob,
    StreamEvents,
    CreateItem,
    Search,
}

impl Input {
    pub fn target(&self) -> &'static str {
        match self {
            Input::RetryAfter { .. } => "retry-after",
            Input::Location { .. } => "location",
            Input::Pages { .. } => "pages",
            Input::Sse { .. } => "sse",
            Input::Exchange(_) => "exchange",
        }
    }
}

/// What one execution showed: how it ended, and anything wrong.
#[derive(Debug, Default)]
pub struct Outcome {
    pub ending: String,
    pub findings: Vec<String>,
}

/// The ways the secret is sent: as it is, and inside Basic credentials.
pub fn secret_forms() -> Vec<String> {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("user:{SECRET}"));
    vec![SECRET.to_owned(), basic]
}

/// Every credential at once, each carrying [`SECRET`].
fn every_credential() -> Credentials {
    Credentials::header_key(SECRET)
        .and(Credentials::query_key(SECRET))
        .and(Credentials::cookie_key(SECRET))
        .and(Credentials::basic("user", SECRET))
        .and(Credentials::bearer(SECRET))
}

/// The servers and clients executions share (one per tokio runtime).
pub struct Harness {
    servers: serve::Servers,
    plain: Client,
    rate_limited: Client,
}

impl Harness {
    /// Starts the servers and builds the clients, on the current tokio
    /// runtime. Building a client costs tens of milliseconds (TLS set-up),
    /// so the clients, like the servers, serve every execution.
    pub async fn start() -> Result<Harness, String> {
        let servers = serve::start()
            .await
            .map_err(|e| format!("no server: {e}"))?;
        let builder = || {
            Client::builder()
                .base_url(format!("http://{}", servers.base))
                .credentials(every_credential())
                .timeout(Duration::from_millis(800))
                .read_timeout(Duration::from_millis(150))
                .connect_timeout(Duration::from_millis(500))
                .max_body_bytes(BODY_CAP)
                .max_redirects(4)
                .retry_policy(
                    RetryPolicy::default()
                        .max_attempts(3)
                        .max_elapsed(Duration::from_millis(300))
                        .backoff(Duration::from_millis(1), Duration::from_millis(5)),
                )
        };
        let plain = builder().build().map_err(|e| e.to_string())?;
        let rate_limited = builder()
            .rate_limit(RateLimit::new(2, Duration::from_millis(30)))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Harness {
            servers,
            plain,
            rate_limited,
        })
    }

    /// Runs one input.
    pub async fn run(&self, input: &Input) -> Outcome {
        match input {
            Input::RetryAfter { value, now } => retry_after(value, *now),
            Input::Location { from, location } => location_target(from, location),
            Input::Pages {
                start,
                limit,
                pages,
            } => paginate(*start, *limit, pages).await,
            Input::Sse { bytes, cuts, limit } => sse(bytes, cuts, *limit),
            Input::Exchange(exchange) => self.exchange(exchange).await,
        }
    }

    async fn exchange(&self, input: &Exchange) -> Outcome {
        let mut outcome = Outcome::default();
        self.servers.load(&input.replies);
        let client = if input.rate_limited {
            &self.rate_limited
        } else {
            &self.plain
        };
        let echoes_secret = input
            .replies
            .iter()
            .any(|r| r.bytes.windows(8).any(|w| w == b"{SECRET}"));
        let observed = call(client, input.operation).await;
        outcome.ending = observed.ending;
        if let Some(length) = observed.length
            && u64::try_from(length).unwrap_or(u64::MAX) > BODY_CAP
        {
            outcome.findings.push(match input.operation {
                Operation::StreamEvents => format!("an event of {length} bytes passed the cap"),
                _ => format!("a buffered body of {length} bytes passed the cap"),
            });
        }
        let forms = secret_forms();
        if !echoes_secret
            && observed
                .shown
                .iter()
                .any(|text| forms.iter().any(|form| text.contains(form.as_str())))
        {
            outcome
                .findings
                .push(format!("a secret in an error: {:?}", observed.shown));
        }
        if self.servers.leaked.load(Ordering::SeqCst) {
            outcome
                .findings
                .push("a credential reached another origin".into());
        }
        outcome
    }
}

/// Frames `bytes` as one chunk and as the chunks `cuts` makes: the events
/// (and the failure) must be the same, and no event's data past the limit.
fn sse(bytes: &[u8], cuts: &[u16], limit: u16) -> Outcome {
    use fixtures::runtime::SseParser;
    let limit = u64::from(limit.max(1));
    let frame = |chunks: &mut dyn Iterator<Item = &[u8]>| {
        let mut parser = SseParser::new(Some(limit));
        let mut framed = Vec::new();
        for chunk in chunks {
            parser.feed(chunk);
            while let Some(item) = parser.next_event() {
                framed.push(item);
            }
        }
        framed
    };
    let whole = frame(&mut std::iter::once(bytes));
    let mut positions: Vec<usize> = cuts
        .iter()
        .map(|c| usize::from(*c) % (bytes.len() + 1))
        .collect();
    positions.sort_unstable();
    positions.dedup();
    let mut pieces = Vec::new();
    let mut start = 0;
    for end in positions.into_iter().chain([bytes.len()]) {
        pieces.push(&bytes[start..end]);
        start = end;
    }
    let cut = frame(&mut pieces.into_iter());
    let mut outcome = Outcome::default();
    if whole != cut {
        outcome.findings.push(format!(
            "framing depends on chunking: {whole:?} whole, {cut:?} in chunks"
        ));
    }
    for event in whole.iter().flatten() {
        let size = event.data.as_ref().map_or(0, String::len);
        if u64::try_from(size).unwrap_or(u64::MAX) > limit {
            outcome.findings.push(format!(
                "an event of {size} bytes passed the {limit}-byte limit"
            ));
        }
    }
    outcome.ending = match whole.last() {
        Some(Err(_)) => "too large".into(),
        _ => format!("{} events", whole.len().min(3)),
    };
    outcome
}

fn retry_after(value: &[u8], now: u64) -> Outcome {
    let mut outcome = Outcome::default();
    let Ok(text) = std::str::from_utf8(value) else {
        outcome.ending = "not text".into();
        return outcome;
    };
    let now = SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(now))
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let wait = parse_retry_after(text, now);
    let trimmed = text.trim_matches([' ', '\t']);
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) && wait.is_none() {
        outcome
            .findings
            .push(format!("delay-seconds `{trimmed}` read as nothing"));
    }
    outcome.ending = if wait.is_some() { "a wait" } else { "nothing" }.into();
    outcome
}

fn location_target(from: &str, location: &[u8]) -> Outcome {
    let mut outcome = Outcome::default();
    let Ok(from) = reqwest::Url::parse(from) else {
        outcome.ending = "bad base".into();
        return outcome;
    };
    match redirect_target(&from, location) {
        Some(target) => {
            if !matches!(target.scheme(), "http" | "https") || target.host_str().is_none() {
                outcome
                    .findings
                    .push(format!("followed a non-HTTP location to `{target}`"));
            }
            outcome.ending = "followed".into();
        }
        None => outcome.ending = "refused".into(),
    }
    outcome
}

async fn paginate(start: i64, limit: i64, pages: &[u32]) -> Outcome {
    let mut outcome = Outcome::default();
    let pages = Arc::new(pages.to_vec());
    let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = calls.clone();
    let stream =
        fixtures::runtime::paginate::<u32, (), _, _>(start, limit, move |offset, limit| {
            let pages = pages.clone();
            let seen = seen.clone();
            async move {
                let mut calls = seen
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let length = pages.get(calls.len()).copied().unwrap_or(0);
                calls.push((offset, limit));
                Ok((0..length).collect::<Vec<u32>>())
            }
        });
    let items: Result<Vec<u32>, _> = stream.take(1000).try_collect().await;
    let calls = calls
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    if calls.windows(2).any(|w| w[1].0 < w[0].0) {
        outcome
            .findings
            .push(format!("offsets went backwards: {calls:?}"));
    }
    if calls.len() > 1002 {
        outcome
            .findings
            .push(format!("{} page requests", calls.len()));
    }
    outcome.ending = match items {
        Ok(items) => format!("{} items", items.len().min(1)),
        Err(_) => "error".into(),
    };
    outcome
}

/// How a call ended: its error's variant (or `answer`), the answer's size
/// (bytes, or items for lists), and everything its error shows.
struct Observed {
    ending: String,
    length: Option<usize>,
    shown: Vec<String>,
}

fn observe<E: std::error::Error + 'static>(result: Result<usize, Error<E>>) -> Observed {
    let error = match result {
        Ok(length) => {
            return Observed {
                ending: "answer".into(),
                length: Some(length),
                shown: Vec::new(),
            };
        }
        Err(error) => error,
    };
    let ending = match &error {
        Error::Api(_) => "Api",
        Error::Timeout(_) => "Timeout",
        // The kind of transport failure, without what varies (sizes, positions).
        Error::Transport(_) => "Transport",
        Error::Decode { .. } => "Decode",
        Error::BodyTooLarge { .. } => "BodyTooLarge",
        Error::Redirect(_) => "Redirect",
        Error::Encode(_) => "Encode",
        Error::Invalid { .. } => "Invalid",
        Error::Event(_) => "Event",
    };
    let ending = match &error {
        Error::Transport(_) => format!(
            "{ending} ({})",
            error
                .to_string()
                .split(|c: char| c.is_ascii_digit())
                .next()
                .unwrap_or("")
                .trim_end()
        ),
        _ => ending.to_owned(),
    };
    let mut shown = vec![format!("{error}"), format!("{error:?}")];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push(format!("{cause} {cause:?}"));
        source = cause.source();
    }
    Observed {
        ending,
        length: None,
        shown,
    }
}

async fn call(client: &Client, operation: Operation) -> Observed {
    use fixtures::hostile::StreamEventsError;
    match operation {
        Operation::ListItems => observe(client.list_items().send().await.map(|items| items.len())),
        Operation::ListAll => {
            let stream = client.list_items().limit(2).into_stream().take(20);
            observe(
                stream
                    .try_collect::<Vec<_>>()
                    .await
                    .map(|items| items.len()),
            )
        }
        Operation::GetBlob => observe(
            async { client.get_blob().send().await?.bytes().await }
                .await
                .map(|bytes| bytes.len()),
        ),
        Operation::StreamEvents => observe(
            async {
                let mut stream = client.stream_events().send().await?;
                // The largest event's data: bounded by the cap, whatever the stream.
                let mut largest = 0usize;
                while let Some(event) = stream.next().await {
                    largest = largest.max(event?.data.len());
                }
                Ok::<usize, Error<StreamEventsError>>(largest)
            }
            .await,
        ),
        Operation::CreateItem => {
            let item = fixtures::hostile::types::Item {
                id: 1,
                name: "x".into(),
            };
            observe(client.create_item(item).send().await.map(|_| 1))
        }
        Operation::Search => observe(
            client
                .search()
                .filter("a; b=c")
                .send()
                .await
                .map(|items| items.len()),
        ),
    }
}

/// An input saved by the fuzzer (`{"findings": [...], "input": {...}}`), or
/// an input alone.
pub fn read_saved(text: &str) -> Result<Input, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let input = value.get("input").cloned().unwrap_or(value);
    serde_json::from_value(input).map_err(|e| e.to_string())
}
