//! Reading one spec file: within a size limit, as UTF-8, parsed into a JSON tree.

use super::limits::too_big;
use super::parse::parse_document;
use crate::error::{Diagnostic, Error, Result};
use std::path::Path;

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
pub(super) fn read_document(file: &Path, max_bytes: u64) -> Result<(serde_json::Value, u64)> {
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
    let mut document = parse_document(file, &text)?;
    super::refs::decode_refs(&mut document);
    Ok((document, size))
}
