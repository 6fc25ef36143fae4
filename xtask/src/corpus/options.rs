//! The options of `cargo xtask corpus`, with their defaults filled in (the
//! command line itself is parsed in `cli.rs`).

use std::path::{Path, PathBuf};

pub(super) struct Options {
    pub(super) dir: PathBuf,
    pub(super) generate_only: bool,
    pub(super) only: Vec<String>,
    pub(super) report: Option<PathBuf>,
}

pub(super) fn options(root: &Path, args: crate::cli::CorpusArgs) -> Options {
    let crate::cli::CorpusArgs {
        dir,
        generate_only,
        only,
        report,
    } = args;
    let only: Vec<String> = only
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let full_run = !generate_only && only.is_empty();
    let report = report.or_else(|| full_run.then(|| root.join("docs/corpus-report.md")));
    let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
    Options {
        // Generated headers name the spec by this path: keep it free of `..`.
        dir: std::fs::canonicalize(&dir).unwrap_or(dir),
        generate_only,
        only,
        report,
    }
}
