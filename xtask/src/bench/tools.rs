//! The generators compared: oagen (the release binary) and the peers,
//! progenitor and ploidy, installed with `cargo install --locked` into the
//! tools folder once and found there afterwards.

use super::measure::first_error_line;
use crate::corpus::module_name;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) enum Generator {
    Oagen,
    Progenitor,
    Ploidy,
}

impl Generator {
    pub(super) const PEERS: [Generator; 2] = [Generator::Progenitor, Generator::Ploidy];

    pub(super) fn name(self) -> &'static str {
        match self {
            Generator::Oagen => "oagen",
            Generator::Progenitor => "progenitor",
            Generator::Ploidy => "ploidy",
        }
    }

    /// The crate `cargo install` installs, and the executable it puts in `bin/`.
    fn package_and_binary(self) -> (&'static str, &'static str) {
        match self {
            Generator::Oagen => ("openapi-rust-gen", "oagen"),
            Generator::Progenitor => ("cargo-progenitor", "cargo-progenitor"),
            Generator::Ploidy => ("ploidy", "ploidy"),
        }
    }
}

/// A generator ready to run.
pub(super) struct Tool {
    pub(super) generator: Generator,
    pub(super) executable: PathBuf,
    /// As `cargo install` recorded it (`0.15.0`), or how it was built.
    pub(super) version: String,
}

impl Tool {
    /// The command that generates the crate `name` from `spec` into `out`
    /// (a folder that does not exist yet).
    pub(super) fn generate_command(&self, spec: &Path, out: &Path, name: &str) -> Command {
        let mut command = Command::new(&self.executable);
        match self.generator {
            Generator::Oagen => {
                command
                    .arg("generate")
                    .arg(spec)
                    .arg("--out")
                    .arg(out)
                    .args(["--crate-name", name, "--module", &module_name(name)])
                    .args(["--stats", "--workspace", "root", "--force"]);
            }
            Generator::Progenitor => {
                command
                    .args(["progenitor", "-i"])
                    .arg(spec)
                    .arg("-o")
                    .arg(out)
                    .args(["-n", name, "-v", "0.1.0"]);
            }
            Generator::Ploidy => {
                command
                    .args(["generate", "rust"])
                    .arg(spec)
                    .arg("-o")
                    .arg(out)
                    .args(["--name", name]);
            }
        }
        command
    }
}

/// How long installing a peer (compiling it from source) may take.
const INSTALL_LIMIT: std::time::Duration = std::time::Duration::from_secs(45 * 60);

/// The peer's executable in `tools/bin`, installed there first when it is
/// missing (the log of `cargo install` goes beside it).
pub(super) fn peer(cargo: &str, tools: &Path, generator: Generator) -> Result<Tool, String> {
    let (package, binary) = generator.package_and_binary();
    let executable = tools.join("bin").join(binary);
    if !executable.is_file() {
        eprintln!("installing {package} into {} (once)...", tools.display());
        std::fs::create_dir_all(tools)
            .map_err(|e| format!("cannot create {}: {e}", tools.display()))?;
        let log = tools.join(format!("{package}.log"));
        let log_file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut command = Command::new(cargo);
        command
            .args(["install", "--locked", "--root"])
            .arg(tools)
            .arg(package)
            .env("CARGO_TARGET_DIR", tools.join("build"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file);
        // Bounded, and stopped with the rustc processes it started.
        crate::process::own_process_group(&mut command);
        let child = command
            .spawn()
            .map_err(|e| format!("cannot run cargo install: {e}"))?;
        let status = crate::process::wait_with_deadline(
            child,
            INSTALL_LIMIT,
            &format!("cargo install {package}"),
        )?;
        if !status.success() || !executable.is_file() {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!(
                "`cargo install --locked {package}` failed ({}): {}",
                log.display(),
                first_error_line(&text, "")
            ));
        }
    }
    let recorded = std::fs::read_to_string(tools.join(".crates.toml")).unwrap_or_default();
    Ok(Tool {
        generator,
        executable,
        version: installed_version(&recorded, package).unwrap_or_else(|| "?".into()),
    })
}

/// The version of `package` in cargo install's `.crates.toml`
/// (`"ploidy 0.15.0 (registry+…)" = ["ploidy"]`).
pub(super) fn installed_version(crates_toml: &str, package: &str) -> Option<String> {
    crates_toml.lines().find_map(|line| {
        let rest = line.trim().strip_prefix('"')?;
        let mut words = rest.split_whitespace();
        (words.next()? == package).then(|| words.next().map(str::to_owned))?
    })
}

/// Makes a generated crate its own workspace root (an empty `[workspace]`
/// table), so cargo does not look for one above it in the bench folder.
pub(super) fn make_workspace_root(crate_dir: &Path) -> Result<(), String> {
    let path = crate_dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if manifest.lines().any(|l| l.trim() == "[workspace]") {
        return Ok(());
    }
    std::fs::write(&path, format!("{manifest}\n[workspace]\n"))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
