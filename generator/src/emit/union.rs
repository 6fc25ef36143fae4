//! Unions: a Rust enum with a variant per member and `Unknown` for values no
//! member reads, decoded as the union's tagging says (the logic they share is
//! the runtime's `unions` module).

use super::doc::doc_lines;
use super::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

pub fn union_item(writer: &TypeWriter<'_>, name: &Ident, u: &UnionDef) -> TokenStream {
    let unions = quote! { unions };
    let variants: Vec<Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let declared = u.variants.iter().zip(&variants).map(|(v, name)| {
        if v.unit {
            return quote! { #name, };
        }
        let ty = writer.ty(&v.ty);
        if v.boxed {
            quote! { #name(Box<#ty>), }
        } else {
            quote! { #name(#ty), }
        }
    });
    let (how, derive_serialize, serialize, deserialize_body) = match &u.tagging {
        Tagging::Untagged => (
            "Told apart by shape: a value decodes as the variant that keeps the most of it."
                .to_string(),
            true,
            TokenStream::new(),
            by_shape(
                &unions,
                writer.types,
                u,
                &variants,
                (0..u.variants.len()).collect(),
            ),
        ),
        Tagging::Internal(d) => (
            if d.inferred {
                format!(
                    "The `{}` property says which variant a value is: each variant has a value of its own.",
                    d.property.replace('`', "'")
                )
            } else {
                format!(
                    "The spec's discriminator, the `{}` property, says which variant a value is.",
                    d.property.replace('`', "'")
                )
            },
            true,
            TokenStream::new(),
            by_tag(&unions, writer.types, u, d, &variants),
        ),
        Tagging::External => (
            "An object's one key (or a bare string) says which variant a value is.".to_string(),
            false,
            external_serialize(&unions, name, u, &variants),
            by_key(&unions, u, &variants),
        ),
    };
    let how = doc_lines(&how);
    let derives = if derive_serialize {
        quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(untagged)]
        }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq)] }
    };
    quote! {
        ///
        #how
        #derives
        pub enum #name {
            #(#declared)*
            /// A value this client does not know, kept as it is.
            Unknown(serde_json::Value),
        }

        #serialize

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use crate::runtime::unions;
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #deserialize_body
            }
        }
    }
}

/// The variants at `candidates`, tried on `value` stricter first; `Unknown` if none reads it.
fn by_shape(
    unions: &TokenStream,
    types: &TypeSpace,
    u: &UnionDef,
    variants: &[Ident],
    candidates: Vec<usize>,
) -> TokenStream {
    let attempts = attempts(unions, types, u, variants, candidates);
    if attempts.is_empty() {
        return quote! { Ok(Self::Unknown(value)) };
    }
    quote! {
        Ok(match #unions::best_fit::<Self>(&value, &[#(#attempts),*]) {
            Some(variant) => variant,
            None => Self::Unknown(value),
        })
    }
}

fn attempts(
    unions: &TokenStream,
    types: &TypeSpace,
    u: &UnionDef,
    variants: &[Ident],
    mut candidates: Vec<usize>,
) -> Vec<TokenStream> {
    candidates.retain(|i| u.variants.get(*i).is_some_and(|v| !v.unit));
    candidates.sort_by_key(|i| strictness(types, &u.variants[*i].ty));
    candidates
        .iter()
        .map(|i| {
            let variant = &variants[*i];
            quote! { |v: &serde_json::Value| #unions::attempt(v, Self::#variant) }
        })
        .collect()
}

/// Where a variant comes among those a value could be (lower first): of
/// shapes one value can fit at once, the narrower one is tried first
/// (integers before numbers, an enum before any string, objects with more
/// required properties before those with fewer).
fn strictness(types: &TypeSpace, ty: &TypeRef) -> (u8, usize) {
    match types.resolve(ty) {
        TypeRef::Primitive(Primitive::Bool) => (0, 0),
        TypeRef::Primitive(Primitive::I32) => (1, 0),
        TypeRef::Primitive(Primitive::I64 | Primitive::U64) => (2, 0),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => (3, 0),
        // Base64 text is a narrower string.
        TypeRef::Primitive(Primitive::Base64) => (4, 2),
        TypeRef::Primitive(Primitive::String | Primitive::Bytes | Primitive::File) => (5, 0),
        TypeRef::Named(id) => match &types.get(*id).kind {
            TypeKind::Enum(e) if e.strict => (4, 0),
            TypeKind::Enum(_) => (4, 1),
            TypeKind::Struct(s) => (
                6,
                usize::MAX - s.fields.iter().filter(|f| f.required).count(),
            ),
            TypeKind::Union(_) => (7, 0),
            TypeKind::Alias(_) => (8, 0),
        },
        TypeRef::Array(_) => (8, 0),
        TypeRef::Map(_) => (9, 0),
        TypeRef::Option(inner) => strictness(types, inner),
        TypeRef::Any => (10, 0),
    }
}

/// Dispatch on the tag property; values without a known tag are told
/// apart by shape among the variants that check their tag themselves.
fn by_tag(
    unions: &TokenStream,
    types: &TypeSpace,
    u: &UnionDef,
    d: &Discriminator,
    variants: &[Ident],
) -> TokenStream {
    // Tag values in the order the spec gives them, each with the variants
    // it may stand for (two variants can share one: the best fit wins).
    let mut tags: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut mapped = vec![false; variants.len()];
    for (wire, idx) in &d.mapping {
        if *idx >= variants.len() {
            continue;
        }
        mapped[*idx] = true;
        match tags.iter_mut().find(|(w, _)| *w == wire.as_str()) {
            Some((_, candidates)) => {
                if !candidates.contains(idx) {
                    candidates.push(*idx)
                }
            }
            None => tags.push((wire, vec![*idx])),
        }
    }
    if tags.is_empty() {
        // Nothing to dispatch on: the variants are told apart by shape.
        return by_shape(unions, types, u, variants, (0..variants.len()).collect());
    }
    let arms = tags
        .iter()
        .map(|(wire, candidates)| match candidates.as_slice() {
            [only] => {
                let variant = &variants[*only];
                quote! { Some(#wire) => #unions::decode(value, Self::#variant), }
            }
            [.., last] => {
                let last = &variants[*last];
                let attempts = attempts(unions, types, u, variants, candidates.clone());
                quote! {
                    Some(#wire) => match #unions::best_fit::<Self>(&value, &[#(#attempts),*]) {
                        Some(variant) => Ok(variant),
                        None => #unions::decode(value, Self::#last),
                    },
                }
            }
            [] => TokenStream::new(),
        });
    // A value without a known tag may still be a member no tag names, or
    // (for an inferred tag, which each member checks itself) one whose tag
    // is optional.
    let rest: Vec<usize> = (0..variants.len())
        .filter(|i| {
            !mapped[*i] || (d.inferred && !tag_required(types, &u.variants[*i].ty, &d.property))
        })
        .collect();
    let rest = by_shape(unions, types, u, variants, rest);
    let property = &d.property;
    quote! {
        let tag = #unions::tag(&value, #property).map(str::to_owned);
        match tag.as_deref() {
            #(#arms)*
            _ => { #rest }
        }
    }
}

/// Whether the member `ty` is must have the tag property.
fn tag_required(types: &TypeSpace, ty: &TypeRef, property: &str) -> bool {
    let TypeRef::Named(id) = types.resolve(ty) else {
        return false;
    };
    match &types.get(*id).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .any(|f| f.wire_name == property && f.required && !f.nullable),
        _ => false,
    }
}

/// Dispatch on a bare string or an object's one key.
fn by_key(unions: &TokenStream, u: &UnionDef, variants: &[Ident]) -> TokenStream {
    let (units, entries): (Vec<_>, Vec<_>) = u
        .variants
        .iter()
        .zip(variants)
        .filter_map(|(v, name)| v.wire.as_deref().map(|w| (v, w, name)))
        .partition(|(v, _, _)| v.unit);
    let strings = units.iter().map(|(_, wire, name)| {
        quote! {
            if value.as_str() == Some(#wire) {
                return Ok(Self::#name);
            }
        }
    });
    let arms = entries.iter().map(|(_, wire, name)| {
        quote! { Some(#wire) => #unions::decode(#unions::single_value(value), Self::#name), }
    });
    quote! {
        #(#strings)*
        let key = #unions::single_key(&value).map(str::to_owned);
        match key.as_deref() {
            #(#arms)*
            _ => Ok(Self::Unknown(value)),
        }
    }
}

fn external_serialize(
    unions: &TokenStream,
    name: &Ident,
    u: &UnionDef,
    variants: &[Ident],
) -> TokenStream {
    let arms = u.variants.iter().zip(variants).map(|(v, name)| {
        let wire = v.wire.as_deref().unwrap_or(&v.name);
        if v.unit {
            quote! { Self::#name => serializer.serialize_str(#wire), }
        } else {
            quote! { Self::#name(value) => #unions::serialize_entry(serializer, #wire, value), }
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use crate::runtime::unions;
                match self {
                    #(#arms)*
                    Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::types::types_module;
    use crate::ir::*;

    fn union_api(tagging: Tagging) -> Api {
        let mut api = Api::default();
        let variants = ["A", "B", "C"]
            .iter()
            .map(|n| UnionVariant::new(n.to_string(), TypeRef::Map(Box::new(TypeRef::Any))))
            .collect();
        api.types.add(TypeDef {
            name: "Event".into(),
            origin: "#/components/schemas/Event".into(),
            named_in_spec: true,
            title: None,
            doc: None,
            deprecated: false,
            kind: TypeKind::Union(UnionDef { variants, tagging }),
            merged_into: None,
        });
        api
    }

    /// The module's text without whitespace.
    fn compact(api: &Api) -> String {
        let text = super::super::render(types_module(api)).expect("valid Rust");
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn tagged(mapping: Vec<(String, usize)>) -> Tagging {
        Tagging::Internal(Discriminator {
            property: "kind".into(),
            mapping,
            inferred: false,
        })
    }

    #[test]
    fn a_tag_shared_by_variants_is_one_arm_trying_each() {
        let api = union_api(tagged(vec![("x".into(), 0), ("x".into(), 1)]));
        let text = compact(&api);
        assert_eq!(text.matches("Some(\"x\")").count(), 1, "{text}");
        assert!(text.contains("attempt(v,Self::A)"), "{text}");
        assert!(text.contains("decode(value,Self::B)"), "{text}");
        // C is named by no tag: tried by shape before giving up.
        assert!(text.contains("attempt(v,Self::C)"), "{text}");
    }

    #[test]
    fn a_discriminator_without_values_decodes_by_shape() {
        let api = union_api(tagged(Vec::new()));
        let text = compact(&api);
        assert!(text.contains("best_fit"), "{text}");
        assert!(!text.contains("match tag"), "{text}");
    }

    #[test]
    fn externally_tagged_variants_are_keys_and_bare_strings() {
        let mut api = union_api(Tagging::External);
        if let TypeKind::Union(u) = &mut api.types.get_mut(TypeId(0)).kind {
            for v in &mut u.variants {
                v.wire = Some(v.name.to_lowercase());
            }
            u.variants[2].unit = true;
        }
        let text = compact(&api);
        assert!(text.contains("Some(\"a\")=>unions::decode("), "{text}");
        assert!(
            text.contains("ifvalue.as_str()==Some(\"c\"){returnOk(Self::C);}"),
            "{text}"
        );
        assert!(
            text.contains("Self::C=>serializer.serialize_str(\"c\")"),
            "{text}"
        );
        assert!(!text.contains("#[serde(untagged)]"), "{text}");
    }
}
