//! Credentials: secrets that never print, the ways of authenticating, the
//! set a client sends, and putting them on a request (only ever a request to
//! the base URL's origin: the transport decides).

use std::fmt;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};

use super::encoding::{decode_query_component, encode_cookie, remove_query_pairs, set_query_pair};

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

impl Credentials {
    /// Puts every credential on `request`: headers (marked sensitive, so
    /// HTTP/2 does not index them), the query key, the cookie key. A value
    /// that cannot be sent is refused without being shown.
    pub(super) fn apply(&self, request: &mut reqwest::Request) -> Result<(), String> {
        for auth in &self.parts {
            match auth {
                Auth::ApiKey { location: ApiKeyLocation::Header, name, value } => {
                    let header = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| format!("`{name}` is not a valid header name for an API key"))?;
                    request.headers_mut().insert(header, sensitive(value.expose(), name)?);
                }
                Auth::ApiKey { location: ApiKeyLocation::Query, name, value } => {
                    set_query_pair(request.url_mut(), name, value.expose());
                }
                Auth::ApiKey { location: ApiKeyLocation::Cookie, name, value } => {
                    let pair = format!("{}={}", encode_cookie(name), encode_cookie(value.expose()));
                    let cookie = match request.headers().get(COOKIE).and_then(|v| v.to_str().ok()) {
                        Some(existing) if !existing.is_empty() => format!("{existing}; {pair}"),
                        _ => pair,
                    };
                    request.headers_mut().insert(COOKIE, sensitive(&cookie, "Cookie")?);
                }
                Auth::Basic { username, password } => {
                    use base64::Engine as _;
                    let token = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{}", password.expose()));
                    request.headers_mut().insert(AUTHORIZATION, sensitive(&format!("Basic {token}"), "Authorization")?);
                }
                Auth::Bearer(token) => {
                    request.headers_mut().insert(AUTHORIZATION, sensitive(&format!("Bearer {}", token.expose()), "Authorization")?);
                }
            }
        }
        Ok(())
    }

    /// Takes off `request` whatever could carry a credential to a server
    /// that must not see it: `Authorization`, `Proxy-Authorization` and
    /// `Cookie`, the API-key headers, and query pairs named like a query key
    /// or holding a secret's value (a server may copy the query it received
    /// into a `Location`).
    pub(super) fn strip(&self, request: &mut reqwest::Request) {
        let headers = request.headers_mut();
        for name in [AUTHORIZATION, reqwest::header::PROXY_AUTHORIZATION, COOKIE] {
            headers.remove(name);
        }
        for auth in &self.parts {
            if let Auth::ApiKey { location: ApiKeyLocation::Header, name, .. } = auth {
                headers.remove(name.as_str());
            }
        }
        let secrets: Vec<&str> = self.parts.iter().map(Auth::secret).filter(|s| !s.is_empty()).collect();
        let query_names: Vec<&str> = self
            .parts
            .iter()
            .filter_map(|auth| match auth {
                Auth::ApiKey { location: ApiKeyLocation::Query, name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        remove_query_pairs(request.url_mut(), |name, value| {
            query_names.contains(&name) || secrets.contains(&value)
        });
    }
}

impl Credentials {
    /// Whether `url` still holds a secret once [`Credentials::strip`] has
    /// taken out what it can: as it is, percent-encoded, or as Basic
    /// credentials, anywhere (a server may write one into any part of a
    /// `Location`). Secrets shorter than 6 characters are not looked for:
    /// they would turn up by chance.
    pub(super) fn appear_in(&self, url: &reqwest::Url) -> bool {
        use base64::Engine as _;
        let raw = url.as_str();
        let decoded = decode_query_component(raw);
        let mut forms: Vec<String> = Vec::new();
        for auth in &self.parts {
            forms.push(auth.secret().to_owned());
            if let Auth::Basic { username, password } = auth {
                forms.push(base64::engine::general_purpose::STANDARD.encode(format!("{username}:{}", password.expose())));
            }
        }
        forms.iter().filter(|form| form.chars().count() >= 6).any(|form| raw.contains(form.as_str()) || decoded.contains(form.as_str()))
    }
}

impl Auth {
    fn secret(&self) -> &str {
        match self {
            Auth::Basic { password, .. } => password.expose(),
            Auth::Bearer(token) => token.expose(),
            Auth::ApiKey { value, .. } => value.expose(),
        }
    }
}

/// A header value marked sensitive; the error names the header, never the value.
fn sensitive(value: &str, header: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| format!("the credentials for `{header}` are not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
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
