//! Dialect front-ends: bring Swagger 2.0 and OpenAPI 3.1 documents to the
//! OpenAPI 3.0 shape, smooth over what real specs get wrong, and deserialise the
//! result into the typed `openapiv3` model that the IR is built from.
//!
//! Each front-end is a JSON-to-JSON rewrite, so it can be tested on its own and
//! never has to fight a strict typed model.

mod checks;
mod dialect;
mod hoist;
mod lint;
mod openapi31;
mod path_item_refs;
mod sanitize;
mod swagger2;
mod walk;

pub use dialect::{Dialect, detect_dialect};

use crate::error::{Diagnostic, Result};
use crate::load::LoadedSpec;
use serde_json::Value;
use std::path::Path;

/// Where a schema's `examples` list (3.1; 3.0 has room for one `example`,
/// which gets the first) is kept, so that the lowering can record them all.
pub const SCHEMA_EXAMPLES_EXTENSION: &str = "x-oagen-examples";

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
    /// Component schemas the front-end made of schemas that references
    /// reached inside other parts of the document: name → where it was.
    pub schema_origins: std::collections::BTreeMap<String, String>,
}

/// Runs the front-end for the spec's dialect and deserialises the typed model.
///
/// Takes the spec by value: the rewrites work on its document in place
/// rather than on a copy (a copy of the whole tree was a large part of peak
/// memory).
pub fn to_model(spec: LoadedSpec) -> Result<Model> {
    let file = spec.file.clone();
    let rewritten = rewrite(spec)?;
    let api = deserialize_model(&file, rewritten.doc)?;
    let webhooks = deserialize_webhooks(&file, rewritten.webhooks)?;
    Ok(Model {
        file,
        dialect: rewritten.dialect,
        api,
        webhooks,
        warnings: rewritten.warnings,
        schema_origins: rewritten.schema_origins,
    })
}

/// The document the typed model is read from: rewritten to the 3.0 shape
/// and repaired, webhooks included. The JSON pointers of the IR (fallbacks,
/// examples) point into it; tools that check the IR against the spec
/// (`cargo xtask roundtrip`) read their schemas here.
pub fn to_document(spec: LoadedSpec) -> Result<(Dialect, Value)> {
    let Rewritten {
        dialect,
        mut doc,
        webhooks,
        ..
    } = rewrite(spec)?;
    if !webhooks.is_null()
        && let Some(obj) = doc.as_object_mut()
    {
        obj.insert("webhooks".into(), sanitized_webhooks(webhooks));
    }
    Ok((dialect, doc))
}

/// What the checks, the dialect's rewrite and the repairs make of a spec.
struct Rewritten {
    dialect: Dialect,
    /// The document, without its webhooks.
    doc: Value,
    /// The webhooks as written.
    webhooks: Value,
    warnings: Vec<crate::ir::Warning>,
    schema_origins: std::collections::BTreeMap<String, String>,
}

fn rewrite(spec: LoadedSpec) -> Result<Rewritten> {
    let file = spec.file.as_path();
    let dialect = detect_dialect(file, &spec.document)?;
    checks::check_shape(file, &spec.document, dialect)?;
    let mut warnings = checks::check_refs(file, &spec.document)?;
    warnings.extend(lint::lint(&spec.document, dialect));
    let doc = spec.document;
    let mut doc = match dialect {
        Dialect::Swagger2 => swagger2::to_openapi30(file, doc)?,
        Dialect::OpenApi30 => doc,
        Dialect::OpenApi31 => openapi31::to_openapi30(file, doc)?,
    };
    let schema_origins = hoist::hoist_schema_targets(&mut doc);
    let webhooks = take_webhooks(&mut doc);
    sanitize::sanitize(&mut doc);
    Ok(Rewritten {
        dialect,
        doc,
        webhooks,
        warnings,
        schema_origins,
    })
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
                out.push_str(&crate::json_pointer::escape_pointer_segment(key));
            }
            Segment::Unknown => {}
        }
    }
    out
}
