//! `$ref`s: every local reference moves from its 2.0 home
//! (`#/definitions/`, `#/parameters/`, `#/responses/`) to its 3.0 one under
//! `#/components/`.

use crate::json_pointer::unescape_pointer;
use serde_json::Value;

const SCHEMAS: &str = "#/components/schemas/";
pub(super) const PARAMETERS: &str = "#/components/parameters/";
pub(super) const REQUEST_BODIES: &str = "#/components/requestBodies/";
const RESPONSES: &str = "#/components/responses/";

/// Moves every local `$ref` from its 2.0 home to its 3.0 home.
pub(super) fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(moved) = moved_ref(reference) {
                            *reference = moved;
                        }
                    }
                    _ => rewrite_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn moved_ref(reference: &str) -> Option<String> {
    [
        ("#/definitions/", SCHEMAS),
        ("#/parameters/", PARAMETERS),
        ("#/responses/", RESPONSES),
    ]
    .iter()
    .find_map(|(old, new)| {
        reference
            .strip_prefix(old)
            .map(|rest| format!("{new}{rest}"))
    })
}

/// The component name a `#/components/<kind>/<name>` ref points at, unescaped.
pub(super) fn local_name(reference: &str, prefix: &str) -> Option<String> {
    let name = reference.strip_prefix(prefix)?;
    (!name.is_empty() && !name.contains('/')).then(|| unescape_pointer(name))
}
