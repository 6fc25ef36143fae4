//! Following redirects ourselves (the reqwest client runs with
//! `redirect::Policy::none()`), so that credentials go only to the base
//! URL's origin: reqwest would strip `Authorization` and `Cookie` on its
//! own, but send an API-key header to any host, and a `Referer` holding the
//! query key.

use reqwest::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, TRANSFER_ENCODING};
use reqwest::{Method, StatusCode, Url};

use super::error::RedirectError;

/// Whether two URLs share an origin: scheme, host and port (default ports
/// filled in). Another scheme (`https` to `http`) is another origin.
pub(super) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

/// The request to send after `response` (to `previous`, sent without
/// credentials) when it is a redirect we follow: `None` if it is not one
/// (or it asks to repeat a body that cannot be repeated), an error if its
/// `Location` is unusable.
///
/// 301 and 302 after a POST, and 303 after anything but HEAD, become a GET
/// without a body (as browsers and reqwest do); 307 and 308 repeat the
/// method and the body.
pub(super) fn next_request(
    previous: Option<reqwest::Request>,
    method: &Method,
    url: &Url,
    headers: &reqwest::header::HeaderMap,
    response: &reqwest::Response,
) -> Result<Option<reqwest::Request>, RedirectError> {
    let status = response.status();
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let Some(location) = response.headers().get(LOCATION) else {
        return Ok(None);
    };
    let next_url = redirect_target(url, location.as_bytes()).ok_or(RedirectError::BadLocation { status })?;
    let becomes_get = match status {
        StatusCode::SEE_OTHER => *method != Method::HEAD,
        StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => *method == Method::POST,
        _ => false,
    };
    let mut next = if becomes_get {
        let mut next = reqwest::Request::new(Method::GET, next_url);
        *next.headers_mut() = headers.clone();
        for name in [CONTENT_TYPE, CONTENT_LENGTH, CONTENT_ENCODING, TRANSFER_ENCODING] {
            next.headers_mut().remove(name);
        }
        next
    } else {
        // The same method and body: only if the body could be kept.
        let Some(mut next) = previous else { return Ok(None) };
        *next.url_mut() = next_url;
        next
    };
    next.headers_mut().remove(reqwest::header::HOST);
    Ok(Some(next))
}

/// The URL a `Location` value points to, from the URL it answered; `None`
/// unless it is an `http` or `https` URL.
#[doc(hidden)]
pub fn redirect_target(from: &Url, location: &[u8]) -> Option<Url> {
    let location = std::str::from_utf8(location).ok()?;
    let mut target = from.join(location.trim()).ok()?;
    if !matches!(target.scheme(), "http" | "https") || target.host_str().is_none() {
        return None;
    }
    // A fragment is not sent.
    target.set_fragment(None);
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(same_origin(&url("http://h/a"), &url("http://h:80/b?c")));
        assert!(!same_origin(&url("https://h/a"), &url("http://h/a")));
        assert!(!same_origin(&url("http://h:8080/"), &url("http://h:8081/")));
        assert!(!same_origin(&url("http://h/"), &url("http://h.evil/")));
    }

    #[test]
    fn locations_resolve_against_the_answering_url() {
        let from = Url::parse("http://h:1/a/b?k=v").unwrap();
        assert_eq!(redirect_target(&from, b"c").unwrap().as_str(), "http://h:1/a/c");
        assert_eq!(redirect_target(&from, b"//other/x#f").unwrap().as_str(), "http://other/x");
        assert_eq!(redirect_target(&from, b"ftp://h/"), None);
        assert_eq!(redirect_target(&from, b"http://[::1"), None);
        assert_eq!(redirect_target(&from, b"\xff"), None);
    }
}
