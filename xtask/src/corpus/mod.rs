//! `cargo xtask corpus`: generate a client crate from every spec of the test
//! corpus, compile them all, and report what it cost.
//!
//! Generation runs the release `oagen` binary once per spec (with the hidden
//! `--stats` flag), so its timings and peak memory are those of an optimised
//! build in a fresh process. The crates are members of one workspace
//! (`target/corpus/crates`) sharing one target folder, so the dependencies are
//! built once; then each crate is built on its own and its warnings counted
//! from cargo's JSON messages, linted with clippy, and its doc examples
//! compiled (`compile.rs`, shared with `cargo xtask unusual`).

pub(crate) mod compile;
mod generate;
mod lock;
mod manifest;
mod options;
mod report;
mod row;
mod run_info;
pub(crate) mod table;
#[cfg(test)]
mod tests;

use compile::{Compile, Member, Workspace, check_all};
use generate::generate_one;
pub(crate) use generate::parse_stats;
pub(crate) use lock::RunLock;
pub(crate) use manifest::{Entry, crate_name, module_name, read_manifest, select};
use options::options;
use report::{markdown_report, write_fallbacks};
pub(crate) use row::GenStats;
use row::Row;
use run_info::RunInfo;
pub(crate) use run_info::{load_average, machine};
use std::path::Path;
use std::process::ExitCode;
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
    let oagen = match crate::build_oagen(root, &cargo, true) {
        Ok(path) => path,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
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
        match check_rows(&cargo, root, &out_root, &mut rows) {
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
        .any(|r| !r.generated() || (!options.generate_only && !r.checked.clean()));
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Checks every generated crate (build, clippy, doc examples) and records
/// the results in its row. Returns the seconds the dependencies took.
fn check_rows(cargo: &str, root: &Path, out_root: &Path, rows: &mut [Row]) -> Result<f64, String> {
    let members: Vec<Member> = rows
        .iter()
        .filter(|r| r.generated())
        .map(|r| Member {
            folder: r.entry.name.clone(),
            package: r.crate_name.clone(),
        })
        .collect();
    let workspace = Workspace {
        cargo,
        root,
        dir: &out_root.join("crates"),
        target_dir: &compile::shared_target_dir(root),
        logs: &out_root.join("logs"),
        written_by: "cargo xtask corpus",
    };
    let total = members.len();
    let (deps_secs, results) = check_all(&workspace, &members, |i, member, c| {
        eprintln!(
            "compile  [{:>2}/{total}] {:<32} {:<6} {:>4} warnings {:>4} errors {:>7.1} s, clippy {}, doctests {}",
            i + 1,
            member.folder,
            if c.compile == Compile::Ok {
                "ok"
            } else {
                "FAILED"
            },
            c.warnings,
            c.errors,
            c.compile_secs,
            c.clippy.map_or("-".into(), |n| n.to_string()),
            c.doctests.map_or("-".into(), table::doctest_cell),
        );
    })?;
    let mut results = results.into_iter();
    for row in rows.iter_mut().filter(|r| r.generated()) {
        if let Some(checked) = results.next() {
            row.checked = checked;
        }
    }
    Ok(deps_secs)
}
