//! Timing a program: wall time, and the CPU time (user + system) of it and
//! every descendant it waited for; and `cargo build` of one generated crate
//! measured that way.

use crate::corpus::compile::package_id_names;
use crate::process::{own_process_group, stop_with_parent, wait_with_deadline};
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What one run of a program took and said.
pub(super) struct Timed {
    pub(super) wall_secs: f64,
    /// `None` where /proc does not tell.
    pub(super) cpu_secs: Option<f64>,
    pub(super) status: ExitStatus,
    pub(super) stdout: String,
    pub(super) stderr: String,
}

/// Runs `command` to its end (at most `limit`), timing it. Its CPU time is
/// what the children this process waited for used meanwhile (`cutime` and
/// `cstime` grow when a child is reaped, by its time and that of the
/// descendants it reaped: cargo's rustc processes included).
pub(super) fn run_timed(
    mut command: Command,
    limit: Duration,
    what: &str,
) -> Result<Timed, String> {
    stop_with_parent(&mut command);
    // Stopped early (a limit, Ctrl-C), cargo goes with its rustc processes.
    own_process_group(&mut command);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let cpu_before = children_cpu_secs();
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not run {what}: {e}"))?;
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = read(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = read(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = wait_with_deadline(child, limit, what)?;
    let wall_secs = started.elapsed().as_secs_f64();
    let cpu_secs = cpu_before
        .zip(children_cpu_secs())
        .map(|(before, after)| after - before);
    Ok(Timed {
        wall_secs,
        cpu_secs,
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// `cutime + cstime` of this process, in seconds (at the usual 100 ticks a
/// second).
fn children_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    children_cpu_from_stat(&stat)
}

pub(super) fn children_cpu_from_stat(stat: &str) -> Option<f64> {
    // The command name may hold spaces and parentheses: fields follow the last `)`.
    let (_, after_name) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // Fields 16 and 17 of proc(5); the state (field 3) is the first here.
    Some((ticks(13)? + ticks(14)?) as f64 / 100.0)
}

/// One `cargo build` of a generated crate.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Build {
    pub(super) wall_secs: f64,
    pub(super) cpu_secs: f64,
    /// Units of other packages compiled (not fresh): a build with any is
    /// no measurement of the crate alone.
    pub(super) deps_built: usize,
    /// Whether a TLS implementation (rustls, native-tls, OpenSSL) was
    /// among what it compiled or found fresh.
    pub(super) tls: bool,
}

/// Where cargo builds and with what.
pub(super) struct Cargo<'a> {
    pub(super) cargo: &'a str,
    pub(super) target_dir: &'a Path,
}

impl Cargo<'_> {
    fn command(&self, crate_dir: &Path) -> Command {
        let mut command = Command::new(self.cargo);
        command
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", self.target_dir)
            // Each crate compiled whole, as a freshly generated crate is.
            .env("CARGO_INCREMENTAL", "0")
            // What a user's environment adds would change the figures.
            .env_remove("RUSTFLAGS")
            .env_remove("RUSTC_WRAPPER")
            .env_remove("CARGO_BUILD_RUSTC_WRAPPER");
        command
    }

    /// `cargo clean -p package`: the crate is compiled again, its
    /// dependencies not.
    pub(super) fn clean(&self, crate_dir: &Path, package: &str) -> Result<(), String> {
        let mut command = self.command(crate_dir);
        command.args(["clean", "--quiet", "-p", package]);
        let run = run_timed(command, Duration::from_secs(600), "cargo clean")?;
        if run.status.success() {
            Ok(())
        } else {
            Err(first_error_line(&run.stderr, ""))
        }
    }

    /// `cargo build -p package` (debug) with `extra` arguments, timed; the
    /// first line of the error when it fails.
    pub(super) fn build(
        &self,
        crate_dir: &Path,
        package: &str,
        extra: &[&str],
    ) -> Result<Build, String> {
        let mut command = self.command(crate_dir);
        command
            .args(["build", "--message-format=json", "-p", package])
            .args(extra);
        let run = run_timed(command, BUILD_LIMIT, &format!("cargo build -p {package}"))?;
        if !run.status.success() {
            return Err(first_error_line(
                &run.stderr,
                &first_compiler_error(&run.stdout),
            ));
        }
        Ok(Build {
            wall_secs: run.wall_secs,
            cpu_secs: run
                .cpu_secs
                .ok_or("no CPU time: /proc/self/stat is unreadable")?,
            deps_built: dependencies_built(&run.stdout, package),
            tls: compiled_tls(&run.stdout),
        })
    }
}

const BUILD_LIMIT: Duration = Duration::from_secs(60 * 60);

/// The units of packages other than `package` that cargo's JSON messages
/// say it compiled rather than found fresh.
pub(super) fn dependencies_built(stdout: &str, package: &str) -> usize {
    stdout
        .lines()
        .filter_map(|line| oagen::serde_json::from_str::<oagen::serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["fresh"] == false)
        .filter(|m| !package_id_names(m["package_id"].as_str().unwrap_or(""), package))
        .count()
}

/// Whether cargo's JSON messages name a TLS implementation's package.
pub(super) fn compiled_tls(stdout: &str) -> bool {
    stdout
        .lines()
        .filter_map(|line| oagen::serde_json::from_str::<oagen::serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter_map(|m| m["package_id"].as_str().map(str::to_owned))
        .any(|id| {
            ["#rustls@", "#native-tls@", "#openssl@"]
                .iter()
                .any(|t| id.contains(t))
        })
}

/// The first error rustc reported in cargo's JSON messages, or "".
fn first_compiler_error(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|line| oagen::serde_json::from_str::<oagen::serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
        .find_map(|m| m["message"]["message"].as_str().map(str::to_owned))
        .map(|m| format!("error: {m}"))
        .unwrap_or_default()
}

/// The line that says what went wrong: `preferred` when given, else the
/// first line of `stderr` that starts with `error` (any case) or tells of a
/// panic, with the line after it when that one carries the message (a
/// panic's, or a `╰─▶` cause), else its first non-empty line.
pub(super) fn first_error_line(stderr: &str, preferred: &str) -> String {
    let lines: Vec<&str> = preferred
        .lines()
        .chain(stderr.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let from_preferred = preferred.lines().any(|l| !l.trim().is_empty());
    let is_error = |l: &&str| {
        l.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("error")) || l.contains("panicked at")
    };
    let at = if from_preferred {
        Some(0)
    } else {
        lines.iter().position(is_error)
    };
    let Some(at) = at.or((!lines.is_empty()).then_some(0)) else {
        return "failed without a message".into();
    };
    let line = lines[at];
    match lines.get(at + 1) {
        Some(next) if line.ends_with(':') || next.starts_with('╰') => format!("{line} {next}"),
        _ => line.to_owned(),
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub(super) fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Lines of Rust in the `.rs` files under `dir`, leaving out the folders
/// named in `skip` (relative to `dir`).
pub(super) fn rust_lines(dir: &Path, skip: &[&str]) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            if skip.iter().any(|s| relative == Path::new(s)) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}
