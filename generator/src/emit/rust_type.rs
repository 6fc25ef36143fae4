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
                quote! { Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote! { std::collections::BTreeMap<String, #inner> }
            }
            TypeRef::Option(inner) => {
                let inner = self.ty(inner);
                quote! { Option<#inner> }
            }
            TypeRef::Any => quote! { serde_json::Value },
        }
    }

    /// Whether the type already admits `null` (so `Option` would be redundant).
    pub fn admits_null(&self, ty: &TypeRef) -> bool {
        matches!(self.types.resolve(ty), TypeRef::Any | TypeRef::Option(_))
    }
}

/// `ty` as Rust source that names it from outside the generated crate, the
/// service's types reached through `types_path` (`my_client::svc::types`):
/// for programs that use the generated types (`cargo xtask roundtrip`).
pub fn type_path(types: &TypeSpace, ty: &TypeRef, types_path: &str) -> Result<String, String> {
    let prefix: TokenStream = types_path
        .parse()
        .map_err(|e| format!("`{types_path}` is not a Rust path: {e}"))?;
    let writer = TypeWriter {
        types,
        prefix: quote! { #prefix :: },
    };
    let tokens = writer.ty(ty);
    let parsed: syn::Type = syn::parse2(tokens).map_err(|e| format!("not a Rust type: {e}"))?;
    // A type is idents, `::`, `<`, `>` and `,`: without spaces it reads as written.
    let text = quote! { #parsed }.to_string();
    let text: String = text.split_whitespace().collect();
    // The runtime's types, named from outside the crate.
    let krate = types_path.split("::").next().unwrap_or("crate");
    Ok(text.replace("crate::runtime::", &format!("{krate}::runtime::")))
}

pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote! { String },
        Primitive::Bool => quote! { bool },
        Primitive::I32 => quote! { i32 },
        Primitive::I64 => quote! { i64 },
        Primitive::U64 => quote! { u64 },
        Primitive::F32 => quote! { f32 },
        Primitive::F64 => quote! { f64 },
        // Binary data inside JSON can only be text: kept as it came.
        Primitive::Bytes => quote! { String },
        Primitive::Base64 => quote! { crate::runtime::Base64 },
        Primitive::File => quote! { crate::runtime::FilePart },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_paths_name_the_types_from_outside() {
        let mut types = TypeSpace::default();
        let id = types.add(TypeDef {
            name: "r#Self_".into(),
            origin: String::new(),
            named_in_spec: true,
            title: None,
            doc: None,
            deprecated: false,
            kind: TypeKind::Alias(TypeRef::Any),
            merged_into: None,
        });
        let pet = types.add(TypeDef {
            name: "Pet".into(),
            ..types.get(id).clone()
        });
        let ty = TypeRef::Option(Box::new(TypeRef::Array(Box::new(TypeRef::Map(Box::new(
            TypeRef::Named(pet),
        ))))));
        assert_eq!(
            type_path(&types, &ty, "pets::api::types").as_deref(),
            Ok("Option<Vec<std::collections::BTreeMap<String,pets::api::types::Pet>>>")
        );
        // A merged type is named by the type it was merged into.
        types.get_mut(pet).merged_into = Some(id);
        let _ = type_path(&types, &TypeRef::Named(pet), "x::types").expect("a path");
        assert!(type_path(&types, &TypeRef::Named(id), "not a path!").is_err());
    }
}
