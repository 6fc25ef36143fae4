//! Decoding JSON bodies, with the path to the value that did not fit.

use std::fmt;

/// A JSON body that did not decode: where (a path such as `items[3].id`)
/// and why (serde's message, with line and column).
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    /// The path to the value that did not fit (`.` for the whole body).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// serde_json's error (syntax or data, line and column).
    pub fn inner(&self) -> &serde_json::Error {
        &self.source
    }

    pub(super) fn into_parts(self) -> (String, serde_json::Error) {
        (self.path, self.source)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", at_path(&self.path), self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// `at `path`: ` before a message, or nothing for the whole body.
pub(super) fn at_path(path: &str) -> String {
    if path.is_empty() || path == "." { String::new() } else { format!("at `{path}`: ") }
}

/// Decodes `body` as JSON; an empty (or all-whitespace) body reads as `null`.
pub(super) fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { body };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| DecodeError {
        path: e.path().to_string(),
        source: e.into_inner(),
    })?;
    // Trailing characters after the value are an error too.
    deserializer.end().map_err(|source| DecodeError { path: String::new(), source })?;
    Ok(value)
}
