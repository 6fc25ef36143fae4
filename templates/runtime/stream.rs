//! Response bodies handed over as they arrive.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::body::read_capped_stream;
use super::error::Error;
use super::limits::{Exchange, Limits, within};
use super::{Bytes, StatusCode};

type Chunks = Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body handed over as it arrives (downloads, and any body that
/// is not JSON or text): a [`Stream`](futures_util::Stream) of [`Bytes`]
/// chunks, never held whole. Not capped, and not limited by the
/// whole-request timeout: the read timeout applies to the wait for each
/// chunk. [`ByteStream::bytes`] and [`ByteStream::text`] read it whole
/// instead, under the client's body cap.
///
/// `E` is the operation's error type, so that a chunk's error and the call's
/// are the same type.
pub struct ByteStream<E = std::convert::Infallible> {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    content_length: Option<u64>,
    chunks: Chunks,
    exchange: Exchange,
    error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ByteStream<E> {
    // Not the response's own `Debug`: it shows the URL, query key included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl<E> ByteStream<E> {
    pub fn new(response: reqwest::Response) -> Self {
        let exchange = Exchange::of(&response);
        ByteStream {
            status: response.status(),
            headers: response.headers().clone(),
            content_length: response.content_length(),
            chunks: Box::pin(response.bytes_stream()),
            exchange,
            error: PhantomData,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// The length the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    pub(super) fn limits(&self) -> &Limits {
        &self.exchange.limits
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error<E>> {
        futures_util::StreamExt::next(self).await.transpose()
    }

    /// Reads the rest of the body whole: up to the client's body cap
    /// (`Error::BodyTooLarge` past it, or at once where `Content-Length`
    /// says so) and within what is left of the whole-request timeout.
    pub async fn bytes(self) -> Result<Bytes, Error<E>> {
        let limits = self.exchange.limits;
        within(self.exchange.deadline, limits.timeout, read_capped_stream(self.chunks, self.content_length, &limits)).await
    }

    /// Reads the rest of the body whole, as [`ByteStream::bytes`] does, as
    /// text (invalid UTF-8 replaced).
    pub async fn text(self) -> Result<String, Error<E>> {
        let bytes = self.bytes().await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

impl<E> futures_util::Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(Error::from_reqwest(e, &this.exchange.limits)))),
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}
