//! Swagger 2.0 → OpenAPI 3.0 (JSON to JSON).
//!
//! Follows the official mapping (the one swagger2openapi implements). The
//! conversion is lenient: anything malformed is repaired or dropped, so only a
//! document that is not a mapping at all is refused.

use crate::error::{Diagnostic, Result};
use crate::pointer::{escape_pointer_segment, unescape_pointer};
use serde_json::{Map, Value, json};
use std::path::Path;

type Object = Map<String, Value>;

const SCHEMAS: &str = "#/components/schemas/";
const PARAMETERS: &str = "#/components/parameters/";
const REQUEST_BODIES: &str = "#/components/requestBodies/";
const RESPONSES: &str = "#/components/responses/";

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

pub fn to_openapi30(file: &Path, doc: Value) -> Result<Value> {
    let Value::Object(mut src) = doc else {
        return Err(
            Diagnostic::new(file, "the Swagger document is not a mapping")
                .at("#")
                .hint("a Swagger 2.0 document is an object with `swagger`, `info` and `paths`")
                .into(),
        );
    };
    for value in src.values_mut() {
        rewrite_refs(value);
    }
    let ctx = Context::new(&src);

    let mut out = Object::new();
    out.insert("openapi".into(), "3.0.3".into());
    // Top-level members of the wrong shape are dropped; the sanitizer fills in
    // a missing `info`.
    copy_shaped(&src, &mut out, "info", Value::is_object);
    copy_shaped(&src, &mut out, "externalDocs", Value::is_object);
    let servers = servers(&src);
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    copy_shaped(&src, &mut out, "security", Value::is_array);
    copy_shaped(&src, &mut out, "tags", Value::is_array);
    out.insert(
        "paths".into(),
        Value::Object(convert_paths(&ctx, src.get("paths"))),
    );
    let components = components(&ctx, &src);
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    copy_extensions(&src, &mut out);
    Ok(Value::Object(out))
}

/// What every operation may inherit from the top level.
struct Context {
    /// Global media types, never empty (JSON when the spec names none).
    consumes: Vec<String>,
    produces: Vec<String>,
    /// Global 2.0 parameters, refs already rewritten.
    parameters: Object,
}

impl Context {
    fn new(src: &Object) -> Self {
        Context {
            consumes: or_json(string_list(src.get("consumes"))),
            produces: or_json(string_list(src.get("produces"))),
            parameters: as_object(src.get("parameters"))
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Follows `$ref`s to global parameters; `None` when a ref dangles.
    fn resolve<'a>(&'a self, mut param: &'a Object) -> Option<&'a Object> {
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

// ---------------------------------------------------------------- references

/// Moves every local `$ref` from its 2.0 home to its 3.0 home.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(moved) = moved_ref(reference) {
                            *reference = moved;
                        }
                    }
                    _ => rewrite_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn moved_ref(reference: &str) -> Option<String> {
    [
        ("#/definitions/", SCHEMAS),
        ("#/parameters/", PARAMETERS),
        ("#/responses/", RESPONSES),
    ]
    .iter()
    .find_map(|(old, new)| {
        reference
            .strip_prefix(old)
            .map(|rest| format!("{new}{rest}"))
    })
}

/// The component name a `#/components/<kind>/<name>` ref points at, unescaped.
fn local_name(reference: &str, prefix: &str) -> Option<String> {
    let name = reference.strip_prefix(prefix)?;
    (!name.is_empty() && !name.contains('/')).then(|| unescape_pointer(name))
}

// ------------------------------------------------------------------- servers

/// `host` + `basePath` + `schemes` → one server per scheme.
fn servers(src: &Object) -> Vec<Value> {
    let base = base_path(src.get("basePath"));
    let host = src
        .get("host")
        .and_then(Value::as_str)
        .map(|h| h.trim().trim_end_matches('/'))
        .filter(|h| !h.is_empty());
    let urls: Vec<String> = match host {
        // Some specs put the scheme in `host`; trust it.
        Some(host) if host.contains("://") => vec![format!("{host}{base}")],
        Some(host) => {
            let mut schemes: Vec<String> = string_list(src.get("schemes"))
                .into_iter()
                .map(|s| s.to_ascii_lowercase())
                .filter(|s| matches!(s.as_str(), "http" | "https" | "ws" | "wss"))
                .collect();
            schemes.dedup();
            if schemes.is_empty() {
                schemes.push("https".into());
            }
            schemes
                .iter()
                .map(|scheme| format!("{scheme}://{host}{base}"))
                .collect()
        }
        None if base.is_empty() => Vec::new(),
        None => vec![base],
    };
    urls.into_iter().map(|url| json!({ "url": url })).collect()
}

/// `basePath` with a leading slash and no trailing one (`""` for the root),
/// so that operation paths can be appended directly.
fn base_path(value: Option<&Value>) -> String {
    let path = value
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .trim_end_matches('/');
    match path {
        "" => String::new(),
        p if p.starts_with('/') => p.to_string(),
        p => format!("/{p}"),
    }
}

// ---------------------------------------------------------------- components

fn components(ctx: &Context, src: &Object) -> Object {
    let mut out = Object::new();

    let schemas: Object = entries(src.get("definitions"))
        .filter(|(_, schema)| schema.is_object())
        .map(|(name, schema)| (name.clone(), converted_schema(schema)))
        .collect();
    insert_non_empty(&mut out, "schemas", schemas);

    let responses: Object = entries(src.get("responses"))
        .filter_map(|(name, r)| {
            Some((
                name.clone(),
                convert_response(r.as_object()?, &ctx.produces),
            ))
        })
        .collect();
    insert_non_empty(&mut out, "responses", responses);

    let mut parameters = Object::new();
    let mut request_bodies = Object::new();
    for (name, param) in &ctx.parameters {
        let Some(resolved) = param.as_object().and_then(|p| ctx.resolve(p)) else {
            continue;
        };
        match location(resolved) {
            "body" => {
                request_bodies.insert(name.clone(), body_request_body(resolved, &ctx.consumes));
            }
            // Form fields are inlined into each operation's form schema.
            "formData" => {}
            _ => {
                if let Some(converted) = convert_parameter(resolved) {
                    parameters.insert(name.clone(), converted);
                }
            }
        }
    }
    insert_non_empty(&mut out, "parameters", parameters);
    insert_non_empty(&mut out, "requestBodies", request_bodies);

    let schemes: Object = entries(src.get("securityDefinitions"))
        .filter_map(|(name, s)| Some((name.clone(), convert_security_scheme(s.as_object()?)?)))
        .collect();
    insert_non_empty(&mut out, "securitySchemes", schemes);
    out
}

fn insert_non_empty(out: &mut Object, key: &str, map: Object) {
    if !map.is_empty() {
        out.insert(key.into(), Value::Object(map));
    }
}

// ----------------------------------------------------------------- security

fn convert_security_scheme(scheme: &Object) -> Option<Value> {
    let mut out = Object::new();
    match scheme.get("type").and_then(Value::as_str)? {
        "basic" => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        "apiKey" => {
            let name = scheme.get("name").and_then(Value::as_str)?;
            let location = scheme
                .get("in")
                .and_then(Value::as_str)
                .filter(|l| matches!(*l, "query" | "header" | "cookie"))
                .unwrap_or("header");
            out.insert("type".into(), "apiKey".into());
            out.insert("name".into(), name.into());
            out.insert("in".into(), location.into());
        }
        "oauth2" => {
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), oauth2_flows(scheme));
        }
        _ => return None,
    }
    copy_text(scheme, &mut out, "description");
    copy_extensions(scheme, &mut out);
    Some(Value::Object(out))
}

/// A 2.0 oauth2 scheme has one `flow`; 3.0 nests it under its new name.
fn oauth2_flows(scheme: &Object) -> Value {
    let text = |key: &str| scheme.get(key).and_then(Value::as_str).map(str::to_string);
    let authorization_url = text("authorizationUrl");
    let token_url = text("tokenUrl");
    let flow = match scheme.get("flow").and_then(Value::as_str) {
        Some("implicit") => "implicit",
        Some("password") => "password",
        Some("application") => "clientCredentials",
        Some("accessCode") => "authorizationCode",
        // Unknown flow: guess from the URLs that are given.
        _ => match (&authorization_url, &token_url) {
            (Some(_), Some(_)) => "authorizationCode",
            (None, Some(_)) => "clientCredentials",
            _ => "implicit",
        },
    };
    let mut out = Object::new();
    if matches!(flow, "implicit" | "authorizationCode") {
        out.insert(
            "authorizationUrl".into(),
            authorization_url.unwrap_or_default().into(),
        );
    }
    if flow != "implicit" {
        out.insert("tokenUrl".into(), token_url.unwrap_or_default().into());
    }
    out.insert("scopes".into(), Value::Object(scopes(scheme.get("scopes"))));
    json!({ flow: out })
}

/// Scope descriptions must be strings in 3.0.
fn scopes(value: Option<&Value>) -> Object {
    entries(value)
        .filter(|(name, _)| !is_extension(name))
        .map(|(name, description)| {
            let text = match description {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (name.clone(), Value::String(text))
        })
        .collect()
}

// --------------------------------------------------------------------- paths

fn convert_paths(ctx: &Context, paths: Option<&Value>) -> Object {
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

fn location(param: &Object) -> &str {
    param.get("in").and_then(Value::as_str).unwrap_or("")
}

// ---------------------------------------------------------------- parameters

/// A 2.0 query/header/path parameter in 3.0 shape; `None` when it cannot be
/// one (no name, unknown location).
fn convert_parameter(param: &Object) -> Option<Value> {
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

fn body_request_body(param: &Object, consumes: &[String]) -> Value {
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

fn convert_response(response: &Object, produces: &[String]) -> Value {
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

// ------------------------------------------------------------------- schemas

fn converted_schema(schema: &Value) -> Value {
    let mut schema = schema.clone();
    convert_schema(&mut schema);
    schema
}

/// Rewrites the 2.0-only schema keywords, recursively through every place a
/// subschema can appear.
fn convert_schema(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if map
        .shift_remove("x-nullable")
        .is_some_and(|flag| truthy(Some(&flag)))
    {
        map.insert("nullable".into(), true.into());
    }
    if map.contains_key("$ref") {
        wrap_nullable_ref(schema);
        return;
    }
    if let Some(Value::Array(types)) = map.get("type") {
        let (single, nullable) = collapse_type_list(types);
        match single {
            Some(single) => map.insert("type".into(), single.into()),
            None => map.shift_remove("type"),
        };
        if nullable {
            map.insert("nullable".into(), true.into());
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), "string".into());
        map.insert("format".into(), "binary".into());
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        map.insert("discriminator".into(), discriminator);
    }
    // Tuple-style `items` is not 3.0; the first entry is the best guess.
    if let Some(Value::Array(list)) = map.get("items") {
        let first = list.first().cloned().unwrap_or_else(|| json!({}));
        map.insert("items".into(), first);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = map.get_mut(key) {
            convert_schema(child);
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.values_mut().for_each(convert_schema);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = map.get_mut(key) {
            list.iter_mut().for_each(convert_schema);
        }
    }
}

/// A 3.1-style type list (which some 2.0 specs use) as a single 3.0 type
/// plus nullability. Several non-null types cannot be said without `anyOf`;
/// the type is dropped then, leaving an any-value schema.
fn collapse_type_list(types: &[Value]) -> (Option<String>, bool) {
    let nullable = types.iter().any(|t| t.as_str() == Some("null"));
    let mut others = types
        .iter()
        .filter_map(Value::as_str)
        .filter(|t| *t != "null");
    let single = match (others.next(), others.next()) {
        (Some(only), None) => Some(only.to_string()),
        _ => None,
    };
    (single, nullable)
}

/// 3.0 ignores siblings of `$ref`, so a nullable ref is expressed as a
/// nullable `allOf` of the ref (keeping its description and title).
fn wrap_nullable_ref(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if map.get("nullable") != Some(&Value::Bool(true)) {
        return;
    }
    let reference = map.get("$ref").cloned().unwrap_or(Value::Null);
    let mut wrapper = Object::new();
    wrapper.insert("allOf".into(), json!([{ "$ref": reference }]));
    wrapper.insert("nullable".into(), true.into());
    copy_keys(map, &mut wrapper, &["description", "title", "readOnly"]);
    copy_extensions(map, &mut wrapper);
    *schema = Value::Object(wrapper);
}

// ------------------------------------------------------------------- helpers

fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

fn as_object(value: Option<&Value>) -> Option<&Object> {
    value.and_then(Value::as_object)
}

/// Key/value pairs of a mapping, nothing for anything else.
fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    as_object(value).into_iter().flatten()
}

fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A list of strings; a lone string counts as a one-element list.
fn string_list(value: Option<&Value>) -> Vec<String> {
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

fn or_json(media_types: Vec<String>) -> Vec<String> {
    if media_types.is_empty() {
        vec![JSON.to_string()]
    } else {
        media_types
    }
}

/// `true`, or the string "true" that sloppy specs write.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn copy_keys(from: &Object, to: &mut Object, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert(key.to_string(), value.clone());
        }
    }
}

/// Copies a key only when its value has the shape 3.0 requires there.
fn copy_shaped(from: &Object, to: &mut Object, key: &str, shape: fn(&Value) -> bool) {
    if let Some(value) = from.get(key).filter(|v| shape(v)) {
        to.insert(key.into(), value.clone());
    }
}

fn copy_text(from: &Object, to: &mut Object, key: &str) {
    copy_shaped(from, to, key, Value::is_string);
}

fn copy_extensions(from: &Object, to: &mut Object) {
    for (key, value) in from.iter().filter(|(key, _)| is_extension(key)) {
        to.entry(key.clone()).or_insert_with(|| value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::to_openapi30;
    use serde_json::{Value, json};
    use std::path::Path;

    fn convert(doc: Value) -> Value {
        to_openapi30(Path::new("test.json"), doc).expect("conversion succeeds")
    }

    /// A minimal document around one operation at `POST /things/{id}`.
    fn with_operation(op: Value) -> Value {
        json!({
            "swagger": "2.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/things/{id}": { "post": op } }
        })
    }

    fn operation(doc: &Value) -> &Value {
        &doc["paths"]["/things/{id}"]["post"]
    }

    #[test]
    fn servers_from_host_base_path_and_schemes() {
        let doc = convert(json!({
            "swagger": "2.0", "host": "api.example.com", "basePath": "/v1/",
            "schemes": ["http", "https"], "paths": {}
        }));
        assert_eq!(
            doc["servers"],
            json!([{ "url": "http://api.example.com/v1" }, { "url": "https://api.example.com/v1" }])
        );

        let doc = convert(json!({ "swagger": "2.0", "host": "api.example.com", "paths": {} }));
        assert_eq!(
            doc["servers"],
            json!([{ "url": "https://api.example.com" }])
        );

        let doc = convert(json!({ "swagger": "2.0", "basePath": "/api", "paths": {} }));
        assert_eq!(doc["servers"], json!([{ "url": "/api" }]));

        let doc = convert(json!({ "swagger": "2.0", "basePath": "/", "paths": {} }));
        assert!(doc.get("servers").is_none());
        assert_eq!(doc["openapi"], "3.0.3");
    }

    #[test]
    fn definitions_and_refs_move_to_components() {
        let doc = convert(json!({
            "swagger": "2.0",
            "definitions": {
                "Pet": { "type": "object", "properties": { "owner": { "$ref": "#/definitions/Person" } } },
                "Person": { "type": "object" },
                "Bogus": 42
            },
            "responses": { "NotFound": { "description": "gone" } },
            "paths": { "/pets": { "get": {
                "responses": {
                    "200": { "description": "ok", "schema": { "$ref": "#/definitions/Pet" } },
                    "404": { "$ref": "#/responses/NotFound" }
                }
            } } }
        }));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Pet"]["properties"]["owner"]["$ref"],
            "#/components/schemas/Person"
        );
        assert!(
            schemas.get("Bogus").is_none(),
            "non-object schemas are dropped"
        );
        let responses = &doc["paths"]["/pets"]["get"]["responses"];
        assert_eq!(
            responses["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            responses["404"],
            json!({ "$ref": "#/components/responses/NotFound" })
        );
        assert_eq!(
            doc["components"]["responses"]["NotFound"],
            json!({ "description": "gone" })
        );
        assert!(doc.get("definitions").is_none());
    }

    #[test]
    fn body_parameter_becomes_request_body_per_consumes() {
        let mut src = with_operation(json!({
            "consumes": ["application/json", "text/plain"],
            "parameters": [{
                "in": "body", "name": "thing", "description": "the thing", "required": true,
                "schema": { "$ref": "#/definitions/Thing" }
            }],
            "responses": {}
        }));
        src["consumes"] = json!(["application/xml"]);
        let doc = convert(src);
        let body = &operation(&doc)["requestBody"];
        let schema = json!({ "schema": { "$ref": "#/components/schemas/Thing" } });
        assert_eq!(
            body["content"],
            json!({ "application/json": schema, "text/plain": schema })
        );
        assert_eq!(body["description"], "the thing");
        assert_eq!(body["required"], true);
        assert!(
            operation(&doc).get("parameters").is_none(),
            "the body is not a parameter"
        );
    }

    #[test]
    fn body_parameter_without_consumes_defaults_to_json() {
        let doc = convert(with_operation(json!({
            "parameters": [{ "in": "body", "name": "b", "schema": { "type": "string" } }]
        })));
        let content = &operation(&doc)["requestBody"]["content"];
        assert_eq!(
            content,
            &json!({ "application/json": { "schema": { "type": "string" } } })
        );
        assert_eq!(
            operation(&doc)["responses"],
            json!({}),
            "missing responses become empty"
        );
    }

    #[test]
    fn global_body_parameter_becomes_shared_request_body() {
        let mut src = with_operation(json!({
            "parameters": [{ "$ref": "#/parameters/ThingBody" }],
            "responses": {}
        }));
        src["parameters"] = json!({
            "ThingBody": { "in": "body", "name": "thing", "schema": { "$ref": "#/definitions/Thing" } }
        });
        let doc = convert(src);
        assert_eq!(
            operation(&doc)["requestBody"],
            json!({ "$ref": "#/components/requestBodies/ThingBody" })
        );
        let shared = &doc["components"]["requestBodies"]["ThingBody"];
        assert_eq!(
            shared["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Thing"
        );
        assert!(doc["components"].get("parameters").is_none());
    }

    #[test]
    fn form_data_with_file_becomes_multipart() {
        let mut src = with_operation(json!({
            "parameters": [
                { "in": "formData", "name": "upload", "type": "file", "required": true, "description": "the file" },
                { "$ref": "#/parameters/Note" }
            ],
            "responses": {}
        }));
        src["parameters"] =
            json!({ "Note": { "in": "formData", "name": "note", "type": "string" } });
        let doc = convert(src);
        let content = &operation(&doc)["requestBody"]["content"];
        assert_eq!(
            content["multipart/form-data"]["schema"],
            json!({
                "type": "object",
                "properties": {
                    "upload": { "type": "string", "format": "binary", "description": "the file" },
                    "note": { "type": "string" }
                },
                "required": ["upload"]
            })
        );
        assert_eq!(operation(&doc)["requestBody"]["required"], true);
    }

    #[test]
    fn form_data_without_file_is_url_encoded() {
        let doc = convert(with_operation(json!({
            "parameters": [{ "in": "formData", "name": "token", "type": "string" }],
            "responses": {}
        })));
        let content = operation(&doc)["requestBody"]["content"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            content.keys().collect::<Vec<_>>(),
            ["application/x-www-form-urlencoded"]
        );
    }

    #[test]
    fn collection_formats_map_to_style_and_explode() {
        let doc = convert(with_operation(json!({
            "parameters": [
                { "in": "query", "name": "csv", "type": "array", "items": { "type": "string" } },
                { "in": "query", "name": "multi", "type": "array", "collectionFormat": "multi",
                  "items": { "type": "integer", "collectionFormat": "csv" } },
                { "in": "query", "name": "pipes", "type": "array", "collectionFormat": "pipes", "items": {} },
                { "in": "path", "name": "id", "type": "array", "collectionFormat": "csv", "items": {} }
            ],
            "responses": {}
        })));
        let params = &operation(&doc)["parameters"];
        assert_eq!(
            (&params[0]["style"], &params[0]["explode"]),
            (&json!("form"), &json!(false))
        );
        assert_eq!(
            (&params[1]["style"], &params[1]["explode"]),
            (&json!("form"), &json!(true))
        );
        assert_eq!(
            params[1]["schema"],
            json!({ "type": "array", "items": { "type": "integer" } })
        );
        assert_eq!(params[2]["style"], "pipeDelimited");
        assert_eq!(
            (&params[3]["style"], &params[3]["explode"]),
            (&json!("simple"), &json!(false))
        );
        assert_eq!(
            params[3]["required"], true,
            "path parameters are always required"
        );
    }

    #[test]
    fn parameter_type_keywords_move_into_schema() {
        let doc = convert(with_operation(json!({
            "parameters": [{
                "in": "query", "name": "limit", "type": "integer", "format": "int32",
                "minimum": 1, "maximum": 100, "exclusiveMaximum": true, "default": 10,
                "allowEmptyValue": true, "x-example": 5
            }],
            "responses": {}
        })));
        assert_eq!(
            operation(&doc)["parameters"][0],
            json!({
                "name": "limit", "in": "query", "allowEmptyValue": true,
                "schema": { "type": "integer", "format": "int32", "default": 10,
                            "minimum": 1, "maximum": 100, "exclusiveMaximum": true },
                "example": 5
            })
        );
    }

    #[test]
    fn response_schema_becomes_content_per_produces() {
        let mut src = with_operation(json!({
            "produces": ["application/json", "application/xml"],
            "responses": {
                "200": {
                    "description": "ok",
                    "schema": { "type": "string" },
                    "headers": { "X-Rate": { "type": "integer", "description": "left" } },
                    "examples": { "application/json": "hi", "text/csv": "dropped" }
                },
                "default": { "description": "raw", "schema": { "type": "file" } },
                "204": {}
            }
        }));
        src["produces"] = json!(["text/plain"]);
        let doc = convert(src);
        let responses = &operation(&doc)["responses"];
        assert_eq!(
            responses["200"]["content"],
            json!({
                "application/json": { "schema": { "type": "string" }, "example": "hi" },
                "application/xml": { "schema": { "type": "string" } }
            })
        );
        assert_eq!(
            responses["200"]["headers"]["X-Rate"],
            json!({ "description": "left", "schema": { "type": "integer" } })
        );
        assert_eq!(
            responses["default"]["content"],
            json!({ "application/json": { "schema": { "type": "string", "format": "binary" } },
                    "application/xml": { "schema": { "type": "string", "format": "binary" } } })
        );
        assert_eq!(
            responses["204"],
            json!({ "description": "" }),
            "no schema, no content"
        );
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let doc = convert(json!({
            "swagger": "2.0", "paths": {},
            "security": [{ "key": [] }],
            "securityDefinitions": {
                "basic": { "type": "basic", "description": "user and password" },
                "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
                "code": { "type": "oauth2", "flow": "accessCode",
                          "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": { "read": "Read" } },
                "app": { "type": "oauth2", "flow": "application", "tokenUrl": "https://t" },
                "weird": { "type": "mystery" }
            }
        }));
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(
            schemes["basic"],
            json!({ "type": "http", "scheme": "basic", "description": "user and password" })
        );
        assert_eq!(
            schemes["key"],
            json!({ "type": "apiKey", "name": "X-Key", "in": "header" })
        );
        assert_eq!(
            schemes["code"]["flows"],
            json!({ "authorizationCode": { "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": { "read": "Read" } } })
        );
        assert_eq!(
            schemes["app"]["flows"],
            json!({ "clientCredentials": { "tokenUrl": "https://t", "scopes": {} } })
        );
        assert!(schemes.get("weird").is_none());
        assert_eq!(doc["security"], json!([{ "key": [] }]));
    }

    #[test]
    fn x_nullable_becomes_nullable() {
        let doc = convert(json!({
            "swagger": "2.0", "paths": {},
            "definitions": { "Box": {
                "type": "object",
                "discriminator": "kind",
                "properties": {
                    "label": { "type": "string", "x-nullable": true },
                    "tags": { "type": "array", "items": { "type": "string", "x-nullable": true } },
                    "inner": { "$ref": "#/definitions/Inner", "x-nullable": true, "description": "maybe" },
                    "plain": { "$ref": "#/definitions/Inner", "x-nullable": false },
                    "listy": { "type": ["null", "integer"] }
                }
            } }
        }));
        let box_schema = &doc["components"]["schemas"]["Box"];
        let props = &box_schema["properties"];
        assert_eq!(
            props["label"],
            json!({ "type": "string", "nullable": true })
        );
        assert_eq!(
            props["tags"]["items"],
            json!({ "type": "string", "nullable": true })
        );
        assert_eq!(
            props["inner"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/Inner" }], "nullable": true, "description": "maybe" })
        );
        assert_eq!(
            props["plain"],
            json!({ "$ref": "#/components/schemas/Inner" })
        );
        assert_eq!(
            props["listy"],
            json!({ "type": "integer", "nullable": true })
        );
        assert_eq!(
            box_schema["discriminator"],
            json!({ "propertyName": "kind" })
        );
    }

    #[test]
    fn path_level_parameters_merge_into_operations() {
        let doc = convert(json!({
            "swagger": "2.0",
            "paths": { "/things/{id}": {
                "parameters": [
                    { "in": "path", "name": "id", "type": "string" },
                    { "in": "query", "name": "verbose", "type": "boolean", "description": "shared" }
                ],
                "get": {
                    "parameters": [{ "in": "query", "name": "verbose", "type": "boolean", "description": "own" }],
                    "responses": {}
                },
                "put": "not an operation"
            } }
        }));
        let item = &doc["paths"]["/things/{id}"];
        assert!(
            item.get("parameters").is_none(),
            "shared parameters are pushed into operations"
        );
        assert!(
            item.get("put").is_none(),
            "non-object operations are skipped"
        );
        let params = &item["get"]["parameters"];
        assert_eq!(params.as_array().map(Vec::len), Some(2));
        assert_eq!(
            (&params[0]["name"], &params[0]["required"]),
            (&json!("id"), &json!(true))
        );
        assert_eq!(params[1]["description"], "own");
    }

    #[test]
    fn converted_document_deserialises_into_the_typed_model() {
        let doc = convert(json!({
            "swagger": "2.0",
            "info": { "title": "Pets", "version": "1.0" },
            "host": "pets.example.com",
            "tags": [{ "name": "pets" }],
            "parameters": { "Limit": { "in": "query", "name": "limit", "type": "integer" } },
            "securityDefinitions": { "key": { "type": "apiKey", "name": "k", "in": "query" } },
            "definitions": { "Pet": { "type": "object", "x-nullable": true } },
            "paths": { "/pets/{id}": {
                "parameters": [{ "in": "path", "name": "id", "type": "integer", "format": "int64" }],
                "get": {
                    "tags": ["pets"], "operationId": "getPet", "x-extra": 1,
                    "parameters": [{ "$ref": "#/parameters/Limit" }],
                    "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Pet" } } }
                },
                "post": {
                    "parameters": [{ "in": "formData", "name": "f", "type": "file" }],
                    "responses": { "default": { "description": "err" } }
                }
            } }
        }));
        let api: openapiv3::OpenAPI = serde_json::from_value(doc).expect("valid OpenAPI 3.0");
        assert_eq!(api.operations().count(), 2);
        assert_eq!(
            api.servers.first().map(|s| s.url.as_str()),
            Some("https://pets.example.com")
        );
    }

    #[test]
    fn a_non_mapping_document_is_refused_at_the_root() {
        let err = to_openapi30(Path::new("spec.json"), json!(["swagger"])).expect_err("must fail");
        let crate::error::Error::Spec(diagnostic) = err else {
            panic!("expected a spec diagnostic")
        };
        assert_eq!(diagnostic.pointer.as_deref(), Some("#"));
    }

    #[test]
    fn sloppy_shapes_are_dropped_not_fatal() {
        let doc = convert(json!({
            "swagger": "2.0",
            "paths": {
                "/a": "not a path item",
                "/b": { "get": {
                    "parameters": [
                        42,
                        { "$ref": "#/parameters/Missing" },
                        { "in": "query" },
                        { "in": "nowhere", "name": "x" },
                        { "in": "query", "name": "ok", "required": "true" }
                    ],
                    "responses": { "200": "nope" }
                } }
            }
        }));
        assert!(doc["paths"].get("/a").is_none());
        let op = &doc["paths"]["/b"]["get"];
        assert_eq!(
            op["parameters"],
            json!([{ "name": "ok", "in": "query", "required": true, "schema": {} }])
        );
        assert_eq!(op["responses"], json!({}));
    }
}
