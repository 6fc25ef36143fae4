//! Checks on the document as written, before any front-end rewrites it.
//!
//! [`check_shape`] refuses what cannot be repaired without guessing (a `paths`
//! that is a list, an operation that is a string), and [`check_refs`] a
//! reference that leads nowhere. What is odd but usable is said by the
//! lint (`lint.rs`).
//!
//! Pointers name the document as the author wrote it, so that the CLI can
//! find their line and column.

use super::dialect::Dialect;
use super::walk::METHODS;
use crate::error::{Diagnostic, Result};
use crate::ir::Warning;
use crate::json_pointer::pointer;
use serde_json::Value;
use std::path::Path;

/// What kind of JSON value `v` is, for messages (`a list`).
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Refuses a document whose sections are of the wrong kind.
pub fn check_shape(file: &Path, doc: &Value, dialect: Dialect) -> Result<()> {
    let Some(root) = doc.as_object() else {
        return Ok(()); // detect_dialect refuses it first
    };
    let wrong = |at: String, what: &str, found: &Value, hint: &str| {
        Diagnostic::new(
            file,
            format!("{what} must be a mapping, not {}", kind(found)),
        )
        .at(at)
        .hint(hint.to_string())
    };
    if let Some(paths) = root.get("paths")
        && !paths.is_object()
        && !paths.is_null()
    {
        return Err(wrong(
            "#/paths".into(),
            "`paths`",
            paths,
            "write `paths:` as a mapping from a path (`/pets`) to its operations",
        )
        .into());
    }
    let mut sections = vec!["components"];
    if dialect == Dialect::Swagger2 {
        sections.extend([
            "definitions",
            "parameters",
            "responses",
            "securityDefinitions",
        ]);
    }
    for section in sections {
        if let Some(v) = root.get(section)
            && !v.is_object()
            && !v.is_null()
        {
            return Err(wrong(
                pointer([section]),
                &format!("`{section}`"),
                v,
                "each entry is a name followed by its definition",
            )
            .into());
        }
    }
    if let Some(Value::Object(components)) = root.get("components") {
        for (name, v) in components {
            if !name.starts_with("x-") && !v.is_object() && !v.is_null() {
                return Err(wrong(
                    pointer(["components", name]),
                    &format!("`components.{name}`"),
                    v,
                    "each entry is a name followed by its definition",
                )
                .into());
            }
        }
    }
    let Some(Value::Object(paths)) = root.get("paths") else {
        return Ok(());
    };
    for (path, item) in paths {
        if path.starts_with("x-") {
            continue;
        }
        let item_pointer = pointer(["paths", path]);
        let Some(item) = item.as_object() else {
            if item.is_null() {
                continue; // an empty path item: no operations
            }
            return Err(wrong(
                item_pointer,
                &format!("the path item `{path}`"),
                item,
                "a path item maps HTTP methods (`get`, `post`...) to operations",
            )
            .into());
        };
        for method in &METHODS {
            if let Some(op) = item.get(*method)
                && !op.is_object()
                && !op.is_null()
            {
                return Err(wrong(
                    format!("{item_pointer}/{method}"),
                    &format!("the operation `{} {path}`", method.to_uppercase()),
                    op,
                    "an operation is a mapping with `responses`, `parameters`...",
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Where a local `$ref` may lead: a schema (dangling or looping ones are made
/// any-JSON by lowering, so they are warnings), or anything else (errors).
fn is_schema_target(fragment: &str) -> bool {
    fragment.starts_with("/components/schemas/") || fragment.starts_with("/definitions/")
}

/// Keys whose values are data, not parts of the document: `$ref`s there are
/// not references.
fn is_data_key(key: &str, value: &Value) -> bool {
    key.starts_with("x-")
        || matches!(key, "example" | "default" | "enum" | "const")
        || (key == "examples" && value.is_array())
}

/// The value a local `$ref` fragment (`/components/schemas/Pet`) names,
/// following references on the way (`/paths/~1a/get/responses/200/content/
/// application~1json/schema/properties/id` where that schema is a `$ref`).
fn target<'v>(doc: &'v Value, fragment: &str) -> Option<&'v Value> {
    if fragment.is_empty() {
        return Some(doc);
    }
    doc.pointer(fragment)
        .or_else(|| doc.pointer(&percent_decode(fragment)?))
        .or_else(|| super::hoist::follow(doc, &format!("#{fragment}")).map(|(v, _)| v))
}

/// `%20` → ` ` (references are URIs; some specs escape their names).
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A key of the same mapping close to the missing one: `did you mean ...?`.
fn did_you_mean(doc: &Value, fragment: &str) -> Option<String> {
    crate::suggest::closest_pointer(doc, fragment).map(|best| format!("did you mean #{best}?"))
}

/// Every local `$ref` must lead somewhere, and chains of them must end.
/// Dangling or looping schema references only warn (lowering types them as
/// any JSON value, and recursive types are fine); others are errors.
pub fn check_refs(file: &Path, doc: &Value) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    let mut path = Vec::new();
    check_refs_in(file, doc, doc, &mut path, &mut warnings)?;
    Ok(warnings)
}

/// References followed from one `$ref`, at most, looking for a loop.
const MAX_CHAIN: usize = 64;

/// Dangling references given a `did you mean` hint, at most.
const MAX_HINTS: usize = 100;

/// Deeper than this, the walk stops: loading bounds nesting well below it.
const MAX_WALK_DEPTH: usize = 1024;

fn check_refs_in(
    file: &Path,
    doc: &Value,
    v: &Value,
    path: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    if path.len() > MAX_WALK_DEPTH {
        return Ok(());
    }
    match v {
        Value::Object(obj) => {
            if let Some(Value::String(reference)) = obj.get("$ref")
                && let Some(fragment) = reference.strip_prefix('#')
            {
                check_one_ref(file, doc, reference, fragment, path, warnings)?;
            }
            for (key, child) in obj {
                if is_data_key(key, child) {
                    continue;
                }
                path.push(key.clone());
                check_refs_in(file, doc, child, path, warnings)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                check_refs_in(file, doc, child, path, warnings)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_one_ref(
    file: &Path,
    doc: &Value,
    reference: &str,
    fragment: &str,
    path: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Ok(()); // an anchor (`#name`), not a pointer: lowering decides
    }
    let at = || {
        let mut p = pointer(path.iter().map(String::as_str));
        p.push_str("/$ref");
        p
    };
    let Some(mut next) = target(doc, fragment) else {
        // Looking for a close name costs time: done for the first few only.
        let hint = if warnings.len() < MAX_HINTS {
            did_you_mean(doc, fragment)
        } else {
            None
        };
        if is_schema_target(fragment) {
            let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
            warnings.push(Warning {
                pointer: at(),
                message: format!(
                    "`$ref: {reference}` points at a schema that does not exist{hint}: \
                     any JSON value is accepted there"
                ),
            });
            return Ok(());
        }
        let mut d =
            Diagnostic::new(file, format!("`$ref: {reference}` points at nothing")).at(at());
        if let Some(hint) = hint {
            d = d.hint(hint);
        }
        return Err(d.into());
    };
    // Follow a chain of references to references; it must end.
    let mut chain = vec![reference.to_string()];
    while let Some(Value::String(r)) = next.get("$ref") {
        if chain.len() > MAX_CHAIN {
            break; // long, not looping: lowering bounds its own walk
        }
        let Some(f) = r.strip_prefix('#') else {
            break;
        };
        if chain.iter().any(|c| c == r) {
            if is_schema_target(f) || is_schema_target(fragment) {
                break; // lowering makes a looping alias any JSON value
            }
            chain.push(r.clone());
            return Err(
                Diagnostic::new(file, format!("`$ref`s loop: {}", chain.join(" → ")))
                    .at(at())
                    .hint("a reference must lead, in the end, to a definition")
                    .into(),
            );
        }
        chain.push(r.clone());
        match target(doc, f) {
            Some(t) => next = t,
            None => break, // reported where that reference is written
        }
    }
    Ok(())
}
