//! Field helpers the repairs share: scalars coerced to strings and bools,
//! fields required or dropped when they have the wrong shape.

use serde_json::{Map, Value};

/// A scalar as text (`version: 1.0` in YAML is a number).
pub(super) fn coerce_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(in crate::frontend) fn coerce_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" | "" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::Null => Some(false),
        _ => None,
    }
}

/// Optional string fields: coerced from scalars, dropped otherwise.
pub(super) fn fix_strings(obj: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        let Some(v) = obj.get(*key) else { continue };
        if v.is_string() {
            continue;
        }
        match coerce_string(v) {
            Some(s) => obj.insert((*key).into(), Value::String(s)),
            None => obj.shift_remove(*key),
        };
    }
}

/// Required string fields: coerced, or `default` when absent or unusable.
pub(super) fn require_string(obj: &mut Map<String, Value>, key: &str, default: &str) {
    let s = obj
        .get(key)
        .and_then(coerce_string)
        .unwrap_or_else(|| default.to_string());
    obj.insert(key.into(), Value::String(s));
}

/// Required string fields without a sensible default: false when missing.
pub(super) fn require_present_string(obj: &mut Map<String, Value>, key: &str) -> bool {
    match obj.get(key).and_then(coerce_string) {
        Some(s) => {
            obj.insert(key.into(), Value::String(s));
            true
        }
        None => false,
    }
}

pub(super) fn fix_bools(obj: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        let Some(v) = obj.get(*key) else { continue };
        if v.is_boolean() {
            continue;
        }
        match coerce_bool(v) {
            Some(b) => obj.insert((*key).into(), Value::Bool(b)),
            None => obj.shift_remove(*key),
        };
    }
}

/// Drops `key` unless it holds an object; returns what is left there.
pub(super) fn fix_object_field<'a>(
    obj: &'a mut Map<String, Value>,
    key: &str,
) -> Option<&'a mut Value> {
    if obj.get(key).is_some_and(|v| !v.is_object()) {
        obj.shift_remove(key);
    }
    obj.get_mut(key)
}

/// Drops `key` unless it holds an array; returns what is left there.
pub(super) fn fix_array_field<'a>(
    obj: &'a mut Map<String, Value>,
    key: &str,
) -> Option<&'a mut Value> {
    if obj.get(key).is_some_and(|v| !v.is_array()) {
        obj.shift_remove(key);
    }
    obj.get_mut(key)
}

/// A Reference Object: keeps it when `$ref` is a string (`openapiv3` ignores
/// the siblings), drops it otherwise.
pub(super) fn is_reference(obj: &Map<String, Value>) -> bool {
    obj.get("$ref").is_some_and(Value::is_string)
}
