//! Repairs of path items, operations and what they hold (parameters,
//! headers, request bodies, responses, media types, encodings, links,
//! examples, callbacks): the sanitizer's [`Visitor`], one hook per kind of
//! object.

use super::document::{fix_external_docs, fix_server, fix_servers};
use super::fields::{
    coerce_string, fix_array_field, fix_bools, fix_object_field, fix_strings, is_reference,
    require_present_string, require_string,
};
use super::schema::sanitize_schema;
use super::security::fix_security_requirements;
use crate::frontend::path_item_refs::MAX_CALLBACK_NESTING;
use crate::frontend::walk::Visitor;
use serde_json::{Map, Value, json};
use std::collections::HashSet;

#[derive(Default)]
pub(super) struct Sanitizer {
    /// Security schemes dropped from `components`: requirements naming them go too.
    pub(super) dropped_schemes: HashSet<String>,
}

impl Visitor for Sanitizer {
    fn schema(&mut self, schema: &mut Value) {
        sanitize_schema(schema, 0);
    }

    fn path_item(&mut self, item: &mut Value, in_callback: bool) -> bool {
        let Some(obj) = item.as_object_mut() else {
            return false;
        };
        if obj.contains_key("$ref") {
            // Callbacks hold path items inline; an unresolved ref cannot stay.
            return !in_callback && is_reference(obj);
        }
        fix_strings(obj, &["summary", "description"]);
        fix_servers(obj);
        fix_array_field(obj, "parameters");
        true
    }

    fn operation(&mut self, op: &mut Value) -> bool {
        let Some(obj) = op.as_object_mut() else {
            return false;
        };
        fix_tag_names(obj);
        fix_strings(obj, &["summary", "description", "operationId"]);
        fix_external_docs(obj);
        fix_array_field(obj, "parameters");
        fix_object_field(obj, "requestBody");
        if !obj.get("responses").is_some_and(Value::is_object) {
            obj.insert("responses".into(), json!({}));
        }
        fix_object_field(obj, "callbacks");
        fix_bools(obj, &["deprecated"]);
        fix_security_requirements(obj, &self.dropped_schemes);
        fix_servers(obj);
        true
    }

    fn parameter(&mut self, param: &mut Value) -> bool {
        let Some(obj) = param.as_object_mut() else {
            return false;
        };
        if obj.contains_key("$ref") {
            return is_reference(obj);
        }
        let location = obj
            .get("in")
            .and_then(coerce_string)
            .map(|l| l.to_ascii_lowercase());
        let Some(location) =
            location.filter(|l| ["query", "header", "path", "cookie"].contains(&l.as_str()))
        else {
            return false;
        };
        if !require_present_string(obj, "name") {
            return false;
        }
        if location == "path" {
            // Path parameters are always required (and `openapiv3` does not check).
            obj.insert("required".into(), Value::Bool(true));
        }
        fix_style(obj, parameter_styles(&location));
        obj.insert("in".into(), Value::String(location));
        fix_strings(obj, &["description"]);
        fix_bools(
            obj,
            &[
                "required",
                "deprecated",
                "explode",
                "allowReserved",
                "allowEmptyValue",
            ],
        );
        fix_schema_or_content(obj);
        fix_examples(obj);
        true
    }

    fn header(&mut self, header: &mut Value) -> bool {
        let Some(obj) = header.as_object_mut() else {
            return false;
        };
        if obj.contains_key("$ref") {
            return is_reference(obj);
        }
        fix_style(obj, &["simple"]);
        fix_strings(obj, &["description"]);
        fix_bools(obj, &["required", "deprecated", "explode"]);
        fix_schema_or_content(obj);
        fix_examples(obj);
        true
    }

    fn request_body(&mut self, body: &mut Value) -> bool {
        let Some(obj) = body.as_object_mut() else {
            return false;
        };
        if obj.contains_key("$ref") {
            return is_reference(obj);
        }
        fix_strings(obj, &["description"]);
        fix_bools(obj, &["required"]);
        fix_object_field(obj, "content");
        true
    }

    fn response(&mut self, response: &mut Value) -> bool {
        let Some(obj) = response.as_object_mut() else {
            return false;
        };
        if obj.contains_key("$ref") {
            return is_reference(obj);
        }
        require_string(obj, "description", "");
        for key in ["headers", "content", "links"] {
            fix_object_field(obj, key);
        }
        true
    }

    fn media_type(&mut self, media: &mut Value) -> bool {
        // `application/octet-stream: {}` is common; so is `... : null`.
        if !media.is_object() {
            *media = json!({});
        }
        let Some(obj) = media.as_object_mut() else {
            return false;
        };
        fix_examples(obj);
        fix_object_field(obj, "encoding");
        true
    }

    fn encoding(&mut self, encoding: &mut Value) -> bool {
        let Some(obj) = encoding.as_object_mut() else {
            return false;
        };
        fix_strings(obj, &["contentType"]);
        fix_style(obj, QUERY_STYLES);
        fix_bools(obj, &["explode", "allowReserved"]);
        fix_object_field(obj, "headers");
        true
    }

    fn link(&mut self, link: &mut Value) -> bool {
        let Some(obj) = link.as_object_mut() else {
            return false;
        };
        if obj.contains_key("$ref") {
            return is_reference(obj);
        }
        fix_strings(obj, &["operationId", "operationRef", "description"]);
        if !obj.contains_key("operationId") && !obj.contains_key("operationRef") {
            return false;
        }
        fix_object_field(obj, "parameters");
        if let Some(server) = obj.get_mut("server")
            && !fix_server(server)
        {
            obj.shift_remove("server");
        }
        true
    }

    fn example(&mut self, example: &mut Value) -> bool {
        fix_example(example);
        true
    }

    fn callback(&mut self, callback: &mut Value, in_operation: bool, depth: usize) -> bool {
        let Some(obj) = callback.as_object_mut() else {
            return false;
        };
        if depth > MAX_CALLBACK_NESTING {
            return false;
        }
        if obj.contains_key("$ref") {
            // `openapiv3` wants callbacks inside operations inline.
            return !in_operation && is_reference(obj);
        }
        true
    }
}

fn fix_tag_names(obj: &mut Map<String, Value>) {
    let tags = match obj.get("tags") {
        None => return,
        Some(Value::Array(tags)) => tags
            .iter()
            .filter_map(coerce_string)
            .map(Value::String)
            .collect(),
        Some(single) => coerce_string(single)
            .map(Value::String)
            .into_iter()
            .collect(),
    };
    obj.insert("tags".into(), Value::Array(tags));
}

const QUERY_STYLES: &[&str] = &["form", "spaceDelimited", "pipeDelimited", "deepObject"];

fn parameter_styles(location: &str) -> &'static [&'static str] {
    match location {
        "query" => QUERY_STYLES,
        "path" => &["matrix", "label", "simple"],
        "header" => &["simple"],
        _ => &["form"],
    }
}

/// A `style` the location does not allow falls back to the default one.
fn fix_style(obj: &mut Map<String, Value>, allowed: &[&str]) {
    if let Some(style) = obj.get("style")
        && !style.as_str().is_some_and(|s| allowed.contains(&s))
    {
        obj.shift_remove("style");
    }
}

/// Keywords a Swagger-style parameter carries inline instead of in `schema`.
const INLINE_SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "nullable",
];

/// Parameters and headers need exactly one of `schema` and `content`.
fn fix_schema_or_content(obj: &mut Map<String, Value>) {
    if obj
        .get("content")
        .and_then(Value::as_object)
        .is_none_or(|c| c.is_empty())
    {
        obj.shift_remove("content");
    }
    if obj.contains_key("schema") {
        obj.shift_remove("content");
        return;
    }
    if obj.contains_key("content") {
        return;
    }
    let mut schema = Map::new();
    for key in INLINE_SCHEMA_KEYWORDS {
        if let Some(v) = obj.shift_remove(*key) {
            schema.insert((*key).into(), v);
        }
    }
    obj.insert("schema".into(), Value::Object(schema));
}

/// `examples` maps: each entry an Example Object (or a reference).
fn fix_examples(obj: &mut Map<String, Value>) {
    if let Some(Value::Object(examples)) = fix_object_field(obj, "examples") {
        examples.values_mut().for_each(fix_example);
    }
}

fn fix_example(example: &mut Value) {
    // A bare value where an Example Object belongs: wrap it.
    const EXAMPLE_KEYS: [&str; 5] = ["value", "externalValue", "summary", "description", "$ref"];
    if !example
        .as_object()
        .is_some_and(|o| EXAMPLE_KEYS.iter().any(|k| o.contains_key(*k)))
    {
        *example = json!({ "value": example.take() });
    }
    if let Some(obj) = example.as_object_mut() {
        fix_strings(obj, &["summary", "description", "externalValue"]);
    }
}
