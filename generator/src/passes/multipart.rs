//! File parts: the binary fields (`format: binary`, 2.0's `type: file`,
//! 3.1's binary `contentMediaType`) of a struct sent as a multipart body
//! become files ([`Primitive::File`]: bytes or a stream, with a file name
//! and a content type). A struct that is also used elsewhere (a JSON body,
//! a response, a field of another type) is copied into a form type of its
//! own (`<name> form`), so that the JSON type keeps its binary fields as
//! the text JSON can carry.

use std::collections::{BTreeSet, HashMap};

use crate::ir::*;

pub fn file_parts(api: &mut Api) {
    let bodies: Vec<(usize, TypeId)> = api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match &op.body.as_ref()?.kind {
            BodyKind::Multipart(TypeRef::Named(id)) => Some((i, *id)),
            _ => None,
        })
        .filter(|(_, id)| has_binary_field(&api.types, *id))
        .collect();
    if bodies.is_empty() {
        return;
    }
    let forms: BTreeSet<TypeId> = bodies.iter().map(|(_, id)| *id).collect();
    let uses = uses_besides_multipart_bodies(api);
    let mut copies: HashMap<TypeId, TypeId> = HashMap::new();
    for id in forms {
        if uses.get(&id).copied().unwrap_or(0) == 0 {
            to_files(&mut api.types, id);
            continue;
        }
        let mut copy = api.types.get(id).clone();
        copy.name = format!("{} form", copy.name);
        copy.named_in_spec = false;
        let copy_id = api.types.add(copy);
        to_files(&mut api.types, copy_id);
        copies.insert(id, copy_id);
    }
    for (i, id) in bodies {
        if let (Some(copy), Some(body)) = (copies.get(&id), &mut api.operations[i].body) {
            body.kind = BodyKind::Multipart(TypeRef::Named(*copy));
        }
    }
}

/// A binary value, through aliases.
fn is_binary(types: &TypeSpace, ty: &TypeRef) -> bool {
    matches!(types.resolve(ty), TypeRef::Primitive(Primitive::Bytes))
}

/// A field's type with its binary values as files: `T`, `Option<T>` and
/// `Vec<T>` of binary.
fn file_type(types: &TypeSpace, ty: &TypeRef) -> Option<TypeRef> {
    let file = TypeRef::Primitive(Primitive::File);
    match types.resolve(ty) {
        t if is_binary(types, t) => Some(file),
        TypeRef::Option(inner) => file_type(types, inner).map(|t| TypeRef::Option(Box::new(t))),
        TypeRef::Array(inner) if is_binary(types, inner) => Some(TypeRef::Array(Box::new(file))),
        _ => None,
    }
}

fn has_binary_field(types: &TypeSpace, id: TypeId) -> bool {
    match &types.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| file_type(types, &f.ty).is_some()),
        _ => false,
    }
}

fn to_files(types: &mut TypeSpace, id: TypeId) {
    let TypeKind::Struct(s) = &types.get(id).kind else {
        return;
    };
    let files: Vec<Option<TypeRef>> = s.fields.iter().map(|f| file_type(types, &f.ty)).collect();
    if let TypeKind::Struct(s) = &mut types.get_mut(id).kind {
        for (field, file) in s.fields.iter_mut().zip(files) {
            if let Some(file) = file {
                field.ty = file;
            }
        }
    }
}

/// How often each named type is referred to, other than as the type of a
/// multipart body and from inside itself.
fn uses_besides_multipart_bodies(api: &Api) -> HashMap<TypeId, usize> {
    let mut uses: HashMap<TypeId, usize> = HashMap::new();
    let mut count = |ty: &TypeRef, from: Option<TypeId>| {
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(id) if Some(*id) != from => *uses.entry(*id).or_default() += 1,
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                    stack.push(inner)
                }
                _ => {}
            }
        }
    };
    for id in api.types.ids() {
        let def = api.types.get(id);
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| count(&f.ty, Some(id)));
                if let Some(a) = &s.additional {
                    count(a, Some(id));
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| count(&v.ty, Some(id))),
            TypeKind::Alias(t) => count(t, Some(id)),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &api.operations {
        op.parameters.iter().for_each(|p| count(&p.ty, None));
        match op.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json(t) | BodyKind::Form(t)) => count(t, None),
            Some(BodyKind::Multipart(TypeRef::Named(_))) => {}
            Some(BodyKind::Multipart(t)) => count(t, None),
            _ => {}
        }
        for r in &op.responses {
            if let Some(ResponseBody {
                kind: ResponseKind::Json(t) | ResponseKind::Events(t),
                ..
            }) = &r.body
            {
                count(t, None);
            }
            if let Some(t) = &r.events {
                count(t, None);
            }
        }
    }
    // An example of the type is decoded into it (`cargo xtask roundtrip`).
    for example in &api.examples {
        if let ExampleCheck::Decode { ty, .. } = &example.check {
            count(ty, None);
        }
    }
    uses
}
