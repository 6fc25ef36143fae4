//! One spec's row of results: what generating it and compiling its crate
//! found.

use super::compile::Checked;
use super::manifest::Entry;

/// What generating one spec measured (from the `oagen-stats` line).
#[derive(Default, Clone)]
pub(super) struct GenStats {
    pub(super) dialect: String,
    pub(super) parse_ms: f64,
    pub(super) generate_ms: f64,
    /// CPU time of generating, all threads (more than `generate_ms` when
    /// printing ran in parallel, less when the machine was busy).
    pub(super) cpu_ms: f64,
    pub(super) write_ms: f64,
    pub(super) lines: usize,
    pub(super) operations: usize,
    pub(super) types: usize,
    pub(super) fallbacks: usize,
    pub(super) warnings: usize,
    pub(super) spec_bytes: u64,
    pub(super) peak_kib: u64,
    pub(super) baseline_kib: u64,
}

pub(super) struct Row {
    pub(super) entry: Entry,
    pub(super) crate_name: String,
    /// `None` when generation failed; the error is in `problem`.
    pub(super) stats: Option<GenStats>,
    pub(super) fallbacks: Vec<(String, String)>,
    pub(super) problem: Option<String>,
    /// What building, linting and compiling the doc examples found.
    pub(super) checked: Checked,
}

impl Row {
    pub(super) fn generated(&self) -> bool {
        self.stats.is_some() && self.problem.is_none()
    }
}
