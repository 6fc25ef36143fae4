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

/// Why a cursor- or link-paged stream stopped with an error rather than go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaginationError {
    /// The server handed out a cursor it had handed out before: going on
    /// would fetch the same pages forever.
    #[error("the server repeated a cursor it had already given; stopped rather than loop")]
    RepeatedCursor,
    /// The server said more pages follow but gave no cursor to fetch them.
    #[error("the server said more pages follow but gave no cursor for them")]
    MissingCursor,
    /// A `Link: <…>; rel="next"` URL that cannot be followed (why is said).
    #[error("the next page's link cannot be followed: {0}")]
    UnusableLink(String),
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

/// The `rel="next"` target of a response's `Link` headers (RFC 8288), if
/// one is given.
pub fn link_next(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(next_in_link)
}

/// The target of the first link of a `Link` value whose `rel` holds `next`.
fn next_in_link(value: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let start = rest.find('<')?;
        let after_start = rest.get(start + 1..)?;
        let end = after_start.find('>')?;
        let target = after_start.get(..end)?;
        let after = after_start.get(end + 1..)?;
        // A link's parameters run to the next link's `<`.
        let params_end = after.find('<').unwrap_or(after.len());
        let params = after.get(..params_end)?;
        if params.split([';', ',']).any(is_rel_next) {
            return Some(target.trim().to_owned());
        }
        rest = after.get(params_end..)?;
    }
}

fn is_rel_next(param: &str) -> bool {
    let Some((name, value)) = param.split_once('=') else {
        return false;
    };
    name.trim().eq_ignore_ascii_case("rel")
        && value
            .trim()
            .trim_matches('"')
            .split_ascii_whitespace()
            .any(|rel| rel.eq_ignore_ascii_case("next"))
}

/// The query parameters of a next link (absolute, or relative to the
/// server), decoded.
pub fn link_query<E>(link: &str) -> Result<Vec<(String, String)>, Error<E>> {
    let url = reqwest::Url::parse("http://link.invalid/")
        .and_then(|base| base.join(link))
        .map_err(|e| Error::Pagination(PaginationError::UnusableLink(format!("not a URL ({e})"))))?;
    Ok(url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect())
}

/// A next link's query value as the type of the parameter it sets.
pub fn link_value<T: std::str::FromStr, E>(name: &str, value: &str) -> Result<T, Error<E>> {
    value.parse().map_err(|_| {
        Error::Pagination(PaginationError::UnusableLink(format!("its `{name}` is not a value this operation takes")))
    })
}
