//! A spec whose server is a path (Swagger 2.0 `basePath` without `host`, as
//! Alertmanager's `/api/v2`): the base URL a user sets must end with that
//! path, and the generated docs and examples say so. Found against a live
//! Alertmanager: following the docs (`base_url("https://...")`, the host
//! alone) every call answered 404.

use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::{Path, PathBuf};

fn generated_file(name: &str) -> String {
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/relative-server-swagger2.yaml");
    let crate_spec = CrateSpec {
        name: "relative".into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![ServiceSpec {
            name: "relative".into(),
            spec,
            spec_label: "tests/specs/relative-server-swagger2.yaml".into(),
            module: "relative".into(),
            feature: "relative".into(),
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "oagen generate".into(),
    };
    let generated = oagen::generate_crate(&crate_spec, true).expect("generates");
    generated
        .files
        .files
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .clone()
}

#[test]
fn examples_set_a_base_url_that_ends_with_the_servers_path() {
    let operations = generated_file("src/relative/operations.rs");
    assert!(
        operations.contains(r#".base_url("https://api.example.com/api/v2")"#),
        "{operations}"
    );
}

#[test]
fn the_builder_says_the_base_url_ends_with_the_servers_path() {
    let module = generated_file("src/relative/mod.rs");
    assert!(
        module.contains("the server's address followed by `/api/v2`"),
        "{module}"
    );
}

#[test]
fn the_reference_says_the_base_url_ends_with_the_servers_path() {
    let readme = generated_file("docs/relative/README.md");
    assert!(
        readme.contains(
            "set the base URL to the server's address followed by `/api/v2`: \
             `Client::builder().base_url(\"https://api.example.com/api/v2\")`"
        ),
        "{readme}"
    );
    assert!(
        readme.contains(r#".base_url("https://api.example.com/api/v2")"#),
        "{readme}"
    );
}
