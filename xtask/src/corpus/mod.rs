//! `cargo xtask corpus`: generate a client crate from every spec of the test
//! corpus, compile them all, and report what it cost.
//!
//! Generation runs the release `oagen` binary once per spec (with the hidden
//! `--stats` flag), so its timings and peak memory are those of an optimised
//! build in a fresh process. The crates are members of one workspace
//! (`target/corpus/crates`) sharing one target folder, so the dependencies are
//! built once; then each crate is built on its own and its warnings counted
//! from cargo's JSON messages.

mod compile;
mod generate;
mod lock;
mod manifest;
mod options;
mod report;
mod row;
mod run_info;
mod table;
#[cfg(test)]
mod tests;

use compile::compile_all;
use generate::generate_one;
pub(crate) use lock::RunLock;
pub(crate) use manifest::{Entry, crate_name, module_name, read_manifest, select};
use options::options;
use report::{markdown_report, write_fallbacks};
use row::{Compile, Row};
pub(crate) use run_info::machine;
use run_info::{RunInfo, load_average};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;
use table::{summary_line, text_table};

pub fn corpus(root: &Path, args: crate::cli::CorpusArgs) -> ExitCode {
    let options = options(root, args);
    let entries = match read_manifest(&options.dir) {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let entries = match select(entries, &options.only) {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };

    // Runs share target/corpus (and the release oagen): one at a time.
    let _lock = match RunLock::acquire(&root.join("target/corpus/.lock")) {
        Ok(lock) => lock,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    // Before building anything: the build itself would raise it.
    let load_before = load_average();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("building oagen (release)...");
    let status = Command::new(&cargo)
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "openapi-rust-gen",
            "--bin",
            "oagen",
        ])
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("error: `cargo build --release -p openapi-rust-gen` failed");
        return ExitCode::FAILURE;
    }
    let oagen = crate::cargo_target_dir(root).join("release/oagen");
    let out_root = root.join("target/corpus");
    let crates_dir = out_root.join("crates");
    let logs_dir = out_root.join("logs");
    if let Err(e) = std::fs::create_dir_all(&crates_dir).and(std::fs::create_dir_all(&logs_dir)) {
        eprintln!("error: cannot create {}: {e}", out_root.display());
        return ExitCode::FAILURE;
    }

    // Generate.
    let mut run = RunInfo {
        load_before,
        ..RunInfo::default()
    };
    let generation_started = Instant::now();
    let mut rows: Vec<Row> = Vec::new();
    for entry in entries {
        let row = generate_one(&oagen, &options.dir, &crates_dir, entry);
        match (&row.stats, &row.problem) {
            (_, Some(problem)) => eprintln!("generate {:<32} FAILED: {problem}", row.entry.name),
            (Some(s), None) => eprintln!(
                "generate {:<32} {:>5} ops {:>8.1} ms (parse {:>7.1} ms) {:>7} lines {:>3} fallbacks",
                row.entry.name, s.operations, s.generate_ms, s.parse_ms, s.lines, s.fallbacks
            ),
            (None, None) => {}
        }
        rows.push(row);
    }
    run.generation_wall = generation_started.elapsed();
    run.load_after_generation = load_average();

    // Compile.
    if !options.generate_only {
        let started = Instant::now();
        match compile_all(&cargo, root, &out_root, &mut rows) {
            Ok(deps) => run.deps_secs = Some(deps),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        }
        run.compile_wall = Some(started.elapsed());
        run.load_after_compile = load_average();
    }

    let summary = summary_line(&rows, options.generate_only);
    println!();
    print!("{}", text_table(&rows));
    println!();
    println!("{summary}");
    println!(
        "generation: {:.2} s wall for {} specs ({:.2} s inside the generator)",
        run.generation_wall.as_secs_f64(),
        rows.len(),
        rows.iter()
            .filter_map(|r| r.stats.as_ref())
            .map(|s| s.generate_ms)
            .sum::<f64>()
            / 1000.0
    );
    if let Some(wall) = run.compile_wall {
        println!("compile: {:.0} s wall", wall.as_secs_f64());
    }
    if let Some(path) = &options.report {
        let path = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        let report = markdown_report(&rows, &summary, &run, &options);
        if let Err(e) = std::fs::write(&path, report) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "report: {}",
            path.strip_prefix(root).unwrap_or(&path).display()
        );
    }
    write_fallbacks(&out_root, &rows);

    let failed = rows
        .iter()
        .any(|r| !r.generated() || r.compile == Compile::Failed || r.warnings > 0 || r.errors > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
