//! Load: read a spec file (YAML or JSON) into one JSON tree, following `$ref`s
//! to other files so that later stages see a single self-contained document.

mod bundle;
mod locate;
mod parse;

use crate::error::{Diagnostic, Error, Result};
use std::path::{Path, PathBuf};

pub use bundle::closest_pointer;
pub use locate::{locate, locate_many};
pub use parse::parse_document;

/// A spec read from disk, with every external `$ref` bundled in.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub file: PathBuf,
    pub document: serde_json::Value,
    /// Size of the root file on disk, in bytes (reported by benchmarks).
    pub size_bytes: u64,
}

/// Refuse anything bigger: a spec this large is a mistake or an attack, and
/// parsing it would hold several times its size in memory.
pub const MAX_SPEC_BYTES: u64 = 256 * 1024 * 1024;

/// Reads and parses `file`, then bundles every external reference it makes.
pub fn load(file: &Path) -> Result<LoadedSpec> {
    load_with_limit(file, MAX_SPEC_BYTES)
}

/// [`load`] with another size limit, for the root file and for the files its
/// `$ref`s reach, taken together.
pub fn load_with_limit(file: &Path, max_bytes: u64) -> Result<LoadedSpec> {
    let (document, size_bytes) = read_document(file, max_bytes)?;
    let budget = max_bytes.saturating_sub(size_bytes);
    let document = bundle::bundle_external_refs(file, document, budget)?;
    if nesting_depth(&document) > MAX_BUNDLED_DEPTH {
        return Err(too_deep(file).into());
    }
    Ok(LoadedSpec {
        file: file.to_path_buf(),
        document,
        size_bytes,
    })
}

/// Deepest nesting once external references are inlined (each file alone is
/// held to the parsers' 128 levels), so that later stages can recurse safely.
pub const MAX_BUNDLED_DEPTH: usize = 256;

pub(crate) fn too_deep(file: &Path) -> Diagnostic {
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
fn nesting_depth(v: &serde_json::Value) -> usize {
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

fn too_big(file: &Path, size: Option<u64>, max_bytes: u64) -> Diagnostic {
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

/// The text of a spec file read again, to find a pointer's line and column
/// in: `None` for anything but a readable regular file (so never waits on a
/// named pipe).
pub fn spec_text(file: &Path) -> Option<String> {
    std::fs::metadata(file).ok().filter(|m| m.is_file())?;
    std::fs::read_to_string(file).ok()
}

/// What a file that is not a regular file is, for the error.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        } else if kind.is_socket() {
            return "a socket";
        } else if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Reads and parses one file of at most `max_bytes` bytes.
pub(crate) fn read_document(file: &Path, max_bytes: u64) -> Result<(serde_json::Value, u64)> {
    use std::io::Read;
    let cannot_read = |e: std::io::Error| {
        Error::Spec(Diagnostic::new(file, format!("cannot read the file: {e}")))
    };
    let meta = std::fs::metadata(file).map_err(cannot_read)?;
    // Only regular files: reading a named pipe waits for a writer that may
    // never come, and a device may never end.
    if !meta.is_file() {
        return Err(Diagnostic::new(
            file,
            format!("is {}, not a spec file", file_kind(&meta.file_type())),
        )
        .into());
    }
    if meta.len() > max_bytes {
        return Err(too_big(file, Some(meta.len()), max_bytes).into());
    }
    // The length may change under us: read at most one byte past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(file, None, max_bytes).into());
    }
    let size = bytes.len() as u64;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let column = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::new(file, "the file is not valid UTF-8")
            .line_col(line, column)
            .hint("save the spec as UTF-8")
    })?;
    let document = parse_document(file, &text)?;
    Ok((document, size))
}
