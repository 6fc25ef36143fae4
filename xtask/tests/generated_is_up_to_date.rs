//! `cargo test` catches drift: the checked-in `generated/` crate must be what
//! `specs/` produce (the same check as `cargo xtask codegen --check`).

use std::path::Path;

#[test]
fn generated_crate_matches_the_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let spec = oagen::read_manifest(&root.join("specs/services.toml")).expect("manifest reads");
    let generated = oagen::generate_crate(&spec, false).expect("specs generate");
    let drift = oagen::write::check(&spec.output, &generated.files).expect("output readable");
    let listed: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        listed.is_empty(),
        "generated/ is not up to date, run `cargo xtask codegen`: {listed:?}"
    );
}
