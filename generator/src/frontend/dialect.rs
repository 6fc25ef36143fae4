//! Which dialect a document is written in (Swagger 2.0, OpenAPI 3.0 or 3.1),
//! read from its `swagger` or `openapi` field.

use crate::error::{Diagnostic, Result};
use serde_json::Value;
use std::path::Path;

/// Which dialect a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl Dialect {
    pub fn label(self) -> &'static str {
        match self {
            Dialect::Swagger2 => "swagger 2.0",
            Dialect::OpenApi30 => "openapi 3.0",
            Dialect::OpenApi31 => "openapi 3.1",
        }
    }
}

pub fn detect_dialect(file: &Path, doc: &Value) -> Result<Dialect> {
    let Some(obj) = doc.as_object() else {
        return Err(Diagnostic::new(
            file,
            "the document is not a mapping: expected an OpenAPI or Swagger object",
        )
        .at("#")
        .into());
    };
    if let Some(v) = obj.get("swagger") {
        let version = version_text(v);
        return if version.starts_with('2') {
            Ok(Dialect::Swagger2)
        } else {
            Err(
                Diagnostic::new(file, format!("unsupported Swagger version `{version}`"))
                    .at("#/swagger")
                    .hint("Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 are supported")
                    .into(),
            )
        };
    }
    if let Some(v) = obj.get("openapi") {
        let version = version_text(v);
        return if version.starts_with("3.0") {
            Ok(Dialect::OpenApi30)
        } else if version.starts_with("3.1") || version.starts_with("3.2") {
            Ok(Dialect::OpenApi31)
        } else {
            Err(
                Diagnostic::new(file, format!("unsupported OpenAPI version `{version}`"))
                    .at("#/openapi")
                    .hint("Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 are supported")
                    .into(),
            )
        };
    }
    Err(Diagnostic::new(
        file,
        "no `openapi` or `swagger` field: this does not look like an OpenAPI document",
    )
    .at("#")
    .hint("add `openapi: 3.0.3` (or `swagger: \"2.0\"`) at the top level")
    .into())
}

fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}
