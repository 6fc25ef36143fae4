//! Repairs for what real 3.0-shaped documents get wrong, applied after the
//! dialect front-ends so that the typed model always deserialises.
//!
//! `openapiv3` is strict about shapes: a string where it wants a bool, a
//! parameter without `schema`, an operation without `responses` and the whole
//! document is refused. Each repair keeps the author's meaning when it can
//! (`required: true` on a property joins the parent's `required` list; a
//! parameter with Swagger-style `type` gets a `schema`) and otherwise drops the
//! smallest broken part (a parameter `in: body`, a `mutualTLS` scheme).
//!
//! Schemas also get the 3.1 rewrites of [`super::openapi31`]: 3.0 documents in
//! the wild use type arrays, numeric `exclusiveMinimum` and `$ref` siblings too.
//!
//! The module also holds the document walk both front-ends share
//! ([`walk_document`] and its [`Visitor`]).

use super::openapi31::{self, Bound, MAX_DEPTH};
use serde_json::{Map, Number, Value, json};
use std::collections::HashSet;

pub fn sanitize(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    fix_root(root);
    let dropped_schemes = fix_security_schemes(root);
    fix_security_requirements(root, &dropped_schemes);
    resolve_path_item_refs(doc);
    let mut sanitizer = Sanitizer { dropped_schemes };
    walk_components(doc, &mut sanitizer);
    walk_paths(doc, &mut sanitizer);
}

/// Repairs inside `paths` (also used for webhooks).
pub fn sanitize_paths(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if !root.get("paths").is_some_and(Value::is_object) {
        root.insert("paths".into(), json!({}));
    }
    resolve_path_item_refs(doc);
    walk_paths(doc, &mut Sanitizer::default());
}

// ---------------------------------------------------------------------------
// Top level

fn fix_root(root: &mut Map<String, Value>) {
    let version = root
        .get("openapi")
        .and_then(coerce_string)
        .unwrap_or_else(|| "3.0.3".into());
    root.insert("openapi".into(), Value::String(version));
    if !root.get("info").is_some_and(Value::is_object) {
        root.insert("info".into(), json!({}));
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        fix_info(info);
    }
    fix_path_keys(root);
    fix_servers(root);
    fix_tags(root);
    fix_external_docs(root);
    fix_object_field(root, "components");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.retain(|k, v| k.starts_with("x-") || v.is_object());
    }
}

fn fix_info(info: &mut Map<String, Value>) {
    require_string(info, "title", "API");
    require_string(info, "version", "0.0.0");
    fix_strings(info, &["description", "termsOfService", "summary"]);
    if let Some(Value::Object(contact)) = fix_object_field(info, "contact") {
        fix_strings(contact, &["name", "url", "email"]);
    }
    let keep_license = match fix_object_field(info, "license") {
        Some(Value::Object(license)) => fix_license(license),
        _ => true,
    };
    if !keep_license {
        info.shift_remove("license");
    }
}

/// 3.1 allows an SPDX `identifier` where 3.0 wants a `name`.
fn fix_license(license: &mut Map<String, Value>) -> bool {
    if license
        .get("name")
        .is_none_or(|n| coerce_string(n).is_none())
    {
        let Some(id) = license.get("identifier").and_then(coerce_string) else {
            return false;
        };
        license.insert("name".into(), Value::String(id));
    }
    fix_strings(license, &["name", "url"]);
    true
}

/// `paths` must be an object whose keys start with `/` (others are silently
/// ignored by `openapiv3`, so `pets:` would lose its operations).
fn fix_path_keys(root: &mut Map<String, Value>) {
    if !root.get("paths").is_some_and(Value::is_object) {
        root.insert("paths".into(), json!({}));
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    if paths
        .keys()
        .all(|k| k.starts_with('/') || k.starts_with("x-"))
    {
        return;
    }
    let mut fixed = Map::new();
    for (key, item) in std::mem::take(paths) {
        let key = if key.starts_with('/') || key.starts_with("x-") {
            key
        } else {
            format!("/{key}")
        };
        if !fixed.contains_key(&key) {
            fixed.insert(key, item);
        }
    }
    *paths = fixed;
}

fn fix_tags(root: &mut Map<String, Value>) {
    let Some(Value::Array(tags)) = fix_array_field(root, "tags") else {
        return;
    };
    tags.retain_mut(|tag| {
        let Some(tag) = tag.as_object_mut() else {
            return false;
        };
        let Some(name) = tag.get("name").and_then(coerce_string) else {
            return false;
        };
        tag.insert("name".into(), Value::String(name));
        fix_strings(tag, &["description"]);
        fix_external_docs(tag);
        true
    });
}

fn fix_external_docs(obj: &mut Map<String, Value>) {
    let Some(Value::Object(docs)) = fix_object_field(obj, "externalDocs") else {
        return;
    };
    match docs.get("url").and_then(coerce_string) {
        Some(url) => {
            docs.insert("url".into(), Value::String(url));
            fix_strings(docs, &["description"]);
        }
        None => {
            obj.shift_remove("externalDocs");
        }
    }
}

/// `servers` lists: each needs a `url`; each variable a string `default`.
fn fix_servers(obj: &mut Map<String, Value>) {
    let Some(Value::Array(servers)) = fix_array_field(obj, "servers") else {
        return;
    };
    servers.retain_mut(fix_server);
}

fn fix_server(server: &mut Value) -> bool {
    let Some(server) = server.as_object_mut() else {
        return false;
    };
    let Some(url) = server.get("url").and_then(coerce_string) else {
        return false;
    };
    server.insert("url".into(), Value::String(url));
    fix_strings(server, &["description"]);
    if let Some(Value::Object(variables)) = fix_object_field(server, "variables") {
        variables.retain(|_, var| fix_server_variable(var));
    }
    true
}

fn fix_server_variable(var: &mut Value) -> bool {
    let Some(var) = var.as_object_mut() else {
        return false;
    };
    if let Some(Value::Array(values)) = fix_array_field(var, "enum") {
        *values = values
            .iter()
            .filter_map(coerce_string)
            .map(Value::String)
            .collect();
    }
    let first = match var.get("enum") {
        Some(Value::Array(values)) => values.first().cloned(),
        _ => None,
    };
    let default = var.get("default").and_then(coerce_string);
    let default = default
        .map(Value::String)
        .or(first)
        .unwrap_or_else(|| Value::String(String::new()));
    var.insert("default".into(), default);
    fix_strings(var, &["description"]);
    true
}

/// Security requirement lists: maps of scheme name to scope strings.
fn fix_security_requirements(obj: &mut Map<String, Value>, dropped: &HashSet<String>) {
    let Some(Value::Array(requirements)) = fix_array_field(obj, "security") else {
        return;
    };
    requirements.retain_mut(|requirement| {
        let Some(requirement) = requirement.as_object_mut() else {
            return false;
        };
        // An alternative that needs a scheme we dropped cannot be met.
        if requirement.keys().any(|k| dropped.contains(k)) {
            return false;
        }
        for scopes in requirement.values_mut() {
            let list = match scopes {
                Value::Array(list) => list
                    .iter()
                    .filter_map(coerce_string)
                    .map(Value::String)
                    .collect(),
                _ => Vec::new(),
            };
            *scopes = Value::Array(list);
        }
        true
    });
}

/// Drops security schemes `openapiv3` cannot read (unknown types such as
/// `mutualTLS`, missing required fields) and returns their names.
fn fix_security_schemes(root: &mut Map<String, Value>) -> HashSet<String> {
    let mut dropped = HashSet::new();
    let schemes = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"));
    if let Some(Value::Object(schemes)) = schemes {
        schemes.retain(|name, scheme| {
            let keep = fix_security_scheme(scheme);
            if !keep {
                dropped.insert(name.clone());
            }
            keep
        });
    }
    dropped
}

fn fix_security_scheme(scheme: &mut Value) -> bool {
    let Some(obj) = scheme.as_object_mut() else {
        return false;
    };
    if obj.contains_key("$ref") {
        return is_reference(obj);
    }
    fix_strings(obj, &["description"]);
    let kind = obj.get("type").and_then(coerce_string).unwrap_or_default();
    let kind = normalise_scheme_type(obj, &kind);
    obj.insert("type".into(), Value::String(kind.into()));
    match kind {
        "apiKey" => {
            let location = obj
                .get("in")
                .and_then(coerce_string)
                .map(|l| l.to_ascii_lowercase());
            let Some(location) =
                location.filter(|l| ["query", "header", "cookie"].contains(&l.as_str()))
            else {
                return false;
            };
            obj.insert("in".into(), Value::String(location));
            require_present_string(obj, "name")
        }
        "http" => {
            fix_strings(obj, &["bearerFormat"]);
            require_present_string(obj, "scheme")
        }
        "oauth2" => fix_oauth2_flows(obj),
        "openIdConnect" => require_present_string(obj, "openIdConnectUrl"),
        _ => false,
    }
}

/// The scheme type in its 3.0 spelling, whatever the case; Swagger's
/// `basic` (seen in hand-converted 3.0 specs) becomes HTTP basic.
fn normalise_scheme_type(obj: &mut Map<String, Value>, kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "apikey" => "apiKey",
        "http" => "http",
        "basic" | "bearer" => {
            let scheme = kind.to_ascii_lowercase();
            obj.entry("scheme").or_insert_with(|| Value::String(scheme));
            "http"
        }
        "oauth2" => "oauth2",
        "openidconnect" => "openIdConnect",
        _ => "",
    }
}

fn fix_oauth2_flows(obj: &mut Map<String, Value>) -> bool {
    let Some(Value::Object(flows)) = obj.get_mut("flows") else {
        return false;
    };
    let required: [(&str, &[&str]); 4] = [
        ("implicit", &["authorizationUrl"]),
        ("password", &["tokenUrl"]),
        ("clientCredentials", &["tokenUrl"]),
        ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
    ];
    for (flow_name, urls) in required {
        let Some(flow) = flows.get_mut(flow_name) else {
            continue;
        };
        let valid = flow.as_object_mut().is_some_and(|flow| {
            let urls_ok = urls.iter().all(|u| require_present_string(flow, u));
            fix_strings(flow, &["refreshUrl"]);
            let scopes = match flow.get("scopes") {
                Some(Value::Object(scopes)) => scopes
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            Value::String(coerce_string(v).unwrap_or_default()),
                        )
                    })
                    .collect(),
                _ => Map::new(),
            };
            flow.insert("scopes".into(), Value::Object(scopes));
            urls_ok
        });
        if !valid {
            flows.shift_remove(flow_name);
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Path item and callback references

/// Replaces path items (and callbacks) that `$ref` another part of the
/// document by a copy of it: 3.1 keeps them in `components/pathItems`, which
/// 3.0 does not have, and `openapiv3` wants callbacks inline.
pub(super) fn resolve_path_item_refs(doc: &mut Value) {
    let mut found = false;
    visit_ref_sites(doc, &mut |site| found |= has_local_ref(site), 0);
    if !found {
        return;
    }
    // Rare: a snapshot keeps the targets readable while the copies go in.
    let snapshot = doc.clone();
    // Callbacks that refer to themselves would expand forever (or, with two
    // such refs each, exponentially): a budget bounds the copies.
    let mut budget = MAX_RESOLUTIONS;
    visit_ref_sites(
        doc,
        &mut |site| {
            if budget > 0
                && has_local_ref(site)
                && let Some(resolved) = resolve_site(&snapshot, site)
            {
                *site = resolved;
                budget -= 1;
            }
        },
        0,
    );
}

/// At most this many path items and callbacks are copied in place of refs.
const MAX_RESOLUTIONS: usize = 10_000;

/// Callbacks nest (a callback's operations can have callbacks). Path items
/// and callbacks each count one level, so this keeps three levels of
/// callbacks, more than real specs use; deeper ones are dropped, since
/// `openapiv3` needs a lot of stack per level.
const MAX_CALLBACK_NESTING: usize = 6;

fn has_local_ref(v: &Value) -> bool {
    v.get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| r.starts_with('#'))
}

/// Calls `f` on every path item and callback that may be a `$ref`, then
/// descends into what `f` left there (a resolved copy can hold more refs).
fn visit_ref_sites(doc: &mut Value, f: &mut dyn FnMut(&mut Value), depth: usize) {
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(items)) = doc.get_mut(section) {
            items
                .values_mut()
                .for_each(|item| visit_path_item_refs(item, f, depth));
        }
    }
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            items
                .values_mut()
                .for_each(|item| visit_path_item_refs(item, f, depth));
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            callbacks
                .values_mut()
                .for_each(|cb| visit_callback_refs(cb, f, depth));
        }
    }
}

fn visit_path_item_refs(item: &mut Value, f: &mut dyn FnMut(&mut Value), depth: usize) {
    if depth > MAX_CALLBACK_NESTING {
        return;
    }
    f(item);
    let Some(obj) = item.as_object_mut() else {
        return;
    };
    for method in METHODS {
        if let Some(Value::Object(callbacks)) =
            obj.get_mut(method).and_then(|op| op.get_mut("callbacks"))
        {
            callbacks
                .values_mut()
                .for_each(|cb| visit_callback_refs(cb, f, depth + 1));
        }
    }
}

fn visit_callback_refs(callback: &mut Value, f: &mut dyn FnMut(&mut Value), depth: usize) {
    if depth > MAX_CALLBACK_NESTING {
        return;
    }
    f(callback);
    if let Value::Object(items) = callback {
        items
            .values_mut()
            .for_each(|item| visit_path_item_refs(item, f, depth + 1));
    }
}

/// The target of a local `$ref`, following chains, with the referring
/// object's other keys laid over it (3.1 allows `summary`/`description`).
fn resolve_site(snapshot: &Value, site: &Value) -> Option<Value> {
    let mut current = site.clone();
    for _ in 0..16 {
        let Value::Object(obj) = &current else {
            return None;
        };
        let Some(reference) = obj.get("$ref").and_then(Value::as_str) else {
            return Some(current);
        };
        let target = snapshot.pointer(&decode_fragment(reference.strip_prefix('#')?))?;
        let Value::Object(mut merged) = target.clone() else {
            return None;
        };
        for (k, v) in obj {
            if k != "$ref" {
                merged.insert(k.clone(), v.clone());
            }
        }
        if merged.get("$ref").and_then(Value::as_str) == Some(reference) {
            return None; // a ref to itself
        }
        current = Value::Object(merged);
    }
    None
}

/// Undoes percent-encoding in a URI fragment (`%7Bid%7D` → `{id}`).
pub(super) fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(decoded) if b == b'%' => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// The document walk

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

const METHODS: [&str; 8] = [
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

fn walk_paths(doc: &mut Value, v: &mut impl Visitor) {
    retain_map(doc.get_mut("paths"), |_, item| {
        walk_path_item(item, v, false, 0)
    });
}

fn walk_components(doc: &mut Value, v: &mut impl Visitor) {
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

fn is_ref(v: &Value) -> bool {
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

// ---------------------------------------------------------------------------
// The repairs, one hook per kind of object

#[derive(Default)]
struct Sanitizer {
    /// Security schemes dropped from `components`: requirements naming them go too.
    dropped_schemes: HashSet<String>,
}

/// A Reference Object: keeps it when `$ref` is a string (`openapiv3` ignores
/// the siblings), drops it otherwise.
fn is_reference(obj: &Map<String, Value>) -> bool {
    obj.get("$ref").is_some_and(Value::is_string)
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

// ---------------------------------------------------------------------------
// Schemas

fn sanitize_schema(schema: &mut Value, depth: usize) {
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

// ---------------------------------------------------------------------------
// Field helpers

/// A scalar as text (`version: 1.0` in YAML is a number).
fn coerce_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn coerce_bool(v: &Value) -> Option<bool> {
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
fn fix_strings(obj: &mut Map<String, Value>, keys: &[&str]) {
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
fn require_string(obj: &mut Map<String, Value>, key: &str, default: &str) {
    let s = obj
        .get(key)
        .and_then(coerce_string)
        .unwrap_or_else(|| default.to_string());
    obj.insert(key.into(), Value::String(s));
}

/// Required string fields without a sensible default: false when missing.
fn require_present_string(obj: &mut Map<String, Value>, key: &str) -> bool {
    match obj.get(key).and_then(coerce_string) {
        Some(s) => {
            obj.insert(key.into(), Value::String(s));
            true
        }
        None => false,
    }
}

fn fix_bools(obj: &mut Map<String, Value>, keys: &[&str]) {
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
fn fix_object_field<'a>(obj: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Value> {
    if obj.get(key).is_some_and(|v| !v.is_object()) {
        obj.shift_remove(key);
    }
    obj.get_mut(key)
}

/// Drops `key` unless it holds an array; returns what is left there.
fn fix_array_field<'a>(obj: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Value> {
    if obj.get(key).is_some_and(|v| !v.is_array()) {
        obj.shift_remove(key);
    }
    obj.get_mut(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    fn op(extra: Value) -> Value {
        let mut op = json!({"responses": {"200": {"description": "ok"}}});
        if let (Some(op), Value::Object(extra)) = (op.as_object_mut(), extra) {
            op.extend(extra);
        }
        op
    }

    /// Sanitises and deserialises, failing the test with the error.
    fn parse(mut d: Value) -> (Value, openapiv3::OpenAPI) {
        sanitize(&mut d);
        let api = serde_json::from_value(d.clone()).unwrap_or_else(|e| panic!("{e}\n{d:#}"));
        (d, api)
    }

    fn sanitized_schema(mut s: Value) -> Value {
        sanitize_schema(&mut s, 0);
        s
    }

    #[test]
    fn adds_missing_paths_and_info() {
        let (d, _) = parse(json!({"openapi": 3.0}));
        assert_eq!(d["openapi"], "3.0");
        assert_eq!(d["info"], json!({"title": "API", "version": "0.0.0"}));
        assert_eq!(d["paths"], json!({}));
    }

    #[test]
    fn info_fields_coerced() {
        let (d, _) = parse(
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": 1.5, "license": {"identifier": "MIT"}, "contact": "me"}, "paths": {}}),
        );
        assert_eq!(d["info"]["version"], "1.5");
        assert_eq!(d["info"]["license"]["name"], "MIT");
        assert!(d["info"].get("contact").is_none());
    }

    #[test]
    fn operation_without_responses() {
        let (d, api) = parse(doc(json!({"/a": {"get": {}}})));
        assert_eq!(d["paths"]["/a"]["get"]["responses"], json!({}));
        assert_eq!(api.operations().count(), 1);
    }

    #[test]
    fn response_without_description() {
        let (d, _) = parse(doc(
            json!({"/a": {"get": {"responses": {"200": {"content": {"application/json": null}}}}}}),
        ));
        assert_eq!(
            d["paths"]["/a"]["get"]["responses"]["200"]["description"],
            ""
        );
        assert_eq!(
            d["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"],
            json!({})
        );
    }

    #[test]
    fn parameter_without_schema() {
        let (d, _) = parse(doc(json!({"/a": {"get": op(json!({"parameters": [
            {"name": "a", "in": "query"},
            {"name": "b", "in": "query", "type": "integer", "format": "int32"},
            {"name": "c", "in": "query", "content": {}},
        ]}))}})));
        let params = &d["paths"]["/a"]["get"]["parameters"];
        assert_eq!(params[0]["schema"], json!({}));
        assert_eq!(
            params[1]["schema"],
            json!({"type": "integer", "format": "int32"})
        );
        assert!(params[1].get("type").is_none());
        assert_eq!(params[2]["schema"], json!({}));
    }

    #[test]
    fn parameter_with_unknown_location_dropped() {
        let (d, _) = parse(doc(json!({"/a/{id}": {"get": op(json!({"parameters": [
            {"name": "body", "in": "body", "schema": {}},
            {"name": "f", "in": "formData", "type": "string"},
            {"name": "id", "in": "PATH", "schema": {"type": "string"}},
            {"in": "query", "schema": {}},
            "junk",
        ]}))}})));
        let params = d["paths"]["/a/{id}"]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(params.len(), 1);
        assert_eq!(params[0]["in"], "path");
        assert_eq!(params[0]["required"], true);
    }

    #[test]
    fn parameter_fields_coerced() {
        let (d, _) = parse(doc(json!({"/a": {"get": op(json!({"parameters": [
            {"name": 5, "in": "query", "required": "true", "style": "simple", "explode": "no", "schema": {}, "examples": {"e": "x"}},
            {"name": "h", "in": "header", "style": "form", "schema": {}},
        ]}))}})));
        let p = &d["paths"]["/a"]["get"]["parameters"];
        assert_eq!(p[0]["name"], "5");
        assert_eq!(p[0]["required"], true);
        assert_eq!(p[0]["explode"], false);
        assert!(p[0].get("style").is_none());
        assert_eq!(p[0]["examples"]["e"], json!({"value": "x"}));
        assert!(p[1].get("style").is_none());
    }

    #[test]
    fn headers_need_schema() {
        let (d, _) = parse(doc(json!({"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "headers": {"X-Rate": {"description": "d", "type": "integer"}, "X-Bad": 3},
        }}}}})));
        let headers = &d["paths"]["/a"]["get"]["responses"]["200"]["headers"];
        assert_eq!(headers["X-Rate"]["schema"], json!({"type": "integer"}));
        assert!(headers.get("X-Bad").is_none());
    }

    #[test]
    fn integer_keywords_out_of_range() {
        let s = sanitized_schema(
            json!({"type": "integer", "minimum": -9223372036854776000.0, "maximum": 9223372036854776000.0}),
        );
        assert_eq!(s, json!({"type": "integer", "minimum": i64::MIN}));
        let s = sanitized_schema(
            json!({"type": "integer", "maximum": 18446744073709551615u64, "minimum": 1.0, "enum": [1.0, 2]}),
        );
        assert_eq!(s, json!({"type": "integer", "minimum": 1, "enum": [1, 2]}));
        let s = sanitized_schema(json!({"type": "number", "maximum": 1e300}));
        assert_eq!(s, json!({"type": "number", "maximum": 1e300}));
    }

    #[test]
    fn counts_must_be_whole_and_positive() {
        let s = sanitized_schema(
            json!({"type": "string", "minLength": -1, "maxLength": 2.0, "pattern": 5}),
        );
        assert_eq!(s, json!({"type": "string", "maxLength": 2, "pattern": "5"}));
        let s = sanitized_schema(json!({"type": "array", "minItems": 1.5, "maxItems": "3"}));
        assert_eq!(s, json!({"type": "array", "maxItems": 3}));
    }

    #[test]
    fn required_flag_lifted_to_parent() {
        let s = sanitized_schema(json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}, "b": {"type": "string", "required": true}, "c": {"type": "string", "required": false},
        }}));
        assert_eq!(s["required"], json!(["a", "b"]));
        assert!(s["properties"]["b"].get("required").is_none());
        assert!(s["properties"]["c"].get("required").is_none());
        let s = sanitized_schema(json!({"type": "string", "required": true}));
        assert_eq!(s, json!({"type": "string"}));
    }

    #[test]
    fn exclusive_bounds_in_30() {
        let s = sanitized_schema(json!({"type": "integer", "exclusiveMinimum": 0}));
        assert_eq!(
            s,
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0})
        );
        let s =
            sanitized_schema(json!({"type": "integer", "exclusiveMaximum": "yes", "maximum": 3}));
        assert_eq!(
            s,
            json!({"type": "integer", "exclusiveMaximum": true, "maximum": 3})
        );
    }

    #[test]
    fn type_array_in_30() {
        let s = sanitized_schema(json!({"type": ["string", "null"]}));
        assert_eq!(s, json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn type_names_normalised() {
        assert_eq!(
            sanitized_schema(json!({"type": "String"})),
            json!({"type": "string"})
        );
        assert_eq!(
            sanitized_schema(json!({"type": "file"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(sanitized_schema(json!({"type": "any"})), json!({}));
        assert_eq!(sanitized_schema(json!({"type": 3})), json!({}));
    }

    #[test]
    fn foreign_keywords_dropped() {
        let s = sanitized_schema(
            json!({"type": "object", "format": "kvpairs", "maxLength": 80, "properties": {}}),
        );
        assert_eq!(s, json!({"type": "object", "properties": {}}));
        let s = sanitized_schema(
            json!({"type": "string", "items": {"type": "string"}, "required": ["a"], "minimum": 1}),
        );
        assert_eq!(s, json!({"type": "string"}));
        let s = sanitized_schema(json!({"type": "integer", "minimum": 1, "format": "int32"}));
        assert_eq!(
            s,
            json!({"type": "integer", "minimum": 1, "format": "int32"})
        );
    }

    #[test]
    fn type_beside_lone_ref_dropped() {
        let r = json!({"$ref": "#/components/schemas/Iban"});
        let s = sanitized_schema(json!({"type": "string", "nullable": true, "allOf": [r]}));
        assert_eq!(s, json!({"nullable": true, "allOf": [r]}));
        let s = sanitized_schema(json!({"type": "object", "properties": {}, "allOf": [r]}));
        assert_eq!(s["type"], "object");
    }

    #[test]
    fn null_text_default() {
        let s = sanitized_schema(json!({"type": "integer", "nullable": true, "default": "null"}));
        assert_eq!(s["default"], Value::Null);
        let s = sanitized_schema(json!({"type": "string", "default": "null"}));
        assert_eq!(s["default"], "null");
    }

    #[test]
    fn nullable_and_flags_become_bools() {
        let s = sanitized_schema(
            json!({"type": "string", "nullable": "true", "readOnly": 1, "deprecated": {}}),
        );
        assert_eq!(
            s,
            json!({"type": "string", "nullable": true, "readOnly": true})
        );
    }

    #[test]
    fn ref_siblings_in_30() {
        let s = sanitized_schema(json!({"$ref": "#/components/schemas/A", "nullable": true}));
        assert_eq!(
            s,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            sanitized_schema(json!({"$ref": 4, "type": "string"})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn schema_structure_repaired() {
        let s = sanitized_schema(json!({
            "type": "object",
            "properties": {"a": "string", "b": null, "c": {"items": [{"type": "string"}]}},
            "additionalProperties": "yes",
            "allOf": {"type": "object"},
            "oneOf": [],
            "enum": "x",
            "discriminator": {"mapping": {}},
            "externalDocs": {"description": "no url"},
        }));
        assert_eq!(
            s,
            json!({
                "type": "object",
                "properties": {"a": {}, "b": {}, "c": {"items": {"type": "string"}}},
                "allOf": [{"type": "object"}],
                "enum": ["x"],
            })
        );
        let s = sanitized_schema(
            json!({"discriminator": {"propertyName": "kind", "mapping": {"a": "#/A", "b": 1, "c": []}}}),
        );
        assert_eq!(
            s["discriminator"],
            json!({"propertyName": "kind", "mapping": {"a": "#/A", "b": "1"}})
        );
    }

    #[test]
    fn security_schemes_unknown_dropped() {
        let (d, api) = parse(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": op(json!({"security": [{"mtls": []}, {"key": ["x", 1]}]}))}},
            "security": [{"mtls": []}, {"key": []}],
            "components": {"securitySchemes": {
                "mtls": {"type": "mutualTLS"},
                "basic": {"type": "basic"},
                "oidc": {"type": "openidconnect", "openIdConnectUrl": "https://o"},
                "key": {"type": "apiKey", "in": "Header", "name": "X-Key"},
                "noname": {"type": "apiKey", "in": "header"},
                "oauth": {"type": "oauth2", "flows": {
                    "password": {"tokenUrl": "https://t"},
                    "implicit": {"scopes": {}},
                }},
            }},
        }));
        let schemes = api
            .components
            .map(|c| c.security_schemes)
            .unwrap_or_default();
        assert_eq!(
            schemes.keys().collect::<Vec<_>>(),
            ["basic", "oidc", "key", "oauth"]
        );
        assert_eq!(
            d["components"]["securitySchemes"]["basic"],
            json!({"type": "http", "scheme": "basic"})
        );
        assert_eq!(d["security"], json!([{"key": []}]));
        assert_eq!(
            d["paths"]["/a"]["get"]["security"],
            json!([{"key": ["x", "1"]}])
        );
        assert_eq!(
            d["components"]["securitySchemes"]["oauth"]["flows"],
            json!({"password": {"tokenUrl": "https://t", "scopes": {}}})
        );
    }

    #[test]
    fn server_variables_get_defaults() {
        let (d, _) = parse(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "servers": [
                {"url": "https://{region}.x/{v}", "variables": {"region": {"enum": ["eu", "us"]}, "v": {}, "n": {"default": 2}}},
                {"description": "no url"},
            ],
        }));
        assert_eq!(d["servers"].as_array().map(Vec::len), Some(1));
        let vars = &d["servers"][0]["variables"];
        assert_eq!(vars["region"]["default"], "eu");
        assert_eq!(vars["v"]["default"], "");
        assert_eq!(vars["n"]["default"], "2");
    }

    #[test]
    fn non_objects_dropped() {
        let (d, _) = parse(doc(json!({
            "/a": "nothing",
            "/b": {"get": "x", "post": op(json!({})), "parameters": {}},
            "c": {"get": op(json!({}))},
        })));
        assert!(d["paths"].get("/a").is_none());
        assert!(d["paths"]["/b"].get("get").is_none());
        assert!(d["paths"]["/b"].get("parameters").is_none());
        assert!(d["paths"]["/c"].get("get").is_some());
    }

    #[test]
    fn links_and_tags() {
        let (d, _) = parse(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "tags": [{"name": "a"}, {"description": "no name"}, "x"],
            "paths": {"/a": {"get": {"tags": "a", "responses": {"200": {"description": "", "links": {
                "ok": {"operationId": "get"}, "bad": {"description": "no target"},
            }}}}}},
        }));
        assert_eq!(d["tags"], json!([{"name": "a"}]));
        assert_eq!(d["paths"]["/a"]["get"]["tags"], json!(["a"]));
        let links = &d["paths"]["/a"]["get"]["responses"]["200"]["links"];
        assert!(links.get("ok").is_some() && links.get("bad").is_none());
    }

    #[test]
    fn callbacks_resolved_or_dropped() {
        let (d, _) = parse(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"post": op(json!({"callbacks": {
                    "good": {"$ref": "#/components/callbacks/Cb"},
                    "missing": {"$ref": "#/components/callbacks/Nope"},
                }}))},
                "/b": {"$ref": "#/paths/~1a"},
                "/c": {"$ref": "other.yaml#/x", "summary": "s"},
            },
            "components": {"callbacks": {"Cb": {"{$request.body#/url}": {"post": op(json!({}))}}}},
        }));
        let callbacks = &d["paths"]["/a"]["post"]["callbacks"];
        assert!(callbacks["good"]["{$request.body#/url}"]["post"].is_object());
        assert!(callbacks.get("missing").is_none());
        assert!(d["paths"]["/b"]["post"].is_object());
        assert_eq!(d["paths"]["/c"]["$ref"], "other.yaml#/x");
    }

    #[test]
    fn self_referencing_callbacks_are_bounded() {
        let cb = json!({"$ref": "#/components/callbacks/Loop"});
        let (d, _) = parse(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": op(json!({"callbacks": {"x": cb, "y": cb}}))}},
            "components": {"callbacks": {"Loop": {"{$url}": {"post": op(json!({"callbacks": {"x": cb, "y": cb}}))}}}},
        }));
        // Three levels under `/a` (2 + 4 + 8 copies), four under `Loop` itself.
        assert_eq!(d.to_string().matches("{$url}").count(), 14 + 15);
    }

    #[test]
    fn webhooks_via_sanitize_paths() {
        let mut wrapped = json!({"paths": {"newPet": {"post": {"requestBody": {"content": {"application/json": {
            "schema": {"type": "object", "properties": {"n": {"type": "integer", "exclusiveMinimum": 1}}},
        }}}}}, "x-ext": 1}});
        sanitize_paths(&mut wrapped);
        let paths = wrapped
            .get_mut("paths")
            .map(Value::take)
            .unwrap_or_default();
        let map: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>> =
            serde_json::from_value(paths).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn percent_encoded_refs() {
        assert_eq!(decode_fragment("/paths/~1a~1%7Bid%7D"), "/paths/~1a~1{id}");
        assert_eq!(decode_fragment("%zz%"), "%zz%");
    }

    #[test]
    fn deep_schemas_are_bounded() {
        let mut s = json!({"type": ["string", "null"]});
        for _ in 0..(4 * MAX_DEPTH) {
            // Built by hand: `json!` would copy `s` recursively.
            let mut props = Map::new();
            props.insert("p".into(), s);
            let mut parent = Map::new();
            parent.insert("type".into(), json!("object"));
            parent.insert("properties".into(), Value::Object(props));
            s = Value::Object(parent);
        }
        let mut d = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {}}});
        if let Some(Value::Object(schemas)) = d.pointer_mut("/components/schemas") {
            schemas.insert("Deep".into(), s);
        }
        sanitize(&mut d); // must not overflow
        // Leak rather than risk a deep recursive drop on the test thread.
        std::mem::forget(d);
    }

    #[test]
    fn nested_schemas_deserialise() {
        let mut s = json!({"type": ["string", "null"], "exclusiveMinimum": 1});
        for _ in 0..40 {
            s = json!({"type": "object", "properties": {"p": s, "q": {"$ref": "#/components/schemas/Deep", "description": "d"}}});
        }
        let d = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Deep": s}}});
        let (d, _) = parse(d);
        let text = d.to_string();
        assert!(!text.contains("\"exclusiveMinimum\":1"));
        assert!(!text.contains("[\"string\",\"null\"]"));
    }

    #[test]
    fn odd_documents_do_not_panic() {
        for mut d in [
            json!(null),
            json!([]),
            json!({"paths": []}),
            json!({"components": 1, "servers": {}, "security": "x"}),
        ] {
            sanitize(&mut d);
        }
    }
}
