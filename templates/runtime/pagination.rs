//! Streaming the items of an operation that pages by offset and limit, or
//! by a cursor the server hands out with each page.

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

/// One page of a cursor-paged list, as the generated `into_stream` reads it
/// from the operation's answer.
pub struct CursorPage<T> {
    pub items: Vec<T>,
    /// The cursor of the next page; `None` (or empty) when there is none.
    pub next: Option<String>,
    /// Whether the server says more pages follow, where it says.
    pub has_more: Option<bool>,
}

/// Why a cursor-paged stream stopped with an error rather than go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaginationError {
    /// The server handed out a cursor it had handed out before: going on
    /// would fetch the same pages forever.
    #[error("the server repeated a cursor it had already given; stopped rather than loop")]
    RepeatedCursor,
    /// The server said more pages follow but gave no cursor to fetch them.
    #[error("the server said more pages follow but gave no cursor for them")]
    MissingCursor,
}

/// Streams items page after page: `fetch(cursor)` gets the page at
/// `cursor` (`start` first; `None` is the first page). The stream ends when
/// a page gives no next cursor or says no more pages follow, after the
/// first error, and with [`PaginationError`] when the server repeats a
/// cursor (it would loop forever) or says more follow without a cursor.
pub fn paginate_cursor<T, E, F, Fut>(start: Option<String>, fetch: F) -> impl futures_util::Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<CursorPage<T>, Error<E>>>,
{
    let mut seen = std::collections::HashSet::new();
    if let Some(start) = &start {
        seen.insert(start.clone());
    }
    let pages = futures_util::stream::unfold(
        (Some(start), fetch, seen),
        move |(cursor, mut fetch, mut seen)| async move {
            let cursor = cursor?;
            let page = fetch(cursor).await;
            let (items, next) = match page {
                Ok(page) => {
                    let next = page.next.filter(|n| !n.is_empty());
                    let next = match (page.has_more, next) {
                        (Some(false), _) => Ok(None),
                        (Some(true), None) => Err(PaginationError::MissingCursor),
                        (_, Some(next)) if !seen.insert(next.clone()) => Err(PaginationError::RepeatedCursor),
                        (_, next) => Ok(next.map(Some)),
                    };
                    (Ok(page.items), next)
                }
                Err(e) => (Err(e), Ok(None)),
            };
            Some(((items, next.clone()), (next.ok().flatten(), fetch, seen)))
        },
    );
    futures_util::StreamExt::flat_map(pages, |(page, next)| {
        let mut items: Vec<Result<T, Error<E>>> = match page {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        if let Err(stop) = next {
            items.push(Err(Error::Pagination(stop)));
        }
        futures_util::stream::iter(items)
    })
}

/// The items field of a page, required or optional (absent: no items).
pub trait PageItems<T> {
    fn into_items(self) -> Vec<T>;
}

impl<T> PageItems<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T, I: PageItems<T>> PageItems<T> for Option<I> {
    fn into_items(self) -> Vec<T> {
        self.map(PageItems::into_items).unwrap_or_default()
    }
}

/// A cursor field of a page or an item, required, optional or nullable.
pub trait PageCursor {
    fn into_cursor(self) -> Option<String>;
}

impl PageCursor for String {
    fn into_cursor(self) -> Option<String> {
        Some(self)
    }
}

impl<C: PageCursor> PageCursor for Option<C> {
    fn into_cursor(self) -> Option<String> {
        self.and_then(PageCursor::into_cursor)
    }
}

/// A `has_more` field, required, optional or nullable.
pub trait PageFlag {
    fn into_flag(self) -> Option<bool>;
}

impl PageFlag for bool {
    fn into_flag(self) -> Option<bool> {
        Some(self)
    }
}

impl<B: PageFlag> PageFlag for Option<B> {
    fn into_flag(self) -> Option<bool> {
        self.and_then(PageFlag::into_flag)
    }
}
