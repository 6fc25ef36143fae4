//! The document walk both front-ends share: [`walk_document`] calls a
//! [`Visitor`]'s hooks on every schema, path item, operation, parameter,
//! header, body, response, media type, encoding, link, example and callback
//! under `components`, `paths` and `webhooks`; a hook may repair its node in
//! place or drop it. Beside it, the JSON-level helpers the passes that move
//! schemas share: [`for_each_subschema_at`] and [`rewrite_refs`].

use crate::json_pointer::escape_pointer_segment;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Schemas nest at most this deep; below it the walks stop descending.
pub(super) const MAX_DEPTH: usize = 256;

/// Hooks for [`walk_document`]. Each is called on a node before the walk
/// descends into it and may repair it in place; `false` drops the node.
pub(super) trait Visitor {
    fn schema(&mut self, _schema: &mut Value) {}
    fn path_item(&mut self, _item: &mut Value, _in_callback: bool) -> bool {
        true
    }
    fn operation(&mut self, _operation: &mut Value) -> bool {
        true
    }
    fn parameter(&mut self, _parameter: &mut Value) -> bool {
        true
    }
    fn header(&mut self, _header: &mut Value) -> bool {
        true
    }
    fn request_body(&mut self, _body: &mut Value) -> bool {
        true
    }
    fn response(&mut self, _response: &mut Value) -> bool {
        true
    }
    fn media_type(&mut self, _media: &mut Value) -> bool {
        true
    }
    fn encoding(&mut self, _encoding: &mut Value) -> bool {
        true
    }
    fn link(&mut self, _link: &mut Value) -> bool {
        true
    }
    fn example(&mut self, _example: &mut Value) -> bool {
        true
    }
    fn callback(&mut self, _callback: &mut Value, _in_operation: bool, _depth: usize) -> bool {
        true
    }
}

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Visits everything under `components`, `paths` and `webhooks`.
pub(super) fn walk_document(doc: &mut Value, v: &mut impl Visitor) {
    walk_components(doc, v);
    walk_paths(doc, v);
    retain_map(doc.get_mut("webhooks"), |_, item| {
        walk_path_item(item, v, false, 0)
    });
}

pub(super) fn walk_paths(doc: &mut Value, v: &mut impl Visitor) {
    retain_map(doc.get_mut("paths"), |_, item| {
        walk_path_item(item, v, false, 0)
    });
}

pub(super) fn walk_components(doc: &mut Value, v: &mut impl Visitor) {
    let Some(Value::Object(c)) = doc.get_mut("components") else {
        return;
    };
    if let Some(Value::Object(schemas)) = c.get_mut("schemas") {
        schemas.values_mut().for_each(|s| v.schema(s));
    }
    retain_map(c.get_mut("responses"), |_, r| walk_response(r, v));
    retain_map(c.get_mut("parameters"), |_, p| walk_parameter(p, v));
    retain_map(c.get_mut("requestBodies"), |_, b| walk_request_body(b, v));
    retain_map(c.get_mut("headers"), |_, h| walk_header(h, v));
    retain_map(c.get_mut("examples"), |_, e| v.example(e));
    retain_map(c.get_mut("links"), |_, l| v.link(l));
    retain_map(c.get_mut("callbacks"), |_, cb| {
        walk_callback(cb, v, false, 0)
    });
    retain_map(c.get_mut("pathItems"), |_, item| {
        walk_path_item(item, v, false, 0)
    });
}

fn retain_map(map: Option<&mut Value>, mut keep: impl FnMut(&str, &mut Value) -> bool) {
    if let Some(Value::Object(map)) = map {
        map.retain(|k, v| keep(k, v));
    }
}

fn retain_list(list: Option<&mut Value>, keep: impl FnMut(&mut Value) -> bool) {
    if let Some(Value::Array(list)) = list {
        list.retain_mut(keep);
    }
}

pub(super) fn is_ref(v: &Value) -> bool {
    v.get("$ref").is_some()
}

fn walk_path_item(item: &mut Value, v: &mut impl Visitor, in_callback: bool, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    if !v.path_item(item, in_callback) {
        return false;
    }
    let Some(obj) = item.as_object_mut() else {
        return true;
    };
    if obj.contains_key("$ref") {
        return true;
    }
    retain_list(obj.get_mut("parameters"), |p| walk_parameter(p, v));
    for method in METHODS {
        if let Some(op) = obj.get_mut(method)
            && !walk_operation(op, v, depth)
        {
            obj.shift_remove(method);
        }
    }
    true
}

fn walk_operation(op: &mut Value, v: &mut impl Visitor, depth: usize) -> bool {
    if !v.operation(op) {
        return false;
    }
    let Some(obj) = op.as_object_mut() else {
        return true;
    };
    retain_list(obj.get_mut("parameters"), |p| walk_parameter(p, v));
    if let Some(body) = obj.get_mut("requestBody")
        && !walk_request_body(body, v)
    {
        obj.shift_remove("requestBody");
    }
    // Responses keep their `x-` extensions as they are.
    retain_map(obj.get_mut("responses"), |k, r| {
        k.starts_with("x-") || walk_response(r, v)
    });
    retain_map(obj.get_mut("callbacks"), |_, cb| {
        walk_callback(cb, v, true, depth + 1)
    });
    true
}

fn walk_callback(
    callback: &mut Value,
    v: &mut impl Visitor,
    in_operation: bool,
    depth: usize,
) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    if !v.callback(callback, in_operation, depth) {
        return false;
    }
    if is_ref(callback) {
        return true;
    }
    retain_map(Some(callback), |_, item| {
        walk_path_item(item, v, true, depth + 1)
    });
    true
}

fn walk_parameter(param: &mut Value, v: &mut impl Visitor) -> bool {
    if !v.parameter(param) {
        return false;
    }
    walk_schema_or_content(param, v);
    true
}

fn walk_header(header: &mut Value, v: &mut impl Visitor) -> bool {
    if !v.header(header) {
        return false;
    }
    walk_schema_or_content(header, v);
    true
}

fn walk_schema_or_content(obj: &mut Value, v: &mut impl Visitor) {
    if is_ref(obj) {
        return;
    }
    if let Some(schema) = obj.get_mut("schema") {
        v.schema(schema);
    }
    retain_map(obj.get_mut("content"), |_, m| walk_media_type(m, v));
}

fn walk_media_type(media: &mut Value, v: &mut impl Visitor) -> bool {
    if !v.media_type(media) {
        return false;
    }
    if let Some(schema) = media.get_mut("schema") {
        v.schema(schema);
    }
    retain_map(media.get_mut("encoding"), |_, e| walk_encoding(e, v));
    true
}

fn walk_encoding(encoding: &mut Value, v: &mut impl Visitor) -> bool {
    if !v.encoding(encoding) {
        return false;
    }
    retain_map(encoding.get_mut("headers"), |_, h| walk_header(h, v));
    true
}

fn walk_response(response: &mut Value, v: &mut impl Visitor) -> bool {
    if !v.response(response) {
        return false;
    }
    if is_ref(response) {
        return true;
    }
    retain_map(response.get_mut("headers"), |_, h| walk_header(h, v));
    retain_map(response.get_mut("content"), |_, m| walk_media_type(m, v));
    retain_map(response.get_mut("links"), |_, l| v.link(l));
    true
}

fn walk_request_body(body: &mut Value, v: &mut impl Visitor) -> bool {
    if !v.request_body(body) {
        return false;
    }
    if !is_ref(body) {
        retain_map(body.get_mut("content"), |_, m| walk_media_type(m, v));
    }
    true
}

/// Like `openapi31::schema::for_each_subschema` over every JSON Schema applicator, with the
/// pointer segment that leads to each subschema.
pub(super) fn for_each_subschema_at(
    obj: &mut Map<String, Value>,
    f: &mut dyn FnMut(&str, &mut Value),
) {
    for (key, value) in obj.iter_mut() {
        let k = escape_pointer_segment(key);
        match (key.as_str(), value) {
            ("properties" | "patternProperties" | "dependentSchemas", Value::Object(map)) => {
                for (name, sub) in map.iter_mut() {
                    f(&format!("/{k}/{}", escape_pointer_segment(name)), sub);
                }
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(list)) => {
                for (i, sub) in list.iter_mut().enumerate() {
                    f(&format!("/{k}/{i}"), sub);
                }
            }
            (
                "items"
                | "additionalProperties"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems",
                sub,
            ) => f(&format!("/{k}"), sub),
            _ => {}
        }
    }
}

/// Replaces every `$ref` that points at (or into) a renamed location.
pub(super) fn rewrite_refs(value: &mut Value, renames: &HashMap<String, String>, depth: usize) {
    if depth > 2 * MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(r)) = obj.get_mut("$ref")
                && let Some(new) = renamed(r, renames)
            {
                *r = new;
            }
            for v in obj.values_mut() {
                rewrite_refs(v, renames, depth + 1);
            }
        }
        Value::Array(list) => list
            .iter_mut()
            .for_each(|v| rewrite_refs(v, renames, depth + 1)),
        _ => {}
    }
}

/// The new spelling of `reference`, matching whole pointer segments.
fn renamed(reference: &str, renames: &HashMap<String, String>) -> Option<String> {
    if let Some(new) = renames.get(reference) {
        return Some(new.clone());
    }
    reference
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == '/')
        .find_map(|(i, _)| {
            let (prefix, rest) = reference.split_at(i);
            renames.get(prefix).map(|new| format!("{new}{rest}"))
        })
}
