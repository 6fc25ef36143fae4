//! Multipart bodies: the form types that hold files, and the statements
//! that build a form field by field from a typed body (files as file parts,
//! everything else as the runtime's `Multipart::field` sends it).

use super::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// How a field holds files.
enum Files {
    One,
    Optional,
    List,
    OptionalList,
}

fn files_in(ty: &TypeRef) -> Option<Files> {
    let file = |t: &TypeRef| matches!(t, TypeRef::Primitive(Primitive::File));
    match ty {
        t if file(t) => Some(Files::One),
        TypeRef::Option(inner) if file(inner) => Some(Files::Optional),
        TypeRef::Array(inner) if file(inner) => Some(Files::List),
        TypeRef::Option(inner) => match &**inner {
            TypeRef::Array(item) if file(item) => Some(Files::OptionalList),
            _ => None,
        },
        _ => None,
    }
}

/// A struct with file fields: a multipart form type, which is not JSON.
pub(super) fn holds_files(s: &StructDef) -> bool {
    s.fields.iter().any(|f| files_in(&f.ty).is_some())
}

/// The struct a multipart body's fields are read from, if it is one.
fn form_struct<'a>(writer: &TypeWriter<'a>, body: &RequestBody) -> Option<&'a StructDef> {
    let BodyKind::Multipart(ty) = &body.kind else {
        return None;
    };
    let TypeRef::Named(mut id) = writer.types.resolve(ty).clone() else {
        return None;
    };
    while let Some(to) = writer.types.get(id).merged_into {
        id = to;
    }
    match &writer.types.get(id).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// Statements that send the struct `body` (an owned value) as a multipart
/// form, or `None` when the body is not a struct.
pub(super) fn form_statements(
    writer: &TypeWriter<'_>,
    body: &RequestBody,
    value: TokenStream,
) -> Option<TokenStream> {
    let s = form_struct(writer, body)?;
    let parts = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        let wire = &f.wire_name;
        let content_type = match body.part_types.iter().find(|(w, _)| w == wire) {
            Some((_, ct)) => quote! { Some(#ct) },
            None => quote! { None },
        };
        // An optional field is an `Option` of its type (see `types.rs`).
        let files = match files_in(&f.ty) {
            Some(Files::One) if f.is_optional() => Some(Files::Optional),
            Some(Files::List) if f.is_optional() => Some(Files::OptionalList),
            files => files,
        };
        match files {
            Some(Files::One) => quote! { form.file(#wire, body.#name, #content_type); },
            Some(Files::Optional) => quote! {
                if let Some(file) = body.#name { form.file(#wire, file, #content_type); }
            },
            Some(Files::List) => quote! {
                for file in body.#name { form.file(#wire, file, #content_type); }
            },
            Some(Files::OptionalList) => quote! {
                for file in body.#name.into_iter().flatten() { form.file(#wire, file, #content_type); }
            },
            None => quote! { form.field(#wire, &body.#name, #content_type); },
        }
    });
    let additional = s.additional.as_ref().map(|_| {
        quote! {
            for (name, value) in &body.additional_properties { form.field(name, value, None); }
        }
    });
    // Fields the spec deprecates are still sent when set.
    Some(quote! {
        #[allow(deprecated)]
        let form = {
            let body = #value;
            let mut form = runtime::Multipart::new();
            #(#parts)*
            #additional
            form
        };
        request.multipart_form(form);
    })
}

/// Whether an operation's builder can derive `Clone`: not when its body is a
/// stream (`runtime::Body`) or a form holding files.
pub(super) fn body_is_clone(writer: &TypeWriter<'_>, op: &Operation) -> bool {
    match &op.body {
        Some(RequestBody {
            kind: BodyKind::Binary,
            ..
        }) => false,
        Some(body) => !form_struct(writer, body).is_some_and(holds_files),
        None => true,
    }
}
