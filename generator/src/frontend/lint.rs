//! What is odd but usable in a document as written (a repeated operationId,
//! a server variable with no default, a path key holding a query): said
//! once, with its place, as a warning; the front-ends and the sanitizer
//! then repair those quietly. Beside [`super::checks`], which refuses what
//! cannot be repaired.

use super::checks::kind;
use super::dialect::Dialect;
use super::walk::METHODS;
use crate::ir::Warning;
use crate::json_pointer::{escape_pointer_segment, pointer};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Odd but usable things, each once, with its place.
pub fn lint(doc: &Value, dialect: Dialect) -> Vec<Warning> {
    let Some(root) = doc.as_object() else {
        return Vec::new();
    };
    let mut lint = Lint {
        doc,
        root,
        dialect,
        warnings: Vec::new(),
        reported: HashSet::new(),
    };
    lint.version();
    lint.path_keys();
    lint.operations();
    lint.request_bodies();
    lint.servers();
    lint.security();
    let mut path = Vec::new();
    for key in ["components", "definitions", "paths", "webhooks"] {
        if let Some(v) = root.get(key) {
            path.push(key.to_string());
            lint.enums(v, &mut path);
            path.pop();
        }
    }
    lint.warnings
}

/// An operation: its pointer, its path, the operation and its path item.
type OperationAt<'a> = (
    String,
    &'a str,
    &'a Map<String, Value>,
    &'a Map<String, Value>,
);

struct Lint<'a> {
    doc: &'a Value,
    root: &'a Map<String, Value>,
    dialect: Dialect,
    warnings: Vec<Warning>,
    /// Pointers of path-level parameters already reported.
    reported: HashSet<String>,
}

/// Shown in a message: short, on one line.
fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = text.replace(['\n', '\r', '\t'], " ");
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

impl<'a> Lint<'a> {
    fn warn(&mut self, pointer: String, message: String) {
        self.warnings.push(Warning { pointer, message });
    }

    fn version(&mut self) {
        for key in ["openapi", "swagger"] {
            if let Some(v @ Value::Number(_)) = self.root.get(key) {
                self.warn(
                    pointer([key]),
                    format!(
                        "`{key}: {v}` is a number; the version is a string (`{key}: \"{v}\"`): \
                         taken as \"{v}\""
                    ),
                );
            }
        }
    }

    /// Paths must start with `/`; the sanitizer adds it.
    fn path_keys(&mut self) {
        let Some(Value::Object(paths)) = self.root.get("paths") else {
            return;
        };
        for (n, key) in paths.keys().enumerate() {
            if key.starts_with('/') || key.starts_with("x-") {
                continue;
            }
            let fixed = format!("/{key}");
            // The sanitizer keeps the first of two paths that become equal.
            let earlier = paths.keys().take(n).any(|k| *k == fixed);
            let later = paths.keys().skip(n + 1).any(|k| *k == fixed);
            let message = if earlier || later {
                let kept = if earlier {
                    format!("`{fixed}`")
                } else {
                    "this one".to_string()
                };
                format!(
                    "path `{key}` does not start with `/`, and `{fixed}` is a path too: only \
                     the first of the two ({kept}) is kept"
                )
            } else {
                format!("path `{key}` does not start with `/`: taken as `{fixed}`")
            };
            self.warn(pointer(["paths", key]), message);
        }
    }

    /// The operations, in document order.
    fn each_operation(&self) -> Vec<OperationAt<'a>> {
        let mut out = Vec::new();
        let Some(Value::Object(paths)) = self.root.get("paths") else {
            return out;
        };
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for method in &METHODS {
                if let Some(Value::Object(op)) = item.get(*method) {
                    out.push((pointer(["paths", path, method]), path.as_str(), op, item));
                }
            }
        }
        out
    }

    fn operations(&mut self) {
        let mut first_use: HashMap<&str, String> = HashMap::new();
        for (op_pointer, path, op, item) in self.each_operation() {
            match op.get("operationId") {
                Some(Value::String(id)) if !id.trim().is_empty() => {
                    if let Some(first) = first_use.get(id.as_str()) {
                        self.warn(
                            format!("{op_pointer}/operationId"),
                            format!(
                                "operationId `{id}` is also used at {first}: this one's method \
                                 gets a numbered name"
                            ),
                        );
                    } else {
                        first_use.insert(id, op_pointer.clone());
                    }
                }
                Some(v @ (Value::Number(_) | Value::Bool(_))) => self.warn(
                    format!("{op_pointer}/operationId"),
                    format!(
                        "operationId `{v}` is {}, not a string: taken as \"{v}\"",
                        kind(v)
                    ),
                ),
                // A list or mapping is dropped: lowering then warns of no operationId.
                _ => {}
            }
            if op
                .get("responses")
                .is_none_or(|r| r.as_object().is_none_or(Map::is_empty))
            {
                self.warn(
                    op_pointer.clone(),
                    "the operation has no `responses`: any success status is accepted and its \
                     body ignored"
                        .into(),
                );
            }
            self.parameters(&op_pointer, path, op, item);
        }
    }

    /// A local `$ref` to a parameter, followed (a few hops at most).
    fn follow(&self, mut v: &'a Value) -> Option<&'a Value> {
        for _ in 0..8 {
            let Some(reference) = v.get("$ref").and_then(Value::as_str) else {
                return Some(v);
            };
            let fragment = reference.strip_prefix('#')?;
            v = self.doc.pointer(fragment)?;
        }
        None
    }

    fn parameters(
        &mut self,
        op_pointer: &str,
        path: &str,
        op: &'a Map<String, Value>,
        item: &'a Map<String, Value>,
    ) {
        let template = template_names(path);
        let item_pointer = op_pointer
            .rsplit_once('/')
            .map_or("", |(a, _)| a)
            .to_string();
        let lists = [
            (op.get("parameters"), format!("{op_pointer}/parameters")),
            (item.get("parameters"), format!("{item_pointer}/parameters")),
        ];
        for (list, list_pointer) in lists {
            let Some(Value::Array(list)) = list else {
                continue;
            };
            for (i, param) in list.iter().enumerate() {
                let Some(param) = self.follow(param) else {
                    continue;
                };
                let name = param.get("name").and_then(Value::as_str);
                let location = param.get("in").and_then(Value::as_str);
                let at = format!("{list_pointer}/{i}");
                if location == Some("path")
                    && let Some(name) = name
                    && !template.iter().any(|t| t == name)
                {
                    let message = format!(
                        "path parameter `{name}` does not appear in the path `{path}`: it is ignored"
                    );
                    // A path-level parameter is reported once, not per operation.
                    if self.reported.insert(at.clone()) {
                        self.warn(at.clone(), message);
                    }
                }
                // A path-level parameter is linted once, not per operation.
                if self.reported.insert(format!("{at}\u{0}lint")) {
                    self.parameter(&at, name.unwrap_or("?"), location, param);
                }
                if self.dialect == Dialect::Swagger2
                    && location == Some("body")
                    && param.get("schema").is_none()
                {
                    self.warn(
                        at,
                        format!(
                            "body parameter `{}` has no `schema`: the body is taken as any JSON",
                            name.unwrap_or("?")
                        ),
                    );
                }
            }
        }
    }

    /// What a parameter says that the client cannot do as said.
    fn parameter(&mut self, at: &str, name: &str, location: Option<&str>, param: &Value) {
        if let Some(required) = param.get("required") {
            self.required_flag(
                &format!("{at}/required"),
                required,
                location == Some("path"),
            );
        }
        if location == Some("header") && !is_header_name(name) {
            self.warn(
                format!("{at}/name"),
                format!(
                    "`{}` is not a valid HTTP header name: a value set for it makes the \
                     request fail",
                    short(&Value::String(name.to_string()))
                ),
            );
        }
        if self.dialect == Dialect::Swagger2 {
            return;
        }
        if let (Some(style), Some(location)) =
            (param.get("style").and_then(Value::as_str), location)
        {
            let (allowed, used): (&[&str], &str) = match location {
                "path" => (&["simple"], "simple"),
                "query" => (
                    &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                    "form",
                ),
                "header" => (&["simple"], "simple"),
                _ => (&["form"], "form"),
            };
            if !allowed.contains(&style) {
                self.warn(
                    format!("{at}/style"),
                    format!(
                        "parameter `{name}` has `style: {}`, which this client does not write \
                         for a {location} parameter: it is sent in the `{used}` style",
                        short(&Value::String(style.to_string()))
                    ),
                );
            }
        }
        if let Some(Value::Object(content)) = param.get("content")
            && param.get("schema").is_none()
            && let Some(media) = content.keys().next()
        {
            self.warn(
                format!("{at}/content"),
                format!(
                    "parameter `{name}` is described as `{media}` content: its value is sent \
                     as a plain value, not encoded as `{media}`"
                ),
            );
        }
    }

    /// `required` on a parameter or a body is a boolean; the sanitizer
    /// reads `"true"` and `1` as true and drops what it cannot read.
    fn required_flag(&mut self, at: &str, required: &Value, always: bool) {
        if required.is_boolean() || always {
            return;
        }
        // As the sanitizer will read it.
        let taken = super::sanitize::coerce_bool(required);
        let meaning = match taken {
            Some(true) => "taken as `true`",
            Some(false) => "taken as `false`",
            None => "not understood, so taken as `false` (optional)",
        };
        let shown = match required {
            Value::String(_) => format!("\"{}\"", short(required)),
            _ => short(required),
        };
        self.warn(
            at.to_string(),
            format!(
                "`required: {shown}` is {}, not a boolean: {meaning}",
                kind(required)
            ),
        );
    }

    /// Request bodies' `required` flags.
    fn request_bodies(&mut self) {
        let mut bodies: Vec<(String, &'a Value)> = Vec::new();
        for (op_pointer, _, op, _) in self.each_operation() {
            if let Some(body) = op.get("requestBody") {
                bodies.push((format!("{op_pointer}/requestBody"), body));
            }
        }
        if let Some(Value::Object(shared)) = self
            .root
            .get("components")
            .and_then(|c| c.get("requestBodies"))
        {
            for (name, body) in shared {
                bodies.push((pointer(["components", "requestBodies", name]), body));
            }
        }
        for (at, body) in bodies {
            if body.get("$ref").is_none()
                && let Some(required) = body.get("required")
            {
                self.required_flag(&format!("{at}/required"), required, false);
            }
        }
    }

    fn servers(&mut self) {
        let Some(Value::Array(servers)) = self.root.get("servers") else {
            return;
        };
        for (i, server) in servers.iter().enumerate() {
            let Some(Value::Object(variables)) = server.get("variables") else {
                continue;
            };
            let url = server.get("url").and_then(Value::as_str).unwrap_or("");
            for (name, var) in variables {
                if var.get("default").is_some_and(|d| !d.is_null()) {
                    continue;
                }
                let first = var
                    .get("enum")
                    .and_then(Value::as_array)
                    .and_then(|e| e.first());
                let taken = match first {
                    Some(v) => format!("the first `enum` value `{}` is used", short(v)),
                    None => "an empty string is put in its place".to_string(),
                };
                self.warn(
                    pointer(["servers", &i.to_string(), "variables", name]),
                    format!(
                        "server variable `{name}` of `{}` has no `default`: {taken}",
                        short(&Value::String(url.to_string()))
                    ),
                );
            }
        }
    }

    fn security(&mut self) {
        let defined: HashSet<&str> = match self.dialect {
            Dialect::Swagger2 => self.root.get("securityDefinitions"),
            _ => self
                .root
                .get("components")
                .and_then(|c| c.get("securitySchemes")),
        }
        .and_then(Value::as_object)
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
        let section = match self.dialect {
            Dialect::Swagger2 => "securityDefinitions",
            _ => "components/securitySchemes",
        };
        let mut lists = vec![(self.root.get("security"), "#/security".to_string())];
        for (op_pointer, _, op, _) in self.each_operation() {
            lists.push((op.get("security"), format!("{op_pointer}/security")));
        }
        for (list, list_pointer) in lists {
            let Some(Value::Array(list)) = list else {
                continue;
            };
            for (i, requirement) in list.iter().enumerate() {
                let Some(requirement) = requirement.as_object() else {
                    continue;
                };
                for name in requirement.keys() {
                    if defined.contains(name.as_str()) {
                        continue;
                    }
                    let candidates: Vec<String> = defined.iter().map(|s| s.to_string()).collect();
                    let hint = crate::suggest::closest(name, candidates.iter())
                        .map(|b| format!(" (did you mean `{b}`?)"))
                        .unwrap_or_default();
                    self.warn(
                        format!("{list_pointer}/{i}/{}", escape_pointer_segment(name)),
                        format!(
                            "security requirement names `{name}`, which `{section}` does not \
                             define{hint}: the requirement is ignored"
                        ),
                    );
                }
            }
        }
    }

    /// Enums that list a value twice, anywhere a schema can be.
    fn enums(&mut self, v: &Value, path: &mut Vec<String>) {
        let Value::Object(obj) = v else {
            if let Value::Array(items) = v {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.enums(item, path);
                    path.pop();
                }
            }
            return;
        };
        if let Some(Value::Array(values)) = obj.get("enum") {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for value in values {
                *seen.entry(value.to_string()).or_default() += 1;
            }
            let repeated: Vec<String> = values
                .iter()
                .filter(|v| seen.remove(&v.to_string()).is_some_and(|n| n > 1))
                .map(|v| format!("`{}`", short(v)))
                .collect();
            if !repeated.is_empty() {
                path.push("enum".into());
                self.warn(
                    pointer(path.iter().map(String::as_str)),
                    format!(
                        "the enum lists {} more than once: the repeats are ignored",
                        repeated.join(", ")
                    ),
                );
                path.pop();
            }
        }
        for (key, child) in obj {
            // Values, not schemas: examples and defaults may hold anything.
            if key.starts_with("x-")
                || matches!(
                    key.as_str(),
                    "enum" | "example" | "examples" | "default" | "const"
                )
            {
                continue;
            }
            path.push(key.clone());
            self.enums(child, path);
            path.pop();
        }
    }
}

/// An HTTP header name: a token (RFC 9110), which `reqwest` accepts.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `/pets/{petId}` → `["petId"]`.
fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}
