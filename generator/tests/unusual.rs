//! Unusual but legal specs (`tests/unusual/`: keywords, Unicode, collisions,
//! odd paths and file names...): each goes through `oagen generate` as a
//! user would run it, and gives the outcome the table below expects: a
//! crate of the expected name with exactly so many warnings (none of these
//! legal specs is refused).
//! Whether each crate then compiles with zero warnings, is clippy-clean and
//! has doc examples that compile is `cargo xtask unusual`'s job (minutes).

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a spec must give: exit 0, a crate of this name, and this many
/// warnings on stderr.
enum Outcome {
    Crate(&'static str, usize),
}

use Outcome::Crate;

const CASES: &[(&str, Outcome)] = &[
    ("(v2).yaml", Crate("v2", 0)),
    ("2fa.yaml", Crate("n2fa", 0)),
    (
        "DigitalOcean-Capitals.v2.yaml",
        Crate("digital-ocean-capitals-v2", 0),
    ),
    ("a+b.yaml", Crate("a-b", 0)),
    // One warning per operation without an id.
    ("all-http-methods.yaml", Crate("all-http-methods", 8)),
    ("allof-readonly.yaml", Crate("allof-readonly", 0)),
    ("body-kinds.yaml", Crate("body-kinds", 0)),
    (
        "builder-method-collisions.yaml",
        Crate("builder-method-collisions", 0),
    ),
    ("callbacks-and-links.yaml", Crate("callbacks-and-links", 0)),
    (
        "case-punctuation-collisions.yaml",
        Crate("case-punctuation-collisions", 0),
    ),
    (
        "client-method-collisions.yaml",
        Crate("client-method-collisions", 0),
    ),
    ("constraints.yaml", Crate("constraints", 0)),
    ("deep-inline.json", Crate("deep-inline", 1)),
    ("default-values.yaml", Crate("default-values", 0)),
    (
        "deprecated-everything.yaml",
        Crate("deprecated-everything", 0),
    ),
    (
        "description-injection.yaml",
        Crate("description-injection", 0),
    ),
    (
        "empty-and-huge-enums.yaml",
        Crate("empty-and-huge-enums", 0),
    ),
    // Percent-encoded `$ref`s, to a file and inside the document.
    ("external-refs.yaml", Crate("external-refs", 0)),
    ("formats.yaml", Crate("formats", 0)),
    ("keyword-headers.yaml", Crate("keyword-headers", 0)),
    ("keywords-everywhere.yaml", Crate("keywords-everywhere", 0)),
    ("list-parameters.yaml", Crate("list-parameters", 0)),
    ("long-names.json", Crate("long-names", 0)),
    (
        "many-success-responses.yaml",
        Crate("many-success-responses", 0),
    ),
    ("my api (v2).yaml", Crate("my-api-v2", 0)),
    ("no-servers.yaml", Crate("no-servers", 0)),
    (
        "non-ascii-only-names.yaml",
        Crate("non-ascii-only-names", 0),
    ),
    ("nothing-at-all.yaml", Crate("nothing-at-all", 0)),
    ("nullable-everything.yaml", Crate("nullable-everything", 0)),
    // The enum of values of several kinds is JSON, with a warning.
    (
        "numeric-boolean-enums.yaml",
        Crate("numeric-boolean-enums", 1),
    ),
    ("numeric-names.yaml", Crate("numeric-names", 0)),
    (
        "odd-paths-without-ids.yaml",
        Crate("odd-paths-without-ids", 24),
    ),
    ("odd-tag-names.yaml", Crate("odd-tag-names", 0)),
    ("one-char-names.yaml", Crate("one-char-names", 0)),
    ("openapi31-odd.yaml", Crate("openapi31-odd", 0)),
    (
        "parameter-locations-styles.yaml",
        Crate("parameter-locations-styles", 3),
    ),
    ("prelude-type-names.yaml", Crate("prelude-type-names", 0)),
    ("recursive-schemas.yaml", Crate("recursive-schemas", 0)),
    (
        "required-struct-fields.yaml",
        Crate("required-struct-fields", 0),
    ),
    // Named like the crate's own module and like its dependencies.
    ("runtime.yaml", Crate("runtime-api", 0)),
    (
        "same-name-every-location.yaml",
        Crate("same-name-every-location", 0),
    ),
    (
        "security-scheme-names.yaml",
        Crate("security-scheme-names", 0),
    ),
    ("self.yaml", Crate("self-api", 0)),
    ("serde.yaml", Crate("serde-api", 0)),
    ("servers-odd.yaml", Crate("servers-odd", 0)),
    ("status-ranges.yaml", Crate("status-ranges", 0)),
    ("std.yaml", Crate("std-api", 0)),
    ("swagger2-odd.yaml", Crate("swagger2-odd", 0)),
    ("tokio.yaml", Crate("tokio-api", 0)),
    (
        "type-operation-collisions.yaml",
        Crate("type-operation-collisions", 0),
    ),
    ("unicode-everywhere.yaml", Crate("unicode-everywhere", 1)),
    ("unions.yaml", Crate("unions", 0)),
    ("webhooks-only.yaml", Crate("webhooks-only", 0)),
    ("ünïcödé.yaml", Crate("n-c-d", 0)),
    ("日本語.yaml", Crate("value", 0)),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/unusual")
}

fn package_name(out: &Path) -> String {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("a Cargo.toml");
    let value: toml::Table = manifest.parse().expect("Cargo.toml is valid TOML");
    value["package"]["name"]
        .as_str()
        .expect("a package name")
        .to_string()
}

#[test]
fn the_table_lists_every_spec() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/unusual")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(files.len() >= 30, "at least 30 unusual specs");
}

#[test]
fn each_spec_generates_as_expected() {
    let temp = std::env::temp_dir().join(format!("oagen-unusual-{}", std::process::id()));
    let mut failures = Vec::new();
    for (file, outcome) in CASES {
        let out = temp.join("out");
        let output = Command::new(env!("CARGO_BIN_EXE_oagen"))
            .arg("generate")
            .arg(dir().join(file))
            .arg("--out")
            .arg(&out)
            .args(["--workspace", "member", "--force"])
            .output()
            .expect("runs oagen");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code();
        let Crate(name, warnings) = outcome;
        let found = stderr.lines().filter(|l| l.starts_with("warning:")).count();
        if code != Some(0) {
            failures.push(format!("{file}: exit {code:?}: {stderr}"));
        } else if package_name(&out) != *name {
            failures.push(format!("{file}: crate {}, not {name}", package_name(&out)));
        } else if found != *warnings {
            failures.push(format!(
                "{file}: {found} warnings, not {warnings}: {stderr}"
            ));
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    let _ = std::fs::remove_dir_all(&temp);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
