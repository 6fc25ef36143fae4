//! A success with its status and headers (`send_with_response()`), and
//! typed reading of the headers a spec documents.

use std::fmt;

use super::StatusCode;
use reqwest::header::HeaderMap;

/// What `send_with_response()` returns: the decoded body, with the
/// response's status and headers. `H` is the operation's headers type
/// where the spec documents headers (typed accessors, and a `Deref` to the
/// `HeaderMap`), else the `HeaderMap` itself. Derefs to the body.
#[derive(Debug, Clone)]
pub struct ResponseValue<T, H = HeaderMap> {
    status: StatusCode,
    headers: H,
    body: T,
}

impl<T, H> ResponseValue<T, H> {
    pub fn new(status: StatusCode, headers: H, body: T) -> Self {
        ResponseValue { status, headers, body }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &H {
        &self.headers
    }

    pub fn body(&self) -> &T {
        &self.body
    }

    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    pub fn into_body(self) -> T {
        self.body
    }

    pub fn into_parts(self) -> (StatusCode, H, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U, H> {
        ResponseValue { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

impl<T, H> std::ops::Deref for ResponseValue<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A documented response header that is missing where the spec requires
/// it, or whose value does not read as its documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    Missing { name: &'static str },
    Invalid {
        name: &'static str,
        /// The value as received (invalid UTF-8 replaced, cut after 100 characters).
        value: String,
        /// Why it does not read as the documented type.
        reason: String,
    },
}

impl HeaderError {
    /// The header's name, as the spec writes it.
    pub fn name(&self) -> &'static str {
        match self {
            HeaderError::Missing { name } | HeaderError::Invalid { name, .. } => name,
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Missing { name } => {
                write!(f, "the response has no `{name}` header, which the spec says it always has")
            }
            HeaderError::Invalid { name, value, reason } => {
                write!(f, "response header `{name}`: `{}` does not read as documented: {reason}", value.escape_debug())
            }
        }
    }
}

impl std::error::Error for HeaderError {}

/// A documented header read as `T`; `None` when it is absent. A list
/// (`list`: comma-separated, over every line of the header) reads each item.
pub fn header<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &'static str, list: bool) -> Result<Option<T>, HeaderError> {
    let mut lines = headers.get_all(name).iter().peekable();
    if lines.peek().is_none() {
        return Ok(None);
    }
    let mut texts = Vec::new();
    for line in lines {
        let text = std::str::from_utf8(line.as_bytes()).map_err(|_| invalid(name, &String::from_utf8_lossy(line.as_bytes()), "not UTF-8 text".into()))?;
        texts.push(text);
        if !list {
            break;
        }
    }
    let text = texts.join(",");
    let parsed = if list {
        let items: Vec<&str> = text.split(',').map(str::trim).filter(|item| !item.is_empty()).collect();
        read_list(&items)
    } else {
        read_value(text.trim())
    };
    parsed.map(Some).map_err(|reason| invalid(name, &text, reason))
}

/// A header the spec says the response always has.
pub fn required_header<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &'static str, list: bool) -> Result<T, HeaderError> {
    header(headers, name, list)?.ok_or(HeaderError::Missing { name })
}

fn invalid(name: &'static str, value: &str, reason: String) -> HeaderError {
    HeaderError::Invalid { name, value: value.chars().take(100).collect(), reason }
}

/// Text as a value: as a string (strings, dates, ids, enums), else as the
/// number or boolean it spells.
fn read_value<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let as_text = serde_json::Value::String(text.to_owned());
    serde_json::from_value(as_text).or_else(|as_text_error| match scalar(text) {
        Some(value) => serde_json::from_value(value).map_err(|e| e.to_string()),
        None => Err(as_text_error.to_string()),
    })
}

fn read_list<T: serde::de::DeserializeOwned>(items: &[&str]) -> Result<T, String> {
    let texts = items.iter().map(|item| serde_json::Value::String((*item).to_owned())).collect();
    serde_json::from_value(serde_json::Value::Array(texts)).or_else(|as_text_error| {
        let values = items.iter().map(|item| scalar(item).unwrap_or_else(|| serde_json::Value::String((*item).to_owned()))).collect();
        serde_json::from_value(serde_json::Value::Array(values)).map_err(|_| as_text_error.to_string())
    })
}

/// The number or boolean `text` spells, if it spells one.
fn scalar(text: &str) -> Option<serde_json::Value> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, reqwest::header::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn documented_headers_read_as_their_types() {
        let map = headers(&[("x-rate-limit", "100"), ("etag", "\"abc\""), ("x-ids", "1, 2"), ("x-ids", "3")]);
        assert_eq!(header::<i32>(&map, "X-Rate-Limit", false), Ok(Some(100)));
        assert_eq!(header::<String>(&map, "ETag", false), Ok(Some("\"abc\"".to_owned())));
        assert_eq!(header::<Vec<u8>>(&map, "X-Ids", true), Ok(Some(vec![1, 2, 3])));
        assert_eq!(header::<i32>(&map, "Location", false), Ok(None));
        assert_eq!(required_header::<i32>(&map, "Location", false), Err(HeaderError::Missing { name: "Location" }));
        let error = header::<u8>(&headers(&[("x-rate-limit", "300")]), "X-Rate-Limit", false).unwrap_err();
        assert_eq!(error.name(), "X-Rate-Limit");
        assert!(error.to_string().contains("`300`"), "{error}");
    }
}
