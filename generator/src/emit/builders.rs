//! Constructors and setters for the structs a request carries (see
//! [`crate::ir::request_types`]): `Type::new(required fields)` and one
//! method per optional field, so that code written this way still compiles
//! when the spec adds an optional field. An optional field that may be
//! `null` is `Option<Option<T>>` in those structs: left out (`None`), sent as
//! `null` (`Some(None)`, set with `clear_<field>()`), or a value.
//!
//! Only request types get them: response types are read, not built, and
//! every method is code to compile.

use super::doc::doc_lines;
use super::operations::arg_for;
use super::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashSet;

/// Method names a setter does not take, so that it neither hides a
/// method users call on every value (`clone`, `into`, ...) nor looks like a
/// standard trait's method to clippy (`should_implement_trait`). A field of
/// such a name gets `with_<field>`.
const TAKEN: &[&str] = &[
    "new",
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clamp",
    "clone",
    "clone_from",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "deserialize",
    "div",
    "drop",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "ge",
    "gt",
    "hash",
    "index",
    "index_mut",
    "into",
    "into_iter",
    "le",
    "lt",
    "max",
    "min",
    "mul",
    "ne",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "serialize",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// The serde attribute that reads `null` as `Some(None)` (with `default`
/// reading a missing field as `None`).
pub fn explicit_null_attr() -> TokenStream {
    quote! { deserialize_with = "crate::runtime::deserialize_nullable" }
}

/// `impl Name { new, setters }` for a struct a request carries.
pub fn struct_methods(
    writer: &TypeWriter<'_>,
    name: &proc_macro2::Ident,
    s: &StructDef,
) -> TokenStream {
    let mut taken: HashSet<String> = TAKEN.iter().map(|s| s.to_string()).collect();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in &s.fields {
        let field = ident(&f.name);
        if f.required {
            let (param, init) = required_arg(writer, f);
            args.push(quote! { #field: #param });
            inits.push(if field == init.to_string() {
                quote! { #field }
            } else {
                quote! { #field: #init }
            });
            continue;
        }
        inits.push(if writer.admits_null(&f.ty) {
            quote! { #field: Default::default() }
        } else {
            quote! { #field: None }
        });
        if f.read_only {
            // The server ignores it in a request.
            continue;
        }
        setters.push(setter(writer, f, &mut taken));
    }
    if s.additional.is_some() {
        inits.push(quote! { additional_properties: Default::default() });
    }
    let required: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("`{}`", bare(&f.name)))
        .collect();
    let new_doc = doc_lines(&if required.is_empty() {
        "With every field left out; set those to send with the methods below.".to_string()
    } else {
        format!(
            "With its required fields ({}); the optional ones are left out until set with the methods below.",
            required.join(", ")
        )
    });
    let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #name {
            #new_doc
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }

            #(#setters)*
        }
    }
}

/// A required field as an argument of `new`, and its initialiser.
fn required_arg(writer: &TypeWriter<'_>, f: &Field) -> (TokenStream, TokenStream) {
    let field = ident(&f.name);
    if f.nullable && !writer.admits_null(&f.ty) {
        // Present, maybe `null`: `Option<T>`, taken as it is.
        let t = writer.ty(&f.ty);
        let init = if f.boxed {
            quote! { #field.map(Box::new) }
        } else {
            quote! { #field }
        };
        return (quote! { Option<#t> }, init);
    }
    let arg = arg_for(writer, &f.ty, &field);
    let convert = arg.convert;
    let init = if f.boxed {
        quote! { Box::new(#convert) }
    } else {
        convert
    };
    (arg.param_ty, init)
}

/// The setter of an optional field, and `clear_<field>` where it can be `null`.
fn setter(writer: &TypeWriter<'_>, f: &Field, taken: &mut HashSet<String>) -> TokenStream {
    let field = ident(&f.name);
    let bare_name = bare(&f.name);
    let method = claim(taken, &f.name, &format!("with_{bare_name}"));
    let value_ty = match writer.types.resolve(&f.ty) {
        // A field typed `Option<..>` by an alias holds its inner value.
        TypeRef::Option(inner) => (**inner).clone(),
        _ => f.ty.clone(),
    };
    let arg = arg_for(writer, &value_ty, &field);
    let (param_ty, convert) = (arg.param_ty, arg.convert);
    let explicit_null = sends_explicit_null(writer.types, f, true);
    let mut value = convert;
    if matches!(writer.types.resolve(&f.ty), TypeRef::Option(_)) {
        value = quote! { Some(#value) };
    }
    if f.boxed {
        value = quote! { Box::new(#value) };
    }
    let stored = match writer.types.resolve(&f.ty) {
        TypeRef::Any | TypeRef::Option(_) => value,
        _ if explicit_null => quote! { Some(Some(#value)) },
        _ => quote! { Some(#value) },
    };
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    let doc = doc_lines(&format!(
        "Sends `{}`{}.",
        f.wire_name.replace('`', "'"),
        f.doc
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(|d| format!(": {}", d.trim().trim_end_matches('.')))
            .unwrap_or_default()
    ));
    let method = ident(&method);
    let mut out = quote! {
        #doc
        #deprecated
        pub fn #method(mut self, #field: #param_ty) -> Self {
            self.#field = #stored;
            self
        }
    };
    if explicit_null {
        let clear = format_ident!(
            "{}",
            claim(
                taken,
                &format!("clear_{bare_name}"),
                &format!("clear_{bare_name}_field")
            )
        );
        let doc = doc_lines(&format!(
            "Sends `{}` as `null` (on an update, clears it), which is not the same as leaving it out.",
            f.wire_name.replace('`', "'")
        ));
        out.extend(quote! {
            #doc
            #deprecated
            pub fn #clear(mut self) -> Self {
                self.#field = Some(None);
                self
            }
        });
    }
    out
}

/// `wanted` if free, else `fallback`, else `fallback` numbered.
fn claim(taken: &mut HashSet<String>, wanted: &str, fallback: &str) -> String {
    if taken.insert(bare(wanted).to_owned()) {
        return wanted.to_owned();
    }
    let mut candidate = fallback.to_owned();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{fallback}{n}");
        n += 1;
    }
    candidate
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}
