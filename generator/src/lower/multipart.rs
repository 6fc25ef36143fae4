//! Multipart bodies: the content type the spec's `encoding` object gives
//! each part. (Which fields are files is the multipart pass's job, on the IR.)

use openapiv3::MediaType;

/// `(field, content type)` for each part whose `encoding` names one
/// concrete media type. A list (`image/png, image/jpeg`) or a range
/// (`image/*`) says what the server accepts, not what to send: the part then
/// gets the default (the file's own, or the runtime's choice).
pub(super) fn part_types(media: &MediaType) -> Vec<(String, String)> {
    media
        .encoding
        .iter()
        .filter_map(|(field, encoding)| {
            let content_type = encoding.content_type.as_deref()?.trim();
            let concrete = !content_type.is_empty() && !content_type.contains([',', '*']);
            concrete.then(|| (field.clone(), content_type.to_string()))
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::ir::*;

    /// Lowers a spec written inline and runs the passes.
    pub(in crate::lower) fn lower_text(text: &str) -> Api {
        let mut api = crate::lower::test_support::lower_inline(text);
        // The emitters' own names matter to naming, not to lowering.
        let generated = crate::emit::generated_names();
        crate::passes::run(&mut api, &crate::passes::PassOptions::default(), &generated);
        api
    }

    #[test]
    fn only_one_concrete_media_type_names_a_part_type() {
        let media: MediaType = serde_json::from_value(serde_json::json!({
            "encoding": {
                "file": { "contentType": "image/png" },
                "any": { "contentType": "image/*" },
                "list": { "contentType": "image/png, image/jpeg" },
                "meta": { "contentType": "application/json; charset=utf-8" },
                "none": { "style": "form" }
            }
        }))
        .expect("a media type");
        assert_eq!(
            part_types(&media),
            vec![
                ("file".to_string(), "image/png".to_string()),
                (
                    "meta".to_string(),
                    "application/json; charset=utf-8".to_string()
                ),
            ]
        );
    }

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /inline:
    post:
      operationId: inline
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                files: {type: array, items: {type: string, format: binary}}
                note: {type: string}
            encoding:
              file: {contentType: image/png}
      responses:
        '204': {description: done}
  /shared:
    post:
      operationId: shared
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Doc'}
      responses:
        '200':
          description: the same schema, as JSON
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Doc'}
components:
  schemas:
    Doc:
      type: object
      properties:
        content: {type: string, format: binary}
        digest: {type: string, format: byte}
";

    fn field_types(api: &Api, ty: &TypeRef) -> Vec<(String, TypeRef)> {
        let TypeRef::Named(id) = ty else {
            panic!("a named type: {ty:?}")
        };
        match &api.types.get(*id).kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.wire_name.clone(), f.ty.clone()))
                .collect(),
            other => panic!("a struct: {other:?}"),
        }
    }

    fn body<'a>(api: &'a Api, operation: &str) -> &'a RequestBody {
        api.operations
            .iter()
            .find(|op| op.operation_id.as_deref() == Some(operation))
            .and_then(|op| op.body.as_ref())
            .expect("a body")
    }

    /// Binary fields of a form are files (lists of them too), with the
    /// part type `encoding` gives; text stays text.
    #[test]
    fn binary_fields_of_a_form_are_files() {
        let api = lower_text(SPEC);
        let inline = body(&api, "inline");
        assert_eq!(inline.part_types, vec![("file".into(), "image/png".into())]);
        let BodyKind::Multipart(ty) = &inline.kind else {
            panic!("multipart")
        };
        let file = TypeRef::Primitive(Primitive::File);
        assert_eq!(
            field_types(&api, ty),
            vec![
                ("file".into(), file.clone()),
                ("files".into(), TypeRef::Array(Box::new(file))),
                ("note".into(), TypeRef::Primitive(Primitive::String)),
            ]
        );
    }

    /// A schema also used as JSON is copied into a form type; the JSON
    /// type keeps its binary field (text in JSON) and its base64 one.
    #[test]
    fn a_schema_also_used_as_json_gets_a_form_type_of_its_own() {
        let api = lower_text(SPEC);
        let BodyKind::Multipart(form) = &body(&api, "shared").kind else {
            panic!("multipart")
        };
        let TypeRef::Named(form_id) = form else {
            panic!("named")
        };
        assert_eq!(api.types.get(*form_id).name, "DocForm");
        assert_eq!(
            field_types(&api, form)[0].1,
            TypeRef::Primitive(Primitive::File)
        );
        let op = api
            .operations
            .iter()
            .find(|op| op.operation_id.as_deref() == Some("shared"))
            .expect("shared");
        let Some(ResponseBody {
            kind: ResponseKind::Json(json),
            ..
        }) = &op.responses[0].body
        else {
            panic!("a JSON response")
        };
        assert_ne!(json, form);
        assert_eq!(
            field_types(&api, json),
            vec![
                ("content".into(), TypeRef::Primitive(Primitive::Bytes)),
                ("digest".into(), TypeRef::Primitive(Primitive::Base64)),
            ]
        );
    }
}
