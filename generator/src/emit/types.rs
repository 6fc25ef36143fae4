//! The `types` module: one Rust item per type in the type space.

use super::builders::{explicit_null_attr, struct_methods};
use super::doc::{doc_attrs, doc_lines};
use super::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole module at once (tests; [`super::service_files`] prints it in chunks).
#[cfg(test)]
pub fn types_module(api: &Api) -> TokenStream {
    let order: Vec<&TypeDef> = emit_order(api)
        .into_iter()
        .map(|id| api.types.get(id))
        .collect();
    let header = types_header();
    let items = type_items(api, &order, &RequestTypeNames::of(api));
    quote! { #header #items }
}

/// The types emitted (not merged into another), in the order they are written (by name).
pub fn emit_order(api: &Api) -> Vec<TypeId> {
    let mut order: Vec<TypeId> = api
        .types
        .ids()
        .filter(|&id| api.types.get(id).merged_into.is_none())
        .collect();
    order.sort_by(|&a, &b| api.types.get(a).name.cmp(&api.types.get(b).name));
    order
}

/// The module's inner attributes.
pub fn types_header() -> TokenStream {
    quote! {
        #![allow(clippy::large_enum_variant, clippy::type_complexity, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::disallowed_names)]
    }
}

/// The names of the types a request carries ([`request_types`]), found
/// once for the whole API: every chunk of printed types asks.
pub struct RequestTypeNames<'a>(std::collections::HashSet<&'a str>);

impl<'a> RequestTypeNames<'a> {
    pub fn of(api: &'a Api) -> Self {
        // Emitted types are named uniquely by the naming pass.
        Self(
            request_types(api)
                .into_iter()
                .map(|id| api.types.get(id).name.as_str())
                .collect(),
        )
    }
}

/// The items of `defs` (each independent of the others).
pub fn type_items(api: &Api, defs: &[&TypeDef], in_request: &RequestTypeNames<'_>) -> TokenStream {
    let writer = TypeWriter {
        types: &api.types,
        prefix: TokenStream::new(),
    };
    let items = defs
        .iter()
        .map(|def| type_item(&writer, def, in_request.0.contains(def.name.as_str())));
    quote! { #(#items)* }
}

fn type_item(writer: &TypeWriter<'_>, def: &TypeDef, in_request: bool) -> TokenStream {
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
    if let TypeKind::Struct(StructDef {
        additional: Some(_),
        ..
    }) = &def.kind
    {
        // Said on the type, since other structs drop undeclared properties.
        let kept = doc_lines(
            "Properties the spec does not declare are kept in `additional_properties` \
             (its `additionalProperties` allows them).",
        );
        doc = quote! { #doc #[doc = ""] #kept };
    }
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_item(writer, &name, s, in_request),
        TypeKind::Enum(e) => enum_item(&name, e),
        TypeKind::Union(u) => super::union::union_item(writer, &name, u),
        TypeKind::Alias(ty) => {
            let ty = writer.ty(ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #doc #deprecated #body }
}

fn struct_item(
    writer: &TypeWriter<'_>,
    name: &proc_macro2::Ident,
    s: &StructDef,
    in_request: bool,
) -> TokenStream {
    // A multipart form with files is sent field by field, never as JSON.
    let form = super::multipart::holds_files(s);
    let mut all_optional = true;
    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let mut ty = writer.ty(&f.ty);
        if f.boxed {
            ty = quote! { Box<#ty> };
        }
        let optional = f.is_optional() && !writer.admits_null(&f.ty);
        let mut serde_attrs = Vec::new();
        if f.name.trim_start_matches("r#") != f.wire_name {
            let wire = &f.wire_name;
            serde_attrs.push(quote! { rename = #wire });
        }
        if sends_explicit_null(writer.types, f, in_request) {
            ty = quote! { Option<Option<#ty>> };
            serde_attrs.push(quote! { default });
            serde_attrs.push(explicit_null_attr());
            serde_attrs.push(quote! { skip_serializing_if = "Option::is_none" });
        } else if optional {
            ty = quote! { Option<#ty> };
            serde_attrs.push(quote! { default });
            if !f.required {
                serde_attrs.push(quote! { skip_serializing_if = "Option::is_none" });
            }
        } else if f.is_optional() {
            // Already admits null (`Value`, `Option<..>` alias): missing reads
            // as null, and an optional property left null is not sent.
            serde_attrs.push(quote! { default });
            if !f.required {
                let is_null = match writer.types.resolve(&f.ty) {
                    TypeRef::Any => "serde_json::Value::is_null",
                    _ => "Option::is_none",
                };
                serde_attrs.push(quote! { skip_serializing_if = #is_null });
            }
        } else {
            all_optional = false;
        }
        let serde = if serde_attrs.is_empty() || form {
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
        let ty = writer.ty(&TypeRef::Map(Box::new(a.clone())));
        let flatten = if form {
            TokenStream::new()
        } else {
            quote! { #[serde(flatten)] }
        };
        quote! {
            /// Properties beyond the declared ones (the spec's
            /// `additionalProperties` allows them): kept, and sent back.
            #flatten
            pub additional_properties: #ty,
        }
    });
    let default = if all_optional {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let methods = if in_request {
        struct_methods(writer, name, s)
    } else {
        TokenStream::new()
    };
    let derives = if form {
        quote! { #[derive(Debug, #default)] }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)] }
    };
    quote! {
        #derives
        pub struct #name {
            #(#fields)*
            #additional
        }

        #methods
    }
}

fn enum_item(name: &proc_macro2::Ident, e: &EnumDef) -> TokenStream {
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let docs: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let text = match &v.doc {
                Some(d) => d.clone(),
                None => format!("`{}`", v.wire.replace('`', "'")),
            };
            doc_attrs(Some(&text))
        })
        .collect();
    if e.strict {
        return strict_enum_item(name, &variants, &wires, &docs);
    }
    // The impls every such enum shares come from the runtime's macro.
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #docs #variants, )*
            /// A value this client does not know (the server may be newer than the spec).
            Unknown(String),
        }
        crate::runtime::enums::string_enum!(#name { #( #variants(#wires) ),* });
    }
}

/// An enum that reads its listed values and no other (a union member's
/// tag): no `Unknown`, so a value tagged for another member is refused.
fn strict_enum_item(
    name: &proc_macro2::Ident,
    variants: &[proc_macro2::Ident],
    wires: &[&str],
    docs: &[TokenStream],
) -> TokenStream {
    // One value (the usual tag) is also the default.
    let (default_derive, default_attr) = if variants.len() == 1 {
        (quote! { Default, }, quote! { #[default] })
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let first = variants.first().map(|v| quote! { #default_attr #v, });
    let rest = variants.iter().skip(1);
    let first_doc = docs.first();
    let rest_docs = docs.iter().skip(1);
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive)]
        pub enum #name {
            #first_doc #first
            #( #rest_docs #rest, )*
        }
        crate::runtime::enums::strict_enum!(#name { #( #variants(#wires) ),* });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{string_enum, type_def};

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
}
