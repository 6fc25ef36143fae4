//! One spec's row of results: what generating it and compiling its crate
//! found.

use super::compile::Checked;
use super::manifest::Entry;

/// What generating one spec measured (from the `oagen-stats` line).
#[derive(Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct GenStats {
    pub(crate) dialect: String,
    pub(crate) parse_ms: f64,
    pub(crate) generate_ms: f64,
    /// CPU time of generating, all threads (more than `generate_ms` when
    /// printing ran in parallel, less when the machine was busy).
    pub(crate) cpu_ms: f64,
    pub(crate) write_ms: f64,
    pub(crate) lines: usize,
    pub(crate) operations: usize,
    pub(crate) types: usize,
    pub(crate) fallbacks: usize,
    pub(crate) warnings: usize,
    pub(crate) spec_bytes: u64,
    pub(crate) peak_kib: u64,
    pub(crate) baseline_kib: u64,
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
