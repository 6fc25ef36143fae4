//! Form bodies (`application/x-www-form-urlencoded`): which schemas have a
//! form encoding, and how such a body is sent.

use crate::ir::{BodyKind, Primitive, TypeKind, TypeRef, TypeSpace};

/// How a form body is sent, from its schema: an object (or a map, a union,
/// anything) as form fields; a string as the text it is (already encoded);
/// raw bytes as they are. Anything else has no form encoding: its shape is
/// the error.
pub(super) fn form_body(
    types: &TypeSpace,
    ty: TypeRef,
) -> std::result::Result<BodyKind, &'static str> {
    let mut shape = types.resolve(&ty);
    while let TypeRef::Option(inner) = shape {
        shape = types.resolve(inner);
    }
    match shape {
        TypeRef::Primitive(Primitive::String) => Ok(BodyKind::Text),
        TypeRef::Primitive(Primitive::Bytes) => Ok(BodyKind::Binary),
        TypeRef::Primitive(Primitive::Bool) => Err("a boolean"),
        TypeRef::Primitive(p) if p.is_string_format() => Err("a date, time or uuid"),
        TypeRef::Primitive(_) => Err("a number"),
        TypeRef::Array(_) => Err("an array"),
        TypeRef::Named(id) if matches!(types.get(*id).kind, TypeKind::Enum(_)) => Err("an enum"),
        _ => Ok(BodyKind::Form(ty)),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;
    use std::path::Path;

    /// Lowers a spec with one form body of `schema` (YAML, indented for
    /// its place).
    fn lower_form(schema: &str) -> crate::error::Result<Api> {
        let text = format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /submit:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
{schema}
      responses:
        '204': {{description: done}}
components:
  schemas:
    Colour: {{type: string, enum: [red, green]}}
    Fields: {{type: object, properties: {{a: {{type: string}}}}}}
    Token: {{type: string}}
"
        );
        let file = Path::new("inline.yaml");
        let document = crate::load::parse_document(file, &text).expect("parses");
        let loaded = crate::load::LoadedSpec {
            file: file.to_path_buf(),
            document,
            size_bytes: 0,
        };
        let model = crate::frontend::to_model(loaded).expect("front-end");
        crate::lower::lower(&model)
    }

    fn body_kind(schema: &str) -> BodyKind {
        let api = lower_form(schema).unwrap_or_else(|e| panic!("{schema}: {e}"));
        api.operations[0]
            .body
            .as_ref()
            .expect("a body")
            .kind
            .clone()
    }

    #[test]
    fn objects_are_form_fields_and_strings_are_sent_as_written() {
        assert!(matches!(
            body_kind("              $ref: '#/components/schemas/Fields'"),
            BodyKind::Form(_)
        ));
        assert!(matches!(
            body_kind("              type: object"),
            BodyKind::Form(_)
        ));
        assert!(matches!(body_kind("              {}"), BodyKind::Form(_)));
        assert_eq!(body_kind("              type: string"), BodyKind::Text);
        assert_eq!(
            body_kind("              $ref: '#/components/schemas/Token'"),
            BodyKind::Text
        );
    }

    /// A form body with no form encoding was sent empty; now generation
    /// stops with an error at the schema.
    #[test]
    fn other_shapes_are_refused_at_the_schema() {
        for (schema, shape) in [
            (
                "              {type: array, items: {type: string}}",
                "an array",
            ),
            ("              type: integer", "a number"),
            ("              type: boolean", "a boolean"),
            (
                "              $ref: '#/components/schemas/Colour'",
                "an enum",
            ),
        ] {
            let error = lower_form(schema).expect_err(schema).to_string();
            assert!(error.contains(&format!("this one is {shape}")), "{error}");
            assert!(error.contains("/paths/~1submit/post/requestBody/content/application~1x-www-form-urlencoded/schema"), "{error}");
        }
    }
}
