//! Project tasks, run as `cargo xtask <task>`.
//!
//! - `codegen`: regenerate `generated/` from `specs/services.toml`, and the
//!   test fixtures crate `client-tests/fixtures/` from
//!   `client-tests/fixture-specs/services.toml`.
//! - `codegen --check`: change nothing; fail, naming each file, if
//!   `generated/` differs from what the specs produce.
//! - `corpus [DIR] [--generate-only] [--only NAME,NAME] [--report PATH]`:
//!   generate and compile a client for every spec of the test corpus, and
//!   report timings, sizes, warnings and fallbacks (see `corpus.rs`).
//! - `contract [--locked]`: call every operation of every generated client
//!   against Prism mock servers of the specs (see `contract.rs`).
//! - `roundtrip [DIR] [--only NAME,NAME] [--report PATH] [--fail-on NAMES|all|none]`:
//!   decode every example of the corpus specs into its generated type and
//!   back, and report what was lost (see `roundtrip/mod.rs`).
//! - `fuzz [--seconds N] [--seed S] [--corpus DIR] [--hang-seconds N]`:
//!   mutate the corpus specs and run them through the generator, keeping
//!   any input that crashes it as a regression test (see `fuzz.rs`).

mod contract;
mod corpus;
mod fuzz;
mod roundtrip;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&root, args.iter().any(|a| a == "--check")),
        Some("corpus") => corpus::corpus(&root, &args[1..]),
        Some("contract") => contract::contract(&root, &args[1..]),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        Some("roundtrip") => roundtrip::roundtrip(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask codegen [--check]\n       cargo xtask corpus [DIR] [--generate-only] [--only NAME,NAME] [--report PATH]\n       cargo xtask contract [--locked]\n       cargo xtask fuzz [--seconds N] [--seed S] [--corpus DIR] [--hang-seconds N]\n       cargo xtask roundtrip [DIR] [--only NAME,NAME] [--report PATH] [--fail-on NAMES|all|none]"
            );
            ExitCode::from(2)
        }
    }
}

/// The manifests `codegen` regenerates, relative to the workspace root: the
/// crate users depend on, and the fixture clients of the integration tests.
pub const MANIFESTS: [&str; 2] = [
    "specs/services.toml",
    "client-tests/fixture-specs/services.toml",
];

fn codegen(root: &Path, check: bool) -> ExitCode {
    let mut code = ExitCode::SUCCESS;
    for manifest in MANIFESTS {
        if codegen_one(root, &root.join(manifest), check) != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    code
}

fn codegen_one(root: &Path, manifest: &Path, check: bool) -> ExitCode {
    let result = oagen::read_manifest(manifest).and_then(|spec| {
        let generated = oagen::generate_crate(&spec, false)?;
        Ok((spec, generated))
    });
    let (spec, generated) = match result {
        Ok(ok) => ok,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for report in &generated.reports {
        for w in &report.warnings {
            eprintln!("warning: {}: at {}: {}", report.name, w.pointer, w.message);
        }
    }
    let output = &spec.output;
    let shown = output
        .strip_prefix(root)
        .unwrap_or(output)
        .display()
        .to_string();
    if check {
        match oagen::write::check(output, &generated.files) {
            Ok(drift) if drift.is_empty() => {
                println!("{shown} is up to date");
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                for d in &drift {
                    eprintln!("{shown}/{d}");
                }
                eprintln!(
                    "{shown} was not up-to-date: run `cargo xtask codegen` and commit the result"
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    } else {
        if let Err(e) = oagen::write::write_atomically(output, &generated.files) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        for r in &generated.reports {
            println!(
                "{}: {} operations, {} types, {} lines, {} fallbacks, {:.0?}",
                r.name,
                r.operations,
                r.types,
                r.generated_lines,
                r.fallbacks.len(),
                r.total_time
            );
        }
        println!("wrote {shown}");
        ExitCode::SUCCESS
    }
}
