//! How an operation takes its parameters and body: required ones as
//! arguments of its method on `Client`, optional ones as setters of the
//! request builder, each stored in a field of the builder.

use crate::emit::doc::{doc_attrs, doc_lines};
use crate::emit::rust_type::{TypeWriter, ident, taken_as_into};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How a value is taken by a method or setter and stored in the builder.
struct Arg {
    param_ty: TokenStream,
    stored_ty: TokenStream,
    convert: TokenStream,
}

fn arg_for(writer: &TypeWriter<'_>, ty: &TypeRef, name: &proc_macro2::Ident) -> Arg {
    let stored_ty = writer.ty(ty);
    match writer.types.resolve(ty) {
        TypeRef::Array(inner) => match into_param(writer, inner) {
            // Items taken as what converts into them: `["x"]`, not
            // `["x".to_owned()]`.
            Some(item) => Arg {
                param_ty: quote! { impl IntoIterator<Item = #item> },
                stored_ty,
                convert: quote! { #name.into_iter().map(Into::into).collect() },
            },
            None => {
                let inner = writer.ty(inner);
                Arg {
                    param_ty: quote! { impl IntoIterator<Item = #inner> },
                    stored_ty,
                    convert: quote! { #name.into_iter().collect() },
                }
            }
        },
        resolved => match into_param(writer, resolved) {
            Some(param_ty) => Arg {
                param_ty,
                stored_ty,
                convert: quote! { #name.into() },
            },
            None => Arg {
                param_ty: stored_ty.clone(),
                stored_ty,
                convert: quote! { #name },
            },
        },
    }
}

/// `impl Into<T>` where a value of `ty` is taken as anything that converts
/// into it ([`taken_as_into`]).
fn into_param(writer: &TypeWriter<'_>, ty: &TypeRef) -> Option<TokenStream> {
    taken_as_into(writer.types, ty).then(|| {
        let ty = writer.ty(writer.types.resolve(ty));
        quote! { impl Into<#ty> }
    })
}

fn body_arg(writer: &TypeWriter<'_>, body: &RequestBody) -> Arg {
    let name = format_ident!("body");
    match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
            arg_for(writer, ty, &name)
        }
        BodyKind::Text => Arg {
            param_ty: quote! { impl Into<String> },
            stored_ty: quote! { String },
            convert: quote! { body.into() },
        },
        BodyKind::Binary => Arg {
            param_ty: quote! { impl Into<runtime::Body> },
            stored_ty: quote! { runtime::Body },
            convert: quote! { body.into() },
        },
    }
}

/// The builder's pieces for an operation's parameters and body: required
/// ones as arguments of the method, optional ones as setters.
pub(super) struct BuilderParts {
    /// `name: Type` arguments of the method on `Client`.
    pub(super) args: Vec<TokenStream>,
    /// Field initialisers of the builder the method returns.
    pub(super) inits: Vec<TokenStream>,
    /// Fields of the builder.
    pub(super) fields: Vec<TokenStream>,
    pub(super) setters: Vec<TokenStream>,
    /// "- `name`: description" lines for the method's documentation.
    pub(super) arg_docs: Vec<String>,
}

pub(super) fn builder_parts(writer: &TypeWriter<'_>, op: &Operation) -> BuilderParts {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut arg_docs = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.name);
        let arg = arg_for(writer, &p.ty, &name);
        let (param_ty, stored_ty, convert) = (arg.param_ty, arg.stored_ty, arg.convert);
        let doc = doc_attrs(p.description.as_deref());
        if p.required {
            args.push(quote! { #name: #param_ty });
            inits.push(if name == convert.to_string() {
                quote! { #name }
            } else {
                quote! { #name: #convert }
            });
            fields.push(quote! { #name: #stored_ty });
            arg_docs.push(format!(
                "- `{}`: {}",
                p.name.trim_start_matches("r#"),
                one_line(p.description.as_deref())
            ));
        } else {
            inits.push(quote! { #name: None });
            fields.push(quote! { #name: Option<#stored_ty> });
            let default = p
                .default
                .as_ref()
                .map(|d| doc_lines(&format!("\nDefault on the server: `{d}`.")));
            setters.push(quote! {
                #doc
                #default
                pub fn #name(mut self, #name: #param_ty) -> Self {
                    self.#name = Some(#convert);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let arg = body_arg(writer, body);
        let (param_ty, stored_ty, convert) = (arg.param_ty, arg.stored_ty, arg.convert);
        let doc = doc_attrs(body.description.as_deref().or(Some("The request body.")));
        if body.required {
            args.push(quote! { body: #param_ty });
            inits.push(if convert.to_string() == "body" {
                quote! { body }
            } else {
                quote! { body: #convert }
            });
            fields.push(quote! { body: #stored_ty });
            arg_docs.push(format!(
                "- `body`: {}",
                one_line(body.description.as_deref())
            ));
        } else {
            inits.push(quote! { body: None });
            fields.push(quote! { body: Option<#stored_ty> });
            setters.push(quote! {
                #doc
                pub fn body(mut self, body: #param_ty) -> Self {
                    self.body = Some(#convert);
                    self
                }
            });
        }
    }
    BuilderParts {
        args,
        inits,
        fields,
        setters,
        arg_docs,
    }
}

fn one_line(text: Option<&str>) -> String {
    let text = text
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if text.is_empty() {
        "required".to_string()
    } else {
        text
    }
}
