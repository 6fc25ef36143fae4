//! OpenAPI 3.1 → OpenAPI 3.0 (JSON to JSON).
//!
//! 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are an older, smaller
//! dialect, and `openapiv3` only reads the latter. Every schema is rewritten in
//! place to the closest 3.0 form:
//!
//! - `type: [T, "null"]` → `type: T, nullable: true`; several non-null types →
//!   `anyOf` with one member per type, each keeping its own keywords.
//! - a schema that only admits null (`type: "null"`, `const: null`...) becomes
//!   `{type: "null", nullable: true, enum: [null]}` (annotations kept). 3.0 has
//!   no null type, but `openapiv3` keeps any `type` string (as an untyped
//!   schema) and the lowering reads `type: "null"` as "only null"; the
//!   `nullable` + `enum: [null]` pair says the same in 3.0 terms.
//! - `anyOf`/`oneOf` members that only admit null are removed and the schema
//!   made `nullable`; a single remaining member is merged into its parent.
//! - `const` → one-value `enum`, and `oneOf`/`anyOf` of documented consts (3.1's
//!   enum-with-docs idiom) → one `enum`; numeric `exclusiveMinimum`/`exclusiveMaximum`
//!   → `minimum`/`maximum` plus the 3.0 boolean flag.
//! - `$ref` with meaningful siblings → `allOf: [{$ref}]` plus the siblings
//!   (`openapiv3` would drop them); otherwise the siblings go.
//! - `examples` → `example`; `prefixItems` / tuple `items` → `items`;
//!   `patternProperties` → `additionalProperties`; boolean schemas → `{}` or
//!   `{not: {}}`; `contentEncoding`/`contentMediaType` → `format: byte/binary`;
//!   keywords 3.0 has no counterpart for are dropped.
//! - `$defs` inside schemas are hoisted into `components/schemas`.
//!
//! At document level: the version becomes 3.0.3, `jsonSchemaDialect` goes,
//! path items that `$ref` `components/pathItems` are resolved (3.0 has no such
//! section), and a missing `paths` (webhook-only specs) becomes `{}`.

use super::sanitize::{self, Visitor};
use crate::error::{Result, escape_pointer_segment};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Schemas nest at most this deep; below it the walks stop descending.
pub(super) const MAX_DEPTH: usize = 256;

/// Bound on merge-and-rerun rounds for one schema node (each round removes a
/// level of `anyOf` nesting, so real specs need one or two).
const MAX_ROUNDS: usize = 16;

pub fn to_openapi30(_file: &Path, mut doc: Value) -> Result<Value> {
    if let Some(root) = doc.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.shift_remove("jsonSchemaDialect");
        if !root.get("paths").is_some_and(Value::is_object) {
            root.insert("paths".into(), json!({}));
        }
    }
    sanitize::resolve_path_item_refs(&mut doc);
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        components.shift_remove("pathItems");
    }
    hoist_defs(&mut doc);
    sanitize::walk_document(&mut doc, &mut Downgrade);
    Ok(doc)
}

/// Applies [`downgrade_schema`] to every schema the walk finds.
struct Downgrade;

impl Visitor for Downgrade {
    fn schema(&mut self, schema: &mut Value) {
        downgrade_schema(schema, 0);
    }
}

/// Rewrites a schema and all its subschemas to 3.0 form.
pub(super) fn downgrade_schema(schema: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    downgrade_node(schema);
    if let Some(obj) = schema.as_object_mut() {
        for_each_subschema(obj, &mut |sub| downgrade_schema(sub, depth + 1));
    }
}

/// Rewrites one schema node (not its subschemas) to 3.0 form.
pub(super) fn downgrade_node(schema: &mut Value) {
    replace_boolean_schema(schema);
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    for _ in 0..MAX_ROUNDS {
        convert_content_keywords(obj);
        drop_unsupported_keywords(obj);
        examples_to_example(obj);
        const_to_enum(obj);
        convert_exclusive_bound(obj, Bound::Minimum);
        convert_exclusive_bound(obj, Bound::Maximum);
        pattern_properties_to_additional(obj);
        tuple_items_to_items(obj);
        rewrite_type(obj);
        // A merged member brings keywords of its own: run the rules again.
        if !lift_null_members(obj) {
            break;
        }
    }
    collapse_const_alternatives(obj);
    wrap_ref_siblings(obj);
}

/// Calls `f` on each direct subschema that 3.0 keeps (`additionalProperties`
/// only when it is a schema: there a boolean means what it says).
pub(super) fn for_each_subschema(obj: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Value)) {
    for (key, value) in obj.iter_mut() {
        match (key.as_str(), value) {
            ("items" | "not", v) => f(v),
            ("additionalProperties", v @ Value::Object(_)) => f(v),
            ("allOf" | "anyOf" | "oneOf", Value::Array(members)) => {
                members.iter_mut().for_each(&mut *f)
            }
            ("properties", Value::Object(props)) => props.values_mut().for_each(&mut *f),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// Null

/// Turns the schema into the 3.0 spelling of "only null":
/// `{type: "null", nullable: true, enum: [null]}` (see the module documentation).
fn make_null(obj: &mut Map<String, Value>) {
    obj.shift_remove("const");
    obj.insert("type".into(), Value::String("null".into()));
    obj.insert("nullable".into(), Value::Bool(true));
    obj.insert("enum".into(), json!([null]));
}

/// Keywords that describe a value without constraining it.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "default",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "discriminator",
    "xml",
];

pub(super) fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// True for a schema whose only value is null, in any of its spellings.
fn is_null_schema(v: &Value) -> bool {
    let Value::Object(o) = v else { return false };
    let all_null = |v: Option<&Value>| matches!(v, Some(Value::Array(a)) if !a.is_empty() && a.iter().all(|x| x == "null" || x.is_null()));
    let type_null = match o.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(t @ Value::Array(_)) => all_null(Some(t)),
        Some(_) => return false,
        None => false,
    };
    let value_null = all_null(o.get("enum")) || matches!(o.get("const"), Some(Value::Null));
    let pure = o
        .keys()
        .all(|k| is_annotation(k) || matches!(k.as_str(), "type" | "enum" | "const"));
    pure && (type_null || (value_null && !o.contains_key("type")))
}

/// FastAPI's `anyOf: [X, {type: null}]`: drops the null members, marks the
/// schema nullable and merges a lone remaining member into it. Repeated
/// members (env0 lists some twice) are dropped too. Returns true when it
/// merged (the caller then reruns the rules on the new keywords).
fn lift_null_members(obj: &mut Map<String, Value>) -> bool {
    let mut merged = false;
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = obj.get_mut(key) else {
            continue;
        };
        let before = members.len();
        let had_null = members.iter().any(is_null_schema);
        let mut kept: Vec<Value> = Vec::with_capacity(before);
        for m in members.drain(..) {
            if !is_null_schema(&m) && !kept.contains(&m) {
                kept.push(m);
            }
        }
        let remaining = kept.len();
        *members = kept;
        if remaining == before {
            continue;
        }
        if had_null {
            obj.insert("nullable".into(), Value::Bool(true));
        }
        match remaining {
            0 => {
                obj.shift_remove(key);
                if !has_constraints(obj) {
                    make_null(obj);
                }
            }
            1 => merged |= merge_lone_member(obj, key),
            _ => {}
        }
    }
    merged
}

/// True when the schema has keywords beyond annotations.
fn has_constraints(obj: &Map<String, Value>) -> bool {
    obj.keys().any(|k| !is_annotation(k))
}

/// Replaces `key: [member]` by the member's keywords when they do not clash
/// with the parent's; the parent's annotations win over the member's.
fn merge_lone_member(obj: &mut Map<String, Value>, key: &str) -> bool {
    let member = match obj.get(key) {
        Some(Value::Array(members)) => members.first().cloned(),
        _ => None,
    };
    let Some(mut member) = member else {
        return false;
    };
    replace_boolean_schema(&mut member);
    let Value::Object(member) = member else {
        return false;
    };
    let clashes = member
        .iter()
        .any(|(k, v)| k != key && !is_annotation(k) && obj.get(k).is_some_and(|outer| outer != v));
    if clashes {
        return false;
    }
    obj.shift_remove(key);
    for (k, v) in member {
        if !obj.contains_key(&k) {
            obj.insert(k, v);
        }
    }
    true
}

/// 3.1's enum-with-docs idiom, `oneOf: [{const: a, description}, ...]`
/// (consts already turned into one-value enums), becomes the plain `enum` 3.0
/// would write; the per-value descriptions are listed in the description.
fn collapse_const_alternatives(obj: &mut Map<String, Value>) {
    if obj.contains_key("enum") {
        return;
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = obj.get(key) else {
            continue;
        };
        let Some((typ, values, docs)) = enum_members(members, obj.get("type")) else {
            continue;
        };
        obj.shift_remove(key);
        obj.insert("type".into(), Value::String(typ));
        obj.insert("enum".into(), Value::Array(values));
        if !docs.is_empty() {
            let listed = docs.join("\n");
            let text = match obj.get("description").and_then(Value::as_str) {
                Some(d) if !d.trim().is_empty() => format!("{}\n\n{listed}", d.trim_end()),
                _ => listed,
            };
            obj.insert("description".into(), Value::String(text));
        }
        return;
    }
}

/// When every member is a `const` (or enum) of scalars of one JSON type, with
/// nothing else but docs: that type, the values and "- `value`: doc" lines.
fn enum_members(
    members: &[Value],
    outer_type: Option<&Value>,
) -> Option<(String, Vec<Value>, Vec<String>)> {
    if members.len() < 2 {
        return None;
    }
    let mut types = Vec::new();
    if let Some(t) = outer_type {
        types.push(t.as_str()?.to_string());
    }
    let mut values: Vec<Value> = Vec::new();
    let mut docs = Vec::new();
    for member in members {
        let m = member.as_object()?;
        let docs_only = m.keys().all(|k| {
            matches!(
                k.as_str(),
                "const" | "enum" | "type" | "description" | "title"
            ) || k.starts_with("x-")
        });
        let member_values = match (m.get("const"), m.get("enum")) {
            (Some(c), None) => vec![c.clone()],
            (None, Some(Value::Array(list))) => list.clone(),
            _ => return None,
        };
        if !docs_only {
            return None;
        }
        if let Some(t) = m.get("type") {
            types.push(t.as_str()?.to_string());
        }
        let doc = m
            .get("description")
            .or_else(|| m.get("title"))
            .and_then(Value::as_str);
        for v in member_values {
            match v {
                Value::Null | Value::Array(_) | Value::Object(_) => return None,
                _ => types.push(json_type(&v)?.to_string()),
            }
            if let Some(doc) = doc {
                let shown = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                docs.push(format!("- `{shown}`: {}", doc.trim()));
            }
            if !values.contains(&v) {
                values.push(v);
            }
        }
    }
    // Integers are numbers too when the values mix both.
    if types.iter().any(|t| t == "number") {
        types.retain(|t| t != "integer");
    }
    types.sort();
    types.dedup();
    match types.as_slice() {
        [t] => Some((t.clone(), values, docs)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Type

/// Keywords that only apply to one JSON type, used to split `type: [a, b]`.
pub(super) fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            "object"
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        _ => return None,
    })
}

fn format_type(format: &str) -> &'static str {
    match format {
        "int32" | "int64" | "float" | "double" => "number",
        _ => "string",
    }
}

/// True when a keyword (or value) of `kind` applies to a member of type `t`.
pub(super) fn kind_fits(kind: &str, t: &str) -> bool {
    kind == t || (kind == "number" && t == "integer")
}

fn value_fits(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        _ => false,
    }
}

/// `type: [..]` → a single type plus `nullable`, or an `anyOf` per type.
pub(super) fn rewrite_type(obj: &mut Map<String, Value>) {
    let types: Vec<String> = match obj.get("type") {
        Some(Value::String(t)) if t == "null" => {
            make_null(obj);
            return;
        }
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut non_null: Vec<String> = Vec::new();
    for t in types {
        if t != "null" && !non_null.contains(&t) {
            non_null.push(t);
        }
    }
    if non_null.iter().any(|t| t == "number") {
        // Every integer is a number: one member is enough.
        non_null.retain(|t| t != "integer");
    }
    match non_null.as_slice() {
        [] if nullable => make_null(obj),
        [] => {
            obj.shift_remove("type");
        }
        [single] => {
            obj.insert("type".into(), Value::String(single.clone()));
            if nullable {
                obj.insert("nullable".into(), Value::Bool(true));
            }
        }
        _ => {
            split_types(obj, &non_null);
            if nullable {
                obj.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
}

/// Moves type-specific keywords into one `anyOf` member per type.
fn split_types(obj: &mut Map<String, Value>, types: &[String]) {
    obj.shift_remove("type");
    let keys: Vec<String> = obj
        .keys()
        .filter(|k| keyword_type(k).is_some() || k.as_str() == "format")
        .cloned()
        .collect();
    let specific: Vec<(String, Value)> = keys
        .into_iter()
        .filter_map(|k| obj.shift_remove(&k).map(|v| (k, v)))
        .collect();
    let values = match obj.shift_remove("enum") {
        Some(Value::Array(values)) => Some(values),
        _ => None,
    };
    let mut members = Vec::new();
    for t in types {
        let mut member = Map::new();
        member.insert("type".into(), Value::String(t.clone()));
        for (k, v) in &specific {
            let kind = match (k.as_str(), v) {
                ("format", Value::String(f)) => format_type(f),
                _ => keyword_type(k).unwrap_or(""),
            };
            if kind_fits(kind, t) {
                member.insert(k.clone(), v.clone());
            }
        }
        if let Some(values) = &values {
            let fitting: Vec<Value> = values
                .iter()
                .filter(|v| value_fits(v, t))
                .cloned()
                .collect();
            if fitting.is_empty() {
                continue; // no allowed value has this type
            }
            member.insert("enum".into(), Value::Array(fitting));
        }
        members.push(Value::Object(member));
    }
    if members.is_empty() {
        if let Some(values) = values {
            obj.insert("enum".into(), Value::Array(values));
        }
        return;
    }
    add_any_of(obj, members);
}

/// Sets `anyOf`, or nests it under `allOf` when the schema already has one.
fn add_any_of(obj: &mut Map<String, Value>, members: Vec<Value>) {
    if !obj.contains_key("anyOf") {
        obj.insert("anyOf".into(), Value::Array(members));
        return;
    }
    let wrapped = json!({ "anyOf": members });
    match obj.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(wrapped),
        _ => {
            obj.insert("allOf".into(), json!([wrapped]));
        }
    }
}

// ---------------------------------------------------------------------------
// Keywords

/// `true` → `{}` (anything), `false` → `{not: {}}` (nothing).
pub(super) fn replace_boolean_schema(schema: &mut Value) {
    if let Value::Bool(b) = schema {
        *schema = if *b { json!({}) } else { json!({ "not": {} }) };
    }
}

/// JSON Schema keywords 3.0 has no counterpart for; `openapiv3` ignores them,
/// but leaving them would suggest they were honoured.
const UNSUPPORTED: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "$comment",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "additionalItems",
];

fn drop_unsupported_keywords(obj: &mut Map<String, Value>) {
    // One pass over the few keys a schema has beats a lookup per keyword.
    let unsupported = |k: &str| UNSUPPORTED.contains(&k);
    if obj.keys().any(|k| unsupported(k)) {
        obj.retain(|k, _| !unsupported(k));
    }
}

/// `contentEncoding: base64` → `format: byte`; a binary `contentMediaType`
/// (3.1's way to say "file") → `format: binary`. Strings only.
fn convert_content_keywords(obj: &mut Map<String, Value>) {
    if obj.contains_key("format") || !is_string_typed(obj) {
        return;
    }
    let encoded = obj
        .get("contentEncoding")
        .and_then(Value::as_str)
        .is_some_and(|e| e.starts_with("base64"));
    let binary = obj
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_some_and(is_binary_media_type);
    if encoded {
        obj.insert("format".into(), Value::String("byte".into()));
    } else if binary {
        obj.insert("format".into(), Value::String("binary".into()));
    }
}

fn is_string_typed(obj: &Map<String, Value>) -> bool {
    match obj.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    }
}

fn is_binary_media_type(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    let textual = m.starts_with("text/")
        || ["json", "xml", "yaml", "javascript", "x-www-form-urlencoded"]
            .iter()
            .any(|t| m.contains(t));
    !textual
}

/// Schema `examples` (a list in 3.1) → `example` (the first), the whole
/// list kept under an extension so that no example is lost to the
/// round-trip measurement (`lower::examples`).
fn examples_to_example(obj: &mut Map<String, Value>) {
    let Some(Value::Array(list)) = obj.shift_remove("examples") else {
        return;
    };
    let Some(first) = list.first() else {
        return;
    };
    if !obj.contains_key("example") {
        obj.insert("example".into(), first.clone());
    }
    obj.entry(super::SCHEMA_EXAMPLES_EXTENSION)
        .or_insert(Value::Array(list));
}

/// `const: v` → `enum: [v]`, inferring `type` from the value when missing.
fn const_to_enum(obj: &mut Map<String, Value>) {
    let Some(value) = obj.shift_remove("const") else {
        return;
    };
    if value.is_null() {
        if obj.contains_key("type") {
            obj.insert("nullable".into(), Value::Bool(true));
            obj.insert("enum".into(), json!([null]));
        } else {
            make_null(obj);
        }
        return;
    }
    if !obj.contains_key("type")
        && let Some(t) = json_type(&value)
    {
        obj.insert("type".into(), Value::String(t.into()));
    }
    obj.insert("enum".into(), Value::Array(vec![value]));
}

fn json_type(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    })
}

#[derive(Clone, Copy)]
pub(super) enum Bound {
    Minimum,
    Maximum,
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true`
/// (keeping an inclusive bound that is stricter); likewise for the maximum.
pub(super) fn convert_exclusive_bound(obj: &mut Map<String, Value>, bound: Bound) {
    let (flag, limit) = match bound {
        Bound::Minimum => ("exclusiveMinimum", "minimum"),
        Bound::Maximum => ("exclusiveMaximum", "maximum"),
    };
    let exclusive = match obj.get(flag) {
        // Strings ("true") are left for sanitize to coerce.
        None | Some(Value::Bool(_) | Value::String(_)) => return,
        Some(Value::Number(n)) => n.clone(),
        Some(_) => {
            obj.shift_remove(flag);
            return;
        }
    };
    let inclusive_is_stricter = obj
        .get(limit)
        .and_then(Value::as_f64)
        .zip(exclusive.as_f64())
        .is_some_and(|(inclusive, exclusive)| match bound {
            Bound::Minimum => inclusive > exclusive,
            Bound::Maximum => inclusive < exclusive,
        });
    if inclusive_is_stricter {
        obj.shift_remove(flag);
    } else {
        obj.insert(limit.into(), Value::Number(exclusive));
        obj.insert(flag.into(), Value::Bool(true));
    }
}

/// `patternProperties` → `additionalProperties` (3.0 cannot restrict keys,
/// so the value schema is the part worth keeping).
fn pattern_properties_to_additional(obj: &mut Map<String, Value>) {
    let Some(Value::Object(patterns)) = obj.shift_remove("patternProperties") else {
        return;
    };
    let mut schemas: Vec<Value> = patterns.into_iter().map(|(_, s)| s).collect();
    let replaceable = matches!(
        obj.get("additionalProperties"),
        None | Some(Value::Bool(false))
    );
    if !replaceable || schemas.is_empty() {
        return;
    }
    let value = if schemas.len() == 1 {
        schemas.remove(0)
    } else {
        json!({ "anyOf": schemas })
    };
    obj.insert("additionalProperties".into(), value);
}

/// `prefixItems` (or draft-4 tuple `items: [..]`) → one `items` schema that
/// admits every position; boolean `items` → dropped (3.0 needs a schema).
pub(super) fn tuple_items_to_items(obj: &mut Map<String, Value>) {
    let tuple_or_bool = matches!(obj.get("items"), Some(Value::Array(_) | Value::Bool(_)));
    if !tuple_or_bool && !obj.contains_key("prefixItems") {
        return;
    }
    let (prefix, rest) = match (obj.shift_remove("prefixItems"), obj.shift_remove("items")) {
        (Some(Value::Array(prefix)), rest) => (prefix, rest),
        (_, Some(Value::Array(tuple))) => (tuple, obj.shift_remove("additionalItems")),
        (_, rest) => (Vec::new(), rest),
    };
    let mut members = prefix;
    match rest {
        Some(Value::Object(schema)) => members.push(Value::Object(schema)),
        Some(Value::Bool(true)) => members.push(json!({})),
        _ => {}
    }
    members.iter_mut().for_each(replace_boolean_schema);
    let mut unique: Vec<Value> = Vec::new();
    for m in members {
        if !unique.contains(&m) {
            unique.push(m);
        }
    }
    let items = match unique.len() {
        0 => return,
        1 => unique.remove(0),
        _ if unique
            .iter()
            .any(|m| m.as_object().is_some_and(Map::is_empty)) =>
        {
            json!({})
        }
        _ => json!({ "anyOf": unique }),
    };
    obj.insert("items".into(), items);
}

// ---------------------------------------------------------------------------
// $ref

/// `$ref` plus siblings: `openapiv3` reads only the `$ref`. Siblings that say
/// something become `allOf: [{$ref}]` + siblings (the lowering reads that as
/// "the referenced type, with this description / nullable / default"); the
/// rest (`type`, `format`, bare extensions) are dropped.
pub(super) fn wrap_ref_siblings(obj: &mut Map<String, Value>) {
    if obj.len() < 2 || !obj.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let Some(reference) = obj.shift_remove("$ref") else {
        return;
    };
    let mut annotations = Map::new();
    let mut constraints = Map::new();
    for (k, v) in std::mem::take(obj) {
        match k.as_str() {
            // The referenced schema already says what it is.
            "type" | "format" => {}
            "nullable" | "readOnly" | "writeOnly" | "deprecated" if v == Value::Bool(false) => {}
            _ if is_annotation(&k) => {
                annotations.insert(k, v);
            }
            _ => {
                constraints.insert(k, v);
            }
        }
    }
    // Extensions and `xml` say nothing a JSON client uses: alone they do not
    // justify the wrapper.
    let meaningful = !constraints.is_empty()
        || annotations
            .keys()
            .any(|k| !k.starts_with("x-") && k != "xml");
    if !meaningful {
        obj.insert("$ref".into(), reference);
        return;
    }
    let mut all_of = vec![json!({ "$ref": reference })];
    match constraints.shift_remove("allOf") {
        Some(Value::Array(members)) => all_of.extend(members),
        Some(other) => {
            constraints.insert("allOf".into(), other);
        }
        None => {}
    }
    if !constraints.is_empty() {
        all_of.push(Value::Object(constraints));
    }
    *obj = annotations;
    obj.insert("allOf".into(), Value::Array(all_of));
}

// ---------------------------------------------------------------------------
// $defs

/// Moves `$defs` (and draft-4 `definitions`) found inside schemas into
/// `components/schemas` and points their references there.
fn hoist_defs(doc: &mut Value) {
    let mut hoister = DefsHoister::new(doc);
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            let pointer = format!("#/components/schemas/{}", escape_pointer_segment(name));
            hoister.collect(schema, Some(&pointer), name, 0);
        }
    }
    sanitize::walk_document(doc, &mut InlineDefs(&mut hoister));
    if hoister.hoisted.is_empty() {
        return;
    }
    if let Some(root) = doc.as_object_mut() {
        let components = root.entry("components").or_insert_with(|| json!({}));
        if let Some(components) = components.as_object_mut() {
            let schemas = components.entry("schemas").or_insert_with(|| json!({}));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, schema) in std::mem::take(&mut hoister.hoisted) {
                    schemas.insert(name, schema);
                }
            }
        }
    }
    rewrite_refs(doc, &hoister.renames, 0);
}

/// `$defs` in schemas outside `components/schemas` (no stable pointer).
struct InlineDefs<'a>(&'a mut DefsHoister);

impl Visitor for InlineDefs<'_> {
    fn schema(&mut self, schema: &mut Value) {
        self.0.collect(schema, None, "Inline", 0);
    }
}

struct DefsHoister {
    taken: HashSet<String>,
    hoisted: Vec<(String, Value)>,
    /// Old pointer (`#/components/schemas/A/$defs/B`) → new `$ref`.
    renames: HashMap<String, String>,
}

impl DefsHoister {
    fn new(doc: &Value) -> Self {
        let taken = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        DefsHoister {
            taken,
            hoisted: Vec::new(),
            renames: HashMap::new(),
        }
    }

    fn unique_name(&mut self, owner: &str, name: &str) -> String {
        let mut candidate = name.to_string();
        if self.taken.contains(&candidate) {
            candidate = format!("{owner}{name}");
        }
        let base = candidate.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Takes the `$defs` out of `schema` and its subschemas. `pointer` is the
    /// schema's own location when it is known.
    fn collect(&mut self, schema: &mut Value, pointer: Option<&str>, owner: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        let first_hoisted = self.hoisted.len();
        let mut local = HashMap::new();
        for key in ["$defs", "definitions"] {
            let Some(Value::Object(defs)) = obj.shift_remove(key) else {
                continue;
            };
            for (name, mut def) in defs {
                let new_name = self.unique_name(owner, &name);
                let new_ref = format!("#/components/schemas/{}", escape_pointer_segment(&new_name));
                let segment = format!("/{key}/{}", escape_pointer_segment(&name));
                let def_pointer = pointer.map(|p| format!("{p}{segment}"));
                if let Some(p) = &def_pointer {
                    self.renames.insert(p.clone(), new_ref.clone());
                }
                local.insert(format!("#{segment}"), new_ref);
                self.collect(&mut def, def_pointer.as_deref(), &new_name, depth + 1);
                self.hoisted.push((new_name, def));
            }
        }
        for_each_subschema_at(obj, &mut |segment, sub| {
            let sub_pointer = pointer.map(|p| format!("{p}{segment}"));
            self.collect(sub, sub_pointer.as_deref(), owner, depth + 1);
        });
        if !local.is_empty() {
            // `#/$defs/X` is relative to the schema that declared it.
            rewrite_refs(schema, &local, 0);
            for (_, def) in self.hoisted.iter_mut().skip(first_hoisted) {
                rewrite_refs(def, &local, 0);
            }
        }
    }
}

/// Like [`for_each_subschema`] over every JSON Schema applicator, with the
/// pointer segment that leads to each subschema.
fn for_each_subschema_at(obj: &mut Map<String, Value>, f: &mut dyn FnMut(&str, &mut Value)) {
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
fn rewrite_refs(value: &mut Value, renames: &HashMap<String, String>, depth: usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(doc: Value) -> Value {
        to_openapi30(Path::new("test.yaml"), doc).expect("conversion never fails")
    }

    /// Runs the schema rules on one schema.
    fn schema(mut s: Value) -> Value {
        downgrade_schema(&mut s, 0);
        s
    }

    #[test]
    fn version_and_dialect() {
        let out = convert(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
        }));
        assert_eq!(out["openapi"], "3.0.3");
        assert!(out.get("jsonSchemaDialect").is_none());
        assert_eq!(out["paths"], json!({}));
    }

    #[test]
    fn nullable_type_array() {
        assert_eq!(
            schema(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"type": "string", "maxLength": 3, "nullable": true})
        );
        assert_eq!(
            schema(json!({"type": ["integer"]})),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn null_only_types() {
        let null = json!({"type": "null", "nullable": true, "enum": [null]});
        assert_eq!(schema(json!({"type": "null"})), null);
        assert_eq!(schema(json!({"type": ["null"]})), null);
        assert_eq!(schema(json!({"const": null})), null);
    }

    #[test]
    fn several_types_split_into_any_of() {
        let out = schema(json!({
            "type": ["string", "integer", "null"],
            "description": "d",
            "maxLength": 5,
            "minimum": 1,
            "format": "int64",
            "enum": ["a", 1, null],
        }));
        assert_eq!(
            out,
            json!({
                "description": "d",
                "anyOf": [
                    {"type": "string", "maxLength": 5, "enum": ["a"]},
                    {"type": "integer", "minimum": 1, "format": "int64", "enum": [1]},
                ],
                "nullable": true,
            })
        );
    }

    #[test]
    fn integer_and_number_collapse() {
        assert_eq!(
            schema(json!({"type": ["integer", "number"]})),
            json!({"type": "number"})
        );
    }

    #[test]
    fn any_of_with_null_member_collapses() {
        let out = schema(json!({
            "anyOf": [{"type": "string", "maxLength": 2}, {"type": "null"}],
            "title": "Name",
            "default": null,
        }));
        assert_eq!(
            out,
            json!({"title": "Name", "default": null, "nullable": true, "type": "string", "maxLength": 2})
        );
    }

    #[test]
    fn any_of_with_null_and_ref_becomes_all_of() {
        let out = schema(json!({
            "anyOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null"}],
            "description": "the pet",
        }));
        assert_eq!(
            out,
            json!({
                "description": "the pet",
                "nullable": true,
                "allOf": [{"$ref": "#/components/schemas/Pet"}],
            })
        );
    }

    #[test]
    fn one_of_keeps_several_members() {
        let out =
            schema(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}));
        assert_eq!(
            out,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
    }

    #[test]
    fn repeated_members_dropped() {
        let r = json!({"$ref": "#/components/schemas/R"});
        let out = schema(json!({"anyOf": [r, r, {"type": "null"}]}));
        assert_eq!(out, json!({"nullable": true, "allOf": [r]}));
        let out =
            schema(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]}));
        assert_eq!(
            out,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn nested_alternatives_are_lifted() {
        let out = schema(
            json!({"anyOf": [{"anyOf": [{"type": "string"}, {"type": "integer"}]}, {"type": "null"}]}),
        );
        assert_eq!(
            out,
            json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn const_alternatives_become_an_enum() {
        let out = schema(json!({
            "type": "string",
            "description": "Event type.",
            "oneOf": [
                {"const": "CREATE", "description": "Created"},
                {"type": "string", "const": "UPDATE", "description": "Updated"},
                {"const": "DELETE"},
            ],
        }));
        assert_eq!(
            out,
            json!({
                "type": "string",
                "description": "Event type.\n\n- `CREATE`: Created\n- `UPDATE`: Updated",
                "enum": ["CREATE", "UPDATE", "DELETE"],
            })
        );
        // Mixed types or richer members stay alternatives.
        let mixed = json!({"oneOf": [{"const": "a"}, {"const": 1}]});
        assert!(schema(mixed).get("oneOf").is_some());
        let rich = json!({"anyOf": [{"const": "a"}, {"type": "string", "maxLength": 3}]});
        assert!(schema(rich).get("anyOf").is_some());
    }

    #[test]
    fn any_of_of_only_null() {
        assert_eq!(
            schema(json!({"anyOf": [{"type": "null"}]})),
            json!({"type": "null", "nullable": true, "enum": [null]})
        );
    }

    #[test]
    fn clashing_member_is_not_merged() {
        let out =
            schema(json!({"type": "object", "anyOf": [{"type": "string"}, {"type": "null"}]}));
        assert_eq!(
            out,
            json!({"type": "object", "anyOf": [{"type": "string"}], "nullable": true})
        );
    }

    #[test]
    fn merged_member_is_rewritten_too() {
        let out = schema(
            json!({"anyOf": [{"type": ["string", "null"], "const": "x"}, {"type": "null"}]}),
        );
        assert_eq!(
            out,
            json!({"nullable": true, "type": "string", "enum": ["x"]})
        );
    }

    #[test]
    fn const_becomes_enum() {
        assert_eq!(
            schema(json!({"type": "string", "const": "a"})),
            json!({"type": "string", "enum": ["a"]})
        );
        assert_eq!(
            schema(json!({"const": 3})),
            json!({"type": "integer", "enum": [3]})
        );
        assert_eq!(
            schema(json!({"const": 1.5})),
            json!({"type": "number", "enum": [1.5]})
        );
        assert_eq!(
            schema(json!({"const": true})),
            json!({"type": "boolean", "enum": [true]})
        );
    }

    #[test]
    fn numeric_exclusive_bounds() {
        assert_eq!(
            schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
            json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10})
        );
        // An inclusive bound that is stricter wins.
        assert_eq!(
            schema(json!({"type": "number", "minimum": 5, "exclusiveMinimum": 0})),
            json!({"type": "number", "minimum": 5})
        );
        // 3.0 booleans stay.
        assert_eq!(
            schema(json!({"minimum": 1, "exclusiveMinimum": true})),
            json!({"minimum": 1, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn ref_with_meaningful_siblings() {
        let out =
            schema(json!({"$ref": "#/components/schemas/A", "description": "d", "type": "string"}));
        assert_eq!(
            out,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        let out = schema(json!({"$ref": "#/components/schemas/A", "default": 1, "maxLength": 3}));
        assert_eq!(
            out,
            json!({"default": 1, "allOf": [{"$ref": "#/components/schemas/A"}, {"maxLength": 3}]})
        );
    }

    #[test]
    fn ref_with_empty_siblings() {
        let out = schema(
            json!({"$ref": "#/components/schemas/A", "type": "object", "x-skip": true, "nullable": false}),
        );
        assert_eq!(out, json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn examples_become_example() {
        assert_eq!(
            schema(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a", "x-oagen-examples": ["a", "b"]})
        );
        assert_eq!(
            schema(json!({"examples": ["a"], "example": "b"})),
            json!({"example": "b", "x-oagen-examples": ["a"]})
        );
    }

    #[test]
    fn unsupported_keywords_dropped() {
        let out = schema(json!({
            "$schema": "x", "$id": "x", "$anchor": "a", "$comment": "c", "$dynamicRef": "#d",
            "if": {}, "then": {}, "else": {}, "dependentSchemas": {}, "dependentRequired": {},
            "unevaluatedProperties": false, "unevaluatedItems": false, "propertyNames": {"pattern": "x"},
            "type": "object",
        }));
        assert_eq!(out, json!({"type": "object"}));
    }

    #[test]
    fn content_keywords_become_formats() {
        assert_eq!(
            schema(json!({"type": "string", "contentMediaType": "application/octet-stream"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentMediaType": "application/json"})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn pattern_properties_become_additional() {
        assert_eq!(
            schema(
                json!({"type": "object", "patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": false})
            ),
            json!({"type": "object", "additionalProperties": {"type": "integer"}})
        );
        assert_eq!(
            schema(
                json!({"patternProperties": {"^a": {"type": "integer"}, "^b": {"type": "string"}}})
            ),
            json!({"additionalProperties": {"anyOf": [{"type": "integer"}, {"type": "string"}]}})
        );
    }

    #[test]
    fn prefix_items_become_items() {
        assert_eq!(
            schema(
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})
            ),
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        assert_eq!(
            schema(
                json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}]})
            ),
            json!({"type": "array", "items": {"type": "number"}})
        );
        assert_eq!(
            schema(json!({"type": "array", "items": false})),
            json!({"type": "array"})
        );
    }

    #[test]
    fn boolean_schemas() {
        assert_eq!(schema(json!(true)), json!({}));
        assert_eq!(schema(json!(false)), json!({"not": {}}));
        assert_eq!(
            schema(json!({"properties": {"a": true, "b": false}, "additionalProperties": false})),
            json!({"properties": {"a": {}, "b": {"not": {}}}, "additionalProperties": false})
        );
    }

    #[test]
    fn nested_schemas_are_rewritten() {
        let out = schema(json!({
            "type": "object",
            "properties": {"a": {"type": ["string", "null"]}},
            "additionalProperties": {"const": 1},
            "items": {"allOf": [{"type": "null"}]},
            "not": {"examples": [1]},
        }));
        assert_eq!(
            out["properties"]["a"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            out["additionalProperties"],
            json!({"type": "integer", "enum": [1]})
        );
        assert_eq!(
            out["items"]["allOf"][0],
            json!({"type": "null", "nullable": true, "enum": [null]})
        );
        assert_eq!(out["not"], json!({"example": 1, "x-oagen-examples": [1]}));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut s = json!({"type": ["string", "null"]});
        for _ in 0..1000 {
            // Built by hand: `json!` would copy `s` recursively.
            let mut parent = Map::new();
            parent.insert("items".into(), s);
            s = Value::Object(parent);
        }
        downgrade_schema(&mut s, 0); // must not overflow
        // Leak the deep value rather than risk a deep recursive drop in the test.
        std::mem::forget(s);
    }

    #[test]
    fn schemas_everywhere_are_visited() {
        let t = json!({"type": ["integer", "null"]});
        let out = convert(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": t}],
                "get": {
                    "parameters": [{"name": "q", "in": "query", "content": {"application/json": {"schema": t}}}],
                    "requestBody": {"content": {"application/json": {"schema": t,
                        "encoding": {"x": {"headers": {"H": {"schema": t}}}}}}},
                    "responses": {"200": {"description": "", "headers": {"H": {"schema": t}},
                        "content": {"application/json": {"schema": t}}}},
                    "callbacks": {"cb": {"{$url}": {"post": {"requestBody": {"content": {"application/json": {"schema": t}}}}}}},
                },
            }},
            "webhooks": {"hook": {"post": {"requestBody": {"content": {"application/json": {"schema": t}}}}}},
            "components": {
                "schemas": {"S": t},
                "parameters": {"P": {"name": "p", "in": "query", "schema": t}},
                "headers": {"H": {"schema": t}},
                "requestBodies": {"B": {"content": {"application/json": {"schema": t}}}},
                "responses": {"R": {"description": "", "content": {"application/json": {"schema": t}}}},
            },
        }));
        let text = out.to_string();
        assert!(!text.contains("[\"integer\",\"null\"]"), "{text}");
        assert_eq!(text.matches("\"nullable\":true").count(), 13, "{text}");
    }

    #[test]
    fn path_item_refs_resolved() {
        let out = convert(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "s"}},
            "webhooks": {"w": {"$ref": "#/components/pathItems/A"}},
            "components": {"pathItems": {"A": {"get": {"responses": {"200": {"description": "ok"}}}}}},
        }));
        assert_eq!(
            out["paths"]["/a"]["get"]["responses"]["200"]["description"],
            "ok"
        );
        assert_eq!(out["paths"]["/a"]["summary"], "s");
        assert_eq!(
            out["webhooks"]["w"]["get"]["responses"]["200"]["description"],
            "ok"
        );
        assert!(out["components"].get("pathItems").is_none());
    }

    #[test]
    fn defs_are_hoisted() {
        let out = convert(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {"application/json": {"schema": {
                "$defs": {"Inner": {"type": "string"}},
                "type": "array",
                "items": {"$ref": "#/$defs/Inner"},
            }}}}}}}},
            "components": {"schemas": {
                "Outer": {
                    "type": "object",
                    "properties": {"a": {"$ref": "#/$defs/Leaf"}, "b": {"$ref": "#/components/schemas/Outer/$defs/Leaf"}},
                    "$defs": {"Leaf": {"type": ["integer", "null"]}},
                },
                "Other": {"$ref": "#/components/schemas/Outer/$defs/Leaf/properties/x"},
                "Leaf": {"type": "boolean"},
            }},
        }));
        let schemas = &out["components"]["schemas"];
        assert!(schemas["Outer"].get("$defs").is_none());
        assert_eq!(
            schemas["OuterLeaf"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            schemas["Outer"]["properties"]["a"]["$ref"],
            "#/components/schemas/OuterLeaf"
        );
        assert_eq!(
            schemas["Outer"]["properties"]["b"]["$ref"],
            "#/components/schemas/OuterLeaf"
        );
        assert_eq!(
            schemas["Other"]["$ref"],
            "#/components/schemas/OuterLeaf/properties/x"
        );
        assert_eq!(schemas["Inner"], json!({"type": "string"}));
        let inline =
            &out["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(inline["items"]["$ref"], "#/components/schemas/Inner");
    }

    #[test]
    fn non_object_document_is_left_alone() {
        assert_eq!(convert(json!([1, 2])), json!([1, 2]));
    }

    #[test]
    fn result_deserialises() {
        let out = convert(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {
                "A": {"type": ["object", "null"], "properties": {"n": {"type": "number", "exclusiveMinimum": 0}}},
                "B": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "b"},
                "C": {"const": "x"},
                "D": {"type": ["string", "integer"]},
                "E": {"type": "null", "description": "nothing"},
            }},
        }));
        let api: openapiv3::OpenAPI = serde_json::from_value(out).expect("valid 3.0");
        let schemas = api.components.map(|c| c.schemas).unwrap_or_default();
        assert_eq!(schemas.len(), 5);
    }
}
