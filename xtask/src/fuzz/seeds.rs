//! The seeds: the corpus specs (or the repository's), and a large seed cut
//! down to a few paths and the components they reach.

use super::rng::Rng;
use oagen::json_pointer::{escape_pointer_segment, unescape_pointer};
use oagen::serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The seed files: the corpus if there is one, else the repository's specs;
/// the malformed specs always.
pub(super) fn seed_files(root: &Path, corpus: Option<&Path>) -> (Vec<PathBuf>, String) {
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

pub(super) struct Seed {
    pub(super) name: String,
    /// The file's text, for byte-level mutations of small seeds.
    pub(super) text: Option<String>,
    pub(super) yaml: bool,
    /// The parsed (and bundled) document, when it parses.
    pub(super) value: Option<Value>,
}

pub(super) fn load_seeds(files: &[PathBuf]) -> Vec<Seed> {
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

/// A few paths of `doc` and, transitively, the components their `$ref`s
/// reach; the rest of the top level as it is.
pub(super) fn cut_down(doc: &Value, rng: &mut Rng) -> Value {
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
                todo.push(format!("{base}{}", escape_pointer_segment(key)));
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
        let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_pointer).collect();
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
