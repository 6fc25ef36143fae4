//! `oagen`: generate a typed async Rust client crate from an OpenAPI spec.
//!
//! Exit status: 0 on success, 1 when the spec is bad (or, with
//! `--deny-warnings`, odd), 2 for bad usage.

use clap::{Parser, Subcommand, ValueEnum};
use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generation allocates and frees tokens and syntax trees by the million:
/// with glibc's malloc that was a quarter of its samples, and mimalloc
/// takes 10% to 23% off its CPU time (docs/generation-profile.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "oagen",
    version,
    about = "OpenAPI (2.0, 3.0, 3.1) to typed async Rust clients"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate from one spec into a folder (replaced whole).
    Generate {
        /// The spec (YAML or JSON).
        spec: PathBuf,
        /// The crate folder to write: a new or empty folder, or one oagen
        /// wrote before (it holds a `.oagen-generated` marker), which is
        /// replaced whole.
        #[arg(long, short)]
        out: PathBuf,
        /// Replace --out even if it holds files oagen did not write (no
        /// marker): everything in it is deleted.
        #[arg(long, conflicts_with = "check")]
        force: bool,
        /// The crate's name (default: from the spec's file name, in kebab-case).
        #[arg(long)]
        crate_name: Option<String>,
        /// The service module's name (default: from the spec's file name).
        #[arg(long)]
        module: Option<String>,
        /// Change nothing; fail if the folder differs from what would be written.
        #[arg(long)]
        check: bool,
        /// Treat warnings about the spec (fallbacks included) as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Print one machine-readable `oagen-stats` line (timings, sizes,
        /// peak memory) for benchmarks (`cargo xtask corpus`).
        #[arg(long, hide = true)]
        stats: bool,
        /// Whether the crate declares itself a cargo workspace root (an
        /// empty `[workspace]` table). `auto`: it does, unless a workspace
        /// around --out lists the folder among its `members` (as cargo
        /// finds it: the nearest `Cargo.toml` above with a `[workspace]`
        /// that does not exclude it); run again after adding the folder to
        /// `members`. `member`: never (for a workspace that will list it).
        /// `root`: always.
        #[arg(long, value_enum, default_value_t = WorkspaceMode::Auto)]
        workspace: WorkspaceMode,
        /// The same as `--workspace member` (`cargo xtask corpus`).
        #[arg(long, hide = true, conflicts_with = "workspace")]
        workspace_member: bool,
        /// Keep `date-time`, `date`, `time` and `uuid` values as `String`
        /// (the text as the server wrote it) instead of chrono's and
        /// uuid's types.
        #[arg(long)]
        string_formats: bool,
    },
    /// Generate every service of a manifest (`specs/services.toml`).
    Manifest {
        manifest: PathBuf,
        #[arg(long)]
        check: bool,
        #[arg(long)]
        deny_warnings: bool,
        /// Replace the manifest's output folder even if it holds files oagen
        /// did not write (no `.oagen-generated` marker).
        #[arg(long, conflicts_with = "check")]
        force: bool,
    },
}

/// Where the generated crate stands with respect to cargo workspaces.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum WorkspaceMode {
    /// A root unless a workspace around it lists it as a member.
    Auto,
    /// A member of a workspace around it: no `[workspace]` table.
    Member,
    /// Its own workspace root: an empty `[workspace]` table.
    Root,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut options = RunOptions {
        baseline_kib: peak_memory_kib(),
        ..RunOptions::default()
    };
    let (spec, check, deny_warnings) = match cli.command {
        Command::Generate {
            spec,
            out,
            crate_name,
            module,
            force,
            check,
            deny_warnings,
            stats,
            workspace,
            workspace_member,
            string_formats,
        } => {
            options.force = force;
            options.stats = stats;
            let stem = spec
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "api".into());
            let module = module.unwrap_or_else(|| default_module_name(&stem));
            if let Some(problem) = oagen::manifest::module_name_problem(&module) {
                eprintln!("error: module `{module}`: {problem} (use --module)");
                return ExitCode::from(2);
            }
            if let Some(problem) = output_problem(&spec, &out) {
                eprintln!("error: {problem}");
                return ExitCode::from(2);
            }
            let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&stem));
            if let Some(problem) = oagen::manifest::crate_name_problem(&crate_name) {
                eprintln!("error: --crate-name {crate_name:?}: {problem}");
                return ExitCode::from(2);
            }
            options.standalone = Some(match workspace {
                _ if workspace_member => false,
                WorkspaceMode::Member => false,
                WorkspaceMode::Root => true,
                WorkspaceMode::Auto => {
                    let enclosing = oagen::workspace::enclosing_workspace(&out);
                    if let oagen::workspace::Enclosing::NotMember(root) = &enclosing {
                        println!(
                            "note: {} lies inside the workspace of {} without being one of its \
                             members: the crate is a workspace of its own (add the folder to \
                             `members` and run again to make it a member)",
                            out.display(),
                            root.display()
                        );
                    }
                    enclosing.needs_own_root()
                }
            });
            let service = ServiceSpec {
                name: stem.clone(),
                // The file's name alone: the output must not depend on where
                // the spec was, or on the working directory.
                spec_label: spec
                    .file_name()
                    .map_or_else(|| stem.clone(), |n| n.to_string_lossy().into_owned()),
                spec,
                feature: module.clone(),
                module,
                passes: oagen::passes::PassOptions {
                    string_formats,
                    ..Default::default()
                },
                rate_limit: None,
            };
            let spec = CrateSpec {
                name: crate_name,
                version: "0.1.0".into(),
                output: out,
                services: vec![service],
                generated_by: "oagen generate".into(),
            };
            (spec, check, deny_warnings)
        }
        Command::Manifest {
            manifest,
            check,
            deny_warnings,
            force,
        } => match oagen::read_manifest(&manifest) {
            Ok(mut spec) => {
                options.force = force;
                spec.generated_by = "cargo xtask codegen".into();
                (spec, check, deny_warnings)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    run(&spec, check, deny_warnings, &options)
}

/// `--out` is replaced whole: refuse a file there, and a folder that holds
/// the spec (the spec would go with it).
fn output_problem(spec: &std::path::Path, out: &std::path::Path) -> Option<String> {
    if out.is_file() {
        return Some(format!(
            "--out {}: is a file; the output is a folder, replaced whole",
            out.display()
        ));
    }
    let out_dir = std::fs::canonicalize(out).ok()?;
    let spec_file = std::fs::canonicalize(spec).ok()?;
    spec_file.starts_with(&out_dir).then(|| {
        format!(
            "--out {}: the folder holds the spec {} and would be replaced whole; \
             write the client to another folder",
            out.display(),
            spec.display()
        )
    })
}

/// The module name made from a spec's file name: snake_case, and never a
/// keyword (`box.json` gives `box_api`, as `r#box` cannot name a module path
/// segment in a feature).
fn default_module_name(stem: &str) -> String {
    let snake = oagen::passes::names::snake_ident(stem);
    match snake.strip_prefix("r#") {
        Some(raw) => format!("{raw}_api"),
        None if oagen::manifest::module_name_problem(&snake).is_none() => snake,
        None => format!("{}_api", snake.trim_end_matches('_')),
    }
}

/// The crate name made from a spec's file name: its module name in
/// kebab-case (`DigitalOcean-public.v2.yaml` gives `digital-ocean-public-v2`,
/// `2fa.yaml` `n2fa`), with `-api` added where that name is not allowed.
fn default_crate_name(stem: &str) -> String {
    let name = default_module_name(stem).replace('_', "-");
    if oagen::manifest::crate_name_problem(&name).is_none() {
        name
    } else {
        format!("{}-api", name.trim_end_matches('-'))
    }
}

#[derive(Default)]
struct RunOptions {
    /// Replace an output folder oagen did not write.
    force: bool,
    stats: bool,
    /// Whether the crate has an empty `[workspace]` table (`oagen generate`;
    /// a manifest's crate never has).
    standalone: Option<bool>,
    /// Peak memory before any work, to tell the process's fixed cost apart.
    baseline_kib: Option<u64>,
}

fn run(spec: &CrateSpec, check: bool, deny_warnings: bool, options: &RunOptions) -> ExitCode {
    let standalone = options.standalone.unwrap_or(false);
    let started = std::time::Instant::now();
    let cpu_before = cpu_time_ms();
    let generated = match oagen::generate_crate(spec, standalone) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let warnings = print_warnings(spec, &generated);
    if deny_warnings && warnings > 0 {
        eprintln!(
            "error: {warnings} warning{}, and --deny-warnings is set; nothing was written",
            if warnings == 1 { "" } else { "s" }
        );
        return ExitCode::FAILURE;
    }
    if check {
        return match oagen::write::check(&spec.output, &generated.files) {
            Ok(drift) if drift.is_empty() => ExitCode::SUCCESS,
            Ok(drift) => {
                for d in drift {
                    eprintln!("{}/{d}", spec.output.display());
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let generation_time = started.elapsed();
    let generation_cpu = cpu_time_ms()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let write_started = std::time::Instant::now();
    let replace = if options.force {
        oagen::write::Replace::Anything
    } else {
        oagen::write::Replace::OursOnly
    };
    if let Err(e) = oagen::write::write_atomically(&spec.output, &generated.files, replace) {
        eprintln!("error: {e}");
        // A folder that is not ours to replace is a matter of the options.
        return match e {
            oagen::Error::Config(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        };
    }
    let write_time = write_started.elapsed();
    if options.stats {
        print_stats(
            spec,
            &generated,
            generation_time,
            generation_cpu,
            write_time,
            options.baseline_kib,
        );
    }
    for r in &generated.reports {
        println!(
            "{}: {} ({}), {} operations, {} types, {} lines, {} fallbacks, {:.1?}",
            spec.output.display(),
            r.name,
            r.dialect.label(),
            r.operations,
            r.types,
            r.generated_lines,
            r.fallbacks.len(),
            r.total_time
        );
    }
    ExitCode::SUCCESS
}

/// Prints each warning and fallback once, naming the spec file and, where
/// the pointer can be found in its text, the line and column. Returns how
/// many it printed.
fn print_warnings(spec: &CrateSpec, generated: &oagen::GeneratedCrate) -> usize {
    let mut printed = 0;
    for report in &generated.reports {
        let Some(service) = spec.services.iter().find(|s| s.name == report.name) else {
            continue;
        };
        // Named as the user wrote it, not as the generated files name it.
        let label = service.spec.display().to_string();
        for line in report.warning_lines(&label, &service.spec) {
            eprintln!("warning: {line}");
            printed += 1;
        }
    }
    printed
}

/// One line of `key=value` fields, tab-separated, for `cargo xtask corpus`.
/// `parse_ms` times reading and parsing the spec alone (done again after
/// generating, so both see a warm file cache); `generate_ms` is the whole
/// pipeline to formatted source, files not yet written.
fn print_stats(
    spec: &CrateSpec,
    generated: &oagen::GeneratedCrate,
    generation: std::time::Duration,
    generation_cpu: Option<f64>,
    write: std::time::Duration,
    baseline_kib: Option<u64>,
) {
    let Some(service) = spec.services.first() else {
        return;
    };
    // Read before parsing again, so the figure is generation's alone.
    let peak_kib = peak_memory_kib();
    let parse_started = std::time::Instant::now();
    let parsed = oagen::load::load(&service.spec).map(|loaded| loaded.size_bytes);
    let parse_time = parse_started.elapsed();
    let spec_bytes = parsed.unwrap_or_default();
    let sum =
        |f: fn(&oagen::ServiceReport) -> usize| generated.reports.iter().map(f).sum::<usize>();
    let dialect = generated
        .reports
        .first()
        .map(|r| r.dialect.label())
        .unwrap_or("?");
    let warnings = sum(|r| r.warnings.len());
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "oagen-stats\tdialect={}\tparse_ms={:.3}\tgenerate_ms={:.3}\tcpu_ms={}\twrite_ms={:.3}\tlines={}\toperations={}\ttypes={}\tfallbacks={}\twarnings={}\tspec_bytes={}\tpeak_kib={}\tbaseline_kib={}",
        dialect.replace(' ', "-"),
        ms(parse_time),
        ms(generation),
        generation_cpu.map_or_else(|| "?".to_string(), |c| format!("{c:.0}")),
        ms(write),
        sum(|r| r.generated_lines),
        sum(|r| r.operations),
        sum(|r| r.types),
        sum(|r| r.fallbacks.len()),
        warnings,
        spec_bytes,
        peak_kib.map_or_else(|| "?".to_string(), |k| k.to_string()),
        baseline_kib.map_or_else(|| "?".to_string(), |k| k.to_string()),
    );
    for r in &generated.reports {
        for f in &r.fallbacks {
            println!(
                "oagen-fallback\t{}\t{}",
                f.pointer,
                f.reason.replace(['\t', '\n'], " ")
            );
        }
    }
}

/// CPU time the process has used so far, all threads, in milliseconds
/// (`utime + stime` from /proc, at the usual 100 ticks a second).
fn cpu_time_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some((ticks(11)? + ticks(12)?) as f64 * 10.0)
}

/// The process's peak resident set (`VmHWM`), where /proc tells it.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_from_file_names_are_never_keywords() {
        assert_eq!(default_module_name("box"), "box_api");
        assert_eq!(default_module_name("type"), "type_api");
        assert_eq!(default_module_name("env0"), "env0");
        assert_eq!(default_module_name("oai-v3-petstore"), "oai_v3_petstore");
        assert!(oagen::manifest::is_module_name(&default_module_name(
            "self"
        )));
        // `runtime.yaml` gave a second `pub mod runtime;` beside the crate's own.
        assert_eq!(default_module_name("runtime"), "runtime_api");
    }

    #[test]
    fn crate_names_from_file_names_are_valid_snake_case_packages() {
        for (stem, wanted) in [
            ("2fa", "n2fa"),
            ("a+b", "a-b"),
            ("my api (v2)", "my-api-v2"),
            ("DigitalOcean-public.v2", "digital-ocean-public-v2"),
            ("oai-v3-petstore", "oai-v3-petstore"),
            ("std", "std-api"),
            ("fn", "fn-api"),
            // Named like a dependency of the crate: `cargo -p serde` was
            // ambiguous, and the crate could not be built on its own.
            ("serde", "serde-api"),
            ("tokio", "tokio-api"),
            ("futures-util", "futures-util-api"),
            ("__", "value"),
            ("日本", "value"),
        ] {
            let name = default_crate_name(stem);
            assert_eq!(name, wanted, "{stem}");
            assert_eq!(oagen::manifest::crate_name_problem(&name), None, "{stem}");
        }
    }

    #[test]
    fn process_figures_are_read_from_proc() {
        if std::path::Path::new("/proc/self/stat").exists() {
            assert!(cpu_time_ms().is_some());
            assert!(peak_memory_kib().is_some_and(|k| k > 0));
        }
    }
}
