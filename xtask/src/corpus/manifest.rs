//! The corpus manifest (`MANIFEST.tsv`) and the names each spec's crate and
//! module get.

use std::path::Path;

/// One line of `MANIFEST.tsv`.
pub(crate) struct Entry {
    /// The spec's path relative to the corpus folder.
    pub(crate) file: String,
    /// The name it goes by: its first path segment without the extension.
    pub(crate) name: String,
    pub(super) spec_version: String,
    /// The operation count the manifest states.
    pub(crate) operations: Option<usize>,
}

pub(crate) fn read_manifest(dir: &Path) -> Result<Vec<Entry>, String> {
    let path = dir.join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let file_col = column("file").unwrap_or(0);
    let version_col = column("spec_version");
    let ops_col = column("operations");
    let mut out = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(file) = cells
            .get(file_col)
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
        else {
            continue;
        };
        let cell = |col: Option<usize>| col.and_then(|c| cells.get(c)).map(|s| s.trim());
        out.push(Entry {
            file: file.to_string(),
            name: spec_name(file),
            spec_version: cell(version_col).unwrap_or("").to_string(),
            operations: cell(ops_col).and_then(|s| s.parse().ok()),
        });
    }
    Ok(out)
}

/// `oai-v2-petstore-separate/spec/swagger.yaml` → `oai-v2-petstore-separate`;
/// `env0.json` → `env0`.
pub(super) fn spec_name(file: &str) -> String {
    match file.split_once('/') {
        Some((first, _)) => first.to_string(),
        None => match file.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => file.to_string(),
        },
    }
}

/// The entries `only` names (by name or file), all when it is empty.
pub(crate) fn select(entries: Vec<Entry>, only: &[String]) -> Result<Vec<Entry>, String> {
    if only.is_empty() {
        return Ok(entries);
    }
    let unknown: Vec<&String> = only
        .iter()
        .filter(|o| !entries.iter().any(|e| e.name == **o || e.file == **o))
        .collect();
    if !unknown.is_empty() {
        return Err(format!("not in the manifest: {unknown:?}"));
    }
    Ok(entries
        .into_iter()
        .filter(|e| only.iter().any(|o| *o == e.name || *o == e.file))
        .collect())
}

/// A package name cargo accepts (`box` is a keyword: `box-api`).
pub(crate) fn crate_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let snake = oagen::passes::names::snake_ident(&clean);
    if snake.starts_with("r#") || snake.ends_with('_') {
        format!("{clean}-api")
    } else {
        clean
    }
}

/// The service module's name, never a keyword.
pub(crate) fn module_name(name: &str) -> String {
    let snake = oagen::passes::names::snake_ident(name);
    let module = match snake.strip_prefix("r#") {
        Some(raw) => format!("{raw}_api"),
        None => snake,
    };
    if oagen::manifest::is_module_name(&module) {
        module
    } else {
        "api".to_string()
    }
}
