//! Field helpers the conversion shares: reading fields of a loosely shaped
//! 2.0 object and copying them to its 3.0 counterpart.

use serde_json::{Map, Value};

pub(super) type Object = Map<String, Value>;

pub(super) fn location(param: &Object) -> &str {
    param.get("in").and_then(Value::as_str).unwrap_or("")
}

pub(super) fn insert_non_empty(out: &mut Object, key: &str, map: Object) {
    if !map.is_empty() {
        out.insert(key.into(), Value::Object(map));
    }
}

pub(super) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

pub(super) fn as_object(value: Option<&Value>) -> Option<&Object> {
    value.and_then(Value::as_object)
}

/// Key/value pairs of a mapping, nothing for anything else.
pub(super) fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    as_object(value).into_iter().flatten()
}

pub(super) fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A list of strings; a lone string counts as a one-element list.
pub(super) fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => {
            let mut out: Vec<String> = Vec::new();
            for item in items.iter().filter_map(Value::as_str) {
                if !out.iter().any(|seen| seen == item) {
                    out.push(item.to_string());
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// `true`, or the string "true" that sloppy specs write.
pub(super) fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

pub(super) fn copy_keys(from: &Object, to: &mut Object, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert(key.to_string(), value.clone());
        }
    }
}

/// Copies a key only when its value has the shape 3.0 requires there.
pub(super) fn copy_shaped(from: &Object, to: &mut Object, key: &str, shape: fn(&Value) -> bool) {
    if let Some(value) = from.get(key).filter(|v| shape(v)) {
        to.insert(key.into(), value.clone());
    }
}

pub(super) fn copy_text(from: &Object, to: &mut Object, key: &str) {
    copy_shaped(from, to, key, Value::is_string);
}

pub(super) fn copy_extensions(from: &Object, to: &mut Object) {
    for (key, value) in from.iter().filter(|(key, _)| is_extension(key)) {
        to.entry(key.clone()).or_insert_with(|| value.clone());
    }
}
