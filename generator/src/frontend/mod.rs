//! Dialect front-ends: bring Swagger 2.0 and OpenAPI 3.1 documents to the
//! OpenAPI 3.0 shape, smooth over what real specs get wrong, and deserialise the
//! result into the typed `openapiv3` model that the IR is built from.
//!
//! Each front-end is a JSON-to-JSON rewrite, so it can be tested on its own and
//! never has to fight a strict typed model.

mod checks;
mod openapi31;
mod sanitize;
mod swagger2;

use crate::error::{Diagnostic, Result};
use crate::load::LoadedSpec;
use serde_json::Value;
use std::path::Path;

/// Where a schema's `examples` list (3.1; 3.0 has room for one `example`,
/// which gets the first) is kept, so that the lowering can record them all.
pub const SCHEMA_EXAMPLES_EXTENSION: &str = "x-oagen-examples";

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

/// The typed model of one spec, whatever dialect it came in.
#[derive(Debug, Clone)]
pub struct Model {
    pub file: std::path::PathBuf,
    pub dialect: Dialect,
    pub api: openapiv3::OpenAPI,
    /// OpenAPI 3.1 `webhooks` (requests the server makes, not the client).
    /// The client does not call them, but their schemas become types.
    pub webhooks: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>,
    /// Odd but usable things in the document as written (a repeated
    /// operationId, a server variable with no default), found before the
    /// front-ends repair them; the pipeline adds them to the IR's warnings.
    pub warnings: Vec<crate::ir::Warning>,
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

/// Runs the front-end for the spec's dialect and deserialises the typed model.
///
/// Takes the spec by value: the rewrites work on its document in place
/// rather than on a copy (a copy of the whole tree was a large part of peak
/// memory).
pub fn to_model(spec: LoadedSpec) -> Result<Model> {
    let file = spec.file.clone();
    let (dialect, doc, webhooks, warnings) = rewrite(spec)?;
    let api = deserialize_model(&file, doc)?;
    let webhooks = deserialize_webhooks(&file, webhooks)?;
    Ok(Model {
        file,
        dialect,
        api,
        webhooks,
        warnings,
    })
}

/// The document the typed model is read from: rewritten to the 3.0 shape
/// and repaired, webhooks included. The JSON pointers of the IR (fallbacks,
/// examples) point into it; tools that check the IR against the spec
/// (`cargo xtask roundtrip`) read their schemas here.
pub fn to_document(spec: LoadedSpec) -> Result<(Dialect, Value)> {
    let (dialect, mut doc, webhooks, _) = rewrite(spec)?;
    if !webhooks.is_null()
        && let Some(obj) = doc.as_object_mut()
    {
        obj.insert("webhooks".into(), sanitized_webhooks(webhooks));
    }
    Ok((dialect, doc))
}

/// Checks, the dialect's rewrite and the repairs: the document (without its
/// webhooks), the webhooks as written, and the findings.
fn rewrite(spec: LoadedSpec) -> Result<(Dialect, Value, Value, Vec<crate::ir::Warning>)> {
    let file = spec.file.as_path();
    let dialect = detect_dialect(file, &spec.document)?;
    checks::check_shape(file, &spec.document, dialect)?;
    let mut warnings = checks::check_refs(file, &spec.document)?;
    warnings.extend(checks::lint(&spec.document, dialect));
    let doc = spec.document;
    let mut doc = match dialect {
        Dialect::Swagger2 => swagger2::to_openapi30(file, doc)?,
        Dialect::OpenApi30 => doc,
        Dialect::OpenApi31 => openapi31::to_openapi30(file, doc)?,
    };
    let webhooks = take_webhooks(&mut doc);
    sanitize::sanitize(&mut doc);
    Ok((dialect, doc, webhooks, warnings))
}

fn take_webhooks(doc: &mut Value) -> Value {
    doc.as_object_mut()
        .and_then(|o| o.shift_remove("webhooks"))
        .unwrap_or(Value::Null)
}

/// Webhooks are path items keyed by name: repaired as `paths` are.
fn sanitized_webhooks(webhooks: Value) -> Value {
    let mut wrapped = serde_json::json!({ "paths": webhooks });
    sanitize::sanitize_paths(&mut wrapped);
    wrapped
        .get_mut("paths")
        .map(Value::take)
        .unwrap_or(Value::Null)
}

fn deserialize_webhooks(
    file: &Path,
    webhooks: Value,
) -> Result<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>> {
    if webhooks.is_null() {
        return Ok(Default::default());
    }
    let paths = sanitized_webhooks(webhooks);
    serde_path_to_error::deserialize(paths).map_err(|e| {
        let pointer = path_to_pointer("webhooks", e.path());
        Diagnostic::new(file, e.inner().to_string())
            .at(pointer)
            .into()
    })
}

fn deserialize_model(file: &Path, doc: Value) -> Result<openapiv3::OpenAPI> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let pointer = path_to_pointer("", e.path());
        Diagnostic::new(file, format!("not a valid OpenAPI document: {}", e.inner()))
            .at(pointer)
            .into()
    })
}

fn path_to_pointer(prefix: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    if !prefix.is_empty() {
        out.push('/');
        out.push_str(prefix);
    }
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&crate::error::escape_pointer_segment(key));
            }
            Segment::Unknown => {}
        }
    }
    out
}
