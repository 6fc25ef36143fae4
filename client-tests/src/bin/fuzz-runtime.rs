//! The worker of `cargo xtask fuzz-runtime` (see `client_tests::fuzz_runtime`
//! and `docs/fuzzing.md`): generates inputs from a seed and runs them for a
//! while, or replays saved ones.
//!
//! `fuzz-runtime --seconds N --seed S --state DIR --regressions DIR [--hang-seconds N]`
//! `fuzz-runtime --replay FILE...`
//!
//! Each input is written to `DIR/current.json` before it runs, so that the
//! supervisor can keep it if this process dies. A finding (a panic, here or
//! in a spawned task; an execution that does not end; a leaked secret...) is
//! saved to the regressions folder. A watchdog thread ends the process (exit
//! 3) when one execution outlives `--hang-seconds`. The last line printed is
//! `summary {json}`; the exit code is 1 if anything was found.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use client_tests::fuzz_runtime::{Harness, Input, Outcome, generate, secret_forms};
use client_tests::trace_text::TraceText;

/// An execution is cancelled (a finding) after this long; the runtime's
/// timeouts in an exchange add up to a few seconds at most.
const EXECUTION_LIMIT: Duration = Duration::from_secs(10);

/// Panic messages since the last execution began (spawned tasks included).
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// A trace or log line showed a secret.
static TRACED_SECRET: AtomicBool = AtomicBool::new(false);
/// When the running execution began (milliseconds since `EPOCH`), 0 if none.
static RUNNING_SINCE: AtomicU64 = AtomicU64::new(0);
static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

struct Options {
    seconds: u64,
    seed: u64,
    hang_seconds: u64,
    state: PathBuf,
    regressions: PathBuf,
    replay: Vec<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        seconds: 60,
        seed: 1,
        hang_seconds: 30,
        state: PathBuf::from("target/fuzz-runtime"),
        regressions: PathBuf::from("client-tests/fuzz-regressions/runtime"),
        replay: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        let number = |text: String| text.parse::<u64>().map_err(|e| format!("{text}: {e}"));
        match arg.as_str() {
            "--seconds" => o.seconds = number(value()?)?,
            "--seed" => o.seed = number(value()?)?,
            "--hang-seconds" => o.hang_seconds = number(value()?)?,
            "--state" => o.state = PathBuf::from(value()?),
            "--regressions" => o.regressions = PathBuf::from(value()?),
            "--replay" => o.replay.extend(args.by_ref().map(PathBuf::from)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    EPOCH.get_or_init(Instant::now);
    std::panic::set_hook(Box::new(|info| {
        let mut panics = PANICS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        panics.push(info.to_string());
    }));
    let _ = tracing::subscriber::set_global_default(TraceText(watch_for_secrets as fn(&str)));
    let _ = log::set_logger(&SECRET_WATCH);
    log::set_max_level(log::LevelFilter::Trace);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: no tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    start_watchdog(options.hang_seconds, options.state.clone());
    let harness = match runtime.block_on(Harness::start()) {
        Ok(harness) => harness,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !options.replay.is_empty() {
        return replay(&runtime, &harness, &options.replay);
    }
    if let Err(e) =
        std::fs::create_dir_all(&options.state).and(std::fs::create_dir_all(&options.regressions))
    {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut executions = 0u64;
    let mut endings: BTreeMap<String, u64> = BTreeMap::new();
    let mut found = 0u64;
    let current = options.state.join("current.json");
    while Instant::now() < deadline {
        let input = generate::input(&mut rng);
        let text = serde_json::to_string(&input).unwrap_or_default();
        if let Err(e) = std::fs::write(&current, &text) {
            eprintln!("error: {}: {e}", current.display());
            return ExitCode::FAILURE;
        }
        let outcome = execute(&runtime, &harness, &input);
        executions += 1;
        *endings
            .entry(format!("{} {}", input.target(), outcome.ending))
            .or_default() += 1;
        if !outcome.findings.is_empty() {
            found += 1;
            let saved = save(&options.regressions, &input, &outcome.findings);
            eprintln!("FOUND ({}): {:?}", saved.display(), outcome.findings);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let summary = serde_json::json!({
        "executions": executions,
        "seconds": seconds,
        "findings": found,
        "endings": endings,
    });
    println!("summary {summary}");
    if found > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs one input with every check: panics anywhere, a bound on time,
/// secrets in traces, and the target's own checks.
fn execute(runtime: &tokio::runtime::Runtime, harness: &Harness, input: &Input) -> Outcome {
    PANICS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clear();
    TRACED_SECRET.store(false, Ordering::SeqCst);
    let since = EPOCH.get().map_or(1, |e| {
        u64::try_from(e.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    });
    RUNNING_SINCE.store(since, Ordering::SeqCst);
    inject_fault();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(async { tokio::time::timeout(EXECUTION_LIMIT, harness.run(input)).await })
    }));
    RUNNING_SINCE.store(0, Ordering::SeqCst);
    let mut outcome = match result {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => Outcome {
            ending: "cancelled".into(),
            findings: vec![format!("did not end within {EXECUTION_LIMIT:?}")],
        },
        Err(_) => Outcome {
            ending: "panic".into(),
            findings: Vec::new(),
        },
    };
    for panic in PANICS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .drain(..)
    {
        outcome.findings.push(format!("panic: {panic}"));
    }
    if TRACED_SECRET.load(Ordering::SeqCst) {
        outcome
            .findings
            .push("a secret in a trace or log line".into());
    }
    outcome
}

/// `OAGEN_FUZZ_INJECT=panic|abort|hang` makes every execution fail that way,
/// to test the machinery around the executions.
fn inject_fault() {
    match std::env::var("OAGEN_FUZZ_INJECT").as_deref() {
        Ok("panic") => {
            let _ = std::panic::catch_unwind(|| panic!("injected panic"));
        }
        Ok("abort") => std::process::abort(),
        Ok("hang") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        _ => {}
    }
}

fn replay(runtime: &tokio::runtime::Runtime, harness: &Harness, files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let input = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| client_tests::fuzz_runtime::read_saved(&text));
        match input {
            Ok(input) => {
                let outcome = execute(runtime, harness, &input);
                println!(
                    "{}: {} {:?}",
                    file.display(),
                    outcome.ending,
                    outcome.findings
                );
                failed |= !outcome.findings.is_empty();
            }
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn save(folder: &Path, input: &Input, findings: &[String]) -> PathBuf {
    let text =
        serde_json::to_string_pretty(&serde_json::json!({ "findings": findings, "input": input }))
            .unwrap_or_default();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = folder.join(format!("{hash:016x}.json"));
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("error: {}: {e}", path.display());
    }
    path
}

/// Ends the process when one execution runs longer than `hang_seconds`
/// (a loop that never yields escapes the tokio timeout).
fn start_watchdog(hang_seconds: u64, state: PathBuf) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let since = RUNNING_SINCE.load(Ordering::SeqCst);
            let now = EPOCH.get().map_or(0, |e| {
                u64::try_from(e.elapsed().as_millis()).unwrap_or(u64::MAX)
            });
            if since != 0 && now.saturating_sub(since) > hang_seconds.saturating_mul(1000) {
                eprintln!(
                    "HANG: an execution ran longer than {hang_seconds} s (input in {})",
                    state.join("current.json").display()
                );
                std::process::exit(3);
            }
        }
    });
}

/// Notes a trace or log line that shows a secret.
fn watch_for_secrets(text: &str) {
    if secret_forms()
        .iter()
        .any(|form| text.contains(form.as_str()))
    {
        TRACED_SECRET.store(true, Ordering::SeqCst);
    }
}

/// Every trace and `log` line, searched for secrets.
static SECRET_WATCH: TraceText<fn(&str)> = TraceText(watch_for_secrets);
