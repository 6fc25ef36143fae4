//! Path parameters that cannot be swapped silently. An operation with two
//! or more string path parameters (`/orgs/{org}/projects/{project}`) takes
//! them in one struct of named fields, `GetProjectPath { org: "o", project:
//! "p" }`, rather than as positional `impl Into<String>` arguments that
//! compile in any order. String fields are `&str` (a literal or `&name`);
//! other path parameters keep their types. One small struct per such
//! operation, with no derives and no methods: it costs far less to compile
//! than a newtype per parameter, and the spec's id schemas would not tell
//! `org` from `project` anyway (both are often the same `NameOrId`).

use crate::emit::path_grouping::{grouped_path_params, is_string, path_struct_name};
use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The struct, the method's argument that takes it, and each parameter's
/// initialiser in the request builder.
pub(super) struct PathStruct {
    pub(super) item: TokenStream,
    pub(super) arg: TokenStream,
    pub(super) inits: Vec<(String, TokenStream)>,
}

pub(super) fn path_struct(writer: &TypeWriter<'_>, op: &Operation) -> Option<PathStruct> {
    let params = grouped_path_params(writer.types, op)?;
    let name = format_ident!("{}", path_struct_name(op));
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    for p in &params {
        let field = ident(&p.name);
        let doc = crate::emit::doc::doc_attrs(p.description.as_deref().or(Some(&format!(
            "`{{{}}}` in the path.",
            p.wire_name.replace('`', "'")
        ))));
        if is_string(writer.types, p) {
            fields.push(quote! { #doc pub #field: &'a str, });
            inits.push((p.name.clone(), quote! { path.#field.to_owned() }));
        } else {
            let ty = writer.ty(&p.ty);
            fields.push(quote! { #doc pub #field: #ty, });
            inits.push((p.name.clone(), quote! { path.#field }));
        }
    }
    let doc = crate::emit::doc::doc_lines(&format!(
        "The path parameters of [`Client::{}`], named so that they cannot be swapped.",
        op.name.trim_start_matches("r#")
    ));
    let item = quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name<'a> {
            #(#fields)*
        }
    };
    Some(PathStruct {
        item,
        arg: quote! { path: #name<'_> },
        inits,
    })
}
