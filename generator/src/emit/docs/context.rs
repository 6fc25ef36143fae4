//! What every page of a service's reference knows: where the service lives,
//! its groups of methods and its models, who mentions each type, and how a
//! type is written and linked.

use super::markdown::{bare, code, group_stem, primitive};
use crate::emit::rust_type::taken_as_into;
use crate::ir::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the pages say about where the service lives.
pub struct DocsContext<'a> {
    /// The service's display name (from the manifest); names the group of
    /// operations without a tag.
    pub service_name: &'a str,
    /// `generated::env0`.
    pub module_path: &'a str,
    pub feature: &'a str,
    /// The spec as named in headers (`specs/env0.yaml`).
    pub spec_label: &'a str,
    /// The command that writes the pages (`cargo xtask codegen`).
    pub generated_by: &'a str,
    /// The "## Features" section of the index: the cargo feature of each
    /// API group (empty for a service without operations).
    pub features: &'a str,
}

/// One page of methods: an OpenAPI tag, or the service's default group.
pub(super) struct Group<'a> {
    /// The file name without `.md` (PascalCase).
    pub(super) stem: String,
    /// The heading (the tag as the spec writes it, or the service's name).
    pub(super) title: String,
    /// False for the group of operations without a tag.
    pub(super) tagged: bool,
    pub(super) ops: Vec<&'a Operation>,
}

pub(super) struct Docs<'a> {
    pub(super) api: &'a Api,
    pub(super) ctx: &'a DocsContext<'a>,
    pub(super) groups: Vec<Group<'a>>,
    /// Emitted types (not merged away), sorted by name.
    pub(super) models: Vec<TypeId>,
    /// Each operation's group stems, by method name.
    pub(super) op_groups: BTreeMap<&'a str, Vec<String>>,
    /// For each type, the operations (by index) and models that mention it
    /// directly: "Used by" reads it instead of scanning the whole API per
    /// model page (which was quadratic, and most of the time on big specs).
    pub(super) mentions: HashMap<TypeId, (Vec<usize>, Vec<TypeId>)>,
    /// The types a request carries (with constructors, setters and explicit nulls).
    pub(super) request_types: HashSet<TypeId>,
}

impl<'a> Docs<'a> {
    pub(super) fn new(api: &'a Api, ctx: &'a DocsContext<'a>) -> Self {
        let default_stem = group_stem(ctx.service_name).unwrap_or_else(|| "Default".into());
        let mut by_stem: BTreeMap<String, Group<'a>> = BTreeMap::new();
        let mut op_groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for op in &api.operations {
            let mut tags: Vec<(String, String, bool)> = op
                .tags
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| {
                    let stem = group_stem(t).unwrap_or_else(|| default_stem.clone());
                    (stem, t.trim().to_string(), true)
                })
                .collect();
            if tags.is_empty() {
                tags.push((
                    default_stem.clone(),
                    ctx.service_name.trim().to_string(),
                    false,
                ));
            }
            // Two tags of one operation can share a page: it is listed once.
            // (Searching the page's list instead was quadratic in its size.)
            let mut stems_of_op = std::collections::HashSet::new();
            for (stem, title, tagged) in tags {
                if !stems_of_op.insert(stem.clone()) {
                    continue;
                }
                let group = by_stem.entry(stem.clone()).or_insert_with(|| Group {
                    stem: stem.clone(),
                    title,
                    tagged,
                    ops: Vec::new(),
                });
                group.ops.push(op);
                op_groups.entry(op.name.as_str()).or_default().push(stem);
            }
        }
        let mut groups: Vec<Group<'a>> = by_stem.into_values().collect();
        for g in &mut groups {
            g.ops.sort_by(|a, b| bare(&a.name).cmp(bare(&b.name)));
        }
        let mut models: Vec<TypeId> = api
            .types
            .ids()
            .filter(|&id| api.types.get(id).merged_into.is_none())
            .collect();
        models.sort_by(|&a, &b| api.types.get(a).name.cmp(&api.types.get(b).name));
        let mut docs = Docs {
            api,
            ctx,
            groups,
            models,
            op_groups,
            mentions: HashMap::new(),
            request_types: request_types(api),
        };
        docs.mentions = docs.index_mentions();
        docs
    }

    fn index_mentions(&self) -> HashMap<TypeId, (Vec<usize>, Vec<TypeId>)> {
        let mut mentions: HashMap<TypeId, (Vec<usize>, Vec<TypeId>)> = HashMap::new();
        for (i, op) in self.api.operations.iter().enumerate() {
            let mut types: Vec<&TypeRef> = op.parameters.iter().map(|p| &p.ty).collect();
            if let Some(body) = &op.body
                && let BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) =
                    &body.kind
            {
                types.push(ty);
            }
            for r in &op.responses {
                if let Some(ResponseBody {
                    kind: ResponseKind::Json(ty) | ResponseKind::Events(ty),
                    ..
                }) = &r.body
                {
                    types.push(ty);
                }
                types.extend(&r.events);
            }
            for id in types.into_iter().filter_map(|ty| self.named_in(ty)) {
                let ops = &mut mentions.entry(id).or_default().0;
                if ops.last() != Some(&i) {
                    ops.push(i);
                }
            }
        }
        for &other in &self.models {
            let types: Vec<&TypeRef> = match &self.api.types.get(other).kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .map(|f| &f.ty)
                    .chain(&s.additional)
                    .collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) => vec![ty],
                TypeKind::Enum(_) => Vec::new(),
            };
            for id in types.into_iter().filter_map(|ty| self.named_in(ty)) {
                let models = &mut mentions.entry(id).or_default().1;
                if models.last() != Some(&other) {
                    models.push(other);
                }
            }
        }
        mentions
    }

    pub(super) fn header(&self) -> String {
        format!(
            "<!-- @generated by `{}` from {}. Do not edit: change the spec or the generator, then regenerate. -->",
            self.ctx.generated_by.replace("--", "- -"),
            self.ctx.spec_label.replace("--", "- -")
        )
    }

    pub(super) fn crate_name(&self) -> &str {
        self.ctx
            .module_path
            .split("::")
            .next()
            .unwrap_or(self.ctx.module_path)
    }

    // ----- types -----

    fn resolve_id(&self, mut id: TypeId) -> TypeId {
        while let Some(to) = self.api.types.get(id).merged_into {
            id = to;
        }
        id
    }

    pub(super) fn type_name(&self, id: TypeId) -> &str {
        bare(&self.api.types.get(self.resolve_id(id)).name)
    }

    /// The Rust type as the generated code writes it, named types behind `prefix`.
    pub(super) fn rust_type(&self, ty: &TypeRef, prefix: &str) -> String {
        match ty {
            TypeRef::Named(id) => format!("{prefix}{}", self.type_name(*id)),
            TypeRef::Primitive(p) => primitive(*p).to_string(),
            TypeRef::Array(inner) => format!("Vec<{}>", self.rust_type(inner, prefix)),
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", self.rust_type(inner, prefix)),
            TypeRef::Option(inner) => format!("Option<{}>", self.rust_type(inner, prefix)),
            TypeRef::Any => "serde_json::Value".into(),
        }
    }

    /// The one named type `ty` mentions, if any (a reference has at most one).
    pub(super) fn named_in(&self, ty: &TypeRef) -> Option<TypeId> {
        match ty {
            TypeRef::Named(id) => Some(self.resolve_id(*id)),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                self.named_in(inner)
            }
            TypeRef::Primitive(_) | TypeRef::Any => None,
        }
    }

    /// `text` as code, linked to the page of `target` (`dir` leads to `models/`).
    pub(super) fn link(&self, text: &str, target: Option<TypeId>, dir: &str) -> String {
        match target {
            Some(id) => format!("[{}]({dir}{}.md)", code(text), self.type_name(id)),
            None => code(text),
        }
    }

    pub(super) fn linked_type(&self, ty: &TypeRef, dir: &str) -> String {
        self.link(&self.rust_type(ty, ""), self.named_in(ty), dir)
    }

    /// How a method or setter takes a value of `ty` (as `operations.rs` does).
    pub(super) fn arg_type(&self, ty: &TypeRef) -> String {
        match self.api.types.resolve(ty) {
            TypeRef::Array(inner) => {
                format!("impl IntoIterator<Item = {}>", self.value_arg_type(inner))
            }
            _ => self.value_arg_type(ty),
        }
    }

    /// How a method takes one value of `ty`: `impl Into<T>` where
    /// [`taken_as_into`] says so, else `T`.
    fn value_arg_type(&self, ty: &TypeRef) -> String {
        let written = self.rust_type(self.api.types.resolve(ty), "types::");
        if taken_as_into(&self.api.types, ty) {
            format!("impl Into<{written}>")
        } else {
            self.rust_type(ty, "types::")
        }
    }

    pub(super) fn body_arg_type(&self, body: &RequestBody) -> String {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => self.arg_type(ty),
            BodyKind::Text => "impl Into<String>".into(),
            BodyKind::Binary => "impl Into<runtime::Body>".into(),
        }
    }

    pub(super) fn body_type(&self, body: &RequestBody, dir: &str) -> String {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
                self.linked_type(ty, dir)
            }
            BodyKind::Text => code("String"),
            BodyKind::Binary => code("runtime::Body"),
        }
    }

    // ----- what several pages say -----

    /// The base URL the client starts with, picked as `service.rs` picks it.
    pub(super) fn default_base_url(&self) -> Option<&str> {
        self.api.default_base_url()
    }

    pub(super) fn constructor_call(c: &CredentialConstructor) -> String {
        match &c.kind {
            CredentialKind::Basic { username, password } => {
                format!("Credentials::{}({username}, {password})", c.name)
            }
            CredentialKind::Bearer => format!("Credentials::{}(token)", c.name),
            CredentialKind::ApiKey { .. } => format!("Credentials::{}(key)", c.name),
        }
    }
}
