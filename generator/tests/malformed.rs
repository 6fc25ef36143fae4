//! Bad input: every spec under `tests/malformed/` (each with one defect) goes
//! through the whole pipeline, and the outcome is checked against the table
//! below: one clear error naming the file and the place, or success with one
//! warning per odd thing, each with its place. Never a panic. The files under
//! `tests/fuzz-regressions/` (inputs that once crashed the fuzzer, `cargo xtask
//! fuzz`) must give a clean error or success too.

use oagen::manifest::{CrateSpec, ServiceSpec};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// A one-service crate for `spec`, as `oagen generate` builds one.
fn crate_for(spec: &Path) -> CrateSpec {
    CrateSpec {
        name: "malformed".into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![ServiceSpec {
            name: "api".into(),
            spec: spec.to_path_buf(),
            spec_label: spec.display().to_string(),
            module: "api".into(),
            feature: "api".into(),
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "oagen generate".into(),
    }
}

/// What a file must give.
enum Outcome {
    /// An error whose text (`file:line:col: at pointer: message (hint: ...)`)
    /// holds every substring.
    Fails(&'static [&'static str]),
    /// Success, with exactly these warnings (each list of substrings matches
    /// one warning, printed as the CLI prints it: `file:line:col: at pointer:
    /// message`), and generated code that holds every string of `code`.
    Generates {
        warnings: &'static [&'static [&'static str]],
        code: &'static [&'static str],
    },
}

use Outcome::{Fails, Generates};

const fn ok(warnings: &'static [&'static [&'static str]]) -> Outcome {
    Generates {
        warnings,
        code: &[],
    }
}

/// file → what it must give. Line and column are part of the expectation
/// wherever the parser or the locator knows them.
const CASES: &[(&str, Outcome)] = &[
    // --- Not a spec at all: the bytes and the syntax.
    ("empty.yaml", Fails(&["empty.yaml: the file is empty"])),
    (
        "whitespace-only.yaml",
        Fails(&["whitespace-only.yaml: the file is empty"]),
    ),
    (
        "non-utf8.yaml",
        Fails(&[
            "non-utf8.yaml:3:13: the file is not valid UTF-8",
            "hint: save the spec as UTF-8",
        ]),
    ),
    (
        "invalid-yaml.yaml",
        Fails(&["invalid-yaml.yaml:9:16: invalid YAML: did not find expected ',' or ']'"]),
    ),
    (
        "yaml-tab-indent.yaml",
        Fails(&[
            "yaml-tab-indent.yaml:3:1: invalid YAML",
            "tabs for indentation",
        ]),
    ),
    (
        "invalid-json.json",
        Fails(&["invalid-json.json:5:1: invalid JSON: trailing comma"]),
    ),
    (
        "truncated.json",
        Fails(&["truncated.json:6:1: invalid JSON: EOF while parsing an object"]),
    ),
    (
        "duplicate-keys.yaml",
        Fails(&[
            "duplicate-keys.yaml:10:9: invalid YAML",
            "duplicate key `200`",
            "hint: a key may appear once",
        ]),
    ),
    (
        "duplicate-keys.json",
        Fails(&["duplicate-keys.json:5:9: invalid JSON: duplicate key `paths`"]),
    ),
    (
        "yaml-alias-bomb.yaml",
        Fails(&[
            "yaml-alias-bomb.yaml: invalid YAML: repetition limit exceeded",
            "alias bomb",
        ]),
    ),
    (
        "deep-10000.json",
        Fails(&[
            "deep-10000.json:1:158: invalid JSON: recursion limit exceeded",
            "128 levels",
        ]),
    ),
    (
        "deep-10000.yaml",
        Fails(&[
            "deep-10000.yaml:4:136: invalid YAML: recursion limit exceeded",
            "128 levels",
        ]),
    ),
    (
        "deep-block.yaml",
        Fails(&["deep-block.yaml:132:129: invalid YAML: recursion limit exceeded"]),
    ),
    // --- Not an OpenAPI document, or not a version we read.
    (
        "top-level-array.json",
        Fails(&["top-level-array.json:1:1: at #: the document is not a mapping"]),
    ),
    (
        "top-level-list.yaml",
        Fails(&["top-level-list.yaml:1:1: at #: the document is not a mapping"]),
    ),
    (
        "top-level-string.json",
        Fails(&["top-level-string.json:1:1: at #: the document is not a mapping"]),
    ),
    (
        "missing-version.yaml",
        Fails(&[
            "missing-version.yaml:1:1: at #: no `openapi` or `swagger` field",
            "hint: add `openapi: 3.0.3`",
        ]),
    ),
    (
        "not-openapi.json",
        Fails(&["not-openapi.json:1:1: at #: no `openapi` or `swagger` field"]),
    ),
    (
        "openapi-3.5.yaml",
        Fails(&[
            "openapi-3.5.yaml:1:1: at #/openapi: unsupported OpenAPI version `3.5.0`",
            "hint: Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1",
        ]),
    ),
    (
        "swagger-1.2.yaml",
        Fails(&["swagger-1.2.yaml:1:1: at #/swagger: unsupported Swagger version `1.2`"]),
    ),
    (
        "openapi-number-4.yaml",
        Fails(&["openapi-number-4.yaml:1:1: at #/openapi: unsupported OpenAPI version `4`"]),
    ),
    (
        "openapi-bool.yaml",
        Fails(&["openapi-bool.yaml:1:1: at #/openapi: unsupported OpenAPI version `true`"]),
    ),
    (
        "openapi-number-3.0.yaml",
        ok(&[&[
            "openapi-number-3.0.yaml:1:1: at #/openapi: `openapi: 3.0` is a number",
            "taken as \"3.0\"",
        ]]),
    ),
    // --- Sections of the wrong kind.
    (
        "paths-list.yaml",
        Fails(&[
            "paths-list.yaml:3:1: at #/paths: `paths` must be a mapping, not a list",
            "hint: write `paths:` as a mapping",
        ]),
    ),
    (
        "paths-string.json",
        Fails(&["paths-string.json:4:12: at #/paths: `paths` must be a mapping, not a string"]),
    ),
    (
        "path-item-list.yaml",
        Fails(&[
            "path-item-list.yaml:4:3: at #/paths/~1pets: the path item `/pets` must be a mapping, not a list",
        ]),
    ),
    (
        "operation-string.yaml",
        Fails(&[
            "operation-string.yaml:5:5: at #/paths/~1pets/get: the operation `GET /pets` must be a mapping, not a string",
        ]),
    ),
    (
        "components-list.yaml",
        Fails(&[
            "components-list.yaml:4:1: at #/components: `components` must be a mapping, not a list",
        ]),
    ),
    (
        "schemas-list.yaml",
        Fails(&[
            "schemas-list.yaml:5:3: at #/components/schemas: `components.schemas` must be a mapping, not a list",
        ]),
    ),
    // --- References.
    (
        "dangling-schema-ref.yaml",
        ok(&[&[
            "dangling-schema-ref.yaml:13:17: at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
            "`$ref: #/components/schemas/Pets` points at a schema that does not exist",
            "did you mean #/components/schemas/Pet?",
        ]]),
    ),
    (
        "dangling-schema-ref.json",
        ok(&[&[
            "dangling-schema-ref.json:7:66: at #/components/schemas/Order/properties/pet/$ref",
            "did you mean #/components/schemas/Pet?",
        ]]),
    ),
    (
        "dangling-parameter-ref.yaml",
        Fails(&[
            "dangling-parameter-ref.yaml:8:9: at #/paths/~1pets/get/parameters/0/$ref",
            "`$ref: #/components/parameters/Limt` points at nothing",
            "hint: did you mean #/components/parameters/Limit?",
        ]),
    ),
    (
        "dangling-response-ref.json",
        Fails(&[
            "dangling-response-ref.json:8:39: at #/paths/~1pets/get/responses/404/$ref",
            "hint: did you mean #/components/responses/NotFound?",
        ]),
    ),
    (
        "dangling-request-body-ref.yaml",
        Fails(&[
            "dangling-request-body-ref.yaml:8:9: at #/paths/~1pets/post/requestBody/$ref",
            "`$ref: #/components/requestBodies/NewPet` points at nothing",
            "hint: did you mean #/components/requestBodies/Pet?",
        ]),
    ),
    (
        "swagger2-dangling-parameter-ref.yaml",
        Fails(&[
            "swagger2-dangling-parameter-ref.yaml:8:9: at #/paths/~1pets/get/parameters/0/$ref",
            "hint: did you mean #/parameters/offset?",
        ]),
    ),
    (
        "parameter-ref-loop.yaml",
        Fails(&[
            "parameter-ref-loop.yaml:8:9: at #/paths/~1pets/get/parameters/0/$ref",
            "`$ref`s loop: #/components/parameters/A → #/components/parameters/B → #/components/parameters/A",
        ]),
    ),
    // Recursive types are fine: no error, no warning.
    (
        "schema-ref-cycle.yaml",
        Generates {
            warnings: &[],
            code: &["pub struct Node", "pub struct Other"],
        },
    ),
    (
        "dangling-external-file.yaml",
        Fails(&[
            "dangling-external-file.yaml:13:17: at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
            "`$ref: parts/no-such-file.yaml#/Pet`: parts/no-such-file.yaml: cannot read the file",
            "hint: the path is taken relative to the folder of",
        ]),
    ),
    (
        "external-missing-fragment.yaml",
        Fails(&[
            "external-missing-fragment.yaml:8:9: at #/paths/~1pets/get/parameters/0/$ref",
            "points at `#/Limt`, which parts/pet.yaml does not have",
            "hint: did you mean #/Limit?",
        ]),
    ),
    (
        "external-ref-loop.yaml",
        Fails(&[
            "parts/loop-a.yaml:2:3: at #/Limit/$ref: `$ref: loop-b.yaml#/Limit` leads into a loop of files",
        ]),
    ),
    (
        "external-ref-ok.yaml",
        Generates {
            warnings: &[],
            code: &["pub struct Pet", "limit"],
        },
    ),
    // Percent-encoded `$ref`s: the file was not found, the local schema
    // fell back to JSON with a warning.
    (
        "percent-encoded-refs.yaml",
        Generates {
            warnings: &[],
            code: &["pub struct Pet", "pub struct MyPet", "limit"],
        },
    ),
    (
        "remote-ref.yaml",
        Fails(&[
            "remote-ref.yaml:13:17: at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
            "is a URL; remote references are not followed",
        ]),
    ),
    // --- Odd but usable: one warning each, with its place.
    (
        "no-responses.yaml",
        ok(&[&["no-responses.yaml:5:5: at #/paths/~1pets/get: the operation has no `responses`"]]),
    ),
    (
        "undeclared-path-parameter.yaml",
        ok(&[&[
            "undeclared-path-parameter.yaml:5:5: at #/paths/~1pets~1{petId}/get: path parameter `petId` is not declared",
        ]]),
    ),
    (
        "unused-path-parameter.yaml",
        ok(&[&[
            "unused-path-parameter.yaml:8:9: at #/paths/~1pets/get/parameters/0: path parameter `petId` does not appear in the path `/pets`",
        ]]),
    ),
    (
        "duplicate-operation-id.yaml",
        Generates {
            warnings: &[&[
                "duplicate-operation-id.yaml:11:7: at #/paths/~1stores/get/operationId: operationId `getThing` is also used at #/paths/~1pets/get",
            ]],
            code: &["pub fn get_thing(&self)", "pub fn get_thing2(&self)"],
        },
    ),
    (
        "enum-duplicates.yaml",
        ok(&[
            &[
                "enum-duplicates.yaml:8:7: at #/components/schemas/Color/enum: the enum lists `red` more than once",
            ],
            &[
                "enum-duplicates.yaml:11:7: at #/components/schemas/Level/enum: the enum lists `1` more than once",
            ],
        ]),
    ),
    (
        "security-undefined-scheme.yaml",
        ok(&[
            &[
                "security-undefined-scheme.yaml:4:3: at #/security/0/apiKy: security requirement names `apiKy`",
                "did you mean `apiKey`?",
            ],
            &[
                "security-undefined-scheme.yaml:10:9: at #/paths/~1pets/get/security/0/oauth: security requirement names `oauth`",
            ],
        ]),
    ),
    (
        "server-variables-no-default.yaml",
        ok(&[
            &[
                "server-variables-no-default.yaml:6:7: at #/servers/0/variables/region: server variable `region`",
                "the first `enum` value `eu` is used",
            ],
            &[
                "server-variables-no-default.yaml:8:7: at #/servers/0/variables/version: server variable `version`",
                "has no `default`",
            ],
        ]),
    ),
    (
        "operation-id-number.yaml",
        ok(&[
            &[
                "operation-id-number.yaml:6:7: at #/paths/~1pets/get/operationId: operationId `42` is a number",
            ],
            &["operation-id-number.yaml:10:5: at #/paths/~1stores/get: no operationId"],
        ]),
    ),
    (
        "swagger2-body-without-schema.yaml",
        ok(&[&[
            "swagger2-body-without-schema.yaml:8:9: at #/paths/~1pets/post/parameters/0: body parameter `pet` has no `schema`",
        ]]),
    ),
    (
        "paths-without-slash.yaml",
        ok(&[
            &[
                "paths-without-slash.yaml:4:3: at #/paths/pets: path `pets` does not start with `/`, and `/pets` is a path too",
            ],
            &[
                "paths-without-slash.yaml:14:3: at #/paths/: path `` does not start with `/`: taken as `/`",
            ],
        ]),
    ),
    // Names that are empty, only symbols or keywords still make identifiers.
    (
        "odd-operation-ids.yaml",
        Generates {
            warnings: &[&["odd-operation-ids.yaml:5:5: at #/paths/~1a/get: no operationId"]],
            code: &[
                "pub fn r#fn(&self)",
                "pub fn self_(&self)",
                "pub fn r#gen(&self)",
                "pub fn super_(&self)",
            ],
        },
    ),
    (
        "odd-schema-names.yaml",
        Generates {
            warnings: &[],
            code: &["pub struct Type", "pub struct StringModel"],
        },
    ),
    (
        "odd-property-names.yaml",
        Generates {
            warnings: &[],
            code: &["pub r#type:", "pub self_:", "pub crate_:"],
        },
    ),
    // `{}` names no parameter: it is sent as written (it was dropped).
    (
        "odd-parameter-names.yaml",
        ok(&[&[
            "odd-parameter-names.yaml:4:3: at #/paths/~1items~1{type}~1{}: the path `/items/{type}/{}` has a brace that is not part of a `{name}` placeholder",
        ]]),
    ),
    // Braces outside `{name}` placeholders are sent as written, and warned about.
    (
        "path-braces.yaml",
        Generates {
            warnings: &[
                &[
                    "path-braces.yaml:4:3: at #/paths/~1c~1d}: the path `/c/d}` has a brace that is not part of a `{name}` placeholder: it is sent as written",
                ],
                &["path-braces.yaml:9:3: at #/paths/~1a~1{b: the path `/a/{b`"],
                &["path-braces.yaml:14:3: at #/paths/~1x~1{}~1y: the path `/x/{}/y`"],
                &["path-braces.yaml:19:3: at #/paths/~1p~1{id}~1q}: the path `/p/{id}/q}`"],
            ],
            code: &[
                r#""/c/d}".to_owned()"#,
                r#""/a/{b".to_owned()"#,
                r#""/x/{}/y".to_owned()"#,
                r#"format!("/p/{}/q}}", runtime::path_param(& self.id))"#,
            ],
        },
    ),
    // Keywords of the wrong type, numbers out of range, odd codes, BOMs: repaired.
    // Fallbacks are warnings too, each with its place.
    (
        "schema-keywords-wrong-types.yaml",
        ok(&[
            &[
                "schema-keywords-wrong-types.yaml:9:5: at #/components/schemas/D: fallback: `$ref: #` does not lead to a schema",
            ],
            &[
                "schema-keywords-wrong-types.yaml:10:5: at #/components/schemas/E: fallback: `$ref: #/paths` does not lead to a schema",
            ],
            &[
                "schema-keywords-wrong-types.yaml:11:5: at #/components/schemas/F: fallback: `not` schemas cannot be typed",
            ],
        ]),
    ),
    ("huge-numbers.yaml", ok(&[])),
    ("status-codes-odd.yaml", ok(&[])),
    ("parameters-malformed.yaml", ok(&[])),
    ("json-with-bom.json", ok(&[])),
    // Names that would make file names too long for a file system.
    ("long-tag.yaml", ok(&[])),
    (
        "deep-inline-schemas.json",
        Generates {
            warnings: &[],
            code: &["pub enum DeepVariant0"],
        },
    ),
    (
        "openapi-31-odd.yaml",
        ok(&[&[
            "openapi-31-odd.yaml:20:9: at #/components/schemas/Pet/properties/none: fallback: `not` schemas cannot be typed",
        ]]),
    ),
    // --- What the client cannot keep or send as written: said, with the place.
    (
        "discriminator-mapping-missing.yaml",
        ok(&[
            &[
                "discriminator-mapping-missing.yaml:21:9: at #/components/schemas/Pet/discriminator/mapping",
                "`bird` maps to `#/components/schemas/Bird`, a schema that does not exist",
                "decodes as `Unknown`",
            ],
            &[
                "discriminator-mapping-missing.yaml:21:9:",
                "`fish` maps to `#/components/schemas/Fish`, a schema that is not one of the union's members",
            ],
        ]),
    ),
    (
        "required-without-property.yaml",
        ok(&[&[
            "required-without-property.yaml:17:7: at #/components/schemas/Pet/required: `required` names `nmae`, which `properties` does not declare",
            "a value there is not kept",
        ]]),
    ),
    (
        "schema-alias-loop.yaml",
        Generates {
            warnings: &[&[
                "schema-alias-loop.yaml:15:5: at #/components/schemas/A: fallback: `$ref`s lead from this schema back to itself",
                "any JSON value is accepted there",
            ]],
            code: &["pub type A = serde_json::Value;", "pub type B = A;"],
        },
    ),
    (
        "path-query-and-fragment.yaml",
        Generates {
            warnings: &[
                &[
                    "path-query-and-fragment.yaml:4:3: at #/paths/~1search?kind=all: path `/search?kind=all` holds a query (`?kind=all`)",
                    "sent as written",
                ],
                &[
                    "path-query-and-fragment.yaml:11:3: at #/paths/~1files#download: path `/files#download` holds a fragment (`#download`)",
                    "sent to `/files`",
                ],
            ],
            code: &["\"/search?kind=all\".to_owned()", "\"/files\".to_owned()"],
        },
    ),
    (
        "required-not-boolean.yaml",
        ok(&[
            &[
                "required-not-boolean.yaml:10:11: at #/paths/~1pets~1{c}/post/parameters/0/required: `required: \"yes\"` is a string, not a boolean: taken as `true`",
            ],
            &[
                "required-not-boolean.yaml:14:11: at #/paths/~1pets~1{c}/post/parameters/1/required: `required: [\"b\"]` is a list",
                "taken as `false`",
            ],
            &[
                "required-not-boolean.yaml:21:9: at #/paths/~1pets~1{c}/post/requestBody/required: `required: \"false\"` is a string, not a boolean: taken as `false`",
            ],
        ]),
    ),
    (
        "parameter-style-unsupported.yaml",
        ok(&[
            &[
                "parameter-style-unsupported.yaml:11:11: at #/paths/~1pets~1{id}/get/parameters/0/style: parameter `id` has `style: matrix`",
                "sent in the `simple` style",
            ],
            &[
                "parameter-style-unsupported.yaml:15:11: at #/paths/~1pets~1{id}/get/parameters/1/style: parameter `tags` has `style: simple`",
                "sent in the `form` style",
            ],
            &[
                "parameter-style-unsupported.yaml:19:11: at #/paths/~1pets~1{id}/get/parameters/2/content: parameter `filter` is described as `application/json` content",
            ],
        ]),
    ),
    (
        "header-name-invalid.yaml",
        ok(&[&[
            "header-name-invalid.yaml:8:9: at #/paths/~1pets/get/parameters/0/name: `X Request Id` is not a valid HTTP header name",
        ]]),
    ),
    (
        "response-ref-to-request-body.yaml",
        Generates {
            warnings: &[
                &[
                    "response-ref-to-request-body.yaml:9:9: at #/paths/~1pets/post/responses/200: `$ref: #/components/requestBodies/Pet` is a request body where a response belongs",
                ],
                &[
                    "response-ref-to-request-body.yaml:10:9: at #/paths/~1pets/post/responses/400: `$ref: #/components/requestBodies/Pet` is a request body",
                ],
            ],
            code: &["BadRequest(types::PetBody)", "types::PetBody,"],
        },
    ),
    (
        "response-ref-to-schema.yaml",
        Fails(&[
            "response-ref-to-schema.yaml:8:9: at #/paths/~1pets/get/responses/200: `$ref: #/components/schemas/Pet` should point into `#/components/responses/`",
        ]),
    ),
    (
        "merge-key-not-a-mapping.yaml",
        Fails(&[
            "merge-key-not-a-mapping.yaml:9:9: invalid YAML",
            "the value of a merge key `<<` must be a mapping",
        ]),
    ),
    (
        "merge-keys.yaml",
        Generates {
            warnings: &[
                // Found where the anchor the parameter merges is written.
                &[
                    "merge-keys.yaml:5:5: at #/paths/~1pets/get/parameters/0/name: `X Trace` is not a valid HTTP header name",
                ],
                &[
                    "merge-keys.yaml:27:7: at #/components/schemas/Pet/required: `required` names `tag`",
                ],
            ],
            code: &["pub name: String,", "pub id: Option<i64>,"],
        },
    ),
];

/// Runs `f` on a thread with the main thread's stack size (8 MiB, as the
/// CLI has), turning a panic into an error message.
fn isolated<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let handle = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .expect("spawns a thread");
    handle.join().map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into())
    })
}

/// The warnings (fallbacks included) as the CLI prints them:
/// `file:line:col: at pointer: message`.
fn rendered_warnings(spec: &Path, generated: &oagen::GeneratedCrate) -> Vec<String> {
    let label = spec.file_name().unwrap().to_string_lossy().into_owned();
    generated
        .reports
        .iter()
        .flat_map(|r| r.warning_lines(&label, spec))
        .collect()
}

/// Checks one file against its expected outcome; the problems found.
fn check_case(file: &str, outcome: &Outcome) -> Vec<String> {
    let spec = dir("malformed").join(file);
    let run_spec = spec.clone();
    let result = isolated(move || oagen::generate_crate(&crate_for(&run_spec), true));
    let mut problems = Vec::new();
    let result = match result {
        Ok(result) => result,
        Err(panic) => return vec![format!("{file}: panicked: {panic}")],
    };
    match (outcome, result) {
        (Fails(wanted), Err(e)) => {
            let text = e.to_string();
            for w in *wanted {
                if !text.contains(w) {
                    problems.push(format!("{file}: the error lacks {w:?}:\n    {text}"));
                }
            }
        }
        (Fails(_), Ok(_)) => problems.push(format!("{file}: generated, but should have failed")),
        (Generates { .. }, Err(e)) => problems.push(format!("{file}: failed: {e}")),
        (Generates { warnings, code }, Ok(generated)) => {
            let got = rendered_warnings(&spec, &generated);
            for wanted in *warnings {
                let matching = got
                    .iter()
                    .filter(|g| wanted.iter().all(|w| g.contains(w)))
                    .count();
                if matching != 1 {
                    problems.push(format!(
                        "{file}: {matching} warnings match {wanted:?}, not 1; got:\n    {}",
                        got.join("\n    ")
                    ));
                }
            }
            if got.len() != warnings.len() {
                problems.push(format!(
                    "{file}: {} warnings, {} expected:\n    {}",
                    got.len(),
                    warnings.len(),
                    got.join("\n    ")
                ));
            }
            for path in generated.files.files.keys() {
                if path.split('/').any(|part| part.len() > 255) {
                    problems.push(format!("{file}: `{path}` is too long a file name"));
                }
            }
            let all: String = generated.files.files.values().map(String::as_str).collect();
            for c in *code {
                if !all.contains(c) {
                    problems.push(format!("{file}: the generated code lacks {c:?}"));
                }
            }
            problems.extend(refused_characters(file, &generated));
        }
    }
    problems
}

/// Characters no generated file may hold raw: rustc refuses those that
/// change the direction of text in any comment, and a lone carriage return
/// in a doc comment; other control characters have no business there
/// either. (Inside string literals they are written as escapes.)
fn refused_characters(file: &str, generated: &oagen::GeneratedCrate) -> Vec<String> {
    let refused = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    let mut problems = Vec::new();
    for (path, text) in &generated.files.files {
        for (number, line) in text.lines().enumerate() {
            if let Some(c) = line.chars().find(|c| refused(*c)) {
                problems.push(format!(
                    "{file}: {path}:{}: holds U+{:04X} raw: {line:?}",
                    number + 1,
                    u32::from(c)
                ));
                break;
            }
        }
    }
    problems
}

/// The fixture spec that puts direction controls and control characters in
/// every kind of text a spec has (the `fixtures` crate compiles it; here,
/// quickly, the generator's output is checked for them).
#[test]
fn text_rustc_refuses_never_reaches_the_output_raw() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../client-tests/fixture-specs/unusual-text.yaml");
    let generated = oagen::generate_crate(&crate_for(&spec), true).expect("generates");
    let problems = refused_characters("unusual-text.yaml", &generated);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let all: String = generated.files.files.values().map(String::as_str).collect();
    for escaped in [
        r"/// Unusual text \u{202e}evil\u{202c} and \u{2066}isolated\u{2069}",
        r#"RTl("r\u{202e}tl")"#,
        r#"#[serde(rename = "we\u{202e}ird""#,
        r"carriage return; a    tab; NUL \u{0} and escape \u{1b}",
        r"/// Create\u{0} an item \u{202e}",
        // The reference pages too.
        r"# Items \u{202e}",
    ] {
        assert!(all.contains(escaped), "lacks {escaped:?}");
    }
}

#[test]
fn every_malformed_spec_gives_its_expected_outcome() {
    let mut problems = Vec::new();
    for (file, outcome) in CASES {
        problems.extend(check_case(file, outcome));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_table_and_the_folder_agree() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir("malformed"))
        .expect("tests/malformed")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file in tests/malformed/ has one row"
    );
    assert!(listed.len() >= 45, "{} malformed specs", listed.len());
}

/// Inputs the fuzzer once crashed on: each must now give a clean error (one
/// that names the file) or generate.
#[test]
fn fuzz_regressions_do_not_panic() {
    let Ok(entries) = std::fs::read_dir(dir("fuzz-regressions")) else {
        return;
    };
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for spec in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
    {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let run_spec = spec.clone();
        let started = Instant::now();
        match isolated(move || oagen::generate_crate(&crate_for(&run_spec), true).map(|_| ())) {
            Err(panic) => problems.push(format!("{name}: panicked: {panic}")),
            Ok(Err(e)) if !e.to_string().contains(&name) => {
                problems.push(format!("{name}: the error does not name the file: {e}"))
            }
            Ok(_) => {}
        }
        if started.elapsed() > Duration::from_secs(60) {
            problems.push(format!("{name}: took {:.1?}", started.elapsed()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oagen-malformed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// 100,000 operations: generated here rather than committed. Each stage
/// must stay linear; the time is printed (`--nocapture`) and bounded loosely.
#[test]
fn a_hundred_thousand_operations() {
    let dir = temp_dir("100k");
    let spec = dir.join("big.json");
    let mut paths = oagen::serde_json::Map::new();
    for i in 0..100_000 {
        paths.insert(
            format!("/things/{i}"),
            oagen::serde_json::json!({"get": {
                // Every tenth operationId is repeated, so naming must number them.
                "operationId": if i % 10 == 0 { "getThing".to_string() } else { format!("getThing{i}x") },
                "responses": {"200": {"description": "ok"}}
            }}),
        );
    }
    let doc = oagen::serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "big", "version": "1"},
        "paths": paths,
    });
    std::fs::write(&spec, oagen::serde_json::to_vec(&doc).unwrap()).unwrap();
    let service = crate_for(&spec).services.remove(0);
    let started = Instant::now();
    let (api, _, parse_time, _) =
        isolated(move || oagen::generate::build_api(&service).expect("builds")).unwrap();
    let elapsed = started.elapsed();
    eprintln!(
        "100,000 operations: load, front-end, lowering and passes in {elapsed:.1?} (parsing {parse_time:.1?}), {} warnings",
        api.warnings.len()
    );
    assert_eq!(api.operations.len(), 100_000);
    let names: std::collections::HashSet<&str> =
        api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names.len(), 100_000, "every method has its own name");
    assert_eq!(
        api.warnings.len(),
        9_999,
        "one warning per repeated operationId"
    );
    // Quadratic work would take hours here; linear takes seconds (debug build).
    assert!(elapsed < Duration::from_secs(300), "took {elapsed:.1?}");

    // The whole pipeline, printing and writing included, in a process of its
    // own so that its peak memory is its alone (`--stats` reports it).
    let out = dir.join("crate");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(["generate", "--stats", "--out"])
        .arg(&out)
        .arg(&spec)
        .output()
        .expect("runs oagen");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stat = |key: &str| {
        stdout
            .lines()
            .filter(|l| l.starts_with("oagen-stats"))
            .flat_map(|l| l.split('\t'))
            .find_map(|field| field.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_owned)
    };
    eprintln!(
        "100,000 operations through the whole pipeline: {} ms, peak {} KiB",
        stat("generate_ms").unwrap_or_default(),
        stat("peak_kib").unwrap_or_default()
    );
    assert_eq!(stat("operations").as_deref(), Some("100000"));
    let operations = std::fs::read_to_string(out.join("src/big/operations/untagged.rs"))
        .expect("the operations are written");
    assert_eq!(operations.matches("pub async fn send(").count(), 100_000);
    // A bound on memory, not a timing: printing holds a chunk of syntax
    // trees at a time, never the whole file's (8.7 GB when it did).
    if let Some(peak_kib) = stat("peak_kib").and_then(|k| k.parse::<u64>().ok()) {
        assert!(peak_kib < 2 << 20, "peak memory {peak_kib} KiB");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The size limit: checked from the file's length before reading, and for
/// the files reached through `$ref`s too.
#[test]
fn specs_over_the_size_limit_are_refused() {
    let dir = temp_dir("size");
    // A sparse file one byte over the limit: no 256 MiB is written.
    let huge = dir.join("huge.yaml");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(oagen::load::MAX_SPEC_BYTES + 1).unwrap();
    drop(f);
    let started = Instant::now();
    let err = oagen::load::load(&huge).unwrap_err().to_string();
    assert!(
        err.contains("huge.yaml: the file is 268435457 bytes, more than the 256 MiB a spec may be"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused without reading"
    );
    // A lower limit, through the parameter.
    let small = dir_of_malformed("external-ref-ok.yaml");
    let err = oagen::load::load_with_limit(&small, 100)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("more than the 100 bytes a spec may be"),
        "{err}"
    );
    // The root fits, the file its `$ref`s reach does not.
    let root_len = std::fs::metadata(&small).unwrap().len();
    let err = oagen::load::load_with_limit(&small, root_len + 10)
        .unwrap_err()
        .to_string();
    assert!(err.contains("parts/pet.yaml"), "{err}");
    assert!(err.contains("a spec may be"), "{err}");
    assert!(oagen::load::load_with_limit(&small, root_len + 1000).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

fn dir_of_malformed(file: &str) -> PathBuf {
    dir("malformed").join(file)
}

/// Files that refer to each other, each nesting deeply, must not add up to a
/// document deep enough to threaten the stack of later stages.
#[test]
fn deep_chains_of_files_are_refused() {
    let dir = temp_dir("chain");
    for i in 0..4 {
        let mut inner = if i == 3 {
            oagen::serde_json::json!({"description": "end"})
        } else {
            oagen::serde_json::json!({"$ref": format!("part{}.json#/r", i + 1)})
        };
        for _ in 0..50 {
            inner = oagen::serde_json::json!({"headers": {"X": inner}});
        }
        let part = oagen::serde_json::json!({ "r": { "description": "d", "x-nest": {}, "content": inner } });
        std::fs::write(dir.join(format!("part{i}.json")), part.to_string()).unwrap();
    }
    let root = dir.join("root.yaml");
    std::fs::write(
        &root,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'part0.json#/r'}\n",
    )
    .unwrap();
    let err = oagen::load::load(&root).unwrap_err().to_string();
    assert!(err.contains("nests more than 256 levels deep"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
