//! Defects `cargo xtask live` found in the generator, each with a small
//! spec of its own under `tests/specs/` (see docs/live.md).
//!
//! - A spec whose server is a path (Swagger 2.0 `basePath` without `host`,
//!   as Alertmanager's `/api/v2`): the base URL a user sets must end with
//!   that path. Following the generated docs (`base_url("https://...")`, the
//!   host alone) every call against a live Alertmanager answered 404; the
//!   docs and examples now name the path.
//! - `type: object` without properties is an object with any keys: a map of
//!   JSON values, not an empty struct, which dropped every field the server
//!   sent and could send none. Found with Jupyter Server's configuration
//!   sections (`GET/PATCH /api/config/{section_name}`).
//!   `additionalProperties: false` alone still makes an empty struct: that
//!   object must be empty.

use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::{Path, PathBuf};

/// The file `path` of the crate generated from `tests/specs/SPEC`, whose
/// service module is `module`; `<module>/types.rs` and
/// `<module>/operations.rs` stand for the files of those folders, joined
/// (one file per API group).
fn generated_file(spec: &str, module: &str, path: &str) -> String {
    let crate_spec = CrateSpec {
        name: module.into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![ServiceSpec {
            name: module.into(),
            spec: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/specs")
                .join(spec),
            spec_label: format!("tests/specs/{spec}"),
            module: module.into(),
            feature: module.into(),
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "oagen generate".into(),
    };
    let generated = oagen::generate_crate(&crate_spec, true).expect("generates");
    let files = &generated.files.files;
    if let Some(text) = files.get(path) {
        return text.clone();
    }
    let folder = format!("{}/", path.trim_end_matches(".rs"));
    let joined: Vec<&str> = files
        .iter()
        .filter(|(p, _)| p.starts_with(&folder))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(!joined.is_empty(), "no {path}");
    joined.concat()
}

// ------------------------------------------------ a server that is a path

fn relative(path: &str) -> String {
    generated_file("relative-server-swagger2.yaml", "relative", path)
}

#[test]
fn examples_set_a_base_url_that_ends_with_the_servers_path() {
    let operations = relative("src/relative/operations.rs");
    assert!(
        operations.contains(r#".base_url("https://api.example.com/api/v2")"#),
        "{operations}"
    );
}

#[test]
fn the_builder_says_the_base_url_ends_with_the_servers_path() {
    let module = relative("src/relative/mod.rs");
    assert!(
        module.contains("the server's address followed by `/api/v2`"),
        "{module}"
    );
}

#[test]
fn the_reference_says_the_base_url_ends_with_the_servers_path() {
    let readme = relative("docs/relative/README.md");
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

// ------------------------------------------------- free-form objects

fn free(path: &str) -> String {
    generated_file("free-form-object-3.0.yaml", "free", path)
}

/// The text without spaces, line breaks and the trailing commas of wrapped
/// lists, so that layout does not matter.
fn squeezed(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    text.replace(",>", ">").replace(",)", ")")
}

const JSON_MAP: &str = "std::collections::BTreeMap<String,serde_json::Value>";

#[test]
fn named_free_form_objects_are_maps_of_json_values() {
    let types = squeezed(&free("src/free/types.rs"));
    assert!(
        types.contains(&format!("pubtypeSection={JSON_MAP};")),
        "{types}"
    );
    assert!(
        types.contains(&format!("pubsettings:Option<{JSON_MAP}>")),
        "{types}"
    );
    assert!(!types.contains("pubstructSection{}"), "{types}");
    assert!(!types.contains("WrapperSettings"), "{types}");
}

#[test]
fn inline_free_form_bodies_and_responses_are_maps_of_json_values() {
    let operations = squeezed(&free("src/free/operations.rs"));
    assert!(
        operations.contains(&format!(
            "Result<{JSON_MAP},runtime::Error<GetSectionError>"
        )),
        "{operations}"
    );
    assert!(
        operations.contains(&format!("pubfnbody(mutself,body:{JSON_MAP})")),
        "{operations}"
    );
    let types = squeezed(&free("src/free/types.rs"));
    assert!(!types.contains("GetSectionResponse200"), "{types}");
    assert!(!types.contains("UpdateSectionBody"), "{types}");
}

#[test]
fn an_object_that_allows_no_properties_stays_an_empty_struct() {
    let types = squeezed(&free("src/free/types.rs"));
    assert!(types.contains("pubstructNothing{}"), "{types}");
}
