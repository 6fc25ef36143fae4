//! `cargo xtask live [--only NAME,NAME] [--locked]`: generated clients
//! against real, unmodified servers (Prism checks our specs; only a real
//! server shows what servers really send).
//!
//! For each server (`alertmanager`):
//! 1. installs it from its registry when it is missing (see `install.rs`);
//! 2. generates a client from the server's spec with the project's generator
//!    into `target/live/NAME/client`;
//! 3. builds the checks program `live/NAME` (a crate outside the workspace,
//!    with its own lock file, built into `target/live/target`), so that
//!    `cargo test --workspace` needs neither the spec nor the client;
//! 4. starts the server on a free loopback port with a temporary folder for
//!    its configuration and storage, and waits until it is ready;
//! 5. runs the program against it: one `PASS operation: what` line per
//!    assertion group, `FAIL ...` for a failed check, then `N passed, M
//!    failed`;
//! 6. stops the server (on failure, panic, timeout and Ctrl-C/SIGTERM too:
//!    see `server.rs`), and checks that every operation of the spec has a
//!    `PASS` line, so an operation the program forgets fails the task.
//!
//! Every step is bounded in time.

mod alertmanager;
mod install;
mod jupyter;
mod server;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::process::{cargo_build_executable, interrupted, run_echoing, stop_on_signals};
use server::Server;

/// Bound on building a checks program (a cold build compiles reqwest and rustls).
const BUILD_TIMEOUT: Duration = Duration::from_secs(1200);
/// Bound on running a checks program against its server.
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// A real server the generated client is checked against.
trait LiveServer {
    /// Its name: for `--only`, its folders, and its checks crate `live/NAME`.
    fn name(&self) -> &'static str;
    /// Installs the server if it is missing; returns its version line.
    fn install(&self) -> Result<String, String>;
    /// The spec of the version installed.
    fn spec(&self) -> Result<PathBuf, String>;
    /// Writes what the server needs (configuration) into `dir`.
    fn prepare(&self, dir: &Path) -> Result<(), String>;
    /// The command that serves on `127.0.0.1:port` with its files in `dir`.
    fn command(&self, dir: &Path, port: u16) -> Command;
    /// A path that answers 200 once the server is ready.
    fn ready_path(&self) -> &'static str;
    /// Where the API is served (the spec's base path), appended to the URL
    /// given to the client.
    fn api_path(&self) -> &'static str;
    /// What the checks program needs besides the URL (say, a token).
    fn program_args(&self) -> Vec<String> {
        Vec::new()
    }
}

fn servers(root: &Path) -> Vec<Box<dyn LiveServer>> {
    vec![
        Box::new(alertmanager::Alertmanager::new(root)),
        Box::new(jupyter::Jupyter::new(root)),
    ]
}

/// Checks the `--only` names against the servers there are.
fn check_only(root: &Path, only: &[String]) -> Result<(), String> {
    let known: Vec<&str> = servers(root).iter().map(|s| s.name()).collect();
    if let Some(unknown) = only.iter().find(|n| !known.contains(&n.as_str())) {
        return Err(format!(
            "no live server named `{unknown}` (known: {})",
            known.join(", ")
        ));
    }
    Ok(())
}

pub fn live(root: &Path, options: &crate::cli::LiveArgs) -> ExitCode {
    if let Err(message) = check_only(root, &options.only) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    if let Err(message) = stop_on_signals() {
        eprintln!("live: {message}");
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let mut failed = Vec::new();
    let selected: Vec<Box<dyn LiveServer>> = servers(root)
        .into_iter()
        .filter(|s| options.only.is_empty() || options.only.iter().any(|n| n == s.name()))
        .collect();
    for server in &selected {
        let name = server.name();
        println!("== {name}");
        match run_one(root, server.as_ref(), options.locked) {
            Ok(()) => println!("live: {name} passed"),
            Err(message) => {
                eprintln!("live: {name} failed: {message}");
                failed.push(name);
            }
        }
        if interrupted() {
            break;
        }
    }
    println!(
        "live: {} of {} servers passed in {:.0?}",
        selected.len() - failed.len(),
        selected.len(),
        started.elapsed()
    );
    if interrupted() {
        // The conventional status of a process stopped by SIGINT.
        ExitCode::from(130)
    } else if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_one(root: &Path, server: &dyn LiveServer, locked: bool) -> Result<(), String> {
    let name = server.name();
    let version = server.install()?;
    println!("{name}: {version}");
    let spec = server.spec()?;

    let work = root.join("target/live").join(name);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let operations = generate_client(name, &spec, &work.join("client"))?;
    let program = build_program(root, name, locked)?;

    // Removed when dropped; only a task killed outright leaves it behind.
    let dir = tempfile::Builder::new()
        .prefix("run-")
        .tempdir_in(&work)
        .map_err(|e| format!("cannot make a temporary folder in {}: {e}", work.display()))?;
    server.prepare(dir.path())?;
    let mut running = Server::start(
        name,
        &work.join("server.log"),
        server.ready_path(),
        |port| server.command(dir.path(), port),
    )?;
    let base_url = format!("{}{}", running.url(), server.api_path());
    let outcome = run_program(&program, &base_url, &server.program_args());
    running.stop();
    let (success, lines) = outcome?;
    if interrupted() {
        return Err("interrupted".to_owned());
    }

    let passed: BTreeSet<&str> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("PASS "))
        .filter_map(|rest| rest.split(':').next())
        .collect();
    let missing: Vec<&String> = operations
        .iter()
        .filter(|op| !passed.contains(op.as_str()))
        .collect();
    for op in &missing {
        println!("MISSING {op}: no passing check calls this operation");
    }
    println!(
        "{name}: {} of {} operations checked against the server; the checks {}",
        operations.len() - missing.len(),
        operations.len(),
        if success { "passed" } else { "failed" }
    );
    if success && missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "see the lines above and the server's log in {}",
            work.join("server.log").display()
        ))
    }
}

/// Generates the client crate `NAME-client` (module `NAME`) from `spec`
/// into `out`; returns the names of the spec's operations.
fn generate_client(name: &str, spec: &Path, out: &Path) -> Result<Vec<String>, String> {
    let service = oagen::ServiceSpec {
        name: name.to_owned(),
        spec: spec.to_path_buf(),
        spec_label: spec.display().to_string(),
        module: name.to_owned(),
        feature: name.to_owned(),
        passes: Default::default(),
        rate_limit: None,
    };
    let (api, ..) =
        oagen::generate::build_api(&service).map_err(|e| format!("{}: {e}", spec.display()))?;
    let crate_spec = oagen::CrateSpec {
        name: format!("{name}-client"),
        version: "0.1.0".to_owned(),
        output: out.to_path_buf(),
        services: vec![service],
        generated_by: "cargo xtask live".to_owned(),
    };
    let generated =
        oagen::generate_crate(&crate_spec, true).map_err(|e| format!("{}: {e}", spec.display()))?;
    // A few of the spec's oddities (`oagen generate` on it prints them all).
    const SHOWN: usize = 5;
    let warnings: Vec<_> = generated.reports.iter().flat_map(|r| &r.warnings).collect();
    for w in warnings.iter().take(SHOWN) {
        println!("warning: {name}: at {}: {}", w.pointer, w.message);
    }
    if warnings.len() > SHOWN {
        println!(
            "warning: {name}: {} more warnings about the spec",
            warnings.len() - SHOWN
        );
    }
    // Unchanged files keep their times, so cargo does not rebuild the client.
    let drift = oagen::write::check(out, &generated.files).map_err(|e| e.to_string())?;
    if drift.is_empty() {
        println!("the client in {} is up to date", out.display());
    } else {
        // The task's own scratch folder under target/: clients written before
        // outputs carried oagen's marker are replaced too.
        oagen::write::write_atomically(out, &generated.files, oagen::write::Replace::Anything)
            .map_err(|e| e.to_string())?;
        println!("generated the client into {}", out.display());
    }
    Ok(api.operations.iter().map(|op| op.name.clone()).collect())
}

/// Builds the checks program of `live/NAME` and returns its path.
fn build_program(root: &Path, name: &str, locked: bool) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target/live/target"))
        .arg("build")
        .arg("--manifest-path")
        .arg(root.join("live").join(name).join("Cargo.toml"));
    if locked {
        command.arg("--locked");
    }
    let bin = format!("live-{name}");
    cargo_build_executable(
        command,
        &bin,
        BUILD_TIMEOUT,
        &format!("building the checks program live/{name}"),
    )
    .map_err(|e| {
        // The lock file also pins the generated client's dependencies, so a
        // change to the generated crate's `Cargo.toml` makes it stale.
        if locked {
            format!(
                "{e} (if cargo said the lock file needs updating: the generated client's \
                 dependencies changed; run `cargo xtask live` once without --locked and \
                 commit live/{name}/Cargo.lock)"
            )
        } else {
            e
        }
    })
}

/// Runs the checks program, echoing and collecting its output lines.
/// Returns whether it succeeded, and its lines.
fn run_program(
    program: &Path,
    base_url: &str,
    args: &[String],
) -> Result<(bool, Vec<String>), String> {
    println!("running {} {base_url}", program.display());
    let mut command = Command::new(program);
    command.arg(base_url).args(args);
    let (status, lines) = run_echoing(command, RUN_TIMEOUT, "the checks program")?;
    Ok((status.success(), lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_known_servers() {
        let root = Path::new("/nowhere");
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_only(root, &names(&["alertmanager", "jupyter"])).is_ok());
        let error = check_only(root, &names(&["nosuch"])).unwrap_err();
        assert!(error.contains("no live server named `nosuch`"), "{error}");
    }
}
