//! What the checks programs of `cargo xtask live` share.
//!
//! Each scenario runs in a task of its own, so a failed assertion (a panic)
//! fails that scenario and the others still run. Every group of assertions
//! on decoded values prints `PASS operation: what`; a failed scenario prints
//! `FAIL scenario: why`; [`Report::finish`] prints `N passed, M failed`. The
//! task checks that every operation of the spec has a `PASS` line.

use std::future::Future;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

static PASSED: AtomicUsize = AtomicUsize::new(0);

/// Records a passed group of assertions on `operation`.
pub fn pass(operation: &str, what: &str) {
    PASSED.fetch_add(1, Ordering::SeqCst);
    println!("PASS {operation}: {what}");
}

/// A string unique to this run, for labels and names that keep the run's
/// objects apart from any others on the server.
pub fn run_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{nanos:x}", std::process::id())
}

/// The scenarios' outcome.
pub struct Report {
    failed: usize,
}

impl Report {
    /// Starts the report. A failed assertion then prints only where it
    /// failed (the `FAIL` line gives its message), without a backtrace.
    pub fn start() -> Self {
        std::panic::set_hook(Box::new(|info| {
            if let Some(location) = info.location() {
                eprintln!("failed at {location}");
            }
        }));
        Report { failed: 0 }
    }

    /// Runs one scenario in its own task.
    pub async fn scenario(
        &mut self,
        name: &str,
        checks: impl Future<Output = ()> + Send + 'static,
    ) {
        if let Err(error) = tokio::spawn(checks).await {
            let why = match error.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".to_owned()),
                Err(error) => error.to_string(),
            };
            println!("FAIL {name}: {why}");
            self.failed += 1;
        }
    }

    /// Prints `N passed, M failed`; success only if no scenario failed.
    pub fn finish(self) -> ExitCode {
        println!(
            "{} passed, {} failed",
            PASSED.load(Ordering::SeqCst),
            self.failed
        );
        if self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// The `UnexpectedStatus` an operation answered (a status its spec does not
/// document), or a failed check naming what came instead:
/// `undocumented!(client.op().send().await, OpError).status`. `Error` is the
/// generated client's, in scope where this is used.
#[macro_export]
macro_rules! undocumented {
    ($outcome:expr, $error:ident) => {
        match $outcome {
            Err(Error::Api($error::UnexpectedStatus(unexpected))) => unexpected,
            other => panic!(
                "expected a status the spec does not document ({}), got {other:?}",
                stringify!($error)
            ),
        }
    };
}

/// Asks again, for up to 10 s, until `ready` holds, and returns the last
/// answer: some servers apply a change asynchronously, so what a listing
/// shows settles a moment after the call that made it.
pub async fn eventually<T, F, Fut>(ask: F, ready: impl Fn(&T) -> bool) -> T
where
    F: Fn() -> Fut,
    Fut: Future<Output = T>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = ask().await;
        if ready(&answer) || Instant::now() >= deadline {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
