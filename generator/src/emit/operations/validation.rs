//! The limits a spec states for a parameter (range, length, pattern, number
//! of items), checked before anything is sent.

use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

fn f64_literal(v: f64) -> TokenStream {
    let lit = proc_macro2::Literal::f64_suffixed(v);
    quote! { #lit }
}

fn option_tokens<T>(v: Option<T>, f: impl Fn(T) -> TokenStream) -> TokenStream {
    match v {
        Some(v) => {
            let v = f(v);
            quote! { Option::Some(#v) }
        }
        None => quote! { Option::None },
    }
}

/// The checks of one parameter's stated limits, or nothing.
pub(super) fn validation(
    writer: &TypeWriter<'_>,
    p: &Parameter,
    error: &TokenStream,
) -> Option<TokenStream> {
    let c = &p.constraints;
    if c.is_empty() {
        return None;
    }
    let wire = &p.wire_name;
    let mut checks = Vec::new();
    match writer.types.resolve(&p.ty) {
        TypeRef::Primitive(
            prim @ (Primitive::I32
            | Primitive::I64
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64),
        ) if (c.minimum.is_some() || c.maximum.is_some()) => {
            let value = match prim {
                Primitive::F64 => quote! { *value },
                Primitive::F32 | Primitive::I32 => quote! { f64::from(*value) },
                _ => quote! { *value as f64 },
            };
            let (min, max) = (
                option_tokens(c.minimum, f64_literal),
                option_tokens(c.maximum, f64_literal),
            );
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            checks.push(quote! { runtime::check_range::<#error>(#wire, #value, #min, #max, #emin, #emax)?; });
        }
        TypeRef::Primitive(Primitive::String) => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (
                    option_tokens(c.min_length, |v| quote! { #v }),
                    option_tokens(c.max_length, |v| quote! { #v }),
                );
                checks.push(quote! { runtime::check_length::<#error>(#wire, value.chars().count(), #min, #max)?; });
            }
            if let Some(pattern) = &c.pattern {
                checks.push(quote! { runtime::check_pattern::<#error>(#wire, value, #pattern)?; });
            }
        }
        TypeRef::Array(_) if (c.min_items.is_some() || c.max_items.is_some()) => {
            let (min, max) = (
                option_tokens(c.min_items, |v| quote! { #v }),
                option_tokens(c.max_items, |v| quote! { #v }),
            );
            checks
                .push(quote! { runtime::check_length::<#error>(#wire, value.len(), #min, #max)?; });
        }
        _ => {}
    }
    if checks.is_empty() {
        return None;
    }
    let name = ident(&p.name);
    Some(if p.required {
        quote! { { let value = &self.#name; #(#checks)* } }
    } else {
        quote! { if let Option::Some(value) = &self.#name { #(#checks)* } }
    })
}
