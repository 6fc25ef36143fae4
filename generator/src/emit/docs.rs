//! Markdown reference docs for one service, written beside the code into
//! `docs/<module>/`: a service index (`README.md`), one page per API group
//! (tag) with a section per method, and one page per model in `models/`.
//!
//! The pages read the IR only, like the other emitters, and say what the
//! generated code does: method signatures, success types and error variants
//! mirror `operations.rs` (a test holds the two together), the examples are
//! `ExampleContext::operation`'s text with rustdoc's hidden lines left out.
//! Pages are filled from the templates in `templates/docs/` by single-pass
//! `{{placeholder}}` substitution; everything is sorted, nothing is dated.

use super::doc::sanitize;
use super::example::ExampleContext;
use super::operations::status_variant_name;
use crate::ir::*;
use heck::ToPascalCase;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const INDEX: &str = include_str!("../../../templates/docs/index.md.tmpl");
const GROUP: &str = include_str!("../../../templates/docs/group.md.tmpl");
const METHOD: &str = include_str!("../../../templates/docs/method.md.tmpl");
const MODEL: &str = include_str!("../../../templates/docs/model.md.tmpl");

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
}

/// The pages of one service, keyed by their path inside `docs/<module>/`.
pub fn service_docs(
    api: &Api,
    ctx: &DocsContext<'_>,
    examples: &ExampleContext<'_>,
) -> Vec<(String, String)> {
    let docs = Docs::new(api, ctx);
    let mut pages = vec![("README.md".to_string(), docs.index())];
    for group in &docs.groups {
        pages.push((
            format!("{}.md", group.stem),
            docs.group_page(group, examples),
        ));
    }
    for &id in &docs.models {
        let name = docs.type_name(id);
        pages.push((format!("models/{name}.md"), docs.model_page(id)));
    }
    pages
}

/// One page of methods: an OpenAPI tag, or the service's default group.
struct Group<'a> {
    /// The file name without `.md` (PascalCase).
    stem: String,
    /// The heading (the tag as the spec writes it, or the service's name).
    title: String,
    /// False for the group of operations without a tag.
    tagged: bool,
    ops: Vec<&'a Operation>,
}

struct Docs<'a> {
    api: &'a Api,
    ctx: &'a DocsContext<'a>,
    groups: Vec<Group<'a>>,
    /// Emitted types (not merged away), sorted by name.
    models: Vec<TypeId>,
    /// Each operation's group stems, by method name.
    op_groups: BTreeMap<&'a str, Vec<String>>,
    /// For each type, the operations (by index) and models that mention it
    /// directly: "Used by" reads it instead of scanning the whole API per
    /// model page (which was quadratic, and most of the time on big specs).
    mentions: HashMap<TypeId, (Vec<usize>, Vec<TypeId>)>,
}

impl<'a> Docs<'a> {
    fn new(api: &'a Api, ctx: &'a DocsContext<'a>) -> Self {
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
            for (stem, title, tagged) in tags {
                let group = by_stem.entry(stem.clone()).or_insert_with(|| Group {
                    stem: stem.clone(),
                    title,
                    tagged,
                    ops: Vec::new(),
                });
                if !group.ops.iter().any(|o| o.name == op.name) {
                    group.ops.push(op);
                    op_groups.entry(op.name.as_str()).or_default().push(stem);
                }
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
                    kind: ResponseKind::Json(ty),
                    ..
                }) = &r.body
                {
                    types.push(ty);
                }
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

    fn header(&self) -> String {
        format!(
            "<!-- @generated by `{}` from {}. Do not edit: change the spec or the generator, then regenerate. -->",
            self.ctx.generated_by.replace("--", "- -"),
            self.ctx.spec_label.replace("--", "- -")
        )
    }

    fn crate_name(&self) -> &str {
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

    fn type_name(&self, id: TypeId) -> &str {
        bare(&self.api.types.get(self.resolve_id(id)).name)
    }

    /// The Rust type as the generated code writes it, named types behind `prefix`.
    fn rust_type(&self, ty: &TypeRef, prefix: &str) -> String {
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
    fn named_in(&self, ty: &TypeRef) -> Option<TypeId> {
        match ty {
            TypeRef::Named(id) => Some(self.resolve_id(*id)),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                self.named_in(inner)
            }
            TypeRef::Primitive(_) | TypeRef::Any => None,
        }
    }

    /// `text` as code, linked to the page of `target` (`dir` leads to `models/`).
    fn link(&self, text: &str, target: Option<TypeId>, dir: &str) -> String {
        match target {
            Some(id) => format!("[{}]({dir}{}.md)", code(text), self.type_name(id)),
            None => code(text),
        }
    }

    fn linked_type(&self, ty: &TypeRef, dir: &str) -> String {
        self.link(&self.rust_type(ty, ""), self.named_in(ty), dir)
    }

    /// How a method or setter takes a value of `ty` (as `operations.rs` does).
    fn arg_type(&self, ty: &TypeRef) -> String {
        match self.api.types.resolve(ty) {
            TypeRef::Primitive(Primitive::String) => "impl Into<String>".into(),
            TypeRef::Array(inner) => {
                format!(
                    "impl IntoIterator<Item = {}>",
                    self.rust_type(inner, "types::")
                )
            }
            _ => self.rust_type(ty, "types::"),
        }
    }

    fn body_arg_type(&self, body: &RequestBody) -> String {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => self.arg_type(ty),
            BodyKind::Text => "impl Into<String>".into(),
            BodyKind::Binary => "impl Into<reqwest::Body>".into(),
        }
    }

    fn body_type(&self, body: &RequestBody, dir: &str) -> String {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
                self.linked_type(ty, dir)
            }
            BodyKind::Text => code("String"),
            BodyKind::Binary => code("reqwest::Body"),
        }
    }

    // ----- the index -----

    fn index(&self) -> String {
        let api = self.api;
        let ctx = self.ctx;
        let intro = format!(
            "Reference for the `{}` module of the `{}` crate (cargo feature `{}`), generated from `{}`. API version {}.",
            ctx.module_path,
            self.crate_name(),
            ctx.feature,
            ctx.spec_label,
            code(api.version.trim())
        );
        let description = api.description.as_deref().map(block).unwrap_or_default();
        let mut method_rows = Vec::new();
        for group in &self.groups {
            for op in &group.ops {
                method_rows.push(row(&[
                    format!("[{}]({}.md)", group.title, group.stem),
                    format!(
                        "[{}]({}.md#{})",
                        code(bare(&op.name)),
                        group.stem,
                        slug(bare(&op.name))
                    ),
                    http_request(op),
                    op_summary(op),
                ]));
            }
        }
        if method_rows.is_empty() {
            method_rows.push(row(&[
                String::new(),
                "(no operations)".into(),
                String::new(),
                String::new(),
            ]));
        }
        let models = if self.models.is_empty() {
            "The spec defines no models.".to_string()
        } else {
            self.models
                .iter()
                .map(|&id| {
                    let def = self.api.types.get(id);
                    let summary = def
                        .doc
                        .as_deref()
                        .map(first_paragraph)
                        .filter(|s| !s.is_empty())
                        .map(|s| format!(": {s}"))
                        .unwrap_or_default();
                    let name = self.type_name(id);
                    format!("- [{}](models/{name}.md){summary}", code(name))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        tidy(&fill(
            INDEX,
            &[
                ("header", &self.header()),
                ("title", &inline(api.title.trim())),
                ("intro", &intro),
                ("description", &description),
                ("base_url", &self.base_url_section()),
                ("authentication", &self.authentication_section()),
                ("method_rows", &method_rows.join("\n")),
                ("models", &models),
            ],
        ))
    }

    /// The base URL the client starts with, picked as `service.rs` picks it.
    fn default_base_url(&self) -> Option<&str> {
        let urls = || self.api.servers.iter().map(|s| s.url.trim_end_matches('/'));
        urls()
            .find(|u| u.starts_with("https://"))
            .or_else(|| urls().find(|u| u.starts_with("http://")))
    }

    fn base_url_section(&self) -> String {
        let mut out = match self.default_base_url() {
            Some(url) => format!(
                "All paths are relative to {}, the client's default. Set another with `Client::builder().base_url(...)`.",
                code(url)
            ),
            None => match self.api.servers.first() {
                Some(s) => format!(
                    "The spec's server {} is relative: set the base URL with `Client::builder().base_url(\"https://...\")`.",
                    code(&s.url)
                ),
                None => "The spec names no server: set the base URL with `Client::builder().base_url(\"https://...\")`.".to_string(),
            },
        };
        if self.api.servers.len() > 1 {
            out.push_str("\n\nServers the spec lists:\n");
            for s in &self.api.servers {
                out.push_str(&format!("\n- {}", code(&s.url)));
                if let Some(d) = s.description.as_deref().map(first_paragraph)
                    && !d.is_empty()
                {
                    out.push_str(&format!(": {d}"));
                }
            }
        }
        out
    }

    fn constructor_call(c: &CredentialConstructor) -> String {
        match &c.kind {
            CredentialKind::Basic { username, password } => {
                format!("Credentials::{}({username}, {password})", c.name)
            }
            CredentialKind::Bearer => format!("Credentials::{}(token)", c.name),
            CredentialKind::ApiKey { .. } => format!("Credentials::{}(key)", c.name),
        }
    }

    fn authentication_section(&self) -> String {
        let api = self.api;
        if api.credentials.is_empty() {
            return "The spec declares no authentication: the client sends no credentials unless given some with `Credentials::custom`.".into();
        }
        let mut out = String::from(
            "Give the client one of these with `Client::builder().credentials(...)` (or `client.with_credentials(...)` for a copy sharing its connections). `Credentials::custom(auth)` covers any other kind; `a.and(b)` sends both. `Debug` output never shows a secret.",
        );
        let prefix = self
            .ctx
            .module_path
            .rsplit("::")
            .next()
            .unwrap_or("API")
            .to_uppercase();
        let env = |name: &str| format!("std::env::var(\"{prefix}_{}\")?", name.to_uppercase());
        for c in &api.credentials {
            let scheme = api.security_schemes.iter().find(|s| s.key == c.scheme);
            let source = match scheme {
                Some(s) => format!(" (security scheme {})", code(&s.key)),
                None => String::new(),
            };
            let (what, call) = match &c.kind {
                CredentialKind::Basic { username, password } => (
                    format!(
                        "HTTP Basic authentication{source}: {} is sent as the user name and {} as the password.",
                        code(username),
                        code(password)
                    ),
                    format!(
                        "Credentials::{}({}, {})",
                        c.name,
                        env(username),
                        env(password)
                    ),
                ),
                CredentialKind::Bearer => (
                    format!("A bearer token{source}, sent as `Authorization: Bearer <token>`."),
                    format!("Credentials::{}({})", c.name, env("token")),
                ),
                CredentialKind::ApiKey { location, name } => (
                    format!(
                        "An API key{source}, sent in the {} {}.",
                        location_name(*location),
                        code(name)
                    ),
                    format!("Credentials::{}({})", c.name, env("api_key")),
                ),
            };
            out.push_str(&format!(
                "\n\n### `{}`\n\n{what}",
                Self::constructor_call(c),
            ));
            let description = c
                .description
                .as_deref()
                .or(scheme.and_then(|s| s.description.as_deref()));
            if let Some(d) = description.filter(|d| !d.trim().is_empty()) {
                out.push_str("\n\n");
                out.push_str(&block(d));
            }
            out.push_str(&format!(
                "\n\n```rust\nlet client = Client::builder()\n    .credentials({call})\n    .build()?;\n```"
            ));
        }
        let open: Vec<String> = api
            .operations
            .iter()
            .filter(|op| !op.authenticated)
            .map(|op| code(bare(&op.name)))
            .collect();
        if !open.is_empty() {
            out.push_str(&format!(
                "\n\nThese methods send no credentials: {}.",
                open.join(", ")
            ));
        }
        out
    }

    // ----- group pages -----

    fn group_page(&self, group: &Group<'_>, examples: &ExampleContext<'_>) -> String {
        let nav = "[Service index](README.md) · [Models](README.md#models)";
        let base = match self.default_base_url() {
            Some(url) => format!("the base URL ({} by default)", code(url)),
            None => "the base URL set with `Client::builder().base_url(...)`".to_string(),
        };
        let which = if group.tagged {
            format!("the operations tagged {}", code(&group.title))
        } else {
            "the operations the spec does not tag".to_string()
        };
        let intro = format!(
            "Methods of `{}::Client` for {which}. Paths are relative to {base}.",
            self.ctx.module_path,
        );
        let rows: Vec<String> = group
            .ops
            .iter()
            .map(|op| {
                row(&[
                    format!("[{}](#{})", code(bare(&op.name)), slug(bare(&op.name))),
                    http_request(op),
                    op_summary(op),
                ])
            })
            .collect();
        let top = slug(&group.title);
        let methods: Vec<String> = group
            .ops
            .iter()
            .map(|op| self.method_section(op, examples, &top))
            .collect();
        tidy(&fill(
            GROUP,
            &[
                ("header", &self.header()),
                ("group", &inline(&group.title)),
                ("nav", nav),
                ("intro", &intro),
                ("method_rows", &rows.join("\n")),
                ("methods", &methods.join("\n\n")),
            ],
        ))
    }

    fn method_section(&self, op: &Operation, examples: &ExampleContext<'_>, top: &str) -> String {
        let signature = self.signature(op);
        let summary = op
            .summary
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| format!("**{}**", first_paragraph(s)))
            .unwrap_or_default();
        let description = op
            .description
            .as_deref()
            .filter(|d| op.summary.as_deref().map(str::trim) != Some(d.trim()))
            .map(block)
            .unwrap_or_default();
        let example = strip_hidden_lines(&examples.operation(op));
        let pagination = op
            .pagination
            .as_ref()
            .map(|p| {
                let (limit, offset) = (&op.parameters[p.limit], &op.parameters[p.offset]);
                format!(
                    "Pages by {} and {}: `into_stream()` yields every item, fetching page after page ({} items a page, the most the API allows, unless `{}` is set).",
                    code(&limit.wire_name),
                    code(&offset.wire_name),
                    p.page_size,
                    bare(&limit.name)
                )
            })
            .unwrap_or_default();
        let content_type = op
            .body
            .as_ref()
            .map(|b| code(&b.content_type))
            .unwrap_or_else(|| "none (no request body)".into());
        let accept = accept_header(op)
            .map(|a| code(&a))
            .unwrap_or_else(|| "not set (no response body is documented)".into());
        tidy(&fill(
            METHOD,
            &[
                ("name", bare(&op.name)),
                (
                    "deprecated",
                    if op.deprecated { "**Deprecated.**" } else { "" },
                ),
                ("summary", &summary),
                ("signature", &signature.render(&op.type_name)),
                ("pagination", &pagination),
                ("description", &description),
                ("example", &example),
                ("parameters", &self.parameters_table(op)),
                ("return_type", &self.return_type(op)),
                ("authorization", &self.authorization(op)),
                ("content_type", &content_type),
                ("accept", &accept),
                ("responses", &self.responses_table(op)),
                (
                    "nav",
                    &format!(
                        "[Back to top](#{top}) · [Service index](README.md) · [Models](README.md#models)"
                    ),
                ),
            ],
        ))
    }

    /// The method, its setters and how the request ends, as a user calls them.
    fn signature(&self, op: &Operation) -> Signature {
        let mut args = Vec::new();
        let mut setters = Vec::new();
        for p in &op.parameters {
            let entry = (bare(&p.name).to_string(), self.arg_type(&p.ty));
            if p.required {
                args.push(entry);
            } else {
                setters.push(entry);
            }
        }
        if let Some(body) = &op.body {
            let entry = ("body".to_string(), self.body_arg_type(body));
            if body.required {
                args.push(entry);
            } else {
                setters.push(entry);
            }
        }
        let outcome = Outcome::of(self, op);
        Signature {
            method: bare(&op.name).to_string(),
            args,
            setters,
            success: outcome.success_type(self, "types::", &op.type_name),
            stream_item: op
                .pagination
                .as_ref()
                .map(|p| self.rust_type(&p.item, "types::")),
        }
    }

    fn parameters_table(&self, op: &Operation) -> String {
        let mut rows = Vec::new();
        for p in &op.parameters {
            let mut name = code(bare(&p.name));
            if bare(&p.name) != p.wire_name {
                name.push_str(&format!(" ({})", code(&p.wire_name)));
            }
            let mut description = cell_text(p.description.as_deref());
            if p.deprecated {
                description = format!("**Deprecated.** {description}").trim_end().into();
            }
            let mut notes = vec![if p.required {
                "required (argument)".to_string()
            } else {
                "optional (setter)".to_string()
            }];
            if let Some(d) = &p.default {
                notes.push(format!("server default {}", code(&d.to_string())));
            }
            notes.extend(constraint_notes(&p.constraints));
            rows.push(row(&[
                name,
                self.linked_type(&p.ty, "models/"),
                location_name(p.location).into(),
                description,
                notes.join(", "),
            ]));
        }
        if let Some(body) = &op.body {
            rows.push(row(&[
                code("body"),
                self.body_type(body, "models/"),
                format!("body ({})", code(&body.content_type)),
                cell_text(body.description.as_deref()),
                if body.required {
                    "required (argument)".into()
                } else {
                    "optional (setter)".into()
                },
            ]));
        }
        if rows.is_empty() {
            return "This method takes no parameters.".into();
        }
        format!(
            "| Name | Rust type | In | Description | Notes |\n| --- | --- | --- | --- | --- |\n{}",
            rows.join("\n")
        )
    }

    fn return_type(&self, op: &Operation) -> String {
        let outcome = Outcome::of(self, op);
        let error = format!("{}Error", op.type_name);
        let on_error = format!(
            "\n\nOn failure `send()` returns `Error<{error}>`: `Error::Api({error}::...)` for the documented error statuses below, or a timeout, transport, decoding or encoding error."
        );
        let text = match &outcome.success {
            Success::Unit if op.method == Method::Head => {
                "`()`: a `HEAD` request, so there is no body.".to_string()
            }
            Success::Unit => "`()`: the response has no body.".to_string(),
            Success::Stream => {
                "`runtime::ByteStream`: the response body as a stream of bytes, handed over as it arrives.".to_string()
            }
            Success::One { payload, optional } => {
                let ty = payload.rust(self, "");
                if optional.is_empty() {
                    self.link(&ty, payload.model(self), "models/")
                } else {
                    format!(
                        "{}: `None` for {} (no body).",
                        self.link(&format!("Option<{ty}>"), payload.model(self), "models/"),
                        optional
                            .iter()
                            .map(|s| code(&status_label(*s)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            }
            Success::Variants { variants } => {
                let mut out = format!(
                    "`{}Response`, one variant per success status:\n",
                    op.type_name
                );
                for (status, variant, payload) in variants {
                    let inner = match payload {
                        Some(p) => format!(
                            " with {}",
                            self.link(&p.rust(self, ""), p.model(self), "models/")
                        ),
                        None => " (no body)".into(),
                    };
                    out.push_str(&format!(
                        "\n- `{}Response::{variant}`{inner}: {}",
                        op.type_name,
                        code(&status_label(*status))
                    ));
                }
                out
            }
        };
        format!("{text}{on_error}")
    }

    fn authorization(&self, op: &Operation) -> String {
        let api = self.api;
        if !op.authenticated {
            return "None: this method sends no credentials, whatever the client holds.".into();
        }
        if api.credentials.is_empty() {
            return "None declared by the spec.".into();
        }
        let declared = |scheme: &str| api.security_schemes.iter().any(|s| s.key == scheme);
        let applicable: Vec<&CredentialConstructor> = api
            .credentials
            .iter()
            .filter(|c| {
                op.security.is_empty() || op.security.contains(&c.scheme) || !declared(&c.scheme)
            })
            .collect();
        if applicable.is_empty() {
            return format!(
                "The spec asks for {}; send it with `Credentials::custom`.",
                op.security
                    .iter()
                    .map(|s| code(s))
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
        }
        let mut lines = Vec::new();
        for c in &applicable {
            let kind = match &c.kind {
                CredentialKind::Basic { .. } => "HTTP Basic".to_string(),
                CredentialKind::Bearer => "bearer token".to_string(),
                CredentialKind::ApiKey { location, name } => {
                    format!("API key in the {} {}", location_name(*location), code(name))
                }
            };
            let scheme = if declared(&c.scheme) {
                format!(", scheme {}", code(&c.scheme))
            } else {
                String::new()
            };
            lines.push(format!(
                "[{}](README.md#authentication) ({kind}{scheme})",
                code(&Self::constructor_call(c))
            ));
        }
        match lines.as_slice() {
            [one] => format!("{one}."),
            _ => format!("Any one of:\n\n- {}", lines.join("\n- ")),
        }
    }

    fn responses_table(&self, op: &Operation) -> String {
        let outcome = Outcome::of(self, op);
        let error = format!("{}Error", op.type_name);
        let mut responses: Vec<&Response> = op.responses.iter().collect();
        responses.sort_by_key(|r| r.status);
        let mut rows = Vec::new();
        for r in responses {
            let mut description = cell_text(r.description.as_deref());
            if r.retry_after {
                description = format!("{description} Header: `Retry-After`.")
                    .trim_start()
                    .to_string();
            }
            let rust = if let Some(variant) = outcome.errors.get(&r.status) {
                match variant {
                    Some(v) => {
                        let mut text = code(&format!("{error}::{v}"));
                        if r.status == StatusMatch::Code(429) {
                            text.push_str(" with `retry_after`");
                            if let Some(b) = &r.body {
                                text.push_str(&format!(
                                    " and the body, if it decodes, as {}",
                                    self.response_body(b)
                                ));
                            }
                        } else if let Some(b) = &r.body {
                            text.push_str(&format!(" with {}", self.response_body(b)));
                        }
                        text
                    }
                    None => code(&format!("{error}::UnexpectedStatus")),
                }
            } else {
                match &outcome.success {
                    Success::Variants { variants } => variants
                        .iter()
                        .find(|(s, _, _)| *s == r.status)
                        .map(|(_, v, _)| {
                            format!(
                                "success: {}",
                                code(&format!("{}Response::{v}", op.type_name))
                            )
                        })
                        .unwrap_or_else(|| "success".into()),
                    Success::Stream => "success: the byte stream".into(),
                    _ => match &r.body {
                        Some(b) if op.method != Method::Head => {
                            format!("success: {}", self.response_body(b))
                        }
                        _ => "success".into(),
                    },
                }
            };
            rows.push(row(&[code(&status_label(r.status)), description, rust]));
        }
        if !outcome.catch_all {
            rows.push(row(&[
                "any other".into(),
                "A status the spec does not document for this operation.".into(),
                code(&format!("{error}::UnexpectedStatus")),
            ]));
        }
        rows.join("\n")
    }

    fn response_body(&self, body: &ResponseBody) -> String {
        match &body.kind {
            ResponseKind::Json(ty) => self.linked_type(ty, "models/"),
            ResponseKind::Text => code("String"),
            ResponseKind::Binary | ResponseKind::Stream => code("runtime::Bytes"),
        }
    }

    // ----- model pages -----

    fn model_page(&self, id: TypeId) -> String {
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

/// A method as a user calls it.
struct Signature {
    method: String,
    /// Required parameters, then a required body: (name, how the argument is taken).
    args: Vec<(String, String)>,
    setters: Vec<(String, String)>,
    success: String,
    /// Set for paginated operations: the item of `into_stream()`.
    stream_item: Option<String>,
}

impl Signature {
    fn render(&self, builder: &str) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        let mut out = format!("client.{}({}) -> {builder}", self.method, args.join(", "));
        if !self.setters.is_empty() {
            out.push_str("\n    // optional setters, each returning the builder:");
            for (name, ty) in &self.setters {
                out.push_str(&format!("\n    .{name}({name}: {ty})"));
            }
            out.push_str("\n    // then:");
        }
        let error = format!("Error<{builder}Error>");
        out.push_str(&format!(
            "\n    .send().await -> Result<{}, {error}>",
            self.success
        ));
        if let Some(item) = &self.stream_item {
            out.push_str(&format!(
                "\n    // or every item, page after page:\n    .into_stream() -> impl Stream<Item = Result<{item}, {error}>>"
            ));
        }
        out
    }
}

/// What a response body decodes to.
#[derive(Clone)]
enum Payload {
    Json(TypeRef),
    Text,
    Bytes,
}

impl Payload {
    fn of(body: &Option<ResponseBody>) -> Option<Payload> {
        Some(match &body.as_ref()?.kind {
            ResponseKind::Json(ty) => Payload::Json(ty.clone()),
            ResponseKind::Text => Payload::Text,
            ResponseKind::Binary | ResponseKind::Stream => Payload::Bytes,
        })
    }

    fn rust(&self, docs: &Docs<'_>, prefix: &str) -> String {
        match self {
            Payload::Json(ty) => docs.rust_type(ty, prefix),
            Payload::Text => "String".into(),
            Payload::Bytes => "runtime::Bytes".into(),
        }
    }

    fn model(&self, docs: &Docs<'_>) -> Option<TypeId> {
        match self {
            Payload::Json(ty) => docs.named_in(ty),
            _ => None,
        }
    }
}

enum Success {
    Unit,
    Stream,
    /// One payload type; `Option` of it when `optional` statuses have no body.
    One {
        payload: Payload,
        optional: Vec<StatusMatch>,
    },
    /// A `<Op>Response` enum: (status, variant, payload).
    Variants {
        variants: Vec<(StatusMatch, String, Option<Payload>)>,
    },
}

/// How `send()` answers, as `operations.rs` decides it.
struct Outcome {
    success: Success,
    /// Error statuses and their variant (`None`: no variant, `UnexpectedStatus`).
    errors: BTreeMap<StatusMatch, Option<String>>,
    /// A `default` error with a body catches every other status.
    catch_all: bool,
}

impl Outcome {
    fn of(docs: &Docs<'_>, op: &Operation) -> Outcome {
        let super::operations::ResponseSplit {
            successes: success_list,
            errors,
            streaming,
        } = super::operations::split_responses(op);
        let success = if streaming {
            Success::Stream
        } else if op.method == Method::Head {
            Success::Unit
        } else {
            let payloads: Vec<Option<Payload>> =
                success_list.iter().map(|r| Payload::of(&r.body)).collect();
            let mut distinct: Vec<(String, &Payload)> = Vec::new();
            for p in payloads.iter().flatten() {
                let key = p.rust(docs, "");
                if !distinct.iter().any(|(k, _)| *k == key) {
                    distinct.push((key, p));
                }
            }
            match distinct.as_slice() {
                [] => Success::Unit,
                [(_, only)] => Success::One {
                    payload: (*only).clone(),
                    optional: success_list
                        .iter()
                        .zip(&payloads)
                        .filter(|(_, p)| p.is_none())
                        .map(|(r, _)| r.status)
                        .collect(),
                },
                _ => Success::Variants {
                    variants: success_list
                        .iter()
                        .zip(payloads)
                        .map(|(r, p)| (r.status, status_variant_name(r.status), p))
                        .collect(),
                },
            }
        };
        let mut names = BTreeSet::new();
        let mut error_variants = BTreeMap::new();
        for r in &errors {
            let mut name = status_variant_name(r.status);
            while !names.insert(name.clone()) {
                name.push('_');
            }
            let has_variant = matches!(r.status, StatusMatch::Code(_)) || r.body.is_some();
            error_variants
                .entry(r.status)
                .or_insert(has_variant.then_some(name));
        }
        let catch_all = errors
            .iter()
            .any(|r| r.status == StatusMatch::Default && r.body.is_some());
        Outcome {
            success,
            errors: error_variants,
            catch_all,
        }
    }

    fn success_type(&self, docs: &Docs<'_>, prefix: &str, type_name: &str) -> String {
        match &self.success {
            Success::Unit => "()".into(),
            Success::Stream => "runtime::ByteStream".into(),
            Success::One { payload, optional } if optional.is_empty() => payload.rust(docs, prefix),
            Success::One { payload, .. } => format!("Option<{}>", payload.rust(docs, prefix)),
            Success::Variants { .. } => format!("{type_name}Response"),
        }
    }
}

// ----- Markdown helpers -----

// The `Accept` header is the one the method sends.
use super::operations::accept_header;

fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::Bytes => "Vec<u8>",
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "default".into(),
    }
}

/// A Rust name without its raw prefix (`r#type` → `type`).
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// The file stem of a group: PascalCase, never clashing with `README.md` or `models/`.
fn group_stem(name: &str) -> Option<String> {
    let stem = name.to_pascal_case();
    if stem.is_empty() {
        return None;
    }
    if stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("models") {
        return Some(format!("{stem}Api"));
    }
    Some(crate::passes::names::cap_file_stem(stem))
}

fn http_request(op: &Operation) -> String {
    code(&format!("{} {}", op.method.as_str(), op.path))
}

fn op_summary(op: &Operation) -> String {
    op.summary
        .as_deref()
        .or(op.description.as_deref())
        .map(first_paragraph)
        .unwrap_or_default()
}

/// An inline code span that survives backticks in `text`.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {} ``", text.replace("``", "` `"))
    } else {
        format!("`{text}`")
    }
}

/// Text for a heading or a single line: sanitised, on one line.
fn inline(text: &str) -> String {
    cell_text(Some(text)).replace("<br>", " ")
}

/// A table row; pipes inside cells are escaped and cells stay on one line.
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| escape_pipes(&c.replace(['\n', '\r'], " ")))
        .collect();
    format!("| {} |", cells.join(" | "))
}

fn escape_pipes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    for c in text.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// A description for a table cell: sanitised, flattened to one line
/// (paragraphs, list items and headings kept apart with `<br>`).
fn cell_text(text: Option<&str>) -> String {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    let mut in_fence = false;
    let mut needs_break = false;
    for line in described(text).lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_fence = !in_fence;
            needs_break = true;
            continue;
        }
        if t.is_empty() {
            needs_break = true;
            continue;
        }
        let heading = (!in_fence).then(|| heading_text(t)).flatten();
        let list_item = !in_fence
            && (t.starts_with("- ")
                || t.starts_with("* ")
                || t.starts_with("+ ")
                || t.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())));
        let piece = match heading {
            Some(h) => format!("**{h}**"),
            None if in_fence => code(t),
            None => t.to_string(),
        };
        if !out.is_empty() {
            out.push_str(
                if needs_break || in_fence || list_item || heading.is_some() {
                    "<br>"
                } else {
                    " "
                },
            );
        }
        out.push_str(&piece);
        needs_break = heading.is_some();
    }
    out
}

/// The first paragraph of a description, on one line.
fn first_paragraph(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let first = text
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .to_string();
    cell_text(Some(&first))
}

fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(line[hashes..].trim())
    } else {
        None
    }
}

/// A description as a Markdown block: sanitised, its headings turned into
/// bold lines so that they neither break the page's outline nor take the
/// anchors the pages link to (`#models`, a method's name).
fn block(text: &str) -> String {
    let mut in_fence = false;
    described(text)
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            match heading_text(line) {
                Some(h) if !in_fence => format!("**{h}**\n"),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A spec description, sanitised as for rustdoc, with links that lead
/// nowhere from these pages (`/reference/x`, `#operation/y`: relative to the
/// vendor's own site) reduced to their text.
fn described(text: &str) -> String {
    let text = sanitize(text);
    let mut in_fence = false;
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if in_fence {
                return line.to_string();
            }
            line.split('`')
                .enumerate()
                .map(|(i, part)| {
                    if i % 2 == 1 {
                        part.to_string()
                    } else {
                        unlink_relative(part)
                    }
                })
                .collect::<Vec<_>>()
                .join("`")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn unlink_relative(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target_len = after[close + 2..].find(')')?;
            let label = &after[..close];
            let target = &after[close + 2..close + 2 + target_len];
            (!label.contains('[')).then_some((label, target, close + 2 + target_len + 1))
        });
        match link {
            Some((label, target, len))
                if !["http://", "https://", "mailto:"]
                    .iter()
                    .any(|scheme| target.trim_start().starts_with(scheme)) =>
            {
                out.push_str(&rest[..open]);
                out.push_str(label);
                rest = &after[len..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// GitHub's anchor for a heading.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The example as rustdoc shows it: lines hidden with `# ` left out.
fn strip_hidden_lines(example: &str) -> String {
    example
        .lines()
        .filter(|line| {
            let t = line.trim_start();
            !(t == "#" || t.starts_with("# "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fills `{{name}}` placeholders in one pass: values are never scanned again,
/// so a description that happens to contain `{{x}}` stays as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let key = &after[..end];
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + end + 4]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Trailing spaces dropped, runs of blank lines outside code blocks squeezed,
/// one final newline.
fn tidy(page: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for line in page.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Notes on the limits the spec states for a parameter.
fn constraint_notes(c: &Constraints) -> Vec<String> {
    let number = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            v.to_string()
        }
    };
    let mut notes = Vec::new();
    if let Some(min) = c.minimum {
        let exclusive = if c.exclusive_minimum {
            " (exclusive)"
        } else {
            ""
        };
        notes.push(format!("minimum {}{exclusive}", code(&number(min))));
    }
    if let Some(max) = c.maximum {
        let exclusive = if c.exclusive_maximum {
            " (exclusive)"
        } else {
            ""
        };
        notes.push(format!("maximum {}{exclusive}", code(&number(max))));
    }
    if let Some(n) = c.min_length {
        notes.push(format!("at least {n} characters"));
    }
    if let Some(n) = c.max_length {
        notes.push(format!("at most {n} characters"));
    }
    if let Some(p) = &c.pattern {
        notes.push(format!("matches {}", code(p)));
    }
    if let Some(n) = c.min_items {
        notes.push(format!("at least {n} items"));
    }
    if let Some(n) = c.max_items {
        notes.push(format!("at most {n} items"));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::ServiceSpec;
    use quote::ToTokens;
    use std::path::Path;

    fn test_spec(file: &str) -> ServiceSpec {
        let stem = file.split('.').next().unwrap_or(file).replace('-', "_");
        ServiceSpec {
            name: stem.clone(),
            spec: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/specs")
                .join(file),
            spec_label: format!("tests/specs/{file}"),
            module: stem.clone(),
            feature: stem,
            passes: Default::default(),
            rate_limit: None,
        }
    }

    /// The test specs, and our own services with their manifest options.
    fn services() -> Vec<ServiceSpec> {
        let mut out: Vec<ServiceSpec> = ["shapes-3.0.yaml", "tiny-swagger2.yaml", "tiny-3.1.yaml"]
            .into_iter()
            .map(test_spec)
            .collect();
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/services.toml");
        out.extend(crate::read_manifest(&manifest).expect("manifest").services);
        out
    }

    fn pages_of(service: &ServiceSpec) -> (Api, BTreeMap<String, String>) {
        let (api, ..) = crate::generate::build_api(service).expect("spec builds");
        let module_path = format!("generated::{}", service.module);
        let ctx = DocsContext {
            service_name: &service.name,
            module_path: &module_path,
            feature: &service.feature,
            spec_label: &service.spec_label,
            generated_by: "cargo xtask codegen",
        };
        let pages = crate::emit::service_docs(&api, &ctx).into_iter().collect();
        (api, pages)
    }

    fn small_api() -> Api {
        let mut types = TypeSpace::default();
        let color = types.add(TypeDef {
            name: "Color".into(),
            origin: "#/components/schemas/Color".into(),
            named_in_spec: true,
            title: None,
            doc: Some("A colour.\n\nSecond paragraph | with a pipe.".into()),
            deprecated: false,
            kind: TypeKind::Enum(EnumDef {
                repr: EnumRepr::String,
                variants: vec![EnumVariant {
                    wire: "dark-red".into(),
                    name: "DarkRed".into(),
                    doc: None,
                }],
                strict: false,
            }),
            merged_into: None,
        });
        let pet = types.add(TypeDef {
            name: "Pet".into(),
            origin: "#/components/schemas/Pet".into(),
            named_in_spec: true,
            title: None,
            doc: None,
            deprecated: false,
            kind: TypeKind::Struct(StructDef {
                fields: vec![Field {
                    wire_name: "color".into(),
                    name: "color".into(),
                    ty: TypeRef::Named(color),
                    required: false,
                    nullable: false,
                    doc: Some("Its colour:\n- red\n- or | not".into()),
                    deprecated: false,
                    read_only: true,
                    write_only: false,
                    boxed: false,
                }],
                additional: None,
            }),
            merged_into: None,
        });
        let op = |name: &str, tags: &[&str], authenticated: bool| Operation {
            operation_id: Some(name.into()),
            name: name.into(),
            type_name: name.to_pascal_case(),
            method: Method::Get,
            path: format!("/{name}"),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            summary: Some(format!("Calls {name}.")),
            description: None,
            deprecated: false,
            parameters: vec![Parameter {
                wire_name: "pet-id".into(),
                name: "pet_id".into(),
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::Primitive(Primitive::String),
                style: ParamStyle::Form,
                explode: false,
                description: Some("Which pet\nit is.".into()),
                deprecated: false,
                default: None,
                constraints: Constraints::default(),
            }],
            body: None,
            responses: vec![
                Response {
                    status: StatusMatch::Code(200),
                    description: Some("The pet.".into()),
                    body: Some(ResponseBody {
                        content_type: "application/json".into(),
                        kind: ResponseKind::Json(TypeRef::Named(pet)),
                    }),
                    retry_after: false,
                },
                Response {
                    status: StatusMatch::Code(404),
                    description: Some("No such pet.".into()),
                    body: None,
                    retry_after: false,
                },
            ],
            authenticated,
            security: Vec::new(),
            pointer: String::new(),
            pagination: None,
        };
        Api {
            title: "Pet Shop".into(),
            description: Some("# Pets\nAll about pets.".into()),
            version: "2".into(),
            servers: vec![Server {
                url: "https://pets.example.com/".into(),
                description: None,
            }],
            operations: vec![
                op("get_pet", &["Pet Store"], true),
                op("health", &[], false),
            ],
            types,
            security_schemes: vec![SecurityScheme {
                key: "key".into(),
                description: Some("The shop's key.".into()),
                kind: SecuritySchemeKind::ApiKey {
                    location: ParamLocation::Header,
                    name: "X-Key".into(),
                },
            }],
            credentials: vec![CredentialConstructor {
                name: "api_key".into(),
                scheme: "key".into(),
                description: None,
                kind: CredentialKind::ApiKey {
                    location: ParamLocation::Header,
                    name: "X-Key".into(),
                },
            }],
            ..Api::default()
        }
    }

    fn small_pages() -> BTreeMap<String, String> {
        let api = small_api();
        let ctx = DocsContext {
            service_name: "pet shop",
            module_path: "generated::pets",
            feature: "pets",
            spec_label: "specs/pets.yaml",
            generated_by: "cargo xtask codegen",
        };
        crate::emit::service_docs(&api, &ctx).into_iter().collect()
    }

    #[test]
    fn a_page_per_group_and_model_and_an_index() {
        let pages = small_pages();
        let names: Vec<&str> = pages.keys().map(String::as_str).collect();
        // `health` has no tag: it goes to the group named after the service.
        assert_eq!(
            names,
            [
                "PetShop.md",
                "PetStore.md",
                "README.md",
                "models/Color.md",
                "models/Pet.md"
            ]
        );
        let index = &pages["README.md"];
        assert!(
            index.starts_with("<!-- @generated by `cargo xtask codegen` from specs/pets.yaml.")
        );
        assert!(index.contains("All paths are relative to `https://pets.example.com`"));
        assert!(index.contains("### `Credentials::api_key(key)`"));
        assert!(index.contains("An API key (security scheme `key`), sent in the header `X-Key`."));
        assert!(index.contains("These methods send no credentials: `health`."));
        assert!(index.contains(
            "| [Pet Store](PetStore.md) | [`get_pet`](PetStore.md#get_pet) | `GET /get_pet` | Calls get_pet. |"
        ));
        assert!(index.contains("- [`Color`](models/Color.md): A colour."));
        // The description's heading does not become a heading of the page.
        assert!(index.contains("**Pets**"));
    }

    #[test]
    fn a_method_section_says_how_to_call_it_and_what_it_answers() {
        let pages = small_pages();
        let page = &pages["PetStore.md"];
        assert!(page.contains(
            "```rust\nclient.get_pet(pet_id: impl Into<String>) -> GetPet\n    .send().await -> Result<types::Pet, Error<GetPetError>>\n```"
        ));
        assert!(page.contains(
            "| `pet_id` (`pet-id`) | `String` | path | Which pet it is. | required (argument) |"
        ));
        assert!(page.contains("### Return type\n\n[`Pet`](models/Pet.md)"));
        assert!(page.contains(
            "[`Credentials::api_key(key)`](README.md#authentication) (API key in the header `X-Key`, scheme `key`)."
        ));
        assert!(page.contains("| `200` | The pet. | success: [`Pet`](models/Pet.md) |"));
        assert!(page.contains("| `404` | No such pet. | `GetPetError::NotFound` |"));
        assert!(page.contains("| any other | A status the spec does not document for this operation. | `GetPetError::UnexpectedStatus` |"));
        // The example is rustdoc's, without its hidden lines.
        assert!(page.contains(
            "use generated::pets::{Client, Credentials, Error, GetPetError, types};\nlet client"
        ));
        assert!(!page.contains("# async fn"));
        let open = &pages["PetShop.md"];
        assert!(open.contains("# pet shop\n"));
        assert!(open.contains("for the operations the spec does not tag."));
        assert!(open.contains("### Authorization\n\nNone: this method sends no credentials"));
    }

    #[test]
    fn model_pages_list_fields_values_and_users() {
        let pages = small_pages();
        let pet = &pages["models/Pet.md"];
        assert!(pet.contains(
            "Struct `generated::pets::types::Pet`, from `#/components/schemas/Pet` in the spec."
        ));
        assert!(pet.contains(
            "| `color` | `color` | [`Option<Color>`](Color.md) | no | Read-only. Its colour:<br>- red<br>- or \\| not |"
        ));
        assert!(pet.contains("- [`get_pet`](../PetStore.md#get_pet): response `200`"));
        let color = &pages["models/Color.md"];
        assert!(color.contains("| `dark-red` | `Color::DarkRed` |  |"));
        assert!(color.contains("| any other | `Color::Unknown(String)` |"));
        assert!(color.contains("- [`Pet`](Pet.md): field `color`"));
    }

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(
            cell_text(Some(
                "First line\nsame paragraph.\n\nSecond | part.\n- a\n- b\n```\nx | y\n```"
            )),
            "First line same paragraph.<br>Second | part.<br>- a<br>- b<br>`x | y`"
        );
        assert_eq!(
            row(&["a | b".into(), "c\nd".into(), "e \\| f".into()]),
            "| a \\| b | c d | e \\| f |"
        );
        assert_eq!(cell_text(Some("### Heading\nText")), "**Heading**<br>Text");
        assert_eq!(code("a`b"), "`` a`b ``");
    }

    #[test]
    fn links_into_the_vendors_site_become_text() {
        assert_eq!(
            described(
                "See [jobs](/reference/jobs), [x](#operation/x) and [site](https://a.io/b). `[c](d)`"
            ),
            "See jobs, x and [site](https://a.io/b). `[c](d)`"
        );
    }

    #[test]
    fn fill_substitutes_once() {
        let filled = fill("{{a}} and {{b}} and {{c}}", &[("a", "{{b}}"), ("b", "B")]);
        assert_eq!(filled, "{{b}} and B and {{c}}");
    }

    #[test]
    fn headings_in_descriptions_become_bold_lines() {
        assert_eq!(
            block("Intro.\n### Part\nText.\n```\n# not a heading\n```"),
            "Intro.\n**Part**\n\nText.\n```text\n# not a heading\n```"
        );
    }

    #[test]
    fn hidden_lines_are_left_out_of_examples() {
        assert_eq!(
            strip_hidden_lines("use x;\n# async fn f() {\nlet a = 1;\n#[derive(Debug)]\n#\n# }"),
            "use x;\nlet a = 1;\n#[derive(Debug)]"
        );
    }

    /// Every page: the header, no placeholder left, tables with the same
    /// number of cells in every row, and links that lead to a page and a heading.
    #[test]
    fn pages_are_well_formed_and_links_resolve() {
        for service in services() {
            let (api, pages) = pages_of(&service);
            let label = &service.spec_label;
            let models = api
                .types
                .defs
                .iter()
                .filter(|d| d.merged_into.is_none())
                .count();
            let model_pages = pages.keys().filter(|p| p.starts_with("models/")).count();
            assert_eq!(model_pages, models, "{label}: one page per model");
            for (path, page) in &pages {
                assert!(page.starts_with("<!-- @generated by "), "{label} {path}");
                assert!(page.ends_with("-->\n") || page.ends_with('\n'));
                assert!(!page.contains("{{"), "{label} {path}: placeholder left");
                check_tables(label, path, page);
                check_links(label, path, page, &pages);
            }
        }
    }

    fn check_tables(label: &str, path: &str, page: &str) {
        let mut columns = None;
        for line in page.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            let mut cells = 0;
            let mut prev = ' ';
            for c in line.chars() {
                if c == '|' && prev != '\\' {
                    cells += 1;
                }
                prev = c;
            }
            match columns {
                None => columns = Some(cells),
                Some(n) => assert_eq!(n, cells, "{label} {path}: ragged row {line}"),
            }
        }
    }

    fn anchors(page: &str) -> BTreeSet<String> {
        let mut in_fence = false;
        let mut out = BTreeSet::new();
        for line in page.lines() {
            if line.starts_with("```") {
                in_fence = !in_fence;
            } else if !in_fence && let Some(h) = heading_text(line) {
                out.insert(slug(&h.replace('`', "")));
            }
        }
        out
    }

    fn check_links(label: &str, path: &str, page: &str, pages: &BTreeMap<String, String>) {
        let dir = path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let mut in_fence = false;
        for line in page.lines() {
            if line.starts_with("```") {
                in_fence = !in_fence;
            }
            if in_fence {
                continue;
            }
            for (i, _) in line.match_indices("](") {
                let rest = &line[i + 2..];
                let target = &rest[..rest.find(')').expect("closed link")];
                if target.starts_with("http") {
                    continue;
                }
                let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
                let resolved = if file.is_empty() {
                    path.to_string()
                } else if let Some(up) = file.strip_prefix("../") {
                    up.to_string()
                } else {
                    format!("{dir}{file}")
                };
                let linked = pages
                    .get(&resolved)
                    .unwrap_or_else(|| panic!("{label} {path}: link to missing {resolved}"));
                if !anchor.is_empty() {
                    assert!(
                        anchors(linked).contains(anchor),
                        "{label} {path}: no heading #{anchor} in {resolved}"
                    );
                }
            }
        }
    }

    /// A function of the generated code: its (argument, type) pairs and output.
    type EmittedFn = (Vec<(String, String)>, String);

    /// What the pages say about each method matches the generated code: the
    /// arguments, the setters, what `send()` returns and the error variants.
    #[test]
    fn signatures_match_the_generated_code() {
        let norm = |s: &str| {
            let mut s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            for (from, to) in [
                ("::std::result::Result", "Result"),
                ("::std::option::Option", "Option"),
                ("::std::vec::Vec", "Vec"),
                ("::std::collections::BTreeMap", "BTreeMap"),
                ("::std::string::String", "String"),
                ("::std::convert::Into", "Into"),
                ("::std::iter::IntoIterator", "IntoIterator"),
                ("::std::boxed::Box", "Box"),
                ("::serde_json::Value", "serde_json::Value"),
                ("::reqwest::Body", "reqwest::Body"),
                ("super::types::", ""),
                ("types::", ""),
                ("runtime::Error", "Error"),
            ] {
                s = s.replace(from, to);
            }
            // prettyplease leaves trailing commas in long generic lists.
            s.replace(",>", ">").replace(",)", ")")
        };
        let tokens = |t: &dyn ToTokens| norm(&t.to_token_stream().to_string());
        for service in services() {
            let (api, _) = pages_of(&service);
            let ctx = DocsContext {
                service_name: &service.name,
                module_path: "generated::x",
                feature: "x",
                spec_label: "x",
                generated_by: "x",
            };
            let docs = Docs::new(&api, &ctx);
            let source =
                crate::emit::render(super::super::operations::operations_module(&api, None))
                    .expect("renders");
            let file = syn::parse_file(&source).expect("parses");
            // fn name -> (arguments, output), per impl block's type.
            let mut fns: BTreeMap<(String, String), EmittedFn> = BTreeMap::new();
            let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for item in &file.items {
                match item {
                    syn::Item::Impl(imp) => {
                        let owner = tokens(&imp.self_ty);
                        for it in &imp.items {
                            if let syn::ImplItem::Fn(f) = it {
                                let args = f
                                    .sig
                                    .inputs
                                    .iter()
                                    .filter_map(|a| match a {
                                        syn::FnArg::Typed(t) => {
                                            Some((tokens(&t.pat), tokens(&t.ty)))
                                        }
                                        syn::FnArg::Receiver(_) => None,
                                    })
                                    .collect();
                                let out = match &f.sig.output {
                                    syn::ReturnType::Type(_, ty) => tokens(ty),
                                    syn::ReturnType::Default => "()".into(),
                                };
                                fns.insert((owner.clone(), f.sig.ident.to_string()), (args, out));
                            }
                        }
                    }
                    syn::Item::Enum(e) => {
                        enums.insert(
                            e.ident.to_string(),
                            e.variants.iter().map(|v| v.ident.to_string()).collect(),
                        );
                    }
                    _ => {}
                }
            }
            let label = &service.spec_label;
            for op in &api.operations {
                let sig = docs.signature(op);
                let builder = op.type_name.clone();
                let normed = |list: &[(String, String)]| -> Vec<(String, String)> {
                    list.iter().map(|(n, t)| (n.clone(), norm(t))).collect()
                };
                let (args, out) = &fns[&("Client".to_string(), op.name.clone())];
                let args: Vec<(String, String)> = args
                    .iter()
                    .map(|(n, t)| (bare(n).to_string(), t.clone()))
                    .collect();
                assert_eq!(args, normed(&sig.args), "{label} {}", op.name);
                assert_eq!(out, &builder, "{label} {}", op.name);
                for (name, ty) in &sig.setters {
                    // Setters are named like their parameter (raw where it is a keyword).
                    let ident = op
                        .parameters
                        .iter()
                        .find(|p| bare(&p.name) == name)
                        .map_or_else(|| name.clone(), |p| p.name.clone());
                    let key = (builder.clone(), ident);
                    let (args, _) = fns
                        .get(&key)
                        .unwrap_or_else(|| panic!("{label}: no setter {key:?}"));
                    assert_eq!(args[0].1, norm(ty), "{label} {} .{name}()", op.name);
                }
                let (_, send) = &fns[&(builder.clone(), "send".to_string())];
                assert_eq!(
                    send,
                    &norm(&format!("Result<{}, Error<{builder}Error>>", sig.success)),
                    "{label} {}",
                    op.name
                );
                let outcome = Outcome::of(&docs, op);
                let mut variants: Vec<String> =
                    outcome.errors.values().flatten().cloned().collect();
                variants.push("UnexpectedStatus".into());
                variants.sort();
                let mut emitted = enums[&format!("{builder}Error")].clone();
                emitted.sort();
                assert_eq!(emitted, variants, "{label} {}: error variants", op.name);
                if let Success::Variants { variants } = &outcome.success {
                    let mut ours: Vec<String> =
                        variants.iter().map(|(_, v, _)| v.clone()).collect();
                    ours.sort();
                    let mut emitted = enums[&format!("{builder}Response")].clone();
                    emitted.sort();
                    assert_eq!(emitted, ours, "{label} {}: response variants", op.name);
                }
            }
        }
    }
}
