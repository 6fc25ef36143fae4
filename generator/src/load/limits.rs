//! The limits on what a spec may be (its size on disk, how deep it nests once
//! bundled), and the errors that say which one was passed.

use crate::error::Diagnostic;
use std::path::Path;

/// Refuse anything bigger: a spec this large is a mistake or an attack, and
/// parsing it would hold several times its size in memory.
pub const MAX_SPEC_BYTES: u64 = 256 * 1024 * 1024;

/// Deepest nesting once external references are inlined (each file alone is
/// held to the parsers' 128 levels), so that later stages can recurse safely.
pub const MAX_BUNDLED_DEPTH: usize = 256;

pub(super) fn too_deep(file: &Path) -> Diagnostic {
    Diagnostic::new(
        file,
        format!(
            "with the `$ref`s to other files put in place, the document nests more than \
             {MAX_BUNDLED_DEPTH} levels deep"
        ),
    )
    .hint("the files refer to each other in a long chain or a loop; shorten it")
}

/// How deeply `v` nests, counted without recursion.
pub(super) fn nesting_depth(v: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((v, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match v {
            serde_json::Value::Object(o) => stack.extend(o.values().map(|c| (c, depth + 1))),
            serde_json::Value::Array(a) => stack.extend(a.iter().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    deepest
}

pub(super) fn too_big(file: &Path, size: Option<u64>, max_bytes: u64) -> Diagnostic {
    let size = size.map(|n| format!("{n} bytes, ")).unwrap_or_default();
    Diagnostic::new(
        file,
        format!(
            "the file is {size}more than the {} a spec may be",
            human_size(max_bytes)
        ),
    )
    .hint("a spec this large is most likely not an OpenAPI document")
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}
