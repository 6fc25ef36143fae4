//! Paths and operations: each 2.0 operation, with what it inherits from the
//! top level ([`Context`]), becomes a 3.0 operation; its `body` or
//! `formData` parameters become a request body, `produces` and `schema`
//! become the responses' content.

use super::fields::{
    Object, array, as_object, copy_extensions, copy_shaped, copy_text, entries, insert_non_empty,
    is_extension, location, string_list, truthy,
};
use super::refs::{PARAMETERS, REQUEST_BODIES, local_name};
use super::schema::converted_schema;
use crate::json_pointer::escape_pointer_segment;
use serde_json::{Value, json};

const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";
const URL_ENCODED: &str = "application/x-www-form-urlencoded";

/// Keywords that sit on a 2.0 non-body parameter (or header) but belong in
/// its 3.0 `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Global `$ref`s to parameters may chain; this bounds the walk so a cycle
/// cannot hang the conversion.
const MAX_REF_HOPS: usize = 8;

/// What every operation may inherit from the top level.
pub(super) struct Context {
    /// Global media types, never empty (JSON when the spec names none).
    pub(super) consumes: Vec<String>,
    pub(super) produces: Vec<String>,
    /// Global 2.0 parameters, refs already rewritten.
    pub(super) parameters: Object,
}

impl Context {
    pub(super) fn new(src: &Object) -> Self {
        Context {
            consumes: or_json(string_list(src.get("consumes"))),
            produces: or_json(string_list(src.get("produces"))),
            parameters: as_object(src.get("parameters"))
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Follows `$ref`s to global parameters; `None` when a ref dangles.
    pub(super) fn resolve<'a>(&'a self, mut param: &'a Object) -> Option<&'a Object> {
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = param.get("$ref") else {
                return Some(param);
            };
            let name = local_name(reference.as_str()?, PARAMETERS)?;
            param = self.parameters.get(&name)?.as_object()?;
        }
        None
    }
}

fn or_json(media_types: Vec<String>) -> Vec<String> {
    if media_types.is_empty() {
        vec![JSON.to_string()]
    } else {
        media_types
    }
}

pub(super) fn convert_paths(ctx: &Context, paths: Option<&Value>) -> Object {
    let mut out = Object::new();
    for (path, item) in entries(paths) {
        if is_extension(path) {
            out.insert(path.clone(), item.clone());
        } else if let Some(item) = item.as_object() {
            out.insert(path.clone(), Value::Object(convert_path_item(ctx, item)));
        }
    }
    out
}

/// Path-level parameters are merged into each operation, because body and
/// form parameters have no path-level home in 3.0.
fn convert_path_item(ctx: &Context, item: &Object) -> Object {
    let shared = array(item.get("parameters"));
    let mut out = Object::new();
    for (key, value) in item {
        if HTTP_METHODS.contains(&key.as_str()) {
            if let Some(op) = value.as_object() {
                out.insert(
                    key.clone(),
                    Value::Object(convert_operation(ctx, op, shared)),
                );
            }
        } else if matches!(key.as_str(), "$ref" | "summary" | "description") || is_extension(key) {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

fn convert_operation(ctx: &Context, op: &Object, shared: &[Value]) -> Object {
    let own_consumes = string_list(op.get("consumes"));
    let consumes = if own_consumes.is_empty() {
        ctx.consumes.clone()
    } else {
        own_consumes.clone()
    };
    let produces = string_list(op.get("produces"));
    let produces = if produces.is_empty() {
        ctx.produces.clone()
    } else {
        produces
    };
    let merged = merge_parameters(ctx, shared, array(op.get("parameters")));
    let split = split_parameters(ctx, &merged, &consumes, !own_consumes.is_empty());

    let mut out = Object::new();
    let tags: Vec<Value> = array(op.get("tags"))
        .iter()
        .filter(|t| t.is_string())
        .cloned()
        .collect();
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    copy_text(op, &mut out, "summary");
    copy_text(op, &mut out, "description");
    copy_shaped(op, &mut out, "externalDocs", Value::is_object);
    copy_text(op, &mut out, "operationId");
    if !split.parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(split.parameters));
    }
    if let Some(body) = split.request_body {
        out.insert("requestBody".into(), body);
    }
    out.insert(
        "responses".into(),
        Value::Object(convert_responses(op.get("responses"), &produces)),
    );
    if truthy(op.get("deprecated")) {
        out.insert("deprecated".into(), true.into());
    }
    copy_shaped(op, &mut out, "security", Value::is_array);
    copy_extensions(op, &mut out);
    out
}

/// Path-level parameters first, each replaced by an operation parameter with
/// the same name and location; then the operation's own.
fn merge_parameters<'a>(ctx: &Context, shared: &'a [Value], own: &'a [Value]) -> Vec<&'a Value> {
    let own_keys: Vec<_> = own.iter().map(|p| parameter_key(ctx, p)).collect();
    shared
        .iter()
        .filter(|p| !own_keys.contains(&parameter_key(ctx, p)))
        .chain(own)
        .collect()
}

/// Identity of a parameter: name and location once refs are followed, else
/// the raw value (so unresolvable entries never collide with real ones).
fn parameter_key(ctx: &Context, param: &Value) -> String {
    match param.as_object().and_then(|p| ctx.resolve(p)) {
        Some(p) => format!(
            "{}\u{0}{}",
            location(p),
            p.get("name").and_then(Value::as_str).unwrap_or("")
        ),
        None => param.to_string(),
    }
}

struct SplitParameters {
    parameters: Vec<Value>,
    request_body: Option<Value>,
}

/// Separates real 3.0 parameters from the body and form fields, which become
/// the request body. A body parameter wins over form fields (having both is
/// invalid 2.0).
fn split_parameters(
    ctx: &Context,
    params: &[&Value],
    consumes: &[String],
    own_consumes: bool,
) -> SplitParameters {
    let mut parameters = Vec::new();
    let mut body = None;
    let mut form_fields = Vec::new();
    for param in params {
        let Some(raw) = param.as_object() else {
            continue;
        };
        let Some(resolved) = ctx.resolve(raw) else {
            continue;
        };
        match location(resolved) {
            "body" if body.is_none() => {
                body = Some(body_for_operation(raw, resolved, consumes, own_consumes))
            }
            "body" => {}
            "formData" => form_fields.push(resolved),
            // A global parameter keeps its ref (it lives in the components)
            // unless it could not be converted there either.
            _ => match (convert_parameter(resolved), raw.get("$ref")) {
                (Some(_), Some(reference)) => parameters.push(json!({ "$ref": reference })),
                (Some(converted), None) => parameters.push(converted),
                (None, _) => {}
            },
        }
    }
    let request_body = body
        .or_else(|| (!form_fields.is_empty()).then(|| form_request_body(&form_fields, consumes)));
    SplitParameters {
        parameters,
        request_body,
    }
}

/// A body given by a global ref becomes a ref to the matching request body,
/// unless the operation lists its own media types, which the shared component
/// would not honour.
fn body_for_operation(
    raw: &Object,
    resolved: &Object,
    consumes: &[String],
    own_consumes: bool,
) -> Value {
    let global_name = raw
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| local_name(r, PARAMETERS));
    match global_name {
        Some(name) if !own_consumes => {
            json!({ "$ref": format!("{REQUEST_BODIES}{}", escape_pointer_segment(&name)) })
        }
        _ => body_request_body(resolved, consumes),
    }
}

// ---------------------------------------------------------------- parameters

/// A 2.0 query/header/path parameter in 3.0 shape; `None` when it cannot be
/// one (no name, unknown location).
pub(super) fn convert_parameter(param: &Object) -> Option<Value> {
    let name = param.get("name").and_then(Value::as_str)?;
    let location = location(param);
    if !matches!(location, "query" | "header" | "path" | "cookie") {
        return None;
    }
    let mut out = Object::new();
    out.insert("name".into(), name.into());
    out.insert("in".into(), location.into());
    copy_text(param, &mut out, "description");
    // Path parameters are always required in 3.0.
    if location == "path" || truthy(param.get("required")) {
        out.insert("required".into(), true.into());
    }
    if truthy(param.get("deprecated")) {
        out.insert("deprecated".into(), true.into());
    }
    if location == "query" && truthy(param.get("allowEmptyValue")) {
        out.insert("allowEmptyValue".into(), true.into());
    }
    let schema = parameter_schema(param);
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let format = param
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let (style, explode) = array_style(location, format);
        out.insert("style".into(), style.into());
        out.insert("explode".into(), explode.into());
    }
    out.insert("schema".into(), schema);
    copy_extensions(param, &mut out);
    // 2.0 had no parameter examples; `x-example` was the convention.
    if let Some(example) = out.shift_remove("x-example") {
        out.insert("example".into(), example);
    }
    Some(Value::Object(out))
}

/// 3.0 `style` and `explode` for a 2.0 array `collectionFormat`. `tsv` has no
/// 3.0 equivalent and falls back to comma-separated.
fn array_style(location: &str, collection_format: &str) -> (&'static str, bool) {
    match (location, collection_format) {
        ("query" | "cookie", "multi") => ("form", true),
        ("query", "ssv") => ("spaceDelimited", false),
        ("query", "pipes") => ("pipeDelimited", false),
        ("query" | "cookie", _) => ("form", false),
        _ => ("simple", false),
    }
}

/// The schema of a non-body parameter, header or form field: its type
/// keywords gathered into one schema object.
fn parameter_schema(param: &Object) -> Value {
    // Sloppy specs sometimes give a non-body parameter a `schema`.
    if let Some(schema) = param.get("schema").filter(|s| s.is_object()) {
        return converted_schema(schema);
    }
    let mut schema: Object = SCHEMA_KEYWORDS
        .iter()
        .filter_map(|key| Some((key.to_string(), param.get(*key)?.clone())))
        .collect();
    if let Some(items) = schema.get_mut("items") {
        strip_collection_formats(items);
    }
    if truthy(param.get("x-nullable")) {
        schema.insert("nullable".into(), true.into());
    }
    converted_schema(&Value::Object(schema))
}

/// Items of array parameters carry their own `collectionFormat`, which is
/// not a schema keyword.
fn strip_collection_formats(items: &mut Value) {
    if let Some(map) = items.as_object_mut() {
        map.shift_remove("collectionFormat");
        if let Some(inner) = map.get_mut("items") {
            strip_collection_formats(inner);
        }
    }
}

// -------------------------------------------------------------- request body

pub(super) fn body_request_body(param: &Object, consumes: &[String]) -> Value {
    let schema = param
        .get("schema")
        .filter(|s| s.is_object())
        .map_or_else(|| json!({}), converted_schema);
    let content: Object = consumes
        .iter()
        .map(|media_type| (media_type.clone(), json!({ "schema": schema })))
        .collect();
    let mut out = Object::new();
    copy_text(param, &mut out, "description");
    out.insert("content".into(), Value::Object(content));
    if truthy(param.get("required")) {
        out.insert("required".into(), true.into());
    }
    copy_extensions(param, &mut out);
    // Keeps the 2.0 parameter name, as swagger2openapi does, for naming.
    if let Some(name) = param.get("name").filter(|n| n.is_string()) {
        out.entry("x-codegen-request-body-name")
            .or_insert_with(|| name.clone());
    }
    Value::Object(out)
}

/// All `formData` fields of one operation as a single object schema.
fn form_request_body(fields: &[&Object], consumes: &[String]) -> Value {
    let mut properties = Object::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for field in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else {
            continue;
        };
        has_file |= field.get("type").and_then(Value::as_str) == Some("file");
        let mut schema = parameter_schema(field);
        if let Some(map) = schema.as_object_mut() {
            copy_text(field, map, "description");
        }
        properties.insert(name.into(), schema);
        if truthy(field.get("required")) {
            required.push(Value::String(name.into()));
        }
    }
    let media_type = if has_file || consumes.iter().any(|m| is_media(m, MULTIPART)) {
        MULTIPART
    } else {
        URL_ENCODED
    };
    let any_required = !required.is_empty();
    let mut schema = Object::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    if any_required {
        schema.insert("required".into(), Value::Array(required));
    }
    let mut out = Object::new();
    out.insert(
        "content".into(),
        json!({ media_type: { "schema": schema } }),
    );
    if any_required {
        out.insert("required".into(), true.into());
    }
    Value::Object(out)
}

/// Media type equality ignoring parameters (`; charset=...`) and case.
fn is_media(candidate: &str, wanted: &str) -> bool {
    candidate
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case(wanted)
}

// ----------------------------------------------------------------- responses

fn convert_responses(responses: Option<&Value>, produces: &[String]) -> Object {
    let mut out = Object::new();
    for (code, response) in entries(responses) {
        if is_extension(code) {
            out.insert(code.clone(), response.clone());
        } else if let Some(response) = response.as_object() {
            out.insert(code.clone(), convert_response(response, produces));
        }
    }
    out
}

pub(super) fn convert_response(response: &Object, produces: &[String]) -> Value {
    if let Some(reference) = response.get("$ref") {
        return json!({ "$ref": reference });
    }
    let mut out = Object::new();
    let description = response
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    out.insert("description".into(), description.into());
    let headers: Object = entries(response.get("headers"))
        .filter_map(|(name, h)| Some((name.clone(), convert_header(h.as_object()?))))
        .collect();
    insert_non_empty(&mut out, "headers", headers);
    if let Some(schema) = response.get("schema").filter(|s| s.is_object()) {
        let schema = converted_schema(schema);
        let mut content: Object = produces
            .iter()
            .map(|media_type| (media_type.clone(), json!({ "schema": schema })))
            .collect();
        attach_examples(&mut content, response.get("examples"));
        out.insert("content".into(), Value::Object(content));
    }
    copy_extensions(response, &mut out);
    Value::Object(out)
}

/// 2.0 `examples` are keyed by media type; each lands on the matching 3.0
/// media type as `example`. Examples for unlisted media types are dropped.
fn attach_examples(content: &mut Object, examples: Option<&Value>) {
    for (media_type, example) in entries(examples) {
        if let Some(Value::Object(entry)) = content.get_mut(media_type) {
            entry.insert("example".into(), example.clone());
        }
    }
}

fn convert_header(header: &Object) -> Value {
    let mut out = Object::new();
    copy_text(header, &mut out, "description");
    out.insert("schema".into(), parameter_schema(header));
    copy_extensions(header, &mut out);
    Value::Object(out)
}
