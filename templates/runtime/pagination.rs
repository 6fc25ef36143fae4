//! Streaming the items of an operation that pages by offset and limit.

use super::error::Error;

/// Streams items page after page: `fetch(offset, limit)` gets one page; the
/// stream ends after the first page shorter than `limit` (or empty) and
/// after the first error.
pub fn paginate<T, E, F, Fut>(start: i64, limit: i64, fetch: F) -> impl futures_util::Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(i64, i64) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, Error<E>>>,
{
    let pages = futures_util::stream::unfold((Some(start), fetch), move |(offset, mut fetch)| async move {
        let offset = offset?;
        let page = fetch(offset, limit).await;
        let next = match &page {
            // A page size of zero or less cannot advance: one page, then stop.
            Ok(items) if limit > 0 && i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit => {
                Some(offset.saturating_add(limit))
            }
            _ => None,
        };
        Some((page, (next, fetch)))
    });
    futures_util::StreamExt::flat_map(pages, |page| {
        let items: Vec<Result<T, Error<E>>> = match page {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        futures_util::stream::iter(items)
    })
}
