//! Repairs for what real 3.0-shaped documents get wrong, applied after the
//! dialect front-ends so that the typed model always deserialises.
//!
//! `openapiv3` is strict about shapes: a string where it wants a bool, a
//! parameter without `schema`, an operation without `responses` and the whole
//! document is refused. Each repair keeps the author's meaning when it can
//! (`required: true` on a property joins the parent's `required` list; a
//! parameter with Swagger-style `type` gets a `schema`) and otherwise drops the
//! smallest broken part (a parameter `in: body`, a `mutualTLS` scheme).
//!
//! Schemas also get the 3.1 rewrites of [`super::openapi31`]: 3.0 documents in
//! the wild use type arrays, numeric `exclusiveMinimum` and `$ref` siblings too.
//! The repairs are hooks of the document walk both front-ends share
//! ([`super::walk`]).

mod document;
mod fields;
pub(super) use fields::coerce_bool;
mod operations;
mod schema;
mod security;
#[cfg(test)]
mod tests;

use super::path_item_refs::resolve_path_item_refs;
use super::walk::{walk_components, walk_paths};
use document::fix_root;
use operations::Sanitizer;
use security::{fix_security_requirements, fix_security_schemes};
use serde_json::{Value, json};

pub fn sanitize(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    fix_root(root);
    let dropped_schemes = fix_security_schemes(root);
    fix_security_requirements(root, &dropped_schemes);
    resolve_path_item_refs(doc);
    let mut sanitizer = Sanitizer { dropped_schemes };
    walk_components(doc, &mut sanitizer);
    walk_paths(doc, &mut sanitizer);
}

/// Repairs inside `paths` (also used for webhooks).
pub fn sanitize_paths(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if !root.get("paths").is_some_and(Value::is_object) {
        root.insert("paths".into(), json!({}));
    }
    resolve_path_item_refs(doc);
    walk_paths(doc, &mut Sanitizer::default());
}
