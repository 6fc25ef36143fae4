//! Typed server-sent events: a `text/event-stream` response as a stream of
//! events whose data is decoded into the type the spec gives.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::body::read_capped;
use super::decode::{DecodeError, decode_json};
use super::error::Error;
use super::limits::Exchange;
use super::sse::{Framing, RawEvent, SseParser};
use super::stream::ByteStream;
use super::Bytes;

/// One server-sent event, its data decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's type (its `event` field); `None` for the default, `message`.
    pub event: Option<String>,
    /// The last event ID the server set (by this event's `id` field or an
    /// earlier one's), to resume from with `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time the server asked for since the last event.
    pub retry: Option<Duration>,
    pub data: T,
}

/// A server-sent event that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// The event's data did not decode into the documented type. The stream
    /// goes on: the next event may decode.
    #[error("{}: its data does not decode: {source}", describe(.event, .id))]
    Decode {
        event: Option<String>,
        id: Option<String>,
        /// The data as received.
        data: String,
        #[source]
        source: DecodeError,
    },
    /// A line of the event is not UTF-8 (the stream goes on).
    #[error("{}: a line is not UTF-8", describe(.event, .id))]
    NotUtf8 { event: Option<String>, id: Option<String> },
    /// A line or an event's data is larger than the limit (the client's
    /// body cap): the stream ends.
    #[error("a server-sent event is larger than the {limit}-byte limit")]
    TooLarge { limit: u64 },
    /// The server answered with something other than an event stream (a
    /// request that did not ask for one?).
    #[error("the response is not an event stream: its Content-Type is {}", .content_type.as_deref().unwrap_or("missing"))]
    NotEventStream {
        content_type: Option<String>,
        /// The body, read under the client's cap.
        body: Bytes,
    },
}

fn describe(event: &Option<String>, id: &Option<String>) -> String {
    let event = event.as_deref().unwrap_or("message");
    match id {
        Some(id) => format!("event `{event}` (id `{id}`)"),
        None => format!("event `{event}`"),
    }
}

/// How an event's data becomes a `T`.
enum Decoding<T> {
    /// JSON; `data: [DONE]` ends the stream (OpenAI's convention, and no
    /// JSON value).
    Json(fn(&[u8]) -> Result<T, DecodeError>),
    /// The text as it is.
    Text(fn(String) -> T),
}

/// The events of a `text/event-stream` response: a
/// [`Stream`](futures_util::Stream) of [`Event`]s whose `data` is decoded
/// into `T`. An event that does not decode is an error item
/// ([`EventError::Decode`], naming the event) and the stream goes on; a
/// transport error, a timeout or an event larger than the client's body
/// cap ends it. Not limited by the whole-request timeout; the read timeout
/// applies to the wait for each chunk.
pub struct EventStream<T, E = std::convert::Infallible> {
    chunks: ByteStream<E>,
    parser: SseParser,
    decoding: Decoding<T>,
    ended: bool,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("status", &self.chunks.status()).field("ended", &self.ended).finish_non_exhaustive()
    }
}

/// Whether the response says it is an event stream (or says nothing).
async fn check_event_stream<E>(response: reqwest::Response) -> Result<reqwest::Response, Error<E>> {
    let content_type = response.headers().get(reqwest::header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let is_stream = content_type.as_deref().is_none_or(|ct| {
        ct.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("text/event-stream")
    });
    if is_stream {
        return Ok(response);
    }
    let limits = Exchange::of(&response).limits;
    let body = read_capped(response, &limits).await?;
    Err(Error::Event(EventError::NotEventStream { content_type, body }))
}

impl<T: serde::de::DeserializeOwned, E> EventStream<T, E> {
    /// Events whose data is JSON of type `T`; `data: [DONE]` ends the stream.
    pub async fn json(response: reqwest::Response) -> Result<Self, Error<E>> {
        let response = check_event_stream(response).await?;
        Ok(EventStream::with(response, Decoding::Json(|data| decode_json(data))))
    }
}

impl<E> EventStream<String, E> {
    /// Events whose data is text, as it is (`[DONE]` included).
    pub async fn text(response: reqwest::Response) -> Result<Self, Error<E>> {
        let response = check_event_stream(response).await?;
        Ok(EventStream::with(response, Decoding::Text(|data| data)))
    }
}

impl<T, E> EventStream<T, E> {
    fn with(response: reqwest::Response, decoding: Decoding<T>) -> Self {
        let chunks = ByteStream::new(response);
        let parser = SseParser::new(chunks.limits().max_body_bytes);
        EventStream { chunks, parser, decoding, ended: false }
    }

    pub fn status(&self) -> super::StatusCode {
        self.chunks.status()
    }

    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.chunks.headers()
    }

    /// An event as the stream item it makes; `None` for the `[DONE]` that
    /// ends a JSON stream.
    fn decode(&self, raw: RawEvent) -> Option<Result<Event<T>, Error<E>>> {
        let RawEvent { event, id, retry, data } = raw;
        let Some(data) = data else {
            return Some(Err(Error::Event(EventError::NotUtf8 { event, id })));
        };
        let data = match self.decoding {
            Decoding::Text(read) => read(data),
            Decoding::Json(_) if data.trim() == "[DONE]" => return None,
            Decoding::Json(read) => match read(data.as_bytes()) {
                Ok(value) => value,
                Err(source) => return Some(Err(Error::Event(EventError::Decode { event, id, data, source }))),
            },
        };
        Some(Ok(Event { event, id, retry, data }))
    }
}

impl<T, E> futures_util::Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.ended {
                return Poll::Ready(None);
            }
            match this.parser.next_event() {
                Some(Ok(raw)) => match this.decode(raw) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => {
                        this.ended = true;
                        return Poll::Ready(None);
                    }
                },
                Some(Err(Framing::TooLarge { limit })) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(Error::Event(EventError::TooLarge { limit }))));
                }
                None => {}
            }
            match Pin::new(&mut this.chunks).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => this.parser.feed(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(e)));
                }
                // An event not ended by a blank line is discarded, as the standard says.
                Poll::Ready(None) => this.ended = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
