//! Compiling the generated crates in one workspace with one target folder,
//! and counting each crate's warnings from cargo's JSON messages.

use super::row::{Compile, Row};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Writes the corpus workspace, builds the shared dependencies once, then
/// each crate. Returns the seconds the dependencies took.
pub(super) fn compile_all(
    cargo: &str,
    root: &Path,
    out_root: &Path,
    rows: &mut [Row],
) -> Result<f64, String> {
    let crates_dir = out_root.join("crates");
    let target_dir = out_root.join("target");
    let members: Vec<&Row> = rows.iter().filter(|r| r.generated()).collect();
    let Some(first) = members.first() else {
        return Ok(0.0);
    };
    // A crate with the generated crates' dependencies and no code of its own.
    let first_manifest = crates_dir.join(&first.entry.name).join("Cargo.toml");
    let manifest = std::fs::read_to_string(&first_manifest)
        .map_err(|e| format!("cannot read {}: {e}", first_manifest.display()))?;
    let dependencies = manifest
        .split_once("[dependencies]")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or(rest))
        .unwrap_or("");
    let deps_dir = crates_dir.join("_deps");
    let write = |path: PathBuf, text: String| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    std::fs::create_dir_all(deps_dir.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", deps_dir.display()))?;
    write(
        deps_dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask corpus`: the generated crates' dependencies, built once.\n\
             [package]\nname = \"corpus-deps\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]{dependencies}"
        ),
    )?;
    write(deps_dir.join("src/lib.rs"), String::new())?;
    let mut workspace = String::from(
        "# Written by `cargo xtask corpus`: every generated corpus crate, one target folder.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n    \"_deps\",\n",
    );
    for row in &members {
        let _ = writeln!(workspace, "    \"{}\",", row.entry.name);
    }
    workspace.push_str("]\n");
    write(crates_dir.join("Cargo.toml"), workspace)?;
    // The project's lock file pins the same dependency versions (and lets
    // the build run without fetching an index).
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, crates_dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }

    let build = |package: &str| {
        Command::new(cargo)
            .current_dir(&crates_dir)
            .env("CARGO_TARGET_DIR", &target_dir)
            // Each crate compiled whole, as a freshly generated crate would
            // be: an incremental cache from an earlier run would make the
            // figures depend on what that run built.
            .env("CARGO_INCREMENTAL", "0")
            .args(["build", "--message-format=json", "-p", package])
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .stdout(Stdio::piped())
            .output()
    };
    eprintln!("building the shared dependencies...");
    let started = Instant::now();
    let deps = build("corpus-deps").map_err(|e| format!("cannot run cargo: {e}"))?;
    let deps_secs = started.elapsed().as_secs_f64();
    if !deps.status.success() {
        return Err(format!(
            "building the dependencies failed:\n{}",
            String::from_utf8_lossy(&deps.stderr)
        ));
    }
    let total = rows.iter().filter(|r| r.generated()).count();
    let mut done = 0;
    for row in rows.iter_mut().filter(|r| r.generated()) {
        done += 1;
        let started = Instant::now();
        let output = build(&row.crate_name);
        row.compile_secs = started.elapsed().as_secs_f64();
        let output = match output {
            Ok(o) => o,
            Err(e) => return Err(format!("cannot run cargo: {e}")),
        };
        let (warnings, errors, rendered) = diagnostics(&output.stdout, &row.crate_name);
        row.warnings = warnings;
        row.errors = errors;
        row.compile = if output.status.success() {
            Compile::Ok
        } else {
            Compile::Failed
        };
        let mut log = rendered;
        if !output.status.success() {
            log.push_str(&String::from_utf8_lossy(&output.stderr));
        }
        let log_path = out_root
            .join("logs")
            .join(format!("{}.txt", row.entry.name));
        let _ = std::fs::write(&log_path, log);
        eprintln!(
            "compile  [{done:>2}/{total}] {:<32} {:<6} {:>4} warnings {:>4} errors {:>7.1} s",
            row.entry.name,
            if row.compile == Compile::Ok {
                "ok"
            } else {
                "FAILED"
            },
            warnings,
            errors,
            row.compile_secs
        );
    }
    Ok(deps_secs)
}

/// Counts the warnings and errors rustc reported for `package` in cargo's
/// JSON messages, and collects their rendered text.
pub(super) fn diagnostics(stdout: &[u8], package: &str) -> (usize, usize, String) {
    let mut warnings = 0;
    let mut errors = 0;
    let mut rendered = String::new();
    for line in String::from_utf8_lossy(stdout).lines() {
        let Ok(message) = oagen::serde_json::from_str::<oagen::serde_json::Value>(line) else {
            continue;
        };
        if message.get("reason").and_then(|r| r.as_str()) != Some("compiler-message") {
            continue;
        }
        let package_id = message
            .get("package_id")
            .and_then(|p| p.as_str())
            .unwrap_or("");
        if !package_id_names(package_id, package) {
            continue;
        }
        let Some(diagnostic) = message.get("message") else {
            continue;
        };
        let level = diagnostic
            .get("level")
            .and_then(|l| l.as_str())
            .unwrap_or("");
        let text = diagnostic
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or("");
        let spans = diagnostic
            .get("spans")
            .and_then(|s| s.as_array())
            .map_or(0, Vec::len);
        // rustc's closing "N warnings emitted" / "aborting due to" lines.
        if spans == 0 && (text.ends_with("emitted") || text.starts_with("aborting due to")) {
            continue;
        }
        match level {
            "warning" => warnings += 1,
            "error" | "error: internal compiler error" => errors += 1,
            _ => {}
        }
        if let Some(r) = diagnostic.get("rendered").and_then(|r| r.as_str()) {
            rendered.push_str(r);
        }
    }
    (warnings, errors, rendered)
}

/// Whether a cargo package id (`path+file:///…/env0#0.1.0` or the older
/// `env0 0.1.0 (path+file://…)`) names `package`.
pub(super) fn package_id_names(id: &str, package: &str) -> bool {
    if id.starts_with(&format!("{package} ")) {
        return true;
    }
    match id.rsplit_once('#') {
        Some((url, version)) => {
            version.starts_with(&format!("{package}@"))
                || (!version.contains('@') && url.rsplit('/').next() == Some(package))
                || url.ends_with(&format!("/{package}"))
        }
        None => false,
    }
}
