//! Repairs of schemas: keywords of the wrong type or out of range, type
//! names, keywords of other dialects, `required` flags on properties, and the
//! 3.1 rewrites that 3.0 documents in the wild need too.

use super::document::fix_external_docs;
use super::fields::{
    coerce_string, fix_bools, fix_object_field, fix_strings, require_present_string,
};
use crate::frontend::openapi31::{self, Bound};
use crate::frontend::walk::{MAX_DEPTH, is_ref};
use serde_json::{Map, Number, Value, json};

pub(super) fn sanitize_schema(schema: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    openapi31::downgrade_node(schema);
    if !schema.is_object() {
        *schema = json!({});
    }
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    repair_schema_keywords(obj);
    lift_required_flags(obj);
    openapi31::for_each_subschema(obj, &mut |sub| sanitize_schema(sub, depth + 1));
}

/// Makes each keyword the JSON type `openapiv3` reads it as.
fn repair_schema_keywords(obj: &mut Map<String, Value>) {
    if obj.get("$ref").is_some_and(|r| !r.is_string()) {
        obj.shift_remove("$ref");
    }
    normalise_type(obj);
    drop_foreign_keywords(obj);
    drop_type_beside_lone_ref(obj);
    null_text_default(obj);
    fix_bools(
        obj,
        &[
            "nullable",
            "readOnly",
            "writeOnly",
            "deprecated",
            "uniqueItems",
        ],
    );
    fix_strings(obj, &["title", "description", "pattern", "format"]);
    fix_external_docs(obj);
    fix_discriminator(obj);
    for key in ["multipleOf", "minimum", "maximum"] {
        fix_number(obj, key);
    }
    for (flag, bound) in [
        ("exclusiveMinimum", Bound::Minimum),
        ("exclusiveMaximum", Bound::Maximum),
    ] {
        // `"true"` is a flag; numbers are 3.1 bounds, converted.
        if obj.get(flag).is_some_and(Value::is_string) {
            fix_bools(obj, &[flag]);
        }
        openapi31::convert_exclusive_bound(obj, bound);
    }
    if obj.get("type").is_some_and(|t| t == "integer") {
        fix_integer_keywords(obj);
    }
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        fix_count(obj, key);
    }
    fix_object_field(obj, "properties");
    fix_required_list(obj);
    if obj
        .get("additionalProperties")
        .is_some_and(|a| !a.is_object() && !a.is_boolean())
    {
        obj.shift_remove("additionalProperties");
    }
    fix_object_field(obj, "items");
    if obj
        .get("not")
        .is_some_and(|n| !n.is_object() && !n.is_boolean())
    {
        obj.shift_remove("not");
    }
    fix_enum(obj);
    for key in ["allOf", "anyOf", "oneOf"] {
        fix_schema_list(obj, key);
    }
}

/// Known type names in any case (and `null`); Swagger's `file` → binary string; other
/// strings (`any`, typos) → no type, which is what they mean.
fn normalise_type(obj: &mut Map<String, Value>) {
    let Some(t) = obj.get("type") else { return };
    let normal = match t.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some(t @ ("string" | "number" | "integer" | "boolean" | "object" | "array")) => {
            Some(t.to_string())
        }
        Some("int" | "long") => Some("integer".into()),
        Some("float" | "double") => Some("number".into()),
        Some("bool") => Some("boolean".into()),
        // Kept: the 3.1 front-end's spelling of "only null".
        Some("null") => Some("null".into()),
        Some("file") => {
            if !obj.contains_key("format") {
                obj.insert("format".into(), Value::String("binary".into()));
            }
            Some("string".into())
        }
        _ => None,
    };
    match normal {
        Some(t) => obj.insert("type".into(), Value::String(t)),
        None => obj.shift_remove("type"),
    };
}

/// Keywords of another type than the declared one (`maxLength` on an
/// object, `format: kvpairs` on an object, `items` on a string) contradict
/// it and make `openapiv3` give up on the type: the declared type wins.
fn drop_foreign_keywords(obj: &mut Map<String, Value>) {
    let Some(t) = obj.get("type").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    obj.retain(|k, _| openapi31::keyword_type(k).is_none_or(|kind| openapi31::kind_fits(kind, &t)));
    if matches!(t.as_str(), "object" | "array" | "boolean") {
        obj.shift_remove("format");
    }
}

/// `{type: string, allOf: [{$ref: X}]}` is "X, with annotations" (see
/// `openapi31::wrap_ref_siblings`): the `type` only repeats X's and would
/// make `openapiv3` read the schema as untyped.
fn drop_type_beside_lone_ref(obj: &mut Map<String, Value>) {
    let lone_ref = match obj.get("allOf") {
        Some(Value::Array(members)) => members.len() == 1 && members.iter().all(is_ref),
        _ => false,
    };
    let only_type = obj
        .keys()
        .all(|k| matches!(k.as_str(), "allOf" | "type" | "format") || openapi31::is_annotation(k));
    if lone_ref && only_type {
        obj.shift_remove("type");
        obj.shift_remove("format");
    }
}

/// `default: "null"` on a non-string schema means null (hf-tgi).
fn null_text_default(obj: &mut Map<String, Value>) {
    let is_string = obj.get("type").is_some_and(|t| t == "string");
    if !is_string && obj.get("default").is_some_and(|d| d == "null") {
        obj.insert("default".into(), Value::Null);
    }
}

fn fix_discriminator(obj: &mut Map<String, Value>) {
    let Some(Value::Object(d)) = fix_object_field(obj, "discriminator") else {
        return;
    };
    if !require_present_string(d, "propertyName") {
        obj.shift_remove("discriminator");
        return;
    }
    if let Some(Value::Object(mapping)) = fix_object_field(d, "mapping") {
        mapping.retain(|_, target| match coerce_string(target) {
            Some(s) => {
                *target = Value::String(s);
                true
            }
            None => false,
        });
    }
}

/// `openapiv3` reads integer bounds as i64: whole floats become integers,
/// anything else outside i64 (openai.yaml's `maximum: 9223372036854776000`) goes.
fn fix_integer_keywords(obj: &mut Map<String, Value>) {
    for key in ["minimum", "maximum", "multipleOf"] {
        if let Some(v) = obj.get(key) {
            match as_i64(v) {
                Some(n) => obj.insert(key.into(), Value::from(n)),
                None => obj.shift_remove(key),
            };
        }
    }
    if let Some(Value::Array(values)) = obj.get_mut("enum") {
        for v in values.iter_mut() {
            if v.is_f64()
                && let Some(n) = as_i64(v)
            {
                *v = Value::from(n);
            }
        }
    }
}

/// A whole number that fits i64 (2^63 as f64 does not; -2^63 does).
fn as_i64(v: &Value) -> Option<i64> {
    if let Some(n) = v.as_i64() {
        return Some(n);
    }
    let f = v.as_f64().filter(|f| !v.is_u64() && f.fract() == 0.0)?;
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    (-LIMIT..LIMIT).contains(&f).then_some(f as i64)
}

/// Counts (`minLength`...) are usize: whole, non-negative numbers only.
fn fix_count(obj: &mut Map<String, Value>, key: &str) {
    let Some(v) = obj.get(key) else { return };
    let count = match v {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().and_then(whole_count)),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match count.and_then(|c| usize::try_from(c).ok()) {
        Some(c) => obj.insert(key.into(), Value::from(c)),
        None => obj.shift_remove(key),
    };
}

fn whole_count(f: f64) -> Option<u64> {
    (f.fract() == 0.0 && (0.0..1e15).contains(&f)).then_some(f as u64)
}

/// Numbers written as strings are parsed; other values go.
fn fix_number(obj: &mut Map<String, Value>, key: &str) {
    let Some(v) = obj.get(key) else { return };
    let number = match v {
        Value::Number(_) => return,
        Value::String(s) => parse_number(s.trim()),
        _ => None,
    };
    match number {
        Some(n) => obj.insert(key.into(), Value::Number(n)),
        None => obj.shift_remove(key),
    };
}

fn parse_number(s: &str) -> Option<Number> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(Number::from(i));
    }
    s.parse::<f64>().ok().and_then(Number::from_f64)
}

/// `required` is a list of property names; a bare boolean is Swagger-ish
/// noise (see [`lift_required_flags`]).
fn fix_required_list(obj: &mut Map<String, Value>) {
    let names: Vec<Value> = match obj.get("required") {
        None => return,
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(coerce_string)
            .map(Value::String)
            .collect(),
        Some(Value::String(name)) => vec![Value::String(name.clone())],
        Some(_) => {
            obj.shift_remove("required");
            return;
        }
    };
    obj.insert("required".into(), Value::Array(names));
}

/// `properties: {a: {required: true}}` means "a is required": moves it to the
/// parent's `required` list, where 3.0 wants it.
fn lift_required_flags(obj: &mut Map<String, Value>) {
    let Some(Value::Object(props)) = obj.get_mut("properties") else {
        return;
    };
    let mut lifted = Vec::new();
    for (name, prop) in props.iter_mut() {
        let Some(prop) = prop.as_object_mut() else {
            continue;
        };
        if let Some(Value::Bool(flag)) = prop.get("required") {
            if *flag {
                lifted.push(name.clone());
            }
            prop.shift_remove("required");
        }
    }
    if lifted.is_empty() {
        return;
    }
    if !obj.get("required").is_some_and(Value::is_array) {
        obj.insert("required".into(), json!([]));
    }
    if let Some(Value::Array(required)) = obj.get_mut("required") {
        for name in lifted {
            if !required.iter().any(|r| r == name.as_str()) {
                required.push(Value::String(name));
            }
        }
    }
}

/// `enum` is a list; a lone value is wrapped, anything else dropped.
fn fix_enum(obj: &mut Map<String, Value>) {
    match obj.get("enum") {
        None | Some(Value::Array(_)) => {}
        Some(Value::Null | Value::Object(_)) => {
            obj.shift_remove("enum");
        }
        Some(single) => {
            let list = vec![single.clone()];
            obj.insert("enum".into(), Value::Array(list));
        }
    }
}

/// `allOf`/`anyOf`/`oneOf`: a non-empty list (one schema alone gets wrapped).
fn fix_schema_list(obj: &mut Map<String, Value>, key: &str) {
    match obj.get(key) {
        None => {}
        Some(Value::Array(list)) if !list.is_empty() => {}
        Some(single @ Value::Object(_)) => {
            let list = vec![single.clone()];
            obj.insert(key.into(), Value::Array(list));
        }
        Some(_) => {
            obj.shift_remove(key);
        }
    }
}
