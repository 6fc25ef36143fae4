//! Installing a live server from Debian's packages when it is missing. CI
//! runs as root on a fresh machine; where apt cannot install the package
//! the task fails and says why, rather than passing without a server.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::wait_with_deadline;

/// Bound on each apt step (`apt-get update`, `apt-get install`).
const APT_TIMEOUT: Duration = Duration::from_secs(600);

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
    let child = Command::new("apt-get")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not run apt-get (Debian's apt, as root, is needed): {e}"))?;
    let status = wait_with_deadline(child, APT_TIMEOUT, what)?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({status}); the live tests need it (run as root on Debian)"
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
