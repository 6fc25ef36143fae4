//! A page per model: fields, enum values or union variants, and where the
//! type is used.

use super::context::Docs;
use super::markdown::{bare, block, cell_text, code, fill, row, slug, status_label, tidy};
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

const MODEL: &str = include_str!("../../../../templates/docs/model.md.tmpl");

impl Docs<'_> {
    pub(super) fn model_page(&self, id: TypeId) -> String {
        let def = self.api.types.get(id);
        let name = self.type_name(id);
        let path = format!("{}::types::{name}", self.ctx.module_path);
        let kind = match &def.kind {
            TypeKind::Struct(_) => "Struct",
            TypeKind::Enum(_) => "Enum",
            TypeKind::Union(_) => "Enum (one of several shapes)",
            TypeKind::Alias(_) => "Type alias",
        };
        let mut summary = format!("{kind} `{path}`, from {} in the spec.", code(&def.origin));
        if def.deprecated {
            summary.push_str(" **Deprecated.**");
        }
        let description = def.doc.as_deref().map(block).unwrap_or_default();
        let body = match &def.kind {
            TypeKind::Struct(s) => self.struct_body(s),
            TypeKind::Enum(e) => enum_body(name, e),
            TypeKind::Union(u) => self.union_body(name, u),
            TypeKind::Alias(ty) => format!(
                "Another name for {}: `pub type {name} = {};`",
                self.linked_type(ty, ""),
                self.rust_type(ty, "")
            ),
        };
        tidy(&fill(
            MODEL,
            &[
                ("header", &self.header()),
                ("name", name),
                (
                    "nav",
                    "[Service index](../README.md) · [Models](../README.md#models)",
                ),
                ("summary", &summary),
                ("description", &description),
                ("body", &body),
                ("used_by", &self.used_by(id)),
            ],
        ))
    }

    fn struct_body(&self, s: &StructDef) -> String {
        let mut rows = Vec::new();
        for f in &s.fields {
            let mut ty = self.rust_type(&f.ty, "");
            if f.boxed {
                ty = format!("Box<{ty}>");
            }
            let admits_null = matches!(
                self.api.types.resolve(&f.ty),
                TypeRef::Any | TypeRef::Option(_)
            );
            if f.is_optional() && !admits_null {
                ty = format!("Option<{ty}>");
            }
            let required = match (f.required, f.nullable) {
                (true, true) => "yes (may be null)",
                (true, false) => "yes",
                (false, _) => "no",
            };
            let mut flags = Vec::new();
            if f.deprecated {
                flags.push("**Deprecated.**");
            }
            if f.read_only {
                flags.push("Read-only.");
            }
            if f.write_only {
                flags.push("Write-only.");
            }
            let description = cell_text(f.doc.as_deref());
            if !description.is_empty() {
                flags.push(&description);
            }
            rows.push(row(&[
                code(&f.wire_name),
                code(&f.name),
                self.link(&ty, self.named_in(&f.ty), ""),
                required.into(),
                flags.join(" "),
            ]));
        }
        if let Some(additional) = &s.additional {
            let ty = format!("BTreeMap<String, {}>", self.rust_type(additional, ""));
            rows.push(row(&[
                "any other".into(),
                code("additional_properties"),
                self.link(&ty, self.named_in(additional), ""),
                "no".into(),
                "Properties beyond the declared ones (the spec's `additionalProperties` allows them).".into(),
            ]));
        }
        if rows.is_empty() {
            return "No declared fields.".into();
        }
        format!(
            "## Fields\n\n| Wire name | Rust name | Rust type | Required | Description |\n| --- | --- | --- | --- | --- |\n{}",
            rows.join("\n")
        )
    }

    fn union_body(&self, name: &str, u: &UnionDef) -> String {
        let mut rows = Vec::new();
        for (i, v) in u.variants.iter().enumerate() {
            let variant = code(&format!("{name}::{}", bare(&v.name)));
            if v.unit {
                let wire = v.wire.as_deref().unwrap_or_default();
                rows.push(row(&[variant, "none".into(), code(&format!("\"{wire}\""))]));
                continue;
            }
            let mut ty = self.rust_type(&v.ty, "");
            if v.boxed {
                ty = format!("Box<{ty}>");
            }
            let mut cells = vec![variant, self.link(&ty, self.named_in(&v.ty), "")];
            match &u.tagging {
                Tagging::Internal(d) => {
                    let tags: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, idx)| *idx == i)
                        .map(|(wire, _)| code(wire))
                        .collect();
                    cells.push(tags.join(", "));
                }
                Tagging::External => {
                    let wire = v.wire.as_deref().unwrap_or_default();
                    cells.push(code(&format!("{{\"{wire}\": …}}")));
                }
                Tagging::Untagged => {}
            }
            rows.push(row(&cells));
        }
        let unknown = code(&format!("{name}::Unknown(serde_json::Value)"));
        let (intro, header) = match &u.tagging {
            Tagging::Internal(d) => {
                rows.push(row(&[
                    unknown,
                    code("serde_json::Value"),
                    "any other, or none".into(),
                ]));
                (
                    format!("Told apart by the {} property.", code(&d.property)),
                    "| Variant | Rust type | Discriminator value |\n| --- | --- | --- |",
                )
            }
            Tagging::External => {
                rows.push(row(&[
                    unknown,
                    code("serde_json::Value"),
                    "any other".into(),
                ]));
                (
                    "Told apart by the one key of an object (or a bare string).".to_string(),
                    "| Variant | Rust type | On the wire |\n| --- | --- | --- |",
                )
            }
            Tagging::Untagged => {
                rows.push(row(&[unknown, code("serde_json::Value")]));
                (
                    "Untagged: a value decodes as the variant that keeps the most of it (of equals, the narrower shape, then the first); `Unknown` keeps a value no variant reads.".to_string(),
                    "| Variant | Rust type |\n| --- | --- |",
                )
            }
        };
        format!("## Variants\n\n{intro}\n\n{header}\n{}", rows.join("\n"))
    }

    /// The operations and models that mention the type directly.
    fn used_by(&self, id: TypeId) -> String {
        let (op_indices, mentioning_models) = match self.mentions.get(&id) {
            Some((ops, models)) => (ops.as_slice(), models.as_slice()),
            None => (&[][..], &[][..]),
        };
        let mut ops: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for op in op_indices
            .iter()
            .filter_map(|&i| self.api.operations.get(i))
        {
            let mut roles = BTreeSet::new();
            for p in &op.parameters {
                if self.named_in(&p.ty) == Some(id) {
                    roles.insert(format!("parameter {}", code(bare(&p.name))));
                }
            }
            if let Some(body) = &op.body
                && let BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) =
                    &body.kind
                && self.named_in(ty) == Some(id)
            {
                roles.insert("request body".into());
            }
            for r in &op.responses {
                if let Some(ResponseBody {
                    kind: ResponseKind::Json(ty),
                    ..
                }) = &r.body
                    && self.named_in(ty) == Some(id)
                {
                    roles.insert(format!("response {}", code(&status_label(r.status))));
                }
                let events = match &r.body {
                    Some(ResponseBody {
                        kind: ResponseKind::Events(ty),
                        ..
                    }) => Some(ty),
                    _ => r.events.as_ref(),
                };
                if events.is_some_and(|ty| self.named_in(ty) == Some(id)) {
                    roles.insert(format!(
                        "events of response {}",
                        code(&status_label(r.status))
                    ));
                }
            }
            if !roles.is_empty() {
                ops.insert(bare(&op.name), roles);
            }
        }
        let mut models: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for &other in mentioning_models {
            let def = self.api.types.get(other);
            let mut roles = BTreeSet::new();
            match &def.kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        if self.named_in(&f.ty) == Some(id) {
                            roles.insert(format!("field {}", code(&f.name)));
                        }
                    }
                    if let Some(a) = &s.additional
                        && self.named_in(a) == Some(id)
                    {
                        roles.insert("additional properties".into());
                    }
                }
                TypeKind::Union(u) => {
                    for v in &u.variants {
                        if self.named_in(&v.ty) == Some(id) {
                            roles.insert(format!("variant {}", code(bare(&v.name))));
                        }
                    }
                }
                TypeKind::Alias(ty) => {
                    if self.named_in(ty) == Some(id) {
                        roles.insert("alias".into());
                    }
                }
                TypeKind::Enum(_) => {}
            }
            if !roles.is_empty() {
                models.insert(self.type_name(other), roles);
            }
        }
        if ops.is_empty() && models.is_empty() {
            return String::new();
        }
        let mut out = String::from("## Used by\n");
        for (name, roles) in ops {
            let stem = self
                .op_groups
                .get(name)
                .and_then(|g| g.first())
                .cloned()
                .unwrap_or_default();
            out.push_str(&format!(
                "\n- [{}](../{stem}.md#{}): {}",
                code(name),
                slug(name),
                roles.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        for (name, roles) in models {
            out.push_str(&format!(
                "\n- [{}]({name}.md): {}",
                code(name),
                roles.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        out
    }
}

fn enum_body(name: &str, e: &EnumDef) -> String {
    let mut rows: Vec<String> = e
        .variants
        .iter()
        .map(|v| {
            row(&[
                code(&v.wire),
                code(&format!("{name}::{}", bare(&v.name))),
                cell_text(v.doc.as_deref()),
            ])
        })
        .collect();
    let repr = match e.repr {
        EnumRepr::String => "string",
        EnumRepr::Integer => "integer",
    };
    if e.strict {
        return format!(
            "## Values\n\nA {repr} on the wire, and only the values below (a union member's tag): `as_str()` gives it back.\n\n| Wire value | Rust variant | Description |\n| --- | --- | --- |\n{}",
            rows.join("\n")
        );
    }
    rows.push(row(&[
        "any other".into(),
        code(&format!("{name}::Unknown(String)")),
        "A value this client does not know (the server may be newer than the spec).".into(),
    ]));
    format!(
        "## Values\n\nA {repr} on the wire; `as_str()` gives it back and `From<&str>` reads it.\n\n| Wire value | Rust variant | Description |\n| --- | --- | --- |\n{}",
        rows.join("\n")
    )
}
