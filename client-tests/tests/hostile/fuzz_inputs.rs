//! The runtime fuzzer's inputs under `cargo test`: every input it saved
//! (`client-tests/fuzz-regressions/runtime/`, if any), and a short run of
//! generated ones from a fixed seed, so that the harness itself keeps
//! working. Each must end with no finding.

use client_tests::fuzz_runtime::{Harness, Input, generate, read_saved};

async fn assert_clean(harness: &Harness, input: &Input, name: &str) {
    let outcome = tokio::time::timeout(std::time::Duration::from_secs(10), harness.run(input))
        .await
        .unwrap_or_else(|_| panic!("{name} did not end"));
    assert!(
        outcome.findings.is_empty(),
        "{name}: {:?}\n{input:?}",
        outcome.findings
    );
}

#[tokio::test]
async fn saved_fuzz_inputs_run_clean() {
    let harness = Harness::start().await.expect("harness");
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-regressions/runtime");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let text = std::fs::read_to_string(&path).expect("readable");
        let input = read_saved(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_clean(&harness, &input, &path.display().to_string()).await;
    }
}

#[tokio::test]
async fn generated_fuzz_inputs_run_clean() {
    let harness = Harness::start().await.expect("harness");
    let mut rng = fastrand::Rng::with_seed(7);
    for i in 0..40 {
        let input = generate::input(&mut rng);
        assert_clean(&harness, &input, &format!("input {i} of seed 7")).await;
    }
}
