//! Cycle detection: a type that contains itself (directly or through other
//! types, without a `Vec` or map between) needs `Box` on the edges of the
//! cycle. Aliases that refer to themselves cannot be written in Rust at all
//! and become free-form JSON.

use crate::ir::*;

pub fn break_cycles(api: &mut Api) {
    break_alias_loops(api);
    let n = api.types.defs.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for id in api.types.ids() {
        let def = api.types.get(id);
        if def.merged_into.is_some() {
            continue;
        }
        for ty in direct_refs(&def.kind) {
            if let Some(target) = direct_target(&api.types, ty) {
                edges[id.0].push(target.0);
            }
        }
    }
    let component = strongly_connected_components(&edges);
    for id in api.types.ids() {
        let src = component[id.0];
        let types = &api.types;
        let needs_box =
            |ty: &TypeRef| direct_target(types, ty).is_some_and(|t| component[t.0] == src);
        let boxes: Vec<bool> = direct_refs(&api.types.get(id).kind)
            .map(needs_box)
            .collect();
        match &mut api.types.get_mut(id).kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .zip(boxes)
                .for_each(|(f, b)| f.boxed = b),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .zip(boxes)
                .for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
}

/// The type references a definition holds by value (one per field or variant).
fn direct_refs(kind: &TypeKind) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match kind {
        TypeKind::Struct(s) => Box::new(s.fields.iter().map(|f| &f.ty)),
        TypeKind::Union(u) => Box::new(u.variants.iter().map(|v| &v.ty)),
        _ => Box::new(std::iter::empty()),
    }
}

/// The struct or union a reference embeds by value, looking through `Option` and aliases.
fn direct_target(types: &TypeSpace, ty: &TypeRef) -> Option<TypeId> {
    let mut ty = ty;
    for _ in 0..64 {
        match ty {
            TypeRef::Option(inner) => ty = inner,
            TypeRef::Named(id) => match &types.get(*id).kind {
                TypeKind::Alias(inner) => ty = inner,
                TypeKind::Struct(_) | TypeKind::Union(_) => return Some(*id),
                TypeKind::Enum(_) => return None,
            },
            _ => return None,
        }
    }
    None
}

fn break_alias_loops(api: &mut Api) {
    for id in api.types.ids() {
        if !matches!(api.types.get(id).kind, TypeKind::Alias(_)) {
            continue;
        }
        if alias_reaches(&api.types, id) {
            let origin = api.types.get(id).origin.clone();
            // Fallbacks are reported as warnings with their place: one
            // line says it.
            api.fallbacks.push(Fallback {
                pointer: origin,
                reason: "`$ref`s lead from this schema back to itself without saying what \
                         it is: any JSON value is accepted there"
                    .into(),
            });
            api.types.get_mut(id).kind = TypeKind::Alias(TypeRef::Any);
        }
    }
}

/// Whether following aliases from `start` (through any wrapper) comes back to it.
fn alias_reaches(types: &TypeSpace, start: TypeId) -> bool {
    let mut stack = vec![start];
    let mut seen = vec![false; types.defs.len()];
    while let Some(id) = stack.pop() {
        if let TypeKind::Alias(ty) = &types.get(id).kind {
            let mut found = Vec::new();
            named_in(ty, &mut found);
            for next in found {
                if next == start {
                    return true;
                }
                if !seen[next.0] {
                    seen[next.0] = true;
                    stack.push(next);
                }
            }
        }
    }
    false
}

fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
            named_in(inner, out)
        }
        _ => {}
    }
}

/// Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
/// Returns the component number of every node; a node alone in its component
/// with no self-edge gets a number of its own.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                let cyclic = members.len() > 1 || edges[v].contains(&v);
                for w in members {
                    component[w] = if cyclic {
                        next_component
                    } else {
                        usize::MAX - 1 - w
                    };
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_a_small_graph() {
        // 0 -> 1 -> 0 (cycle), 2 -> 2 (self loop), 3 -> 0 (no cycle)
        let c = strongly_connected_components(&[vec![1], vec![0], vec![2], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[3], c[2]);
    }
}
