//! `cargo xtask fuzz-runtime [--seconds N] [--seed S] [--release] [--hang-seconds N]`:
//! fuzzing the generated clients' runtime with what a server controls
//! (`Retry-After`, `Location`, pagination, whole raw HTTP responses served
//! to a real client; see `client-tests/src/fuzz_runtime/`).
//!
//! This is the supervisor: it builds the `fuzz-runtime` program of
//! `client-tests` and runs it as a worker, which writes each input to
//! `<target>/fuzz-runtime/run-<pid>/current.json` before running it and
//! saves what it finds to `client-tests/fuzz-regressions/runtime/`. When
//! the worker dies (an abort, a stack overflow) or its watchdog ends it (an
//! execution that does not end), the supervisor keeps that input there as
//! well and starts a new worker for the time left. `--release` builds with
//! optimisations but keeps overflow checks and debug assertions, so that
//! arithmetic that would wrap in a release build is still found. Exits 1 if
//! anything was found.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The options, parsed in `cli.rs`.
use crate::cli::FuzzRuntimeArgs as Options;

pub fn fuzz_runtime(root: &Path, options: &Options) -> ExitCode {
    let program = match build_worker(root, options.release) {
        Ok(program) => program,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let state = crate::cargo_target_dir(root)
        .join("fuzz-runtime")
        .join(format!("run-{}", std::process::id()));
    let regressions = root.join("client-tests/fuzz-regressions/runtime");
    if let Err(e) = std::fs::create_dir_all(&state).and(std::fs::create_dir_all(&regressions)) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let (mut executions, mut findings, mut crashes, mut workers) = (0u64, 0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .max(1);
        workers += 1;
        let seed = options.seed.wrapping_add(workers - 1);
        let run = run_worker(
            &program,
            &state,
            &regressions,
            left,
            seed,
            options.hang_seconds,
        );
        match run {
            Ok(Ended::Finished { summary }) => {
                executions += number(&summary, "executions");
                findings += number(&summary, "findings");
                println!("worker {workers} (seed {seed}): {summary}");
                break;
            }
            Ok(Ended::Died { how, summary }) => {
                executions += summary.as_deref().map_or(0, |s| number(s, "executions"));
                crashes += 1;
                let kept = keep_input(&state, &regressions);
                eprintln!("worker {workers} (seed {seed}) {how}; its input: {kept}");
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "fuzz-runtime: {executions} executions in {seconds:.0} s ({:.0}/s), {findings} findings, {crashes} crashed or hung workers",
        executions as f64 / seconds.max(1e-9)
    );
    if findings + crashes > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Builds the worker and returns its path (from cargo's JSON messages).
fn build_worker(root: &Path, release: bool) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(&cargo);
    command.current_dir(root).args([
        "build",
        "--package",
        "client-tests",
        "--bin",
        "fuzz-runtime",
        "--message-format=json-render-diagnostics",
    ]);
    if release {
        command.args([
            "--release",
            "--config",
            "profile.release.overflow-checks=true",
            "--config",
            "profile.release.debug-assertions=true",
        ]);
    }
    println!(
        "building the runtime fuzzer{}",
        if release {
            " (release, with overflow checks)"
        } else {
            ""
        }
    );
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run {cargo}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "building the runtime fuzzer failed ({})",
            output.status
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| oagen::serde_json::from_str::<oagen::serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "fuzz-runtime")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not name the runtime fuzzer's executable".to_owned())
}

enum Ended {
    /// Ran its time; `summary` is its last line's JSON.
    Finished { summary: String },
    /// Killed by a signal or ended by its watchdog.
    Died {
        how: String,
        summary: Option<String>,
    },
}

fn run_worker(
    program: &Path,
    state: &Path,
    regressions: &Path,
    seconds: u64,
    seed: u64,
    hang: u64,
) -> Result<Ended, String> {
    let mut child = Command::new(program)
        .arg("--seconds")
        .arg(seconds.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--hang-seconds")
        .arg(hang.to_string())
        .arg("--state")
        .arg(state)
        .arg("--regressions")
        .arg(regressions)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not run {}: {e}", program.display()))?;
    let mut summary = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            match line.strip_prefix("summary ") {
                Some(json) => summary = Some(json.to_owned()),
                None => println!("{line}"),
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(match (status.code(), summary) {
        (Some(0 | 1), Some(summary)) => Ended::Finished { summary },
        (Some(3), summary) => Ended::Died {
            how: "hung (an execution outlived --hang-seconds)".into(),
            summary,
        },
        (_, summary) => Ended::Died {
            how: format!("died ({status})"),
            summary,
        },
    })
}

/// Copies the input the worker was running into the regressions folder.
fn keep_input(state: &Path, regressions: &Path) -> String {
    let current = state.join("current.json");
    let mut text = String::new();
    if std::fs::File::open(&current)
        .and_then(|mut f| f.read_to_string(&mut text))
        .is_err()
    {
        return format!("none ({} unreadable)", current.display());
    }
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let kept = regressions.join(format!("crash-{hash:016x}.json"));
    match std::fs::write(&kept, &text) {
        Ok(()) => kept.display().to_string(),
        Err(e) => format!("not kept ({}: {e})", kept.display()),
    }
}

fn number(summary: &str, field: &str) -> u64 {
    oagen::serde_json::from_str::<oagen::serde_json::Value>(summary)
        .ok()
        .and_then(|v| v[field].as_u64())
        .unwrap_or(0)
}
