//! Running one input through the whole generator in-process, under
//! `catch_unwind`, and telling its outcome (success, error, crash).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The stack of the thread each execution runs on: the main thread's (8 MiB
/// on Linux), which `oagen` runs on, rather than a spawned thread's 2 MiB, so
/// that a stack overflow found here is one the CLI would hit too.
const STACK_BYTES: usize = 8 << 20;

/// What the panic hook saw last: where, and the message.
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

pub(super) enum Outcome {
    Generated,
    /// Refused with an error: the kind of error (its message, shortened).
    Refused(String),
    /// A panic: where it happened, and its message.
    Panicked(String, String),
}

fn crate_for(spec: &Path) -> oagen::CrateSpec {
    oagen::CrateSpec {
        name: "fuzz".into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![oagen::ServiceSpec {
            name: "fuzz".into(),
            spec: spec.to_path_buf(),
            spec_label: "fuzz".into(),
            module: "fuzz".into(),
            feature: "fuzz".into(),
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "cargo xtask fuzz".into(),
    }
}

/// The whole pipeline on `spec`, on a large stack, under `catch_unwind`.
pub(super) fn run_one(spec: &Path) -> Outcome {
    let spec = spec.to_path_buf();
    let handle = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || {
            inject_fault();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                match oagen::generate_crate(&crate_for(&spec), true) {
                    Ok(generated) => {
                        check_paths(&generated.files);
                        None
                    }
                    // Invalid Rust out of any spec is the generator's fault.
                    Err(e) if e.to_string().contains("produced invalid Rust") => {
                        panic!("{e}")
                    }
                    Err(e) => Some(error_kind(&e)),
                }
            }))
        })
        .expect("spawns a thread");
    match handle.join() {
        Ok(Ok(None)) => Outcome::Generated,
        Ok(Ok(Some(kind))) => Outcome::Refused(kind),
        Ok(Err(_)) | Err(_) => {
            let (location, message) = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .unwrap_or_else(|| ("?".into(), "a panic".into()));
            Outcome::Panicked(location, message)
        }
    }
}

/// `OAGEN_FUZZ_INJECT=panic|abort|overflow|hang` makes every execution fail
/// so, to test the fuzzer's own machinery (each must end as a saved input).
fn inject_fault() {
    #[allow(unconditional_recursion)]
    fn overflow(n: u64) -> u64 {
        let pad = [n; 64];
        overflow(std::hint::black_box(pad)[0] + 1) + 1
    }
    match std::env::var("OAGEN_FUZZ_INJECT").as_deref() {
        Ok("panic") => panic!("injected panic"),
        Ok("abort") => std::process::abort(),
        Ok("overflow") => {
            overflow(0);
        }
        Ok("hang") => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        _ => {}
    }
}

/// A panic message without what changes from input to input: the file it
/// names, and names and numbers (as [`error_kind`] leaves them out).
pub(super) fn crash_kind(message: &str) -> String {
    let tail = message.split(": the generator").last().unwrap_or(message);
    error_kind(&oagen::Error::Config(tail.to_string()))
}

/// An error's message with the particulars (names in backticks, numbers)
/// left out, so that errors of one kind count together.
fn error_kind(e: &oagen::Error) -> String {
    let message = match e {
        oagen::Error::Spec(d) => d.message.clone(),
        other => other.to_string(),
    };
    let mut out = String::new();
    let mut in_code = false;
    for c in message.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                if in_code {
                    out.push_str("`…`");
                }
            }
            _ if in_code => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.chars().take(70).collect()
}

/// What generating promises of its output, checked like a panic: every
/// file's path is relative, and each part a name a file system takes.
fn check_paths(files: &oagen::write::FileSet) {
    for path in files.files.keys() {
        for part in path.split('/') {
            assert!(
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part.len() <= 255
                    && !part.contains(['\0', '\\']),
                "the output path `{path}` cannot be written: its part `{part}` is not a file name"
            );
        }
    }
}

pub(super) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "?".into());
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((location, message));
        }
    }));
}
