//! The program written into each generated crate (`examples/roundtrip.rs`):
//! it reads the examples, decodes each into the generated type of its place
//! with `serde_json::from_str` (as the client decodes a body) and encodes it
//! again. One function per distinct type, picked by index, so the program
//! grows with the types used, not with the examples.

use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The program's file inside the crate, and its cargo name.
pub const PROGRAM: &str = "examples/roundtrip.rs";
pub const PROGRAM_NAME: &str = "roundtrip";
/// The examples, one a line: `id \t type index \t JSON`.
pub const INPUT: &str = "roundtrip-input.txt";

/// The program's source for `types` (Rust type paths, by index).
pub fn program(types: &[String]) -> String {
    let mut table = String::new();
    for ty in types {
        let _ = writeln!(table, "    roundtrip::<{ty}>,");
    }
    format!(
        r#"//! Written by `cargo xtask roundtrip`: decodes each example of the spec into
//! the generated type of its place and encodes it again.

type Check = fn(&str) -> Result<String, String>;

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<String, String> {{
    let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_string(&value).map_err(|e| format!("encoding failed: {{e}}"))
}}

const TYPES: &[Check] = &[
{table}];

fn main() {{
    use std::io::Write as _;
    // A decoder that panics is reported on its line, not on stderr.
    std::panic::set_hook(Box::new(|_| {{}}));
    let input = std::env::args()
        .nth(1)
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    for line in input.lines() {{
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(ty), Some(json)) = (parts.next(), parts.next(), parts.next()) else {{
            continue;
        }};
        let outcome = match ty.parse::<usize>().ok().and_then(|i| TYPES.get(i)) {{
            Some(check) => std::panic::catch_unwind(|| check(json))
                .unwrap_or_else(|_| Err("the decoder panicked".into())),
            None => Err(format!("no type {{ty}}")),
        }};
        let line = match outcome {{
            Ok(encoded) => format!("{{id}}\tok\t{{encoded}}"),
            Err(error) => format!("{{id}}\terr\t{{}}", error.replace(['\n', '\t'], " ")),
        }};
        if writeln!(out, "{{line}}").is_err() {{
            return;
        }}
    }}
}}
"#
    )
}

/// The input file's text: `(id, type index, value)` a line.
pub fn input(items: &[(usize, usize, &Value)]) -> String {
    let mut out = String::new();
    for (id, ty, value) in items {
        // Compact JSON has no raw tab or newline.
        let _ = writeln!(out, "{id}\t{ty}\t{value}");
    }
    out
}

/// The program's output: by example id, the re-encoded value or the error.
pub fn parse_output(text: &str) -> HashMap<usize, Result<Value, String>> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(status), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(id) = id.parse::<usize>() else {
            continue;
        };
        let result = match status {
            "ok" => serde_json::from_str(rest).map_err(|e| format!("unreadable output: {e}")),
            _ => Err(rest.to_string()),
        };
        out.insert(id, result);
    }
    out
}

/// Builds the program of `package` in the workspace at `crates_dir`;
/// returns the executable, or the compiler's messages.
pub fn build(
    cargo: &str,
    crates_dir: &Path,
    target_dir: &Path,
    package: &str,
) -> Result<PathBuf, String> {
    let output = Command::new(cargo)
        .current_dir(crates_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .args([
            "build",
            "--message-format=json-render-diagnostics",
            "-p",
            package,
        ])
        .args(["--example", PROGRAM_NAME])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.trim_start().starts_with("Compiling"))
            .collect();
        return Err(errors.join("\n"));
    }
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m.get("reason").and_then(Value::as_str) == Some("compiler-artifact"))
        .filter(|m| m.pointer("/target/name").and_then(Value::as_str) == Some(PROGRAM_NAME))
        .find_map(|m| {
            m.get("executable")
                .and_then(Value::as_str)
                .map(PathBuf::from)
        })
        .ok_or_else(|| "cargo named no executable for the program".into())
}

/// Runs the program on `input`, killing it after `limit`.
pub fn run(exe: &Path, input: &Path, limit: Duration) -> Result<String, String> {
    let mut child = Command::new(exe)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    // Read while it runs: a full pipe would stall it.
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the program ran over {} s and was stopped",
                    limit.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for the program: {e}")),
        }
    };
    let text = reader.join().unwrap_or_default();
    if !status.success() {
        // What it wrote before failing still counts; the rest is reported missing.
        eprintln!("  the program exited with {status}");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn input_and_output_lines_round_trip() {
        let value = json!({"a": "tab\there\nnewline"});
        let text = input(&[(3, 0, &value)]);
        assert_eq!(text.lines().count(), 1);
        assert_eq!(text.split('\t').count(), 3);
        let output = format!("3\tok\t{value}\n4\terr\tmissing field `a` at line 1\nnoise\n");
        let parsed = parse_output(&output);
        assert_eq!(parsed[&3], Ok(value));
        assert_eq!(parsed[&4], Err("missing field `a` at line 1".into()));
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn the_program_names_each_type_once() {
        let text = program(&[
            "my_api::svc::types::Pet".into(),
            "::std::vec::Vec<i64>".into(),
        ]);
        assert!(
            text.contains("    roundtrip::<my_api::svc::types::Pet>,\n"),
            "{text}"
        );
        assert!(
            text.contains("    roundtrip::<::std::vec::Vec<i64>>,\n"),
            "{text}"
        );
    }
}
