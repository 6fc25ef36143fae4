//! `cargo xtask contract [--locked]`: contract tests of the generated clients
//! against Prism (`@stoplight/prism-cli` 5, mock mode, `--errors`).
//!
//! 1. Builds the calling program, `client-tests/src/bin/contract.rs`.
//! 2. Installs Prism into `target/prism` with npm unless it is there already
//!    (or `PRISM` names a `prism` executable to use instead).
//! 3. Starts one `prism mock -h 127.0.0.1 -p <free port> --errors <spec>` per
//!    service of `specs/services.toml`, logging to `target/prism/logs/`, and
//!    waits until each answers HTTP.
//! 4. Runs the program with `module=url` arguments. It calls every operation
//!    through the generated clients and prints one line per check and
//!    `N passed, M failed`.
//! 5. Stops every Prism process, on failure and panic too.
//! 6. Checks that every operation the specs define (as the generator reads
//!    them) has a passing `success` line, so an operation added to a spec
//!    but not to the program fails the task.
//!
//! Every step is bounded in time; the task fails if one runs over.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::process::{
    cargo_build_executable, free_port, http_status, run_echoing, stop_child, tail,
    wait_with_deadline,
};

const PRISM_PACKAGE: &str = "@stoplight/prism-cli@5";
const PRISM_MAJOR: &str = "5.";
const INSTALL_TIMEOUT: Duration = Duration::from_secs(300);
const BUILD_TIMEOUT: Duration = Duration::from_secs(1200);
const START_TIMEOUT: Duration = Duration::from_secs(90);
const RUN_TIMEOUT: Duration = Duration::from_secs(300);
const START_ATTEMPTS: usize = 3;

/// An operation the specs define.
struct Operation {
    module: String,
    name: String,
    method: &'static str,
    path: String,
}

impl Operation {
    fn label(&self) -> String {
        format!(
            "{}::{} {} {}",
            self.module, self.name, self.method, self.path
        )
    }
}

/// A service to check: its module and spec.
struct Service {
    module: String,
    spec: PathBuf,
}

/// A running Prism mock server.
struct Prism {
    module: String,
    child: Child,
    url: String,
    log: PathBuf,
    /// What `restart` needs: the workspace, the executable and the spec.
    root: PathBuf,
    prism: PathBuf,
    spec: PathBuf,
}

/// The running Prism servers; stopped when dropped, whatever happened.
#[derive(Default)]
struct Servers(Vec<Prism>);

impl Servers {
    fn stop(&mut self) {
        for server in self.0.drain(..) {
            stop_child(server.child);
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn contract(root: &Path, args: &crate::cli::ContractArgs) -> ExitCode {
    match run(root, args.locked) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("contract: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, locked: bool) -> Result<(), String> {
    let (services, operations) = read_services(root)?;
    let program = build_program(root, locked)?;
    let prism = ensure_prism(root)?;

    let logs = root.join("target/prism/logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let mut servers = Servers::default();
    for service in &services {
        let server = start_prism(root, &prism, service, &logs)?;
        println!(
            "started Prism for {} on {} (log: {})",
            server.module,
            server.url,
            shown(root, &server.log)
        );
        servers.0.push(server);
    }
    for server in &mut servers.0 {
        wait_until_ready(server)?;
    }

    let urls: Vec<String> = servers
        .0
        .iter()
        .map(|s| format!("{}={}", s.module, s.url))
        .collect();
    let outcome = run_program(&program, &urls);
    servers.stop();
    let (status, lines) = outcome?;

    let passed: BTreeSet<String> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("PASS success "))
        .map(|rest| {
            rest.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let missing: Vec<&Operation> = operations
        .iter()
        .filter(|op| !passed.contains(&op.label()))
        .collect();
    for op in &missing {
        println!(
            "MISSING {}: no passing `success` check for this operation",
            op.label()
        );
    }
    println!(
        "contract: {} of {} operations covered by a passing call; the program {}",
        operations.len() - missing.len(),
        operations.len(),
        if status.success() {
            "passed".to_owned()
        } else {
            format!("failed ({status})")
        }
    );
    if status.success() && missing.is_empty() {
        Ok(())
    } else {
        Err(format!("failed; Prism logs are in {}", shown(root, &logs)))
    }
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The services of the manifest and every operation of their specs.
fn read_services(root: &Path) -> Result<(Vec<Service>, Vec<Operation>), String> {
    let manifest = root.join("specs/services.toml");
    let spec = oagen::read_manifest(&manifest).map_err(|e| e.to_string())?;
    let mut services = Vec::new();
    let mut operations = Vec::new();
    for service in &spec.services {
        let (api, ..) = oagen::generate::build_api(service)
            .map_err(|e| format!("{}: {e}", service.spec.display()))?;
        for op in &api.operations {
            operations.push(Operation {
                module: service.module.clone(),
                name: op.name.clone(),
                method: op.method.as_str(),
                path: op.path.clone(),
            });
        }
        services.push(Service {
            module: service.module.clone(),
            spec: service.spec.clone(),
        });
    }
    // A spec in specs/ that the manifest does not name has no client to check.
    let listed: BTreeSet<PathBuf> = services
        .iter()
        .filter_map(|s| s.spec.canonicalize().ok())
        .collect();
    if let Ok(entries) = std::fs::read_dir(root.join("specs")) {
        for entry in entries.flatten() {
            let path = entry.path();
            let is_spec = path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
            if is_spec && path.canonicalize().is_ok_and(|p| !listed.contains(&p)) {
                println!(
                    "warning: {} is not in specs/services.toml: no client, not checked",
                    shown(root, &path)
                );
            }
        }
    }
    if services.is_empty() {
        return Err("specs/services.toml names no service".to_owned());
    }
    Ok((services, operations))
}

/// Builds the contract program and returns its path.
fn build_program(root: &Path, locked: bool) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(&cargo);
    command
        .current_dir(root)
        .args(["build", "--package", "client-tests", "--bin", "contract"]);
    if locked {
        command.arg("--locked");
    }
    cargo_build_executable(
        command,
        "contract",
        BUILD_TIMEOUT,
        "building the contract program",
    )
}

/// The `prism` executable: `PRISM` if set, else the one in `target/prism`,
/// installed there with npm when missing or not of major version 5.
fn ensure_prism(root: &Path) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("PRISM") {
        let path = PathBuf::from(path);
        let version =
            prism_version(&path).ok_or_else(|| format!("PRISM={} does not run", path.display()))?;
        println!("using {} (Prism {version})", path.display());
        return Ok(path);
    }
    let prefix = root.join("target/prism");
    let prism = prefix.join("node_modules/.bin/prism");
    if let Some(version) = prism_version(&prism).filter(|v| v.starts_with(PRISM_MAJOR)) {
        println!("using Prism {version} from {}", shown(root, &prefix));
        return Ok(prism);
    }
    println!(
        "installing {PRISM_PACKAGE} into {} with npm",
        shown(root, &prefix)
    );
    std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    let child = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args(["--no-audit", "--no-fund", "--loglevel=error", PRISM_PACKAGE])
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not run npm (Prism needs node and npm): {e}"))?;
    let status = wait_with_deadline(child, INSTALL_TIMEOUT, "installing Prism")?;
    if !status.success() {
        return Err(format!("npm install {PRISM_PACKAGE} failed ({status})"));
    }
    match prism_version(&prism) {
        Some(version) if version.starts_with(PRISM_MAJOR) => {
            println!("installed Prism {version}");
            Ok(prism)
        }
        Some(version) => Err(format!("npm installed Prism {version}, not 5.x")),
        None => Err(format!("{} does not run after installing", prism.display())),
    }
}

fn prism_version(prism: &Path) -> Option<String> {
    let output = Command::new(prism)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !version.is_empty()).then_some(version)
}

/// Starts Prism for one service on a free loopback port.
fn start_prism(root: &Path, prism: &Path, service: &Service, logs: &Path) -> Result<Prism, String> {
    let log = logs.join(format!("{}.log", service.module));
    let (child, url) = spawn_prism(root, prism, &service.spec, &log)?;
    Ok(Prism {
        module: service.module.clone(),
        child,
        url,
        log,
        root: root.to_path_buf(),
        prism: prism.to_path_buf(),
        spec: service.spec.clone(),
    })
}

/// `prism mock -h 127.0.0.1 -p <free port> --errors <spec>`, logging to `log`.
fn spawn_prism(
    root: &Path,
    prism: &Path,
    spec: &Path,
    log: &Path,
) -> Result<(Child, String), String> {
    let port = free_port()?;
    let file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err_file = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let child = Command::new(prism)
        .current_dir(root)
        .args([
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--errors",
        ])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", prism.display()))?;
    Ok((child, format!("http://127.0.0.1:{port}")))
}

/// Waits until the server answers an HTTP request. A server that exits
/// (say, because another process took its port) is started again on
/// another port, a few times.
fn wait_until_ready(server: &mut Prism) -> Result<(), String> {
    let mut attempts = 1;
    let mut deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(Some(status)) = server.child.try_wait() {
            let log = std::fs::read_to_string(&server.log).unwrap_or_default();
            if attempts < START_ATTEMPTS && log.contains("EADDRINUSE") {
                attempts += 1;
                restart(server)?;
                deadline = Instant::now() + START_TIMEOUT;
                continue;
            }
            return Err(format!(
                "Prism for {} exited ({status}) before answering:\n{}",
                server.module,
                tail(&log, 20)
            ));
        }
        if http_status(&server.url, "OPTIONS", "/").is_some() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            let log = std::fs::read_to_string(&server.log).unwrap_or_default();
            return Err(format!(
                "Prism for {} did not answer on {} within {START_TIMEOUT:?}:\n{}",
                server.module,
                server.url,
                tail(&log, 20)
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Starts the server again on another port (the old process has exited).
fn restart(server: &mut Prism) -> Result<(), String> {
    let (child, url) = spawn_prism(&server.root, &server.prism, &server.spec, &server.log)?;
    let old = std::mem::replace(&mut server.child, child);
    stop_child(old);
    println!("restarted Prism for {} on {url}", server.module);
    server.url = url;
    Ok(())
}

/// Runs the contract program, echoing and collecting its output lines.
fn run_program(program: &Path, urls: &[String]) -> Result<(ExitStatus, Vec<String>), String> {
    println!("running {} {}", program.display(), urls.join(" "));
    let mut command = Command::new(program);
    command.args(urls);
    run_echoing(command, RUN_TIMEOUT, "the contract program")
}
