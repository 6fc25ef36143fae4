//! Reading `Retry-After` (seconds or an HTTP date), a value the server
//! controls: any text gives a wait or nothing, never a panic or a wrapped
//! number.

use std::time::{Duration, SystemTime};

/// How long the server asks to wait, if it says so in a form we can read.
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// `Retry-After` read at `now`: delay-seconds (digits only; more than a
/// `u64` holds reads as `u64::MAX` seconds, a wait no policy allows), or an
/// HTTP date (IMF-fixdate, RFC 850 or asctime, years 1970 to 9999, through
/// the `httpdate` crate) counted from `now`, zero if past.
#[doc(hidden)]
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(now: u64, value: &str) -> Option<Duration> {
        parse_retry_after(value, SystemTime::UNIX_EPOCH + Duration::from_secs(now))
    }

    #[test]
    fn seconds_and_dates_parse() {
        assert_eq!(at(0, "120"), Some(Duration::from_secs(120)));
        assert_eq!(at(0, " 7 "), Some(Duration::from_secs(7)));
        assert_eq!(at(784_111_000, "Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::from_secs(777)));
        assert_eq!(at(784_111_000, "Sunday, 06-Nov-94 08:49:37 GMT"), Some(Duration::from_secs(777)));
        assert_eq!(at(784_111_000, "Sun Nov  6 08:49:37 1994"), Some(Duration::from_secs(777)));
        assert_eq!(at(784_112_000, "Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
    }

    #[test]
    fn values_beyond_any_range_neither_panic_nor_wrap() {
        assert_eq!(at(0, "18446744073709551615"), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(at(0, "99999999999999999999999999"), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(at(0, "Fri, 31 Dec 999999999999 23:59:59 GMT"), None);
        assert!(at(0, "Fri, 31 Dec 9999 23:59:59 GMT").is_some_and(|d| d > Duration::from_secs(250_000_000_000)));
        for garbage in ["", "-1", "+1", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37", "Sun, 31 Feb 1994 08:49:37 GMT"] {
            assert_eq!(at(0, garbage), None, "{garbage:?}");
        }
    }
}
