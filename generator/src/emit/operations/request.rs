//! Building and sending the request: the path with its parameters, the
//! query, headers, cookies, body and `Accept` header, then the call to the
//! transport.

use crate::emit::multipart;
use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The statements that put the parameters, the body and the `Accept` header
/// on the request.
pub(super) fn request_encoding(writer: &TypeWriter<'_>, op: &Operation) -> Vec<TokenStream> {
    let mut encode = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let value = quote! { &self.#name };
        match p.location {
            ParamLocation::Path => {}
            ParamLocation::Query => {
                let style = format_ident!(
                    "{}",
                    match p.style {
                        ParamStyle::Form => "Form",
                        ParamStyle::SpaceDelimited => "SpaceDelimited",
                        ParamStyle::PipeDelimited => "PipeDelimited",
                        ParamStyle::DeepObject => "DeepObject",
                    }
                );
                let explode = p.explode;
                encode.push(
                    quote! { request.query(#wire, #value, runtime::Style::#style, #explode); },
                );
            }
            ParamLocation::Header => encode.push(quote! { request.header(#wire, #value); }),
            ParamLocation::Cookie => encode.push(quote! { request.cookie(#wire, #value); }),
        }
    }
    let value = match &op.body {
        Some(body) if body.required => quote! { self.body },
        _ => quote! { given },
    };
    if let Some(body) = &op.body
        && let Some(form) = multipart::form_statements(writer, body, value)
    {
        // A struct sent as a multipart form, field by field.
        encode.push(if body.required {
            form
        } else {
            quote! { if let Some(given) = self.body { #form } }
        });
    } else if let Some(body) = &op.body {
        let ct = &body.content_type;
        let set = |value: TokenStream| match &body.kind {
            BodyKind::Json(_) => quote! { request.json(#ct, #value); },
            BodyKind::Form(_) => quote! { request.form(#value); },
            BodyKind::Multipart(_) => quote! { request.multipart(#value); },
            BodyKind::Text | BodyKind::Binary => quote! { request.raw(#ct, #value); },
        };
        let by_value = matches!(body.kind, BodyKind::Text | BodyKind::Binary);
        if body.required {
            encode.push(set(if by_value {
                quote! { self.body }
            } else {
                quote! { &self.body }
            }));
        } else {
            let inner = set(if by_value {
                quote! { body }
            } else {
                quote! { &body }
            });
            encode.push(quote! { if let Some(body) = self.body { #inner } });
        }
    }
    if let Some(accept) = accept_header(op) {
        encode.push(quote! { request.accept(#accept); });
    }
    encode
}

/// `format!("/pets/{}", runtime::path_param(&self.pet_id))`, or the path as
/// written when it has no parameters (braces included: `/c/d}`).
pub(super) fn path_expression(op: &Operation) -> TokenStream {
    // A `format!` template: the text's braces doubled.
    let mut template = String::new();
    let mut values = Vec::new();
    for piece in path_pieces(&op.path) {
        let param = match piece {
            PathPiece::Param(wire) => op
                .parameters
                .iter()
                .find(|p| p.location == ParamLocation::Path && p.wire_name == wire),
            PathPiece::Text(_) => None,
        };
        match (piece, param) {
            (PathPiece::Param(_), Some(p)) => {
                let name = ident(&p.name);
                template.push_str("{}");
                values.push(quote! { runtime::path_param(&self.#name) });
            }
            // Lowering declares every placeholder; were one left without a
            // parameter, it would be sent as written, never dropped.
            (PathPiece::Param(wire), None) => template.push_str(&format!("{{{{{wire}}}}}")),
            (PathPiece::Text(text), _) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
        }
    }
    if values.is_empty() {
        let path = &op.path;
        quote! { #path.to_owned() }
    } else {
        quote! { format!(#template, #(#values),*) }
    }
}

/// The `Accept` header an operation sends: the media types its responses document.
pub(in crate::emit) fn accept_header(op: &Operation) -> Option<String> {
    let mut types: Vec<&str> = op
        .responses
        .iter()
        .filter_map(|r| r.body.as_ref().map(|b| b.content_type.as_str()))
        .filter(|ct| !ct.contains('*'))
        .collect();
    types.sort();
    types.dedup();
    (!types.is_empty()).then(|| types.join(", "))
}
