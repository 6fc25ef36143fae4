//! Specs written inline in tests, lowered to the IR.

use crate::ir::Api;
use std::path::Path;

/// Lowers a spec written inline (YAML or JSON) to the IR, as the front-ends
/// and the lowering see a file.
pub(crate) fn lower_inline(text: &str) -> Api {
    let file = Path::new("inline.yaml");
    let document = crate::load::parse_document(file, text).expect("parses");
    let loaded = crate::load::LoadedSpec {
        file: file.to_path_buf(),
        document,
        size_bytes: text.len() as u64,
    };
    let model = crate::frontend::to_model(loaded).expect("front-end");
    crate::lower::lower(&model).expect("lowers")
}
