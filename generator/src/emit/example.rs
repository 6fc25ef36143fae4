//! A complete usage example for each operation, the same text for rustdoc
//! (as a `no_run` doctest) and for the Markdown reference pages: a client
//! built from credentials in environment variables, the required arguments,
//! one optional setter, `send().await`, and a match on the typed error.

use super::path_grouping::{grouped_path_params, path_struct_name};
use super::status::status_variant_name;
use crate::ir::*;

/// Where the generated service lives, for `use` lines (`generated::env0`).
pub struct ExampleContext<'a> {
    pub api: &'a Api,
    pub module_path: &'a str,
    /// Prefix of environment variable names (`ENV0`).
    pub env_prefix: String,
}

impl ExampleContext<'_> {
    fn credentials(&self) -> Option<String> {
        let c = self.api.credentials.first()?;
        let var = |suffix: &str| {
            format!(
                "std::env::var(\"{}_{}\")?",
                self.env_prefix,
                suffix.to_uppercase()
            )
        };
        Some(match &c.kind {
            CredentialKind::Basic { username, password } => {
                format!(
                    "Credentials::{}({}, {})",
                    c.name,
                    var(username),
                    var(password)
                )
            }
            CredentialKind::Bearer => format!("Credentials::{}({})", c.name, var("token")),
            CredentialKind::ApiKey { .. } => format!("Credentials::{}({})", c.name, var("api_key")),
        })
    }

    /// The path of the generated crate's runtime (`generated::runtime`).
    fn runtime(&self) -> String {
        let krate = self.module_path.split("::").next().unwrap_or("crate");
        format!("{krate}::runtime")
    }

    /// Rust source for a value of `ty` (depth-limited for recursive types).
    fn value(&self, ty: &TypeRef, hint: &str, depth: usize) -> String {
        let types = &self.api.types;
        match ty {
            TypeRef::Primitive(p) => match p {
                // Methods take `impl Into<String>`; fields and list items
                // need the `String` itself.
                Primitive::String if depth == 0 => format!("{:?}", hint.to_string()),
                Primitive::String => format!("{:?}.to_owned()", hint.to_string()),
                Primitive::Bool => "true".into(),
                Primitive::F32 | Primitive::F64 => "1.0".into(),
                // Binary data inside JSON is its text.
                Primitive::Bytes => format!("{:?}.to_owned()", hint.to_string()),
                Primitive::Base64 => {
                    format!("{}::Base64::new(b\"bytes\".to_vec())", self.runtime())
                }
                Primitive::File => format!(
                    "{}::FilePart::from_bytes(&b\"contents\"[..]).file_name(\"report.txt\")",
                    self.runtime()
                ),
                Primitive::DateTime => format!(
                    "{}::chrono::DateTime::parse_from_rfc3339(\"2024-05-01T10:00:00Z\")?",
                    self.runtime()
                ),
                Primitive::Date => format!(
                    "\"2024-05-01\".parse::<{}::chrono::NaiveDate>()?",
                    self.runtime()
                ),
                Primitive::Time => format!(
                    "\"10:00:00\".parse::<{}::chrono::NaiveTime>()?",
                    self.runtime()
                ),
                Primitive::Uuid => format!("{}::uuid::Uuid::nil()", self.runtime()),
                // Every integer type.
                _ => "1".into(),
            },
            TypeRef::Array(inner) if depth < 3 => {
                format!("vec![{}]", self.value(inner, hint, depth + 1))
            }
            TypeRef::Array(_) => "Vec::new()".into(),
            TypeRef::Map(_) => "Default::default()".into(),
            // The `Option` is the parameter's or field's own type: what it
            // holds must be exact (`Some("x".to_owned())`, not `Some("x")`).
            TypeRef::Option(inner) => format!("Some({})", self.value(inner, hint, depth.max(1))),
            TypeRef::Any => "serde_json::json!({})".into(),
            TypeRef::Named(id) => {
                let mut id = *id;
                while let Some(to) = types.get(id).merged_into {
                    id = to;
                }
                let def = types.get(id);
                let path = format!("types::{}", def.name.trim_start_matches("r#"));
                match &def.kind {
                    TypeKind::Alias(inner) => self.value(inner, hint, depth),
                    TypeKind::Enum(e) => match e.variants.first() {
                        Some(v) => format!("{path}::{}", v.name),
                        None => format!("{path}::Unknown(String::new())"),
                    },
                    TypeKind::Union(u) => match u.variants.first() {
                        Some(v) if v.unit => format!("{path}::{}", v.name),
                        Some(v) if depth < 3 => {
                            let inner = self.value(&v.ty, hint, depth + 1);
                            let inner = if v.boxed {
                                format!("Box::new({inner})")
                            } else {
                                inner
                            };
                            format!("{path}::{}({inner})", v.name)
                        }
                        _ => format!("{path}::Unknown(serde_json::json!({{}}))"),
                    },
                    TypeKind::Struct(s) => {
                        if depth >= 3 {
                            return format!(
                                "serde_json::from_value::<{path}>(serde_json::json!({{}}))?"
                            );
                        }
                        // Request types are built with `new(required fields)`
                        // (`emit/builders.rs`).
                        let args: Vec<String> = s
                            .fields
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| {
                                if f.nullable
                                    && !matches!(
                                        types.resolve(&f.ty),
                                        TypeRef::Any | TypeRef::Option(_)
                                    )
                                {
                                    "None".to_string()
                                } else {
                                    self.argument_at(&f.ty, &f.wire_name, depth + 1)
                                }
                            })
                            .collect();
                        format!("{path}::new({})", args.join(", "))
                    }
                }
            }
        }
    }

    /// The argument as a method takes it: lists as arrays (`impl
    /// IntoIterator`), strings as `&str` (`impl Into<String>`), in lists too.
    fn argument(&self, ty: &TypeRef, hint: &str) -> String {
        self.argument_at(ty, hint, 0)
    }

    /// An argument of a call made at `depth` (`impl Into<String>` for
    /// strings, `impl IntoIterator` for lists).
    fn argument_at(&self, ty: &TypeRef, hint: &str, depth: usize) -> String {
        match self.api.types.resolve(ty) {
            // Lists of strings take what converts into one: `["x"]`.
            TypeRef::Array(inner) => match self.api.types.resolve(inner) {
                TypeRef::Primitive(Primitive::String) => {
                    format!("[{}]", self.value(inner, hint, 0))
                }
                _ => format!("[{}]", self.value(inner, hint, depth + 1)),
            },
            TypeRef::Primitive(Primitive::String) => format!("{:?}", hint.to_string()),
            _ => self.value(ty, hint, depth),
        }
    }

    /// A parameter's default as the setter's argument, where it is an
    /// integer the parameter's type holds (a spec's `default: 9999999999`
    /// on an `int32` would not compile).
    fn integer_default(&self, p: &Parameter) -> Option<String> {
        let value = p.default.as_ref()?;
        fits_integer(self.api.types.resolve(&p.ty), value).then(|| value.to_string())
    }

    /// The example for `op`, as Rust source lines (hidden lines start with `# `).
    pub fn operation(&self, op: &Operation) -> String {
        let grouped = grouped_path_params(&self.api.types, op).unwrap_or_default();
        let path_struct = path_struct_name(op);
        let mut args: Vec<String> = Vec::new();
        for p in op.parameters.iter().filter(|p| p.required) {
            if !grouped.iter().any(|g| std::ptr::eq(*g, p)) {
                args.push(self.argument(&p.ty, &p.wire_name));
            } else if !args.iter().any(|a| a.starts_with(&path_struct)) {
                let fields: Vec<String> = grouped
                    .iter()
                    .map(|g| format!("{}: {}", g.name, self.argument(&g.ty, &g.wire_name)))
                    .collect();
                args.push(format!("{path_struct} {{ {} }}", fields.join(", ")));
            }
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            args.push(self.body_value(body));
        }
        let setter = op.parameters.iter().find(|p| !p.required).map(|p| {
            let value = self
                .integer_default(p)
                .unwrap_or_else(|| self.argument(&p.ty, &p.wire_name));
            format!("\n    .{}({value})", p.name)
        });
        let error_name = format!("{}Error", op.type_name);
        let error_arm = first_error_arm(op, &error_name);
        let credentials = self.credentials();
        // What the example uses, and only that (unused imports are warnings).
        let mut imports = vec!["Client"];
        if credentials.is_some() {
            imports.push("Credentials");
        }
        if error_arm.is_some() {
            imports.extend(["Error", error_name.as_str()]);
        }
        let uses_types = args
            .iter()
            .chain(&setter)
            .any(|text| text.contains("types::"));
        if !grouped.is_empty() {
            imports.push(path_struct.as_str());
        }
        if uses_types {
            imports.push("types");
        }
        let mut out = String::new();
        let imports = match imports.as_slice() {
            [one] => one.to_string(),
            all => format!("{{{}}}", all.join(", ")),
        };
        out.push_str(&format!("use {}::{imports};\n", self.module_path));
        out.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
        out.push_str("let client = Client::builder()");
        if self.api.servers.iter().all(|s| !s.url.starts_with("http")) {
            let path = self.api.relative_server_path().unwrap_or_default();
            out.push_str(&format!(
                "\n    .base_url(\"https://api.example.com{path}\")"
            ));
        }
        if let Some(credentials) = credentials {
            out.push_str(&format!("\n    .credentials({credentials})"));
        }
        out.push_str("\n    .build()?;\n");
        out.push_str(&format!(
            "match client\n    .{}({}){}\n    .send()\n    .await\n{{\n",
            op.name,
            args.join(", "),
            setter.unwrap_or_default()
        ));
        out.push_str("    Ok(response) => println!(\"{response:?}\"),\n");
        if let Some(arm) = error_arm {
            out.push_str(&format!("    {arm}\n"));
        }
        out.push_str("    Err(other) => return Err(other.into()),\n}\n# Ok(())\n# }");
        out
    }

    fn body_value(&self, body: &RequestBody) -> String {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
                self.argument(ty, "body")
            }
            BodyKind::Text => "\"text\"".into(),
            BodyKind::Binary => "Vec::<u8>::new()".into(),
        }
    }
}

/// Whether `value` is an integer that a parameter of type `ty` holds.
fn fits_integer(ty: &TypeRef, value: &serde_json::Value) -> bool {
    let TypeRef::Primitive(p) = ty else {
        return false;
    };
    let value = value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from));
    matches!((p.integer_range(), value), (Some((lo, hi)), Some(v)) if (lo..=hi).contains(&v))
}

/// A match arm for the operation's first documented error response.
fn first_error_arm(op: &Operation, error_name: &str) -> Option<String> {
    let successes_documented = op.responses.iter().any(|r| r.status.is_success());
    op.responses
        .iter()
        .filter(|r| !r.status.is_success())
        .find_map(|r| {
            let variant = status_variant_name(r.status);
            let pattern = match (r.status, &r.body) {
                (StatusMatch::Code(429), _) => {
                    format!("{error_name}::{variant} {{ retry_after, .. }}")
                }
                (StatusMatch::Code(_), Some(_)) => format!("{error_name}::{variant}(body)"),
                (StatusMatch::Code(_), None) => format!("{error_name}::{variant}"),
                (StatusMatch::Default, _) if !successes_documented => return None,
                (_, Some(_)) => format!("{error_name}::{variant} {{ status, .. }}"),
                (_, None) => return None,
            };
            let action = match (r.status, &r.body) {
                (StatusMatch::Code(429), _) => {
                    "eprintln!(\"rate limited, retry after {retry_after:?}\")".to_string()
                }
                (StatusMatch::Code(c), Some(_)) => format!("eprintln!(\"{c}: {{body:?}}\")"),
                (StatusMatch::Code(c), None) => format!("eprintln!(\"{c}\")"),
                _ => "eprintln!(\"status {status}\")".to_string(),
            };
            Some(format!("Err(Error::Api({pattern})) => {action},"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{operation, parameter};

    fn example_of(op: Operation) -> String {
        let mut api = Api::default();
        api.operations.push(op);
        let ctx = ExampleContext {
            api: &api,
            module_path: "x::api",
            env_prefix: "API".into(),
        };
        ctx.operation(&api.operations[0])
    }

    fn optional(wire: &str, ty: TypeRef, default: Option<serde_json::Value>) -> Parameter {
        let mut p = parameter(wire, ParamLocation::Query, ty);
        p.required = false;
        p.default = default;
        p
    }

    #[test]
    fn a_default_the_parameter_type_cannot_hold_is_not_the_example() {
        // `.small(9999999999)` on an `i32` setter: a doc example that did
        // not compile (overflowing_literals).
        let mut op = operation("defaults");
        op.parameters.push(optional(
            "small",
            TypeRef::Primitive(Primitive::I32),
            Some(serde_json::json!(9_999_999_999_i64)),
        ));
        let text = example_of(op.clone());
        assert!(!text.contains("9999999999"), "{text}");
        assert!(text.contains("\n    .small(1)"), "{text}");
        op.parameters[0].default = Some(serde_json::json!(-5));
        assert!(example_of(op).contains(".small(-5)"));
    }

    #[test]
    fn a_nullable_string_is_an_owned_string_in_some() {
        // `.callback_url(Some("x"))` for a setter taking `Option<String>`
        // (a schema `LenientUrl`, a nullable string): 2 of 327 examples of
        // a published spec did not compile.
        let mut api = Api::default();
        let nullable = api.types.add(crate::ir::test_builder::type_def(
            "LenientUrl",
            TypeKind::Alias(TypeRef::Option(Box::new(TypeRef::Primitive(
                Primitive::String,
            )))),
        ));
        let mut op = operation("login");
        op.parameters
            .push(optional("callback_url", TypeRef::Named(nullable), None));
        api.operations.push(op);
        let ctx = ExampleContext {
            api: &api,
            module_path: "x::api",
            env_prefix: "API".into(),
        };
        let text = ctx.operation(&api.operations[0]);
        assert!(
            text.contains(".callback_url(Some(\"callback_url\".to_owned()))"),
            "{text}"
        );
    }

    #[test]
    fn lists_of_strings_are_written_as_users_write_them() {
        let mut op = operation("search");
        let strings = TypeRef::Array(Box::new(TypeRef::Primitive(Primitive::String)));
        op.parameters
            .push(parameter("filter", ParamLocation::Query, strings));
        let text = example_of(op);
        assert!(text.contains(".search([\"filter\"])"), "{text}");
        // Only what it uses is imported: no credentials, no error arm, no types.
        assert!(text.starts_with("use x::api::Client;\n"), "{text}");
    }
}
