//! The headers a response documents, typed from their schemas, for the
//! typed accessors of `send_with_response`.

use super::{Lowering, resolve};
use crate::error::Result;
use crate::ir::{Primitive, ResponseHeader, TypeRef};
use crate::json_pointer::escape_pointer_segment;
use indexmap::IndexMap;
use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr};

impl Lowering<'_> {
    /// The headers of one response; `hint` names inline types (`... response 200`).
    pub(super) fn response_headers(
        &mut self,
        headers: Option<&IndexMap<String, ReferenceOr<Header>>>,
        hint: &str,
        pointer: &str,
    ) -> Result<Vec<ResponseHeader>> {
        let mut out: Vec<ResponseHeader> = Vec::new();
        for (name, header) in headers.into_iter().flatten() {
            // OpenAPI: a `Content-Type` header description is ignored.
            if name.eq_ignore_ascii_case("content-type")
                || out.iter().any(|h| h.wire_name.eq_ignore_ascii_case(name))
            {
                continue;
            }
            let header_pointer = format!("{pointer}/headers/{}", escape_pointer_segment(name));
            let components = self.components;
            let header = match resolve(
                self.file,
                header,
                "headers",
                |n| components.and_then(|c| c.headers.get(n)),
                &header_pointer,
            ) {
                Ok(header) => header,
                Err(e) => {
                    self.warn(
                        &header_pointer,
                        format!("response header `{name}` is not typed ({e}): it stays in the raw headers"),
                    );
                    continue;
                }
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let lowered = self.schemas.type_of(
                        schema,
                        &format!("{hint} {name}"),
                        &format!("{header_pointer}/schema"),
                    )?;
                    match lowered.ty {
                        TypeRef::Option(inner) => *inner,
                        ty => ty,
                    }
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::Primitive(Primitive::String),
            };
            out.push(ResponseHeader {
                wire_name: name.clone(),
                name: name.clone(),
                ty,
                required: header.required,
                description: header.description.clone(),
                deprecated: header.deprecated.unwrap_or(false),
            });
        }
        Ok(out)
    }
}
