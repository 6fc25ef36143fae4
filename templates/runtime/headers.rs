//! Headers the caller adds: the client's defaults (`default_header`) and a
//! request's own (`header` on an operation's builder). Like credentials,
//! they go only to the base URL's origin: a redirect elsewhere carries none
//! of them, so a header that holds a secret cannot leak (a secret still
//! belongs in `Credentials::header`, which also keeps it out of `Debug`).

use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION};

/// A header name and value, checked.
type Checked = (HeaderName, HeaderValue);

/// The headers a transport adds to each hop to the base URL's origin.
#[derive(Clone, Default)]
pub(super) struct AddedHeaders {
    /// Set on the client: sent unless the request sets the same header.
    defaults: Arc<Vec<Checked>>,
    /// Set on one request: replace any header of the same name. Checked when
    /// the request is sent (an invalid one fails it with `Error::Encode`).
    request: Vec<(String, String)>,
}

impl std::fmt::Debug for AddedHeaders {
    /// Names only: a value may be a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = self.defaults.iter().map(|(n, _)| n.as_str()).chain(self.request.iter().map(|(n, _)| n.as_str()));
        f.debug_list().entries(names).finish()
    }
}

/// Checks a header the caller gives; the error names the header, never the value.
pub(super) fn check_header(name: &str, value: &str) -> Result<Checked, String> {
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a valid header name"))?;
    let mut checked = HeaderValue::from_str(value).map_err(|_| format!("the value of header `{name}` is not a valid header value"))?;
    if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(&header) {
        checked.set_sensitive(true);
    }
    Ok((header, checked))
}

impl AddedHeaders {
    pub(super) fn with_defaults(defaults: Vec<Checked>) -> Self {
        AddedHeaders { defaults: Arc::new(defaults), request: Vec::new() }
    }

    pub(super) fn add_request_header(&mut self, name: String, value: String) {
        self.request.push((name, value));
    }

    /// Puts the headers on a hop: request headers replace, defaults only fill in.
    pub(super) fn apply(&self, headers: &mut HeaderMap) -> Result<(), String> {
        let mut replaced: Vec<HeaderName> = Vec::new();
        for (name, value) in &self.request {
            let (name, value) = check_header(name, value)?;
            // Several values of one name set on the request are all sent.
            if replaced.contains(&name) {
                headers.append(name, value);
            } else {
                headers.insert(name.clone(), value);
                replaced.push(name);
            }
        }
        for (name, value) in self.defaults.iter() {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        Ok(())
    }

    /// Takes the added headers off a hop that leaves the base URL's origin.
    pub(super) fn strip(&self, headers: &mut HeaderMap) {
        for (name, _) in self.defaults.iter() {
            headers.remove(name);
        }
        for (name, _) in &self.request {
            headers.remove(name.as_str());
        }
    }
}
