//! The base URL: the rule that keeps the spec's path under a host the
//! caller gives, and the hint on a 404 that looks like a missing path.
//!
//! A spec's operations live under a path (`/api/v2`, from a Swagger 2.0
//! `basePath` or a server URL such as `https://api.example.com/v1`). A caller
//! who names their own server usually names its host alone; the requests
//! would then miss the API (a real server answered 404). So a base URL whose
//! path is empty (or `/`) gets the spec's path appended; a base URL with a
//! path of its own is used as it is, and `base_url_exact` uses any URL as it is.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How the caller gave the base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum GivenBaseUrl {
    /// `base_url`: the spec's path is appended to a host alone.
    UnderSpecPath(String),
    /// `base_url_exact`: used as it is.
    Exact(String),
}

/// The base URL requests go to (without a trailing `/`), and the URL parsed.
pub(super) fn resolve_base_url(given: &GivenBaseUrl, spec_path: Option<&str>) -> Result<(String, reqwest::Url), String> {
    let (text, exact) = match given {
        GivenBaseUrl::UnderSpecPath(url) => (url, false),
        GivenBaseUrl::Exact(url) => (url, true),
    };
    let mut base = text.trim_end_matches('/').to_owned();
    let Ok(parsed) = reqwest::Url::parse(&base) else {
        return Err(base);
    };
    let host_alone = parsed.path() == "/" && parsed.query().is_none() && parsed.fragment().is_none();
    if let Some(path) = spec_path.filter(|_| host_alone && !exact) {
        base.push_str(path);
    }
    match reqwest::Url::parse(&base) {
        Ok(parsed) => Ok((base, parsed)),
        Err(_) => Err(base),
    }
}

/// Says once per client, on the first 404, that the base URL may lack the
/// spec's path (it was given as it is, or with another path).
#[derive(Clone, Debug)]
pub(super) struct MissingPathHint {
    spec_path: &'static str,
    said: Arc<AtomicBool>,
}

impl MissingPathHint {
    /// A hint for a base URL whose path does not end with the spec's path.
    pub(super) fn for_base_url(base_url: &reqwest::Url, spec_path: Option<&'static str>) -> Option<Self> {
        let spec_path = spec_path?;
        let path = base_url.path().trim_end_matches('/');
        (!path.ends_with(spec_path)).then(|| MissingPathHint { spec_path, said: Arc::new(AtomicBool::new(false)) })
    }

    /// Called with each response status.
    pub(super) fn observe(&self, status: reqwest::StatusCode, path_template: &str) {
        if status == reqwest::StatusCode::NOT_FOUND && !self.said.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                operation = path_template,
                spec_path = self.spec_path,
                "404 Not Found: the base URL does not end with the spec's path `{}`; if the API lives \
                 there, give the base URL as the host alone (`base_url` appends the path) or with the path",
                self.spec_path
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(given: GivenBaseUrl) -> String {
        resolve_base_url(&given, Some("/api/v2")).map(|(s, _)| s).unwrap_or_else(|e| format!("error {e}"))
    }

    #[test]
    fn a_host_alone_gets_the_spec_path_and_a_url_with_a_path_is_kept() {
        use GivenBaseUrl::*;
        assert_eq!(resolved(UnderSpecPath("http://h:1".into())), "http://h:1/api/v2");
        assert_eq!(resolved(UnderSpecPath("http://h:1/".into())), "http://h:1/api/v2");
        assert_eq!(resolved(UnderSpecPath("http://h:1/api/v2/".into())), "http://h:1/api/v2");
        assert_eq!(resolved(UnderSpecPath("http://h:1/proxy".into())), "http://h:1/proxy");
        assert_eq!(resolved(Exact("http://h:1".into())), "http://h:1");
        assert_eq!(resolved(UnderSpecPath("not a url".into())), "error not a url");
    }
}
