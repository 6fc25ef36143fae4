//! `cargo xtask fuzz [--seconds N] [--seed S] [--corpus DIR] [--hang-seconds N]`:
//! fuzzing the generator on stable Rust, without cargo-fuzz.
//!
//! Seeds are the specs of the test corpus (`../shared/corpus`, read in place,
//! never copied; without it the repository's `specs/` and
//! `generator/tests/specs/`), plus the small malformed specs of
//! `generator/tests/malformed/`. Each execution takes a seed, cuts a large one
//! down to a few paths and the components they reach, mutates it as a JSON
//! value (deletes keys, swaps types, odd names, broken or looping `$ref`s,
//! repeated operationIds, deep nesting, huge numbers, subtrees spliced
//! elsewhere...) and now and then as text (bytes flipped, inserted, cut), then
//! runs it through the whole pipeline (load, front-end, lowering, passes,
//! emit: `oagen::generate_crate`) in-process, under `catch_unwind`, on a
//! thread with the main thread's large stack. Invalid Rust out of the emitter,
//! or an output path no file system takes, counts as a crash too.
//!
//! A panic is shrunk (subtrees deleted while the same panic remains) and
//! written to `generator/tests/fuzz-regressions/<hash>.json` (or `.yaml`),
//! which the `malformed` test runs. What `catch_unwind` cannot catch (a stack
//! overflow, an abort, running out of memory under the worker's memory limit,
//! a hang) is caught by the supervisor: the executions run in a worker
//! process that writes each input to `target/fuzz/` before running it; when
//! the worker dies or stops answering, the supervisor keeps that input as a
//! regression too and starts a new worker. Exits 1 if anything crashed.

use oagen::serde_json::{self, Map, Value, json};
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The worker's address-space limit: a mutant that makes the generator
/// allocate without bound fails there instead of taking the machine.
const WORKER_MEMORY_MIB: u64 = 6 * 1024;

/// The stack of the thread each execution runs on: the main thread's (8 MiB
/// on Linux), which `oagen` runs on, rather than a spawned thread's 2 MiB, so
/// that a stack overflow found here is one the CLI would hit too.
const STACK_BYTES: usize = 8 << 20;

/// Executions spent shrinking one panicking input.
const SHRINK_BUDGET: usize = 300;

/// The options, parsed in `cli.rs`.
use crate::cli::FuzzArgs as Options;

pub fn fuzz(root: &Path, options: &Options) -> ExitCode {
    // One folder per supervisor, so that runs side by side keep apart.
    let state = options
        .state
        .clone()
        .unwrap_or_else(|| root.join(format!("target/fuzz/run-{}", std::process::id())));
    if let Err(e) = std::fs::create_dir_all(&state) {
        eprintln!("error: {}: {e}", state.display());
        return ExitCode::FAILURE;
    }
    if options.worker {
        worker(root, options, &state)
    } else {
        let code = supervise(root, options, &state);
        let _ = std::fs::remove_dir_all(&state);
        code
    }
}

// ---------------------------------------------------------------------------
// Seeds

/// The seed files: the corpus if there is one, else the repository's specs;
/// the malformed specs always.
fn seed_files(root: &Path, corpus: Option<&Path>) -> (Vec<PathBuf>, String) {
    let corpus = corpus
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let mut files = Vec::new();
    let source = if corpus.is_dir() {
        collect_specs(&corpus, &mut files);
        format!("{} (the corpus)", corpus.display())
    } else {
        collect_specs(&root.join("specs"), &mut files);
        collect_specs(&root.join("generator/tests/specs"), &mut files);
        "specs/ and generator/tests/specs/ (no corpus folder)".to_string()
    };
    collect_specs(&root.join("generator/tests/malformed"), &mut files);
    files.sort();
    (files, source)
}

fn collect_specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_specs(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        {
            out.push(path);
        }
    }
}

struct Seed {
    name: String,
    /// The file's text, for byte-level mutations of small seeds.
    text: Option<String>,
    yaml: bool,
    /// The parsed (and bundled) document, when it parses.
    value: Option<Value>,
}

fn load_seeds(files: &[PathBuf]) -> Vec<Seed> {
    files
        .iter()
        .map(|file| {
            let text = std::fs::read(file).ok();
            let small_text = text
                .as_ref()
                .filter(|t| t.len() <= 64 * 1024)
                .map(|t| String::from_utf8_lossy(t).into_owned());
            Seed {
                name: file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text: small_text,
                yaml: file.extension().is_none_or(|e| e != "json"),
                value: oagen::load::load(file).ok().map(|l| l.document),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Randomness: splitmix64, seeded from `--seed`, so a run can be repeated.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Cutting a large seed down

/// A few paths of `doc` and, transitively, the components their `$ref`s
/// reach; the rest of the top level as it is.
fn cut_down(doc: &Value, rng: &mut Rng) -> Value {
    let Some(root) = doc.as_object() else {
        return doc.clone();
    };
    let sections = [
        "components",
        "definitions",
        "parameters",
        "responses",
        "webhooks",
    ];
    let mut out = Map::new();
    for (k, v) in root {
        if k != "paths" && !sections.contains(&k.as_str()) {
            out.insert(k.clone(), v.clone());
        }
    }
    let mut kept_paths = Map::new();
    if let Some(Value::Object(paths)) = root.get("paths") {
        let keys: Vec<&String> = paths.keys().collect();
        let want = 1 + rng.below(6);
        for _ in 0..want.min(keys.len()) {
            let k = *rng.pick(&keys);
            kept_paths.insert(k.clone(), paths[k].clone());
        }
    }
    // Pointers into the sections reached from what is kept.
    let mut reached: BTreeMap<String, Value> = BTreeMap::new();
    let mut todo = Vec::new();
    collect_refs(&Value::Object(kept_paths.clone()), &mut todo);
    if rng.chance(30) {
        // Now and then a few components nothing refers to.
        if let Some(Value::Object(schemas)) = root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .or_else(|| root.get("definitions"))
        {
            let base = if root.contains_key("definitions") {
                "#/definitions/"
            } else {
                "#/components/schemas/"
            };
            let keys: Vec<&String> = schemas.keys().collect();
            for _ in 0..3.min(keys.len()) {
                let key = rng.pick(keys.as_slice());
                todo.push(format!("{base}{}", escape(key)));
            }
        }
    }
    let mut seen = HashSet::new();
    while let Some(reference) = todo.pop() {
        if reached.len() > 200 || !seen.insert(reference.clone()) {
            continue;
        }
        let Some(fragment) = reference.strip_prefix('#') else {
            continue;
        };
        // Keep the whole entry (`/components/schemas/Pet`), not a part of it.
        let segments: Vec<&str> = fragment.split('/').collect();
        let depth = if segments.get(1) == Some(&"components") {
            4
        } else {
            3
        };
        let entry = segments[..depth.min(segments.len())].join("/");
        if let Some(v) = doc.pointer(&entry) {
            collect_refs(v, &mut todo);
            reached.insert(entry, v.clone());
        }
    }
    out.insert("paths".into(), Value::Object(kept_paths));
    for (pointer, v) in reached {
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        insert_at(&mut out, &segments, v);
    }
    if let Some(Value::Object(c)) = root.get("components")
        && let Some(schemes) = c.get("securitySchemes")
    {
        insert_at(
            &mut out,
            &["components".into(), "securitySchemes".into()],
            schemes.clone(),
        );
    }
    if let Some(defs) = root.get("securityDefinitions") {
        out.insert("securityDefinitions".into(), defs.clone());
    }
    Value::Object(out)
}

fn insert_at(obj: &mut Map<String, Value>, segments: &[String], v: Value) {
    match segments {
        [] => {}
        [last] => {
            obj.insert(last.clone(), v);
        }
        [first, rest @ ..] => {
            let child = obj
                .entry(first.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(child) = child {
                insert_at(child, rest, v);
            }
        }
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == "$ref"
                    && let Value::String(s) = child
                    && s.starts_with("#/")
                {
                    out.push(s.clone());
                }
                collect_refs(child, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------
// Structural mutations

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn all_paths(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(path.clone());
    match v {
        Value::Object(o) => {
            for (k, c) in o {
                path.push(Seg::Key(k.clone()));
                all_paths(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                all_paths(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(o)) => o.get_mut(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn get<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut cur = v;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(o)) => o.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn pointer_of(path: &[Seg]) -> String {
    let mut out = String::from("#");
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(k) => out.push_str(&escape(k)),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Names that break naive identifier making.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "type",
    "Self",
    "self",
    "super",
    "crate",
    "fn",
    "gen",
    "r#type",
    "_",
    "__",
    "123",
    "1st",
    "-",
    "+",
    "*",
    "-1",
    "a b",
    "a/b",
    "a~b",
    "~1",
    "{id}",
    "%20",
    "$ref",
    "#/components/schemas/Pet",
    "日本語",
    "émoji🙂",
    "\u{0}",
    "line\nbreak",
    "tab\there",
    "\"quoted\"",
    "back\\slash",
    "*/ /*",
    "```",
    "<script>",
    "String",
    "Result",
    "Option",
    "Client",
    "Error",
    "runtime",
    "builder",
    "send",
    "body",
    "new",
    "additional_properties",
    "Unknown",
    "null",
    "true",
    "GET",
    "application/json",
    "multipart/form-data",
    "text/event-stream",
    "2XX",
    "default",
];

const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "additionalProperties",
    "required",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "discriminator",
    "$ref",
    "const",
    "default",
    "example",
    "examples",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "multipleOf",
    "readOnly",
    "writeOnly",
    "in",
    "name",
    "style",
    "explode",
    "schema",
    "content",
    "responses",
    "parameters",
    "requestBody",
    "operationId",
    "security",
    "servers",
    "callbacks",
    "headers",
    "links",
    "tags",
    "prefixItems",
    "$defs",
    "patternProperties",
    "unevaluatedProperties",
    "webhooks",
    "x-nullable",
    "collectionFormat",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "any", "",
];

fn odd_string(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "x".repeat(1 + rng.below(400)),
        1 => format!("{}{}", rng.pick(ODD_NAMES), rng.pick(ODD_NAMES)),
        _ => rng.pick(ODD_NAMES).to_string(),
    }
}

fn huge_number(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => json!(u64::MAX),
        1 => json!(i64::MIN),
        2 => json!(1e308),
        3 => json!(-1e308),
        4 => json!(5e-324),
        5 => json!(-1),
        6 => json!(0),
        7 => json!(0.5),
        8 => json!(i64::MAX),
        _ => json!(u32::MAX as u64 + 1),
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => huge_number(rng),
        3 => Value::String(odd_string(rng)),
        4 => Value::String(rng.pick(TYPES).to_string()),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        6 => {
            let mut o = Map::new();
            for _ in 0..rng.below(4) {
                o.insert(rng.pick(KEYWORDS).to_string(), random_value(rng, depth + 1));
            }
            Value::Object(o)
        }
        _ => json!({"$ref": "#/components/schemas/Nope"}),
    }
}

/// Broken, looping or odd references.
fn odd_ref(rng: &mut Rng, doc: &Value, here: &str) -> String {
    let mut paths = Vec::new();
    all_paths(doc, &mut Vec::new(), &mut paths);
    match rng.below(12) {
        0 => "#/components/schemas/Nope".into(),
        1 => "#/definitions/Nope".into(),
        2 => "#".into(),
        3 => String::new(),
        4 => "other.yaml#/Pet".into(),
        5 => "https://example.com/pet.json#/Pet".into(),
        6 => here.to_string(), // itself
        7 => here
            .rsplit_once('/')
            .map(|(parent, _)| parent.to_string())
            .unwrap_or_default(), // its parent
        8 => "#/components/parameters/Nope".into(),
        9 => "#Pet".into(),
        10 => "../../../../etc/passwd".into(),
        _ => {
            let path: &Vec<Seg> = rng.pick(&paths);
            pointer_of(path) // anywhere at all
        }
    }
}

/// Applies one structural mutation; its name, for statistics.
fn mutate(doc: &mut Value, rng: &mut Rng) -> &'static str {
    let mut paths = Vec::new();
    all_paths(doc, &mut Vec::new(), &mut paths);
    let path = rng.pick(&paths).clone();
    let here = pointer_of(&path);
    let snapshot_for_refs = if rng.chance(50) {
        Some(doc.clone())
    } else {
        None
    };
    match rng.below(17) {
        0 => {
            // Delete a key or an item.
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = get_mut(doc, parent)
            {
                match (parent, last) {
                    (Value::Object(o), Seg::Key(k)) => {
                        o.shift_remove(k);
                    }
                    (Value::Array(a), Seg::Index(i)) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
            "delete"
        }
        1 => {
            if let Some(v) = get_mut(doc, &path) {
                *v = random_value(rng, 0);
            }
            "swap type"
        }
        2 => {
            // Rename a key to an odd name.
            if let Some((Seg::Key(k), parent)) = path.split_last()
                && let Some(Value::Object(o)) = get_mut(doc, parent)
                && let Some(v) = o.shift_remove(k)
            {
                o.insert(odd_string(rng), v);
            }
            "rename key"
        }
        3 => {
            if let Some(v) = get_mut(doc, &path) {
                *v = Value::String(odd_string(rng));
            }
            "odd string"
        }
        4 => {
            let base = snapshot_for_refs.unwrap_or_else(|| doc.clone());
            let reference = odd_ref(rng, &base, &here);
            if let Some(v) = get_mut(doc, &path) {
                *v = json!({ "$ref": reference });
            }
            "odd $ref"
        }
        5 => {
            // Two entries of one section that refer to each other.
            for section in [
                "/components/schemas",
                "/components/parameters",
                "/components/responses",
                "/components/requestBodies",
                "/definitions",
            ] {
                let keys: Vec<String> = doc
                    .pointer(section)
                    .and_then(Value::as_object)
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                if keys.len() >= 2 && rng.chance(50) {
                    let a = rng.pick(&keys).clone();
                    let b = rng.pick(&keys).clone();
                    if let Some(Value::Object(o)) = doc.pointer_mut(section) {
                        o.insert(
                            a.clone(),
                            json!({"$ref": format!("#{section}/{}", escape(&b))}),
                        );
                        o.insert(b, json!({"$ref": format!("#{section}/{}", escape(&a))}));
                    }
                    break;
                }
            }
            "$ref loop"
        }
        6 => {
            // Repeat operationIds.
            let id = if rng.chance(50) {
                "same".to_string()
            } else {
                odd_string(rng)
            };
            set_operation_ids(doc, &id, rng);
            "repeat operationId"
        }
        7 => {
            // Nest deeply, around the parsers' limit of 128.
            let levels = match rng.below(3) {
                0 => 1 + rng.below(20),
                1 => 100 + rng.below(40),
                _ => 1 + rng.below(130),
            };
            if let Some(v) = get_mut(doc, &path) {
                let mut inner = v.take();
                let wrapper = rng.below(6);
                for _ in 0..levels {
                    inner = match wrapper {
                        0 => json!({ "allOf": [inner] }),
                        1 => json!({ "type": "array", "items": inner }),
                        2 => json!({ "type": "object", "properties": { "a": inner } }),
                        3 => json!({ "oneOf": [inner, {"type": "string"}] }),
                        4 => json!({ "type": "object", "additionalProperties": inner }),
                        _ => json!([inner]),
                    };
                }
                *v = inner;
            }
            "nest"
        }
        8 => {
            // Huge numbers where numbers go.
            let key = *rng.pick(&[
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "minItems",
                "maxItems",
                "multipleOf",
                "default",
                "exclusiveMinimum",
                "enum",
            ]);
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                let n = huge_number(rng);
                o.insert(
                    key.into(),
                    if key == "enum" {
                        json!([n.clone(), n])
                    } else {
                        n
                    },
                );
            }
            "huge number"
        }
        9 => {
            // Splice a subtree somewhere else.
            let from = rng.pick(&paths).clone();
            let subtree = get(doc, &from).cloned();
            if let (Some(subtree), Some(v)) = (subtree, get_mut(doc, &path)) {
                *v = subtree;
            }
            "splice"
        }
        10 => {
            // Insert a keyword with a random value.
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                o.insert(rng.pick(KEYWORDS).to_string(), random_value(rng, 0));
            }
            "insert keyword"
        }
        11 => {
            let version =
                *rng.pick(&["2.0", "3.0.0", "3.0.3", "3.1.0", "3.2.0", "4.0", "1.2", "3"]);
            if let Some(o) = doc.as_object_mut() {
                o.shift_remove("openapi");
                o.shift_remove("swagger");
                let key = if version.starts_with('2') || version == "1.2" {
                    "swagger"
                } else {
                    "openapi"
                };
                let v = if rng.chance(20) {
                    version
                        .parse::<f64>()
                        .map(|f| json!(f))
                        .unwrap_or(json!(version))
                } else {
                    json!(version)
                };
                o.insert(key.into(), v);
            }
            "change version"
        }
        12 => {
            // Enums with repeated and odd values.
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                let values: Vec<Value> = (0..1 + rng.below(6))
                    .map(|_| match rng.below(3) {
                        0 => Value::String(odd_string(rng)),
                        1 => huge_number(rng),
                        _ => Value::Null,
                    })
                    .collect();
                let mut doubled = values.clone();
                doubled.extend(values);
                o.insert("enum".into(), Value::Array(doubled));
            }
            "odd enum"
        }
        13 => {
            // Types as 3.1 lists, or odd.
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                let t = if rng.chance(50) {
                    json!([rng.pick(TYPES), rng.pick(TYPES)])
                } else {
                    json!(rng.pick(TYPES))
                };
                o.insert("type".into(), t);
            }
            "odd type"
        }
        14 => {
            // Path templates and their parameters out of step.
            if let Some(Value::Object(paths)) = doc.get_mut("paths") {
                let keys: Vec<String> = paths.keys().cloned().collect();
                if !keys.is_empty() {
                    let k = rng.pick(&keys).clone();
                    if let Some(v) = paths.shift_remove(k.as_str()) {
                        let new_key = match rng.below(5) {
                            0 => format!("{k}/{{{}}}", odd_string(rng)),
                            1 => k.replace(['{', '}'], ""),
                            2 => format!("{k}/{{a}}/{{a}}"),
                            3 => odd_string(rng),
                            _ => format!("{k}/{{"),
                        };
                        paths.insert(new_key, v);
                    }
                }
            }
            "path template"
        }
        15 => {
            // Many copies of one item.
            if let Some(Value::Array(a)) = get_mut(doc, &path)
                && let Some(first) = a.first().cloned()
            {
                let n = 1 + rng.below(200);
                a.extend(std::iter::repeat_n(first, n));
            }
            "multiply"
        }
        _ => {
            // Security requirements naming what does not exist.
            if let Some(o) = doc.as_object_mut() {
                o.insert(
                    "security".into(),
                    json!([{ odd_string(rng): [odd_string(rng)] }, {}]),
                );
            }
            "odd security"
        }
    }
}

fn set_operation_ids(doc: &mut Value, id: &str, rng: &mut Rng) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        if let Value::Object(item) = item {
            for op in item.values_mut() {
                if let Value::Object(op) = op
                    && rng.chance(70)
                {
                    op.insert("operationId".into(), json!(id));
                }
            }
        }
    }
}

/// Byte-level damage to a text.
fn mutate_bytes(text: &mut Vec<u8>, rng: &mut Rng) {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "'",
        "- ",
        "\n",
        "\t",
        "  ",
        "&a ",
        "*a",
        "<<: *a",
        "!!binary ",
        "!!str ",
        "? ",
        "|\n",
        ">-\n",
        "---\n",
        "...\n",
        "#",
        "%YAML 1.1\n",
        "\\u0000",
        "\\ud800",
        "\u{feff}",
        "\r\n",
        "null",
        "1e999",
        "-0",
        "$ref: ",
        "\"$ref\": \"#\"",
    ];
    for _ in 0..1 + rng.below(4) {
        let len = text.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                text[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                let t = rng.pick(TOKENS).as_bytes();
                text.splice(i..i, t.iter().copied());
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(32.min(len - i));
                text.drain(i..i + n);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(64.min(len - i));
                let chunk: Vec<u8> = text[i..i + n].to_vec();
                let j = rng.below(len + 1);
                text.splice(j..j, chunk);
            }
            4 if len > 0 => text.truncate(rng.below(len)),
            _ => {
                let i = rng.below(len + 1);
                text.insert(i, (rng.next() & 0xff) as u8);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Running one input

/// What the panic hook saw last: where, and the message.
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

enum Outcome {
    Generated,
    /// Refused with an error: the kind of error (its message, shortened).
    Refused(String),
    /// A panic: where it happened, and its message.
    Panicked(String, String),
}

fn crate_for(spec: &Path) -> oagen::CrateSpec {
    oagen::CrateSpec {
        name: "fuzz".into(),
        version: "0.1.0".into(),
        output: PathBuf::from("unused"),
        services: vec![oagen::ServiceSpec {
            name: "fuzz".into(),
            spec: spec.to_path_buf(),
            spec_label: "fuzz".into(),
            module: "fuzz".into(),
            feature: "fuzz".into(),
            passes: Default::default(),
            rate_limit: None,
        }],
        generated_by: "cargo xtask fuzz".into(),
    }
}

/// The whole pipeline on `spec`, on a large stack, under `catch_unwind`.
fn run_one(spec: &Path) -> Outcome {
    let spec = spec.to_path_buf();
    let handle = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || {
            inject_fault();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                match oagen::generate_crate(&crate_for(&spec), true) {
                    Ok(generated) => {
                        check_paths(&generated.files);
                        None
                    }
                    // Invalid Rust out of any spec is the generator's fault.
                    Err(e) if e.to_string().contains("produced invalid Rust") => {
                        panic!("{e}")
                    }
                    Err(e) => Some(error_kind(&e)),
                }
            }))
        })
        .expect("spawns a thread");
    match handle.join() {
        Ok(Ok(None)) => Outcome::Generated,
        Ok(Ok(Some(kind))) => Outcome::Refused(kind),
        Ok(Err(_)) | Err(_) => {
            let (location, message) = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .unwrap_or_else(|| ("?".into(), "a panic".into()));
            Outcome::Panicked(location, message)
        }
    }
}

/// `OAGEN_FUZZ_INJECT=panic|abort|overflow|hang` makes every execution fail
/// so, to test the fuzzer's own machinery (each must end as a saved input).
fn inject_fault() {
    #[allow(unconditional_recursion)]
    fn overflow(n: u64) -> u64 {
        let pad = [n; 64];
        overflow(std::hint::black_box(pad)[0] + 1) + 1
    }
    match std::env::var("OAGEN_FUZZ_INJECT").as_deref() {
        Ok("panic") => panic!("injected panic"),
        Ok("abort") => std::process::abort(),
        Ok("overflow") => {
            overflow(0);
        }
        Ok("hang") => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        _ => {}
    }
}

/// A panic message without what changes from input to input: the file it
/// names, and names and numbers (as [`error_kind`] leaves them out).
fn crash_kind(message: &str) -> String {
    let tail = message.split(": the generator").last().unwrap_or(message);
    error_kind(&oagen::Error::Config(tail.to_string()))
}

/// An error's message with the particulars (names in backticks, numbers)
/// left out, so that errors of one kind count together.
fn error_kind(e: &oagen::Error) -> String {
    let message = match e {
        oagen::Error::Spec(d) => d.message.clone(),
        other => other.to_string(),
    };
    let mut out = String::new();
    let mut in_code = false;
    for c in message.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                if in_code {
                    out.push_str("`…`");
                }
            }
            _ if in_code => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.chars().take(70).collect()
}

/// What generating promises of its output, checked like a panic: every
/// file's path is relative, and each part a name a file system takes.
fn check_paths(files: &oagen::write::FileSet) {
    for path in files.files.keys() {
        for part in path.split('/') {
            assert!(
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part.len() <= 255
                    && !part.contains(['\0', '\\']),
                "the output path `{path}` cannot be written: its part `{part}` is not a file name"
            );
        }
    }
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "?".into());
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((location, message));
        }
    }));
}

/// FNV-1a: a stable name for an input.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The input files of the current execution, one per extension.
fn input_path(state: &Path, yaml: bool) -> PathBuf {
    state.join(if yaml { "input.yaml" } else { "input.json" })
}

fn write_input(state: &Path, bytes: &[u8], yaml: bool) -> PathBuf {
    let _ = std::fs::remove_file(input_path(state, !yaml));
    let path = input_path(state, yaml);
    std::fs::write(&path, bytes).expect("writes the fuzz input");
    path
}

/// JSON text, read as JSON, or (marked as YAML) read by the YAML parser.
fn render(doc: &Value, yaml: bool, rng: &mut Rng) -> Vec<u8> {
    let body = if rng.chance(50) {
        serde_json::to_vec_pretty(doc)
    } else {
        serde_json::to_vec(doc)
    }
    .unwrap_or_default();
    if yaml {
        // JSON is YAML's flow style; the comment sends it to the YAML parser.
        let mut out = b"# fuzz input\n".to_vec();
        out.extend(body);
        out
    } else {
        body
    }
}

/// Deletes subtrees of a panicking JSON input while it still panics at the
/// same place; returns the smallest input found.
fn shrink(state: &Path, doc: Value, yaml: bool, location: &str, message: &str) -> Vec<u8> {
    let mut rng = Rng(0);
    let mut best = doc;
    let mut tries = 0;
    let mut progress = true;
    while progress && tries < SHRINK_BUDGET {
        progress = false;
        let mut paths = Vec::new();
        all_paths(&best, &mut Vec::new(), &mut paths);
        // Shallow paths first: they remove the most.
        paths.sort_by_key(Vec::len);
        for path in paths.into_iter().skip(1) {
            if tries >= SHRINK_BUDGET {
                break;
            }
            let mut candidate = best.clone();
            let Some((last, parent)) = path.split_last() else {
                continue;
            };
            let removed = match (get_mut(&mut candidate, parent), last) {
                (Some(Value::Object(o)), Seg::Key(k)) => o.shift_remove(k).is_some(),
                (Some(Value::Array(a)), Seg::Index(i)) if *i < a.len() => {
                    a.remove(*i);
                    true
                }
                _ => false,
            };
            if !removed {
                continue;
            }
            tries += 1;
            let bytes = render(&candidate, yaml, &mut rng);
            let file = write_input(state, &bytes, yaml);
            if let Outcome::Panicked(at, m) = run_one(&file)
                && at == location
                && crash_kind(&m) == crash_kind(message)
            {
                best = candidate;
                progress = true;
                break;
            }
        }
    }
    let mut out = serde_json::to_vec_pretty(&best).unwrap_or_default();
    if yaml {
        let mut marked = b"# fuzz regression\n".to_vec();
        marked.append(&mut out);
        out = marked;
    }
    out
}

fn regressions_dir(root: &Path, options: &Options) -> PathBuf {
    options
        .regressions
        .clone()
        .unwrap_or_else(|| root.join("generator/tests/fuzz-regressions"))
}

/// Writes a crashing input as a regression; its file name. When the input
/// refers to the execution's second file, that is kept too, as
/// `<hash>.part.json`, and the references between the two are renamed.
fn save_regression(dir: &Path, bytes: &[u8], yaml: bool, state: &Path) -> String {
    let _ = std::fs::create_dir_all(dir);
    let stem = hash(bytes);
    let name = format!("{stem}.{}", if yaml { "yaml" } else { "json" });
    let part = std::fs::read(state.join(PART))
        .ok()
        .filter(|_| String::from_utf8_lossy(bytes).contains(PART));
    let rename = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .replace(PART, &format!("{stem}.part.json"))
            .replace(if yaml { "input.yaml" } else { "input.json" }, &name)
            .into_bytes()
    };
    let path = dir.join(&name);
    if !path.exists() {
        match &part {
            Some(part) => {
                let _ = std::fs::write(&path, rename(bytes));
                let _ = std::fs::write(dir.join(format!("{stem}.part.json")), rename(part));
            }
            None => {
                let _ = std::fs::write(&path, bytes);
            }
        }
    }
    name
}

/// The second file an execution may refer to.
const PART: &str = "part.json";

/// A second file made of pieces of `doc`, and references to it put in
/// `doc`: into it, to what it does not have, between its own entries, back
/// into the input, in a loop, and fanning out.
fn external_part(doc: &mut Value, yaml: bool, rng: &mut Rng) -> Value {
    let mut paths = Vec::new();
    all_paths(doc, &mut Vec::new(), &mut paths);
    let piece = |rng: &mut Rng| {
        let path: &Vec<Seg> = rng.pick(&paths);
        get(doc, path).cloned().unwrap_or(Value::Null)
    };
    let a = piece(rng);
    let b = piece(rng);
    let input = if yaml { "input.yaml" } else { "input.json" };
    let part = json!({
        "a": a,
        "b": b,
        "local": {"$ref": "#/a"},
        "back": {"$ref": format!("{input}#/info")},
        "chain": {"$ref": format!("{PART}#/local")},
        "self": {"$ref": format!("{PART}#/self")},
        "fan": {"description": "d", "x": {"$ref": "#/fan"}, "y": {"$ref": "#/fan"}},
        "schema": {"type": "object", "properties": {"next": {"$ref": "#/schema"}, "a": {"$ref": "#/a"}}},
    });
    let keys = [
        "a", "b", "local", "back", "chain", "self", "fan", "schema", "missing", "",
    ];
    for _ in 0..1 + rng.below(3) {
        let path = rng.pick(&paths).clone();
        let reference = match rng.below(4) {
            0 => PART.to_string(),
            _ => format!("{PART}#/{}", rng.pick(&keys)),
        };
        if let Some(v) = get_mut(doc, &path) {
            *v = json!({ "$ref": reference });
        }
    }
    part
}

// ---------------------------------------------------------------------------
// The worker: executions until its time is up, one line per event on stdout
// (`s` before an execution, `o`/`e` after it, `p FILE WHERE: MESSAGE` for a
// panic, `m NAME` for each mutation applied).

fn worker(root: &Path, options: &Options, state: &Path) -> ExitCode {
    install_panic_hook();
    // Loading the seeds counts against the time too.
    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let (files, _) = seed_files(root, options.corpus.as_deref());
    let seeds = load_seeds(&files);
    let mut rng = Rng(options.seed);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut crash_sites: HashSet<String> = HashSet::new();
    while Instant::now() < deadline {
        let seed = rng.pick(&seeds);
        let byte_level = seed.value.is_none() || rng.chance(12);
        let mut mutations = Vec::new();
        let (bytes, yaml, doc) = if byte_level {
            let (mut text, yaml) = match (&seed.text, &seed.value) {
                (Some(t), _) if rng.chance(50) || seed.value.is_none() => {
                    (t.clone().into_bytes(), seed.yaml)
                }
                (_, Some(v)) => {
                    let yaml = rng.chance(40);
                    (render(&cut_down(v, &mut rng), yaml, &mut rng), yaml)
                }
                _ => (Vec::new(), seed.yaml),
            };
            mutate_bytes(&mut text, &mut rng);
            mutations.push("bytes");
            (text, yaml, None)
        } else {
            let mut doc = seed
                .value
                .clone()
                .map(|v| cut_down(&v, &mut rng))
                .unwrap_or_default();
            for _ in 0..1 + rng.below(4) {
                mutations.push(mutate(&mut doc, &mut rng));
            }
            let yaml = rng.chance(40);
            let _ = std::fs::remove_file(state.join(PART));
            if rng.chance(10) {
                let part = external_part(&mut doc, yaml, &mut rng);
                let _ = std::fs::write(state.join(PART), render(&part, false, &mut rng));
                mutations.push("external refs");
            }
            (render(&doc, yaml, &mut rng), yaml, Some(doc))
        };
        let file = write_input(state, &bytes, yaml);
        let _ = writeln!(out, "s {}", seed.name);
        for m in &mutations {
            let _ = writeln!(out, "m {m}");
        }
        let _ = out.flush();
        match run_one(&file) {
            Outcome::Generated => {
                let _ = writeln!(out, "o");
            }
            Outcome::Refused(kind) => {
                let _ = writeln!(out, "e {kind}");
            }
            Outcome::Panicked(location, message) => {
                // One input per kind of crash: its place and its message
                // with the particulars (names, numbers, file names) left out.
                let first = crash_sites.insert(format!("{location} {}", crash_kind(&message)));
                let saved = match (&doc, first) {
                    (Some(doc), true) => shrink(state, doc.clone(), yaml, &location, &message),
                    _ => bytes.clone(),
                };
                let name = if first {
                    save_regression(&regressions_dir(root, options), &saved, yaml, state)
                } else {
                    "(seen)".into()
                };
                let message = message.replace('\n', " ");
                let _ = writeln!(out, "p {name} {location}: {message}");
            }
        }
        let _ = out.flush();
    }
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------
// The supervisor: runs workers until the time is up and catches what kills them.

#[derive(Default)]
struct Totals {
    executions: u64,
    generated: u64,
    refused: u64,
    /// Crashes by description (panics at one place count together).
    crashes: BTreeMap<String, u64>,
    mutations: BTreeMap<String, u64>,
    /// Errors by kind.
    errors: BTreeMap<String, u64>,
    workers: u64,
}

fn supervise(root: &Path, options: &Options, state: &Path) -> ExitCode {
    let (files, source) = seed_files(root, options.corpus.as_deref());
    if files.is_empty() {
        eprintln!("error: no seed specs found");
        return ExitCode::FAILURE;
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot find the xtask binary: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "fuzz: {} seeds from {source} and generator/tests/malformed/; {} s, seed {}",
        files.len(),
        options.seconds,
        options.seed
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut totals = Totals::default();
    let mut last_report = Instant::now();
    while Instant::now() + Duration::from_secs(1) < deadline {
        let remaining = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .max(1);
        let seed = options
            .seed
            .wrapping_add(totals.workers.wrapping_mul(0x1000_0000));
        let mut args: Vec<String> = vec![
            "fuzz".into(),
            "--worker".into(),
            "--seconds".into(),
            remaining.to_string(),
            "--seed".into(),
            seed.to_string(),
        ];
        if let Some(c) = &options.corpus {
            args.extend(["--corpus".into(), c.display().to_string()]);
        }
        if let Some(r) = &options.regressions {
            args.extend(["--regressions".into(), r.display().to_string()]);
        }
        args.extend(["--state".into(), state.display().to_string()]);
        // `ulimit -v` bounds the worker's memory where a shell is there to set it.
        let mut command = if Path::new("/bin/sh").exists() {
            let mut c = Command::new("/bin/sh");
            c.arg("-c")
                .arg(format!(
                    "ulimit -v {} 2>/dev/null; exec \"$0\" \"$@\"",
                    WORKER_MEMORY_MIB * 1024
                ))
                .arg(&exe)
                .args(&args);
            c
        } else {
            let mut c = Command::new(&exe);
            c.args(&args);
            c
        };
        let mut child = match command
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: cannot start a fuzz worker: {e}");
                return ExitCode::FAILURE;
            }
        };
        totals.workers += 1;
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut running: Option<String> = None;
        let mut hung = false;
        loop {
            match rx.recv_timeout(Duration::from_secs(options.hang_seconds)) {
                Ok(line) => {
                    let (kind, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
                    match kind {
                        "s" => {
                            totals.executions += 1;
                            running = Some(rest.to_string());
                        }
                        "m" => *totals.mutations.entry(rest.to_string()).or_default() += 1,
                        "o" => {
                            totals.generated += 1;
                            running = None;
                        }
                        "e" => {
                            totals.refused += 1;
                            *totals.errors.entry(rest.to_string()).or_default() += 1;
                            running = None;
                        }
                        "p" => {
                            eprintln!("fuzz: PANIC {rest}");
                            let what = rest.split_once(' ').map_or(rest, |(_, w)| w);
                            *totals
                                .crashes
                                .entry(format!("panic at {what}"))
                                .or_default() += 1;
                            running = None;
                        }
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if running.is_some() {
                        hung = true;
                    }
                    let _ = child.kill();
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if last_report.elapsed() > Duration::from_secs(60) {
                last_report = Instant::now();
                report_progress(&totals, started);
            }
        }
        let status = child.wait();
        if let Some(seed_name) = running {
            // The worker died (or hung) in the middle of an execution.
            let what = if hung {
                format!("hang (no answer in {} s)", options.hang_seconds)
            } else {
                match &status {
                    Ok(s) => format!("worker died: {s}"),
                    Err(e) => format!("worker lost: {e}"),
                }
            };
            let input = [true, false]
                .into_iter()
                .map(|yaml| (input_path(state, yaml), yaml))
                .find(|(p, _)| p.exists());
            let name = match input.and_then(|(p, yaml)| Some((std::fs::read(p).ok()?, yaml))) {
                Some((bytes, yaml)) => {
                    save_regression(&regressions_dir(root, options), &bytes, yaml, state)
                }
                None => "(input lost)".into(),
            };
            eprintln!("fuzz: CRASH {name} ({what}; seed {seed_name})");
            *totals
                .crashes
                .entry(format!("{what}: {name} (seed {seed_name})"))
                .or_default() += 1;
        }
    }
    let elapsed = started.elapsed();
    report_progress(&totals, started);
    let mut mutations: Vec<_> = totals.mutations.iter().collect();
    mutations.sort_by(|a, b| b.1.cmp(a.1));
    eprintln!(
        "fuzz: mutations applied: {}",
        mutations
            .iter()
            .map(|(m, n)| format!("{m} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut errors: Vec<_> = totals.errors.iter().collect();
    errors.sort_by(|a, b| b.1.cmp(a.1));
    eprintln!("fuzz: the most common errors:");
    for (kind, n) in errors.iter().take(15) {
        eprintln!("  {n:>7}  {kind}");
    }
    println!(
        "fuzz: {} executions in {:.0} s ({:.1}/s): {} generated, {} refused with an error, {} crashes; {} worker(s)",
        totals.executions,
        elapsed.as_secs_f64(),
        totals.executions as f64 / elapsed.as_secs_f64().max(0.001),
        totals.generated,
        totals.refused,
        totals.crashes.values().sum::<u64>(),
        totals.workers
    );
    if totals.crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        for (c, n) in &totals.crashes {
            println!("fuzz: crash ({n}x): {c}");
        }
        println!(
            "fuzz: inputs written to {}; `cargo test -p openapi-rust-gen --test malformed` runs them",
            regressions_dir(root, options).display()
        );
        ExitCode::FAILURE
    }
}

fn report_progress(totals: &Totals, started: Instant) {
    let secs = started.elapsed().as_secs_f64().max(0.001);
    eprintln!(
        "fuzz: {:.0} s, {} executions ({:.1}/s), {} generated, {} refused, {} crashes",
        secs,
        totals.executions,
        totals.executions as f64 / secs,
        totals.generated,
        totals.refused,
        totals.crashes.values().sum::<u64>()
    );
}
