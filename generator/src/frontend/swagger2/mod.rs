//! Swagger 2.0 → OpenAPI 3.0 (JSON to JSON).
//!
//! Follows the official mapping (the one swagger2openapi implements). The
//! conversion is lenient: anything malformed is repaired or dropped, so only a
//! document that is not a mapping at all is refused.

mod document;
mod fields;
mod paths;
mod refs;
mod schema;
#[cfg(test)]
mod tests;

use crate::error::{Diagnostic, Result};
use document::{components, servers};
use fields::{Object, copy_extensions, copy_shaped};
use paths::{Context, convert_paths};
use refs::rewrite_refs;
use serde_json::Value;
use std::path::Path;

pub fn to_openapi30(file: &Path, doc: Value) -> Result<Value> {
    let Value::Object(mut src) = doc else {
        return Err(
            Diagnostic::new(file, "the Swagger document is not a mapping")
                .at("#")
                .hint("a Swagger 2.0 document is an object with `swagger`, `info` and `paths`")
                .into(),
        );
    };
    for value in src.values_mut() {
        rewrite_refs(value);
    }
    let ctx = Context::new(&src);

    let mut out = Object::new();
    out.insert("openapi".into(), "3.0.3".into());
    // Top-level members of the wrong shape are dropped; the sanitizer fills in
    // a missing `info`.
    copy_shaped(&src, &mut out, "info", Value::is_object);
    copy_shaped(&src, &mut out, "externalDocs", Value::is_object);
    let servers = servers(&src);
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    copy_shaped(&src, &mut out, "security", Value::is_array);
    copy_shaped(&src, &mut out, "tags", Value::is_array);
    out.insert(
        "paths".into(),
        Value::Object(convert_paths(&ctx, src.get("paths"))),
    );
    let components = components(&ctx, &src);
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    copy_extensions(&src, &mut out);
    Ok(Value::Object(out))
}
