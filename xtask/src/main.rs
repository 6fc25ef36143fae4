//! Project tasks, run as `cargo xtask <task>` (`cargo xtask --help` lists
//! them, `cargo xtask <task> --help` their options; see `cli.rs`).
//!
//! - `codegen`: regenerate `generated/` from `specs/services.toml`, and the
//!   test fixtures crate `client-tests/fixtures/` from
//!   `client-tests/fixture-specs/services.toml`.
//! - `codegen --check`: change nothing; fail, naming each file, if
//!   `generated/` differs from what the specs produce.
//! - `corpus [DIR] [--generate-only] [--only NAME,NAME] [--report PATH]`:
//!   generate and compile a client for every spec of the test corpus, and
//!   report timings, sizes, warnings and fallbacks (see `corpus.rs`).
//! - `unusual [--generate-only] [--only FILE,FILE]`: generate a crate from
//!   every spec of `generator/tests/unusual/` and check that it builds with
//!   zero warnings, is clippy-clean and its doc examples compile, or that
//!   the spec was refused with one line (see `unusual.rs`).
//! - `contract [--locked]`: call every operation of every generated client
//!   against Prism mock servers of the specs (see `contract.rs`).
//! - `roundtrip [DIR] [--only NAME,NAME] [--report PATH] [--fail-on NAMES|all|none]`:
//!   decode every example of the corpus specs into its generated type and
//!   back, and report what was lost (see `roundtrip/mod.rs`).
//! - `fuzz [--seconds N] [--seed S] [--corpus DIR] [--hang-seconds N]`:
//!   mutate the corpus specs and run them through the generator, keeping
//!   any input that crashes it as a regression test (see `fuzz.rs`).
//! - `live [--only NAME,NAME] [--locked]`: generated clients against real,
//!   unmodified servers installed from the registries (see `live/mod.rs`).
//! - `fuzz-runtime [--seconds N] [--seed S] [--release]`: fuzz the clients'
//!   runtime with what servers send (see `fuzz_runtime.rs`).
//! - `bench [--only NAME,NAME] [--report PATH] [--tools DIR] [--no-peers]
//!   [--runs N] [--compile-runs N]`: what oagen's output costs to generate
//!   and compile, against progenitor and ploidy on the same specs; the
//!   report is `docs/performance.md` (see `bench/mod.rs`).

mod bench;
mod cli;
mod contract;
mod corpus;
mod fuzz;
mod fuzz_runtime;
mod live;
mod process;
mod roundtrip;
mod unusual;

use clap::Parser;
use cli::{Cli, CodegenArgs, Task};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Where cargo puts what it builds for this workspace: `CARGO_TARGET_DIR`
/// when set (relative to the workspace root, where the tasks run cargo),
/// else `target/`.
pub(crate) fn cargo_target_dir(root: &Path) -> PathBuf {
    target_dir_from(root, std::env::var_os("CARGO_TARGET_DIR"))
}

/// Builds the `oagen` binary (release or debug) and returns its path.
pub(crate) fn build_oagen(root: &Path, cargo: &str, release: bool) -> Result<PathBuf, String> {
    let profile = if release { "release" } else { "debug" };
    eprintln!("building oagen ({profile})...");
    let mut args = vec![
        "build",
        "--quiet",
        "-p",
        "openapi-rust-gen",
        "--bin",
        "oagen",
    ];
    if release {
        args.push("--release");
    }
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .args(&args)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return Err(format!("`cargo {}` failed", args.join(" ")));
    }
    Ok(cargo_target_dir(root).join(profile).join("oagen"))
}

fn target_dir_from(root: &Path, configured: Option<std::ffi::OsString>) -> PathBuf {
    match configured {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    match cli.task {
        Task::Codegen(args) => codegen(&root, &args),
        Task::Corpus(args) => corpus::corpus(&root, args),
        Task::Contract(args) => contract::contract(&root, &args),
        Task::Unusual(args) => unusual::unusual(&root, &args),
        Task::Fuzz(args) => fuzz::fuzz(&root, &args),
        Task::Live(args) => live::live(&root, &args),
        Task::FuzzRuntime(args) => fuzz_runtime::fuzz_runtime(&root, &args),
        Task::Roundtrip(args) => roundtrip::roundtrip(&root, args),
        Task::Bench(args) => bench::bench(&root, args),
    }
}

/// The manifests `codegen` regenerates, relative to the workspace root: the
/// crate users depend on, and the fixture clients of the integration tests.
pub const MANIFESTS: [&str; 2] = [
    "specs/services.toml",
    "client-tests/fixture-specs/services.toml",
];

fn codegen(root: &Path, args: &CodegenArgs) -> ExitCode {
    let mut code = ExitCode::SUCCESS;
    for manifest in MANIFESTS {
        if codegen_one(root, &root.join(manifest), args) != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    code
}

fn codegen_one(root: &Path, manifest: &Path, args: &CodegenArgs) -> ExitCode {
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
        let Some(service) = spec.services.iter().find(|s| s.name == report.name) else {
            continue;
        };
        let label = service.spec.strip_prefix(root).unwrap_or(&service.spec);
        for line in report.warning_lines(&label.display().to_string(), &service.spec) {
            eprintln!("warning: {line}");
        }
    }
    let output = &spec.output;
    let shown = output
        .strip_prefix(root)
        .unwrap_or(output)
        .display()
        .to_string();
    if args.check {
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
        let replace = if args.force {
            oagen::write::Replace::Anything
        } else {
            oagen::write::Replace::OursOnly
        };
        if let Err(e) = oagen::write::write_atomically(output, &generated.files, replace) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_dir_follows_cargo_target_dir() {
        // The corpus ran a stale `target/release/oagen` when it was set.
        let root = Path::new("/repo");
        assert_eq!(target_dir_from(root, None), Path::new("/repo/target"));
        assert_eq!(
            target_dir_from(root, Some("/elsewhere/t".into())),
            Path::new("/elsewhere/t")
        );
        assert_eq!(
            target_dir_from(root, Some("rel".into())),
            Path::new("/repo/rel")
        );
    }
}
