//! `oagen`: generate a typed async Rust client crate from an OpenAPI spec.
//!
//! Exit status: 0 on success, 1 when the spec is bad (or, with
//! `--deny-warnings`, odd), 2 for bad usage.

use clap::{Parser, Subcommand};
use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "oagen", version, about = "OpenAPI (2.0, 3.0, 3.1) to typed async Rust clients")]
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
        /// The crate folder to write.
        #[arg(long, short)]
        out: PathBuf,
        /// The crate's name (default: the spec's file name).
        #[arg(long)]
        crate_name: Option<String>,
        /// The service module's name (default: from the spec's file name).
        #[arg(long)]
        module: Option<String>,
        /// Change nothing; fail if the folder differs from what would be written.
        #[arg(long)]
        check: bool,
        /// Treat warnings about the spec as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Generate every service of a manifest (`specs/services.toml`).
    Manifest {
        manifest: PathBuf,
        #[arg(long)]
        check: bool,
        #[arg(long)]
        deny_warnings: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (spec, check, deny_warnings) = match cli.command {
        Command::Generate { spec, out, crate_name, module, check, deny_warnings } => {
            let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into());
            let module = module.unwrap_or_else(|| oagen::passes::names::snake_ident(&stem).trim_start_matches("r#").to_string());
            if !oagen::manifest::is_module_name(&module) {
                eprintln!("error: `{module}` is not a valid module name (use --module)");
                return ExitCode::from(2);
            }
            let crate_name = crate_name.unwrap_or_else(|| stem.replace(['.', ' '], "-"));
            let service = ServiceSpec {
                name: stem.clone(),
                spec_label: spec.display().to_string(),
                spec,
                feature: module.clone(),
                module,
                passes: Default::default(),
                credentials: Default::default(),
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
        Command::Manifest { manifest, check, deny_warnings } => match oagen::read_manifest(&manifest) {
            Ok(mut spec) => {
                spec.generated_by = "cargo xtask codegen".into();
                (spec, check, deny_warnings)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    run(&spec, check, deny_warnings)
}

fn run(spec: &CrateSpec, check: bool, deny_warnings: bool) -> ExitCode {
    let standalone = spec.services.len() == 1 && spec.generated_by.starts_with("oagen");
    let generated = match oagen::generate_crate(spec, standalone) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut warnings = 0;
    for report in &generated.reports {
        for w in &report.warnings {
            eprintln!("warning: {}: at {}: {}", report.name, w.pointer, w.message);
            warnings += 1;
        }
    }
    if deny_warnings && warnings > 0 {
        eprintln!("error: {warnings} warnings, and --deny-warnings is set");
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
    if let Err(e) = oagen::write::write_atomically(&spec.output, &generated.files) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
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
