//! Lowering of schemas, on small specs written inline.

use crate::ir::*;

use crate::lower::test_support::lower_inline as lower_text;

#[test]
fn dangling_schema_ref_falls_back_to_any_json() {
    let api = lower_text(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Config:
      type: object
      properties:
        default:
          $ref: '#/components/schemas/oas_any_type_not_mapped'
",
    );
    let config = api
        .types
        .defs
        .iter()
        .find(|d| d.name == "Config")
        .expect("Config");
    let TypeKind::Struct(s) = &config.kind else {
        panic!("a struct expected")
    };
    assert_eq!(s.fields[0].ty, TypeRef::Any);
    assert_eq!(api.fallbacks.len(), 1);
    assert!(
        api.fallbacks[0].reason.contains("does not exist"),
        "{:?}",
        api.fallbacks
    );
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .defs
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn fields(api: &Api, name: &str) -> Vec<(String, TypeRef)> {
    match &def(api, name).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.ty.clone()))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

const HEAD: &str =
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

#[test]
fn alternatives_that_only_require_properties_leave_an_exact_struct() {
    let api = lower_text(&format!(
        "{HEAD}    Ref:
      type: object
      properties:
        url: {{type: string}}
        file_id: {{type: string}}
      anyOf: [{{required: [url]}}, {{required: [file_id]}}]
      not: {{required: [url, file_id]}}
"
    ));
    assert_eq!(fields(&api, "Ref").len(), 2);
    assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
}

#[test]
fn all_of_a_reference_and_a_restated_scalar_is_the_reference() {
    let api = lower_text(&format!(
        "{HEAD}    UserId: {{type: string, enum: [a, b]}}
    Holder:
      type: object
      properties:
        id:
          allOf: [{{$ref: '#/components/schemas/UserId'}}, {{type: string, description: the id}}]
"
    ));
    let user_id = api
        .types
        .ids()
        .find(|id| api.types.get(*id).name == "UserId")
        .expect("UserId");
    assert_eq!(fields(&api, "Holder")[0].1, TypeRef::Named(user_id));
    assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
}

#[test]
fn enums_of_objects_and_mistyped_string_enums_are_typed() {
    let api = lower_text(&format!(
        "{HEAD}    Config:
      type: object
      properties:
        ports: {{type: object, additionalProperties: {{type: object, enum: [{{}}]}}}}
        events: {{type: array, items: {{type: object, enum: [send, open]}}}}
"
    ));
    let f = fields(&api, "Config");
    // An object without properties is a map, whose values here are
    // objects without properties: maps again.
    assert_eq!(
        f[0].1,
        TypeRef::Map(Box::new(TypeRef::Map(Box::new(TypeRef::Any))))
    );
    let TypeRef::Array(item) = &f[1].1 else {
        panic!("an array expected: {:?}", f[1].1)
    };
    let TypeRef::Named(id) = **item else {
        panic!("a named enum expected: {item:?}")
    };
    assert!(matches!(api.types.get(id).kind, TypeKind::Enum(_)));
    assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
}

#[test]
fn references_into_a_component_reach_the_schema_there() {
    let api = lower_text(&format!(
        "{HEAD}    Event:
      type: object
      properties:
        items:
          type: array
          items: {{type: object, properties: {{id: {{type: string}}}}}}
    Special:
      type: object
      properties:
        first: {{$ref: '#/components/schemas/Event/properties/items/items'}}
        more:
          type: array
          items:
            allOf:
              - $ref: '#/components/schemas/Event/properties/items/items'
              - {{type: object, properties: {{kind: {{type: string}}}}}}
"
    ));
    let TypeRef::Array(item) = &fields(&api, "Event")[0].1 else {
        panic!("an array expected")
    };
    let special = fields(&api, "Special");
    assert_eq!(special[0].1, **item);
    let TypeRef::Array(merged) = &special[1].1 else {
        panic!("an array expected")
    };
    let TypeRef::Named(merged) = **merged else {
        panic!("a struct expected")
    };
    let TypeKind::Struct(merged) = &api.types.get(merged).kind else {
        panic!("a struct expected")
    };
    let names: Vec<&str> = merged.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(names, ["id", "kind"]);
    assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
}

#[test]
fn all_of_a_union_and_an_object_keeps_the_union_part_as_json() {
    let api = lower_text(&format!(
        "{HEAD}    Body:
      oneOf:
        - {{type: object, properties: {{content: {{type: string}}}}}}
        - {{type: object, properties: {{calls: {{type: array, items: {{type: string}}}}}}}}
    Message:
      allOf:
        - $ref: '#/components/schemas/Body'
        - {{type: object, properties: {{role: {{type: string}}}}}}
"
    ));
    let TypeKind::Struct(message) = &def(&api, "Message").kind else {
        panic!("a struct expected")
    };
    assert_eq!(message.fields.len(), 1);
    assert_eq!(message.additional, Some(TypeRef::Any));
    assert_eq!(api.fallbacks.len(), 1);
}

#[test]
fn discriminator_values_come_from_what_each_member_pins() {
    let api = lower_text(&format!(
            "{HEAD}    Chunk: {{type: object, properties: {{text: {{type: string}}}}}}
    Final: {{type: object, properties: {{done: {{type: boolean}}}}}}
    Grammar:
      oneOf:
        - {{type: object, properties: {{type: {{type: string, enum: [json]}}, value: {{}}}}}}
        - {{type: object, properties: {{type: {{type: string, enum: [regex]}}, value: {{type: string}}}}}}
      discriminator: {{propertyName: type}}
    Completion:
      oneOf:
        - allOf: [{{$ref: '#/components/schemas/Chunk'}}, {{properties: {{object: {{type: string, enum: [text_completion]}}}}}}]
        - allOf: [{{$ref: '#/components/schemas/Final'}}, {{properties: {{object: {{type: string, enum: [text_completion]}}}}}}]
      discriminator: {{propertyName: object}}
"
        ));
    let mapping = |name: &str| match &def(&api, name).kind {
        TypeKind::Union(UnionDef {
            tagging: Tagging::Internal(d),
            ..
        }) => d.mapping.clone(),
        other => panic!("{name} is not a tagged union: {other:?}"),
    };
    assert_eq!(
        mapping("Grammar"),
        vec![("json".into(), 0), ("regex".into(), 1)]
    );
    assert_eq!(
        mapping("Completion"),
        vec![("text_completion".into(), 0), ("text_completion".into(), 1)]
    );
}

fn union<'a>(api: &'a Api, name: &str) -> &'a UnionDef {
    match &def(api, name).kind {
        TypeKind::Union(u) => u,
        other => panic!("{name} is not a union: {other:?}"),
    }
}

#[test]
fn a_tag_every_member_pins_is_inferred_and_strict() {
    let api = lower_text(&format!(
        "{HEAD}    Event:
      oneOf:
        - {{type: object, required: [type], properties: {{type: {{enum: [started]}}, at: {{type: string}}}}}}
        - $ref: '#/components/schemas/Stopped'
    Stopped:
      type: object
      properties:
        type: {{type: string, enum: [stopped]}}
        reason: {{type: string}}
"
    ));
    let event = union(&api, "Event");
    let Tagging::Internal(d) = &event.tagging else {
        panic!("not tagged: {:?}", event.tagging)
    };
    assert_eq!((d.property.as_str(), d.inferred), ("type", true));
    let names: Vec<&str> = event.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["started", "stopped"]);
    let strict: Vec<&str> = api
        .types
        .defs
        .iter()
        .filter(|d| matches!(&d.kind, TypeKind::Enum(e) if e.strict))
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(strict, ["started type", "stopped type"]);
}

#[test]
fn objects_of_one_key_and_bare_strings_are_externally_tagged() {
    let api = lower_text(&format!(
        "{HEAD}    Message:
      oneOf:
        - {{type: object, required: [pong], additionalProperties: false, properties: {{pong: {{type: integer}}}}}}
        - {{type: string, enum: [close, quit]}}
    Open:
      oneOf:
        - {{type: object, required: [pong], properties: {{pong: {{type: integer}}}}, additionalProperties: true}}
        - {{type: string, enum: [close]}}
"
    ));
    let message = union(&api, "Message");
    assert_eq!(message.tagging, Tagging::External);
    let variants: Vec<(&str, Option<&str>, bool)> = message
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.wire.as_deref(), v.unit))
        .collect();
    assert_eq!(
        variants,
        [
            ("pong", Some("pong"), false),
            ("close", Some("close"), true),
            ("quit", Some("quit"), true)
        ]
    );
    assert_eq!(message.variants[0].ty, TypeRef::Primitive(Primitive::I64));
    // Other properties allowed: not one key, told apart by shape.
    assert_eq!(union(&api, "Open").tagging, Tagging::Untagged);
}

#[test]
fn a_string_or_listed_strings_is_an_open_enum() {
    let api = lower_text(&format!(
        "{HEAD}    Model:
      anyOf:
        - {{type: string}}
        - {{type: string, enum: [small, large]}}
"
    ));
    let TypeKind::Enum(e) = &def(&api, "Model").kind else {
        panic!("an enum expected")
    };
    assert!(!e.strict);
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["small", "large"]);
}

#[test]
fn objects_without_properties_are_maps_and_schemas_of_no_type_any_json() {
    let api = lower_text(&format!(
        "{HEAD}    Holder:
      type: object
      properties:
        config: {{type: object}}
        labels: {{type: object, additionalProperties: {{type: string}}}}
        anything: {{description: any value}}
        empty: {{}}
        closed: {{type: object, additionalProperties: false}}
        loose: {{allOf: [{{description: a}}, {{description: b}}]}}
"
    ));
    let f = fields(&api, "Holder");
    let map = |t: TypeRef| TypeRef::Map(Box::new(t));
    assert_eq!(f[0].1, map(TypeRef::Any));
    assert_eq!(f[1].1, map(TypeRef::Primitive(Primitive::String)));
    assert_eq!(f[2].1, TypeRef::Any);
    assert_eq!(f[3].1, TypeRef::Any);
    let TypeRef::Named(closed) = f[4].1 else {
        panic!("a struct expected")
    };
    assert_eq!(
        api.types.get(closed).kind,
        TypeKind::Struct(StructDef::default())
    );
    assert_eq!(f[5].1, TypeRef::Any);
}

/// Whether the field `name` of the struct `owner` takes null.
fn field_nullable(api: &Api, owner: &str, name: &str) -> bool {
    match &def(api, owner).kind {
        TypeKind::Struct(s) => {
            s.fields
                .iter()
                .find(|f| f.wire_name == name)
                .unwrap_or_else(|| panic!("no field {name}"))
                .nullable
        }
        other => panic!("{owner} is not a struct: {other:?}"),
    }
}

#[test]
fn a_reference_to_a_nullable_schema_takes_null() {
    let api = lower_text(&format!(
        "{HEAD}    Failure:
      type: object
      nullable: true
      properties: {{code: {{type: string}}}}
    Code: {{type: string, enum: [atm, cash, null], nullable: true}}
    Wrapped:
      allOf: [{{$ref: '#/components/schemas/Failure'}}]
    Item:
      type: object
      required: [error, code, wrapped, inline, plain]
      properties:
        error: {{$ref: '#/components/schemas/Failure'}}
        code: {{$ref: '#/components/schemas/Code'}}
        wrapped: {{$ref: '#/components/schemas/Wrapped'}}
        inline: {{allOf: [{{$ref: '#/components/schemas/Failure'}}], description: the failure}}
        annotated:
          allOf: [{{$ref: '#/components/schemas/Failure'}}, {{description: the failure}}]
        extended:
          allOf: [{{$ref: '#/components/schemas/Failure'}}, {{properties: {{more: {{type: string}}}}}}]
        plain: {{$ref: '#/components/schemas/Item'}}
"
    ));
    for name in ["error", "code", "wrapped", "inline", "annotated"] {
        assert!(field_nullable(&api, "Item", name), "{name}");
    }
    assert!(!field_nullable(&api, "Item", "plain"));
    // A member that adds properties does not take null.
    assert!(!field_nullable(&api, "Item", "extended"));
}

#[test]
fn nullability_written_in_each_dialect_reaches_the_places_of_use() {
    let swagger2 = lower_text(
        "swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
definitions:
  Failure:
    type: object
    x-nullable: true
    properties: {code: {type: string}}
  Item:
    type: object
    required: [error]
    properties:
      error: {$ref: '#/definitions/Failure'}
",
    );
    assert!(field_nullable(&swagger2, "Item", "error"));
    let openapi31 = lower_text(
        "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Failure:
      type: [object, 'null']
      properties: {code: {type: string}}
    Item:
      type: object
      required: [error]
      properties:
        error: {$ref: '#/components/schemas/Failure'}
",
    );
    assert!(field_nullable(&openapi31, "Item", "error"));
}

#[test]
fn swagger_tuple_items_are_the_alternatives_they_list() {
    let api = lower_text(
        "swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
definitions:
  Message:
    type: object
    properties: {text: {type: string}}
  Conversation:
    items:
      - {type: object, properties: {id: {type: string}, is_im: {type: boolean, enum: [false]}}}
      - {type: object, properties: {id: {type: string}, user: {type: string}}}
  Holder:
    type: object
    required: [latest]
    properties:
      latest:
        items: [{$ref: '#/definitions/Message'}, {type: 'null'}]
      pairs:
        type: array
        items: [{type: string}, {type: integer}]
",
    );
    let TypeKind::Union(conversation) = &def(&api, "Conversation").kind else {
        panic!("a union expected: {:?}", def(&api, "Conversation").kind)
    };
    assert_eq!(conversation.variants.len(), 2);
    let message = api
        .types
        .ids()
        .find(|id| api.types.get(*id).name == "Message")
        .expect("Message");
    let holder = fields(&api, "Holder");
    assert_eq!(holder[0].1, TypeRef::Named(message));
    assert!(field_nullable(&api, "Holder", "latest"));
    // A typed array's tuple: each item is any of the entries.
    let TypeRef::Array(item) = &holder[1].1 else {
        panic!("an array expected: {:?}", holder[1].1)
    };
    let TypeRef::Named(item) = **item else {
        panic!("a union of the entries expected: {item:?}")
    };
    assert!(matches!(api.types.get(item).kind, TypeKind::Union(_)));
}

#[test]
fn a_map_member_is_named_map() {
    let api = lower_text(&format!(
        "{HEAD}    Vector:
      type: array
      items: {{type: number}}
    VectorStruct:
      anyOf:
        - $ref: '#/components/schemas/Vector'
        - type: object
          additionalProperties: {{$ref: '#/components/schemas/Vector'}}
        - type: string
"
    ));
    let names: Vec<&str> = union(&api, "VectorStruct")
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["Vector", "Map", "String"]);
}
