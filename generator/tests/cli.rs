//! The `oagen` binary on bad input: exit 1 for a bad spec (or, with
//! `--deny-warnings`, an odd one), 2 for bad usage; one error line naming the
//! file and the place; each warning printed once with its place; and the
//! output folder byte-for-byte as it was after any failed run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn malformed(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/malformed")
        .join(file)
}

fn oagen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(args)
        .output()
        .expect("runs oagen")
}

/// `oagen generate SPEC --out OUT` with `extra` arguments.
fn generate(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    oagen(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oagen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// An output folder from a good run, with a file of the user's added.
fn existing_output(name: &str) -> (PathBuf, PathBuf) {
    let parent = temp_dir(name);
    let out = parent.join("client");
    let good = generate(&malformed("schema-ref-cycle.yaml"), &out, &[]);
    assert!(good.status.success(), "{}", stderr(&good));
    std::fs::write(out.join("NOTES.md"), "mine\n").unwrap();
    (parent, out)
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &[][..],
        &["generate"][..],
        &["generate", "spec.yaml"][..],
        &["generate", "spec.yaml", "--out", "x", "--no-such-flag"][..],
        &["frobnicate"][..],
        &[
            "generate",
            "spec.yaml",
            "--out",
            "x",
            "--module",
            "not a module",
        ][..],
    ] {
        let output = oagen(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn an_output_that_would_destroy_the_spec_is_bad_usage() {
    let dir = temp_dir("out");
    let spec = dir.join("api.yaml");
    std::fs::copy(malformed("schema-ref-cycle.yaml"), &spec).unwrap();
    let before = snapshot(&dir);
    // The spec's own folder, and the spec file itself, as the output.
    for out in [dir.clone(), spec.clone(), dir.join(".")] {
        let output = generate(&spec, &out, &[]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains("--out"), "{}", stderr(&output));
        assert_eq!(snapshot(&dir), before, "nothing changed");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_spec_exits_1_with_one_error_naming_the_place() {
    let dir = temp_dir("bad");
    let out = dir.join("out");
    for (file, wanted) in [
        (
            "dangling-parameter-ref.yaml",
            "dangling-parameter-ref.yaml:8:9: at #/paths/~1pets/get/parameters/0/$ref",
        ),
        ("invalid-json.json", "invalid-json.json:5:1: invalid JSON"),
        ("empty.yaml", "empty.yaml: the file is empty"),
        (
            "no-such-file.yaml",
            "no-such-file.yaml: cannot read the file",
        ),
    ] {
        let output = generate(&malformed(file), &out, &[]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(wanted), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{file}: one line: {err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(!out.exists(), "{file}: nothing written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn warnings_are_printed_once_each_with_their_place() {
    let dir = temp_dir("warn");
    let spec = malformed("security-undefined-scheme.yaml");
    let output = generate(&spec, &dir.join("out"), &[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(
        warnings[0].contains("security-undefined-scheme.yaml:4:3: at #/security/0/apiKy"),
        "{err}"
    );
    assert!(
        warnings[1].contains(
            "security-undefined-scheme.yaml:10:9: at #/paths/~1pets/get/security/0/oauth"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn deny_warnings_fails_and_leaves_the_output_folder_alone() {
    let (parent, out) = existing_output("deny");
    let before = snapshot(&out);
    let output = generate(
        &malformed("enum-duplicates.yaml"),
        &out,
        &["--deny-warnings"],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("warning: ")).count(),
        2,
        "{err}"
    );
    assert!(
        err.contains("error: 2 warnings, and --deny-warnings is set"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "the folder is unchanged");
    // Without the flag, the same spec generates.
    let output = generate(&malformed("enum-duplicates.yaml"), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&parent);
}

#[test]
fn a_failed_run_leaves_an_existing_output_folder_byte_for_byte() {
    let (parent, out) = existing_output("keep");
    let before = snapshot(&out);
    for file in [
        "paths-list.yaml",
        "yaml-alias-bomb.yaml",
        "deep-10000.json",
        "parameter-ref-loop.yaml",
        "external-ref-loop.yaml",
    ] {
        let output = generate(&malformed(file), &out, &[]);
        assert_eq!(output.status.code(), Some(1), "{file}: {}", stderr(&output));
        assert_eq!(snapshot(&out), before, "{file}: the folder is unchanged");
    }
    // `--check` on a folder that differs fails and changes nothing either.
    let output = generate(&malformed("external-ref-ok.yaml"), &out, &["--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(snapshot(&out), before, "--check changes nothing");
    // No staging or backup folders are left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "client")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&parent);
}

/// `oagen` run in `cwd`.
fn oagen_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oagen"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("runs oagen")
}

#[test]
fn the_output_does_not_depend_on_how_the_spec_path_is_written() {
    let dir = temp_dir("paths");
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    std::fs::create_dir_all(dir.join("work")).unwrap();
    let spec = dir.join("specs/pets.yaml");
    std::fs::copy(malformed("schema-ref-cycle.yaml"), &spec).unwrap();
    let absolute = dir.join("absolute");
    let output = generate(&spec, &absolute, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = oagen_in(
        &dir.join("work"),
        &["generate", "../specs/pets.yaml", "--out", "../relative"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(snapshot(&absolute), snapshot(&dir.join("relative")));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `dir/specs/services.toml`, one service (`pets.yaml`), written to `output`.
fn write_manifest(dir: &Path, output: &str) {
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    std::fs::copy(
        malformed("schema-ref-cycle.yaml"),
        dir.join("specs/pets.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("specs/services.toml"),
        format!(
            "[crate]\nname = \"clients\"\nversion = \"0.1.0\"\noutput = \"{output}\"\n\n\
             [[service]]\nname = \"Pets\"\nspec = \"pets.yaml\"\nmodule = \"pets\"\nfeature = \"pets\"\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_manifest_gives_the_same_output_from_any_working_directory() {
    let dir = temp_dir("manifest-cwd");
    write_manifest(&dir, "../out");
    let output = oagen_in(&dir, &["manifest", "specs/services.toml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (cwd, manifest) in [
        (dir.join("specs"), "services.toml"),
        (dir.join("specs"), "./services.toml"),
        (dir.join("out"), "../specs/services.toml"),
        (dir.clone(), "specs/../specs/services.toml"),
    ] {
        let output = oagen_in(&cwd, &["manifest", manifest, "--check"]);
        assert!(
            output.status.success(),
            "{manifest} from {}: {}",
            cwd.display(),
            stderr(&output)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `[package] name` of a generated `Cargo.toml`.
fn package_name(out: &Path) -> String {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let value: toml::Table = manifest.parse().expect("Cargo.toml is valid TOML");
    value["package"]["name"].as_str().unwrap().to_string()
}

/// Compiles an empty library under `lib` as its crate name with rustc; the
/// warnings and errors it gives about the name.
fn rustc_on_crate_name(lib: &str) -> String {
    let dir = temp_dir(&format!("rustc-{lib}"));
    std::fs::write(dir.join("lib.rs"), "").unwrap();
    let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .current_dir(&dir)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
        ])
        .args(["--crate-name", lib, "lib.rs"])
        .output()
        .expect("runs rustc");
    let _ = std::fs::remove_dir_all(&dir);
    stderr(&output)
}

#[test]
fn crate_names_from_odd_file_names_are_valid_snake_case_packages() {
    let dir = temp_dir("crate-names");
    for file in [
        "2fa.yaml",
        "a+b.yaml",
        "my api (v2).yaml",
        "DigitalOcean-public.v2.yaml",
        "fn.yaml",
        "a\"b.yaml",
    ] {
        let spec = dir.join(file);
        std::fs::copy(malformed("schema-ref-cycle.yaml"), &spec).unwrap();
        let out = dir.join("out");
        let output = generate(&spec, &out, &[]);
        assert!(output.status.success(), "{file}: {}", stderr(&output));
        let name = package_name(&out);
        assert!(
            name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{file}: {name}"
        );
        let lib = name.replace('-', "_");
        let complaints = rustc_on_crate_name(&lib);
        assert!(complaints.is_empty(), "{file}: {lib}: {complaints}");
        std::fs::remove_dir_all(&out).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_invalid_crate_name_is_bad_usage_in_one_line() {
    let dir = temp_dir("bad-crate-name");
    let out = dir.join("out");
    // `serde`: named like a dependency of the generated crate.
    for name in [
        "x\"y", "MyApi", "2fa", "my api", "fn", "std", "a--b", "", "serde",
    ] {
        let output = generate(
            &malformed("schema-ref-cycle.yaml"),
            &out,
            &["--crate-name", name],
        );
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.starts_with("error: --crate-name"), "{name}: {err}");
        assert!(!out.exists(), "{name}: nothing written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_module_the_crate_has_already_is_bad_usage_in_one_line() {
    // `--module runtime` gave a second `pub mod runtime;` in lib.rs.
    let dir = temp_dir("bad-module");
    let out = dir.join("out");
    let output = generate(
        &malformed("schema-ref-cycle.yaml"),
        &out,
        &["--module", "runtime"],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: module `runtime`"), "{err}");
    assert!(!out.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `oagen` and waits at most `limit`: a run that hangs is killed and
/// reported, so that a regression fails instead of hanging the suite.
fn oagen_within(args: &[&str], limit: std::time::Duration) -> Result<Output, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs oagen");
    let started = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{args:?} still ran after {limit:?}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Ok(child.wait_with_output().expect("output"))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("runs mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_ref_to_a_pipe_a_device_or_a_folder_is_refused_never_read() {
    let dir = temp_dir("fifo");
    mkfifo(&dir.join("pipe.yaml"));
    std::fs::create_dir_all(dir.join("folder.yaml")).unwrap();
    let mut targets = vec![("pipe.yaml", "named pipe"), ("folder.yaml", "a folder")];
    if Path::new("/dev/zero").exists() {
        targets.push(("/dev/zero", "a device"));
    }
    for (target, kind) in targets {
        let spec = dir.join("api.yaml");
        std::fs::write(
            &spec,
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /pets:\n    get:\n      \
                 responses:\n        '200':\n          description: ok\n          content:\n            \
                 application/json:\n              schema:\n                $ref: '{target}#/Pet'\n"
            ),
        )
        .unwrap();
        let out = dir.join("out");
        let output = oagen_within(
            &[
                "generate",
                spec.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            std::time::Duration::from_secs(60),
        )
        .unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{target}: {err}");
        assert_eq!(err.lines().count(), 1, "{target}: {err}");
        assert!(
            err.contains("api.yaml:12:17: at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"),
            "{target}: {err}"
        );
        assert!(err.contains(kind), "{target}: {err}");
        assert!(!out.exists(), "{target}: nothing written");
    }
    // The spec itself a pipe: refused too, not waited on.
    let output = oagen_within(
        &[
            "generate",
            dir.join("pipe.yaml").to_str().unwrap(),
            "--out",
            dir.join("out").to_str().unwrap(),
        ],
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("named pipe"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fallbacks_are_warnings_with_their_place() {
    let dir = temp_dir("fallbacks");
    let spec = malformed("openapi-31-odd.yaml");
    let out = dir.join("out");
    let output = generate(&spec, &out, &[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains(
            "openapi-31-odd.yaml:20:9: at #/components/schemas/Pet/properties/none: fallback: `not` schemas cannot be typed"
        ),
        "{err}"
    );
    // And --deny-warnings counts them.
    std::fs::remove_dir_all(&out).unwrap();
    let output = generate(&spec, &out, &["--deny-warnings"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: 1 warning, and --deny-warnings is set"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_oagen_did_not_write_is_refused_unless_forced() {
    let dir = temp_dir("foreign");
    let out = dir.join("mine");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(out.join("NOTES.txt"), "my notes\n").unwrap();
    let before = snapshot(&out);
    let spec = malformed("schema-ref-cycle.yaml");
    let output = generate(&spec, &out, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: ") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "the user's files survive");
    let beside: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["mine"], "nothing left beside it");
    // Asked to, it replaces the folder whole; from then on it is oagen's.
    let output = generate(&spec, &out, &["--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.join("NOTES.txt").exists());
    assert!(out.join(".oagen-generated").is_file());
    let output = generate(&spec, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_manifest_whose_output_is_a_folder_oagen_did_not_write_is_refused() {
    let dir = temp_dir("manifest-foreign");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    // `output = ".."` where `../generated` was meant: the project itself.
    write_manifest(&dir, "..");
    let before = snapshot(&dir);
    let output = oagen(&[
        "manifest",
        dir.join("specs/services.toml").to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(snapshot(&dir), before, "nothing changed");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `kill -9` at random moments of runs that replace one output with
/// another: after every kill the folder holds exactly one of the two
/// outputs, never a mix and never nothing, and the next complete run leaves
/// nothing beside it.
#[cfg(unix)]
#[test]
fn killing_a_run_at_any_moment_keeps_a_whole_output_and_the_next_run_cleans_up() {
    let specs = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/shapes-3.0.yaml"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/tiny-3.1.yaml"),
    ];
    let refs_dir = temp_dir("kill-refs");
    let mut expected = Vec::new();
    let mut slowest = std::time::Duration::ZERO;
    for (i, spec) in specs.iter().enumerate() {
        let out = refs_dir.join(i.to_string());
        let started = std::time::Instant::now();
        let output = generate(spec, &out, &["--crate-name", "api"]);
        slowest = slowest.max(started.elapsed());
        assert!(output.status.success(), "{}", stderr(&output));
        expected.push(snapshot(&out));
    }
    let dir = temp_dir("kill");
    let out = dir.join("client");
    let run = |spec: &Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_oagen"));
        command
            .args([
                "generate",
                spec.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--crate-name",
                "api",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        command
    };
    assert!(run(&specs[0]).status().unwrap().success());
    // A small generator of random delays (xorshift), seeded by the process.
    let mut state = u64::from(std::process::id()) | 1;
    let mut kills = 0;
    let mut left_temporaries = 0;
    for i in 0..40 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let delay = slowest.mul_f64((state % 1000) as f64 / 1000.0 * 1.2);
        let mut child = run(&specs[(i + 1) % 2]).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        if names_in(&dir).len() > 1 {
            left_temporaries += 1;
        }
        let now = snapshot(&out);
        assert!(
            now == expected[0] || now == expected[1],
            "after run {i} (killed after {delay:?}) the output is neither: {:?}",
            now.keys().collect::<Vec<_>>()
        );
    }
    eprintln!("{kills} of 40 runs killed, {left_temporaries} leaving temporaries behind");
    assert!(run(&specs[1]).status().unwrap().success());
    assert_eq!(snapshot(&out), expected[1]);
    assert_eq!(names_in(&dir), ["client"], "nothing left beside the output");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&refs_dir);
}

/// `cargo metadata --no-deps --offline` in `dir`: cargo loading the
/// workspace the folder belongs to, without building or fetching anything.
fn cargo_metadata(dir: &Path) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .output()
        .expect("runs cargo")
}

#[test]
fn the_crate_loads_as_a_member_of_a_workspace_listing_it_and_on_its_own_elsewhere() {
    let dir = temp_dir("workspaces");
    let workspace = dir.join("project");
    std::fs::create_dir_all(workspace.join("crates")).unwrap();
    std::fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
    )
    .unwrap();
    let spec = malformed("schema-ref-cycle.yaml");
    let generated = |out: &Path, extra: &[&str]| {
        let output = generate(&spec, out, extra);
        assert!(output.status.success(), "{}", stderr(&output));
        output
    };
    // Cargo loads the workspace `place` belongs to; its metadata.
    let loads = |place: &Path| {
        let output = cargo_metadata(place);
        let err = stderr(&output);
        assert!(output.status.success(), "{}: {err}", place.display());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    // A member: the workspace loads, with the crate in it.
    let member = workspace.join("crates/pets");
    generated(&member, &[]);
    for place in [&workspace, &member] {
        let text = loads(place);
        assert!(text.contains("crates/pets"), "{text}");
    }
    // Inside the workspace but not listed: a workspace of its own, said so.
    let unlisted = workspace.join("clients/pets");
    let output = generated(&unlisted, &[]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("without being one of its members"), "{said}");
    loads(&workspace);
    loads(&unlisted);
    // Outside any workspace.
    let alone = dir.join("alone");
    generated(&alone, &[]);
    loads(&alone);
    // The explicit modes: `root` in a member's place is what cargo refuses.
    generated(&member, &["--workspace", "root"]);
    assert!(!cargo_metadata(&workspace).status.success());
    generated(&member, &["--workspace", "member"]);
    assert!(cargo_metadata(&workspace).status.success());
    let _ = std::fs::remove_dir_all(&dir);
}
