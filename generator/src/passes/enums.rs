//! Enum unification: identical inline enums (the same set of wire values)
//! written in several places become one named type. A one-value enum met
//! under several parents (a union member's tag, `object: list` in every list
//! response) is named after its value and property, not after whichever
//! parent came first.

use crate::ir::*;
use std::collections::BTreeMap;

pub fn unify_enums(api: &mut Api) {
    // Strict enums (tags) and open ones read differently: never merged.
    let mut groups: BTreeMap<(bool, bool, Vec<String>), Vec<TypeId>> = BTreeMap::new();
    for id in api.types.ids() {
        let def = api.types.get(id);
        if let TypeKind::Enum(e) = &def.kind {
            let mut values: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
            values.sort();
            groups
                .entry((e.repr == EnumRepr::String, e.strict, values))
                .or_default()
                .push(id);
        }
    }
    let mut replacement: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    for members in groups.values() {
        let inline: Vec<TypeId> = members
            .iter()
            .copied()
            .filter(|id| !api.types.get(*id).named_in_spec)
            .collect();
        if inline.is_empty() || members.len() < 2 {
            continue;
        }
        let target = representative(&api.types, members);
        for id in inline {
            if id != target {
                replacement.insert(id, target);
            }
        }
        if !api.types.get(target).named_in_spec {
            let name = preferred_name(&api.types, members);
            api.types.get_mut(target).name = name;
        }
    }
    if replacement.is_empty() {
        return;
    }
    for (from, to) in &replacement {
        api.types.get_mut(*from).merged_into = Some(*to);
    }
    let remap = |ty: &mut TypeRef| remap_type(ty, &replacement);
    visit_type_refs(api, remap);
}

/// A spec-named enum absorbs the inline copies; otherwise the first one does.
fn representative(types: &TypeSpace, members: &[TypeId]) -> TypeId {
    members
        .iter()
        .copied()
        .find(|id| types.get(*id).named_in_spec)
        .unwrap_or(members[0])
}

/// A title wins; then, for one value met as the same property of several
/// parents, the value and the property; then a name taken from a
/// component's property (more telling than one from a parameter); then the
/// shortest.
fn preferred_name(types: &TypeSpace, members: &[TypeId]) -> String {
    if let Some(title) = members.iter().find_map(|id| types.get(*id).title.clone()) {
        return title;
    }
    if let Some(name) = value_name(types, members) {
        return name;
    }
    members
        .iter()
        .map(|id| types.get(*id))
        .min_by_key(|d| {
            (
                !d.origin.starts_with("#/components/"),
                d.name.len(),
                d.name.clone(),
            )
        })
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// `list object` for the one-value enums that several parents' `object`
/// properties are.
fn value_name(types: &TypeSpace, members: &[TypeId]) -> Option<String> {
    let TypeKind::Enum(e) = &types.get(*members.first()?).kind else {
        return None;
    };
    let [only] = e.variants.as_slice() else {
        return None;
    };
    let property = |id: &TypeId| {
        let origin = &types.get(*id).origin;
        let (parent, last) = origin.rsplit_once('/')?;
        parent
            .ends_with("/properties")
            .then(|| crate::json_pointer::unescape_pointer(last))
    };
    let first = property(&members[0])?;
    members
        .iter()
        .all(|id| property(id).as_ref() == Some(&first))
        .then(|| format!("{} {first}", only.wire))
}

fn remap_type(ty: &mut TypeRef, replacement: &BTreeMap<TypeId, TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            if let Some(to) = replacement.get(id) {
                *id = *to;
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
            remap_type(inner, replacement)
        }
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// Calls `f` on every type reference in the API (types, parameters, bodies,
/// responses, examples).
pub fn visit_type_refs(api: &mut Api, mut f: impl FnMut(&mut TypeRef)) {
    for def in &mut api.types.defs {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    f(&mut field.ty);
                }
                if let Some(a) = &mut s.additional {
                    f(a);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
            TypeKind::Alias(t) => f(t),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        op.parameters.iter_mut().for_each(|p| f(&mut p.ty));
        if let Some(body) = &mut op.body {
            match &mut body.kind {
                BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => f(t),
                BodyKind::Text | BodyKind::Binary => {}
            }
        }
        for r in &mut op.responses {
            if let Some(ResponseBody {
                kind: ResponseKind::Json(t) | ResponseKind::Events(t),
                ..
            }) = &mut r.body
            {
                f(t);
            }
            if let Some(t) = &mut r.events {
                f(t);
            }
        }
    }
    for example in &mut api.examples {
        if let ExampleCheck::Decode { ty, .. } = &mut example.check {
            f(ty);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{field, string_enum, struct_of, type_def};

    fn enum_def(name: &str, origin: &str, named: bool, values: &[&str]) -> TypeDef {
        TypeDef {
            origin: origin.into(),
            named_in_spec: named,
            ..type_def(name, string_enum(values.iter().map(|v| (*v, *v))))
        }
    }

    #[test]
    fn identical_inline_enums_merge_and_references_follow() {
        let mut api = Api::default();
        let a = api.types.add(enum_def(
            "DeploymentLog type",
            "#/components/schemas/DeploymentLog/properties/type",
            false,
            &["deploy", "destroy"],
        ));
        let b = api.types.add(enum_def(
            "list deploymentTypes item",
            "#/paths/x",
            false,
            &["destroy", "deploy"],
        ));
        let c = api.types.add(enum_def(
            "Other",
            "#/components/schemas/Other",
            false,
            &["deploy"],
        ));
        let holder = api.types.add(type_def(
            "Holder",
            struct_of(vec![field(
                "t",
                TypeRef::Array(Box::new(TypeRef::Named(b))),
            )]),
        ));
        unify_enums(&mut api);
        assert_eq!(api.types.get(b).merged_into, Some(a));
        assert_eq!(api.types.get(c).merged_into, None);
        assert_eq!(api.types.get(a).name, "DeploymentLog type");
        let TypeKind::Struct(s) = &api.types.get(holder).kind else {
            panic!("struct expected")
        };
        assert_eq!(s.fields[0].ty, TypeRef::Array(Box::new(TypeRef::Named(a))));
    }

    #[test]
    fn spec_named_enum_absorbs_inline_copies() {
        let mut api = Api::default();
        let inline = api
            .types
            .add(enum_def("req roles item", "#/paths/x", false, &["A", "B"]));
        let named = api.types.add(enum_def(
            "Roles",
            "#/components/schemas/Roles",
            true,
            &["B", "A"],
        ));
        unify_enums(&mut api);
        assert_eq!(api.types.get(inline).merged_into, Some(named));
        assert_eq!(api.types.get(named).name, "Roles");
    }
}
