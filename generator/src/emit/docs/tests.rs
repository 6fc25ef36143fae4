use super::group::{Outcome, Success};
use super::markdown::{
    bare, block, cell_text, code, described, fill, heading_text, row, slug, strip_hidden_lines,
};
use super::*;
use crate::ir::test_builder::{
    field, json_body, operation, parameter, response, string_enum, struct_of, type_def,
};
use crate::manifest::ServiceSpec;
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn test_spec(file: &str) -> ServiceSpec {
    let stem = file.split('.').next().unwrap_or(file).replace('-', "_");
    ServiceSpec {
        name: stem.clone(),
        spec: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/specs")
            .join(file),
        spec_label: format!("tests/specs/{file}"),
        module: stem.clone(),
        feature: stem,
        passes: Default::default(),
        rate_limit: None,
    }
}

/// The test specs, and our own services with their manifest options.
fn services() -> Vec<ServiceSpec> {
    let mut out: Vec<ServiceSpec> = ["shapes-3.0.yaml", "tiny-swagger2.yaml", "tiny-3.1.yaml"]
        .into_iter()
        .map(test_spec)
        .collect();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/services.toml");
    out.extend(crate::read_manifest(&manifest).expect("manifest").services);
    out
}

fn pages_of(service: &ServiceSpec) -> (Api, BTreeMap<String, String>) {
    let (api, ..) = crate::generate::build_api(service).expect("spec builds");
    let module_path = format!("generated::{}", service.module);
    let ctx = DocsContext {
        service_name: &service.name,
        module_path: &module_path,
        feature: &service.feature,
        spec_label: &service.spec_label,
        generated_by: "cargo xtask codegen",
    };
    let pages = crate::emit::service_docs(&api, &ctx).into_iter().collect();
    (api, pages)
}

fn small_api() -> Api {
    let mut types = TypeSpace::default();
    let color = types.add(TypeDef {
        doc: Some("A colour.\n\nSecond paragraph | with a pipe.".into()),
        ..type_def("Color", string_enum([("dark-red", "DarkRed")]))
    });
    let pet = types.add(type_def(
        "Pet",
        struct_of(vec![Field {
            required: false,
            doc: Some("Its colour:\n- red\n- or | not".into()),
            read_only: true,
            ..field("color", TypeRef::Named(color))
        }]),
    ));
    let op = |name: &str, tags: &[&str], authenticated: bool| Operation {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        summary: Some(format!("Calls {name}.")),
        parameters: vec![Parameter {
            name: "pet_id".into(),
            description: Some("Which pet\nit is.".into()),
            ..parameter(
                "pet-id",
                ParamLocation::Path,
                TypeRef::Primitive(Primitive::String),
            )
        }],
        responses: vec![
            Response {
                body: Some(json_body(TypeRef::Named(pet))),
                ..response(StatusMatch::Code(200), "The pet.")
            },
            response(StatusMatch::Code(404), "No such pet."),
        ],
        authenticated,
        ..operation(name)
    };
    Api {
        title: "Pet Shop".into(),
        description: Some("# Pets\nAll about pets.".into()),
        version: "2".into(),
        servers: vec![Server {
            url: "https://pets.example.com/".into(),
            description: None,
        }],
        operations: vec![
            op("get_pet", &["Pet Store"], true),
            op("health", &[], false),
        ],
        types,
        security_schemes: vec![SecurityScheme {
            key: "key".into(),
            description: Some("The shop's key.".into()),
            kind: SecuritySchemeKind::ApiKey {
                location: ParamLocation::Header,
                name: "X-Key".into(),
            },
        }],
        credentials: vec![CredentialConstructor {
            name: "api_key".into(),
            scheme: "key".into(),
            description: None,
            kind: CredentialKind::ApiKey {
                location: ParamLocation::Header,
                name: "X-Key".into(),
            },
        }],
        ..Api::default()
    }
}

fn small_pages() -> BTreeMap<String, String> {
    let api = small_api();
    let ctx = DocsContext {
        service_name: "pet shop",
        module_path: "generated::pets",
        feature: "pets",
        spec_label: "specs/pets.yaml",
        generated_by: "cargo xtask codegen",
    };
    crate::emit::service_docs(&api, &ctx).into_iter().collect()
}

#[test]
fn a_page_per_group_and_model_and_an_index() {
    let pages = small_pages();
    let names: Vec<&str> = pages.keys().map(String::as_str).collect();
    // `health` has no tag: it goes to the group named after the service.
    assert_eq!(
        names,
        [
            "PetShop.md",
            "PetStore.md",
            "README.md",
            "models/Color.md",
            "models/Pet.md"
        ]
    );
    let index = &pages["README.md"];
    assert!(index.starts_with("<!-- @generated by `cargo xtask codegen` from specs/pets.yaml."));
    assert!(index.contains("All paths are relative to `https://pets.example.com`"));
    assert!(index.contains("### `Credentials::api_key(key)`"));
    assert!(index.contains("An API key (security scheme `key`), sent in the header `X-Key`."));
    assert!(index.contains("These methods send no credentials: `health`."));
    assert!(index.contains(
        "| [Pet Store](PetStore.md) | [`get_pet`](PetStore.md#get_pet) | `GET /get_pet` | Calls get_pet. |"
    ));
    assert!(index.contains("- [`Color`](models/Color.md): A colour."));
    // The description's heading does not become a heading of the page.
    assert!(index.contains("**Pets**"));
}

#[test]
fn a_method_section_says_how_to_call_it_and_what_it_answers() {
    let pages = small_pages();
    let page = &pages["PetStore.md"];
    assert!(page.contains(
        "```rust\nclient.get_pet(pet_id: impl Into<String>) -> GetPet\n    .send().await -> Result<types::Pet, Error<GetPetError>>\n```"
    ));
    assert!(page.contains(
        "| `pet_id` (`pet-id`) | `String` | path | Which pet it is. | required (argument) |"
    ));
    assert!(page.contains("### Return type\n\n[`Pet`](models/Pet.md)"));
    assert!(page.contains(
        "[`Credentials::api_key(key)`](README.md#authentication) (API key in the header `X-Key`, scheme `key`)."
    ));
    assert!(page.contains("| `200` | The pet. | success: [`Pet`](models/Pet.md) |"));
    assert!(page.contains("| `404` | No such pet. | `GetPetError::NotFound` |"));
    assert!(page.contains("| any other | A status the spec does not document for this operation. | `GetPetError::UnexpectedStatus` |"));
    // The example is rustdoc's, without its hidden lines.
    assert!(
        page.contains(
            "use generated::pets::{Client, Credentials, Error, GetPetError};\nlet client"
        )
    );
    assert!(!page.contains("# async fn"));
    let open = &pages["PetShop.md"];
    assert!(open.contains("# pet shop\n"));
    assert!(open.contains("for the operations the spec does not tag."));
    assert!(open.contains("### Authorization\n\nNone: this method sends no credentials"));
}

#[test]
fn model_pages_list_fields_values_and_users() {
    let pages = small_pages();
    let pet = &pages["models/Pet.md"];
    assert!(pet.contains(
        "Struct `generated::pets::types::Pet`, from `#/components/schemas/Pet` in the spec."
    ));
    assert!(pet.contains(
        "| `color` | `color` | [`Option<Color>`](Color.md) | no | Read-only. Its colour:<br>- red<br>- or \\| not |"
    ));
    assert!(pet.contains("- [`get_pet`](../PetStore.md#get_pet): response `200`"));
    let color = &pages["models/Color.md"];
    assert!(color.contains("| `dark-red` | `Color::DarkRed` |  |"));
    assert!(color.contains("| any other | `Color::Unknown(String)` |"));
    assert!(color.contains("- [`Pet`](Pet.md): field `color`"));
}

#[test]
fn cells_stay_on_one_line() {
    assert_eq!(
        cell_text(Some(
            "First line\nsame paragraph.\n\nSecond | part.\n- a\n- b\n```\nx | y\n```"
        )),
        "First line same paragraph.<br>Second | part.<br>- a<br>- b<br>`x | y`"
    );
    assert_eq!(
        row(&["a | b".into(), "c\nd".into(), "e \\| f".into()]),
        "| a \\| b | c d | e \\| f |"
    );
    assert_eq!(cell_text(Some("### Heading\nText")), "**Heading**<br>Text");
    assert_eq!(code("a`b"), "`` a`b ``");
}

#[test]
fn links_into_the_vendors_site_become_text() {
    assert_eq!(
        described(
            "See [jobs](/reference/jobs), [x](#operation/x) and [site](https://a.io/b). `[c](d)`"
        ),
        "See jobs, x and [site](https://a.io/b). `[c](d)`"
    );
}

#[test]
fn fill_substitutes_once() {
    let filled = fill("{{a}} and {{b}} and {{c}}", &[("a", "{{b}}"), ("b", "B")]);
    assert_eq!(filled, "{{b}} and B and {{c}}");
}

#[test]
fn headings_in_descriptions_become_bold_lines() {
    assert_eq!(
        block("Intro.\n### Part\nText.\n```\n# not a heading\n```"),
        "Intro.\n**Part**\n\nText.\n```text\n# not a heading\n```"
    );
}

#[test]
fn hidden_lines_are_left_out_of_examples() {
    assert_eq!(
        strip_hidden_lines("use x;\n# async fn f() {\nlet a = 1;\n#[derive(Debug)]\n#\n# }"),
        "use x;\nlet a = 1;\n#[derive(Debug)]"
    );
}

/// Every page: the header, no placeholder left, tables with the same
/// number of cells in every row, and links that lead to a page and a heading.
#[test]
fn pages_are_well_formed_and_links_resolve() {
    for service in services() {
        let (api, pages) = pages_of(&service);
        let label = &service.spec_label;
        let models = api
            .types
            .defs
            .iter()
            .filter(|d| d.merged_into.is_none())
            .count();
        let model_pages = pages.keys().filter(|p| p.starts_with("models/")).count();
        assert_eq!(model_pages, models, "{label}: one page per model");
        for (path, page) in &pages {
            assert!(page.starts_with("<!-- @generated by "), "{label} {path}");
            assert!(page.ends_with("-->\n") || page.ends_with('\n'));
            assert!(!page.contains("{{"), "{label} {path}: placeholder left");
            check_tables(label, path, page);
            check_links(label, path, page, &pages);
        }
    }
}

fn check_tables(label: &str, path: &str, page: &str) {
    let mut columns = None;
    for line in page.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let mut cells = 0;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '|' && prev != '\\' {
                cells += 1;
            }
            prev = c;
        }
        match columns {
            None => columns = Some(cells),
            Some(n) => assert_eq!(n, cells, "{label} {path}: ragged row {line}"),
        }
    }
}

fn anchors(page: &str) -> BTreeSet<String> {
    let mut in_fence = false;
    let mut out = BTreeSet::new();
    for line in page.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && let Some(h) = heading_text(line) {
            out.insert(slug(&h.replace('`', "")));
        }
    }
    out
}

fn check_links(label: &str, path: &str, page: &str, pages: &BTreeMap<String, String>) {
    let dir = path
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let mut in_fence = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        for (i, _) in line.match_indices("](") {
            let rest = &line[i + 2..];
            let target = &rest[..rest.find(')').expect("closed link")];
            if target.starts_with("http") {
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            let resolved = if file.is_empty() {
                path.to_string()
            } else if let Some(up) = file.strip_prefix("../") {
                up.to_string()
            } else {
                format!("{dir}{file}")
            };
            let linked = pages
                .get(&resolved)
                .unwrap_or_else(|| panic!("{label} {path}: link to missing {resolved}"));
            if !anchor.is_empty() {
                assert!(
                    anchors(linked).contains(anchor),
                    "{label} {path}: no heading #{anchor} in {resolved}"
                );
            }
        }
    }
}

/// A function of the generated code: its (argument, type) pairs and output.
type EmittedFn = (Vec<(String, String)>, String);

/// What the pages say about each method matches the generated code: the
/// arguments, the setters, what `send()` returns and the error variants.
#[test]
fn signatures_match_the_generated_code() {
    let norm = |s: &str| {
        let mut s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        for (from, to) in [
            ("std::collections::BTreeMap", "BTreeMap"),
            ("super::types::", ""),
            ("types::", ""),
            ("runtime::Error", "Error"),
        ] {
            s = s.replace(from, to);
        }
        // prettyplease leaves trailing commas in long generic lists.
        s.replace(",>", ">").replace(",)", ")")
    };
    let tokens = |t: &dyn ToTokens| norm(&t.to_token_stream().to_string());
    for service in services() {
        let (api, _) = pages_of(&service);
        let ctx = DocsContext {
            service_name: &service.name,
            module_path: "generated::x",
            feature: "x",
            spec_label: "x",
            generated_by: "x",
        };
        let docs = Docs::new(&api, &ctx);
        let source = crate::emit::render(super::super::operations::operations_module(&api, None))
            .expect("renders");
        let file = syn::parse_file(&source).expect("parses");
        // fn name -> (arguments, output), per impl block's type.
        let mut fns: BTreeMap<(String, String), EmittedFn> = BTreeMap::new();
        let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for item in &file.items {
            match item {
                syn::Item::Impl(imp) => {
                    let owner = tokens(&imp.self_ty);
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            let args = f
                                .sig
                                .inputs
                                .iter()
                                .filter_map(|a| match a {
                                    syn::FnArg::Typed(t) => Some((tokens(&t.pat), tokens(&t.ty))),
                                    syn::FnArg::Receiver(_) => None,
                                })
                                .collect();
                            let out = match &f.sig.output {
                                syn::ReturnType::Type(_, ty) => tokens(ty),
                                syn::ReturnType::Default => "()".into(),
                            };
                            fns.insert((owner.clone(), f.sig.ident.to_string()), (args, out));
                        }
                    }
                }
                syn::Item::Enum(e) => {
                    enums.insert(
                        e.ident.to_string(),
                        e.variants.iter().map(|v| v.ident.to_string()).collect(),
                    );
                }
                _ => {}
            }
        }
        let label = &service.spec_label;
        for op in &api.operations {
            let sig = docs.signature(op);
            let builder = op.type_name.clone();
            let normed = |list: &[(String, String)]| -> Vec<(String, String)> {
                list.iter().map(|(n, t)| (n.clone(), norm(t))).collect()
            };
            let (args, out) = &fns[&("Client".to_string(), op.name.clone())];
            let args: Vec<(String, String)> = args
                .iter()
                .map(|(n, t)| (bare(n).to_string(), t.clone()))
                .collect();
            assert_eq!(args, normed(&sig.args), "{label} {}", op.name);
            assert_eq!(out, &builder, "{label} {}", op.name);
            for (name, ty) in &sig.setters {
                // Setters are named like their parameter (raw where it is a keyword).
                let ident = op
                    .parameters
                    .iter()
                    .find(|p| bare(&p.name) == name)
                    .map_or_else(|| name.clone(), |p| p.name.clone());
                let key = (builder.clone(), ident);
                let (args, _) = fns
                    .get(&key)
                    .unwrap_or_else(|| panic!("{label}: no setter {key:?}"));
                assert_eq!(args[0].1, norm(ty), "{label} {} .{name}()", op.name);
            }
            let (_, send) = &fns[&(builder.clone(), "send".to_string())];
            assert_eq!(
                send,
                &norm(&format!("Result<{}, Error<{builder}Error>>", sig.success)),
                "{label} {}",
                op.name
            );
            let outcome = Outcome::of(&docs, op);
            let mut variants: Vec<String> = outcome.errors.values().flatten().cloned().collect();
            variants.push("UnexpectedStatus".into());
            variants.sort();
            let mut emitted = enums[&format!("{builder}Error")].clone();
            emitted.sort();
            assert_eq!(emitted, variants, "{label} {}: error variants", op.name);
            if let Success::Variants { variants } = &outcome.success {
                let mut ours: Vec<String> = variants.iter().map(|(_, v, _)| v.clone()).collect();
                ours.sort();
                let mut emitted = enums[&format!("{builder}Response")].clone();
                emitted.sort();
                assert_eq!(emitted, ours, "{label} {}: response variants", op.name);
            }
        }
    }
}
