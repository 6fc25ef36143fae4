//! The summary line and the table printed on the terminal.

use super::compile::Compile;
use super::row::Row;
use std::fmt::Write as _;

pub(super) fn summary_line(rows: &[Row], generate_only: bool) -> String {
    let n = rows.len();
    let generated = rows.iter().filter(|r| r.generated()).count();
    let fallbacks: usize = rows.iter().map(|r| r.fallbacks.len()).sum();
    if generate_only {
        return format!("{generated}/{n} generate, compile skipped, {fallbacks} fallbacks");
    }
    let compiled = rows
        .iter()
        .filter(|r| r.checked.compile == Compile::Ok)
        .count();
    let warnings: usize = rows.iter().map(|r| r.checked.warnings).sum();
    let clippy: usize = rows.iter().filter_map(|r| r.checked.clippy).sum();
    let doctests = rows.iter().filter_map(|r| r.checked.doctests);
    let (passed, failed) = doctests.fold((0, 0), |(p, f), d| (p + d.passed, f + d.failed));
    let doctests_failing = rows
        .iter()
        .filter(|r| r.checked.doctests.is_some_and(|d| !d.ok || d.failed > 0))
        .count();
    format!(
        "{generated}/{n} generate, {compiled}/{n} compile, {warnings} warnings, {clippy} clippy \
         findings, {passed}/{} doc examples compile ({doctests_failing} specs with failures), \
         {fallbacks} fallbacks",
        passed + failed
    )
}

fn status_text(row: &Row) -> &'static str {
    if !row.generated() {
        return "no crate";
    }
    match row.checked.compile {
        Compile::Skipped => "skipped",
        Compile::Ok => "ok",
        Compile::Failed => "FAILED",
    }
}

pub(super) struct Cells {
    spec: String,
    pub(super) dialect: String,
    ops: String,
    gen_ms: String,
    pub(super) cpu_ms: String,
    pub(super) parse_ms: String,
    pub(super) lines: String,
    pub(super) compile: String,
    pub(super) warnings: String,
    pub(super) clippy: String,
    pub(super) doctests: String,
    compile_s: String,
    pub(super) fallbacks: String,
    peak: String,
}

pub(super) fn cells(row: &Row) -> Cells {
    let s = row.stats.as_ref();
    let dialect = s
        .map(|s| s.dialect.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| row.entry.spec_version.clone());
    let checked = &row.checked;
    let compiled = checked.compile != Compile::Skipped;
    Cells {
        spec: row.entry.name.clone(),
        dialect,
        ops: s.map_or("-".into(), |s| s.operations.to_string()),
        gen_ms: s.map_or("-".into(), |s| format!("{:.1}", s.generate_ms)),
        cpu_ms: s.map_or("-".into(), |s| format!("{:.0}", s.cpu_ms)),
        parse_ms: s.map_or("-".into(), |s| format!("{:.1}", s.parse_ms)),
        lines: s.map_or("-".into(), |s| s.lines.to_string()),
        compile: status_text(row).into(),
        warnings: if compiled {
            checked.warnings.to_string()
        } else {
            "-".into()
        },
        clippy: checked.clippy.map_or("-".into(), |n| n.to_string()),
        doctests: checked.doctests.map_or("-".into(), doctest_cell),
        compile_s: if compiled {
            format!("{:.1}", checked.compile_secs)
        } else {
            "-".into()
        },
        fallbacks: s.map_or("-".into(), |_| row.fallbacks.len().to_string()),
        peak: s.map_or("-".into(), |s| format!("{:.1}", s.peak_kib as f64 / 1024.0)),
    }
}

/// `passed/total`, marked where an example failed or `cargo test --doc`
/// itself did.
pub(crate) fn doctest_cell(d: super::compile::Doctests) -> String {
    let total = d.passed + d.failed;
    if d.failed > 0 || !d.ok {
        format!("{}/{total} FAILED", d.passed)
    } else {
        format!("{}/{total}", d.passed)
    }
}

pub(super) const HEADERS: [&str; COLUMNS] = [
    "spec",
    "dialect",
    "ops",
    "gen ms",
    "cpu ms",
    "parse ms",
    "lines",
    "compile",
    "warnings",
    "clippy",
    "doctests",
    "compile s",
    "fallbacks",
    "peak MiB",
];

const COLUMNS: usize = 14;

pub(super) fn cell_list(c: &Cells) -> [&str; COLUMNS] {
    [
        &c.spec,
        &c.dialect,
        &c.ops,
        &c.gen_ms,
        &c.cpu_ms,
        &c.parse_ms,
        &c.lines,
        &c.compile,
        &c.warnings,
        &c.clippy,
        &c.doctests,
        &c.compile_s,
        &c.fallbacks,
        &c.peak,
    ]
}

pub(super) fn text_table(rows: &[Row]) -> String {
    let all: Vec<Cells> = rows.iter().map(cells).collect();
    let mut widths = HEADERS.map(str::len);
    for c in &all {
        for (w, v) in widths.iter_mut().zip(cell_list(c)) {
            *w = (*w).max(v.len());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, values: [&str; COLUMNS]| {
        for (i, (v, w)) in values.iter().zip(widths).enumerate() {
            if i < 2 {
                let _ = write!(out, "{v:<w$}  ");
            } else {
                let _ = write!(out, "{v:>w$}  ");
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    };
    line(&mut out, HEADERS);
    for c in &all {
        line(&mut out, cell_list(c));
    }
    for row in rows {
        if let Some(problem) = &row.problem {
            let _ = writeln!(out, "{}: {problem}", row.entry.name);
        }
    }
    out
}
