//! Checking generated crates as a user's CI would: the crates are members of
//! one workspace sharing one target folder (the dependencies are built
//! once), and each crate is built (rustc's warnings and errors counted from
//! cargo's JSON messages), linted (`cargo clippy -- -D warnings`) and its doc
//! examples compiled (`cargo test --doc`). `cargo xtask corpus` and `cargo
//! xtask unusual` both check their crates here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

/// One generated crate of the workspace.
pub(crate) struct Member {
    /// Its folder, relative to the workspace folder.
    pub(crate) folder: String,
    /// Its package name (`cargo -p`).
    pub(crate) package: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub(crate) enum Compile {
    #[default]
    Skipped,
    Ok,
    Failed,
}

/// What checking one crate found.
#[derive(Clone, Debug, Default)]
pub(crate) struct Checked {
    pub(crate) compile: Compile,
    /// rustc's warnings and errors in `cargo build`.
    pub(crate) warnings: usize,
    pub(crate) errors: usize,
    pub(crate) compile_secs: f64,
    /// Clippy's findings with `-D warnings` (rustc's included); `None` when
    /// clippy did not run (the build failed).
    pub(crate) clippy: Option<usize>,
    /// The doc examples compiled; `None` when they were not (the build failed).
    pub(crate) doctests: Option<Doctests>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Doctests {
    pub(crate) passed: usize,
    pub(crate) failed: usize,
    /// Whether `cargo test --doc` itself succeeded (it fails without a
    /// count when the crate does not compile as a test dependency).
    pub(crate) ok: bool,
}

impl Checked {
    /// Whether the crate is as exit 0 promises: it compiles with zero
    /// warnings, clippy finds nothing and every doc example compiles.
    pub(crate) fn clean(&self) -> bool {
        self.compile == Compile::Ok
            && self.warnings == 0
            && self.errors == 0
            && self.clippy == Some(0)
            && self.doctests.is_some_and(|d| d.ok && d.failed == 0)
    }
}

/// Where the checked crates go and what cargo they use.
pub(crate) struct Workspace<'a> {
    pub(crate) cargo: &'a str,
    /// The project root (its `Cargo.lock` pins the dependency versions).
    pub(crate) root: &'a Path,
    /// The folder holding the members; the workspace's `Cargo.toml` is written there.
    pub(crate) dir: &'a Path,
    pub(crate) target_dir: &'a Path,
    /// Each crate's diagnostics go to `<logs>/<folder>.txt`.
    pub(crate) logs: &'a Path,
    /// Who writes the workspace (`cargo xtask corpus`), for its header.
    pub(crate) written_by: &'a str,
}

/// The target folder the corpus and the unusual specs share, so that the
/// dependencies of generated crates are built once for both.
pub(crate) fn shared_target_dir(root: &Path) -> PathBuf {
    root.join("target/corpus/target")
}

/// Writes the workspace, builds the shared dependencies once, then checks
/// each member, calling `progress` after each. Returns the seconds the
/// dependencies took and each member's result, in order.
pub(crate) fn check_all(
    ws: &Workspace<'_>,
    members: &[Member],
    mut progress: impl FnMut(usize, &Member, &Checked),
) -> Result<(f64, Vec<Checked>), String> {
    let Some(first) = members.first() else {
        return Ok((0.0, Vec::new()));
    };
    write_workspace(ws, members, first)?;
    std::fs::create_dir_all(ws.logs)
        .map_err(|e| format!("cannot create {}: {e}", ws.logs.display()))?;
    eprintln!("building the shared dependencies...");
    let started = Instant::now();
    let deps = cargo(ws, &["build", "--message-format=json", "-p", DEPS_PACKAGE])
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let deps_secs = started.elapsed().as_secs_f64();
    if !deps.status.success() {
        return Err(format!(
            "building the dependencies failed:\n{}",
            String::from_utf8_lossy(&deps.stderr)
        ));
    }
    let mut results = Vec::with_capacity(members.len());
    for (i, member) in members.iter().enumerate() {
        let (checked, log) = check_one(ws, member)?;
        let log_path = ws.logs.join(format!("{}.txt", member.folder));
        let _ = std::fs::write(&log_path, log);
        progress(i, member, &checked);
        results.push(checked);
    }
    Ok((deps_secs, results))
}

/// The crate with the generated crates' dependencies and no code of its own.
const DEPS_PACKAGE: &str = "generated-crates-deps";

fn write_workspace(ws: &Workspace<'_>, members: &[Member], first: &Member) -> Result<(), String> {
    let first_manifest = ws.dir.join(&first.folder).join("Cargo.toml");
    let manifest = std::fs::read_to_string(&first_manifest)
        .map_err(|e| format!("cannot read {}: {e}", first_manifest.display()))?;
    let dependencies = manifest
        .split_once("[dependencies]")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or(rest))
        .unwrap_or("");
    let deps_dir = ws.dir.join("_deps");
    let write = |path: PathBuf, text: String| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    std::fs::create_dir_all(deps_dir.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", deps_dir.display()))?;
    write(
        deps_dir.join("Cargo.toml"),
        format!(
            "# Written by `{}`: the generated crates' dependencies, built once.\n\
             [package]\nname = \"{DEPS_PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]{dependencies}",
            ws.written_by
        ),
    )?;
    write(deps_dir.join("src/lib.rs"), String::new())?;
    let mut workspace = format!(
        "# Written by `{}`: every generated crate, one target folder.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n    \"_deps\",\n",
        ws.written_by
    );
    for member in members {
        let folder = oagen::serde_json::Value::String(member.folder.clone());
        let _ = writeln!(workspace, "    {folder},");
    }
    workspace.push_str("]\n");
    write(ws.dir.join("Cargo.toml"), workspace)?;
    // The project's lock file pins the same dependency versions (and lets
    // the build run without fetching an index).
    let lock = ws.root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, ws.dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    Ok(())
}

fn cargo(ws: &Workspace<'_>, args: &[&str]) -> std::io::Result<Output> {
    Command::new(ws.cargo)
        .current_dir(ws.dir)
        .env("CARGO_TARGET_DIR", ws.target_dir)
        // Each crate compiled whole, as a freshly generated crate would
        // be: an incremental cache from an earlier run would make the
        // figures depend on what that run built.
        .env("CARGO_INCREMENTAL", "0")
        // What a user's environment adds would change the verdicts.
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
}

/// Builds, lints and compiles the doc examples of one crate; returns the
/// result and the log of what went wrong.
fn check_one(ws: &Workspace<'_>, member: &Member) -> Result<(Checked, String), String> {
    let package = member.package.as_str();
    let run = |args: &[&str]| cargo(ws, args).map_err(|e| format!("cannot run cargo: {e}"));
    let mut checked = Checked::default();
    let mut log = String::new();

    let started = Instant::now();
    let build = run(&["build", "--message-format=json", "-p", package])?;
    checked.compile_secs = started.elapsed().as_secs_f64();
    let (warnings, errors, rendered) = diagnostics(&build.stdout, package);
    (checked.warnings, checked.errors) = (warnings, errors);
    log.push_str(&rendered);
    if !build.status.success() {
        checked.compile = Compile::Failed;
        log.push_str(&String::from_utf8_lossy(&build.stderr));
        return Ok((checked, log));
    }
    checked.compile = Compile::Ok;

    let clippy = run(&[
        "clippy",
        "--message-format=json",
        "-p",
        package,
        "--",
        "-D",
        "warnings",
    ])?;
    let (warnings, errors, rendered) = diagnostics(&clippy.stdout, package);
    checked.clippy = Some(warnings + errors);
    if !rendered.is_empty() {
        let _ = writeln!(log, "--- cargo clippy -- -D warnings\n{rendered}");
    }
    if !clippy.status.success() && warnings + errors == 0 {
        // Failed without a diagnostic of the crate's own: say so.
        checked.clippy = Some(1);
        let _ = writeln!(
            log,
            "--- cargo clippy failed\n{}",
            String::from_utf8_lossy(&clippy.stderr)
        );
    }

    let doc = run(&["test", "--doc", "-p", package])?;
    let stdout = String::from_utf8_lossy(&doc.stdout);
    let mut doctests = doctest_counts(&stdout);
    doctests.ok = doc.status.success();
    checked.doctests = Some(doctests);
    if !doc.status.success() {
        let _ = writeln!(
            log,
            "--- cargo test --doc\n{stdout}{}",
            String::from_utf8_lossy(&doc.stderr)
        );
    }
    Ok((checked, log))
}

/// The passed and failed doc examples in `cargo test --doc`'s output (the
/// sum of its `test result:` lines: merged and standalone examples each
/// have one).
pub(crate) fn doctest_counts(stdout: &str) -> Doctests {
    let mut counts = Doctests::default();
    for line in stdout.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split([';', '.']) {
            let mut words = part.split_whitespace();
            let (Some(n), Some(what)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else {
                continue;
            };
            match what {
                "passed" => counts.passed += n,
                "failed" => counts.failed += n,
                _ => {}
            }
        }
    }
    counts
}

/// Counts the warnings and errors rustc reported for `package` in cargo's
/// JSON messages, and collects their rendered text.
pub(crate) fn diagnostics(stdout: &[u8], package: &str) -> (usize, usize, String) {
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
pub(crate) fn package_id_names(id: &str, package: &str) -> bool {
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
