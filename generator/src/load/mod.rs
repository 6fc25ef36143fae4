//! Load: read a spec file (YAML or JSON) into one JSON tree, following `$ref`s
//! to other files so that later stages see a single self-contained document.

mod bundle;
mod limits;
mod locate;
mod parse;
mod read;
mod refs;

use crate::error::Result;
use limits::{nesting_depth, too_deep};
use read::read_document;
pub use read::spec_text;
use std::path::{Path, PathBuf};

pub use limits::{MAX_BUNDLED_DEPTH, MAX_SPEC_BYTES};
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
