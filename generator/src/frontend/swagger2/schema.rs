//! Schemas: the 2.0-only keywords (`x-nullable`, `type` lists, `type: file`,
//! a string `discriminator`, tuple `items`) in their 3.0 spelling, through
//! every subschema.

use super::fields::{Object, copy_extensions, copy_keys, truthy};
use serde_json::{Value, json};

pub(super) fn converted_schema(schema: &Value) -> Value {
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
    // Tuple-style `items` is not 3.0: each entry is converted here, and the
    // list is read as the 3.1 rewrites read one (see `tuple_items_to_items`).
    if let Some(Value::Array(list)) = map.get_mut("items") {
        list.iter_mut().for_each(convert_schema);
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
