//! IR type references to Rust type syntax.

use crate::ir::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier from a name the naming pass made (`r#type` stays raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Whether methods and setters take a value of `ty` as `impl Into<ty>`
/// rather than `ty` itself: strings (`&str`, `String`...) and enums (a
/// variant, or the value as the spec writes it, `"asc"`). Numbers stay as
/// they are: an integer literal must be inferred as the parameter's own
/// type (`1` is an `i32`, which does not convert into a `u64`).
pub fn taken_as_into(types: &TypeSpace, ty: &TypeRef) -> bool {
    match types.resolve(ty) {
        TypeRef::Primitive(Primitive::String) => true,
        TypeRef::Named(id) => {
            let mut id = *id;
            while let Some(to) = types.get(id).merged_into {
                id = to;
            }
            matches!(types.get(id).kind, TypeKind::Enum(_))
        }
        _ => false,
    }
}

/// `#[derive(...)]` of `traits` (names in scope where it is used).
pub fn derive_attribute(traits: &[&str]) -> TokenStream {
    let traits = traits.iter().map(|t| Ident::new(t, Span::call_site()));
    quote! { #[derive(#(#traits),*)] }
}

/// Writes type references, qualifying named types with `prefix` (`types::`).
pub struct TypeWriter<'a> {
    pub types: &'a TypeSpace,
    pub prefix: TokenStream,
}

impl TypeWriter<'_> {
    pub fn named(&self, id: TypeId) -> TokenStream {
        let mut id = id;
        while let Some(to) = self.types.get(id).merged_into {
            id = to;
        }
        let name = ident(&self.types.get(id).name);
        let prefix = &self.prefix;
        quote! { #prefix #name }
    }

    pub fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => self.named(*id),
            TypeRef::Primitive(p) => primitive(*p),
            TypeRef::Array(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::vec::Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::collections::HashMap<::std::string::String, #inner> }
            }
            TypeRef::Option(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::option::Option<#inner> }
            }
            TypeRef::Any => quote! { ::serde_json::Value },
        }
    }

    /// Whether the type already admits `null` (so `Option` would be redundant).
    pub fn admits_null(&self, ty: &TypeRef) -> bool {
        matches!(self.types.resolve(ty), TypeRef::Any | TypeRef::Option(_))
    }
}

pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote! { ::std::string::String },
        Primitive::Bool => quote! { bool },
        Primitive::I32 => quote! { i32 },
        Primitive::I64 => quote! { i64 },
        Primitive::U64 => quote! { u64 },
        Primitive::F32 => quote! { f32 },
        Primitive::F64 => quote! { f64 },
        Primitive::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}
