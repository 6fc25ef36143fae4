//! The declarations of `members.rs` against what the emitters emit: a probe
//! spec using every feature that adds a member (paging, bodies, several
//! successes, security schemes) is generated, and the `impl` blocks, fields
//! and derives of its `Client`, `Credentials` and request builders are read
//! back with `syn`. A member emitted but not declared (or declared but never
//! emitted) fails here.

use super::*;
use crate::ir::Api;
use std::collections::BTreeSet;

const PROBE: &str = r#"
openapi: 3.0.3
info: {title: Probe, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{keyA: []}]
paths:
  /pages/{probe_path}:
    get:
      operationId: probePaged
      parameters:
        - {name: probe_path, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, maximum: 50}}
        - {name: offset, in: query, schema: {type: integer}}
        - {name: probe_header, in: header, schema: {type: string, maxLength: 4}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        "404": {description: missing}
    post:
      operationId: probeOptionalBody
      parameters:
        - {name: probe_path, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {x: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: string}}}}
        "202": {description: accepted, content: {text/plain: {schema: {type: string}}}}
        "429": {description: slow down}
    put:
      operationId: probeRequiredBody
      parameters:
        - {name: probe_path, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: array, items: {type: string}}
      responses:
        "204": {description: done}
  /bytes:
    put:
      operationId: probeBytes
      requestBody:
        required: true
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        "200": {description: events, content: {text/event-stream: {schema: {type: string}}}}
  /chat:
    post:
      operationId: probeEventsBeside
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, properties: {stream: {type: boolean}}}}
      responses:
        "200":
          description: a reply, or events
          content:
            application/json: {schema: {type: object, properties: {text: {type: string}}}}
            text/event-stream: {schema: {type: object, properties: {delta: {type: string}}}}
components:
  securitySchemes:
    keyA: {type: apiKey, in: header, name: X-A}
    keyB: {type: apiKey, in: query, name: b}
    basicAuth: {type: http, scheme: basic}
    token: {type: http, scheme: bearer}
"#;

/// The probe's IR and its `mod.rs` and `operations/` files, parsed.
fn probe() -> (Api, syn::File, syn::File) {
    let dir = std::env::temp_dir().join(format!("oagen-members-probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creates a temporary folder");
    let spec = dir.join("probe.yaml");
    std::fs::write(&spec, PROBE).expect("writes the probe");
    let service = crate::manifest::ServiceSpec {
        name: "probe".into(),
        spec: spec.clone(),
        spec_label: "probe.yaml".into(),
        module: "probe".into(),
        feature: "probe".into(),
        passes: Default::default(),
        rate_limit: None,
    };
    let (api, ..) = crate::generate::build_api(&service).expect("the probe builds");
    let _ = std::fs::remove_dir_all(&dir);
    let partition = super::super::Partition::new(&api);
    let features = super::super::Features {
        service: "probe".into(),
        groups: vec!["probe-all".into(); partition.groups.len()],
    };
    let files = super::super::service_files(&api, "doc", None, "x::probe", &partition, &features)
        .expect("valid Rust");
    let parse = |text: &str| syn::parse_file(text).expect("parses");
    let module = parse(
        &files
            .iter()
            .find(|(n, _)| n == "mod.rs")
            .expect("emitted")
            .1,
    );
    // The operations are split into a file per API group: one file of all
    // their items.
    let mut operations = parse("");
    for (_, text) in files.iter().filter(|(n, _)| n.starts_with("operations/")) {
        operations.items.extend(parse(text).items);
    }
    assert!(
        !operations.items.is_empty(),
        "the probe's operations are emitted"
    );
    (api, module, operations)
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

/// The type an `impl` block is for, as written (`Client`, `runtime :: Credentials`).
fn self_type(item: &syn::ItemImpl) -> String {
    let ty = &item.self_ty;
    quote::quote!(#ty).to_string()
}

/// The last segment of the trait an `impl` block implements.
fn trait_name(item: &syn::ItemImpl) -> Option<String> {
    let (_, path, _) = item.trait_.as_ref()?;
    path.segments.last().map(|s| s.ident.to_string())
}

fn fn_names(item: &syn::ItemImpl) -> Vec<String> {
    item.items
        .iter()
        .filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.unraw().to_string()),
            _ => None,
        })
        .collect()
}

fn impls<'a>(files: &'a [&'a syn::File]) -> impl Iterator<Item = &'a syn::ItemImpl> {
    files.iter().flat_map(|f| &f.items).filter_map(|i| match i {
        syn::Item::Impl(i) => Some(i),
        _ => None,
    })
}

/// The traits of the `#[derive(...)]` on the struct `name`.
fn derives(files: &[&syn::File], name: &str) -> BTreeSet<String> {
    let item = files
        .iter()
        .flat_map(|f| &f.items)
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("struct {name} emitted"));
    let mut traits = BTreeSet::new();
    for attr in item.attrs.iter().filter(|a| a.path().is_ident("derive")) {
        attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                traits.insert(last.ident.to_string());
            }
            Ok(())
        })
        .expect("a derive list");
    }
    traits
}

fn struct_fields(file: &syn::File, name: &str) -> Vec<String> {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("struct {name} emitted"))
        .fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(|i| i.unraw().to_string()))
        .collect()
}

use syn::ext::IdentExt;

/// For each type, the methods of the traits it implements by hand must be
/// in the table (so that the naming pass knows them).
fn check_trait_impls(files: &[&syn::File], ty: &str, declared: &[&str]) {
    for item in impls(files).filter(|i| self_type(i) == ty) {
        let Some(name) = trait_name(item) else {
            continue;
        };
        assert!(
            declared.contains(&name.as_str()),
            "{ty} implements {name}, which its emitter does not declare"
        );
        let known = methods_of(&name).unwrap_or_else(|| panic!("TRAIT_METHODS lacks {name}"));
        for f in fn_names(item) {
            assert!(
                known.contains(&f.as_str()),
                "{name}::{f} is not in TRAIT_METHODS"
            );
        }
    }
}

#[test]
fn every_declared_trait_has_its_methods_listed() {
    for t in [
        CLIENT_DERIVES,
        CLIENT_IMPLS,
        BUILDER_DERIVES,
        CREDENTIALS_DERIVES,
    ]
    .iter()
    .flat_map(|ts| ts.iter())
    {
        assert!(methods_of(t).is_some(), "TRAIT_METHODS lacks {t}");
    }
}

#[test]
fn client_members_are_declared() {
    let (api, module, operations) = probe();
    let files = [&module, &operations];
    let operation_names: BTreeSet<String> = api
        .operations
        .iter()
        .map(|op| op.name.trim_start_matches("r#").to_string())
        .collect();
    let own: BTreeSet<String> = impls(&files)
        .filter(|i| self_type(i) == "Client" && i.trait_.is_none())
        .flat_map(fn_names)
        .filter(|f| !operation_names.contains(f))
        .collect();
    assert_eq!(own, set(CLIENT_METHODS.iter().copied()));
    assert_eq!(
        derives(&files, "Client"),
        set(CLIENT_DERIVES.iter().copied())
    );
    check_trait_impls(&files, "Client", CLIENT_IMPLS);
    let implemented: BTreeSet<String> = impls(&files)
        .filter(|i| self_type(i) == "Client")
        .filter_map(trait_name)
        .collect();
    assert_eq!(implemented, set(CLIENT_IMPLS.iter().copied()));
}

#[test]
fn credentials_members_are_declared() {
    let (api, module, operations) = probe();
    let files = [&module, &operations];
    assert!(api.credentials.len() >= 3, "the probe has several schemes");
    let constructors: BTreeSet<String> = api.credentials.iter().map(|c| c.name.clone()).collect();
    let own: BTreeSet<String> = impls(&files)
        .filter(|i| self_type(i) == "Credentials" && i.trait_.is_none())
        .flat_map(fn_names)
        .filter(|f| !constructors.contains(f))
        .collect();
    assert_eq!(own, set(CREDENTIALS_FUNCTIONS.iter().copied()));
    assert_eq!(
        derives(&files, "Credentials"),
        set(CREDENTIALS_DERIVES.iter().copied())
    );
    check_trait_impls(&files, "Credentials", &[]);
}

#[test]
fn builder_members_are_declared() {
    let (api, module, operations) = probe();
    let files = [&module, &operations];
    assert!(
        api.operations.iter().any(|op| op.pagination.is_some()),
        "the probe pages"
    );
    let mut seen_members = BTreeSet::new();
    let mut seen_derives = BTreeSet::new();
    for op in &api.operations {
        let builder = op.type_name.as_str();
        let parameters: BTreeSet<String> = op
            .parameters
            .iter()
            .map(|p| p.name.trim_start_matches("r#").to_string())
            .collect();
        let fields = struct_fields(&operations, builder);
        let methods = impls(&files)
            .filter(|i| self_type(i) == builder && i.trait_.is_none())
            .flat_map(fn_names);
        for name in fields.into_iter().chain(methods) {
            if !parameters.contains(&name) {
                assert!(
                    BUILDER_MEMBERS.contains(&name.as_str()),
                    "{builder} has `{name}`, which BUILDER_MEMBERS does not declare"
                );
                seen_members.insert(name);
            }
        }
        let derived = derives(&files, builder);
        for t in &derived {
            assert!(
                BUILDER_DERIVES.contains(&t.as_str()),
                "{builder} derives {t}, which BUILDER_DERIVES does not declare"
            );
        }
        seen_derives.extend(derived);
        check_trait_impls(&files, builder, &[]);
    }
    // Every declaration is used: a stale one would rename parameters for nothing.
    assert_eq!(seen_members, set(BUILDER_MEMBERS.iter().copied()));
    assert_eq!(seen_derives, set(BUILDER_DERIVES.iter().copied()));
}

#[test]
fn module_items_and_operation_types_are_declared() {
    let (api, module, operations) = probe();
    let mut items = BTreeSet::new();
    for item in &module.items {
        match item {
            syn::Item::Struct(s) => {
                items.insert(s.ident.to_string());
            }
            syn::Item::Type(t) => {
                items.insert(t.ident.to_string());
            }
            syn::Item::Mod(m) => {
                items.insert(m.ident.to_string());
            }
            syn::Item::Use(u) => use_names(&u.tree, &mut items),
            _ => {}
        }
    }
    assert_eq!(items, set(MODULE_ITEMS.iter().copied()));

    let mut suffixes = BTreeSet::new();
    for item in &operations.items {
        let name = match item {
            syn::Item::Struct(s) => s.ident.to_string(),
            syn::Item::Enum(e) => e.ident.to_string(),
            syn::Item::Type(t) => t.ident.to_string(),
            _ => continue,
        };
        let suffix = api
            .operations
            .iter()
            .find_map(|op| {
                name.strip_prefix(op.type_name.as_str())
                    .filter(|s| TYPE_SUFFIXES.contains(s))
            })
            .unwrap_or_else(|| panic!("`{name}` is no operation's type with a declared suffix"));
        suffixes.insert(suffix.to_string());
    }
    assert_eq!(suffixes, set(TYPE_SUFFIXES.iter().copied()));
}

/// The names a `use` tree brings into scope (globs bring the operations'
/// types, checked on their own).
fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}
