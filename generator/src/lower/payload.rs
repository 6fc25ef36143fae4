//! Responses and request bodies as lowering reads them ([`Payload`]),
//! wherever a `$ref` finds them: a response may refer to a request body's
//! component and the reverse, since both are a `content` map.

use super::{Lowering, unescape_pointer};
use crate::error::{Diagnostic, Result};
use openapiv3::{MediaType, ReferenceOr, RequestBody as OaRequestBody, Response as OaResponse};

/// What a response or a request body carries: the parts lowering reads.
/// Either may come from the other's kind of component (see [`Lowering::payload`]).
pub(super) struct Payload<'a> {
    /// The component it is, when a `$ref` named one: its schemas are named after it.
    pub component: Option<(String, PayloadKind)>,
    pub description: Option<&'a str>,
    pub content: &'a indexmap::IndexMap<String, MediaType>,
    pub required: bool,
    pub headers: Option<&'a indexmap::IndexMap<String, ReferenceOr<openapiv3::Header>>>,
}

impl<'a> Payload<'a> {
    pub fn of_body(body: &'a OaRequestBody) -> Self {
        Payload {
            component: None,
            description: body.description.as_deref(),
            content: &body.content,
            required: body.required,
            headers: None,
        }
    }

    pub fn of_response(response: &'a OaResponse) -> Self {
        Payload {
            component: None,
            description: Some(&response.description),
            content: &response.content,
            required: false,
            headers: Some(&response.headers),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PayloadKind {
    Response,
    Body,
}

impl PayloadKind {
    fn section(self) -> &'static str {
        match self {
            PayloadKind::Response => "responses",
            PayloadKind::Body => "requestBodies",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            PayloadKind::Response => "a response",
            PayloadKind::Body => "a request body",
        }
    }
}

impl<'a> Lowering<'a> {
    /// The response or request body a `$ref` leads to. Both are a `content`
    /// map with a description, so a reference to the other kind (a response
    /// `$ref: '#/components/requestBodies/X'`) is read as the kind its place
    /// wants, with a warning.
    pub(super) fn payload(
        &mut self,
        reference: &str,
        wanted: PayloadKind,
        pointer: &str,
    ) -> Result<Payload<'a>> {
        let mut reference = reference.to_string();
        for _ in 0..32 {
            let components = self.components;
            let (kind, name) = match [PayloadKind::Response, PayloadKind::Body]
                .into_iter()
                .find_map(|k| {
                    let prefix = format!("#/components/{}/", k.section());
                    reference
                        .strip_prefix(&prefix)
                        .map(|n| (k, unescape_pointer(n)))
                }) {
                Some(found) => found,
                None => {
                    return Err(Diagnostic::new(
                        self.file,
                        format!(
                            "`$ref: {reference}` should point into `#/components/{}/`",
                            wanted.section()
                        ),
                    )
                    .at(pointer)
                    .into());
                }
            };
            let nothing = || {
                Diagnostic::new(self.file, format!("`$ref: {reference}` points at nothing"))
                    .at(pointer)
            };
            let (found, next) = match kind {
                PayloadKind::Response => {
                    match components
                        .and_then(|c| c.responses.get(&name))
                        .ok_or_else(nothing)?
                    {
                        ReferenceOr::Item(r) => (Some(Payload::of_response(r)), None),
                        ReferenceOr::Reference { reference } => (None, Some(reference.clone())),
                    }
                }
                PayloadKind::Body => {
                    match components
                        .and_then(|c| c.request_bodies.get(&name))
                        .ok_or_else(nothing)?
                    {
                        ReferenceOr::Item(b) => (Some(Payload::of_body(b)), None),
                        ReferenceOr::Reference { reference } => (None, Some(reference.clone())),
                    }
                }
            };
            if let Some(mut payload) = found {
                payload.component = Some((name, kind));
                if kind != wanted {
                    self.warn(
                        pointer,
                        format!(
                            "`$ref: {reference}` is {} where {} belongs: its content is taken as the {}",
                            kind.noun(),
                            wanted.noun(),
                            wanted.noun().trim_start_matches("a ")
                        ),
                    );
                }
                return Ok(payload);
            }
            if let Some(next) = next {
                reference = next;
            }
        }
        Err(Diagnostic::new(self.file, "`$ref` chain loops")
            .at(pointer)
            .into())
    }
}

/// A name for the schema of a shared response or body: the component's,
/// with what it is unless the name says so already (`Conflict response`,
/// `ErrorResponse`).
pub(super) fn component_hint(name: &str, kind: PayloadKind) -> String {
    let noun = match kind {
        PayloadKind::Response => "response",
        PayloadKind::Body => "body",
    };
    if name.to_ascii_lowercase().ends_with(noun) {
        name.to_string()
    } else {
        format!("{name} {noun}")
    }
}
