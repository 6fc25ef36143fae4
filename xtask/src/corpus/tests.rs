use super::compile::{diagnostics, package_id_names};
use super::generate::parse_stats;
use super::manifest::{crate_name, module_name, spec_name};
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

#[test]
fn doctest_counts_add_up_every_test_result_line() {
    // Merged doc examples and those compiled on their own each end with a
    // `test result:` line.
    let out = "running 3 tests\ntest a ... ok\n\
        test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s\n\
        \n\
        test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.2s\n";
    let counts = super::compile::doctest_counts(out);
    assert_eq!((counts.passed, counts.failed), (4, 2));
    assert_eq!(
        super::compile::doctest_counts("error: could not compile"),
        super::compile::Doctests::default()
    );
}
