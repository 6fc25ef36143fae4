//! `cargo test` catches drift: the checked-in `generated/` crate and the
//! test fixtures crate must be what their manifests produce (the same check
//! as `cargo xtask codegen --check`).

use std::path::Path;

fn assert_up_to_date(manifest: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let spec = oagen::read_manifest(&root.join(manifest)).expect("manifest reads");
    let generated = oagen::generate_crate(&spec, false).expect("specs generate");
    let drift = oagen::write::check(&spec.output, &generated.files).expect("output readable");
    let listed: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        listed.is_empty(),
        "{} is not up to date, run `cargo xtask codegen`: {listed:?}",
        spec.output.display()
    );
}

#[test]
fn generated_crate_matches_the_specs() {
    assert_up_to_date("specs/services.toml");
}

#[test]
fn fixtures_crate_matches_the_fixture_specs() {
    assert_up_to_date("client-tests/fixture-specs/services.toml");
}
