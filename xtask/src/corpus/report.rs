//! The Markdown report (`docs/corpus-report.md`): the table, the
//! benchmarks, and the fallbacks by reason.

use super::compile::Compile;
use super::options::Options;
use super::row::{GenStats, Row};
use super::run_info::{RunInfo, machine};
use super::table::{HEADERS, cell_list, cells};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

pub(super) fn markdown_report(
    rows: &[Row],
    summary: &str,
    run: &RunInfo,
    options: &Options,
) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Corpus report\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask corpus{}{}`: every spec of the corpus (`MANIFEST.tsv`) \
         generated with the release `oagen` into `target/corpus/crates/<spec>/`, then each crate \
         built with `cargo build` (debug, not incremental, dependencies already built, one \
         shared target folder), linted with `cargo clippy -- -D warnings` and its doc examples \
         compiled with `cargo test --doc`. \
         Warnings are rustc's in the build, counted from cargo's JSON messages; `clippy` counts \
         clippy's findings; `doctests` is the doc examples that compile out of all. `gen ms` is the wall time of \
         the whole pipeline in the generator (reading to formatted source and reference pages, \
         files not yet written), `cpu ms` its CPU time over all threads, `parse ms` the time to \
         read and parse the same spec alone; peak memory is the generating process's `VmHWM`.\n",
        if options.generate_only {
            " --generate-only"
        } else {
            ""
        },
        if options.only.is_empty() {
            String::new()
        } else {
            format!(" --only {}", options.only.join(","))
        }
    );
    let _ = writeln!(md, "**{summary}**\n");
    let load = |l: Option<f64>| l.map_or("?".to_string(), |l| format!("{l:.1}"));
    let _ = writeln!(
        md,
        "Machine: {}. Load average (1 min) {} before the run, {} after generating{}.\n",
        machine(),
        load(run.load_before),
        load(run.load_after_generation),
        if run.compile_wall.is_some() {
            format!(", {} after compiling", load(run.load_after_compile))
        } else {
            String::new()
        }
    );
    let _ = writeln!(md, "| {} |", HEADERS.join(" | "));
    let _ = writeln!(md, "| --- | --- |{}", " ---: |".repeat(HEADERS.len() - 2));
    for row in rows {
        let c = cells(row);
        let _ = writeln!(md, "| {} |", cell_list(&c).join(" | "));
    }
    let problems: Vec<&Row> = rows.iter().filter(|r| r.problem.is_some()).collect();
    if !problems.is_empty() {
        let _ = writeln!(md, "\nFailures:\n");
        for r in problems {
            let _ = writeln!(
                md,
                "- {}: {}",
                r.entry.name,
                r.problem.as_deref().unwrap_or("").replace('|', "\\|")
            );
        }
    }
    let _ = writeln!(
        md,
        "\nWhether the generated types keep what the specs' examples hold: \
         [roundtrip-report.md](roundtrip-report.md) (`cargo xtask roundtrip`).\n"
    );
    md.push_str(&benchmarks(rows, run));
    md.push_str(&fallback_summary(rows));
    md
}

/// `name 12.3×` for the `n` worst of `values` above `limit`, and how many there are.
fn worst_over(values: &[(&str, f64)], limit: f64, n: usize) -> String {
    let mut over: Vec<&(&str, f64)> = values.iter().filter(|(_, x)| *x > limit).collect();
    if over.is_empty() {
        return String::new();
    }
    over.sort_by(|a, b| b.1.total_cmp(&a.1));
    let shown: Vec<String> = over
        .iter()
        .take(n)
        .map(|(name, x)| format!("{name} {x:.1}×"))
        .collect();
    format!(
        " ({} of {} over; worst: {})",
        over.len(),
        values.len(),
        shown.join(", ")
    )
}

fn benchmarks(rows: &[Row], run: &RunInfo) -> String {
    let mut md = String::from("\n## Benchmarks\n\n");
    let done: Vec<(&Row, &GenStats)> = rows
        .iter()
        .filter(|r| r.generated())
        .filter_map(|r| r.stats.as_ref().map(|s| (r, s)))
        .collect();
    if done.is_empty() {
        md.push_str("Nothing was generated.\n");
        return md;
    }
    let inside: f64 = done.iter().map(|(_, s)| s.generate_ms).sum::<f64>() / 1000.0;
    let cpu: f64 = done.iter().map(|(_, s)| s.cpu_ms).sum::<f64>() / 1000.0;
    let parse_total: f64 = done.iter().map(|(_, s)| s.parse_ms).sum::<f64>() / 1000.0;
    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    let _ = writeln!(
        md,
        "- Whole corpus: {inside:.2} s inside the generator ({cpu:.2} s of CPU over all \
         threads; bare parsing alone takes {parse_total:.2} s), {:.2} s wall for the whole \
         phase (a process per spec, writing the files, and parsing each spec again to time it). \
         Target under 10 s: {} inside the generator, {} for the phase.",
        run.generation_wall.as_secs_f64(),
        verdict(inside < 10.0),
        verdict(run.generation_wall.as_secs_f64() < 10.0)
    );
    if let Some((largest, s)) = done.iter().max_by_key(|(_, s)| s.spec_bytes) {
        let _ = writeln!(
            md,
            "- Largest spec: {} ({:.1} MiB): generated in {:.0} ms ({:.0} ms CPU; parse alone \
             {:.0} ms). Target under 1 s: {}.",
            largest.entry.name,
            s.spec_bytes as f64 / (1024.0 * 1024.0),
            s.generate_ms,
            s.cpu_ms,
            s.parse_ms,
            verdict(s.generate_ms < 1000.0)
        );
    }
    let mut slowest: Vec<&(&Row, &GenStats)> = done.iter().collect();
    slowest.sort_by(|a, b| b.1.generate_ms.total_cmp(&a.1.generate_ms));
    let _ = writeln!(
        md,
        "- Slowest specs: {}.",
        slowest
            .iter()
            .take(5)
            .map(|(r, s)| format!(
                "{} {:.0} ms ({:.0} ms CPU)",
                r.entry.name, s.generate_ms, s.cpu_ms
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Generation time against parse time.
    let ratios: Vec<(&str, f64)> = done
        .iter()
        .filter(|(_, s)| s.parse_ms > 0.0)
        .map(|(r, s)| (r.entry.name.as_str(), s.generate_ms / s.parse_ms))
        .collect();
    let over = worst_over(&ratios, 5.0, 5);
    let _ = writeln!(
        md,
        "- Generation time / bare parse time: whole corpus {:.1}×, median {:.1}×. Target within \
         5×: {}{over}. Parsing JSON is fast (serde_json) while printing Rust \
         (quote, syn, prettyplease) and writing the reference pages cost far more per byte; \
         YAML specs, slower to parse, come closest.",
        inside / parse_total.max(f64::MIN_POSITIVE),
        median(ratios.iter().map(|(_, x)| *x).collect()),
        verdict(over.is_empty()),
    );
    // Lines per operation.
    let lines: usize = done.iter().map(|(_, s)| s.lines).sum();
    let ops: usize = done.iter().map(|(_, s)| s.operations).sum();
    let per_op: Vec<f64> = done
        .iter()
        .filter(|(_, s)| s.operations > 0)
        .map(|(_, s)| s.lines as f64 / s.operations as f64)
        .collect();
    let _ = writeln!(
        md,
        "- Generated Rust lines per operation: {:.0} over the corpus ({lines} lines, {ops} \
         operations; the types count too), median per spec {:.0}.",
        lines as f64 / ops.max(1) as f64,
        median(per_op)
    );
    // Compile cost.
    let compiled: Vec<(&Row, &GenStats)> = done
        .iter()
        .copied()
        .filter(|(r, _)| r.checked.compile == Compile::Ok)
        .collect();
    if !compiled.is_empty() {
        let per_100 = |set: &[&(&Row, &GenStats)]| {
            let secs: f64 = set.iter().map(|(r, _)| r.checked.compile_secs).sum();
            let ops: usize = set.iter().map(|(_, s)| s.operations).sum();
            secs * 100.0 / ops.max(1) as f64
        };
        let big: Vec<&(&Row, &GenStats)> = compiled
            .iter()
            .filter(|(_, s)| s.operations >= 50)
            .collect();
        let all: Vec<&(&Row, &GenStats)> = compiled.iter().collect();
        let _ = writeln!(
            md,
            "- Compile seconds per 100 operations (debug, not incremental, dependencies built): \
             {:.1} s for specs with at least 50 operations ({} specs), {:.1} s over all compiled \
             specs. Peers on this corpus: about 12 s (progenitor) and 14 s (openapi-generator).",
            per_100(&big),
            big.len(),
            per_100(&all),
        );
    }
    if let Some(wall) = run.compile_wall {
        let deps = run.deps_secs.unwrap_or(0.0);
        let _ = writeln!(
            md,
            "- Compile wall time: {:.0} s for all crates, {}.",
            wall.as_secs_f64(),
            if deps < 5.0 {
                "the shared dependencies being already built by an earlier run".to_string()
            } else {
                format!("of which {deps:.0} s building the shared dependencies once")
            }
        );
    }
    // Memory.
    let large: Vec<(&str, f64, f64)> = done
        .iter()
        .filter(|(_, s)| s.spec_bytes >= 100 * 1024 && s.peak_kib > 0)
        .map(|(r, s)| {
            let peak = s.peak_kib as f64 * 1024.0;
            let grown = s.peak_kib.saturating_sub(s.baseline_kib) as f64 * 1024.0;
            (
                r.entry.name.as_str(),
                peak / s.spec_bytes as f64,
                grown / s.spec_bytes as f64,
            )
        })
        .collect();
    if !large.is_empty() {
        let ratios: Vec<(&str, f64)> = large.iter().map(|(n, x, _)| (*n, *x)).collect();
        let over = worst_over(&ratios, 20.0, 5);
        let _ = writeln!(
            md,
            "- Peak memory (VmHWM) / spec size, for the {} specs of 100 KiB or more: median \
             {:.1}×, counting only what the process grew after start-up median {:.1}×. Target \
             under 20×: {}{over}. The process starts at about {:.1} MiB, which dominates small \
             specs.",
            large.len(),
            median(ratios.iter().map(|(_, x)| *x).collect()),
            median(large.iter().map(|(_, _, x)| *x).collect()),
            verdict(over.is_empty()),
            done.iter()
                .map(|(_, s)| s.baseline_kib as f64 / 1024.0)
                .fold(f64::INFINITY, f64::min)
        );
    }
    md
}

fn fallback_summary(rows: &[Row]) -> String {
    let mut by_reason: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        for (_, reason) in &row.fallbacks {
            let entry = by_reason.entry(reason_class(reason)).or_default();
            if !entry.contains(&row.entry.name) {
                entry.push(row.entry.name.clone());
            }
        }
    }
    let mut md = String::from("\n## Fallbacks\n\n");
    let total: usize = rows.iter().map(|r| r.fallbacks.len()).sum();
    if total == 0 {
        md.push_str("None: every schema was typed.\n");
        return md;
    }
    let _ = writeln!(
        md,
        "{total} places where a schema could not be typed exactly and `serde_json::Value` (or \
         raw bytes) stands in, by reason (each listed with its pointer in \
         `target/corpus/fallbacks.tsv`):\n"
    );
    let mut counted: Vec<(usize, String, Vec<String>)> = by_reason
        .into_iter()
        .map(|(reason, specs)| {
            let n = rows
                .iter()
                .flat_map(|r| &r.fallbacks)
                .filter(|(_, r)| reason_class(r) == reason)
                .count();
            (n, reason, specs)
        })
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (n, reason, specs) in counted {
        let _ = writeln!(md, "- {n} × {reason} ({})", specs.join(", "));
    }
    md
}

/// Fallback reasons without the details that differ per place (the quoted part).
fn reason_class(reason: &str) -> String {
    match reason.split_once('`') {
        Some((before, rest)) => match rest.split_once('`') {
            Some((_, after)) => format!("{before}`…`{after}"),
            None => reason.to_string(),
        },
        None => reason.to_string(),
    }
}

pub(super) fn write_fallbacks(out_root: &Path, rows: &[Row]) {
    let mut tsv = String::from("spec\tpointer\treason\n");
    for row in rows {
        for (pointer, reason) in &row.fallbacks {
            let _ = writeln!(tsv, "{}\t{pointer}\t{reason}", row.entry.name);
        }
    }
    let _ = std::fs::write(out_root.join("fallbacks.tsv"), tsv);
}
