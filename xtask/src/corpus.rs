//! `cargo xtask corpus`: generate a client crate from every spec of the test
//! corpus, compile them all, and report what it cost.
//!
//! Generation runs the release `oagen` binary once per spec (with the hidden
//! `--stats` flag), so its timings and peak memory are those of an optimised
//! build in a fresh process. The crates are members of one workspace
//! (`target/corpus/crates`) sharing one target folder, so the dependencies are
//! built once; then each crate is built on its own and its warnings counted
//! from cargo's JSON messages.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask corpus [DIR] [--generate-only] [--only NAME,NAME] [--report PATH]

  DIR              the corpus folder with MANIFEST.tsv (default: ../shared/corpus)
  --generate-only  generate every crate but compile none
  --only NAMES     only these specs (names as in the table, or MANIFEST file names)
  --report PATH    where to write the Markdown report (default: docs/corpus-report.md,
                   written by full runs only: a run with --generate-only or --only
                   writes a report only when --report is given)";

struct Options {
    dir: PathBuf,
    generate_only: bool,
    only: Vec<String>,
    report: Option<PathBuf>,
}

fn parse_args(root: &Path, args: &[String]) -> Result<Options, String> {
    let mut dir = None;
    let mut generate_only = false;
    let mut only = Vec::new();
    let mut report = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--generate-only" => generate_only = true,
            "--only" => {
                let list = iter.next().ok_or("--only needs a list of names")?;
                only.extend(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from),
                );
            }
            "--report" => {
                let path = iter.next().ok_or("--report needs a path")?;
                report = Some(PathBuf::from(path));
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown flag `{flag}`")),
            positional if dir.is_none() => dir = Some(PathBuf::from(positional)),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let full_run = !generate_only && only.is_empty();
    let report = report.or_else(|| full_run.then(|| root.join("docs/corpus-report.md")));
    let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
    Ok(Options {
        // Generated headers name the spec by this path: keep it free of `..`.
        dir: std::fs::canonicalize(&dir).unwrap_or(dir),
        generate_only,
        only,
        report,
    })
}

/// Holds `target/corpus/.lock` while a run lasts: a second run (by hand, or
/// CI's subset on the same machine) waits rather than rewriting the shared
/// workspace under the first one. A lock whose process is gone is taken over.
pub(crate) struct RunLock {
    path: PathBuf,
}

impl RunLock {
    pub(crate) fn acquire(path: &Path) -> Result<RunLock, String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut told = false;
        let started = Instant::now();
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut file) => {
                    use std::io::Write as _;
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(RunLock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(path).unwrap_or_default();
                    let holder = holder.trim();
                    // Without /proc there is no telling: wait, up to the patience.
                    let held = !Path::new("/proc").is_dir()
                        || (!holder.is_empty() && Path::new("/proc").join(holder).exists());
                    if !held {
                        // Left by a run that was killed: take it over.
                        let _ = std::fs::remove_file(path);
                        continue;
                    }
                    if started.elapsed() > LOCK_PATIENCE {
                        return Err(format!(
                            "another `cargo xtask corpus` (pid {holder}) has held {} for over {} \
                             minutes",
                            path.display(),
                            LOCK_PATIENCE.as_secs() / 60
                        ));
                    }
                    if !told {
                        eprintln!("waiting for another `cargo xtask corpus` (pid {holder})...");
                        told = true;
                    }
                    std::thread::sleep(Duration::from_secs(2));
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// How long a run waits for another before giving up.
const LOCK_PATIENCE: Duration = Duration::from_secs(60 * 60);

/// One line of `MANIFEST.tsv`.
pub(crate) struct Entry {
    /// The spec's path relative to the corpus folder.
    pub(crate) file: String,
    /// The name it goes by: its first path segment without the extension.
    pub(crate) name: String,
    spec_version: String,
    /// The operation count the manifest states.
    operations: Option<usize>,
}

pub(crate) fn read_manifest(dir: &Path) -> Result<Vec<Entry>, String> {
    let path = dir.join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let file_col = column("file").unwrap_or(0);
    let version_col = column("spec_version");
    let ops_col = column("operations");
    let mut out = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(file) = cells
            .get(file_col)
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
        else {
            continue;
        };
        let cell = |col: Option<usize>| col.and_then(|c| cells.get(c)).map(|s| s.trim());
        out.push(Entry {
            file: file.to_string(),
            name: spec_name(file),
            spec_version: cell(version_col).unwrap_or("").to_string(),
            operations: cell(ops_col).and_then(|s| s.parse().ok()),
        });
    }
    Ok(out)
}

/// The entries `only` names (by name or file), all when it is empty.
pub(crate) fn select(entries: Vec<Entry>, only: &[String]) -> Result<Vec<Entry>, String> {
    if only.is_empty() {
        return Ok(entries);
    }
    let unknown: Vec<&String> = only
        .iter()
        .filter(|o| !entries.iter().any(|e| e.name == **o || e.file == **o))
        .collect();
    if !unknown.is_empty() {
        return Err(format!("not in the manifest: {unknown:?}"));
    }
    Ok(entries
        .into_iter()
        .filter(|e| only.iter().any(|o| *o == e.name || *o == e.file))
        .collect())
}

/// `oai-v2-petstore-separate/spec/swagger.yaml` → `oai-v2-petstore-separate`;
/// `env0.json` → `env0`.
fn spec_name(file: &str) -> String {
    match file.split_once('/') {
        Some((first, _)) => first.to_string(),
        None => match file.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => file.to_string(),
        },
    }
}

/// A package name cargo accepts (`box` is a keyword: `box-api`).
pub(crate) fn crate_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let snake = oagen::passes::names::snake_ident(&clean);
    if snake.starts_with("r#") || snake.ends_with('_') {
        format!("{clean}-api")
    } else {
        clean
    }
}

/// The service module's name, never a keyword.
pub(crate) fn module_name(name: &str) -> String {
    let snake = oagen::passes::names::snake_ident(name);
    let module = match snake.strip_prefix("r#") {
        Some(raw) => format!("{raw}_api"),
        None => snake,
    };
    if oagen::manifest::is_module_name(&module) {
        module
    } else {
        "api".to_string()
    }
}

/// What generating one spec measured (from the `oagen-stats` line).
#[derive(Default, Clone)]
struct GenStats {
    dialect: String,
    parse_ms: f64,
    generate_ms: f64,
    /// CPU time of generating, all threads (more than `generate_ms` when
    /// printing ran in parallel, less when the machine was busy).
    cpu_ms: f64,
    write_ms: f64,
    lines: usize,
    operations: usize,
    types: usize,
    fallbacks: usize,
    warnings: usize,
    spec_bytes: u64,
    peak_kib: u64,
    baseline_kib: u64,
}

fn parse_stats(line: &str) -> GenStats {
    let mut s = GenStats::default();
    for field in line.split('\t').skip(1) {
        let Some((key, value)) = field.split_once('=') else {
            continue;
        };
        let f = || value.parse::<f64>().unwrap_or(0.0);
        let n = || value.parse::<u64>().unwrap_or(0);
        match key {
            "dialect" => s.dialect = value.replace('-', " "),
            "parse_ms" => s.parse_ms = f(),
            "generate_ms" => s.generate_ms = f(),
            "cpu_ms" => s.cpu_ms = f(),
            "write_ms" => s.write_ms = f(),
            "lines" => s.lines = n() as usize,
            "operations" => s.operations = n() as usize,
            "types" => s.types = n() as usize,
            "fallbacks" => s.fallbacks = n() as usize,
            "warnings" => s.warnings = n() as usize,
            "spec_bytes" => s.spec_bytes = n(),
            "peak_kib" => s.peak_kib = n(),
            "baseline_kib" => s.baseline_kib = n(),
            _ => {}
        }
    }
    s
}

#[derive(Clone, PartialEq)]
enum Compile {
    Skipped,
    Ok,
    Failed,
}

struct Row {
    entry: Entry,
    crate_name: String,
    /// `None` when generation failed; the error is in `problem`.
    stats: Option<GenStats>,
    fallbacks: Vec<(String, String)>,
    problem: Option<String>,
    compile: Compile,
    warnings: usize,
    errors: usize,
    compile_secs: f64,
}

impl Row {
    fn generated(&self) -> bool {
        self.stats.is_some() && self.problem.is_none()
    }
}

pub fn corpus(root: &Path, args: &[String]) -> ExitCode {
    let options = match parse_args(root, args) {
        Ok(o) => o,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let entries = match read_manifest(&options.dir) {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let entries = match select(entries, &options.only) {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };

    // Runs share target/corpus (and the release oagen): one at a time.
    let _lock = match RunLock::acquire(&root.join("target/corpus/.lock")) {
        Ok(lock) => lock,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    // Before building anything: the build itself would raise it.
    let load_before = load_average();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("building oagen (release)...");
    let status = Command::new(&cargo)
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "openapi-rust-gen",
            "--bin",
            "oagen",
        ])
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("error: `cargo build --release -p openapi-rust-gen` failed");
        return ExitCode::FAILURE;
    }
    let oagen = root.join("target/release/oagen");
    let out_root = root.join("target/corpus");
    let crates_dir = out_root.join("crates");
    let logs_dir = out_root.join("logs");
    if let Err(e) = std::fs::create_dir_all(&crates_dir).and(std::fs::create_dir_all(&logs_dir)) {
        eprintln!("error: cannot create {}: {e}", out_root.display());
        return ExitCode::FAILURE;
    }

    // Generate.
    let mut run = RunInfo {
        load_before,
        ..RunInfo::default()
    };
    let generation_started = Instant::now();
    let mut rows: Vec<Row> = Vec::new();
    for entry in entries {
        let row = generate_one(&oagen, &options.dir, &crates_dir, entry);
        match (&row.stats, &row.problem) {
            (_, Some(problem)) => eprintln!("generate {:<32} FAILED: {problem}", row.entry.name),
            (Some(s), None) => eprintln!(
                "generate {:<32} {:>5} ops {:>8.1} ms (parse {:>7.1} ms) {:>7} lines {:>3} fallbacks",
                row.entry.name, s.operations, s.generate_ms, s.parse_ms, s.lines, s.fallbacks
            ),
            (None, None) => {}
        }
        rows.push(row);
    }
    run.generation_wall = generation_started.elapsed();
    run.load_after_generation = load_average();

    // Compile.
    if !options.generate_only {
        let started = Instant::now();
        match compile_all(&cargo, root, &out_root, &mut rows) {
            Ok(deps) => run.deps_secs = Some(deps),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        }
        run.compile_wall = Some(started.elapsed());
        run.load_after_compile = load_average();
    }

    let summary = summary_line(&rows, options.generate_only);
    println!();
    print!("{}", text_table(&rows));
    println!();
    println!("{summary}");
    println!(
        "generation: {:.2} s wall for {} specs ({:.2} s inside the generator)",
        run.generation_wall.as_secs_f64(),
        rows.len(),
        rows.iter()
            .filter_map(|r| r.stats.as_ref())
            .map(|s| s.generate_ms)
            .sum::<f64>()
            / 1000.0
    );
    if let Some(wall) = run.compile_wall {
        println!("compile: {:.0} s wall", wall.as_secs_f64());
    }
    if let Some(path) = &options.report {
        let path = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        let report = markdown_report(&rows, &summary, &run, &options);
        if let Err(e) = std::fs::write(&path, report) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "report: {}",
            path.strip_prefix(root).unwrap_or(&path).display()
        );
    }
    write_fallbacks(&out_root, &rows);

    let failed = rows
        .iter()
        .any(|r| !r.generated() || r.compile == Compile::Failed || r.warnings > 0 || r.errors > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn generate_one(oagen: &Path, corpus: &Path, crates_dir: &Path, entry: Entry) -> Row {
    let crate_name = crate_name(&entry.name);
    let mut row = Row {
        crate_name: crate_name.clone(),
        entry,
        stats: None,
        fallbacks: Vec::new(),
        problem: None,
        compile: Compile::Skipped,
        warnings: 0,
        errors: 0,
        compile_secs: 0.0,
    };
    let spec = corpus.join(&row.entry.file);
    let out = crates_dir.join(&row.entry.name);
    let output = Command::new(oagen)
        .arg("generate")
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", &crate_name])
        .args(["--module", &module_name(&row.entry.name)])
        .args(["--stats", "--workspace-member"])
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            row.problem = Some(format!("cannot run {}: {e}", oagen.display()));
            return row;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        if line.starts_with("oagen-stats\t") {
            row.stats = Some(parse_stats(line));
        } else if let Some(rest) = line.strip_prefix("oagen-fallback\t") {
            let (pointer, reason) = rest.split_once('\t').unwrap_or((rest, ""));
            row.fallbacks
                .push((pointer.to_string(), reason.to_string()));
        }
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr
            .lines()
            .filter(|l| l.starts_with("error"))
            .collect::<Vec<_>>()
            .join("; ");
        row.problem = Some(if message.is_empty() {
            format!("oagen exited with {}", output.status)
        } else {
            message
        });
        row.stats = None;
        return row;
    }
    match (&row.stats, row.entry.operations) {
        (None, _) => row.problem = Some("oagen printed no stats".into()),
        (Some(s), Some(expected)) if s.operations != expected => {
            row.problem = Some(format!(
                "{} operations generated, the manifest counts {expected}",
                s.operations
            ));
        }
        _ => {}
    }
    row
}

/// Writes the corpus workspace, builds the shared dependencies once, then
/// each crate. Returns the seconds the dependencies took.
fn compile_all(cargo: &str, root: &Path, out_root: &Path, rows: &mut [Row]) -> Result<f64, String> {
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
fn diagnostics(stdout: &[u8], package: &str) -> (usize, usize, String) {
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
fn package_id_names(id: &str, package: &str) -> bool {
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

fn summary_line(rows: &[Row], generate_only: bool) -> String {
    let n = rows.len();
    let generated = rows.iter().filter(|r| r.generated()).count();
    let fallbacks: usize = rows.iter().map(|r| r.fallbacks.len()).sum();
    if generate_only {
        return format!("{generated}/{n} generate, compile skipped, {fallbacks} fallbacks");
    }
    let compiled = rows.iter().filter(|r| r.compile == Compile::Ok).count();
    let warnings: usize = rows.iter().map(|r| r.warnings).sum();
    format!(
        "{generated}/{n} generate, {compiled}/{n} compile, {warnings} warnings, {fallbacks} fallbacks"
    )
}

fn status_text(row: &Row) -> &'static str {
    if !row.generated() {
        return "no crate";
    }
    match row.compile {
        Compile::Skipped => "skipped",
        Compile::Ok => "ok",
        Compile::Failed => "FAILED",
    }
}

struct Cells {
    spec: String,
    dialect: String,
    ops: String,
    gen_ms: String,
    cpu_ms: String,
    parse_ms: String,
    lines: String,
    compile: String,
    warnings: String,
    compile_s: String,
    fallbacks: String,
    peak: String,
}

fn cells(row: &Row) -> Cells {
    let s = row.stats.as_ref();
    let dialect = s
        .map(|s| s.dialect.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| row.entry.spec_version.clone());
    let compiled = row.compile != Compile::Skipped;
    Cells {
        spec: row.entry.name.clone(),
        dialect,
        ops: s.map_or("-".into(), |s| s.operations.to_string()),
        gen_ms: s.map_or("-".into(), |s| format!("{:.1}", s.generate_ms)),
        cpu_ms: s.map_or("-".into(), |s| format!("{:.0}", s.cpu_ms)),
        parse_ms: s.map_or("-".into(), |s| format!("{:.1}", s.parse_ms)),
        lines: s.map_or("-".into(), |s| s.lines.to_string()),
        compile: status_text(row).into(),
        warnings: if compiled {
            row.warnings.to_string()
        } else {
            "-".into()
        },
        compile_s: if compiled {
            format!("{:.1}", row.compile_secs)
        } else {
            "-".into()
        },
        fallbacks: s.map_or("-".into(), |_| row.fallbacks.len().to_string()),
        peak: s.map_or("-".into(), |s| format!("{:.1}", s.peak_kib as f64 / 1024.0)),
    }
}

const HEADERS: [&str; 12] = [
    "spec",
    "dialect",
    "ops",
    "gen ms",
    "cpu ms",
    "parse ms",
    "lines",
    "compile",
    "warnings",
    "compile s",
    "fallbacks",
    "peak MiB",
];

fn cell_list(c: &Cells) -> [&str; 12] {
    [
        &c.spec,
        &c.dialect,
        &c.ops,
        &c.gen_ms,
        &c.cpu_ms,
        &c.parse_ms,
        &c.lines,
        &c.compile,
        &c.warnings,
        &c.compile_s,
        &c.fallbacks,
        &c.peak,
    ]
}

fn text_table(rows: &[Row]) -> String {
    let all: Vec<Cells> = rows.iter().map(cells).collect();
    let mut widths = HEADERS.map(str::len);
    for c in &all {
        for (w, v) in widths.iter_mut().zip(cell_list(c)) {
            *w = (*w).max(v.len());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, values: [&str; 12]| {
        for (i, (v, w)) in values.iter().zip(widths).enumerate() {
            if i < 2 {
                let _ = write!(out, "{v:<w$}  ");
            } else {
                let _ = write!(out, "{v:>w$}  ");
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    };
    line(&mut out, HEADERS);
    for c in &all {
        line(&mut out, cell_list(c));
    }
    for row in rows {
        if let Some(problem) = &row.problem {
            let _ = writeln!(out, "{}: {problem}", row.entry.name);
        }
    }
    out
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub(crate) fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let nproc = command_output("nproc", &[]).unwrap_or_else(|| cpus.to_string());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let kib: u64 = info
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!(", {:.1} GiB RAM", kib as f64 / (1024.0 * 1024.0)))
        });
    let rustc = command_output("rustc", &["-V"]).unwrap_or_else(|| "rustc ?".into());
    format!(
        "`nproc` = {nproc}, {model}{}, {rustc}",
        memory.unwrap_or_default()
    )
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// What the run as a whole measured, beside the rows.
#[derive(Default)]
struct RunInfo {
    generation_wall: Duration,
    compile_wall: Option<Duration>,
    deps_secs: Option<f64>,
    /// One-minute load averages: other work on the machine skews timings.
    load_before: Option<f64>,
    load_after_generation: Option<f64>,
    load_after_compile: Option<f64>,
}

fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn markdown_report(rows: &[Row], summary: &str, run: &RunInfo, options: &Options) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Corpus report\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask corpus{}{}`: every spec of the corpus (`MANIFEST.tsv`) \
         generated with the release `oagen` into `target/corpus/crates/<spec>/`, then each crate \
         built with `cargo build` (debug, not incremental, dependencies already built, one \
         shared target folder). \
         Warnings are rustc's, counted from cargo's JSON messages. `gen ms` is the wall time of \
         the whole pipeline in the generator (reading to formatted source and reference pages, \
         files not yet written), `cpu ms` its CPU time over all threads, `parse ms` the time to \
         read and parse the same spec alone; peak memory is the generating process's `VmHWM`.\n",
        if options.generate_only {
            " --generate-only"
        } else {
            ""
        },
        if options.only.is_empty() {
            String::new()
        } else {
            format!(" --only {}", options.only.join(","))
        }
    );
    let _ = writeln!(md, "**{summary}**\n");
    let load = |l: Option<f64>| l.map_or("?".to_string(), |l| format!("{l:.1}"));
    let _ = writeln!(
        md,
        "Machine: {}. Load average (1 min) {} before the run, {} after generating{}.\n",
        machine(),
        load(run.load_before),
        load(run.load_after_generation),
        if run.compile_wall.is_some() {
            format!(", {} after compiling", load(run.load_after_compile))
        } else {
            String::new()
        }
    );
    let _ = writeln!(md, "| {} |", HEADERS.join(" | "));
    let _ = writeln!(md, "| --- | --- |{}", " ---: |".repeat(HEADERS.len() - 2));
    for row in rows {
        let c = cells(row);
        let _ = writeln!(md, "| {} |", cell_list(&c).join(" | "));
    }
    let problems: Vec<&Row> = rows.iter().filter(|r| r.problem.is_some()).collect();
    if !problems.is_empty() {
        let _ = writeln!(md, "\nFailures:\n");
        for r in problems {
            let _ = writeln!(
                md,
                "- {}: {}",
                r.entry.name,
                r.problem.as_deref().unwrap_or("").replace('|', "\\|")
            );
        }
    }
    let _ = writeln!(
        md,
        "\nWhether the generated types keep what the specs' examples hold: \
         [roundtrip-report.md](roundtrip-report.md) (`cargo xtask roundtrip`).\n"
    );
    md.push_str(&benchmarks(rows, run));
    md.push_str(&fallback_summary(rows));
    md
}

/// `name 12.3×` for the `n` worst of `values` above `limit`, and how many there are.
fn worst_over(values: &[(&str, f64)], limit: f64, n: usize) -> String {
    let mut over: Vec<&(&str, f64)> = values.iter().filter(|(_, x)| *x > limit).collect();
    if over.is_empty() {
        return String::new();
    }
    over.sort_by(|a, b| b.1.total_cmp(&a.1));
    let shown: Vec<String> = over
        .iter()
        .take(n)
        .map(|(name, x)| format!("{name} {x:.1}×"))
        .collect();
    format!(
        " ({} of {} over; worst: {})",
        over.len(),
        values.len(),
        shown.join(", ")
    )
}

fn benchmarks(rows: &[Row], run: &RunInfo) -> String {
    let mut md = String::from("\n## Benchmarks\n\n");
    let done: Vec<(&Row, &GenStats)> = rows
        .iter()
        .filter(|r| r.generated())
        .filter_map(|r| r.stats.as_ref().map(|s| (r, s)))
        .collect();
    if done.is_empty() {
        md.push_str("Nothing was generated.\n");
        return md;
    }
    let inside: f64 = done.iter().map(|(_, s)| s.generate_ms).sum::<f64>() / 1000.0;
    let cpu: f64 = done.iter().map(|(_, s)| s.cpu_ms).sum::<f64>() / 1000.0;
    let parse_total: f64 = done.iter().map(|(_, s)| s.parse_ms).sum::<f64>() / 1000.0;
    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    let _ = writeln!(
        md,
        "- Whole corpus: {inside:.2} s inside the generator ({cpu:.2} s of CPU over all \
         threads; bare parsing alone takes {parse_total:.2} s), {:.2} s wall for the whole \
         phase (a process per spec, writing the files, and parsing each spec again to time it). \
         Target under 10 s: {} inside the generator, {} for the phase.",
        run.generation_wall.as_secs_f64(),
        verdict(inside < 10.0),
        verdict(run.generation_wall.as_secs_f64() < 10.0)
    );
    if let Some((largest, s)) = done.iter().max_by_key(|(_, s)| s.spec_bytes) {
        let _ = writeln!(
            md,
            "- Largest spec: {} ({:.1} MiB): generated in {:.0} ms ({:.0} ms CPU; parse alone \
             {:.0} ms). Target under 1 s: {}.",
            largest.entry.name,
            s.spec_bytes as f64 / (1024.0 * 1024.0),
            s.generate_ms,
            s.cpu_ms,
            s.parse_ms,
            verdict(s.generate_ms < 1000.0)
        );
    }
    let mut slowest: Vec<&(&Row, &GenStats)> = done.iter().collect();
    slowest.sort_by(|a, b| b.1.generate_ms.total_cmp(&a.1.generate_ms));
    let _ = writeln!(
        md,
        "- Slowest specs: {}.",
        slowest
            .iter()
            .take(5)
            .map(|(r, s)| format!(
                "{} {:.0} ms ({:.0} ms CPU)",
                r.entry.name, s.generate_ms, s.cpu_ms
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Generation time against parse time.
    let ratios: Vec<(&str, f64)> = done
        .iter()
        .filter(|(_, s)| s.parse_ms > 0.0)
        .map(|(r, s)| (r.entry.name.as_str(), s.generate_ms / s.parse_ms))
        .collect();
    let over = worst_over(&ratios, 5.0, 5);
    let _ = writeln!(
        md,
        "- Generation time / bare parse time: whole corpus {:.1}×, median {:.1}×. Target within \
         5×: {}{over}. Parsing JSON is fast (serde_json) while printing Rust \
         (quote, syn, prettyplease) and writing the reference pages cost far more per byte; \
         YAML specs, slower to parse, come closest.",
        inside / parse_total.max(f64::MIN_POSITIVE),
        median(ratios.iter().map(|(_, x)| *x).collect()),
        verdict(over.is_empty()),
    );
    // Lines per operation.
    let lines: usize = done.iter().map(|(_, s)| s.lines).sum();
    let ops: usize = done.iter().map(|(_, s)| s.operations).sum();
    let per_op: Vec<f64> = done
        .iter()
        .filter(|(_, s)| s.operations > 0)
        .map(|(_, s)| s.lines as f64 / s.operations as f64)
        .collect();
    let _ = writeln!(
        md,
        "- Generated Rust lines per operation: {:.0} over the corpus ({lines} lines, {ops} \
         operations; the types count too), median per spec {:.0}.",
        lines as f64 / ops.max(1) as f64,
        median(per_op)
    );
    // Compile cost.
    let compiled: Vec<(&Row, &GenStats)> = done
        .iter()
        .copied()
        .filter(|(r, _)| r.compile == Compile::Ok)
        .collect();
    if !compiled.is_empty() {
        let per_100 = |set: &[&(&Row, &GenStats)]| {
            let secs: f64 = set.iter().map(|(r, _)| r.compile_secs).sum();
            let ops: usize = set.iter().map(|(_, s)| s.operations).sum();
            secs * 100.0 / ops.max(1) as f64
        };
        let big: Vec<&(&Row, &GenStats)> = compiled
            .iter()
            .filter(|(_, s)| s.operations >= 50)
            .collect();
        let all: Vec<&(&Row, &GenStats)> = compiled.iter().collect();
        let _ = writeln!(
            md,
            "- Compile seconds per 100 operations (debug, not incremental, dependencies built): \
             {:.1} s for specs with at least 50 operations ({} specs), {:.1} s over all compiled \
             specs. Peers on this corpus: about 12 s (progenitor) and 14 s (openapi-generator).",
            per_100(&big),
            big.len(),
            per_100(&all),
        );
    }
    if let Some(wall) = run.compile_wall {
        let deps = run.deps_secs.unwrap_or(0.0);
        let _ = writeln!(
            md,
            "- Compile wall time: {:.0} s for all crates, {}.",
            wall.as_secs_f64(),
            if deps < 5.0 {
                "the shared dependencies being already built by an earlier run".to_string()
            } else {
                format!("of which {deps:.0} s building the shared dependencies once")
            }
        );
    }
    // Memory.
    let large: Vec<(&str, f64, f64)> = done
        .iter()
        .filter(|(_, s)| s.spec_bytes >= 100 * 1024 && s.peak_kib > 0)
        .map(|(r, s)| {
            let peak = s.peak_kib as f64 * 1024.0;
            let grown = s.peak_kib.saturating_sub(s.baseline_kib) as f64 * 1024.0;
            (
                r.entry.name.as_str(),
                peak / s.spec_bytes as f64,
                grown / s.spec_bytes as f64,
            )
        })
        .collect();
    if !large.is_empty() {
        let ratios: Vec<(&str, f64)> = large.iter().map(|(n, x, _)| (*n, *x)).collect();
        let over = worst_over(&ratios, 20.0, 5);
        let _ = writeln!(
            md,
            "- Peak memory (VmHWM) / spec size, for the {} specs of 100 KiB or more: median \
             {:.1}×, counting only what the process grew after start-up median {:.1}×. Target \
             under 20×: {}{over}. The process starts at about {:.1} MiB, which dominates small \
             specs.",
            large.len(),
            median(ratios.iter().map(|(_, x)| *x).collect()),
            median(large.iter().map(|(_, _, x)| *x).collect()),
            verdict(over.is_empty()),
            done.iter()
                .map(|(_, s)| s.baseline_kib as f64 / 1024.0)
                .fold(f64::INFINITY, f64::min)
        );
    }
    md
}

fn fallback_summary(rows: &[Row]) -> String {
    let mut by_reason: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        for (_, reason) in &row.fallbacks {
            let entry = by_reason.entry(reason_class(reason)).or_default();
            if !entry.contains(&row.entry.name) {
                entry.push(row.entry.name.clone());
            }
        }
    }
    let mut md = String::from("\n## Fallbacks\n\n");
    let total: usize = rows.iter().map(|r| r.fallbacks.len()).sum();
    if total == 0 {
        md.push_str("None: every schema was typed.\n");
        return md;
    }
    let _ = writeln!(
        md,
        "{total} places where a schema could not be typed exactly and `serde_json::Value` (or \
         raw bytes) stands in, by reason (each listed with its pointer in \
         `target/corpus/fallbacks.tsv`):\n"
    );
    let mut counted: Vec<(usize, String, Vec<String>)> = by_reason
        .into_iter()
        .map(|(reason, specs)| {
            let n = rows
                .iter()
                .flat_map(|r| &r.fallbacks)
                .filter(|(_, r)| reason_class(r) == reason)
                .count();
            (n, reason, specs)
        })
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (n, reason, specs) in counted {
        let _ = writeln!(md, "- {n} × {reason} ({})", specs.join(", "));
    }
    md
}

/// Fallback reasons without the details that differ per place (the quoted part).
fn reason_class(reason: &str) -> String {
    match reason.split_once('`') {
        Some((before, rest)) => match rest.split_once('`') {
            Some((_, after)) => format!("{before}`…`{after}"),
            None => reason.to_string(),
        },
        None => reason.to_string(),
    }
}

fn write_fallbacks(out_root: &Path, rows: &[Row]) {
    let mut tsv = String::from("spec\tpointer\treason\n");
    for row in rows {
        for (pointer, reason) in &row.fallbacks {
            let _ = writeln!(tsv, "{}\t{pointer}\t{reason}", row.entry.name);
        }
    }
    let _ = std::fs::write(out_root.join("fallbacks.tsv"), tsv);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_names_and_crate_names() {
        assert_eq!(spec_name("env0.json"), "env0");
        assert_eq!(
            spec_name("oai-v2-petstore-separate/spec/swagger.yaml"),
            "oai-v2-petstore-separate"
        );
        assert_eq!(
            spec_name("arthur-genai-engine-2026-01.json"),
            "arthur-genai-engine-2026-01"
        );
        assert_eq!(crate_name("box"), "box-api");
        assert_eq!(crate_name("env0"), "env0");
        assert_eq!(module_name("box"), "box_api");
        assert_eq!(module_name("oai-v3-petstore"), "oai_v3_petstore");
    }

    #[test]
    fn stats_lines_parse() {
        let s = parse_stats(
            "oagen-stats\tdialect=openapi-3.1\tparse_ms=1.5\tgenerate_ms=4\tlines=10\toperations=2\tpeak_kib=900",
        );
        assert_eq!(s.dialect, "openapi 3.1");
        assert_eq!(s.operations, 2);
        assert_eq!(s.peak_kib, 900);
        assert!((s.generate_ms - 4.0).abs() < 1e-9);
    }

    #[test]
    fn package_ids_of_both_formats() {
        assert!(package_id_names(
            "path+file:///w/target/corpus/crates/env0#0.1.0",
            "env0"
        ));
        assert!(package_id_names(
            "path+file:///w/crates/box#box-api@0.1.0",
            "box-api"
        ));
        assert!(package_id_names("env0 0.1.0 (path+file:///w/env0)", "env0"));
        assert!(!package_id_names("path+file:///w/crates/env0#0.1.0", "env"));
    }

    #[test]
    fn warning_summaries_are_not_counted() {
        let out = br#"{"reason":"compiler-message","package_id":"path+file:///c/x#0.1.0","message":{"level":"warning","message":"unused import","spans":[{}],"rendered":"w1\n"}}
{"reason":"compiler-message","package_id":"path+file:///c/x#0.1.0","message":{"level":"warning","message":"1 warning emitted","spans":[],"rendered":"w\n"}}
{"reason":"compiler-artifact","package_id":"path+file:///c/x#0.1.0"}"#;
        let (w, e, _) = diagnostics(out, "x");
        assert_eq!((w, e), (1, 0));
    }

    #[test]
    fn a_second_run_waits_for_the_lock_and_a_dead_holder_is_taken_over() {
        let dir = std::env::temp_dir().join(format!("corpus-lock-{}", std::process::id()));
        let path = dir.join(".lock");
        let lock = RunLock::acquire(&path).expect("first run locks");
        assert!(path.exists());
        drop(lock);
        assert!(!path.exists(), "released on drop");
        if Path::new("/proc").is_dir() {
            // A pid that cannot be running.
            std::fs::write(&path, "4294967295").expect("writes");
            let lock = RunLock::acquire(&path).expect("a dead holder is taken over");
            drop(lock);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
