//! A page per API group (an OpenAPI tag): for each method its signature,
//! example, parameters, return type, authorization and documented statuses,
//! mirroring what `operations.rs` emits (a test holds the two together).

use super::context::{Docs, Group};
use super::markdown::{
    bare, block, cell_text, code, constraint_notes, fill, first_paragraph, http_request, inline,
    location_name, op_summary, row, slug, status_label, strip_hidden_lines, tidy,
};
use crate::emit::example::ExampleContext;
use crate::emit::operations::{
    ResponseSplit, Streamed, accept_header, events_alternative, split_responses,
};
use crate::emit::status::status_variant_name;
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

const GROUP: &str = include_str!("../../../../templates/docs/group.md.tmpl");
const METHOD: &str = include_str!("../../../../templates/docs/method.md.tmpl");

impl Docs<'_> {
    pub(super) fn group_page(&self, group: &Group<'_>, examples: &ExampleContext<'_>) -> String {
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
    pub(super) fn signature(&self, op: &Operation) -> Signature {
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
            events: outcome
                .events
                .as_ref()
                .map(|data| self.events_type(data, "types::", &op.type_name)),
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
            Success::Stream(Streamed::Bytes) => format!(
                "`runtime::ByteStream<{error}>`: the response body as a stream of `Bytes`, handed over as it arrives (or read whole with `.bytes().await`, under the client's body cap)."
            ),
            Success::Stream(Streamed::Events(data)) => format!(
                "{}: the server-sent events, each one's data decoded, handed over as they arrive.",
                code(&self.events_type(data, "", &op.type_name))
            ),
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
        let events = match &outcome.events {
            Some(data) => format!(
                "\n\n`send_events()` asks for server-sent events instead (`Accept: text/event-stream`) and returns {}: each event's data decoded, handed over as they arrive.",
                code(&self.events_type(data, "", &op.type_name))
            ),
            None => String::new(),
        };
        format!("{text}{events}{on_error}")
    }

    /// `runtime::EventStream<T, <Op>Error>`.
    fn events_type(&self, data: &TypeRef, prefix: &str, type_name: &str) -> String {
        format!(
            "runtime::EventStream<{}, {type_name}Error>",
            self.rust_type(data, prefix)
        )
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
                    Success::Stream(Streamed::Bytes) => "success: the byte stream".into(),
                    Success::Stream(Streamed::Events(_)) => "success: the event stream".into(),
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
            ResponseKind::Binary | ResponseKind::Stream | ResponseKind::Events(_) => {
                code("runtime::Bytes")
            }
        }
    }
}

/// A method as a user calls it.
pub(super) struct Signature {
    method: String,
    /// Required parameters, then a required body: (name, how the argument is taken).
    pub(super) args: Vec<(String, String)>,
    pub(super) setters: Vec<(String, String)>,
    pub(super) success: String,
    /// Where the success offers server-sent events beside it: what
    /// `send_events()` returns.
    events: Option<String>,
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
        if let Some(events) = &self.events {
            out.push_str(&format!(
                "\n    // or, asking for server-sent events:\n    .send_events().await -> Result<{events}, {error}>"
            ));
        }
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
pub(super) enum Payload {
    Json(TypeRef),
    Text,
    Bytes,
}

impl Payload {
    pub(super) fn of(body: &Option<ResponseBody>) -> Option<Payload> {
        Some(match &body.as_ref()?.kind {
            ResponseKind::Json(ty) => Payload::Json(ty.clone()),
            ResponseKind::Text => Payload::Text,
            ResponseKind::Binary | ResponseKind::Stream | ResponseKind::Events(_) => Payload::Bytes,
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

pub(super) enum Success {
    Unit,
    Stream(Streamed),
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
pub(super) struct Outcome {
    pub(super) success: Success,
    /// Error statuses and their variant (`None`: no variant, `UnexpectedStatus`).
    pub(super) errors: BTreeMap<StatusMatch, Option<String>>,
    /// A `default` error with a body catches every other status.
    catch_all: bool,
    /// The data of the events `send_events()` reads, where the success
    /// offers them beside what `send()` reads.
    pub(super) events: Option<TypeRef>,
}

impl Outcome {
    pub(super) fn of(docs: &Docs<'_>, op: &Operation) -> Outcome {
        let ResponseSplit {
            successes: success_list,
            errors,
            streaming,
        } = split_responses(op);
        let events = match &streaming {
            None => events_alternative(&success_list).cloned(),
            Some(_) => None,
        };
        let success = if let Some(streamed) = streaming {
            Success::Stream(streamed)
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
            events,
        }
    }

    fn success_type(&self, docs: &Docs<'_>, prefix: &str, type_name: &str) -> String {
        match &self.success {
            Success::Unit => "()".into(),
            Success::Stream(Streamed::Bytes) => format!("runtime::ByteStream<{type_name}Error>"),
            Success::Stream(Streamed::Events(data)) => docs.events_type(data, prefix, type_name),
            Success::One { payload, optional } if optional.is_empty() => payload.rust(docs, prefix),
            Success::One { payload, .. } => format!("Option<{}>", payload.rust(docs, prefix)),
            Success::Variants { .. } => format!("{type_name}Response"),
        }
    }
}
