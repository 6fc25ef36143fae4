//! OpenAPI 3.0 schemas as draft 2020-12 JSON Schemas, to validate examples
//! with the `jsonschema` crate, and questions a comparison asks of a schema.
//!
//! The document is the one the generator reads (`oagen::frontend::to_document`:
//! Swagger 2.0 and 3.1 already rewritten to the 3.0 shape). The schema at a
//! pointer becomes a self-contained schema: every `$ref` target it reaches,
//! anywhere in the document, is converted once and placed under `$defs`
//! (named `d0`, `d1`... so that no document pointer has to become a URI).
//! What differs between the dialects:
//!
//! - `nullable: true` → `anyOf: [{type: null}, <the schema>]` (also admits
//!   null beside an `enum`, as 3.0 means);
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` → the 2020-12 numbers;
//! - `format: int32`/`int64` on integers → the range as `minimum`/`maximum`
//!   (in an added `allOf` member), since 2020-12 does not check those formats;
//! - `discriminator` beside `oneOf`/`anyOf` → `anyOf` plus one `if`/`then` per
//!   tag value (mapping entries, and a referenced member's schema name): the
//!   tag picks the member, as OpenAPI says, instead of "exactly one member
//!   matches", which overlapping members break;
//! - `required` drops `readOnly` properties for requests and `writeOnly` ones
//!   for responses (OpenAPI 3.0: required applies to the other direction only);
//! - annotations 2020-12 does not know (`example`, `xml`, `x-...`) go; the
//!   string formats the clients type (`date-time`, `date`, `uuid`) are
//!   asserted, and the others go (the client keeps those values as strings).

use oagen::ir::Direction;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

const MAX_REF_HOPS: usize = 32;
const MAX_DEPTH: usize = 200;

/// The node at `pointer` (`#/a/b`), following `$ref`s met on the way (not
/// one at the end), and the canonical pointer of what was reached.
pub fn resolve<'a>(doc: &'a Value, pointer: &str) -> Result<(&'a Value, String), String> {
    resolve_hops(doc, pointer, 0)
}

fn resolve_hops<'a>(
    doc: &'a Value,
    pointer: &str,
    hops: usize,
) -> Result<(&'a Value, String), String> {
    if hops > MAX_REF_HOPS {
        return Err(format!("`{pointer}`: too many references to follow"));
    }
    let path = pointer
        .strip_prefix('#')
        .ok_or_else(|| format!("`{pointer}` is not a local reference"))?;
    let mut node = doc;
    let mut at = String::from("#");
    for raw in path.split('/').skip(1) {
        if let Some(target) = node.get("$ref").and_then(Value::as_str) {
            let (target_node, target_at) = resolve_hops(doc, target, hops + 1)?;
            node = target_node;
            at = target_at;
        }
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = match node {
            Value::Object(map) => map.get(&segment),
            Value::Array(list) => segment.parse::<usize>().ok().and_then(|i| list.get(i)),
            _ => None,
        }
        .ok_or_else(|| format!("`{pointer}` points at nothing (no `{segment}` at `{at}`)"))?;
        at.push('/');
        at.push_str(raw);
    }
    Ok((node, at))
}

/// Converts schemas of one document for one direction, each `$ref` target once.
pub struct Converter<'a> {
    doc: &'a Value,
    direction: Direction,
    /// Canonical pointer → its name under `$defs`.
    names: HashMap<String, String>,
    /// Converted definitions, by name, with the names each refers to.
    defs: HashMap<String, (Value, Vec<String>)>,
}

impl<'a> Converter<'a> {
    pub fn new(doc: &'a Value, direction: Direction) -> Self {
        Converter {
            doc,
            direction,
            names: HashMap::new(),
            defs: HashMap::new(),
        }
    }

    /// The schema at `pointer` as a self-contained draft 2020-12 schema.
    pub fn json_schema(&mut self, pointer: &str) -> Result<Value, String> {
        let (node, _) = resolve(self.doc, pointer)?;
        let mut refs = Vec::new();
        let mut root = self.convert(node, &mut refs, 0)?;
        // Every definition reachable from the root, converting as needed.
        let mut defs = Map::new();
        let mut pending = refs;
        while let Some(name) = pending.pop() {
            if defs.contains_key(&name) {
                continue;
            }
            let (value, more) = self
                .defs
                .get(&name)
                .cloned()
                .ok_or_else(|| format!("internal: no definition {name}"))?;
            defs.insert(name, value);
            pending.extend(more);
        }
        let mut out = Map::new();
        out.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        if !defs.is_empty() {
            out.insert("$defs".into(), Value::Object(defs));
        }
        match root {
            Value::Object(ref mut map) => {
                out.extend(std::mem::take(map));
                Ok(Value::Object(out))
            }
            Value::Bool(true) => Ok(Value::Object(out)),
            other => {
                out.insert("allOf".into(), json!([other]));
                Ok(Value::Object(out))
            }
        }
    }

    /// The `$defs` name of the schema `reference` points at, converting it on first use.
    fn definition(&mut self, reference: &str, depth: usize) -> Result<String, String> {
        let (node, canonical) = resolve(self.doc, reference)?;
        if let Some(name) = self.names.get(&canonical) {
            return Ok(name.clone());
        }
        let name = format!("d{}", self.names.len());
        self.names.insert(canonical, name.clone());
        let mut refs = Vec::new();
        let value = self.convert(node, &mut refs, depth + 1)?;
        self.defs.insert(name.clone(), (value, refs));
        Ok(name)
    }

    fn convert(
        &mut self,
        schema: &Value,
        refs: &mut Vec<String>,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("schema nested too deeply".into());
        }
        let Some(obj) = schema.as_object() else {
            return Ok(match schema {
                Value::Bool(b) => Value::Bool(*b),
                _ => json!({}),
            });
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            let name = self.definition(reference, depth)?;
            refs.push(name.clone());
            return Ok(json!({ "$ref": format!("#/$defs/{name}") }));
        }
        let mut out = Map::new();
        for (key, value) in obj {
            let converted = match key.as_str() {
                "properties" => {
                    let mut props = Map::new();
                    for (name, prop) in value.as_object().into_iter().flatten() {
                        props.insert(name.clone(), self.convert(prop, refs, depth + 1)?);
                    }
                    Value::Object(props)
                }
                "items" | "additionalProperties" | "not" if value.is_object() => {
                    self.convert(value, refs, depth + 1)?
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let mut members = Vec::new();
                    for member in value.as_array().into_iter().flatten() {
                        members.push(self.convert(member, refs, depth + 1)?);
                    }
                    Value::Array(members)
                }
                "required" => Value::Array(self.required(obj, value)),
                "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => continue,
                "minimum" | "maximum" => {
                    let flag = if key == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    if obj.get(flag) == Some(&Value::Bool(true)) {
                        out.insert(flag.into(), value.clone());
                        continue;
                    }
                    value.clone()
                }
                // The formats the clients decode into typed values are
                // checked (a uuid that is not one is the spec's fault);
                // `time` stays an annotation, as 2020-12's `time` requires
                // an offset the client's `NaiveTime` does not take.
                "format" if matches!(value.as_str(), Some("date-time" | "date" | "uuid")) => {
                    value.clone()
                }
                "type"
                | "enum"
                | "const"
                | "pattern"
                | "multipleOf"
                | "minLength"
                | "maxLength"
                | "minItems"
                | "maxItems"
                | "uniqueItems"
                | "minProperties"
                | "maxProperties"
                | "items"
                | "additionalProperties"
                | "exclusiveMinimum"
                | "exclusiveMaximum" => value.clone(),
                // Annotations and OpenAPI's own keywords: nothing to check.
                _ => continue,
            };
            out.insert(key.clone(), converted);
        }
        self.integer_range(obj, &mut out);
        if let Some(discriminator) = obj.get("discriminator") {
            self.discriminate(obj, discriminator, &mut out, refs, depth)?;
        }
        let converted = Value::Object(out);
        Ok(if obj.get("nullable") == Some(&Value::Bool(true)) {
            json!({ "anyOf": [{ "type": "null" }, converted] })
        } else {
            converted
        })
    }

    /// `required` without the properties that do not travel this way.
    fn required(&self, obj: &Map<String, Value>, required: &Value) -> Vec<Value> {
        let skipped = match self.direction {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
            Direction::Either => return required.as_array().cloned().unwrap_or_default(),
        };
        let props = obj.get("properties").and_then(Value::as_object);
        required
            .as_array()
            .into_iter()
            .flatten()
            .filter(|name| {
                let prop = name
                    .as_str()
                    .and_then(|n| props?.get(n))
                    .map(|p| self.deref(p));
                prop.is_none_or(|p| p.get(skipped) != Some(&Value::Bool(true)))
            })
            .cloned()
            .collect()
    }

    /// A schema, or the one its `$ref` points at.
    fn deref<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => resolve(self.doc, reference).map_or(schema, |(node, _)| node),
            None => schema,
        }
    }

    /// OpenAPI's integer formats bound the value; 2020-12 would not check them.
    fn integer_range(&self, obj: &Map<String, Value>, out: &mut Map<String, Value>) {
        if obj.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        let range = match obj.get("format").and_then(Value::as_str) {
            Some("int32") => json!({ "minimum": i32::MIN, "maximum": i32::MAX }),
            Some("int64") => json!({ "minimum": i64::MIN, "maximum": i64::MAX }),
            _ => return,
        };
        match out.get_mut("allOf") {
            Some(Value::Array(members)) => members.push(range),
            _ => {
                out.insert("allOf".into(), json!([range]));
            }
        }
    }

    /// With a discriminator the tag chooses the member: `oneOf` becomes
    /// `anyOf`, and each known tag value requires its member.
    fn discriminate(
        &mut self,
        obj: &Map<String, Value>,
        discriminator: &Value,
        out: &mut Map<String, Value>,
        refs: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), String> {
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return Ok(());
        };
        let members: Vec<&Value> = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| obj.get(*k).and_then(Value::as_array))
            .flatten()
            .collect();
        let mut tags: Vec<(String, String)> = Vec::new();
        if let Some(mapping) = discriminator.get("mapping").and_then(Value::as_object) {
            for (tag, target) in mapping {
                let Some(target) = target.as_str() else {
                    continue;
                };
                let target = if target.starts_with('#') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                tags.push((tag.clone(), target));
            }
        }
        for member in &members {
            if let Some(reference) = member.get("$ref").and_then(Value::as_str)
                && let Some(name) = reference.rsplit('/').next()
            {
                let name = name.replace("~1", "/").replace("~0", "~");
                if !tags.iter().any(|(tag, _)| *tag == name) {
                    tags.push((name, reference.to_string()));
                }
            }
        }
        if tags.is_empty() {
            return Ok(());
        }
        if let Some(one_of) = out.remove("oneOf") {
            out.insert("anyOf".into(), one_of);
        }
        let mut rules = Vec::new();
        for (tag, target) in tags {
            let name = self.definition(&target, depth)?;
            refs.push(name.clone());
            rules.push(json!({
                "if": { "properties": { property: { "const": tag } }, "required": [property] },
                "then": { "$ref": format!("#/$defs/{name}") },
            }));
        }
        match out.get_mut("allOf") {
            Some(Value::Array(members)) => members.extend(rules),
            _ => {
                out.insert("allOf".into(), Value::Array(rules));
            }
        }
        Ok(())
    }
}

/// What the schemas that may describe an object say of one of its properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyStatus {
    /// Some schema lists the property.
    Declared,
    /// No schema lists it, and some states `additionalProperties`.
    AdditionalStated,
    /// The object has declared properties, none of them this one, and no
    /// schema says whether others are allowed.
    Undeclared,
    /// No schema describes the object's properties.
    Unknown,
}

/// The status of property `name` of the object at `path` (instance pointer
/// segments) in an instance of the converted `schema` (from
/// [`Converter::json_schema`]).
pub fn property_status(schema: &Value, path: &[String], name: &str) -> PropertyStatus {
    let candidates = at_path(schema, path);
    if candidates
        .iter()
        .any(|c| c.get("properties").and_then(|p| p.get(name)).is_some())
    {
        PropertyStatus::Declared
    } else if candidates.iter().any(|c| states_additional(c)) {
        PropertyStatus::AdditionalStated
    } else if candidates.iter().any(|c| c.get("properties").is_some()) {
        PropertyStatus::Undeclared
    } else {
        PropertyStatus::Unknown
    }
}

fn states_additional(schema: &Value) -> bool {
    schema.get("additionalProperties").is_some() || schema.get("patternProperties").is_some()
}

/// The alternatives (members of an `anyOf` / `oneOf` that may describe the
/// object at `path`) under which every one of `names` is undeclared: each
/// member, with the root's `$defs`, is a schema of its own to validate the
/// object with. An object that one of them accepts is that member's value,
/// and `names` are properties that member neither declares nor allows
/// (arthur's details: a `HallucinationDetailsResponse` with `pii_entities`,
/// which only the `PIIDetailsResponse` member declares). Empty when the
/// schemas that describe the object whatever the alternative (the object's
/// own, and its `allOf` parts) declare one of them or state
/// `additionalProperties`.
pub fn alternatives_without(schema: &Value, path: &[String], names: &[String]) -> Vec<Value> {
    let declares = |c: &&Value| {
        names
            .iter()
            .any(|n| c.get("properties").and_then(|p| p.get(n)).is_some())
    };
    let common = expand_with(schema, at_path_with(schema, path, false), false);
    if common.iter().any(declares) || common.iter().any(|c| states_additional(c)) {
        return Vec::new();
    }
    fn members(union: &Value) -> Vec<&Value> {
        ["anyOf", "oneOf"]
            .iter()
            .flat_map(|key| {
                union
                    .get(*key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .collect()
    }
    let mut pending: Vec<&Value> = common.iter().flat_map(|c| members(c)).collect();
    let mut seen = 0usize;
    let mut out = Vec::new();
    while let Some(member) = pending.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        let own = expand_with(schema, vec![member], false);
        if !own.iter().any(|c| c.get("properties").is_some()) {
            // A union in a union (a nullable one): its members are the alternatives.
            pending.extend(own.iter().flat_map(|c| members(c)));
            continue;
        }
        let parts = expand(schema, vec![member]);
        let silent = !parts.iter().any(declares) && !parts.iter().any(|c| states_additional(c));
        if silent {
            let mut alone = member.as_object().cloned().unwrap_or_default();
            if let Some(defs) = schema.get("$defs") {
                alone.insert("$defs".into(), defs.clone());
            }
            out.push(Value::Object(alone));
        }
    }
    out
}

/// The schemas that may describe the instance at `path`.
fn at_path<'a>(schema: &'a Value, path: &[String]) -> Vec<&'a Value> {
    at_path_with(schema, path, true)
}

/// [`at_path`]; `alternatives`: whether the last step follows `anyOf` /
/// `oneOf` members too (the steps before always do).
fn at_path_with<'a>(schema: &'a Value, path: &[String], alternatives: bool) -> Vec<&'a Value> {
    let last = |i: usize| i + 1 == path.len();
    let mut candidates = expand_with(schema, vec![schema], alternatives || !path.is_empty());
    for (i, segment) in path.iter().enumerate() {
        let mut next = Vec::new();
        for candidate in &candidates {
            if let Some(prop) = candidate.get("properties").and_then(|p| p.get(segment)) {
                next.push(prop);
            } else if let Some(extra) = candidate
                .get("additionalProperties")
                .filter(|a| a.is_object())
            {
                next.push(extra);
            }
            if segment.parse::<usize>().is_ok()
                && let Some(items) = candidate.get("items").filter(|i| i.is_object())
            {
                next.push(items);
            }
        }
        candidates = expand_with(schema, next, alternatives || !last(i));
    }
    candidates
}

/// The schemas and everything they combine (`$ref`, `allOf`, `anyOf`,
/// `oneOf`, `then`), each once.
fn expand<'a>(root: &'a Value, start: Vec<&'a Value>) -> Vec<&'a Value> {
    expand_with(root, start, true)
}

/// [`expand`]; `alternatives`: whether to follow `anyOf` and `oneOf` too.
fn expand_with<'a>(root: &'a Value, start: Vec<&'a Value>, alternatives: bool) -> Vec<&'a Value> {
    let mut out: Vec<&'a Value> = Vec::new();
    let mut pending = start;
    while let Some(schema) = pending.pop() {
        if out.iter().any(|s| std::ptr::eq(*s, schema)) || out.len() > 10_000 {
            continue;
        }
        out.push(schema);
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            && let Some(target) = root.get("$defs").and_then(|d| d.get(name))
        {
            pending.push(target);
        }
        let keys: &[&str] = if alternatives {
            &["allOf", "anyOf", "oneOf"]
        } else {
            &["allOf"]
        };
        for key in keys {
            pending.extend(
                schema
                    .get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        }
        if let Some(then) = schema.get("then") {
            pending.push(then);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/pets": {
                    "parameters": [{ "$ref": "#/components/parameters/Limit" }]
                }
            },
            "components": {
                "parameters": {
                    "Limit": { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32" } }
                },
                "schemas": {
                    "Pet": {
                        "type": "object",
                        "required": ["id", "name", "secret"],
                        "properties": {
                            "id": { "type": "integer", "readOnly": true },
                            "name": { "type": "string", "nullable": true, "example": "Rex" },
                            "secret": { "$ref": "#/components/schemas/Secret" },
                            "age": { "type": "number", "minimum": 0, "exclusiveMinimum": true },
                            "kind": { "$ref": "#/components/schemas/Kind" }
                        }
                    },
                    "Secret": { "type": "string", "writeOnly": true, "x-vendor": 1 },
                    "Kind": { "type": "string", "enum": ["cat", "dog"], "nullable": true },
                    "Cat": { "type": "object", "properties": { "kind": { "type": "string" }, "purrs": { "type": "boolean" } }, "required": ["purrs"] },
                    "Dog": { "type": "object", "properties": { "kind": { "type": "string" }, "barks": { "type": "boolean" } }, "required": ["barks"] },
                    "Animal": {
                        "oneOf": [{ "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" }],
                        "discriminator": { "propertyName": "kind", "mapping": { "woof": "#/components/schemas/Dog" } }
                    },
                    "Tree": {
                        "type": "object",
                        "properties": { "children": { "type": "array", "items": { "$ref": "#/components/schemas/Tree" } } }
                    }
                }
            }
        })
    }

    fn valid(schema: &Value, instance: Value) -> bool {
        jsonschema::draft202012::new(schema)
            .expect("a valid schema")
            .is_valid(&instance)
    }

    #[test]
    fn pointers_are_followed_through_references() {
        let doc = doc();
        let (node, at) = resolve(&doc, "#/paths/~1pets/parameters/0/schema").expect("resolves");
        assert_eq!(node["format"], "int32");
        assert_eq!(at, "#/components/parameters/Limit/schema");
        assert!(resolve(&doc, "#/paths/~1pets/nothing").is_err());
        assert!(resolve(&doc, "other.yaml#/x").is_err());
    }

    #[test]
    fn nullable_exclusive_bounds_and_annotations_are_converted() {
        let doc = doc();
        let schema = Converter::new(&doc, Direction::Either)
            .json_schema("#/components/schemas/Pet")
            .expect("converts");
        let pet = json!({"id": 1, "name": null, "secret": "s", "kind": null});
        assert!(valid(&schema, pet.clone()));
        let mut older = pet.clone();
        older["age"] = json!(0);
        assert!(!valid(&schema, older), "exclusiveMinimum: 0 is out");
        let mut unknown_kind = pet;
        unknown_kind["kind"] = json!("cow");
        assert!(!valid(&schema, unknown_kind));
        assert!(!schema.to_string().contains("example"), "{schema}");
        assert!(!schema.to_string().contains("x-vendor"), "{schema}");
    }

    #[test]
    fn read_only_and_write_only_properties_are_required_one_way() {
        let doc = doc();
        let pet = |dir| {
            Converter::new(&doc, dir)
                .json_schema("#/components/schemas/Pet")
                .expect("converts")
        };
        let sent = json!({"name": "Rex", "secret": "s"});
        let received = json!({"id": 1, "name": "Rex"});
        assert!(valid(&pet(Direction::Request), sent.clone()));
        assert!(!valid(&pet(Direction::Response), sent.clone()));
        assert!(valid(&pet(Direction::Response), received.clone()));
        assert!(!valid(&pet(Direction::Request), received));
        assert!(!valid(&pet(Direction::Either), sent));
    }

    #[test]
    fn typed_string_formats_are_asserted_and_others_go() {
        let doc = json!({ "components": { "schemas": {
            "Id": { "type": "string", "format": "uuid" },
            "Mail": { "type": "string", "format": "email" }
        }}});
        let convert = |pointer: &str| {
            Converter::new(&doc, Direction::Response)
                .json_schema(pointer)
                .expect("converts")
        };
        let (id, mail) = (
            convert("#/components/schemas/Id"),
            convert("#/components/schemas/Mail"),
        );
        assert_eq!(id["format"], "uuid", "{id}");
        assert!(!mail.to_string().contains("email"), "{mail}");
    }

    #[test]
    fn integer_formats_bound_the_value() {
        let doc = doc();
        let schema = Converter::new(&doc, Direction::Request)
            .json_schema("#/paths/~1pets/parameters/0/schema")
            .expect("converts");
        assert!(valid(&schema, json!(2_147_483_647)));
        assert!(!valid(&schema, json!(2_147_483_648_u64)));
    }

    #[test]
    fn a_discriminator_picks_the_member_by_its_tag() {
        let doc = doc();
        let schema = Converter::new(&doc, Direction::Either)
            .json_schema("#/components/schemas/Animal")
            .expect("converts");
        // Both members match (no additionalProperties: false): oneOf alone
        // would call this invalid; the tag says it is a Cat.
        assert!(valid(
            &schema,
            json!({"kind": "Cat", "purrs": true, "barks": true})
        ));
        assert!(!valid(&schema, json!({"kind": "Cat", "barks": true})));
        assert!(valid(&schema, json!({"kind": "woof", "barks": true})));
        assert!(valid(&schema, json!({"kind": "Dog", "barks": true})));
        assert!(!valid(&schema, json!({"kind": "Dog", "purrs": true})));
    }

    #[test]
    fn recursive_references_are_defined_once() {
        let doc = doc();
        let schema = Converter::new(&doc, Direction::Either)
            .json_schema("#/components/schemas/Tree")
            .expect("converts");
        assert_eq!(schema["$defs"].as_object().map(Map::len), Some(1));
        assert!(valid(&schema, json!({"children": [{"children": []}]})));
        assert!(!valid(&schema, json!({"children": [{"children": 1}]})));
    }

    #[test]
    fn property_status_looks_through_references_and_combinations() {
        let doc = doc();
        let schema = Converter::new(&doc, Direction::Either)
            .json_schema("#/components/schemas/Tree")
            .expect("converts");
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            property_status(&schema, &[], "children"),
            PropertyStatus::Declared
        );
        assert_eq!(
            property_status(&schema, &path(&["children", "0"]), "leaf"),
            PropertyStatus::Undeclared
        );
        let animal = Converter::new(&doc, Direction::Either)
            .json_schema("#/components/schemas/Animal")
            .expect("converts");
        assert_eq!(
            property_status(&animal, &[], "barks"),
            PropertyStatus::Declared
        );
        assert_eq!(
            property_status(&animal, &[], "moos"),
            PropertyStatus::Undeclared
        );
        let map = json!({"type": "object", "properties": {"a": {}}, "additionalProperties": true});
        assert_eq!(
            property_status(&map, &[], "b"),
            PropertyStatus::AdditionalStated
        );
        assert_eq!(
            property_status(&json!({}), &[], "b"),
            PropertyStatus::Unknown
        );
    }
}
