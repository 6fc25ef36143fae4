//! Snapshot tests: the emitted code for small specs in each dialect, and the
//! guarantee that generation is deterministic.

use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::{Path, PathBuf};

fn crate_for(spec: &str) -> CrateSpec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(spec);
    let stem = spec.split('.').next().unwrap_or(spec).replace('-', "_");
    CrateSpec {
        name: "snapshot".into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![ServiceSpec {
            name: stem.clone(),
            spec: path,
            spec_label: format!("tests/specs/{spec}"),
            module: stem.clone(),
            feature: stem,
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "oagen generate".into(),
    }
}

fn snapshot_service(spec: &str) {
    let generated = oagen::generate_crate(&crate_for(spec), true).expect("generates");
    for (path, text) in &generated.files.files {
        if path.starts_with("src/runtime/") {
            continue; // copied verbatim from templates/runtime/
        }
        let name = format!("{spec}__{}", path.replace('/', "__"));
        insta::assert_snapshot!(name, text);
    }
}

/// Only the Rust code (`types/`, `operations/`): for specs about types.
fn snapshot_code(spec: &str) {
    let generated = oagen::generate_crate(&crate_for(spec), true).expect("generates");
    for (path, text) in &generated.files.files {
        if path.contains("/types/") || path.contains("/operations/") {
            let name = format!("{spec}__{}", path.replace('/', "__"));
            insta::assert_snapshot!(name, text);
        }
    }
}

/// Free-form objects, any JSON, unions tagged and not, references into
/// components and paths, a response that refers to a request body, YAML
/// merge keys: each type as it is emitted.
#[test]
fn openapi_31_fidelity() {
    snapshot_code("fidelity-3.1.yaml");
}

#[test]
fn openapi_30_shapes() {
    snapshot_service("shapes-3.0.yaml");
}

#[test]
fn swagger_20_tiny() {
    snapshot_service("tiny-swagger2.yaml");
}

#[test]
fn openapi_31_tiny() {
    snapshot_service("tiny-3.1.yaml");
}

#[test]
fn generation_is_deterministic() {
    for spec in [
        "shapes-3.0.yaml",
        "tiny-swagger2.yaml",
        "tiny-3.1.yaml",
        "fidelity-3.1.yaml",
    ] {
        let first = oagen::generate_crate(&crate_for(spec), true).expect("generates");
        let second = oagen::generate_crate(&crate_for(spec), true).expect("generates");
        assert_eq!(first.files, second.files, "{spec}: two runs differ");
    }
}
