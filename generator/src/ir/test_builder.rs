//! IR fixtures for tests. Each function returns a whole value whose fields
//! have neutral defaults (no docs, nothing deprecated, required, not boxed),
//! so a test names only what it is about and overrides the rest with struct
//! update syntax: `Field { doc: Some(..), ..field("color", ty) }`.

use super::*;
use heck::ToPascalCase;

/// A type defined as `#/components/schemas/<name>`.
pub fn type_def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.into(),
        origin: format!("#/components/schemas/{name}"),
        named_in_spec: true,
        title: None,
        doc: None,
        deprecated: false,
        kind,
        merged_into: None,
    }
}

/// A string enum of `(wire value, Rust name)` pairs.
pub fn string_enum<'a>(variants: impl IntoIterator<Item = (&'a str, &'a str)>) -> TypeKind {
    TypeKind::Enum(EnumDef {
        repr: EnumRepr::String,
        variants: variants
            .into_iter()
            .map(|(wire, name)| EnumVariant {
                wire: wire.into(),
                name: name.into(),
                doc: None,
            })
            .collect(),
        strict: false,
    })
}

/// A struct of `fields`, without additional properties.
pub fn struct_of(fields: Vec<Field>) -> TypeKind {
    TypeKind::Struct(StructDef {
        fields,
        additional: None,
    })
}

/// A required, non-null field whose Rust name is its wire name.
pub fn field(wire_name: &str, ty: TypeRef) -> Field {
    Field {
        wire_name: wire_name.into(),
        name: wire_name.into(),
        ty,
        required: true,
        nullable: false,
        doc: None,
        deprecated: false,
        read_only: false,
        write_only: false,
        boxed: false,
    }
}

/// A union variant (not boxed).
pub fn union_variant(name: &str, ty: TypeRef) -> UnionVariant {
    UnionVariant::new(name.into(), ty)
}

/// A `GET /<name>` operation called `name` (builder and error types named
/// after it), with no parameters, body or responses, sending no credentials.
pub fn operation(name: &str) -> Operation {
    Operation {
        operation_id: Some(name.into()),
        name: name.into(),
        type_name: name.to_pascal_case(),
        method: Method::Get,
        path: format!("/{name}"),
        tags: Vec::new(),
        summary: None,
        description: None,
        deprecated: false,
        parameters: Vec::new(),
        body: None,
        responses: Vec::new(),
        authenticated: false,
        security: Vec::new(),
        pointer: String::new(),
        pagination: None,
    }
}

/// A required parameter, `form` style, whose Rust name is its wire name.
pub fn parameter(wire_name: &str, location: ParamLocation, ty: TypeRef) -> Parameter {
    Parameter {
        wire_name: wire_name.into(),
        name: wire_name.into(),
        location,
        required: true,
        ty,
        style: ParamStyle::Form,
        explode: false,
        description: None,
        deprecated: false,
        default: None,
        constraints: Constraints::default(),
    }
}

/// A response with `description` and no body.
pub fn response(status: StatusMatch, description: &str) -> Response {
    Response {
        status,
        description: Some(description.into()),
        body: None,
        events: None,
        retry_after: false,
    }
}

/// An `application/json` response body of `ty`.
pub fn json_body(ty: TypeRef) -> ResponseBody {
    ResponseBody {
        content_type: "application/json".into(),
        kind: ResponseKind::Json(ty),
    }
}
