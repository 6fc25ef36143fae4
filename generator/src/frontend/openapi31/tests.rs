use super::*;
use serde_json::Map;

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
    let out = schema(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}));
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
    let out = schema(json!({"type": "object", "anyOf": [{"type": "string"}, {"type": "null"}]}));
    assert_eq!(
        out,
        json!({"type": "object", "anyOf": [{"type": "string"}], "nullable": true})
    );
}

#[test]
fn merged_member_is_rewritten_too() {
    let out =
        schema(json!({"anyOf": [{"type": ["string", "null"], "const": "x"}, {"type": "null"}]}));
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
        schema(json!({"patternProperties": {"^a": {"type": "integer"}, "^b": {"type": "string"}}})),
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
        schema(json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}]})),
        json!({"type": "array", "items": {"type": "number"}})
    );
    assert_eq!(
        schema(json!({"type": "array", "items": false})),
        json!({"type": "array"})
    );
}

#[test]
fn a_tuple_items_without_a_type_lists_what_the_value_may_be() {
    assert_eq!(
        schema(json!({"items": [{"type": "object", "properties": {"a": {}}}, {"type": "string"}]})),
        json!({"anyOf": [{"type": "object", "properties": {"a": {}}}, {"type": "string"}]})
    );
    // A null entry makes the value nullable.
    assert_eq!(
        schema(json!({"items": [{"$ref": "#/components/schemas/M"}, {"type": "null"}]})),
        json!({"allOf": [{"$ref": "#/components/schemas/M"}], "nullable": true})
    );
    // Beside properties the value is an object, and `items` says nothing of it.
    let with_properties = json!({"properties": {"a": {}}, "items": [{"type": "string"}]});
    assert_eq!(
        schema(with_properties.clone())["properties"],
        with_properties["properties"]
    );
    assert!(schema(with_properties).get("anyOf").is_none());
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
