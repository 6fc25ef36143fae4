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
mod report;
mod specs;
#[cfg(test)]
mod tests;
mod tools;

use crate::corpus::{GenStats, RunLock, crate_name, load_average, machine, parse_stats};
use measure::{Build, Cargo, first_error_line, run_timed, rust_lines};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};
use tools::{Generator, Tool};

/// One generation of one spec.
#[derive(Clone)]
struct GenRun {
    wall_secs: f64,
    /// oagen's `--stats` line.
    stats: Option<GenStats>,
}

/// One generator on one spec.
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
struct TagBuild {
    tag: specs::TagFeature,
    tags: usize,
    builds: Result<Vec<Build>, String>,
}

struct SpecResult {
    name: &'static str,
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

    fn cargo_in(&self, generator: Generator) -> (PathBuf, &str) {
        (self.target_dir(generator), self.cargo)
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

    // 1. Generation, alternating generators spec by spec.
    let mut results: Vec<SpecResult> = Vec::new();
    for name in &names {
        file_of(name)?;
        let cells = run
            .tools
            .iter()
            .map(|tool| Cell {
                generator: tool.generator,
                generation: Ok(Vec::new()),
                lines: 0,
                compile: None,
            })
            .collect();
        results.push(SpecResult {
            name,
            operations: entries
                .iter()
                .find(|e| e.name == *name)
                .and_then(|e| e.operations)
                .unwrap_or(0),
            cells,
            tag: None,
        });
    }
    for round in 0..args.runs.max(1) {
        for result in &mut results {
            let spec = file_of(result.name)?;
            for (tool, cell) in run.tools.iter().zip(&mut result.cells) {
                let Ok(runs) = &mut cell.generation else {
                    continue;
                };
                let out = run.crate_dir(tool.generator, &crate_name(result.name));
                match generate(tool, &spec, &out, &crate_name(result.name)) {
                    Ok(one) => {
                        eprintln!(
                            "generate [{}/{}] {:<12} {:<11} {:>8.2} s",
                            round + 1,
                            args.runs.max(1),
                            result.name,
                            tool.generator.name(),
                            one.wall_secs
                        );
                        runs.push(one);
                    }
                    Err(message) => {
                        eprintln!(
                            "generate {:<12} {:<11} FAILED: {message}",
                            result.name,
                            tool.generator.name()
                        );
                        cell.generation = Err(message);
                    }
                }
            }
        }
    }
    for result in &mut results {
        for cell in &mut result.cells {
            if cell.generation.is_ok() {
                let dir = run.crate_dir(cell.generator, &crate_name(result.name));
                cell.lines = rust_lines(&dir.join("src"), &["runtime"]);
            }
        }
    }

    // 2. The cold first build, which leaves each target folder warm.
    let cold_spec = file_of(&args.cold)?;
    let cold_name = crate_name(&args.cold);
    let mut cold = Vec::new();
    for tool in &run.tools {
        let outcome = cold_build(&run, tool, &cold_spec, &cold_name);
        match &outcome {
            Ok(b) => eprintln!(
                "cold     {:<12} {:<11} {:>7.1} s wall {:>7.1} s CPU",
                args.cold,
                tool.generator.name(),
                b.wall_secs,
                b.cpu_secs
            ),
            Err(message) => eprintln!(
                "cold     {:<12} {:<11} FAILED: {message}",
                args.cold,
                tool.generator.name()
            ),
        }
        cold.push((tool.generator, outcome));
    }

    // 3. Compile, dependencies warm, alternating generators spec by spec.
    for result in &mut results {
        for cell in &mut result.cells {
            if cell.generation.is_ok() {
                let dir = run.crate_dir(cell.generator, &crate_name(result.name));
                cell.compile = Some(prepare(&run, cell.generator, &dir).map(|()| Vec::new()));
            }
        }
        if let Some(cell) = result.cell(Generator::Oagen)
            && cell.generation.is_ok()
        {
            let dir = run.crate_dir(Generator::Oagen, &crate_name(result.name));
            let readme = std::fs::read_to_string(
                dir.join("docs")
                    .join(crate::corpus::module_name(&crate_name(result.name)))
                    .join("README.md"),
            )
            .unwrap_or_default();
            let tags = specs::tag_features(&readme);
            let count = tags.len();
            result.tag = specs::median_tag(tags).map(|tag| TagBuild {
                tag,
                tags: count,
                builds: Ok(Vec::new()),
            });
        }
    }
    for round in 0..args.compile_runs.max(1) {
        for result in &mut results {
            let package = crate_name(result.name);
            for cell in &mut result.cells {
                let Some(Ok(builds)) = &mut cell.compile else {
                    continue;
                };
                let dir = run.crate_dir(cell.generator, &package);
                let (target, cargo) = run.cargo_in(cell.generator);
                let cargo = Cargo {
                    cargo,
                    target_dir: &target,
                };
                match warm_build(&cargo, &dir, &package, &[]) {
                    Ok(build) => {
                        eprintln!(
                            "compile  [{}/{}] {:<12} {:<11} {:>7.1} s wall {:>7.1} s CPU",
                            round + 1,
                            args.compile_runs.max(1),
                            result.name,
                            cell.generator.name(),
                            build.wall_secs,
                            build.cpu_secs
                        );
                        builds.push(build);
                    }
                    Err(message) => {
                        eprintln!(
                            "compile  {:<12} {:<11} FAILED: {message}",
                            result.name,
                            cell.generator.name()
                        );
                        cell.compile = Some(Err(message));
                    }
                }
                if cell.generator == Generator::Oagen
                    && let Some(tag) = &mut result.tag
                    && let Ok(builds) = &mut tag.builds
                {
                    let features = format!("rustls,{}", tag.tag.feature);
                    let extra = ["--no-default-features", "--features", &features];
                    match warm_build(&cargo, &dir, &package, &extra) {
                        Ok(build) => {
                            eprintln!(
                                "tag      [{}/{}] {:<12} {:<11} {:>7.1} s wall {:>7.1} s CPU ({})",
                                round + 1,
                                args.compile_runs.max(1),
                                result.name,
                                cell.generator.name(),
                                build.wall_secs,
                                build.cpu_secs,
                                tag.tag.feature
                            );
                            builds.push(build);
                        }
                        Err(message) => tag.builds = Err(message),
                    }
                }
            }
        }
    }

    // 4. 100,000 operations through the whole pipeline.
    let synthetic = (!args.no_synthetic).then(|| synthetic(&run));
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
        synthetic,
        elapsed: started.elapsed(),
    };
    let text = report::markdown(&bench);
    println!("{}", report::summary(&bench));
    let report_path = args
        .report
        .or_else(|| args.only.is_empty().then(|| PathBuf::from("docs/performance.md")));
    if let Some(path) = report_path {
        let path = run.root.join(path);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("report: {}", path.display());
    }
    Ok(())
}

/// Generates `spec` into `out` (emptied first) once, timed.
fn generate(tool: &Tool, spec: &Path, out: &Path, name: &str) -> Result<GenRun, String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let what = format!("{} on {}", tool.generator.name(), spec.display());
    let timed = run_timed(
        tool.generate_command(spec, out, name),
        GENERATION_LIMIT,
        &what,
    )?;
    if !timed.status.success() {
        let mut message = first_error_line(&timed.stderr, "");
        // progenitor says only "generation experienced errors" there, and
        // prints what they were (`gen fail: …`) on its standard output.
        if let Some(detail) = timed.stdout.lines().find(|l| l.starts_with("gen fail")) {
            message = format!("{message}: {}", detail.trim());
        }
        return Err(message);
    }
    let stats = timed
        .stdout
        .lines()
        .find(|l| l.starts_with("oagen-stats\t"))
        .map(parse_stats);
    if tool.generator == Generator::Oagen && stats.is_none() {
        return Err("oagen printed no stats".into());
    }
    Ok(GenRun {
        wall_secs: timed.wall_secs,
        stats,
    })
}

const GENERATION_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Readies a generated crate for building: its own workspace root, oagen's
/// with the project's lock file (the versions the project tests), and its
/// dependencies fetched, so no build's time includes the network.
fn prepare(run: &Run<'_>, generator: Generator, dir: &Path) -> Result<(), String> {
    tools::make_workspace_root(dir)?;
    let lock = run.root.join("Cargo.lock");
    if generator == Generator::Oagen && lock.exists() && !dir.join("Cargo.lock").exists() {
        std::fs::copy(&lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    let mut fetch = Command::new(run.cargo);
    fetch.current_dir(dir).args(["fetch", "--quiet"]);
    let fetched = run_timed(fetch, Duration::from_secs(600), "cargo fetch")?;
    if fetched.status.success() {
        Ok(())
    } else {
        Err(first_error_line(&fetched.stderr, ""))
    }
}

/// Generates the small client and builds it into the generator's emptied
/// target folder.
fn cold_build(run: &Run<'_>, tool: &Tool, spec: &Path, name: &str) -> Result<Build, String> {
    let dir = run.crate_dir(tool.generator, name);
    generate(tool, spec, &dir, name)?;
    prepare(run, tool.generator, &dir)?;
    let target = run.target_dir(tool.generator);
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }
    Cargo {
        cargo: run.cargo,
        target_dir: &target,
    }
    .build(&dir, name, &[])
}

/// Builds the crate alone, its dependencies warm: cleaned, then built; a
/// build that compiled dependencies too was a warm-up, and is repeated.
fn warm_build(cargo: &Cargo<'_>, dir: &Path, package: &str, extra: &[&str]) -> Result<Build, String> {
    cargo.clean(dir, package)?;
    let build = cargo.build(dir, package, extra)?;
    if build.deps_built == 0 {
        return Ok(build);
    }
    cargo.clean(dir, package)?;
    cargo.build(dir, package, extra)
}

/// oagen on the synthetic spec; the generated crate is removed afterwards.
fn synthetic(run: &Run<'_>) -> Result<GenRun, String> {
    let dir = run.bench_dir.join("synthetic");
    let spec = dir.join("hundred-thousand.json");
    specs::write_synthetic(&spec)?;
    let oagen = run
        .tools
        .iter()
        .find(|t| t.generator == Generator::Oagen)
        .ok_or("no oagen")?;
    let out = dir.join("crate");
    let outcome = generate(oagen, &spec, &out, "hundred-thousand");
    let _ = std::fs::remove_dir_all(&out);
    outcome
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
