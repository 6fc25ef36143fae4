//! The benchmark's pure parts: no corpus, no network, nothing timed.

use super::measure::{
    children_cpu_from_stat, compiled_tls, dependencies_built, first_error_line, median,
};
use super::report::{failure_text, met, per_hundred, percent, ratio, times};
use super::specs::{TagFeature, median_tag, select, tag_features};
use super::tools::installed_version;

#[test]
fn the_stats_line_of_oagen_parses_into_its_figures() {
    let line = "oagen-stats\tdialect=openapi-3.1\tparse_ms=96.005\tgenerate_ms=1534.146\tcpu_ms=1470\twrite_ms=308.264\tlines=116170\toperations=288\ttypes=2791\tfallbacks=2\twarnings=18\tspec_bytes=2970649\tpeak_kib=56652\tbaseline_kib=3088";
    let stats = crate::corpus::parse_stats(line);
    assert_eq!(stats.parse_ms, 96.005);
    assert_eq!(stats.generate_ms, 1534.146);
    assert_eq!(stats.peak_kib, 56652);
    assert_eq!(stats.operations, 288);
    assert_eq!(stats.lines, 116170);
}

#[test]
fn children_cpu_time_is_read_after_the_command_name() {
    // A name with spaces and a parenthesis; cutime 250 and cstime 50 ticks.
    let stat = "1234 (odd (name) x) S 1 2 3 4 5 6 7 8 9 10 11 12 250 50 20 0 1 0 100";
    assert_eq!(children_cpu_from_stat(stat), Some(3.0));
    assert_eq!(children_cpu_from_stat("garbage"), None);
}

#[test]
fn only_dependencies_compiled_afresh_count_as_warm_up() {
    let stdout = [
        r#"{"reason":"compiler-artifact","package_id":"registry+https://github.com/rust-lang/crates.io-index#serde@1.0.0","fresh":true}"#,
        r#"{"reason":"compiler-artifact","package_id":"registry+https://github.com/rust-lang/crates.io-index#tokio@1.0.0","fresh":false}"#,
        r#"{"reason":"compiler-artifact","package_id":"path+file:///b/openai#0.1.0","fresh":false}"#,
        r#"{"reason":"build-finished","success":true}"#,
        "not json",
    ]
    .join("\n");
    assert_eq!(dependencies_built(&stdout, "openai"), 1);
    assert_eq!(dependencies_built(&stdout, "tokio"), 1);
}

#[test]
fn an_error_is_told_by_its_first_line() {
    let stderr = "   Compiling x v0.1.0\nerror: could not compile `x`\ncaused by\n";
    assert_eq!(first_error_line(stderr, ""), "error: could not compile `x`");
    assert_eq!(
        first_error_line(stderr, "error: E0308\nmore"),
        "error: E0308"
    );
    assert_eq!(first_error_line("\nsome output\nmore", ""), "some output");
    assert_eq!(first_error_line("", ""), "failed without a message");
    // A panic's message is on the line after it; a miette cause too.
    let panic =
        "\nthread 'main' (1) panicked at src/a.rs:1:2:\nFailed to make names\nstack backtrace:\n";
    assert_eq!(
        first_error_line(panic, ""),
        "thread 'main' (1) panicked at src/a.rs:1:2: Failed to make names"
    );
    let miette = "OpenAPI: Box (version 1)\nError:   × operation has invalid path\n  ╰─▶ invalid URL path template\n";
    assert_eq!(
        first_error_line(miette, ""),
        "Error:   × operation has invalid path ╰─▶ invalid URL path template"
    );
}

#[test]
fn the_median_of_odd_and_even_counts() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[f64::NAN, 5.0]), Some(5.0));
}

const README: &str = "\
## Features

| feature | group | operations |
| --- | --- | --- |
| `openai-assistants` | Assistants | 23 |
| `openai-audio` | Audio | 9 |
| `openai-batch` | Batch | 4 |
| `openai-chat` | Chat | 6 |
| `openai-untagged` | (no tag) | 31 |

## API groups and methods

| Group | Method | HTTP request | Description |
| --- | --- | --- | --- |
| [Chat](Chat.md) | [`create`](Chat.md#create) | `POST /chat` | Create. |
";

#[test]
fn tag_features_come_from_the_readme_table_without_the_untagged_group() {
    let tags = tag_features(README);
    let names: Vec<(&str, usize)> = tags
        .iter()
        .map(|t| (t.feature.as_str(), t.operations))
        .collect();
    assert_eq!(
        names,
        [
            ("openai-assistants", 23),
            ("openai-audio", 9),
            ("openai-batch", 4),
            ("openai-chat", 6)
        ]
    );
}

#[test]
fn the_mid_size_tag_is_the_lower_median_by_operations_then_name() {
    let tag = |feature: &str, operations| TagFeature {
        feature: feature.into(),
        operations,
    };
    // 4, 6, 9, 23: the lower median is 6.
    assert_eq!(
        median_tag(tag_features(README)).map(|t| t.feature),
        Some("openai-chat".into())
    );
    // Ties are broken by name, whatever the order given.
    let picked = median_tag(vec![tag("b", 5), tag("c", 1), tag("a", 5)]);
    assert_eq!(picked, Some(tag("a", 5)));
    assert_eq!(median_tag(Vec::new()), None);
}

#[test]
fn only_names_specs_of_the_list() {
    assert_eq!(select(&[]).unwrap().len(), 7);
    assert_eq!(
        select(&["box".into(), "openai".into()]).unwrap(),
        ["openai", "box"]
    );
    assert!(select(&["stripe".into()]).unwrap_err().contains("stripe"));
}

#[test]
fn the_installed_version_is_read_from_cargo_install_records() {
    let toml = "[v1]\n\"ploidy 0.15.0 (registry+https://github.com/rust-lang/crates.io-index)\" = [\"ploidy\"]\n\"cargo-progenitor 0.12.0 (registry+x)\" = [\"cargo-progenitor\"]\n";
    assert_eq!(installed_version(toml, "ploidy").as_deref(), Some("0.15.0"));
    assert_eq!(
        installed_version(toml, "cargo-progenitor").as_deref(),
        Some("0.12.0")
    );
    assert_eq!(installed_version(toml, "progenitor"), None);
}

#[test]
fn ratios_and_targets_are_formatted_for_the_report() {
    assert_eq!(ratio(Some(3.0), Some(6.0)), Some(0.5));
    assert_eq!(ratio(Some(3.0), None), None);
    assert_eq!(ratio(Some(3.0), Some(0.0)), None);
    assert_eq!(times(Some(0.6612)), "0.66×");
    assert_eq!(times(None), "—");
    assert_eq!(percent(Some(0.1234)), "12.3%");
    assert_eq!(per_hundred(30.0, 300), Some(10.0));
    assert_eq!(per_hundred(30.0, 0), None);
    assert_eq!(met(Some(0.4), |r| r <= 0.5), "yes");
    assert_eq!(met(Some(0.6), |r| r <= 0.5), "**no**");
    assert_eq!(met(None, |r| r <= 0.5), "—");
}

#[test]
fn a_build_that_compiled_rustls_or_native_tls_has_tls() {
    let artifact =
        |id: &str| format!(r#"{{"reason":"compiler-artifact","package_id":"{id}","fresh":true}}"#);
    let registry = "registry+https://github.com/rust-lang/crates.io-index";
    let plain = artifact(&format!("{registry}#reqwest@0.13.1"));
    assert!(!compiled_tls(&plain));
    assert!(compiled_tls(&format!(
        "{plain}\n{}",
        artifact(&format!("{registry}#rustls@0.23.1"))
    )));
    assert!(compiled_tls(&artifact(&format!(
        "{registry}#native-tls@0.2.14"
    ))));
    // A crate merely named like one is not one.
    assert!(!compiled_tls(&artifact(&format!(
        "{registry}#rustls-pki-types@1.0.0"
    ))));
}

/// A run of two specs: progenitor builds one, fails to generate the other.
fn a_small_bench() -> super::Bench {
    use super::measure::Build;
    use super::tools::Generator;
    use super::{Bench, Cell, GenRun, SpecResult, TagBuild};
    let build = |cpu_secs: f64, tls: bool| Build {
        wall_secs: cpu_secs,
        cpu_secs,
        deps_built: 0,
        tls,
    };
    let oagen_run = |generate_ms: f64| GenRun {
        wall_secs: generate_ms / 1000.0,
        stats: Some(crate::corpus::GenStats {
            parse_ms: 100.0,
            generate_ms,
            peak_kib: 50 * 1024,
            ..Default::default()
        }),
    };
    let cell = |generator, runs: Vec<GenRun>, compile: Option<Result<Vec<Build>, String>>| Cell {
        generator,
        generation: Ok(runs),
        lines: 2000,
        compile,
    };
    let plain = |wall_secs| GenRun {
        wall_secs,
        stats: None,
    };
    Bench {
        date: "2026-01-01 00:00 UTC".into(),
        machine: "`nproc` = 2".into(),
        load_before: Some(2.0),
        load_after: Some(3.0),
        runs: 3,
        compile_runs: 1,
        tools: vec![
            (Generator::Oagen, Ok("this tree".into())),
            (Generator::Progenitor, Ok("0.15.1".into())),
        ],
        specs: vec![
            SpecResult {
                name: "openai".into(),
                operations: 200,
                cells: vec![
                    cell(
                        Generator::Oagen,
                        vec![oagen_run(300.0), oagen_run(400.0), oagen_run(900.0)],
                        Some(Ok(vec![build(40.0, true)])),
                    ),
                    Cell {
                        generator: Generator::Progenitor,
                        generation: Err("Error: invalid type | integer".into()),
                        lines: 0,
                        compile: None,
                    },
                ],
                tag: Some(TagBuild {
                    tag: TagFeature {
                        feature: "openai-chat".into(),
                        operations: 6,
                    },
                    tags: 30,
                    builds: Ok(vec![build(4.0, true)]),
                }),
            },
            SpecResult {
                name: "nomad".into(),
                operations: 100,
                cells: vec![
                    cell(
                        Generator::Oagen,
                        vec![oagen_run(200.0)],
                        Some(Ok(vec![build(6.0, true)])),
                    ),
                    cell(
                        Generator::Progenitor,
                        vec![plain(0.5)],
                        Some(Ok(vec![build(12.0, false)])),
                    ),
                ],
                tag: None,
            },
        ],
        cold_spec: "oxide-buildomat".into(),
        cold_operations: 21,
        cold: vec![
            (Generator::Oagen, Ok(build(60.0, true))),
            (Generator::Progenitor, Ok(build(40.0, false))),
        ],
        cold_without_tls: Some(Ok(build(48.0, false))),
        synthetic: Some(Ok(oagen_run(60_000.0))),
        elapsed: std::time::Duration::from_secs(600),
    }
}

#[test]
fn the_report_states_each_target_and_whether_it_is_met() {
    let report = super::report::markdown(&a_small_bench());
    for line in [
        // nomad alone is built by both: 6 s against 12 s.
        "| compile CPU per 100 operations ≤ 0.5× progenitor's (specs both build) | 0.50× (1 specs) | yes |",
        "| one mid-size tag of openai compiles in ≤ 15% of the whole crate's CPU time | 10.0% | yes |",
        "| cold first build ≤ 1.5× progenitor's (CPU; oxide-buildomat) | 1.50× | yes |",
        // The median of 3×, 4× and 9×, against nomad's 2×.
        "| generation ≤ 5× the bare parse on every spec | worst 4.00× (openai) | yes |",
        "| 100,000 operations generated in < 2 GB | 50 MiB | yes |",
        // A peer's failure is told below the tables, whole.
        "| openai | 0.40 | failed (see below) | — |",
        "- progenitor on openai (generate): Error: invalid type | integer",
        "| nomad | 0.20 | 0.50 | 0.40× |",
        "| nomad | 6.00 | 12.0 | 0.50× |",
        "| **all specs both build** | | 1 specs | **0.50×** |",
        "| openai | `openai-chat` (6) | 30 | 4.00 | 40.0 | 10.0% | yes |",
        "| progenitor | 40.0 | 40.0 | 1.00× | 1.00× |",
        "  Not like for like: progenitor's crate compiles no TLS implementation at all",
        // Without TLS: 48 s against progenitor's 40 s.
        "| oagen without TLS (its default features but `rustls`) | 48.0 | 48.0 | 1.20× | 1.20× |",
        "| the same, like for like: oagen's crate without TLS, as progenitor's | 1.20× | yes |",
        "  Like for like, without TLS, oagen's takes 1.20× of progenitor's CPU time.",
    ] {
        assert!(report.contains(line), "{line}\nnot in:\n{report}");
    }
}

#[test]
fn the_results_kept_give_the_same_report_again() {
    let bench = a_small_bench();
    let kept = oagen::serde_json::to_string(&bench).unwrap();
    let again: super::Bench = oagen::serde_json::from_str(&kept).unwrap();
    assert_eq!(
        super::report::markdown(&again),
        super::report::markdown(&bench)
    );
}

#[test]
fn a_panic_is_told_by_its_message_and_place() {
    let panic = "thread 'main' (11099) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typify-impl-0.8.0/src/type_entry.rs:287:13: Failed to make unique variant names for [ASC,DESC,asc,desc]";
    assert_eq!(
        failure_text(panic),
        "panicked: Failed to make unique variant names for [ASC,DESC,asc,desc] (at typify-impl-0.8.0/src/type_entry.rs:287:13)"
    );
    assert_eq!(failure_text("Error: no such file"), "Error: no such file");
}

#[test]
fn the_features_without_tls_are_the_defaults_but_the_tls_back_ends() {
    let manifest = "[features]\ndefault = [\"env0\", \"actinia\", \"rustls\"]\nrustls = []\n";
    assert_eq!(
        super::phases::default_features_without_tls(manifest),
        ["env0", "actinia"]
    );
    assert!(super::phases::default_features_without_tls("[package]\n").is_empty());
}
