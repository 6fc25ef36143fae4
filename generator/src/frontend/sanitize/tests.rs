use super::schema::sanitize_schema;
use super::*;
use crate::frontend::walk::MAX_DEPTH;
use serde_json::Map;

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
    let s = sanitized_schema(json!({"type": "integer", "exclusiveMaximum": "yes", "maximum": 3}));
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
        "properties": {"a": "string", "b": null, "c": {"type": "array", "items": [{"type": "string"}]}},
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
            "properties": {"a": {}, "b": {}, "c": {"type": "array", "items": {"type": "string"}}},
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
