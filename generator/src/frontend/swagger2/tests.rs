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
    src["parameters"] = json!({ "Note": { "in": "formData", "name": "note", "type": "string" } });
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
