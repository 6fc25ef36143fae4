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

/// The bounds an integer type does not already keep: `minimum: 0` on a
/// `u64` needs no check (the caller cannot write a negative one).
fn beyond_the_type(prim: Primitive, c: &Constraints) -> (Option<f64>, Option<f64>) {
    let Some((lo, hi)) = prim.integer_range() else {
        return (c.minimum, c.maximum);
    };
    // Exact for every bound below 2^53; above, a kept check errs on the safe side.
    let minimum = c.minimum.filter(|m| c.exclusive_minimum || *m > lo as f64);
    let maximum = c.maximum.filter(|m| c.exclusive_maximum || *m < hi as f64);
    (minimum, maximum)
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
    let ty = writer.types.resolve(&p.ty);
    let (minimum, maximum) = match ty {
        TypeRef::Primitive(prim) => beyond_the_type(*prim, c),
        _ => (c.minimum, c.maximum),
    };
    match ty {
        TypeRef::Primitive(prim)
            if (prim.integer_range().is_some()
                || matches!(prim, Primitive::F32 | Primitive::F64))
                && (minimum.is_some() || maximum.is_some()) =>
        {
            // 64-bit integers have no exact `f64`: beyond 2^53 the
            // check is to the nearest `f64`, as the spec's own bounds are.
            let value = match prim {
                Primitive::F64 => quote! { *value },
                Primitive::I64 | Primitive::U64 => quote! { *value as f64 },
                _ => quote! { f64::from(*value) },
            };
            let (min, max) = (
                option_tokens(minimum, f64_literal),
                option_tokens(maximum, f64_literal),
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
