//! What the benchmark runs on: its fixed list of corpus specs, the tag it
//! builds alone, and the synthetic 100,000-operation spec.

use std::path::Path;

/// The corpus specs measured (issue 14): big, real APIs of every shape.
pub(super) const SPECS: [&str; 7] = [
    "openai",
    "kittycad",
    "plaid",
    "oxide-nexus",
    "nomad",
    "asana",
    "box",
];

/// The names of `SPECS` that `only` keeps (all when it is empty), or the
/// names it gives that are not in the list.
pub(super) fn select(only: &[String]) -> Result<Vec<&'static str>, String> {
    let unknown: Vec<&String> = only
        .iter()
        .filter(|o| !SPECS.contains(&o.as_str()))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "not in the benchmark's list ({}): {unknown:?}",
            SPECS.join(", ")
        ));
    }
    Ok(SPECS
        .into_iter()
        .filter(|s| only.is_empty() || only.iter().any(|o| o == s))
        .collect())
}

/// One API group's feature, as the generated README's table lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct TagFeature {
    pub(super) feature: String,
    pub(super) operations: usize,
}

/// The tag features of a generated README (`| \`openai-chat\` | Chat | 6 |`
/// rows of its Features table), the group of untagged operations left out.
pub(super) fn tag_features(readme: &str) -> Vec<TagFeature> {
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
            let [feature, _group, operations] = cells.as_slice() else {
                return None;
            };
            let feature = feature.trim().strip_prefix('`')?.strip_suffix('`')?;
            let operations = operations.trim().parse().ok()?;
            (!feature.ends_with("-untagged")).then(|| TagFeature {
                feature: feature.to_owned(),
                operations,
            })
        })
        .collect()
}

/// The mid-size tag: the one whose operation count is the median of the
/// tags' (the lower median for an even count; among equal counts, the
/// first by name, so the pick is stable).
pub(super) fn median_tag(mut tags: Vec<TagFeature>) -> Option<TagFeature> {
    tags.sort_by(|a, b| {
        a.operations
            .cmp(&b.operations)
            .then(a.feature.cmp(&b.feature))
    });
    let middle = tags.len().checked_sub(1)? / 2;
    tags.into_iter().nth(middle)
}

/// The synthetic spec's operations.
pub(super) const SYNTHETIC_OPERATIONS: usize = 100_000;

/// Writes the spec of `a_hundred_thousand_operations` in
/// `generator/tests/malformed.rs` to `path`: 100,000 GET operations, every
/// tenth operationId repeated (so naming must number them).
pub(super) fn write_synthetic(path: &Path) -> Result<(), String> {
    use oagen::serde_json::{Map, json};
    let mut paths = Map::new();
    for i in 0..SYNTHETIC_OPERATIONS {
        let id = if i % 10 == 0 {
            "getThing".to_string()
        } else {
            format!("getThing{i}x")
        };
        paths.insert(
            format!("/things/{i}"),
            json!({"get": {"operationId": id, "responses": {"200": {"description": "ok"}}}}),
        );
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "big", "version": "1"},
        "paths": paths,
    });
    let text = oagen::serde_json::to_vec(&doc).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
