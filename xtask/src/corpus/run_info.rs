//! What the run as a whole measured beside the rows, and the machine it ran
//! on.

use std::process::Command;
use std::time::Duration;

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub(crate) fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let nproc = command_output("nproc", &[]).unwrap_or_else(|| cpus.to_string());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let kib: u64 = info
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!(", {:.1} GiB RAM", kib as f64 / (1024.0 * 1024.0)))
        });
    let rustc = command_output("rustc", &["-V"]).unwrap_or_else(|| "rustc ?".into());
    format!(
        "`nproc` = {nproc}, {model}{}, {rustc}",
        memory.unwrap_or_default()
    )
}

/// What the run as a whole measured, beside the rows.
#[derive(Default)]
pub(super) struct RunInfo {
    pub(super) generation_wall: Duration,
    pub(super) compile_wall: Option<Duration>,
    pub(super) deps_secs: Option<f64>,
    /// One-minute load averages: other work on the machine skews timings.
    pub(super) load_before: Option<f64>,
    pub(super) load_after_generation: Option<f64>,
    pub(super) load_after_compile: Option<f64>,
}

pub(crate) fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
