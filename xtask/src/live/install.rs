//! Installing a live server when it is missing: from Debian's packages with
//! apt, or from PyPI with pip into a virtual environment. CI runs as root on
//! a fresh machine; where the install fails the task fails and says why,
//! rather than passing without a server.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::wait_with_deadline;

/// Bound on each install step (`apt-get update`, `apt-get install`, making
/// a virtual environment, `pip install`).
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);

/// Installs `package` with apt unless `binary` is there already.
pub fn apt_package(package: &str, binary: &Path) -> Result<(), String> {
    if binary.is_file() {
        return Ok(());
    }
    println!(
        "{} is missing: installing the Debian package {package}",
        binary.display()
    );
    // A fresh machine's package lists may be missing or old.
    apt(&["update"], "apt-get update")?;
    apt(
        &["install", "--yes", "--no-install-recommends", package],
        &format!("apt-get install {package}"),
    )?;
    if binary.is_file() {
        Ok(())
    } else {
        Err(format!(
            "apt-get installed {package} but {} is still missing",
            binary.display()
        ))
    }
}

fn apt(args: &[&str], what: &str) -> Result<(), String> {
    let mut command = Command::new("apt-get");
    command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run(command, what, "Debian's apt, run as root")
}

/// Installs the pinned `requirements` (a `pip freeze` list) into the
/// virtual environment `venv`, made anew, unless it holds them already.
pub fn pip_requirements(venv: &Path, requirements: &Path) -> Result<(), String> {
    let wanted = std::fs::read_to_string(requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    // Written last: a venv whose install was cut short is made again.
    let marker = venv.join("oagen-requirements.txt");
    if std::fs::read_to_string(&marker).is_ok_and(|had| had == wanted) {
        return Ok(());
    }
    println!(
        "installing {} into {} with pip",
        requirements.display(),
        venv.display()
    );
    let mut command = Command::new("python3");
    command.args(["-m", "venv", "--clear"]).arg(venv);
    run(command, "python3 -m venv", "python3 with its venv module")?;
    let mut command = Command::new(venv.join("bin/python"));
    command
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "--requirement",
        ])
        .arg(requirements);
    run(command, "pip install", "pip and PyPI")?;
    std::fs::write(&marker, wanted).map_err(|e| format!("{}: {e}", marker.display()))
}

/// Runs an install step, bounded in time; `needs` says what it relies on.
fn run(mut command: Command, what: &str, needs: &str) -> Result<(), String> {
    let child = command
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not run {what} (the live tests need {needs}): {e}"))?;
    let status = wait_with_deadline(child, INSTALL_TIMEOUT, what)?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({status}); the live tests need {needs}"
        ))
    }
}

/// The first line a program prints for `args` (say, `--version`), if it runs.
pub fn version_line(program: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    // Some programs print their version on stderr.
    let text = [output.stdout, output.stderr].concat();
    String::from_utf8_lossy(&text)
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map(str::to_owned)
}
