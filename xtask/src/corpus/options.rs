//! The options of `cargo xtask corpus`.

use std::path::{Path, PathBuf};

pub(super) const USAGE: &str =
    "usage: cargo xtask corpus [DIR] [--generate-only] [--only NAME,NAME] [--report PATH]

  DIR              the corpus folder with MANIFEST.tsv (default: ../shared/corpus)
  --generate-only  generate every crate but compile none
  --only NAMES     only these specs (names as in the table, or MANIFEST file names)
  --report PATH    where to write the Markdown report (default: docs/corpus-report.md,
                   written by full runs only: a run with --generate-only or --only
                   writes a report only when --report is given)";

pub(super) struct Options {
    pub(super) dir: PathBuf,
    pub(super) generate_only: bool,
    pub(super) only: Vec<String>,
    pub(super) report: Option<PathBuf>,
}

pub(super) fn parse_args(root: &Path, args: &[String]) -> Result<Options, String> {
    let mut dir = None;
    let mut generate_only = false;
    let mut only = Vec::new();
    let mut report = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--generate-only" => generate_only = true,
            "--only" => {
                let list = iter.next().ok_or("--only needs a list of names")?;
                only.extend(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from),
                );
            }
            "--report" => {
                let path = iter.next().ok_or("--report needs a path")?;
                report = Some(PathBuf::from(path));
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown flag `{flag}`")),
            positional if dir.is_none() => dir = Some(PathBuf::from(positional)),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let full_run = !generate_only && only.is_empty();
    let report = report.or_else(|| full_run.then(|| root.join("docs/corpus-report.md")));
    let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
    Ok(Options {
        // Generated headers name the spec by this path: keep it free of `..`.
        dir: std::fs::canonicalize(&dir).unwrap_or(dir),
        generate_only,
        only,
        report,
    })
}
