//! Request bodies sent as they are (octet-stream, images, text...): bytes,
//! text, a stream or a file, with the content type the spec gives unless
//! the caller sets another.

use std::fmt;
use std::path::Path;

use super::Bytes;

/// A request body sent as it is. From bytes (`Vec<u8>`, [`Bytes`],
/// `&'static [u8]`), text (`String`, `&'static str`), a stream of byte
/// chunks ([`Body::from_stream`]) or a file ([`Body::from_path`]). A stream
/// or a file is sent as it is read, never held whole in memory; such a
/// request is not retried (it cannot be sent twice).
pub struct Body {
    pub(super) inner: reqwest::Body,
    pub(super) content_type: Option<String>,
    pub(super) length: Option<u64>,
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body").field("content_type", &self.content_type).field("length", &self.length).finish_non_exhaustive()
    }
}

impl Body {
    fn of(inner: reqwest::Body, length: Option<u64>) -> Self {
        Body { inner, content_type: None, length }
    }

    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes: Bytes = bytes.into();
        let length = u64::try_from(bytes.len()).ok();
        Body::of(bytes.into(), length)
    }

    /// A body read from `stream` as it is sent, chunk by chunk. An error the
    /// stream yields ends the request with `Error::Transport`.
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        use futures_util::StreamExt as _;
        Body::of(reqwest::Body::wrap_stream(stream.map(|chunk| chunk.map(Into::into))), None)
    }

    /// The file at `path`, read as it is sent.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let file = tokio::fs::File::open(path.as_ref()).await?;
        let length = file.metadata().await.ok().map(|m| m.len());
        Ok(Body::of(file.into(), length))
    }

    /// The content type sent with the body, instead of the spec's (needed
    /// where the spec gives a range such as `image/*`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The length, where it is known before sending (bytes, text, a file).
    pub fn length(&self) -> Option<u64> {
        self.length
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::from_bytes(bytes)
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Body::from_bytes(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for Body {
    fn from(bytes: &'static [u8; N]) -> Self {
        Body::from_bytes(&bytes[..])
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from_bytes(text)
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body::from_bytes(text)
    }
}

impl From<tokio::fs::File> for Body {
    fn from(file: tokio::fs::File) -> Self {
        Body::of(file.into(), None)
    }
}
