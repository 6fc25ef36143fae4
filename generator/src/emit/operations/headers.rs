//! The headers an operation's successes document: a type holding the
//! response's headers, with a typed accessor for each documented one, that
//! `send_with_response()` returns beside the body.

use crate::emit::doc::doc_lines;
use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The suffix of an operation's headers type (`ListPetsHeaders`).
pub(super) const HEADERS_SUFFIX: &str = "Headers";

/// What a headers type answers to beside its accessors: its own method,
/// and those of the `HeaderMap` it derefs to that take `&self` (an
/// accessor of the same name would hide them).
pub(in crate::emit) const HEADERS_MEMBERS: &[&str] = &[
    "into_inner",
    "deref",
    "capacity",
    "contains_key",
    "get",
    "get_all",
    "is_empty",
    "iter",
    "keys",
    "keys_len",
    "len",
    "values",
];

/// The traits a headers type derives (it also implements `From<HeaderMap>`,
/// whose `from` every type has already, and `Deref`: see `HEADERS_MEMBERS`).
pub(in crate::emit) const HEADERS_DERIVES: &[&str] = &["Debug", "Clone"];

/// The headers type of an operation's `ResponseValue` and its definition:
/// none where no success documents a header (the `HeaderMap` itself).
pub(super) struct HeadersType {
    /// The headers type's name, where it is not the `HeaderMap` itself.
    pub(super) own_type: Option<proc_macro2::Ident>,
    pub(super) item: TokenStream,
}

impl HeadersType {
    /// `headers` (a `runtime::HeaderMap` expression) as the headers type.
    pub(super) fn wrap(&self, headers: TokenStream) -> TokenStream {
        match &self.own_type {
            Some(name) => quote! { #name::from(#headers) },
            None => headers,
        }
    }
}

pub(super) fn headers_type(
    writer: &TypeWriter<'_>,
    op: &Operation,
    successes: &[&Response],
) -> HeadersType {
    let documented = documented_headers(successes);
    if documented.is_empty() {
        return HeadersType {
            own_type: None,
            item: TokenStream::new(),
        };
    }
    let name = format_ident!("{}{HEADERS_SUFFIX}", op.type_name);
    let derives = crate::emit::rust_type::derive_attribute(HEADERS_DERIVES);
    let accessors = documented
        .iter()
        .map(|(header, required)| accessor(writer, header, *required));
    let doc = doc_lines(&format!(
        "The headers of a [`Client::{}`] response: a typed accessor for each header the spec \
         documents, and every header through `Deref` to the `HeaderMap`.",
        op.name.trim_start_matches("r#")
    ));
    let item = quote! {
        #doc
        #derives
        pub struct #name(runtime::HeaderMap);

        impl #name {
            #(#accessors)*

            /// Every header of the response.
            pub fn into_inner(self) -> runtime::HeaderMap {
                self.0
            }
        }

        impl std::ops::Deref for #name {
            type Target = runtime::HeaderMap;

            fn deref(&self) -> &runtime::HeaderMap {
                &self.0
            }
        }

        impl From<runtime::HeaderMap> for #name {
            fn from(headers: runtime::HeaderMap) -> Self {
                Self(headers)
            }
        }
    };
    HeadersType {
        own_type: Some(name),
        item,
    }
}

/// Each header the successes document, once (by name, case aside), and
/// whether every success has it: a header only some successes document
/// may be absent.
pub(in crate::emit) fn documented_headers<'a>(
    successes: &[&'a Response],
) -> Vec<(&'a ResponseHeader, bool)> {
    let mut out: Vec<(&ResponseHeader, bool)> = Vec::new();
    for header in successes.iter().flat_map(|r| &r.headers) {
        if out
            .iter()
            .any(|(h, _)| h.wire_name.eq_ignore_ascii_case(&header.wire_name))
        {
            continue;
        }
        let required = successes.iter().all(|r| {
            r.headers
                .iter()
                .any(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name) && h.required)
        });
        out.push((header, required));
    }
    out
}

fn accessor(writer: &TypeWriter<'_>, header: &ResponseHeader, required: bool) -> TokenStream {
    let name = ident(&header.name);
    let wire = &header.wire_name;
    let (ty, list) = if read_as_text(writer.types, &header.ty) {
        (quote! { String }, false)
    } else {
        let list = matches!(writer.types.resolve(&header.ty), TypeRef::Array(_));
        (writer.ty(&header.ty), list)
    };
    let mut text = format!("The `{}` header", wire.replace('`', "'"));
    if let Some(description) = header.description.as_deref().map(str::trim)
        && !description.is_empty()
    {
        text.push_str(": ");
        text.push_str(&crate::emit::doc::sanitize(description));
    } else {
        text.push('.');
    }
    text.push_str(if required {
        "\n\nAn error if it is missing (the spec says every success has it) or does not read as documented."
    } else {
        "\n\n`None` if it is absent; an error if it does not read as documented."
    });
    let doc = doc_lines(&text);
    let deprecated = if header.deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    };
    if required {
        quote! {
            #doc
            #deprecated
            pub fn #name(&self) -> Result<#ty, runtime::HeaderError> {
                runtime::required_header(&self.0, #wire, #list)
            }
        }
    } else {
        quote! {
            #doc
            #deprecated
            pub fn #name(&self) -> Result<Option<#ty>, runtime::HeaderError> {
                runtime::header(&self.0, #wire, #list)
            }
        }
    }
}

/// Objects and maps have no header form the client reads: their accessor
/// gives the header's text.
pub(in crate::emit) fn read_as_text(types: &TypeSpace, ty: &TypeRef) -> bool {
    match types.resolve(ty) {
        TypeRef::Map(_) => true,
        TypeRef::Named(id) => matches!(types.get(*id).kind, TypeKind::Struct(_)),
        _ => false,
    }
}
