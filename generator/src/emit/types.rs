//! The `types` module: one Rust item per type in the type space.

use super::doc::{doc_attrs, doc_lines};
use super::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole module at once (tests; [`super::service_files`] prints it in chunks).
#[cfg(test)]
pub fn types_module(api: &Api) -> TokenStream {
    let order = emit_order(api);
    let header = types_header();
    let items = type_items(api, &order);
    quote! { #header #items }
}

/// The types emitted, in the order they are written (by name).
pub fn emit_order(api: &Api) -> Vec<&TypeDef> {
    let mut order: Vec<&TypeDef> = api
        .types
        .defs
        .iter()
        .filter(|d| d.merged_into.is_none())
        .collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    order
}

/// The module's inner attributes.
pub fn types_header() -> TokenStream {
    quote! {
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
    }
}

/// The items of `defs` (each independent of the others).
pub fn type_items(api: &Api, defs: &[&TypeDef]) -> TokenStream {
    let writer = TypeWriter {
        types: &api.types,
        prefix: TokenStream::new(),
    };
    let items = defs.iter().map(|def| type_item(&writer, def));
    quote! { #(#items)* }
}

fn type_item(writer: &TypeWriter<'_>, def: &TypeDef) -> TokenStream {
    let mut doc = doc_attrs(def.doc.as_deref());
    if def.doc.is_none() {
        doc = doc_lines(&format!(
            "`{}` from the spec.",
            def.origin.trim_start_matches('#')
        ));
    }
    let deprecated = if def.deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    };
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_item(writer, &name, s),
        TypeKind::Enum(e) => enum_item(&name, e),
        TypeKind::Union(u) => union_item(writer, &name, u),
        TypeKind::Alias(ty) => {
            let ty = writer.ty(ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #doc #deprecated #body }
}

fn struct_item(writer: &TypeWriter<'_>, name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    let mut all_optional = true;
    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let mut ty = writer.ty(&f.ty);
        if f.boxed {
            ty = quote! { ::std::boxed::Box<#ty> };
        }
        let optional = f.is_optional() && !writer.admits_null(&f.ty);
        let mut serde_attrs = Vec::new();
        if f.name.trim_start_matches("r#") != f.wire_name {
            let wire = &f.wire_name;
            serde_attrs.push(quote! { rename = #wire });
        }
        if optional {
            ty = quote! { ::std::option::Option<#ty> };
            serde_attrs.push(quote! { default });
            if !f.required {
                serde_attrs.push(quote! { skip_serializing_if = "Option::is_none" });
            }
        } else if f.is_optional() {
            // Already admits null (`Value`, `Option<..>` alias): missing reads as null.
            serde_attrs.push(quote! { default });
        } else {
            all_optional = false;
        }
        let serde = if serde_attrs.is_empty() {
            TokenStream::new()
        } else {
            quote! { #[serde(#(#serde_attrs),*)] }
        };
        let doc = doc_attrs(f.doc.as_deref());
        let deprecated = if f.deprecated {
            quote! { #[deprecated] }
        } else {
            TokenStream::new()
        };
        quote! { #doc #deprecated #serde pub #field_name: #ty, }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let additional = s.additional.as_ref().map(|a| {
        let ty = writer.ty(a);
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::HashMap<::std::string::String, #ty>,
        }
    });
    let default = if all_optional {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn enum_item(name: &proc_macro2::Ident, e: &EnumDef) -> TokenStream {
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let docs = e.variants.iter().map(|v| {
        let text = match &v.doc {
            Some(d) => d.clone(),
            None => format!("`{}`", v.wire.replace('`', "'")),
        };
        doc_attrs(Some(&text))
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #docs #variants, )*
            /// A value this client does not know (the server may be newer than the spec).
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

fn union_item(writer: &TypeWriter<'_>, name: &proc_macro2::Ident, u: &UnionDef) -> TokenStream {
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let ty = writer.ty(&v.ty);
            if v.boxed {
                quote! { ::std::boxed::Box<#ty> }
            } else {
                ty
            }
        })
        .collect();
    let Some(discriminator) = &u.discriminator else {
        return quote! {
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #( #variants(#types), )*
                /// A shape this client does not know.
                Unknown(::serde_json::Value),
            }
        };
    };
    // Tag values in the order the spec gives them, each with the variants
    // it may stand for (two variants can share one: then the first whose
    // shape fits wins).
    let mut tags: Vec<(&str, Vec<&proc_macro2::Ident>)> = Vec::new();
    let mut mapped = vec![false; variants.len()];
    for (wire, idx) in &discriminator.mapping {
        let Some(variant) = variants.get(*idx) else {
            continue;
        };
        mapped[*idx] = true;
        match tags.iter_mut().find(|(w, _)| w == wire) {
            Some((_, candidates)) => {
                if !candidates.contains(&variant) {
                    candidates.push(variant)
                }
            }
            None => tags.push((wire, vec![variant])),
        }
    }
    if tags.is_empty() {
        // Nothing to dispatch on: the variants are told apart by shape.
        let untagged = UnionDef {
            variants: u.variants.clone(),
            discriminator: None,
        };
        return union_item(writer, name, &untagged);
    }
    let attempts = |candidates: &[&proc_macro2::Ident]| {
        quote! {
            #(
                if let ::std::result::Result::Ok(v) = ::serde_json::from_value(value.clone()) {
                    return Ok(Self::#candidates(v));
                }
            )*
        }
    };
    let arms = tags.iter().map(|(wire, candidates)| match candidates.as_slice() {
        [only] => quote! {
            ::std::option::Option::Some(#wire) => ::serde_json::from_value(value).map(Self::#only).map_err(::serde::de::Error::custom),
        },
        [first @ .., last] => {
            let tries = attempts(first);
            quote! {
                ::std::option::Option::Some(#wire) => {
                    #tries
                    ::serde_json::from_value(value).map(Self::#last).map_err(::serde::de::Error::custom)
                }
            }
        }
        [] => TokenStream::new(),
    });
    // Variants no tag names are told apart by shape.
    let unmapped: Vec<&proc_macro2::Ident> = variants
        .iter()
        .zip(&mapped)
        .filter(|(_, m)| !**m)
        .map(|(v, _)| v)
        .collect();
    let rest = attempts(&unmapped);
    let property = &discriminator.property;
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #( #variants(#types), )*
            /// A shape this client does not know.
            Unknown(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => {
                        #rest
                        Ok(Self::Unknown(value))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{string_enum, type_def, union_variant};

    #[test]
    fn enum_variants_named_like_associated_items_do_not_make_paths_ambiguous() {
        // A variant `Err` made `Self::Err` (FromStr's error type) ambiguous.
        let mut api = Api::default();
        api.types.add(type_def(
            "Outcome",
            string_enum([("ok", "Ok"), ("err", "Err")]),
        ));
        let text = super::super::render(types_module(&api)).expect("valid Rust");
        assert!(text.contains("Err,"), "{text}");
        assert!(!text.contains("Self, Self::Err>"), "{text}");
    }

    fn union_api(mapping: Vec<(String, usize)>) -> Api {
        let mut api = Api::default();
        let variants = ["A", "B", "C"]
            .iter()
            .map(|n| union_variant(n, TypeRef::Map(Box::new(TypeRef::Any))))
            .collect();
        api.types.add(type_def(
            "Event",
            TypeKind::Union(UnionDef {
                variants,
                discriminator: Some(Discriminator {
                    property: "kind".into(),
                    mapping,
                }),
            }),
        ));
        api
    }

    #[test]
    fn a_tag_shared_by_variants_is_one_arm_trying_each() {
        let api = union_api(vec![("x".into(), 0), ("x".into(), 1)]);
        let text = super::super::render(types_module(&api)).expect("valid Rust");
        assert_eq!(text.matches("Some(\"x\")").count(), 1, "{text}");
        assert!(text.contains("Self::A(v)"), "{text}");
        assert!(text.contains("map(Self::B)"), "{text}");
        // C is named by no tag: tried by shape before giving up.
        assert!(text.contains("Self::C(v)"), "{text}");
    }

    #[test]
    fn a_discriminator_without_values_decodes_by_shape() {
        let api = union_api(Vec::new());
        let text = super::super::render(types_module(&api)).expect("valid Rust");
        assert!(text.contains("#[serde(untagged)]"), "{text}");
        assert!(!text.contains("match tag"), "{text}");
    }
}
