//! `cargo xtask unusual`: the promise of exit 0, checked on specs made to be
//! awkward (`generator/tests/unusual/`: keywords, Unicode, collisions, odd
//! paths and file names...). Each spec goes through the `oagen` CLI as a
//! user would run it (the crate and module named from the file name); then
//! either it exited 0 and its crate builds with zero warnings, clippy finds
//! nothing with `-D warnings` and every doc example compiles, or it exited
//! 1 or 2 with one clear `error:` line. The crates are checked by the
//! corpus's code (`corpus/compile.rs`), in one workspace under
//! `target/unusual/`.
//!
//! `cargo test` only checks that each spec generates as expected
//! (`generator/tests/unusual.rs`); compiling them takes minutes.

use crate::cli::UnusualArgs;
use crate::corpus::compile::{self, Checked, Compile, Member, Workspace, check_all};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// What running `oagen generate` on one spec gave.
enum Generated {
    /// Exit 0: the crate's folder and package name.
    Crate { folder: String, package: String },
    /// Exit 1 or 2 with one `error:` line.
    Refused(String),
    /// Anything else (a panic, several lines, no crate): the problem.
    Broken(String),
}

struct Spec {
    file: String,
    generated: Generated,
    checked: Option<Checked>,
}

pub fn unusual(root: &Path, args: &UnusualArgs) -> ExitCode {
    let dir = root.join("generator/tests/unusual");
    let files = match spec_files(&dir, &args.only) {
        Ok(files) => files,
        Err((message, code)) => {
            eprintln!("error: {message}");
            return ExitCode::from(code);
        }
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let oagen = match crate::build_oagen(root, &cargo, false) {
        Ok(path) => path,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let out_root = root.join("target/unusual");
    let crates_dir = out_root.join("crates");
    if let Err(e) = std::fs::create_dir_all(&crates_dir) {
        eprintln!("error: cannot create {}: {e}", crates_dir.display());
        return ExitCode::FAILURE;
    }

    let mut specs: Vec<Spec> = Vec::new();
    for (file, folder) in files {
        let name = file_name(&file);
        let generated = generate(&oagen, &file, &crates_dir.join(&folder), folder);
        match &generated {
            Generated::Crate { package, .. } => eprintln!("generate {name:<40} crate {package}"),
            Generated::Refused(line) => eprintln!("generate {name:<40} refused: {line}"),
            Generated::Broken(problem) => eprintln!("generate {name:<40} BROKEN: {problem}"),
        }
        specs.push(Spec {
            file: name,
            generated,
            checked: None,
        });
    }
    if let Some(problem) = duplicate_package(&specs) {
        eprintln!("error: {problem}");
        return ExitCode::FAILURE;
    }

    if !args.generate_only {
        let members: Vec<Member> = specs
            .iter()
            .filter_map(|s| match &s.generated {
                Generated::Crate { folder, package } => Some(Member {
                    folder: folder.clone(),
                    package: package.clone(),
                }),
                _ => None,
            })
            .collect();
        let workspace = Workspace {
            cargo: &cargo,
            root,
            dir: &crates_dir,
            target_dir: &compile::shared_target_dir(root),
            logs: &out_root.join("logs"),
            written_by: "cargo xtask unusual",
        };
        let total = members.len();
        let checked = check_all(&workspace, &members, |i, member, c| {
            eprintln!(
                "check    [{:>2}/{total}] {:<40} {}",
                i + 1,
                member.folder,
                verdict(c)
            );
        });
        let results = match checked {
            Ok((_, results)) => results,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        };
        let mut results = results.into_iter();
        for spec in specs
            .iter_mut()
            .filter(|s| matches!(s.generated, Generated::Crate { .. }))
        {
            spec.checked = results.next();
        }
    }

    println!();
    print!("{}", table(&specs));
    let failed: Vec<&Spec> = specs
        .iter()
        .filter(|s| match (&s.generated, &s.checked) {
            (Generated::Broken(_), _) => true,
            (Generated::Crate { .. }, Some(c)) => !c.clean(),
            _ => false,
        })
        .collect();
    println!();
    if failed.is_empty() {
        println!(
            "{} specs: every one generated a clean crate or was refused with one line",
            specs.len()
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "{} of {} specs failed (logs in {})",
            failed.len(),
            specs.len(),
            out_root.join("logs").display()
        );
        ExitCode::FAILURE
    }
}

/// The specs of `dir` (YAML or JSON), sorted, or those named by `only`,
/// each with the folder its crate goes to (the same whatever `only` is, so
/// that a partial run rebuilds nothing it need not).
fn spec_files(dir: &Path, only: &[String]) -> Result<Vec<(PathBuf, String)>, (String, u8)> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| (format!("cannot read {}: {e}", dir.display()), 1))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        })
        .collect();
    files.sort();
    let mut taken: Vec<String> = Vec::new();
    let mut with_folders = Vec::new();
    for file in files {
        let slug = folder_slug(&file_name(&file));
        let mut folder = slug.clone();
        let mut n = 2;
        while taken.contains(&folder) {
            folder = format!("{slug}-{n}");
            n += 1;
        }
        taken.push(folder.clone());
        with_folders.push((file, folder));
    }
    if only.is_empty() {
        return Ok(with_folders);
    }
    let matches = |p: &PathBuf, o: &str| {
        let name = file_name(p);
        name == o || p.file_stem().is_some_and(|s| s.to_string_lossy() == o)
    };
    let unknown: Vec<&String> = only
        .iter()
        .filter(|o| !with_folders.iter().any(|(f, _)| matches(f, o)))
        .collect();
    if !unknown.is_empty() {
        return Err((format!("not in {}: {unknown:?}", dir.display()), 2));
    }
    Ok(with_folders
        .into_iter()
        .filter(|(f, _)| only.iter().any(|o| matches(f, o)))
        .collect())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A folder name for a spec's crate: ASCII letters and digits of its file
/// name, the rest as `-`.
fn folder_slug(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "spec".into()
    } else {
        slug.into()
    }
}

/// Runs `oagen generate` on `spec` as a user would, into `out`.
fn generate(oagen: &Path, spec: &Path, out: &Path, folder: String) -> Generated {
    let output = Command::new(oagen)
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--workspace", "member", "--force"])
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => return Generated::Broken(format!("cannot run {}: {e}", oagen.display())),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => match package_name(&out.join("Cargo.toml")) {
            Some(package) => Generated::Crate { folder, package },
            None => Generated::Broken("exit 0 but no package name in Cargo.toml".into()),
        },
        Some(1 | 2) => {
            let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            match lines.as_slice() {
                [line] if line.starts_with("error: ") => Generated::Refused(line.to_string()),
                _ => Generated::Broken(format!(
                    "refused with {} lines instead of one `error:` line: {}",
                    lines.len(),
                    stderr.trim()
                )),
            }
        }
        _ => Generated::Broken(format!("exited with {}: {}", output.status, stderr.trim())),
    }
}

/// The `[package]` name of a generated `Cargo.toml`.
fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let package = text.split("[package]").nth(1)?;
    let line = package
        .lines()
        .find(|l| l.trim_start().starts_with("name") && l.contains('='))?;
    let value = line.split_once('=')?.1.trim();
    let value = value.strip_prefix('"')?.strip_suffix('"')?;
    Some(value.to_string())
}

/// Two specs giving one crate name cannot share the workspace.
fn duplicate_package(specs: &[Spec]) -> Option<String> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for spec in specs {
        if let Generated::Crate { package, .. } = &spec.generated {
            if let Some((_, other)) = seen.iter().find(|(p, _)| p == package) {
                return Some(format!(
                    "{other} and {} both give the crate name `{package}`: rename one",
                    spec.file
                ));
            }
            seen.push((package, &spec.file));
        }
    }
    None
}

fn verdict(c: &Checked) -> String {
    if c.compile != Compile::Ok {
        return format!("build FAILED ({} errors)", c.errors);
    }
    format!(
        "{} warnings, clippy {}, doctests {}{}",
        c.warnings,
        c.clippy.map_or("-".into(), |n| n.to_string()),
        c.doctests
            .map_or("-".into(), crate::corpus::table::doctest_cell),
        if c.clean() { "" } else { "  FAILED" }
    )
}

fn table(specs: &[Spec]) -> String {
    let width = specs.iter().map(|s| s.file.len()).max().unwrap_or(4).max(4);
    let mut out = String::new();
    for spec in specs {
        let outcome = match (&spec.generated, &spec.checked) {
            (Generated::Crate { package, .. }, Some(c)) => format!("{package}: {}", verdict(c)),
            (Generated::Crate { package, .. }, None) => format!("{package}: generated"),
            (Generated::Refused(line), _) => format!("refused: {line}"),
            (Generated::Broken(problem), _) => format!("BROKEN: {problem}"),
        };
        let _ = writeln!(out, "{:<width$}  {outcome}", spec.file);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_slugs_are_plain() {
        assert_eq!(folder_slug("my api (v2).yaml"), "my-api-v2");
        assert_eq!(folder_slug("日本語.yaml"), "spec");
        assert_eq!(folder_slug("DigitalOcean.v2.json"), "digitalocean-v2");
    }

    #[test]
    fn package_names_are_read_from_the_manifest() {
        let dir = std::env::temp_dir().join(format!("unusual-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creates");
        let manifest = dir.join("Cargo.toml");
        std::fs::write(
            &manifest,
            "# x\n[package]\nname = \"my-api-v2\"\nversion = \"0.1.0\"\n",
        )
        .expect("writes");
        assert_eq!(package_name(&manifest).as_deref(), Some("my-api-v2"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
