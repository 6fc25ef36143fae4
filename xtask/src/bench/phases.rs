//! The benchmark's steps, each over every spec and generator in turn (the
//! generators alternate spec by spec, so the noise of a shared machine
//! spreads evenly over them).

use super::measure::{Build, Cargo, first_error_line, run_timed, rust_lines};
use super::tools::{self, Generator, Tool};
use super::{Cell, GenRun, Run, SpecResult, TagBuild, specs};
use crate::corpus::{Entry, crate_name, module_name, parse_stats};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// An empty result for each spec, with a cell for each generator.
pub(super) fn new_results(
    names: &[&'static str],
    entries: &[Entry],
    tools: &[Tool],
    file_of: &dyn Fn(&str) -> Result<PathBuf, String>,
) -> Result<Vec<SpecResult>, String> {
    names
        .iter()
        .map(|name| {
            file_of(name)?;
            Ok(SpecResult {
                name: name.to_string(),
                operations: entries
                    .iter()
                    .find(|e| e.name == *name)
                    .and_then(|e| e.operations)
                    .unwrap_or(0),
                cells: tools
                    .iter()
                    .map(|tool| Cell {
                        generator: tool.generator,
                        generation: Ok(Vec::new()),
                        lines: 0,
                        compile: None,
                    })
                    .collect(),
                tag: None,
            })
        })
        .collect()
}

/// Every generator on every spec, `runs` times; a generator that fails a
/// spec is not run on it again.
pub(super) fn generate_all(
    run: &Run<'_>,
    results: &mut [SpecResult],
    runs: usize,
    file_of: &dyn Fn(&str) -> Result<PathBuf, String>,
) -> Result<(), String> {
    for round in 1..=runs {
        for result in results.iter_mut() {
            let spec = file_of(&result.name)?;
            let name = crate_name(&result.name);
            for (tool, cell) in run.tools.iter().zip(&mut result.cells) {
                let Ok(done) = &mut cell.generation else {
                    continue;
                };
                let out = run.crate_dir(tool.generator, &name);
                match generate(tool, &spec, &out, &name) {
                    Ok(one) => {
                        eprintln!(
                            "generate [{round}/{runs}] {:<12} {:<11} {:>8.2} s",
                            result.name,
                            tool.generator.name(),
                            one.wall_secs
                        );
                        done.push(one);
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
    for result in results {
        for cell in &mut result.cells {
            if cell.generation.is_ok() {
                let dir = run.crate_dir(cell.generator, &crate_name(&result.name));
                cell.lines = rust_lines(&dir.join("src"), &["runtime"]);
            }
        }
    }
    Ok(())
}

/// The cold first build of the small client `name`, for each generator;
/// it leaves each generator's target folder warm for the rest.
pub(super) fn cold_builds(
    run: &Run<'_>,
    spec: &Path,
    name: &str,
) -> Vec<(Generator, Result<Build, String>)> {
    run.tools
        .iter()
        .map(|tool| {
            let outcome = cold_build(run, tool, spec, &crate_name(name));
            let outcome = logged("cold", (1, 1), (name, tool.generator, ""), outcome);
            (tool.generator, outcome)
        })
        .collect()
}

/// Readies every generated crate for building, and picks oagen's mid-size
/// tag from the feature table of its README.
pub(super) fn prepare_all(run: &Run<'_>, results: &mut [SpecResult]) {
    for result in results {
        let name = crate_name(&result.name);
        for cell in &mut result.cells {
            if cell.generation.is_ok() {
                let dir = run.crate_dir(cell.generator, &name);
                cell.compile = Some(prepare(run, cell.generator, &dir).map(|()| Vec::new()));
            }
        }
        if result
            .cell(Generator::Oagen)
            .is_some_and(|c| c.generation.is_ok())
        {
            let readme = run
                .crate_dir(Generator::Oagen, &name)
                .join("docs")
                .join(module_name(&name))
                .join("README.md");
            let tags = specs::tag_features(&std::fs::read_to_string(readme).unwrap_or_default());
            let count = tags.len();
            // With one tag, that tag is the whole API: nothing to compare.
            if count < 2 {
                continue;
            }
            result.tag = specs::median_tag(tags).map(|tag| TagBuild {
                tag,
                tags: count,
                builds: Ok(Vec::new()),
            });
        }
    }
}

/// Every generated crate built with its dependencies warm, `runs` times,
/// and oagen's with its mid-size tag alone after it.
pub(super) fn compile_all(run: &Run<'_>, results: &mut [SpecResult], runs: usize) {
    for round in 1..=runs {
        for result in results.iter_mut() {
            let package = crate_name(&result.name);
            for cell in &mut result.cells {
                let Some(Ok(builds)) = &mut cell.compile else {
                    continue;
                };
                let dir = run.crate_dir(cell.generator, &package);
                let target = run.target_dir(cell.generator);
                let cargo = Cargo {
                    cargo: run.cargo,
                    target_dir: &target,
                };
                let label = (result.name.as_str(), cell.generator, "");
                let build = warm_build(&cargo, &dir, &package, &[]);
                match logged("compile", (round, runs), label, build) {
                    Ok(build) => builds.push(build),
                    Err(message) => cell.compile = Some(Err(message)),
                }
                if cell.generator == Generator::Oagen
                    && let Some(tag) = &mut result.tag
                    && let Ok(builds) = &mut tag.builds
                {
                    let features = format!("rustls,{}", tag.tag.feature);
                    let extra = ["--no-default-features", "--features", &features];
                    let label = (
                        result.name.as_str(),
                        cell.generator,
                        tag.tag.feature.as_str(),
                    );
                    let build = warm_build(&cargo, &dir, &package, &extra);
                    match logged("tag", (round, runs), label, build) {
                        Ok(build) => builds.push(build),
                        Err(message) => tag.builds = Err(message),
                    }
                }
            }
        }
    }
}

/// Prints a build's outcome as it comes (`round`: this one and how many),
/// and passes it on.
fn logged(
    what: &str,
    (round, rounds): (usize, usize),
    (spec, generator, note): (&str, Generator, &str),
    outcome: Result<Build, String>,
) -> Result<Build, String> {
    match &outcome {
        Ok(build) => eprintln!(
            "{what:<8} [{round}/{rounds}] {spec:<12} {:<11} {:>7.1} s wall {:>7.1} s CPU {note}",
            generator.name(),
            build.wall_secs,
            build.cpu_secs
        ),
        Err(message) => eprintln!(
            "{what:<8} {spec:<12} {:<11} FAILED: {message}",
            generator.name()
        ),
    }
    outcome
}

/// Generates `spec` into `out` (emptied first) once, timed.
fn generate(tool: &Tool, spec: &Path, out: &Path, name: &str) -> Result<GenRun, String> {
    if out.exists() {
        std::fs::remove_dir_all(out)
            .map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
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

/// oagen's small client built cold again without a TLS back end (its
/// default features but `rustls`), in a target folder of its own that is
/// removed afterwards: like for like with a peer whose crate has none.
pub(super) fn cold_build_without_tls(run: &Run<'_>, name: &str) -> Result<Build, String> {
    let name = crate_name(name);
    let dir = run.crate_dir(Generator::Oagen, &name);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
        .map_err(|e| format!("{}: {e}", dir.join("Cargo.toml").display()))?;
    let features = default_features_without_tls(&manifest).join(",");
    let target = run.bench_dir.join("oagen").join("target-no-tls");
    let _ = std::fs::remove_dir_all(&target);
    let build = Cargo {
        cargo: run.cargo,
        target_dir: &target,
    }
    .build(
        &dir,
        &name,
        &["--no-default-features", "--features", &features],
    );
    let _ = std::fs::remove_dir_all(&target);
    logged("cold", (1, 1), (&name, Generator::Oagen, "no TLS"), build)
}

/// The `default` features of a generated crate's `Cargo.toml`, the TLS
/// back ends left out.
pub(super) fn default_features_without_tls(manifest: &str) -> Vec<String> {
    const TLS: &[&str] = &["rustls", "rustls-aws-lc-rs", "native-tls"];
    manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("default = ["))
        .map(|list| {
            list.trim_end_matches(']')
                .split(',')
                .map(|f| f.trim().trim_matches('"').to_owned())
                .filter(|f| !f.is_empty() && !TLS.contains(&f.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

/// Builds the crate alone, its dependencies warm: cleaned, then built; a
/// build that compiled dependencies too was a warm-up, and is repeated.
fn warm_build(
    cargo: &Cargo<'_>,
    dir: &Path,
    package: &str,
    extra: &[&str],
) -> Result<Build, String> {
    cargo.clean(dir, package)?;
    let build = cargo.build(dir, package, extra)?;
    if build.deps_built == 0 {
        return Ok(build);
    }
    cargo.clean(dir, package)?;
    cargo.build(dir, package, extra)
}

/// oagen on the synthetic spec; the generated crate is removed afterwards.
pub(super) fn synthetic(run: &Run<'_>) -> Result<GenRun, String> {
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
