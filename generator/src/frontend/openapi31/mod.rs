//! OpenAPI 3.1 → OpenAPI 3.0 (JSON to JSON).
//!
//! 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are an older, smaller
//! dialect, and `openapiv3` only reads the latter. Every schema is rewritten in
//! place to the closest 3.0 form:
//!
//! - `type: [T, "null"]` → `type: T, nullable: true`; several non-null types →
//!   `anyOf` with one member per type, each keeping its own keywords.
//! - a schema that only admits null (`type: "null"`, `const: null`...) becomes
//!   `{type: "null", nullable: true, enum: [null]}` (annotations kept). 3.0 has
//!   no null type, but `openapiv3` keeps any `type` string (as an untyped
//!   schema) and the lowering reads `type: "null"` as "only null"; the
//!   `nullable` + `enum: [null]` pair says the same in 3.0 terms.
//! - `anyOf`/`oneOf` members that only admit null are removed and the schema
//!   made `nullable`; a single remaining member is merged into its parent.
//! - `const` → one-value `enum`, and `oneOf`/`anyOf` of documented consts (3.1's
//!   enum-with-docs idiom) → one `enum`; numeric `exclusiveMinimum`/`exclusiveMaximum`
//!   → `minimum`/`maximum` plus the 3.0 boolean flag.
//! - `$ref` with meaningful siblings → `allOf: [{$ref}]` plus the siblings
//!   (`openapiv3` would drop them); otherwise the siblings go.
//! - `examples` → `example`; `prefixItems` / tuple `items` → `items`;
//!   `patternProperties` → `additionalProperties`; boolean schemas → `{}` or
//!   `{not: {}}`; `contentEncoding`/`contentMediaType` → `format: byte/binary`;
//!   keywords 3.0 has no counterpart for are dropped.
//! - `$defs` inside schemas are hoisted into `components/schemas`.
//!
//! At document level: the version becomes 3.0.3, `jsonSchemaDialect` goes,
//! path items that `$ref` `components/pathItems` are resolved (3.0 has no such
//! section), and a missing `paths` (webhook-only specs) becomes `{}`.

mod defs;
mod schema;
#[cfg(test)]
mod tests;

// The schema rewrites the sanitizer applies to 3.0 documents too.
pub(super) use schema::{
    Bound, convert_exclusive_bound, downgrade_node, for_each_subschema, is_annotation,
    keyword_type, kind_fits,
};

use super::path_item_refs::resolve_path_item_refs;
use super::walk::{Visitor, walk_document};
use crate::error::Result;
use defs::hoist_defs;
use schema::downgrade_schema;
use serde_json::{Value, json};
use std::path::Path;

pub fn to_openapi30(_file: &Path, mut doc: Value) -> Result<Value> {
    if let Some(root) = doc.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.shift_remove("jsonSchemaDialect");
        if !root.get("paths").is_some_and(Value::is_object) {
            root.insert("paths".into(), json!({}));
        }
    }
    resolve_path_item_refs(&mut doc);
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        components.shift_remove("pathItems");
    }
    hoist_defs(&mut doc);
    walk_document(&mut doc, &mut Downgrade);
    Ok(doc)
}

/// Applies [`downgrade_schema`] to every schema the walk finds.
struct Downgrade;

impl Visitor for Downgrade {
    fn schema(&mut self, schema: &mut Value) {
        downgrade_schema(schema, 0);
    }
}
