//! Generating one spec's crate with the release `oagen` (its `--stats` line
//! gives the timings and sizes).

use super::manifest::{Entry, crate_name, module_name};
use super::row::{GenStats, Row};
use std::path::Path;
use std::process::{Command, Stdio};

pub(crate) fn parse_stats(line: &str) -> GenStats {
    let mut s = GenStats::default();
    for field in line.split('\t').skip(1) {
        let Some((key, value)) = field.split_once('=') else {
            continue;
        };
        let f = || value.parse::<f64>().unwrap_or(0.0);
        let n = || value.parse::<u64>().unwrap_or(0);
        match key {
            "dialect" => s.dialect = value.replace('-', " "),
            "parse_ms" => s.parse_ms = f(),
            "generate_ms" => s.generate_ms = f(),
            "cpu_ms" => s.cpu_ms = f(),
            "write_ms" => s.write_ms = f(),
            "lines" => s.lines = n() as usize,
            "operations" => s.operations = n() as usize,
            "types" => s.types = n() as usize,
            "fallbacks" => s.fallbacks = n() as usize,
            "warnings" => s.warnings = n() as usize,
            "spec_bytes" => s.spec_bytes = n(),
            "peak_kib" => s.peak_kib = n(),
            "baseline_kib" => s.baseline_kib = n(),
            _ => {}
        }
    }
    s
}

pub(super) fn generate_one(oagen: &Path, corpus: &Path, crates_dir: &Path, entry: Entry) -> Row {
    let crate_name = crate_name(&entry.name);
    let mut row = Row {
        crate_name: crate_name.clone(),
        entry,
        stats: None,
        fallbacks: Vec::new(),
        problem: None,
        checked: Default::default(),
    };
    let spec = corpus.join(&row.entry.file);
    let out = crates_dir.join(&row.entry.name);
    let output = Command::new(oagen)
        .arg("generate")
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", &crate_name])
        .args(["--module", &module_name(&row.entry.name)])
        // The corpus's own scratch folder: crates from runs before outputs
        // carried oagen's marker are replaced too.
        .args(["--stats", "--workspace-member", "--force"])
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            row.problem = Some(format!("cannot run {}: {e}", oagen.display()));
            return row;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        if line.starts_with("oagen-stats\t") {
            row.stats = Some(parse_stats(line));
        } else if let Some(rest) = line.strip_prefix("oagen-fallback\t") {
            let (pointer, reason) = rest.split_once('\t').unwrap_or((rest, ""));
            row.fallbacks
                .push((pointer.to_string(), reason.to_string()));
        }
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr
            .lines()
            .filter(|l| l.starts_with("error"))
            .collect::<Vec<_>>()
            .join("; ");
        row.problem = Some(if message.is_empty() {
            format!("oagen exited with {}", output.status)
        } else {
            message
        });
        row.stats = None;
        return row;
    }
    match (&row.stats, row.entry.operations) {
        (None, _) => row.problem = Some("oagen printed no stats".into()),
        (Some(s), Some(expected)) if s.operations != expected => {
            row.problem = Some(format!(
                "{} operations generated, the manifest counts {expected}",
                s.operations
            ));
        }
        _ => {}
    }
    row
}
