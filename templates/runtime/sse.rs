//! Framing server-sent events (`text/event-stream`) as the WHATWG HTML
//! standard says (§9.2.6 "Interpreting an event stream"), with a bound on
//! memory.
//!
//! Our own parser rather than a crate's: the ones we looked at
//! (`eventsource-stream`, `sse-stream`) hold a line or an event without any
//! limit, so a server that never ends a line grows memory without bound.
//! Bytes are framed into lines before any text is decoded, so a character
//! split between two chunks is read whole; a line that is not UTF-8 makes
//! its event an error, never a silently altered one.

use std::collections::VecDeque;
use std::time::Duration;

/// One event as the stream framed it, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// The `event` field (`None`: the default type, `message`).
    pub event: Option<String>,
    /// The last event ID: set by this event's `id` field or an earlier one's.
    pub id: Option<String>,
    /// The reconnection time a `retry` field set since the last event.
    pub retry: Option<Duration>,
    /// The `data` lines joined with `\n`; `None` where a line of the event
    /// was not UTF-8.
    pub data: Option<String>,
}

/// What went wrong framing the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// A line, or an event's data, grew past the limit: the stream ends.
    TooLarge { limit: u64 },
}

/// Frames a byte stream into events. Feed chunks with [`SseParser::feed`],
/// take events with [`SseParser::next_event`].
#[derive(Debug)]
pub struct SseParser {
    limit: Option<u64>,
    /// The line being read.
    line: Vec<u8>,
    /// The previous chunk ended with CR: an LF that starts the next one
    /// belongs to it.
    after_cr: bool,
    /// Whether the start of the stream (where a BOM may stand) is behind us.
    started: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    last_id: Option<String>,
    retry: Option<Duration>,
    not_utf8: bool,
    ready: VecDeque<RawEvent>,
    /// The failure not yet reported by `next_event`.
    failed: Option<Framing>,
    /// Framing failed: the parser has lost its place and reads no more,
    /// after reporting the failure once.
    stopped: bool,
}

impl SseParser {
    /// `limit` bounds a line and an event's data, in bytes.
    pub fn new(limit: Option<u64>) -> Self {
        SseParser {
            limit,
            line: Vec::new(),
            after_cr: false,
            started: false,
            data: String::new(),
            has_data: false,
            event: None,
            last_id: None,
            retry: None,
            not_utf8: false,
            ready: VecDeque::new(),
            failed: None,
            stopped: false,
        }
    }

    /// The next complete event, or the framing error that ended the stream.
    pub fn next_event(&mut self) -> Option<Result<RawEvent, Framing>> {
        match self.ready.pop_front() {
            Some(event) => Some(Ok(event)),
            None => self.failed.take().map(Err),
        }
    }

    /// Whether framing has failed: nothing more will be read.
    pub fn has_failed(&self) -> bool {
        self.stopped
    }

    /// Reads a chunk of the stream.
    pub fn feed(&mut self, mut chunk: &[u8]) {
        // An empty chunk must not forget a CR that ended the previous one.
        if self.stopped || chunk.is_empty() {
            return;
        }
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while !chunk.is_empty() {
            match chunk.iter().position(|b| *b == b'\n' || *b == b'\r') {
                Some(end) => {
                    if !self.extend_line(&chunk[..end]) {
                        return;
                    }
                    let cr = chunk[end] == b'\r';
                    chunk = &chunk[end + 1..];
                    if cr {
                        match chunk.first() {
                            Some(b'\n') => chunk = &chunk[1..],
                            Some(_) => {}
                            None => self.after_cr = true,
                        }
                    }
                    let line = std::mem::take(&mut self.line);
                    self.process_line(&line);
                    // Keep the allocation for the next line, unless it grew large.
                    if line.capacity() <= 64 * 1024 {
                        self.line = line;
                        self.line.clear();
                    }
                }
                None => {
                    self.extend_line(chunk);
                    return;
                }
            }
        }
    }

    /// Appends to the current line; false (and the stream failed) past the limit.
    fn extend_line(&mut self, bytes: &[u8]) -> bool {
        let held = self.line.len().saturating_add(bytes.len()).saturating_add(self.data.len());
        if let Some(limit) = self.limit
            && u64::try_from(held).unwrap_or(u64::MAX) > limit
        {
            self.fail(limit);
            return false;
        }
        self.line.extend_from_slice(bytes);
        true
    }

    fn fail(&mut self, limit: u64) {
        self.failed = Some(Framing::TooLarge { limit });
        self.stopped = true;
        self.line = Vec::new();
        self.data = String::new();
    }

    fn process_line(&mut self, line: &[u8]) {
        let mut line = line;
        if !self.started {
            self.started = true;
            line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(b":") {
            return;
        }
        let Ok(line) = std::str::from_utf8(line) else {
            self.not_utf8 = true;
            return;
        };
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                if let Some(limit) = self.limit
                    && u64::try_from(self.data.len().saturating_add(value.len()).saturating_add(1)).unwrap_or(u64::MAX) > limit
                {
                    self.fail(limit);
                    return;
                }
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits beyond u64 are no reconnection time: ignored, as any malformed field is.
                if let Ok(millis) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
    }

    /// A blank line: the event read so far is complete.
    fn dispatch(&mut self) {
        let event = self.event.take();
        let not_utf8 = std::mem::replace(&mut self.not_utf8, false);
        if !self.has_data && !not_utf8 {
            // No data: nothing is dispatched (the standard's rule).
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        self.ready.push_back(RawEvent {
            event: event.filter(|e| !e.is_empty()),
            id: self.last_id.clone().filter(|id| !id.is_empty()),
            retry: self.retry.take(),
            data: (!not_utf8).then_some(data),
        });
    }
}
