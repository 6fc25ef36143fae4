//! The 3.1 → 3.0 rewrites of one schema, listed in the documentation of the
//! `openapi31` module. The sanitizer applies some of them to 3.0 documents too,
//! which in the wild use type arrays, numeric `exclusiveMinimum` and `$ref`
//! siblings as well.

use crate::frontend::walk::MAX_DEPTH;
use serde_json::{Map, Value, json};

/// Bound on merge-and-rerun rounds for one schema node (each round removes a
/// level of `anyOf` nesting, so real specs need one or two).
const MAX_ROUNDS: usize = 16;

/// Rewrites a schema and all its subschemas to 3.0 form.
pub(in crate::frontend) fn downgrade_schema(schema: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    downgrade_node(schema);
    if let Some(obj) = schema.as_object_mut() {
        for_each_subschema(obj, &mut |sub| downgrade_schema(sub, depth + 1));
    }
}

/// Rewrites one schema node (not its subschemas) to 3.0 form.
pub(in crate::frontend) fn downgrade_node(schema: &mut Value) {
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
pub(in crate::frontend) fn for_each_subschema(
    obj: &mut Map<String, Value>,
    f: &mut dyn FnMut(&mut Value),
) {
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
/// `{type: "null", nullable: true, enum: [null]}` (see the documentation of the `openapi31` module).
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

pub(in crate::frontend) fn is_annotation(key: &str) -> bool {
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
pub(in crate::frontend) fn keyword_type(key: &str) -> Option<&'static str> {
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
pub(in crate::frontend) fn kind_fits(kind: &str, t: &str) -> bool {
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
pub(in crate::frontend) fn rewrite_type(obj: &mut Map<String, Value>) {
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
pub(in crate::frontend) fn replace_boolean_schema(schema: &mut Value) {
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
    obj.entry(crate::frontend::SCHEMA_EXAMPLES_EXTENSION)
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
pub(in crate::frontend) enum Bound {
    Minimum,
    Maximum,
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true`
/// (keeping an inclusive bound that is stricter); likewise for the maximum.
pub(in crate::frontend) fn convert_exclusive_bound(obj: &mut Map<String, Value>, bound: Bound) {
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
pub(in crate::frontend) fn tuple_items_to_items(obj: &mut Map<String, Value>) {
    let tuple_or_bool = matches!(obj.get("items"), Some(Value::Array(_) | Value::Bool(_)));
    if !tuple_or_bool && !obj.contains_key("prefixItems") {
        return;
    }
    if typeless_tuple_to_alternatives(obj) {
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

/// A tuple `items: [..]` with nothing else saying the value is an array
/// lists what the value may be (slack's `latest: {items: [{$ref: Message},
/// {type: null}]}`, whose examples are messages): JSON Schema would accept
/// any value that is not an array, so the list read as `anyOf` is the only
/// reading with a type. Beside object keywords the value is an object and
/// the tuple says nothing of it. Returns true when it rewrote.
fn typeless_tuple_to_alternatives(obj: &mut Map<String, Value>) -> bool {
    let says_array = obj.keys().any(|k| {
        matches!(
            k.as_str(),
            "type" | "prefixItems" | "additionalItems" | "minItems" | "maxItems" | "uniqueItems"
        )
    });
    if says_array || !matches!(obj.get("items"), Some(Value::Array(_))) {
        return false;
    }
    let says_object = obj.keys().any(|k| keyword_type(k) == Some("object"));
    let has_alternatives = ["anyOf", "oneOf"].iter().any(|k| obj.contains_key(*k));
    if !says_object && has_alternatives {
        // Two lists of alternatives: keep the array reading.
        return false;
    }
    let Some(Value::Array(entries)) = obj.shift_remove("items") else {
        return false;
    };
    if says_object {
        return true;
    }
    let mut alternatives: Vec<Value> = Vec::new();
    for mut entry in entries {
        replace_boolean_schema(&mut entry);
        if !alternatives.contains(&entry) {
            alternatives.push(entry);
        }
    }
    // An entry that admits anything makes the list say nothing.
    if !alternatives.is_empty()
        && !alternatives
            .iter()
            .any(|m| m.as_object().is_some_and(Map::is_empty))
    {
        obj.insert("anyOf".into(), Value::Array(alternatives));
    }
    true
}

// ---------------------------------------------------------------------------
// $ref

/// `$ref` plus siblings: `openapiv3` reads only the `$ref`. Siblings that say
/// something become `allOf: [{$ref}]` + siblings (the lowering reads that as
/// "the referenced type, with this description / nullable / default"); the
/// rest (`type`, `format`, bare extensions) are dropped.
pub(in crate::frontend) fn wrap_ref_siblings(obj: &mut Map<String, Value>) {
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
