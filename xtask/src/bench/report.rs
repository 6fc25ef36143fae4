//! The benchmark's Markdown report (`docs/performance.md`): one table per
//! measurement, the ratios to the peers, and issue 14's targets with
//! whether each is met.

use super::measure::{Build, median};
use super::tools::Generator;
use super::{Bench, Cell, SpecResult, TagBuild};
use std::fmt::Write as _;

/// The targets of issue 14.
const COMPILE_RATIO_TARGET: f64 = 0.5;
const TAG_SHARE_TARGET: f64 = 0.15;
const COLD_RATIO_TARGET: f64 = 1.5;
const GENERATE_PARSE_TARGET: f64 = 5.0;
const SYNTHETIC_PEAK_TARGET_KIB: u64 = 2 * 1024 * 1024;

/// The median wall time of a cell's generation runs.
pub(super) fn generation_secs(cell: &Cell) -> Option<f64> {
    let runs = cell.generation.as_ref().ok()?;
    median(&runs.iter().map(|r| r.wall_secs).collect::<Vec<_>>())
}

/// The median of one of oagen's `--stats` figures over a cell's runs.
fn stat(cell: &Cell, figure: impl Fn(&crate::corpus::GenStats) -> f64) -> Option<f64> {
    let runs = cell.generation.as_ref().ok()?;
    median(
        &runs
            .iter()
            .filter_map(|r| r.stats.as_ref().map(&figure))
            .collect::<Vec<_>>(),
    )
}

/// The median (wall, CPU) of builds.
fn build_medians(builds: &[Build]) -> Option<(f64, f64)> {
    let wall = median(&builds.iter().map(|b| b.wall_secs).collect::<Vec<_>>())?;
    let cpu = median(&builds.iter().map(|b| b.cpu_secs).collect::<Vec<_>>())?;
    Some((wall, cpu))
}

/// A cell's median compile CPU seconds, when it built.
pub(super) fn compile_cpu(cell: &Cell) -> Option<f64> {
    match &cell.compile {
        Some(Ok(builds)) => build_medians(builds).map(|(_, cpu)| cpu),
        _ => None,
    }
}

/// CPU seconds per 100 operations.
pub(super) fn per_hundred(cpu_secs: f64, operations: usize) -> Option<f64> {
    (operations > 0).then(|| cpu_secs * 100.0 / operations as f64)
}

/// oagen's figure over the peer's, where both have one.
pub(super) fn ratio(oagen: Option<f64>, peer: Option<f64>) -> Option<f64> {
    match (oagen, peer) {
        (Some(o), Some(p)) if p > 0.0 => Some(o / p),
        _ => None,
    }
}

/// Σ oagen ÷ Σ peer compile CPU over the specs both built (the same
/// operations on both sides, so it is the ratio per 100 operations too),
/// with how many specs that is.
pub(super) fn overall_compile_ratio(specs: &[SpecResult], peer: Generator) -> Option<(f64, usize)> {
    let pairs: Vec<(f64, f64)> = specs
        .iter()
        .filter_map(|s| {
            let o = compile_cpu(s.cell(Generator::Oagen)?)?;
            let p = compile_cpu(s.cell(peer)?)?;
            Some((o, p))
        })
        .collect();
    let (o, p) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (o, p)| (a + o, b + p));
    ratio(Some(o), Some(p)).map(|r| (r, pairs.len()))
}

/// The tag build's CPU time as a share of the whole crate's.
pub(super) fn tag_share(spec: &SpecResult) -> Option<f64> {
    let whole = compile_cpu(spec.cell(Generator::Oagen)?)?;
    let tag = match &spec.tag.as_ref()?.builds {
        Ok(builds) => build_medians(builds)?.1,
        Err(_) => return None,
    };
    ratio(Some(tag), Some(whole))
}

pub(super) fn secs(value: Option<f64>) -> String {
    match value {
        Some(v) if v < 10.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.1}"),
        None => "—".into(),
    }
}

pub(super) fn times(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{v:.2}×"))
}

pub(super) fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

fn mib(kib: Option<f64>) -> String {
    kib.map_or_else(|| "—".into(), |k| format!("{:.0}", k / 1024.0))
}

/// `yes`, `no`, or `—` when there is no figure.
pub(super) fn met(value: Option<f64>, holds: impl Fn(f64) -> bool) -> &'static str {
    match value {
        Some(v) if holds(v) => "yes",
        Some(_) => "**no**",
        None => "—",
    }
}

/// A table cell for a failure; the message is in the list of failures.
fn failure(_message: &str) -> String {
    "failed (see below)".into()
}

/// A failure's first line as the list shows it: a panic's message first,
/// then where it was raised (`thread 'main' (12) panicked at
/// …/src/a.rs:1:2: message` → `panicked: message (at src/a.rs:1:2)`).
pub(super) fn failure_text(message: &str) -> String {
    let Some((_, rest)) = message.split_once("panicked at ") else {
        return message.to_owned();
    };
    // The location ends at the `: ` that follows its `line:column`.
    let Some((place, text)) = rest.split_once(": ") else {
        return message.to_owned();
    };
    let place = place.trim_end_matches(':');
    // A path under the registry: from the crate's folder on.
    let short = place
        .split("/registry/src/")
        .nth(1)
        .and_then(|p| p.split_once('/').map(|(_, crate_path)| crate_path))
        .unwrap_or(place);
    format!("panicked: {} (at {short})", text.trim())
}

/// Every failure of the run, with what it said.
fn failures(out: &mut String, bench: &Bench) {
    let mut lines = Vec::new();
    for spec in &bench.specs {
        for cell in &spec.cells {
            let step = match (&cell.generation, &cell.compile) {
                (Err(e), _) => Some(("generate", e)),
                (_, Some(Err(e))) => Some(("compile", e)),
                _ => None,
            };
            if let Some((step, e)) = step {
                lines.push(format!(
                    "- {} on {} ({step}): {}",
                    cell.generator.name(),
                    spec.name,
                    failure_text(e)
                ));
            }
        }
        if let Some(TagBuild {
            tag,
            builds: Err(e),
            ..
        }) = &spec.tag
        {
            lines.push(format!(
                "- oagen on {} with `{}` alone (compile): {}",
                spec.name,
                tag.feature,
                failure_text(e)
            ));
        }
    }
    for (generator, build) in &bench.cold {
        if let Err(e) = build {
            lines.push(format!(
                "- {} on {} (cold build): {}",
                generator.name(),
                bench.cold_spec,
                failure_text(e)
            ));
        }
    }
    if let Some(Err(e)) = &bench.synthetic {
        lines.push(format!(
            "- oagen on 100,000 operations: {}",
            failure_text(e)
        ));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Failures (the first line of each error)\n\n{}\n",
        lines.join("\n")
    );
}

fn peers(bench: &Bench) -> Vec<Generator> {
    Generator::PEERS
        .into_iter()
        .filter(|g| bench.tools.iter().any(|(t, v)| t == g && v.is_ok()))
        .collect()
}

fn generation_cell(spec: &SpecResult, generator: Generator) -> String {
    match spec.cell(generator).map(|c| &c.generation) {
        Some(Ok(_)) => secs(spec.cell(generator).and_then(generation_secs)),
        Some(Err(e)) => failure(e),
        None => "—".into(),
    }
}

fn compile_cell(spec: &SpecResult, generator: Generator) -> String {
    let Some(cell) = spec.cell(generator) else {
        return "—".into();
    };
    match (&cell.generation, &cell.compile) {
        (Err(_), _) => "not generated".into(),
        (_, Some(Err(e))) => failure(e),
        _ => secs(compile_cpu(cell).and_then(|c| per_hundred(c, spec.operations))),
    }
}

/// A table of each spec's figure for oagen and each peer, with oagen's
/// over the peer's: `cell` writes a figure (or why there is none),
/// `figure` gives the number the ratio is of.
fn against_peers(
    out: &mut String,
    bench: &Bench,
    peers: &[Generator],
    unit: &str,
    cell: fn(&SpecResult, Generator) -> String,
    figure: fn(&Cell) -> Option<f64>,
) {
    let mut header = format!("| spec | oagen{unit} |");
    let mut rule = String::from("| --- | ---: |");
    for peer in peers {
        let _ = write!(header, " {0}{unit} | oagen ÷ {0} |", peer.name());
        rule.push_str(" ---: | ---: |");
    }
    let _ = writeln!(out, "{header}\n{rule}");
    for spec in &bench.specs {
        let ours = spec.cell(Generator::Oagen).and_then(figure);
        let _ = write!(out, "| {} | {} |", spec.name, cell(spec, Generator::Oagen));
        for peer in peers {
            let theirs = spec.cell(*peer).and_then(figure);
            let _ = write!(
                out,
                " {} | {} |",
                cell(spec, *peer),
                times(ratio(ours, theirs))
            );
        }
        out.push('\n');
    }
}

/// The whole report.
pub(super) fn markdown(bench: &Bench) -> String {
    let mut out = String::new();
    let peers = peers(bench);
    let _ = writeln!(
        out,
        "# Performance: what oagen's output costs\n\n\
         Written by `cargo xtask bench` on {date}; the run took {minutes:.0} min. \
         Machine: {machine}. One-minute load average {before} before the run, {after} after \
         (other work shared the machine: single figures are noisy; the generators \
         alternate spec by spec, so the ratios are what counts).\n",
        date = bench.date,
        minutes = bench.elapsed.as_secs_f64() / 60.0,
        machine = bench.machine,
        before = bench.load_before.map_or("?".into(), |l| format!("{l:.2}")),
        after = bench.load_after.map_or("?".into(), |l| format!("{l:.2}")),
    );
    let _ = writeln!(out, "Generators:\n");
    for (generator, version) in &bench.tools {
        let _ = match version {
            Ok(v) => writeln!(out, "- {} {v}", generator.name()),
            Err(e) => writeln!(out, "- {}: not measured ({e})", generator.name()),
        };
    }
    out.push('\n');
    targets(&mut out, bench, &peers);
    findings(&mut out, bench, &peers);
    oagen_generation(&mut out, bench);
    peer_generation(&mut out, bench, &peers);
    compile(&mut out, bench, &peers);
    tags(&mut out, bench);
    cold(&mut out, bench);
    synthetic(&mut out, bench);
    failures(&mut out, bench);
    method(&mut out, bench);
    out
}

fn targets(out: &mut String, bench: &Bench, peers: &[Generator]) {
    let _ = writeln!(
        out,
        "## Targets (issue 14)\n\n| target | figure | met |\n| --- | --- | --- |"
    );
    if peers.contains(&Generator::Progenitor) {
        let overall = overall_compile_ratio(&bench.specs, Generator::Progenitor);
        let _ = writeln!(
            out,
            "| compile CPU per 100 operations ≤ {COMPILE_RATIO_TARGET}× progenitor's (specs both build) | {} ({} specs) | {} |",
            times(overall.map(|o| o.0)),
            overall.map_or(0, |o| o.1),
            met(overall.map(|o| o.0), |r| r <= COMPILE_RATIO_TARGET)
        );
    }
    let openai_share = bench
        .specs
        .iter()
        .find(|s| s.name == "openai")
        .and_then(tag_share);
    let _ = writeln!(
        out,
        "| one mid-size tag of openai compiles in ≤ {:.0}% of the whole crate's CPU time | {} | {} |",
        TAG_SHARE_TARGET * 100.0,
        percent(openai_share),
        met(openai_share, |s| s <= TAG_SHARE_TARGET)
    );
    if peers.contains(&Generator::Progenitor) {
        let cold = cold_ratio(bench, Generator::Progenitor);
        let _ = writeln!(
            out,
            "| cold first build ≤ {COLD_RATIO_TARGET}× progenitor's (CPU; {}) | {} | {} |",
            bench.cold_spec,
            times(cold),
            met(cold, |r| r <= COLD_RATIO_TARGET)
        );
        // Progenitor's crate compiles no TLS: the same without oagen's.
        let bare = cold_without_tls_ratio(bench);
        if bare.is_some() {
            let _ = writeln!(
                out,
                "| the same, like for like: oagen's crate without TLS, as progenitor's | {} | {} |",
                times(bare),
                met(bare, |r| r <= COLD_RATIO_TARGET)
            );
        }
    }
    let worst = worst_generate_over_parse(bench);
    let _ = writeln!(
        out,
        "| generation ≤ {GENERATE_PARSE_TARGET}× the bare parse on every spec | worst {} ({}) | {} |",
        times(worst.map(|w| w.1)),
        worst.map_or("—", |w| w.0),
        met(worst.map(|w| w.1), |r| r <= GENERATE_PARSE_TARGET)
    );
    let peak = synthetic_peak_kib(bench);
    let _ = writeln!(
        out,
        "| 100,000 operations generated in < 2 GB | {} MiB | {} |\n",
        mib(peak.map(|k| k as f64)),
        met(peak.map(|k| k as f64), |k| k < SYNTHETIC_PEAK_TARGET_KIB
            as f64)
    );
}

/// The figures in words: what a reader should take away.
fn findings(out: &mut String, bench: &Bench, peers: &[Generator]) {
    let _ = writeln!(out, "## In short\n");
    let total = bench.specs.len();
    for peer in peers {
        let generated = bench
            .specs
            .iter()
            .filter(|s| s.cell(*peer).is_some_and(|c| c.generation.is_ok()))
            .count();
        let built = bench
            .specs
            .iter()
            .filter(|s| s.cell(*peer).and_then(compile_cpu).is_some())
            .count();
        let overall = overall_compile_ratio(&bench.specs, *peer);
        let _ = writeln!(
            out,
            "- {name} generated {generated} of the {total} specs and built {built} of them; \
             over the {both} both build, oagen's crates take {ratio} of {name}'s compile CPU \
             time per 100 operations.",
            name = peer.name(),
            both = overall.map_or(0, |o| o.1),
            ratio = times(overall.map(|o| o.0)),
        );
    }
    for spec in &bench.specs {
        if let (Some(share), Some(tag)) = (tag_share(spec), &spec.tag)
            && tag.tags > 1
        {
            let _ = writeln!(
                out,
                "- {} built with one mid-size tag (`{}`, {} of {} operations) compiles in {} of \
                 the whole crate's CPU time.",
                spec.name,
                tag.tag.feature,
                tag.tag.operations,
                spec.operations,
                percent(Some(share))
            );
        }
    }
    if let (Some(ours), Some(theirs)) = (
        cold_build(bench, Generator::Oagen),
        cold_build(bench, Generator::Progenitor),
    ) {
        let _ = writeln!(
            out,
            "- The cold first build of {} takes {} of progenitor's CPU time ({} of its wall time).",
            bench.cold_spec,
            times(ratio(Some(ours.cpu_secs), Some(theirs.cpu_secs))),
            times(ratio(Some(ours.wall_secs), Some(theirs.wall_secs))),
        );
        if ours.tls && !theirs.tls {
            let _ = writeln!(
                out,
                "  Not like for like: progenitor's crate compiles no TLS implementation at all \
                 (its `reqwest` has no TLS feature, so it reaches `http://` servers only), \
                 oagen's compiles rustls by default."
            );
            if let Some(bare) = cold_without_tls_ratio(bench) {
                let _ = writeln!(
                    out,
                    "  Like for like, without TLS, oagen's takes {} of progenitor's CPU time.",
                    times(Some(bare))
                );
            }
        }
    }
    let worst = worst_generate_over_parse(bench);
    if let Some((name, worst)) = worst {
        let _ = writeln!(
            out,
            "- Generating takes at most {} the bare parse of the spec ({name}).",
            times(Some(worst))
        );
    }
    if let Some(Ok(run)) = &bench.synthetic {
        let _ = writeln!(
            out,
            "- 100,000 operations are generated in {} s with a peak of {} MiB.",
            secs(Some(run.wall_secs)),
            mib(run.stats.as_ref().map(|s| s.peak_kib as f64))
        );
    }
    out.push('\n');
}

/// The spec where generating took the most times its bare parse.
fn worst_generate_over_parse(bench: &Bench) -> Option<(&str, f64)> {
    bench
        .specs
        .iter()
        .filter_map(|s| {
            Some((
                s.name.as_str(),
                generate_over_parse(s.cell(Generator::Oagen)?)?,
            ))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn generate_over_parse(cell: &Cell) -> Option<f64> {
    let runs = cell.generation.as_ref().ok()?;
    median(
        &runs
            .iter()
            .filter_map(|r| r.stats.as_ref())
            .filter(|s| s.parse_ms > 0.0)
            .map(|s| s.generate_ms / s.parse_ms)
            .collect::<Vec<_>>(),
    )
}

fn synthetic_peak_kib(bench: &Bench) -> Option<u64> {
    match &bench.synthetic {
        Some(Ok(run)) => run.stats.as_ref().map(|s| s.peak_kib),
        _ => None,
    }
}

fn cold_build(bench: &Bench, generator: Generator) -> Option<&Build> {
    bench
        .cold
        .iter()
        .find(|(g, _)| *g == generator)
        .and_then(|(_, b)| b.as_ref().ok())
}

fn cold_ratio(bench: &Bench, peer: Generator) -> Option<f64> {
    ratio(
        cold_build(bench, Generator::Oagen).map(|b| b.cpu_secs),
        cold_build(bench, peer).map(|b| b.cpu_secs),
    )
}

/// oagen's cold build without TLS against progenitor's (CPU).
fn cold_without_tls_ratio(bench: &Bench) -> Option<f64> {
    let bare = bench.cold_without_tls.as_ref()?.as_ref().ok()?;
    ratio(
        Some(bare.cpu_secs),
        cold_build(bench, Generator::Progenitor).map(|p| p.cpu_secs),
    )
}

fn oagen_generation(out: &mut String, bench: &Bench) {
    let _ = writeln!(
        out,
        "## oagen's generation (release binary, median of {} runs)\n\n\
         | spec | operations | generate (ms) | bare parse (ms) | generate ÷ parse | peak memory (MiB) | lines per operation |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        bench.runs
    );
    for spec in &bench.specs {
        let Some(cell) = spec.cell(Generator::Oagen) else {
            continue;
        };
        if let Err(e) = &cell.generation {
            let _ = writeln!(
                out,
                "| {} | {} | {} | | | | |",
                spec.name,
                spec.operations,
                failure(e)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {:.0} | {} | {} | {:.0} |",
            spec.name,
            spec.operations,
            stat(cell, |s| s.generate_ms).unwrap_or(0.0),
            stat(cell, |s| s.parse_ms).unwrap_or(0.0),
            times(generate_over_parse(cell)),
            mib(stat(cell, |s| s.peak_kib as f64)),
            cell.lines as f64 / spec.operations.max(1) as f64,
        );
    }
    out.push('\n');
}

fn peer_generation(out: &mut String, bench: &Bench, peers: &[Generator]) {
    let _ = writeln!(
        out,
        "## Generation time against the peers (wall time of the process, median of {} runs)\n",
        bench.runs
    );
    against_peers(out, bench, peers, " (s)", generation_cell, generation_secs);
    let mut lines = String::from("| spec |");
    let mut rule = String::from("| --- |");
    for generator in std::iter::once(Generator::Oagen).chain(peers.iter().copied()) {
        let _ = write!(lines, " {} |", generator.name());
        rule.push_str(" ---: |");
    }
    let _ = writeln!(
        out,
        "\nGenerated lines of Rust per operation:\n\n{lines}\n{rule}"
    );
    for spec in &bench.specs {
        let _ = write!(out, "| {} |", spec.name);
        for generator in std::iter::once(Generator::Oagen).chain(peers.iter().copied()) {
            let cell = spec
                .cell(generator)
                .filter(|c| c.generation.is_ok())
                .map(|c| format!("{:.0}", c.lines as f64 / spec.operations.max(1) as f64));
            let _ = write!(out, " {} |", cell.unwrap_or_else(|| "—".into()));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn compile(out: &mut String, bench: &Bench, peers: &[Generator]) {
    let _ = writeln!(
        out,
        "## Compile time, dependencies warm (debug, `CARGO_INCREMENTAL=0`, {} build(s) per crate, the median)\n\n\
         oagen's crate:\n\n\
         | spec | operations | wall (s) | CPU (s) | CPU s per 100 operations |\n\
         | --- | ---: | ---: | ---: | ---: |",
        bench.compile_runs
    );
    for spec in &bench.specs {
        let Some(cell) = spec.cell(Generator::Oagen) else {
            continue;
        };
        let medians = match &cell.compile {
            Some(Ok(builds)) => build_medians(builds),
            _ => None,
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            spec.name,
            spec.operations,
            secs(medians.map(|m| m.0)),
            secs(medians.map(|m| m.1)),
            compile_cell(spec, Generator::Oagen),
        );
    }
    if peers.is_empty() {
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "\nCPU seconds per 100 operations against the peers:\n");
    against_peers(out, bench, peers, "", compile_cell, compile_cpu);
    let _ = write!(out, "| **all specs both build** | |");
    for peer in peers {
        let overall = overall_compile_ratio(&bench.specs, *peer);
        let _ = write!(
            out,
            " {} specs | **{}** |",
            overall.map_or(0, |o| o.1),
            times(overall.map(|o| o.0))
        );
    }
    out.push_str("\n\n");
}

fn tags(out: &mut String, bench: &Bench) {
    let _ = writeln!(
        out,
        "## One mid-size tag alone (`--no-default-features --features rustls,<tag>`)\n\n\
         The tag whose operation count is the median of the spec's tags (the lower median \
         for an even count, ties by name; untagged operations are not a tag), from the \
         feature table of the generated README.\n\n\
         | spec | tag (operations) | tags | tag CPU (s) | whole crate CPU (s) | share | ≤ {:.0}% |\n\
         | --- | --- | ---: | ---: | ---: | ---: | --- |",
        TAG_SHARE_TARGET * 100.0
    );
    for spec in &bench.specs {
        let Some(TagBuild { tag, tags, builds }) = &spec.tag else {
            continue;
        };
        let whole = spec.cell(Generator::Oagen).and_then(compile_cpu);
        let (tag_cpu, note) = match builds {
            Ok(b) => (build_medians(b).map(|m| m.1), String::new()),
            Err(e) => (None, format!(" ({})", failure(e))),
        };
        let share = tag_share(spec);
        let _ = writeln!(
            out,
            "| {} | `{}` ({}){note} | {tags} | {} | {} | {} | {} |",
            spec.name,
            tag.feature,
            tag.operations,
            secs(tag_cpu),
            secs(whole),
            percent(share),
            if *tags < 2 {
                "— (the only tag)"
            } else {
                met(share, |s| s <= TAG_SHARE_TARGET)
            },
        );
    }
    out.push('\n');
}

fn cold(out: &mut String, bench: &Bench) {
    let _ = writeln!(
        out,
        "## Cold first build of a small client ({}, {} operations; dependencies included, empty target folder, debug)\n\n\
         | generator | wall (s) | CPU (s) | CPU ÷ progenitor's | wall ÷ progenitor's |\n\
         | --- | ---: | ---: | ---: | ---: |",
        bench.cold_spec, bench.cold_operations
    );
    let progenitor = cold_build(bench, Generator::Progenitor);
    for (generator, build) in &bench.cold {
        cold_row(out, generator.name(), build, progenitor);
        if *generator == Generator::Oagen
            && let Some(bare) = &bench.cold_without_tls
        {
            let label = "oagen without TLS (its default features but `rustls`)";
            cold_row(out, label, bare, progenitor);
        }
    }
    out.push('\n');
}

/// One row of the cold-build table: `build` against progenitor's.
fn cold_row(
    out: &mut String,
    label: &str,
    build: &Result<Build, String>,
    progenitor: Option<&Build>,
) {
    let _ = match build {
        Ok(b) => writeln!(
            out,
            "| {label} | {} | {} | {} | {} |",
            secs(Some(b.wall_secs)),
            secs(Some(b.cpu_secs)),
            times(ratio(Some(b.cpu_secs), progenitor.map(|p| p.cpu_secs))),
            times(ratio(Some(b.wall_secs), progenitor.map(|p| p.wall_secs))),
        ),
        Err(e) => writeln!(out, "| {label} | {} | | | |", failure(e)),
    };
}

fn synthetic(out: &mut String, bench: &Bench) {
    let Some(outcome) = &bench.synthetic else {
        return;
    };
    let _ = writeln!(
        out,
        "## 100,000 operations (synthetic: GET operations, every tenth operationId repeated; release binary, whole pipeline)\n\n\
         | wall (s) | generate (s) | peak memory (MiB) | < 2 GB |\n| ---: | ---: | ---: | --- |"
    );
    let _ = match outcome {
        Ok(run) => {
            let peak = run.stats.as_ref().map(|s| s.peak_kib as f64);
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                secs(Some(run.wall_secs)),
                secs(run.stats.as_ref().map(|s| s.generate_ms / 1000.0)),
                mib(peak),
                met(peak, |k| k < SYNTHETIC_PEAK_TARGET_KIB as f64)
            )
        }
        Err(e) => writeln!(out, "| {} | | | |", failure(e)),
    };
    out.push('\n');
}

fn method(out: &mut String, bench: &Bench) {
    let _ = writeln!(
        out,
        "## How it was measured\n\n\
         - Where the time goes, with profiles: generation in \
         [generation-profile.md](generation-profile.md), compiling in \
         [compile-profile.md](compile-profile.md).\n\
         - Generation: each generator's process on each spec, {runs} times, alternating \
         generators spec by spec; the wall time of the process (oagen's own `--stats` \
         line gives its in-process generation and bare parse times and its peak \
         resident memory). Lines per operation count the `.rs` lines of the generated \
         crate's `src/`, oagen's copied runtime (`src/runtime/`, the same for every \
         crate) left out.\n\
         - Compile: `cargo build` (debug, `CARGO_INCREMENTAL=0`, no `RUSTFLAGS`) of each \
         generated crate, in one target folder per generator whose dependencies were \
         built by the cold build; the crate alone is cleaned (`cargo clean -p`) before \
         each build, and a build that had to compile a dependency is repeated. CPU is \
         user + system time of cargo and every process it waited for (`cutime` + \
         `cstime`), the median of {compile_runs} build(s) per crate. Per 100 operations uses the \
         spec's operation count (the same for every generator).\n\
         - One tag: oagen's crate built with only the tag's feature and `rustls` (the \
         TLS back end, a default feature), against the same crate with its default \
         features.\n\
         - Cold first build: the generator's target folder emptied, then the small \
         client built with its dependencies (the crates' versions as the project's \
         `Cargo.lock` pins them for oagen; resolved fresh for the peers).\n\
         - A peer that fails to generate or build a spec is reported with the first \
         line of its error; ratios are given only where both built.",
        runs = bench.runs,
        compile_runs = bench.compile_runs,
    );
}

/// A few lines for the terminal.
pub(super) fn summary(bench: &Bench) -> String {
    let mut out = String::new();
    for peer in peers(bench) {
        let overall = overall_compile_ratio(&bench.specs, peer);
        let _ = writeln!(
            out,
            "compile CPU per 100 operations, oagen ÷ {}: {} over {} specs; cold build: {}",
            peer.name(),
            times(overall.map(|o| o.0)),
            overall.map_or(0, |o| o.1),
            times(cold_ratio(bench, peer)),
        );
    }
    for spec in &bench.specs {
        if let Some(share) = tag_share(spec) {
            let _ = writeln!(
                out,
                "{}: one tag compiles in {}",
                spec.name,
                percent(Some(share))
            );
        }
    }
    if let Some(peak) = synthetic_peak_kib(bench) {
        let _ = writeln!(
            out,
            "100k operations: peak {}",
            mib(Some(peak as f64)) + " MiB"
        );
    }
    let _ = write!(out, "took {:.0} min", bench.elapsed.as_secs_f64() / 60.0);
    out
}
