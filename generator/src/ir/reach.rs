//! Which types a request can carry: the types of the operations' request
//! bodies and parameters, and every type inside them. Those get what
//! building a request needs (constructors, setters, an explicit `null`);
//! types only ever read from responses do not.

use super::{Api, BodyKind, TypeId, TypeKind, TypeRef, TypeSpace};
use std::collections::HashSet;

/// The types reachable from a request body or a parameter of any operation
/// (merged types stand for the type they were merged into).
pub fn request_types(api: &Api) -> HashSet<TypeId> {
    let mut seen = HashSet::new();
    let mut pending: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        pending.extend(op.parameters.iter().map(|p| &p.ty));
        if let Some(body) = &op.body
            && let BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) = &body.kind
        {
            pending.push(ty);
        }
    }
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) => {
                let id = canonical(&api.types, *id);
                if !seen.insert(id) {
                    continue;
                }
                match &api.types.get(id).kind {
                    TypeKind::Struct(s) => {
                        pending.extend(s.fields.iter().map(|f| &f.ty));
                        pending.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => {
                        pending.extend(u.variants.iter().filter(|v| !v.unit).map(|v| &v.ty))
                    }
                    TypeKind::Alias(inner) => pending.push(inner),
                    TypeKind::Enum(_) => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                pending.push(inner)
            }
            TypeRef::Primitive(_) | TypeRef::Any => {}
        }
    }
    seen
}

/// Whether `f`, a field of a struct a request carries when `in_request`,
/// can be sent as an explicit `null` apart from being left out: optional
/// and nullable, and not of a type that holds `null` itself (`Value`, an
/// `Option` alias). Its Rust type is then `Option<Option<T>>`.
pub fn sends_explicit_null(types: &TypeSpace, f: &super::Field, in_request: bool) -> bool {
    in_request
        && !f.required
        && f.nullable
        && !matches!(types.resolve(&f.ty), TypeRef::Any | TypeRef::Option(_))
}

/// The type a merged type was merged into (the one emitted).
pub fn canonical(types: &TypeSpace, mut id: TypeId) -> TypeId {
    while let Some(to) = types.get(id).merged_into {
        id = to;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{field, json_body, operation, struct_of, type_def};
    use crate::ir::*;

    #[test]
    fn types_inside_request_bodies_are_reached_and_response_types_are_not() {
        let mut api = Api::default();
        let inner = api.types.add(type_def("Inner", struct_of(vec![])));
        let list = api.types.add(type_def(
            "Outer",
            struct_of(vec![field(
                "items",
                TypeRef::Array(Box::new(TypeRef::Named(inner))),
            )]),
        ));
        let answer = api.types.add(type_def("Answer", struct_of(vec![])));
        let mut op = operation("create");
        op.body = Some(RequestBody {
            required: true,
            description: None,
            content_type: "application/json".into(),
            kind: BodyKind::Json(TypeRef::Named(list)),
            part_types: Vec::new(),
        });
        op.responses.push(Response {
            body: Some(json_body(TypeRef::Named(answer))),
            ..crate::ir::test_builder::response(StatusMatch::Code(200), "ok")
        });
        api.operations.push(op);
        let reached = request_types(&api);
        assert!(reached.contains(&list) && reached.contains(&inner));
        assert!(!reached.contains(&answer));
    }
}
