//! Encoding parameter values for URLs and cookies: query strings, path
//! segments, cookie values; and editing the query of a URL pair by pair.

use super::request::Style;

/// Text for a scalar; arrays comma-joined; objects as JSON.
pub(super) fn simple_value(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(items) => Some(items.iter().filter_map(simple_value).collect::<Vec<_>>().join(",")),
        other => Some(other.to_string()),
    }
}

/// Appends `name=value` pairs, percent-encoded, for one parameter. List
/// separators stay literal; commas inside values are escaped, so
/// `["a,b", "c"]` is `a%2Cb,c`.
pub(super) fn encode_query_value(out: &mut Vec<(String, String)>, name: &str, value: &serde_json::Value, style: Style, explode: bool) {
    let key = percent_encode(name, QUERY_SAFE);
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(simple_value).map(|t| percent_encode(&t, QUERY_SAFE)).collect();
            let separator = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "|",
                Style::Form | Style::DeepObject => ",",
            };
            if explode && style == Style::Form {
                out.extend(texts.into_iter().map(|t| (key.clone(), t)));
            } else {
                out.push((key, texts.join(separator)));
            }
        }
        serde_json::Value::Object(map) => match style {
            Style::DeepObject => {
                for (field, item) in map {
                    encode_query_value(out, &format!("{name}[{field}]"), item, Style::DeepObject, true);
                }
            }
            _ if explode => {
                for (field, item) in map {
                    if let Some(text) = simple_value(item) {
                        out.push((percent_encode(field, QUERY_SAFE), percent_encode(&text, QUERY_SAFE)));
                    }
                }
            }
            _ => {
                let parts: Vec<String> = map
                    .iter()
                    .filter_map(|(k, v)| {
                        simple_value(v).map(|t| format!("{},{}", percent_encode(k, QUERY_SAFE), percent_encode(&t, QUERY_SAFE)))
                    })
                    .collect();
                out.push((key, parts.join(",")));
            }
        },
        other => {
            if let Some(text) = simple_value(other) {
                out.push((key, percent_encode(&text, QUERY_SAFE)));
            }
        }
    }
}

/// Joins pairs that are already percent-encoded.
pub(super) fn encode_query(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Characters left as they are in a query component (RFC 3986 unreserved).
pub(super) const QUERY_SAFE: &[u8] = b"-._~";
/// Characters left as they are in a path segment.
const PATH_SAFE: &[u8] = b"-._~";

pub(super) fn percent_encode(text: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || safe.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A cookie name or value: every byte outside RFC 6265's cookie-octets
/// (controls, space, `"`, `,`, `;`, `\`, non-ASCII) and `%` itself is
/// percent-encoded, so no value can end its cookie and start another, and
/// the server can decode it back (OpenAPI's `form` style encodes the same
/// way).
pub(super) fn encode_cookie(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let cookie_octet = matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if cookie_octet && byte != b'%' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A query component decoded (`%XX` and `+`), invalid UTF-8 replaced.
pub(super) fn decode_query_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Removes the query pairs for which `drop(name, value)` (both decoded)
/// holds, leaving the others exactly as they were written.
pub(super) fn remove_query_pairs(url: &mut reqwest::Url, drop: impl Fn(&str, &str) -> bool) {
    let Some(query) = url.query() else { return };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            !drop(&decode_query_component(name), &decode_query_component(value))
        })
        .collect();
    if kept.len() != query.split('&').count() {
        let kept = kept.join("&");
        url.set_query(if kept.is_empty() { None } else { Some(&kept) });
    }
}

/// Sets the query parameter `name` to `value` alone (replacing any pair of
/// that name).
pub(super) fn set_query_pair(url: &mut reqwest::Url, name: &str, value: &str) {
    remove_query_pairs(url, |n, _| n == name);
    let pair = format!("{}={}", percent_encode(name, QUERY_SAFE), percent_encode(value, QUERY_SAFE));
    let query = match url.query() {
        Some(query) if !query.is_empty() => format!("{query}&{pair}"),
        _ => pair,
    };
    url.set_query(Some(&query));
}

/// A path parameter's value, encoded for use as one path segment.
pub fn path_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_value(value).ok().and_then(|v| simple_value(&v)).unwrap_or_default();
    percent_encode(&text, PATH_SAFE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_values_cannot_end_their_cookie() {
        assert_eq!(encode_cookie("a; b=1"), "a%3B%20b=1");
        assert_eq!(encode_cookie("x,\"\\\u{1}\u{7f}é%"), "x%2C%22%5C%01%7F%C3%A9%25");
        assert_eq!(encode_cookie("abc-_.~+/=:!"), "abc-_.~+/=:!");
    }

    #[test]
    fn query_pairs_are_removed_and_set_by_decoded_name() {
        let mut url = reqwest::Url::parse("http://h/p?a=1&api%5Fkey=s&b=%20x+y&api_key").unwrap();
        remove_query_pairs(&mut url, |name, _| name == "api_key");
        assert_eq!(url.query(), Some("a=1&b=%20x+y"));
        set_query_pair(&mut url, "a", "v w");
        assert_eq!(url.query(), Some("b=%20x+y&a=v%20w"));
        let mut url = reqwest::Url::parse("http://h/p?k=s").unwrap();
        remove_query_pairs(&mut url, |_, value| value == "s");
        assert_eq!(url.as_str(), "http://h/p");
    }

    #[test]
    fn query_lists_follow_style_and_explode() {
        let mut out = Vec::new();
        let list = serde_json::json!(["deploy", "prPlan"]);
        encode_query_value(&mut out, "t", &list, Style::Form, false);
        encode_query_value(&mut out, "u", &list, Style::Form, true);
        assert_eq!(encode_query(&out), "t=deploy,prPlan&u=deploy&u=prPlan");
    }

    #[test]
    fn commas_inside_list_values_are_escaped() {
        let mut out = Vec::new();
        encode_query_value(&mut out, "ids", &serde_json::json!(["a,b", "c d"]), Style::Form, false);
        assert_eq!(encode_query(&out), "ids=a%2Cb,c%20d");
    }
}
