//! Credentials: secrets that never print, the ways of authenticating, and
//! the set a client sends.

use std::fmt;

/// A secret value (password, token, API key) that never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// One way of authenticating a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// HTTP Basic: `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: Secret },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// A key sent in a header, query parameter or cookie of the given name.
    ApiKey { location: ApiKeyLocation, name: String, value: Secret },
}

/// The credentials a client sends: one or more [`Auth`]s, all applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    parts: Vec<Auth>,
}

impl Credentials {
    pub fn new(auth: Auth) -> Self {
        Credentials { parts: vec![auth] }
    }

    /// Sends `other` as well (for APIs that want, say, a key and a token).
    pub fn and(mut self, other: Credentials) -> Self {
        self.parts.extend(other.parts);
        self
    }

    pub fn parts(&self) -> &[Auth] {
        &self.parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let auth = Auth::Basic { username: "id".into(), password: Secret::new("hunter2") };
        assert!(!format!("{auth:?}").contains("hunter2"));
    }
}
