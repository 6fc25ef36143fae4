//! The lowering records every example a spec gives with the type of its
//! place (`Api::examples`), in every dialect, for `cargo xtask roundtrip`.

use oagen::ir::{Api, ExampleCheck, TypeRef};
use oagen::manifest::ServiceSpec;

/// Lowers `text` (written to a file named `file`) through the whole
/// pipeline, and checks that each example's schema pointer is found in the
/// document the front-end makes (where tools look the schemas up).
fn api_of(file: &str, text: &str) -> Api {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(file);
    std::fs::write(&path, text).expect("writes the spec");
    let loaded = oagen::load::load(&path).expect("loads");
    let (_, document) = oagen::frontend::to_document(loaded).expect("rewrites");
    let api = lower(&path, file);
    for example in api.examples.iter().filter(|e| !e.schema_pointer.is_empty()) {
        // Found, or passing through a `$ref` (a component used in place).
        let pointer = example.schema_pointer.trim_start_matches('#');
        let mut reached = pointer;
        while document.pointer(reached).is_none() {
            reached = reached.rsplit_once('/').map_or("", |(head, _)| head);
        }
        assert!(
            reached == pointer
                || document
                    .pointer(reached)
                    .is_some_and(|n| n.get("$ref").is_some()),
            "{} is not in the document",
            example.schema_pointer
        );
    }
    api
}

fn lower(path: &std::path::Path, file: &str) -> Api {
    let path = path.to_path_buf();
    let service = ServiceSpec {
        name: "t".into(),
        spec: path,
        spec_label: file.into(),
        module: "m".into(),
        feature: "m".into(),
        passes: Default::default(),
        rate_limit: None,
    };
    oagen::generate::build_api(&service).expect("builds").0
}

/// `pointer => type` (or `=> skipped: reason`), one line per example.
fn listing(api: &Api) -> Vec<String> {
    api.examples
        .iter()
        .map(|e| match &e.check {
            ExampleCheck::Decode { ty, value } => format!(
                "{} => {} = {value} [{:?}, schema {}]",
                e.pointer,
                type_text(api, ty),
                e.direction,
                e.schema_pointer
            ),
            ExampleCheck::Skip { reason } => format!("{} => skipped: {reason}", e.pointer),
        })
        .collect()
}

/// The type's path; inline types (whose names the naming pass may change) as `<inline>`.
fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) if !api.types.get(*id).named_in_spec => "<inline>".into(),
        _ => oagen::emit::type_path(&api.types, ty, "c::m::types").expect("a type path"),
    }
}

#[test]
fn openapi_30_examples_are_recorded_with_the_types_of_their_places() {
    let api = api_of(
        "examples-3.0.yaml",
        r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      operationId: getPet
      parameters:
        - name: limit
          in: query
          schema: {type: integer, format: int32, example: 5}
          examples:
            small: {value: 1}
            far: {externalValue: 'https://example.com/x.json'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              examples:
                rex: {$ref: '#/components/examples/Rex'}
            application/xml:
              example: '<pet/>'
        '404': {$ref: '#/components/responses/NotFound'}
    put:
      operationId: putPet
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                tags: {type: array, items: {type: string, example: a}}
            example: {tags: [a]}
      responses:
        '404': {$ref: '#/components/responses/NotFound'}
  /logo:
    get:
      operationId: getLogo
      responses:
        '200':
          description: ok
          content:
            image/png:
              schema: {type: string, format: binary}
              example: not really a png
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}, example: p1}
  responses:
    NotFound:
      description: nope
      content:
        application/json:
          schema: {type: object, properties: {message: {type: string}}}
          example: {message: gone}
  examples:
    Rex: {value: {name: Rex}}
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, example: Rex}
        age: {type: integer, nullable: true, example: 3}
      example: {name: Rex, age: 3}
"##,
    );
    let pets = "#/paths/~1pets~1{id}";
    let json = "content/application~1json";
    let expected = [
        "#/components/schemas/Pet/properties/name/example => String = \"Rex\" [Either, schema #/components/schemas/Pet/properties/name]".to_string(),
        "#/components/schemas/Pet/properties/age/example => Option<i64> = 3 [Either, schema #/components/schemas/Pet/properties/age]".into(),
        "#/components/schemas/Pet/example => c::m::types::Pet = {\"name\":\"Rex\",\"age\":3} [Either, schema #/components/schemas/Pet]".into(),
        format!("{pets}/get/parameters/0/schema/example => i32 = 5 [Request, schema {pets}/get/parameters/0/schema]"),
        format!("{pets}/get/parameters/0/examples/small => i32 = 1 [Request, schema {pets}/get/parameters/0/schema]"),
        format!("{pets}/get/parameters/0/examples/far => skipped: externalValue: https://example.com/x.json"),
        format!("{pets}/parameters/0/example => String = \"p1\" [Request, schema {pets}/parameters/0/schema]"),
        format!("{pets}/get/responses/200/{json}/examples/rex => c::m::types::Pet = {{\"name\":\"Rex\"}} [Response, schema {pets}/get/responses/200/{json}/schema]"),
        format!("{pets}/get/responses/200/content/application~1xml/example => skipped: media type not read: application/xml (the client reads application/json)"),
        format!("{pets}/get/responses/404/{json}/example => <inline> = {{\"message\":\"gone\"}} [Response, schema {pets}/get/responses/404/{json}/schema]"),
        format!("{pets}/put/requestBody/{json}/schema/properties/tags/items/example => String = \"a\" [Request, schema {pets}/put/requestBody/{json}/schema/properties/tags/items]"),
        format!("{pets}/put/requestBody/{json}/example => <inline> = {{\"tags\":[\"a\"]}} [Request, schema {pets}/put/requestBody/{json}/schema]"),
        "#/paths/~1logo/get/responses/200/content/image~1png/example => skipped: media type not JSON: image/png".into(),
    ];
    assert_eq!(listing(&api), expected);
}

#[test]
fn swagger_2_examples_survive_the_rewrite_to_the_30_shape() {
    let api = api_of(
        "examples-2.0.yaml",
        r##"swagger: '2.0'
info: {title: t, version: '1'}
produces: [application/json]
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: limit, in: query, type: integer, x-example: 10}
      responses:
        '200':
          description: ok
          schema: {type: array, items: {$ref: '#/definitions/Thing'}}
          examples:
            application/json: [{id: 1}]
definitions:
  Thing:
    type: object
    properties:
      id: {type: integer, x-nullable: true}
    example: {id: 7}
    x-examples:
      nothing: {id: null}
"##,
    );
    let things = "#/paths/~1things/get";
    let expected = [
        "#/components/schemas/Thing/example => c::m::types::Thing = {\"id\":7} [Either, schema #/components/schemas/Thing]".to_string(),
        "#/components/schemas/Thing/x-examples/nothing => c::m::types::Thing = {\"id\":null} [Either, schema #/components/schemas/Thing]".into(),
        format!("{things}/parameters/0/example => i64 = 10 [Request, schema {things}/parameters/0/schema]"),
        format!("{things}/responses/200/content/application~1json/example => Vec<c::m::types::Thing> = [{{\"id\":1}}] [Response, schema {things}/responses/200/content/application~1json/schema]"),
    ];
    assert_eq!(listing(&api), expected);
}

#[test]
fn every_example_of_a_31_examples_list_is_recorded() {
    // The 3.1 rewrite used to keep the first of `examples` only.
    let api = api_of(
        "examples-3.1.yaml",
        r##"openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Ping'}
            examples:
              one: {value: {at: 1}}
      responses:
        '200': {description: ok}
components:
  schemas:
    Ping:
      type: object
      properties:
        at: {type: [integer, 'null'], examples: [1, null]}
      examples: [{at: 1}, {at: 2}, {}]
"##,
    );
    let ping = "#/components/schemas/Ping";
    let webhook = "#/webhooks/ping/post/requestBody/content/application~1json";
    let expected = [
        format!(
            "{ping}/properties/at/examples/0 => Option<i64> = 1 [Either, schema {ping}/properties/at]"
        ),
        format!(
            "{ping}/properties/at/examples/1 => Option<i64> = null [Either, schema {ping}/properties/at]"
        ),
        format!("{ping}/examples/0 => c::m::types::Ping = {{\"at\":1}} [Either, schema {ping}]"),
        format!("{ping}/examples/1 => c::m::types::Ping = {{\"at\":2}} [Either, schema {ping}]"),
        format!("{ping}/examples/2 => c::m::types::Ping = {{}} [Either, schema {ping}]"),
        format!(
            "{webhook}/examples/one => c::m::types::Ping = {{\"at\":1}} [Response, schema {webhook}/schema]"
        ),
    ];
    assert_eq!(listing(&api), expected);
}
