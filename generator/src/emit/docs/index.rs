//! The service index (`README.md`): base URL, how to authenticate, every
//! group and method, every model.

use super::context::Docs;
use super::markdown::{
    bare, block, code, fill, first_paragraph, http_request, inline, location_name, op_summary, row,
    slug, tidy,
};
use crate::ir::*;

const INDEX: &str = include_str!("../../../../templates/docs/index.md.tmpl");

impl Docs<'_> {
    pub(super) fn index(&self) -> String {
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
                ("features", ctx.features),
                ("method_rows", &method_rows.join("\n")),
                ("models", &models),
            ],
        ))
    }

    fn base_url_section(&self) -> String {
        let mut out = match self.default_base_url() {
            Some(url) => format!(
                "All paths are relative to {}, the client's default. Set another with `Client::builder().base_url(...)`.{}",
                code(url),
                self.api.base_path().map(base_path_rule).unwrap_or_default()
            ),
            None => match self.api.servers.first() {
                Some(_) if let Some(path) = self.api.relative_server_path() => format!(
                    "The spec's server {} is relative: set the base URL with `Client::builder().base_url(\"https://api.example.com\")`: a host alone gets the spec's path {} appended; a URL with a path (`https://api.example.com{path}`, or a proxy's own) is used as it is, and `base_url_exact` takes any URL as it is.",
                    code(path),
                    code(path)
                ),
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
}

/// The rule for a base URL the user gives, when the spec's server has a path.
fn base_path_rule(path: &str) -> String {
    format!(
        " A base URL given as a host alone gets the spec's path {} appended (`https://localhost:8080` becomes `https://localhost:8080{path}`); one with a path is used as it is, and `base_url_exact` takes any URL as it is.",
        code(path)
    )
}
