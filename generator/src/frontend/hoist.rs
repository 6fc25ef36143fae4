//! Schemas that a `$ref` reaches inside another part of the document
//! (`#/components/responses/Conflict/content/application~1json/schema`,
//! `#/components/parameters/Limit/schema`, `#/components/schemas/Event/properties/items/items`,
//! `.../oneOf/2`, a place under `paths`) move into `components/schemas` under
//! a name taken from where they were. Every reference to them, and the place
//! they left, then point there: each is typed once, by name, like any
//! component, instead of once per place that reaches it (or not at all).
//!
//! Runs on the 3.0-shaped document, after the dialect front-ends and before
//! the sanitizer, so that the moved schemas are repaired where they land.

use super::walk::{MAX_DEPTH, Visitor, for_each_subschema_at, rewrite_refs, walk_document};
use crate::json_pointer::{escape_pointer_segment, pointer};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};

const SCHEMAS: &str = "#/components/schemas/";

/// References followed, at most, to find where one lands.
const MAX_HOPS: usize = 32;

/// Moves every schema that a reference reaches inside something else into
/// `components/schemas`. Returns each new component's name with the pointer
/// of the place it came from.
pub fn hoist_schema_targets(doc: &mut Value) -> BTreeMap<String, String> {
    let mut collector = RefCollector::default();
    walk_document(doc, &mut collector);
    if collector.inner.is_empty() {
        return BTreeMap::new();
    }
    // Where each reference really lands, following references on the way.
    let mut by_place: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for reference in &collector.inner {
        if let Some(place) = landing(doc, reference)
            && schema_root_len(&place).is_some()
        {
            by_place.entry(place).or_default().push(reference.clone());
        }
    }
    let mut taken = Names::new(doc, &collector.component_names);
    let mut places: Vec<(Vec<String>, Vec<String>)> = by_place.into_iter().collect();
    // Deepest first: a place inside another moves out before its parent does,
    // and the parent then carries a reference to it.
    places.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut origins = BTreeMap::new();
    for (place, references) in places {
        let new_ref = match place.as_slice() {
            [c, s, _] if c == "components" && s == "schemas" => {
                pointer(place.iter().map(String::as_str))
            }
            _ => {
                let (base, kind) = place_name(doc, &place);
                let name = taken.claim(&base, kind);
                let new_ref = format!("{SCHEMAS}{}", escape_pointer_segment(&name));
                let Some(slot) = value_at_mut(doc, &place) else {
                    continue;
                };
                let schema = std::mem::replace(slot, json!({ "$ref": new_ref }));
                insert_schema(doc, &name, schema);
                origins.insert(name, pointer(place.iter().map(String::as_str)));
                new_ref
            }
        };
        for reference in references {
            renames.insert(reference, new_ref.clone());
        }
    }
    rewrite_refs(doc, &renames, 0);
    walk_document(doc, &mut MappingRewriter(&renames));
    origins
}

/// Local references written where a schema belongs, that point inside
/// something rather than at a component schema.
#[derive(Default)]
struct RefCollector {
    inner: Vec<String>,
    seen: HashSet<String>,
    /// Names that `#/components/schemas/<name>` references use, existing or not.
    component_names: HashSet<String>,
}

impl RefCollector {
    fn collect(&mut self, schema: &mut Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::String(reference)) = obj.get("$ref") {
            match reference.strip_prefix(SCHEMAS) {
                Some(name) if !name.contains('/') => {
                    self.component_names
                        .insert(crate::json_pointer::unescape_pointer(name));
                }
                _ if reference.starts_with("#/") && self.seen.insert(reference.clone()) => {
                    self.inner.push(reference.clone());
                }
                _ => {}
            }
        }
        for_each_subschema_at(obj, &mut |_, sub| self.collect(sub, depth + 1));
    }
}

impl Visitor for RefCollector {
    fn schema(&mut self, schema: &mut Value) {
        self.collect(schema, 0);
    }
}

/// Discriminator mappings name schemas by reference too.
struct MappingRewriter<'a>(&'a HashMap<String, String>);

impl MappingRewriter<'_> {
    fn rewrite(&self, schema: &mut Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::Object(mapping)) = obj
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
        {
            for target in mapping.values_mut() {
                if let Some(new) = target.as_str().and_then(|t| self.0.get(t)) {
                    *target = Value::String(new.clone());
                }
            }
        }
        for_each_subschema_at(obj, &mut |_, sub| self.rewrite(sub, depth + 1));
    }
}

impl Visitor for MappingRewriter<'_> {
    fn schema(&mut self, schema: &mut Value) {
        self.rewrite(schema, 0);
    }
}

/// `#/a/b~1c` → `["a", "b/c"]`; percent-escapes are undone when the
/// pointer as written leads nowhere.
fn segments(doc: &Value, reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let split = |f: &str| -> Vec<String> {
        f.split('/')
            .skip(1)
            .map(crate::json_pointer::unescape_pointer)
            .collect()
    };
    let plain = split(fragment);
    if fragment.contains('%') && walk(doc, &plain).is_none() {
        let decoded = super::path_item_refs::decode_fragment(fragment);
        return Some(split(&decoded));
    }
    Some(plain)
}

/// The value at `path`, if the document has one there as written.
fn walk<'v>(doc: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter()
        .try_fold(doc, |node, segment| child(node, segment))
}

fn child<'v>(node: &'v Value, segment: &str) -> Option<&'v Value> {
    match node {
        Value::Object(obj) => obj.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    }
}

fn value_at_mut<'v>(doc: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |node, segment| match node {
        Value::Object(obj) => obj.get_mut(segment.as_str()),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The value a local `reference` names, following the references met on the
/// way (`Event/properties/items/items` where `Event/properties/items` is
/// itself a reference), and the path where it really is.
pub(super) fn follow<'v>(doc: &'v Value, reference: &str) -> Option<(&'v Value, Vec<String>)> {
    let mut path = segments(doc, reference)?;
    'hop: for _ in 0..MAX_HOPS {
        let mut node = doc;
        for (i, segment) in path.iter().enumerate() {
            match child(node, segment) {
                Some(next) => node = next,
                None => {
                    let next = node.get("$ref")?.as_str()?;
                    let mut redirected = segments(doc, next)?;
                    redirected.extend_from_slice(&path[i..]);
                    path = redirected;
                    continue 'hop;
                }
            }
        }
        return Some((node, path));
    }
    None
}

/// Where `reference` lands ([`follow`]), also through the references the
/// target only is (`{$ref: ...}` alone). None when it leads nowhere or in a loop.
fn landing(doc: &Value, reference: &str) -> Option<Vec<String>> {
    let mut reference = reference.to_string();
    for _ in 0..MAX_HOPS {
        let (node, path) = follow(doc, &reference)?;
        let obj = node.as_object()?;
        match obj.get("$ref") {
            Some(Value::String(next)) if obj.len() == 1 => reference = next.clone(),
            _ => return Some(path),
        }
    }
    None
}

/// How many leading segments of `path` name the schema it lies in (a
/// component schema, or the `schema` of a parameter, header or media
/// type); None if the rest is not a way into a schema.
fn schema_root_len(path: &[String]) -> Option<usize> {
    let root = match path {
        [c, s, _, ..] if c == "components" && s == "schemas" => 3,
        _ => path.iter().position(|s| s == "schema")? + 1,
    };
    let mut rest = &path[root..];
    while let Some((first, tail)) = rest.split_first() {
        rest = match (first.as_str(), tail) {
            ("properties" | "patternProperties", [_, more @ ..]) => more,
            ("allOf" | "anyOf" | "oneOf", [index, more @ ..]) if index.parse::<usize>().is_ok() => {
                more
            }
            ("items" | "additionalProperties" | "not", more) => more,
            _ => return None,
        };
    }
    Some(root)
}

/// A name for the schema at `path`, from where it is, and the kind of
/// place it is in (said when the name alone is taken).
fn place_name(doc: &Value, path: &[String]) -> (String, &'static str) {
    let root = schema_root_len(path).unwrap_or(path.len());
    let (mut words, kind) = match path {
        [c, s, name, ..] if c == "components" && s == "schemas" => (vec![name.clone()], "schema"),
        [c, section, name, ..] if c == "components" => {
            let kind = match section.as_str() {
                "responses" => "response",
                "parameters" => "parameter",
                "requestBodies" => "body",
                "headers" => "header",
                _ => "schema",
            };
            (vec![name.clone()], kind)
        }
        [p, route, method, more @ ..] if p == "paths" || p == "webhooks" => {
            let operation = doc
                .get(p.as_str())
                .and_then(|paths| paths.get(route.as_str()))
                .and_then(|item| item.get(method.as_str()));
            let stem = operation
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{method} {route}"));
            let mut words = vec![stem];
            match more {
                [r, code, ..] if r == "responses" => words.push(format!("response {code}")),
                [b, ..] if b == "requestBody" => words.push("body".into()),
                [ps, i, ..] if ps == "parameters" => {
                    let name = operation
                        .and_then(|op| op.get("parameters"))
                        .and_then(|list| child(list, i))
                        .and_then(|param| param.get("name"))
                        .and_then(Value::as_str)
                        .unwrap_or(i);
                    words.push(name.to_string());
                }
                _ => {}
            }
            (words, "schema")
        }
        _ => (
            path[..root]
                .iter()
                .filter(|s| !matches!(s.as_str(), "schema" | "content") && !s.contains('/'))
                .cloned()
                .collect(),
            "schema",
        ),
    };
    let mut node = walk(doc, &path[..root]);
    // A member with a title of its own is called by it.
    if let [.., keyword, _] = path
        && matches!(keyword.as_str(), "allOf" | "anyOf" | "oneOf")
        && path.len() > root
        && let Some(title) = walk(doc, path)
            .and_then(|n| n.get("title"))
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
    {
        return (title.to_string(), kind);
    }
    let mut rest = path[root..].iter();
    while let Some(step) = rest.next() {
        match step.as_str() {
            "properties" | "patternProperties" => {
                if let Some(name) = rest.next() {
                    node = node
                        .and_then(|n| n.get(step.as_str()))
                        .and_then(|p| p.get(name));
                    words.push(name.clone());
                }
            }
            "allOf" | "anyOf" | "oneOf" => {
                if let Some(index) = rest.next() {
                    node = node
                        .and_then(|n| n.get(step.as_str()))
                        .and_then(|m| child(m, index));
                    let title = node.and_then(|n| n.get("title")).and_then(Value::as_str);
                    words.push(match title {
                        Some(title) if !title.trim().is_empty() => title.to_string(),
                        _ => format!("variant {index}"),
                    });
                }
            }
            "items" => {
                node = node.and_then(|n| n.get("items"));
                words.push("item".into());
            }
            "additionalProperties" => {
                node = node.and_then(|n| n.get("additionalProperties"));
                words.push("value".into());
            }
            other => {
                node = node.and_then(|n| n.get(other));
                words.push(other.to_string());
            }
        }
    }
    (words.join(" "), kind)
}

/// The component names in use, compared as the naming pass will see them.
struct Names {
    taken: HashSet<String>,
}

impl Names {
    fn new(doc: &Value, referenced: &HashSet<String>) -> Self {
        let existing = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(Map::keys);
        Names {
            taken: existing.chain(referenced).map(|n| normal(n)).collect(),
        }
    }

    /// `base` if free, else `base kind`, else numbered.
    fn claim(&mut self, base: &str, kind: &str) -> String {
        let with_kind = format!("{base} {kind}");
        let mut candidates = [base.to_string(), with_kind.clone()].into_iter();
        let chosen = candidates
            .find(|c| !self.taken.contains(&normal(c)))
            .unwrap_or_else(|| {
                (2..)
                    .map(|n| format!("{with_kind} {n}"))
                    .find(|c| !self.taken.contains(&normal(c)))
                    .unwrap_or_default()
            });
        self.taken.insert(normal(&chosen));
        chosen
    }
}

/// Letters and digits, lower case: `Conflict response` and `ConflictResponse` meet.
fn normal(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn insert_schema(doc: &mut Value, name: &str, schema: Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert(name.to_string(), schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hoisted(mut doc: Value) -> (Value, BTreeMap<String, String>) {
        let origins = hoist_schema_targets(&mut doc);
        (doc, origins)
    }

    #[test]
    fn a_response_schema_reached_by_reference_becomes_one_component() {
        let (doc, origins) = hoisted(json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"responses": {
                "409": {"description": "x", "content": {"application/json": {"schema":
                    {"$ref": "#/components/responses/Conflict/content/application~1json/schema"}}}}
            }}}},
            "components": {
                "schemas": {"Conflict": {"type": "string"}},
                "responses": {"Conflict": {"description": "c", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
                }}}}
            }
        }));
        assert_eq!(
            origins.get("Conflict response").map(String::as_str),
            Some("#/components/responses/Conflict/content/application~1json/schema")
        );
        let new_ref = json!({"$ref": "#/components/schemas/Conflict response"});
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["409"]["content"]["application/json"]["schema"],
            new_ref
        );
        assert_eq!(
            doc["components"]["responses"]["Conflict"]["content"]["application/json"]["schema"],
            new_ref
        );
        assert_eq!(
            doc["components"]["schemas"]["Conflict response"]["properties"]["id"]["type"],
            "string"
        );
    }

    #[test]
    fn nested_targets_and_paths_through_references_are_followed() {
        let (doc, origins) = hoisted(json!({
            "components": {"schemas": {
                "Event": {"type": "object", "properties": {
                    "items": {"$ref": "#/components/schemas/List"},
                    "kind": {"oneOf": [{"type": "string"}, {"title": "Coded", "type": "object", "properties": {"code": {"type": "integer"}}}]}
                }},
                "List": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
                "User": {"type": "object", "properties": {
                    "first": {"$ref": "#/components/schemas/Event/properties/items/items"},
                    "again": {"$ref": "#/components/schemas/List/items"},
                    "code": {"$ref": "#/components/schemas/Event/properties/kind/oneOf/1"},
                    "kind": {"$ref": "#/components/schemas/Event/properties/kind"}
                }}
            }}
        }));
        let names: Vec<&String> = origins.keys().collect();
        assert_eq!(names, ["Coded", "Event kind", "List item"]);
        let user = &doc["components"]["schemas"]["User"]["properties"];
        assert_eq!(
            user["first"],
            json!({"$ref": "#/components/schemas/List item"})
        );
        assert_eq!(user["again"], user["first"]);
        assert_eq!(user["code"], json!({"$ref": "#/components/schemas/Coded"}));
        // The parent moved after its member, and refers to it.
        assert_eq!(
            doc["components"]["schemas"]["Event kind"]["oneOf"][1],
            json!({"$ref": "#/components/schemas/Coded"})
        );
    }

    #[test]
    fn references_to_components_and_non_schemas_stay() {
        let original = json!({
            "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}],
                "responses": {"200": {"description": "x", "content": {"application/json": {"schema":
                    {"$ref": "#/components/parameters/P"}}}}}}}},
            "components": {
                "schemas": {"A": {"$ref": "#/components/schemas/B"}},
                "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}}
            }
        });
        let (doc, origins) = hoisted(original.clone());
        assert!(origins.is_empty());
        assert_eq!(doc, original);
    }
}
