//! The inputs of executions as files: written before each run, shrunk when
//! they panic, saved as regressions, and a second file they may refer to.

use super::mutate::{Seg, all_paths, get, get_mut};
use super::options::Options;
use super::rng::Rng;
use super::run::{Outcome, crash_kind, run_one};
use oagen::serde_json::{self, Value, json};
use std::path::{Path, PathBuf};

/// Executions spent shrinking one panicking input.
const SHRINK_BUDGET: usize = 300;

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
pub(super) fn input_path(state: &Path, yaml: bool) -> PathBuf {
    state.join(if yaml { "input.yaml" } else { "input.json" })
}

pub(super) fn write_input(state: &Path, bytes: &[u8], yaml: bool) -> PathBuf {
    let _ = std::fs::remove_file(input_path(state, !yaml));
    let path = input_path(state, yaml);
    std::fs::write(&path, bytes).expect("writes the fuzz input");
    path
}

/// JSON text, read as JSON, or (marked as YAML) read by the YAML parser.
pub(super) fn render(doc: &Value, yaml: bool, rng: &mut Rng) -> Vec<u8> {
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
pub(super) fn shrink(
    state: &Path,
    doc: Value,
    yaml: bool,
    location: &str,
    message: &str,
) -> Vec<u8> {
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

pub(super) fn regressions_dir(root: &Path, options: &Options) -> PathBuf {
    options
        .regressions
        .clone()
        .unwrap_or_else(|| root.join("generator/tests/fuzz-regressions"))
}

/// Writes a crashing input as a regression; its file name. When the input
/// refers to the execution's second file, that is kept too, as
/// `<hash>.part.json`, and the references between the two are renamed.
pub(super) fn save_regression(dir: &Path, bytes: &[u8], yaml: bool, state: &Path) -> String {
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
pub(super) const PART: &str = "part.json";

/// A second file made of pieces of `doc`, and references to it put in
/// `doc`: into it, to what it does not have, between its own entries, back
/// into the input, in a loop, and fanning out.
pub(super) fn external_part(doc: &mut Value, yaml: bool, rng: &mut Rng) -> Value {
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
