//! The supervisor: runs workers until the time is up and catches what kills
//! them (a stack overflow, an abort, running out of memory, a hang).

use super::inputs::{input_path, regressions_dir, save_regression};
use super::options::Options;
use super::seeds::seed_files;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The worker's address-space limit: a mutant that makes the generator
/// allocate without bound fails there instead of taking the machine.
const WORKER_MEMORY_MIB: u64 = 6 * 1024;

#[derive(Default)]
struct Totals {
    executions: u64,
    generated: u64,
    refused: u64,
    /// Crashes by description (panics at one place count together).
    crashes: BTreeMap<String, u64>,
    mutations: BTreeMap<String, u64>,
    /// Errors by kind.
    errors: BTreeMap<String, u64>,
    workers: u64,
}

pub(super) fn supervise(root: &Path, options: &Options, state: &Path) -> ExitCode {
    let (files, source) = seed_files(root, options.corpus.as_deref());
    if files.is_empty() {
        eprintln!("error: no seed specs found");
        return ExitCode::FAILURE;
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot find the xtask binary: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "fuzz: {} seeds from {source} and generator/tests/malformed/; {} s, seed {}",
        files.len(),
        options.seconds,
        options.seed
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut totals = Totals::default();
    let mut last_report = Instant::now();
    while Instant::now() + Duration::from_secs(1) < deadline {
        let remaining = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .max(1);
        let seed = options
            .seed
            .wrapping_add(totals.workers.wrapping_mul(0x1000_0000));
        let mut args: Vec<String> = vec![
            "fuzz".into(),
            "--worker".into(),
            "--seconds".into(),
            remaining.to_string(),
            "--seed".into(),
            seed.to_string(),
        ];
        if let Some(c) = &options.corpus {
            args.extend(["--corpus".into(), c.display().to_string()]);
        }
        if let Some(r) = &options.regressions {
            args.extend(["--regressions".into(), r.display().to_string()]);
        }
        args.extend(["--state".into(), state.display().to_string()]);
        // `ulimit -v` bounds the worker's memory where a shell is there to set it.
        let mut command = if Path::new("/bin/sh").exists() {
            let mut c = Command::new("/bin/sh");
            c.arg("-c")
                .arg(format!(
                    "ulimit -v {} 2>/dev/null; exec \"$0\" \"$@\"",
                    WORKER_MEMORY_MIB * 1024
                ))
                .arg(&exe)
                .args(&args);
            c
        } else {
            let mut c = Command::new(&exe);
            c.args(&args);
            c
        };
        let mut child = match command
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: cannot start a fuzz worker: {e}");
                return ExitCode::FAILURE;
            }
        };
        totals.workers += 1;
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut running: Option<String> = None;
        let mut hung = false;
        loop {
            match rx.recv_timeout(Duration::from_secs(options.hang_seconds)) {
                Ok(line) => {
                    let (kind, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
                    match kind {
                        "s" => {
                            totals.executions += 1;
                            running = Some(rest.to_string());
                        }
                        "m" => *totals.mutations.entry(rest.to_string()).or_default() += 1,
                        "o" => {
                            totals.generated += 1;
                            running = None;
                        }
                        "e" => {
                            totals.refused += 1;
                            *totals.errors.entry(rest.to_string()).or_default() += 1;
                            running = None;
                        }
                        "p" => {
                            eprintln!("fuzz: PANIC {rest}");
                            let what = rest.split_once(' ').map_or(rest, |(_, w)| w);
                            *totals
                                .crashes
                                .entry(format!("panic at {what}"))
                                .or_default() += 1;
                            running = None;
                        }
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if running.is_some() {
                        hung = true;
                    }
                    let _ = child.kill();
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if last_report.elapsed() > Duration::from_secs(60) {
                last_report = Instant::now();
                report_progress(&totals, started);
            }
        }
        let status = child.wait();
        if let Some(seed_name) = running {
            // The worker died (or hung) in the middle of an execution.
            let what = if hung {
                format!("hang (no answer in {} s)", options.hang_seconds)
            } else {
                match &status {
                    Ok(s) => format!("worker died: {s}"),
                    Err(e) => format!("worker lost: {e}"),
                }
            };
            let input = [true, false]
                .into_iter()
                .map(|yaml| (input_path(state, yaml), yaml))
                .find(|(p, _)| p.exists());
            let name = match input.and_then(|(p, yaml)| Some((std::fs::read(p).ok()?, yaml))) {
                Some((bytes, yaml)) => {
                    save_regression(&regressions_dir(root, options), &bytes, yaml, state)
                }
                None => "(input lost)".into(),
            };
            eprintln!("fuzz: CRASH {name} ({what}; seed {seed_name})");
            *totals
                .crashes
                .entry(format!("{what}: {name} (seed {seed_name})"))
                .or_default() += 1;
        }
    }
    let elapsed = started.elapsed();
    report_progress(&totals, started);
    let mut mutations: Vec<_> = totals.mutations.iter().collect();
    mutations.sort_by(|a, b| b.1.cmp(a.1));
    eprintln!(
        "fuzz: mutations applied: {}",
        mutations
            .iter()
            .map(|(m, n)| format!("{m} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut errors: Vec<_> = totals.errors.iter().collect();
    errors.sort_by(|a, b| b.1.cmp(a.1));
    eprintln!("fuzz: the most common errors:");
    for (kind, n) in errors.iter().take(15) {
        eprintln!("  {n:>7}  {kind}");
    }
    println!(
        "fuzz: {} executions in {:.0} s ({:.1}/s): {} generated, {} refused with an error, {} crashes; {} worker(s)",
        totals.executions,
        elapsed.as_secs_f64(),
        totals.executions as f64 / elapsed.as_secs_f64().max(0.001),
        totals.generated,
        totals.refused,
        totals.crashes.values().sum::<u64>(),
        totals.workers
    );
    if totals.crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        for (c, n) in &totals.crashes {
            println!("fuzz: crash ({n}x): {c}");
        }
        println!(
            "fuzz: inputs written to {}; `cargo test -p openapi-rust-gen --test malformed` runs them",
            regressions_dir(root, options).display()
        );
        ExitCode::FAILURE
    }
}

fn report_progress(totals: &Totals, started: Instant) {
    let secs = started.elapsed().as_secs_f64().max(0.001);
    eprintln!(
        "fuzz: {:.0} s, {} executions ({:.1}/s), {} generated, {} refused, {} crashes",
        secs,
        totals.executions,
        totals.executions as f64 / secs,
        totals.generated,
        totals.refused,
        totals.crashes.values().sum::<u64>()
    );
}
