//! `cargo xtask bench`: what oagen's output costs, measured beside two peer
//! generators (progenitor, ploidy) on the same corpus specs in the same run,
//! and written up in `docs/performance.md` (issue 14's benchmark).
//!
//! The run, in order (generators alternate spec by spec, so the noise of a
//! shared machine spreads evenly over them):
//! 1. generation: each generator on each spec, `--runs` times (the median
//!    is reported); oagen's release binary prints its own parse and
//!    generation times and peak memory (`--stats`);
//! 2. the cold first build of a small client (`--cold`), dependencies
//!    included, into each generator's emptied target folder, which it
//!    leaves warm for:
//! 3. the compile time of each generated crate with its dependencies warm
//!    (debug, not incremental; the crate alone is cleaned before each
//!    build; a build that had to compile a dependency is taken as warm-up
//!    and repeated), and for oagen the same with only its mid-size tag;
//! 4. oagen on a synthetic 100,000-operation spec.
//!
//! Everything goes under `target/bench/` (one folder per generator); the
//! peers are installed into `target/bench/tools` unless `--tools` names
//! where they are.

mod measure;
mod phases;
mod report;
mod specs;
#[cfg(test)]
mod tests;
mod tools;

use crate::corpus::{GenStats, RunLock, load_average, machine};
use measure::Build;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};
use tools::{Generator, Tool};

/// One generation of one spec.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct GenRun {
    wall_secs: f64,
    /// oagen's `--stats` line.
    stats: Option<GenStats>,
}

/// One generator on one spec.
#[derive(serde::Serialize, serde::Deserialize)]
struct Cell {
    generator: Generator,
    /// Every run, or the first line of the error.
    generation: Result<Vec<GenRun>, String>,
    /// Lines of Rust generated (oagen's copied runtime left out).
    lines: usize,
    /// Each compile run, dependencies warm; `None` when not compiled.
    compile: Option<Result<Vec<Build>, String>>,
}

/// oagen's crate built with its mid-size tag alone.
#[derive(serde::Serialize, serde::Deserialize)]
struct TagBuild {
    tag: specs::TagFeature,
    tags: usize,
    builds: Result<Vec<Build>, String>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SpecResult {
    name: String,
    operations: usize,
    cells: Vec<Cell>,
    tag: Option<TagBuild>,
}

impl SpecResult {
    fn cell(&self, generator: Generator) -> Option<&Cell> {
        self.cells.iter().find(|c| c.generator == generator)
    }
}

/// Everything a run measured, for the report.
#[derive(serde::Serialize, serde::Deserialize)]
struct Bench {
    date: String,
    machine: String,
    load_before: Option<f64>,
    load_after: Option<f64>,
    runs: usize,
    compile_runs: usize,
    /// Each generator with its version, or why it is missing.
    tools: Vec<(Generator, Result<String, String>)>,
    specs: Vec<SpecResult>,
    cold_spec: String,
    cold_operations: usize,
    cold: Vec<(Generator, Result<Build, String>)>,
    /// oagen's cold build again without a TLS back end (as progenitor's
    /// crate has none); absent from results kept before it was measured.
    #[serde(default)]
    cold_without_tls: Option<Result<Build, String>>,
    synthetic: Option<Result<GenRun, String>>,
    elapsed: Duration,
}

struct Run<'a> {
    cargo: &'a str,
    root: &'a Path,
    bench_dir: PathBuf,
    tools: Vec<Tool>,
}

impl Run<'_> {
    fn crate_dir(&self, generator: Generator, name: &str) -> PathBuf {
        self.bench_dir
            .join(generator.name())
            .join("crates")
            .join(name)
    }

    fn target_dir(&self, generator: Generator) -> PathBuf {
        self.bench_dir.join(generator.name()).join("target")
    }
}

pub fn bench(root: &Path, args: crate::cli::BenchArgs) -> ExitCode {
    match bench_run(root, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn bench_run(root: &Path, args: crate::cli::BenchArgs) -> Result<(), String> {
    let results_path = root.join("target/bench/results.json");
    let report_path = args
        .report
        .clone()
        .or_else(|| {
            args.only
                .is_empty()
                .then(|| PathBuf::from("docs/performance.md"))
        })
        .map(|path| root.join(path));
    if args.rewrite_report {
        let text = std::fs::read_to_string(&results_path)
            .map_err(|e| format!("cannot read {}: {e}", results_path.display()))?;
        let bench: Bench = oagen::serde_json::from_str(&text)
            .map_err(|e| format!("{}: {e}", results_path.display()))?;
        return write_report(&bench, report_path.as_deref());
    }
    let started = Instant::now();
    let names = specs::select(&args.only)?;
    let corpus = args.dir.unwrap_or_else(|| root.join("../shared/corpus"));
    let corpus = std::fs::canonicalize(&corpus).unwrap_or(corpus);
    let entries = crate::corpus::read_manifest(&corpus)?;
    let file_of = |name: &str| {
        entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| corpus.join(&e.file))
            .ok_or_else(|| format!("{name} is not in {}", corpus.join("MANIFEST.tsv").display()))
    };
    let bench_dir = root.join("target/bench");
    let _lock = RunLock::acquire(&bench_dir.join(".lock"))?;
    let load_before = load_average();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let oagen = crate::build_oagen(root, &cargo, true)?;
    let mut tools = vec![Tool {
        generator: Generator::Oagen,
        executable: oagen,
        version: "this tree, release".into(),
    }];
    let mut tool_notes = vec![(Generator::Oagen, Ok("this tree, release build".into()))];
    if !args.no_peers {
        let tools_dir = args
            .tools
            .map(|t| root.join(t))
            .unwrap_or_else(|| bench_dir.join("tools"));
        for generator in Generator::PEERS {
            match tools::peer(&cargo, &tools_dir, generator) {
                Ok(tool) => {
                    tool_notes.push((generator, Ok(tool.version.clone())));
                    tools.push(tool);
                }
                Err(message) => {
                    eprintln!("{}: {message}", generator.name());
                    tool_notes.push((generator, Err(message)));
                }
            }
        }
    }
    let run = Run {
        cargo: &cargo,
        root,
        bench_dir,
        tools,
    };

    let mut results = phases::new_results(&names, &entries, &run.tools, &file_of)?;
    phases::generate_all(&run, &mut results, args.runs.max(1), &file_of)?;
    let cold_spec = file_of(&args.cold)?;
    let cold = phases::cold_builds(&run, &cold_spec, &args.cold);
    let cold_without_tls = cold
        .iter()
        .any(|(g, b)| *g == Generator::Oagen && b.is_ok())
        .then(|| phases::cold_build_without_tls(&run, &args.cold));
    phases::prepare_all(&run, &mut results);
    phases::compile_all(&run, &mut results, args.compile_runs.max(1));

    // 100,000 operations through the whole pipeline.
    let synthetic = (!args.no_synthetic).then(|| phases::synthetic(&run));
    if let Some(outcome) = &synthetic {
        match outcome {
            Ok(one) => eprintln!(
                "100k operations: {:.1} s, peak {} KiB",
                one.wall_secs,
                one.stats.as_ref().map_or(0, |s| s.peak_kib)
            ),
            Err(message) => eprintln!("100k operations FAILED: {message}"),
        }
    }

    let cold_operations = entries
        .iter()
        .find(|e| e.name == args.cold)
        .and_then(|e| e.operations)
        .unwrap_or(0);
    let bench = Bench {
        date: today(),
        machine: machine(),
        load_before,
        load_after: load_average(),
        runs: args.runs.max(1),
        compile_runs: args.compile_runs.max(1),
        tools: tool_notes,
        specs: results,
        cold_spec: args.cold.clone(),
        cold_operations,
        cold,
        cold_without_tls,
        synthetic,
        elapsed: started.elapsed(),
    };
    let kept = oagen::serde_json::to_string_pretty(&bench).map_err(|e| e.to_string())?;
    std::fs::write(&results_path, kept)
        .map_err(|e| format!("cannot write {}: {e}", results_path.display()))?;
    write_report(&bench, report_path.as_deref())
}

fn write_report(bench: &Bench, path: Option<&Path>) -> Result<(), String> {
    println!("{}", report::summary(bench));
    if let Some(path) = path {
        std::fs::write(path, report::markdown(bench))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("report: {}", path.display());
    }
    Ok(())
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "?".into())
}
