use super::*;

#[test]
fn printing_in_chunks_gives_the_same_text_as_printing_whole() {
    let service = crate::manifest::ServiceSpec {
        name: "shapes".into(),
        spec: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/shapes-3.0.yaml"),
        spec_label: "shapes-3.0.yaml".into(),
        module: "shapes".into(),
        feature: "shapes".into(),
        passes: Default::default(),
        rate_limit: None,
    };
    let (mut api, ..) = crate::generate::build_api(&service).expect("builds");
    // Many operations and types, so that there are several chunks of each.
    let ops = api.operations.clone();
    for i in 0..3 * OPERATIONS_PER_CHUNK {
        for op in &ops {
            let mut op = op.clone();
            op.name = format!("{}_{i}", op.name);
            op.type_name = format!("{}{i}", op.type_name);
            api.operations.push(op);
        }
    }
    let defs = api.types.defs.clone();
    for i in 0..TYPES_PER_CHUNK / defs.len().max(1) + 2 {
        for def in &defs {
            let mut def = def.clone();
            def.name = format!("{}{i}", def.name);
            api.types.add(def);
        }
    }
    let files = service_files(&api, "doc", None, "x::shapes").expect("valid Rust");
    let examples = example_context(&api, "x::shapes");
    let whole_types = render(types::types_module(&api)).expect("valid Rust");
    let whole_operations =
        render(operations::operations_module(&api, Some(&examples))).expect("valid Rust");
    assert_eq!(files[1].1, whole_types);
    assert_eq!(files[2].1, whole_operations);
}

#[test]
fn a_spec_without_operations_imports_nothing_it_does_not_use() {
    // Webhooks-only specs: `use super::Client`, `use crate::runtime` and
    // `pub use operations::*` were unused imports.
    let files = service_files(&Api::default(), "doc", None, "x::y").expect("valid Rust");
    for (name, text) in &files {
        assert!(!text.contains("use super::Client"), "{name}: {text}");
        assert!(!text.contains("pub use operations::*"), "{name}: {text}");
        if name == "operations.rs" {
            assert!(!text.contains("use crate::runtime"), "{name}: {text}");
        }
    }
}
