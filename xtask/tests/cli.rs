//! `cargo xtask`'s command line: a typo'd flag or task is bad usage (exit 2,
//! nothing run), `--help` prints help; never a default run that passes.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("runs xtask")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn unknown_tasks_flags_and_values_are_bad_usage() {
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["codegen", "--chek"][..],
        &["codegen", "--check", "extra"][..],
        &["corpus", "--generate-onyl"][..],
        &["corpus", "--only"][..],
        &["contract", "--lockd"][..],
        &["fuzz", "--seconds", "ten"][..],
        &["fuzz", "--sed", "3"][..],
        &["live", "--fast"][..],
        &["live", "--only"][..],
        &["live", "--only", "nosuch"][..],
    ] {
        let output = xtask(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") || err.contains("Usage:"),
            "{args:?}: {err}"
        );
        assert!(output.stdout.is_empty(), "{args:?}: nothing ran");
    }
}

#[test]
fn help_lists_the_tasks_and_their_options() {
    let output = xtask(&["--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = String::from_utf8_lossy(&output.stdout);
    for task in ["codegen", "corpus", "contract", "fuzz", "live"] {
        assert!(help.contains(task), "{help}");
    }
    let output = xtask(&["codegen", "--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--check"), "{help}");
}

#[test]
fn codegen_check_passes_from_any_working_directory() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root.join("generator/src"))
        .args(["codegen", "--check"])
        .output()
        .expect("runs xtask");
    assert!(output.status.success(), "{}", stderr(&output));
}
