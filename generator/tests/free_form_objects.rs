//! `type: object` without properties is an object with any keys: a map of
//! JSON values, not an empty struct, which would drop every field the server
//! sends and could send none. Found against a live Jupyter Server: its
//! configuration sections (`GET/PATCH /api/config/{section_name}`, schema
//! `type: object`) decoded to `{}` whatever they held. `additionalProperties:
//! false` alone still makes an empty struct: that object must be empty.

use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::{Path, PathBuf};

fn generated(file: &str) -> String {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/free-form-object-3.0.yaml");
    let crate_spec = CrateSpec {
        name: "free".into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![ServiceSpec {
            name: "free".into(),
            spec,
            spec_label: "tests/specs/free-form-object-3.0.yaml".into(),
            module: "free".into(),
            feature: "free".into(),
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "oagen generate".into(),
    };
    let generated = oagen::generate_crate(&crate_spec, true).expect("generates");
    generated
        .files
        .files
        .get(&format!("src/free/{file}"))
        .unwrap_or_else(|| panic!("no {file}"))
        .clone()
}

/// The text without spaces, line breaks and the trailing commas of wrapped
/// lists, so that layout does not matter.
fn squeezed(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    text.replace(",>", ">").replace(",)", ")")
}

const JSON_MAP: &str = "::std::collections::HashMap<::std::string::String,::serde_json::Value>";

#[test]
fn named_free_form_objects_are_maps_of_json_values() {
    let types = squeezed(&generated("types.rs"));
    assert!(
        types.contains(&format!("pubtypeSection={JSON_MAP};")),
        "{types}"
    );
    assert!(
        types.contains(&format!("pubsettings:::std::option::Option<{JSON_MAP}>")),
        "{types}"
    );
    assert!(!types.contains("pubstructSection{}"), "{types}");
    assert!(!types.contains("WrapperSettings"), "{types}");
}

#[test]
fn inline_free_form_bodies_and_responses_are_maps_of_json_values() {
    let operations = squeezed(&generated("operations.rs"));
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
    let types = squeezed(&generated("types.rs"));
    assert!(!types.contains("GetSectionResponse200"), "{types}");
    assert!(!types.contains("UpdateSectionBody"), "{types}");
}

#[test]
fn an_object_that_allows_no_properties_stays_an_empty_struct() {
    let types = squeezed(&generated("types.rs"));
    assert!(types.contains("pubstructNothing{}"), "{types}");
}
