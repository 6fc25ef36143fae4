//! Load: read a spec file (YAML or JSON) into one JSON tree, following `$ref`s
//! to other files so that later stages see a single self-contained document.

mod bundle;
mod locate;
mod parse;

use crate::error::{Diagnostic, Error, Result};
use std::path::{Path, PathBuf};

pub use locate::locate;
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
    let (document, size_bytes) = read_document(file)?;
    let document = bundle::bundle_external_refs(file, document)?;
    Ok(LoadedSpec {
        file: file.to_path_buf(),
        document,
        size_bytes,
    })
}

pub(crate) fn read_document(file: &Path) -> Result<(serde_json::Value, u64)> {
    let meta = std::fs::metadata(file)
        .map_err(|e| Error::Spec(Diagnostic::new(file, format!("cannot read the file: {e}"))))?;
    if meta.is_dir() {
        return Err(Diagnostic::new(file, "is a folder, not a spec file").into());
    }
    if meta.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::new(
            file,
            format!(
                "the file is {} MiB, more than the {} MiB a spec may be",
                meta.len() / (1024 * 1024),
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
        )
        .into());
    }
    let bytes = std::fs::read(file)
        .map_err(|e| Error::Spec(Diagnostic::new(file, format!("cannot read the file: {e}"))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let column = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::new(file, "the file is not valid UTF-8").line_col(line, column)
    })?;
    let document = parse_document(file, &text)?;
    Ok((document, meta.len()))
}
