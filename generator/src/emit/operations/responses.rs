//! Reading the response: which responses are successes and which errors,
//! the success type and the arms that decode it, and the typed error enum
//! with one variant per documented error response.

use crate::emit::doc::{doc_attrs, doc_lines};
use crate::emit::rust_type::TypeWriter;
use crate::emit::status::{reason_phrase, status_variant_name};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::streaming::{Streamed, streamed_success, streamed_type};

/// What a response carries, as a Rust type and the expression that reads it.
#[derive(Clone)]
struct Payload {
    ty: TokenStream,
    read: TokenStream,
    /// Reads `Option<ty>`: `None` where the body does not decode.
    lenient_read: TokenStream,
    key: String,
}

fn payload(
    writer: &TypeWriter<'_>,
    body: &Option<ResponseBody>,
    error_ty: &TokenStream,
) -> Option<Payload> {
    let body = body.as_ref()?;
    Some(match &body.kind {
        ResponseKind::Json(ty) => {
            let t = writer.ty(ty);
            Payload {
                read: quote! { response.json::<#t, #error_ty>()? },
                lenient_read: quote! { response.json::<#t, #error_ty>().ok() },
                key: t.to_string(),
                ty: t,
            }
        }
        ResponseKind::Text => Payload {
            ty: quote! { String },
            read: quote! { response.text() },
            lenient_read: quote! { Some(response.text()) },
            key: "text".into(),
        },
        ResponseKind::Binary | ResponseKind::Stream | ResponseKind::Events(_) => Payload {
            ty: quote! { runtime::Bytes },
            read: quote! { response.bytes() },
            lenient_read: quote! { Some(response.bytes()) },
            key: "bytes".into(),
        },
    })
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => quote! { #c },
        StatusMatch::Range(r) => {
            let lo = r * 100;
            let hi = r * 100 + 99;
            quote! { #lo..=#hi }
        }
        StatusMatch::Default => quote! { _ },
    }
}

/// The variants of an operation's error enum and the match arms that build
/// them, one per documented error response, then `UnexpectedStatus`.
pub(super) struct ErrorEnum {
    pub(super) variants: Vec<TokenStream>,
    pub(super) arms: Vec<TokenStream>,
}

pub(super) fn error_enum(
    writer: &TypeWriter<'_>,
    errors: &[&Response],
    error: &proc_macro2::Ident,
) -> ErrorEnum {
    let error_ty = quote! { #error };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut variant_names = std::collections::HashSet::new();
    for r in errors {
        let mut vname = status_variant_name(r.status);
        while !variant_names.insert(vname.clone()) {
            vname.push('_');
        }
        let v = format_ident!("{}", vname);
        let pattern = status_pattern(r.status);
        let doc = doc_attrs(Some(&match (r.status, &r.description) {
            (StatusMatch::Code(c), Some(d)) => format!("{c}: {d}"),
            (StatusMatch::Code(c), None) => format!("Status {c}."),
            (_, Some(d)) => d.clone(),
            (_, None) => "An error response.".into(),
        }));
        let body = payload(writer, &r.body, &error_ty);
        let label = match r.status {
            StatusMatch::Code(c) => format!("{c} {}", reason_phrase(c).unwrap_or("status")),
            StatusMatch::Range(x) => format!("{x}xx"),
            StatusMatch::Default => "error".into(),
        };
        match (r.status, body) {
            (StatusMatch::Code(429), body) => {
                let (field, read, fmt) = match body {
                    Some(p) => {
                        // The body is decoded leniently: a 429 must not lose its
                        // `retry_after` to a body that does not match.
                        let (ty, read) = (p.ty, p.lenient_read);
                        (
                            quote! { body: Option<#ty>, },
                            quote! { body: #read, },
                            format!("{label} (retry after {{retry_after:?}}): {{body:?}}"),
                        )
                    }
                    None => (
                        TokenStream::new(),
                        TokenStream::new(),
                        format!("{label} (retry after {{retry_after:?}})"),
                    ),
                };
                variants.push(quote! {
                    #doc
                    #[error(#fmt)]
                    #v {
                        /// How long the server asks to wait, from `Retry-After`.
                        retry_after: Option<std::time::Duration>,
                        #field
                    },
                });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v { retry_after: response.retry_after(), #read })), });
            }
            (StatusMatch::Code(_), Some(p)) => {
                let (ty, read) = (p.ty, p.read);
                let fmt = format!("{label}: {{0:?}}");
                variants.push(quote! { #doc #[error(#fmt)] #v(#ty), });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v(#read))), });
            }
            (StatusMatch::Code(_), None) => {
                variants.push(quote! { #doc #[error(#label)] #v, });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v)), });
            }
            (_, Some(p)) => {
                let (ty, read) = (p.ty, p.read);
                variants.push(quote! {
                    #doc
                    #[error("status {status}: {body:?}")]
                    #v { status: runtime::StatusCode, body: #ty },
                });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v { status: response.status, body: #read })), });
            }
            (_, None) => {}
        }
    }
    // Ranges and `default` must come after exact codes.
    let has_catch_all = errors
        .iter()
        .any(|r| r.status == StatusMatch::Default && r.body.is_some());
    if !has_catch_all {
        arms.push(quote! { _ => Err(runtime::Error::Api(#error::UnexpectedStatus(response.unexpected()))), });
    }
    variants.push(quote! {
        /// A status the spec does not document for this operation.
        #[error("{0}")]
        UnexpectedStatus(runtime::UnexpectedStatus),
    });
    ErrorEnum { variants, arms }
}

/// The success type, the match arms that produce it, and any extra item (a
/// response enum when several success responses differ).
pub(super) fn success_handling(
    writer: &TypeWriter<'_>,
    op: &Operation,
    base: &str,
    successes: &[&Response],
    error_ty: &TokenStream,
    streaming: Option<&Streamed>,
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let all_2xx = quote! { 200..=299 };
    if let Some(streamed) = streaming {
        // Success already returned before the match; nothing reaches here with 2xx.
        return (
            streamed_type(writer, streamed, error_ty),
            Vec::new(),
            TokenStream::new(),
        );
    }
    if op.method == Method::Head {
        return (
            quote! { () },
            vec![quote! { #all_2xx => Ok(()), }],
            TokenStream::new(),
        );
    }
    let payloads: Vec<Option<Payload>> = successes
        .iter()
        .map(|r| payload(writer, &r.body, error_ty))
        .collect();
    let mut distinct: Vec<&Payload> = Vec::new();
    for p in payloads.iter().flatten() {
        if !distinct.iter().any(|d| d.key == p.key) {
            distinct.push(p);
        }
    }
    match distinct.as_slice() {
        [] => (
            quote! { () },
            vec![quote! { #all_2xx => Ok(()), }],
            TokenStream::new(),
        ),
        [only] if payloads.iter().all(Option::is_some) => {
            let (ty, read) = (&only.ty, &only.read);
            (
                ty.clone(),
                vec![quote! { #all_2xx => Ok(#read), }],
                TokenStream::new(),
            )
        }
        [only] => {
            let (ty, read) = (&only.ty, &only.read);
            let mut arms: Vec<TokenStream> = successes
                .iter()
                .zip(&payloads)
                .filter(|(_, p)| p.is_none())
                .map(|(r, _)| {
                    let pattern = status_pattern(r.status);
                    quote! { #pattern => Ok(None), }
                })
                .collect();
            arms.push(quote! { #all_2xx => Ok(Some(#read)), });
            (quote! { Option<#ty> }, arms, TokenStream::new())
        }
        _ => {
            let name = format_ident!("{}Response", base);
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            for (r, p) in successes.iter().zip(&payloads) {
                let v = format_ident!("{}", status_variant_name(r.status));
                let pattern = status_pattern(r.status);
                let doc = doc_attrs(r.description.as_deref());
                match p {
                    Some(p) => {
                        let (ty, read) = (&p.ty, &p.read);
                        variants.push(quote! { #doc #v(#ty), });
                        arms.push(quote! { #pattern => Ok(#name::#v(#read)), });
                    }
                    None => {
                        variants.push(quote! { #doc #v, });
                        arms.push(quote! { #pattern => Ok(#name::#v), });
                    }
                }
            }
            if !successes.iter().any(|r| r.status == StatusMatch::Range(2)) {
                arms.push(quote! { #all_2xx => Err(runtime::Error::Api(#error_ty::UnexpectedStatus(response.unexpected()))), });
            }
            let doc = doc_lines(&format!(
                "The successful responses of [`Client::{}`].",
                op.name.trim_start_matches("r#")
            ));
            let item = quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            };
            (quote! { #name }, arms, item)
        }
    }
}

/// An operation's responses, sorted into what `send` returns and what it
/// turns into the typed error. Where no success is documented, `default`
/// describes the success.
pub(in crate::emit) struct ResponseSplit<'a> {
    pub successes: Vec<&'a Response>,
    pub errors: Vec<&'a Response>,
    /// The success is handed over as it arrives (a download, events).
    pub streaming: Option<Streamed>,
}

pub(in crate::emit) fn split_responses(op: &Operation) -> ResponseSplit<'_> {
    let documented: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let default_is_success = documented.is_empty();
    let errors = op
        .responses
        .iter()
        .filter(|r| {
            !(r.status.is_success() || (default_is_success && r.status == StatusMatch::Default))
        })
        .collect();
    let successes: Vec<&Response> = if default_is_success {
        op.responses
            .iter()
            .filter(|r| r.status == StatusMatch::Default)
            .collect()
    } else {
        documented
    };
    let streaming = streamed_success(&successes);
    ResponseSplit {
        successes,
        errors,
        streaming,
    }
}
