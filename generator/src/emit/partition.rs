//! Which API group (cargo feature, file) each operation and type belongs to.
//!
//! Each tag of a service is a group; operations without a tag form one
//! group of their own (`untagged`). A group is a cargo feature, so that a
//! user compiles only the operations they call and the types those reach:
//! a type goes to the file of the one group that reaches it, to the shared
//! file (gated by the groups that reach it, unless all do) when several do,
//! and, when no operation reaches it (webhook payloads, spare components),
//! to a file compiled only with the whole service's feature.

use crate::ir::*;
use std::collections::HashMap;

/// One API group: a tag, or the operations without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The tag as the spec first writes it (`None` for the untagged operations).
    pub tag: Option<String>,
    /// kebab-case, ASCII: the cargo feature is `<service feature>-<key>`.
    pub key: String,
    /// snake_case: the file (`operations/<module>.rs`, `types/<module>.rs`).
    pub module: String,
    /// How many operations belong to it.
    pub operations: usize,
}

/// Where each operation and type of a service goes.
#[derive(Debug, Clone, Default)]
pub struct Partition {
    /// Sorted by key.
    pub groups: Vec<Group>,
    /// Per operation (as in `api.operations`): its groups, ascending.
    pub op_groups: Vec<Vec<usize>>,
    /// Per type (by `TypeId`): the groups whose operations reach it, ascending.
    pub type_groups: Vec<Vec<usize>>,
}

/// Where a type or an operation is written, and what gates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Home {
    /// The group's own file, compiled with its feature.
    Group(usize),
    /// The shared file; each item compiled with any of its groups' features
    /// (no gate when every group has it).
    Shared,
    /// Types no operation reaches: compiled with the whole service's feature.
    Unreferenced,
}

/// The group of operations without a tag.
pub const UNTAGGED: &str = "untagged";

/// File stems a group's module must not take: those of the types folder,
/// and the folders' own names (`operations/operations.rs` is clippy's
/// `module_inception`).
const RESERVED_MODULES: &[&str] = &["shared", "unreferenced", "mod", "operations", "types"];

/// Longest group key: features are typed by hand and listed in tables.
const MAX_KEY: usize = 48;

impl Partition {
    pub fn new(api: &Api) -> Partition {
        let (groups, op_groups) = group_operations(&api.operations);
        let type_groups = reach(api, &op_groups, groups.len());
        Partition {
            groups,
            op_groups,
            type_groups,
        }
    }

    /// Where the operation at `index` goes.
    pub fn op_home(&self, index: usize) -> Home {
        match self.op_groups.get(index).map(Vec::as_slice) {
            Some([only]) => Home::Group(*only),
            _ => Home::Shared,
        }
    }

    /// Where the type `id` goes.
    pub fn type_home(&self, id: TypeId) -> Home {
        match self.type_groups.get(id.0).map(Vec::as_slice) {
            None | Some([]) => Home::Unreferenced,
            Some([only]) if self.groups.len() > 1 => Home::Group(*only),
            Some(_) => Home::Shared,
        }
    }

    /// The groups that gate an item of the shared file: `None` when every
    /// group has it (it is compiled whenever the service is).
    pub fn shared_gate<'a>(&self, groups: &'a [usize]) -> Option<&'a [usize]> {
        (groups.len() < self.groups.len()).then_some(groups)
    }
}

/// The groups in order of their keys, and each operation's groups.
fn group_operations(operations: &[Operation]) -> (Vec<Group>, Vec<Vec<usize>>) {
    // Tags that normalise alike (`Fine-tuning`, `fine_tuning`) are one group.
    let mut by_key: HashMap<String, (Option<String>, usize)> = HashMap::new();
    let mut op_keys: Vec<Vec<String>> = Vec::with_capacity(operations.len());
    for op in operations {
        let mut keys: Vec<String> = op
            .tags
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| {
                let key = group_key(t);
                by_key
                    .entry(key.clone())
                    .or_insert_with(|| (Some(t.trim().to_string()), 0));
                key
            })
            .collect();
        if keys.is_empty() {
            by_key.entry(UNTAGGED.to_string()).or_insert((None, 0));
            keys.push(UNTAGGED.to_string());
        }
        keys.sort();
        keys.dedup();
        for key in &keys {
            if let Some((_, count)) = by_key.get_mut(key) {
                *count += 1;
            }
        }
        op_keys.push(keys);
    }
    let mut groups: Vec<Group> = by_key
        .into_iter()
        .map(|(key, (tag, operations))| Group {
            tag,
            module: module_name(&key),
            key,
            operations,
        })
        .collect();
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    let index: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.key.as_str(), i))
        .collect();
    let op_groups = op_keys
        .iter()
        .map(|keys| {
            let mut groups: Vec<usize> = keys
                .iter()
                .filter_map(|k| index.get(k.as_str()).copied())
                .collect();
            groups.sort_unstable();
            groups
        })
        .collect();
    (groups, op_groups)
}

/// A tag as a feature-name suffix: its ASCII words in kebab-case (cargo and
/// crates.io accept ASCII letters, digits, `-` and `_`); a tag with no ASCII
/// word is named by a hash of itself.
pub fn group_key(tag: &str) -> String {
    let words: String = tag
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let key = heck::ToKebabCase::to_kebab_case(words.as_str());
    if key.is_empty() {
        return format!("tag-{:08x}", fnv(tag.trim()));
    }
    if key.len() <= MAX_KEY {
        return key;
    }
    let cut = key[..MAX_KEY - 9].trim_end_matches('-');
    format!("{cut}-{:08x}", fnv(&key))
}

/// The group's module: its key in snake_case, never a keyword, a leading
/// digit or a file the folder holds already.
fn module_name(key: &str) -> String {
    let mut module = key.replace('-', "_");
    if module.starts_with(|c: char| c.is_ascii_digit()) {
        module.insert_str(0, "group_");
    }
    if crate::passes::names::is_keyword(&module) || RESERVED_MODULES.contains(&module.as_str()) {
        module.push_str("_group");
    }
    module
}

fn fnv(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// For each type, the groups whose operations reach it through fields,
/// union members, aliases, arrays and maps.
fn reach(api: &Api, op_groups: &[Vec<usize>], group_count: usize) -> Vec<Vec<usize>> {
    let types = &api.types;
    let mut type_groups: Vec<Vec<usize>> = vec![Vec::new(); types.defs.len()];
    // The named types each group's operations mention, then everything they lead to.
    let mut roots: Vec<Vec<TypeId>> = vec![Vec::new(); group_count];
    for (op, groups) in api.operations.iter().zip(op_groups) {
        let mut mentioned = Vec::new();
        operation_types(op, &mut |ty| named_in(types, ty, &mut mentioned));
        for &g in groups {
            roots[g].extend(mentioned.iter().copied());
        }
    }
    let mut stack = Vec::new();
    for (group, roots) in roots.into_iter().enumerate() {
        stack.extend(roots);
        while let Some(id) = stack.pop() {
            let Some(reached) = type_groups.get_mut(id.0) else {
                continue;
            };
            if reached.last() == Some(&group) {
                continue;
            }
            reached.push(group);
            type_refs(types.get(id), &mut |ty| named_in(types, ty, &mut stack));
        }
    }
    type_groups
}

/// The types a type's definition names (each followed to the type it was merged into).
pub fn named_by(types: &TypeSpace, def: &TypeDef) -> Vec<TypeId> {
    let mut named = Vec::new();
    type_refs(def, &mut |ty| named_in(types, ty, &mut named));
    named
}

/// Whether an operation's code names a type of the `types` module.
pub fn operation_names_types(op: &Operation) -> bool {
    let mut named = false;
    operation_types(op, &mut |ty| named |= mentions_named(ty));
    named
}

fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
            mentions_named(inner)
        }
        TypeRef::Primitive(_) | TypeRef::Any => false,
    }
}

/// The named types `ty` mentions, each followed to the type it was merged into.
fn named_in(types: &TypeSpace, ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            let mut id = *id;
            // Merges form chains, never cycles; the bound is a guard.
            for _ in 0..types.defs.len() {
                match types.defs.get(id.0).and_then(|d| d.merged_into) {
                    Some(to) => id = to,
                    None => break,
                }
            }
            out.push(id);
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
            named_in(types, inner, out)
        }
        TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

/// Every type reference an operation's generated code writes. Destructured
/// field by field: a new place that holds a type must be added here, or a
/// group compiled alone would miss the type.
fn operation_types(op: &Operation, visit: &mut impl FnMut(&TypeRef)) {
    let Operation {
        operation_id: _,
        name: _,
        type_name: _,
        method: _,
        path: _,
        tags: _,
        summary: _,
        description: _,
        deprecated: _,
        parameters,
        body,
        responses,
        authenticated: _,
        security: _,
        pointer: _,
        pagination,
    } = op;
    for p in parameters {
        visit(&p.ty);
    }
    if let Some(body) = body {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => visit(ty),
            BodyKind::Text | BodyKind::Binary => {}
        }
    }
    for r in responses {
        if let Some(body) = &r.body {
            match &body.kind {
                ResponseKind::Json(ty) | ResponseKind::Events(ty) => visit(ty),
                ResponseKind::Text | ResponseKind::Binary | ResponseKind::Stream => {}
            }
        }
    }
    if let Some(p) = pagination {
        visit(p.item());
    }
}

/// Every type reference a type's definition writes.
fn type_refs(def: &TypeDef, visit: &mut impl FnMut(&TypeRef)) {
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                visit(&f.ty);
            }
            if let Some(additional) = &s.additional {
                visit(additional);
            }
        }
        TypeKind::Union(u) => {
            for v in u.variants.iter().filter(|v| !v.unit) {
                visit(&v.ty);
            }
        }
        TypeKind::Alias(ty) => visit(ty),
        TypeKind::Enum(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::*;

    #[test]
    fn keys_are_ascii_kebab_case_and_alike_tags_are_one_group() {
        assert_eq!(group_key("Fine-tuning"), "fine-tuning");
        assert_eq!(group_key("fine_tuning"), "fine-tuning");
        assert_eq!(group_key("Assistants (v2)"), "assistants-v2");
        assert_eq!(group_key("  "), format!("tag-{:08x}", fnv("")));
        assert!(group_key("用户").starts_with("tag-"));
        assert_ne!(group_key("用户"), group_key("订单"));
        let long = group_key(&"word ".repeat(40));
        assert!(long.len() <= MAX_KEY, "{long}");
        assert_eq!(module_name("type"), "type_group");
        assert_eq!(module_name("shared"), "shared_group");
        assert_eq!(module_name("operations"), "operations_group");
        assert_eq!(module_name("types"), "types_group");
        assert_eq!(module_name("2fa"), "group_2fa");
        assert_eq!(module_name("fine-tuning"), "fine_tuning");
    }

    /// chat → Message → Role (through a union and an alias of a map);
    /// chat and files both → Error; nothing → Webhook; an untagged
    /// operation and one with two tags.
    #[test]
    fn types_go_to_the_groups_that_reach_them() {
        let mut api = Api::default();
        let named = |i: usize| TypeRef::Named(TypeId(i));
        let role = api.types.add(type_def("Role", string_enum([("a", "A")])));
        let roles = api.types.add(type_def(
            "Roles",
            TypeKind::Alias(TypeRef::Map(Box::new(named(role.0)))),
        ));
        let content = api.types.add(type_def(
            "Content",
            TypeKind::Union(UnionDef {
                variants: vec![union_variant("Roles", named(roles.0))],
                tagging: Tagging::Untagged,
            }),
        ));
        let message = api.types.add(type_def(
            "Message",
            struct_of(vec![field("content", named(content.0))]),
        ));
        let error = api.types.add(type_def("Error", struct_of(vec![])));
        let webhook = api.types.add(type_def("Webhook", struct_of(vec![])));
        // Merged into Error: a reference to it reaches Error.
        let mut old = type_def("OldError", struct_of(vec![]));
        old.merged_into = Some(error);
        let old = api.types.add(old);
        let tagged = |name: &str, tags: &[&str]| Operation {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..operation(name)
        };
        let mut chat = tagged("chat", &["Chat"]);
        chat.parameters
            .push(parameter("m", ParamLocation::Query, named(message.0)));
        chat.responses.push(Response {
            body: Some(json_body(TypeRef::Array(Box::new(named(error.0))))),
            ..response(StatusMatch::Default, "error")
        });
        let mut files = tagged("files", &["Files"]);
        files.responses.push(Response {
            body: Some(json_body(named(old.0))),
            ..response(StatusMatch::Code(400), "error")
        });
        api.operations = vec![
            chat,
            files,
            tagged("both", &["files", "Chat"]),
            tagged("bare", &[]),
        ];
        let p = Partition::new(&api);
        let keys: Vec<&str> = p.groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["chat", "files", "untagged"]);
        assert_eq!(p.groups[0].tag.as_deref(), Some("Chat"));
        assert_eq!(p.groups[0].operations, 2);
        assert_eq!(p.op_groups, vec![vec![0], vec![1], vec![0, 1], vec![2]]);
        assert_eq!(p.op_home(2), Home::Shared);
        assert_eq!(p.op_home(3), Home::Group(2));
        for id in [role, roles, content, message] {
            assert_eq!(
                p.type_home(id),
                Home::Group(0),
                "{}",
                api.types.get(id).name
            );
        }
        assert_eq!(p.type_groups[error.0], vec![0, 1]);
        assert_eq!(p.type_home(error), Home::Shared);
        assert_eq!(p.shared_gate(&p.type_groups[error.0]), Some(&[0, 1][..]));
        assert_eq!(p.type_home(webhook), Home::Unreferenced);
    }
}
