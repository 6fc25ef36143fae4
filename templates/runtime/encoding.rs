//! Encoding parameter values for URLs: query strings and path segments.

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

/// A path parameter's value, encoded for use as one path segment.
pub fn path_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_value(value).ok().and_then(|v| simple_value(&v)).unwrap_or_default();
    percent_encode(&text, PATH_SAFE)
}

#[cfg(test)]
mod tests {
    use super::*;

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
