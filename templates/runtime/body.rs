//! Reading a body in full, chunk by chunk, up to the cap.

use super::Bytes;
use super::error::Error;
use super::limits::Limits;

/// Reads the rest of `response`'s body. A `Content-Length` above the cap
/// fails before reading; otherwise the read stops as soon as the cap is
/// passed, so no more than the cap (and one chunk) is ever held.
pub(super) async fn read_capped<E>(response: reqwest::Response, limits: &Limits) -> Result<Bytes, Error<E>> {
    let declared = response.content_length();
    read_capped_stream(response.bytes_stream(), declared, limits).await
}

/// Reads the rest of a body's `chunks` as [`read_capped`] does; `declared`
/// is its `Content-Length`.
pub(super) async fn read_capped_stream<E>(
    chunks: impl futures_util::Stream<Item = reqwest::Result<Bytes>>,
    declared: Option<u64>,
    limits: &Limits,
) -> Result<Bytes, Error<E>> {
    use futures_util::StreamExt as _;
    let cap = limits.max_body_bytes;
    if let (Some(limit), Some(length)) = (cap, declared)
        && length > limit
    {
        return Err(Error::BodyTooLarge { limit, content_length: Some(length) });
    }
    // A declared length is a hint, not a promise: reserve at most 1 MiB up front.
    let reserve = declared.unwrap_or(0).min(1024 * 1024);
    let mut body = bytes::BytesMut::with_capacity(usize::try_from(reserve).unwrap_or(0));
    let mut chunks = std::pin::pin!(chunks);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| Error::from_reqwest(e, limits))?;
        if let Some(limit) = cap {
            let total = u64::try_from(body.len()).unwrap_or(u64::MAX).saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
            if total > limit {
                return Err(Error::BodyTooLarge { limit, content_length: declared });
            }
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
