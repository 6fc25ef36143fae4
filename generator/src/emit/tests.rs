use super::files::{OPERATIONS_PER_CHUNK, TYPES_PER_CHUNK};
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
    let partition = Partition::new(&api);
    let features = Features {
        service: "shapes".into(),
        groups: vec!["shapes-all".into(); partition.groups.len()],
    };
    let files =
        service_files(&api, "doc", None, "x::shapes", &partition, &features).expect("valid Rust");
    let examples = example_context(&api, "x::shapes");
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    // The spec's operations have no tags: one group, whose types are all
    // shared; the copies no operation uses are unreferenced.
    assert_eq!(partition.groups.len(), 1);
    let whole = |home: partition::Home| {
        let defs: Vec<&crate::ir::TypeDef> = types::emit_order(&api)
            .into_iter()
            .filter(|&id| partition.type_home(id) == home)
            .map(|id| api.types.get(id))
            .collect();
        assert!(!defs.is_empty());
        render(types::type_items(
            &api,
            &defs,
            &types::RequestTypeNames::of(&api),
        ))
        .expect("valid Rust")
    };
    assert_eq!(file("types/shared.rs"), whole(partition::Home::Shared));
    // They name the shared types (`Toy0` has a `Ball`).
    assert_eq!(
        file("types/unreferenced.rs"),
        format!("use super::*;\n{}", whole(partition::Home::Unreferenced))
    );
    let whole_operations = render(operations::operation_items(
        &api,
        &api.operations,
        Some(&examples),
    ))
    .expect("valid Rust");
    let operations = file("operations/untagged.rs");
    assert!(operations.ends_with(&whole_operations), "{operations}");
    assert!(
        operations.starts_with("use super::super::Client;\n"),
        "{operations}"
    );
}

#[test]
fn a_spec_without_operations_imports_nothing_it_does_not_use() {
    // Webhooks-only specs: `use super::Client`, `use crate::runtime` and
    // `pub use operations::*` were unused imports.
    let api = Api::default();
    let partition = Partition::new(&api);
    let features = Features {
        service: "y".into(),
        groups: Vec::new(),
    };
    let files =
        service_files(&api, "doc", None, "x::y", &partition, &features).expect("valid Rust");
    for (name, text) in &files {
        assert!(!text.contains("use super::Client"), "{name}: {text}");
        assert!(!text.contains("pub use operations::*"), "{name}: {text}");
        if name.starts_with("operations/") {
            assert!(!text.contains("use crate::runtime"), "{name}: {text}");
        }
    }
}
