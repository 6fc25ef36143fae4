//! Write: a deterministic set of files, swapped in whole or not at all, and
//! the drift check that compares it with what is on disk.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Generated files by path relative to the output folder (always `/`-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet {
    pub files: BTreeMap<String, String>,
}

impl FileSet {
    pub fn insert(&mut self, path: impl Into<String>, contents: String) {
        self.files.insert(path.into(), contents);
    }
}

/// How the output on disk differs from what the specs produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Stale(String),
    Missing(String),
    Extra(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Stale(p) => write!(f, "{p} is stale"),
            Drift::Missing(p) => write!(f, "{p} is missing"),
            Drift::Extra(p) => write!(f, "{p} should not exist"),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Every file under `dir`, as `/`-separated relative paths (sorted).
fn files_on_disk(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).map_err(io_error(&current))? {
            let entry = entry.map_err(io_error(&current))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(io_error(&path))?;
            if kind.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(rel.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Compares `files` with `dir`; empty when they match byte for byte.
pub fn check(dir: &Path, files: &FileSet) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (rel, contents) in &files.files {
        let path = dir.join(rel);
        match fs::read(&path) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => drift.push(Drift::Stale(rel.clone())),
            Err(_) => drift.push(Drift::Missing(rel.clone())),
        }
    }
    for rel in files_on_disk(dir)? {
        if !files.files.contains_key(&rel) {
            drift.push(Drift::Extra(rel));
        }
    }
    Ok(drift)
}

/// Writes `files` as the whole contents of `dir`: built beside it, then
/// swapped in. On any failure `dir` is left as it was.
pub fn write_atomically(dir: &Path, files: &FileSet) -> Result<()> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let staging = parent.join(format!(".{name}.oagen-new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.oagen-old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let built = write_tree(&staging, files);
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = dir.exists();
    if had_old && let Err(e) = fs::rename(dir, &backup) {
        let _ = fs::remove_dir_all(&staging);
        return Err(io_error(dir)(e));
    }
    if let Err(e) = fs::rename(&staging, dir) {
        if had_old {
            let _ = fs::rename(&backup, dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(io_error(dir)(e));
    }
    if had_old {
        let _ = fs::remove_dir_all(&backup);
    }
    Ok(())
}

fn write_tree(root: &Path, files: &FileSet) -> Result<()> {
    for (rel, contents) in &files.files {
        let path: PathBuf = rel.split('/').fold(root.to_path_buf(), |p, c| p.join(c));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&path, contents).map_err(io_error(&path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("oagen-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn write_then_check_finds_no_drift_and_then_each_kind() {
        let dir = temp_dir("drift");
        let mut files = FileSet::default();
        files.insert("a.rs", "a".into());
        files.insert("sub/b.rs", "b".into());
        write_atomically(&dir, &files).unwrap();
        assert!(check(&dir, &files).unwrap().is_empty());
        fs::write(dir.join("a.rs"), "changed").unwrap();
        fs::write(dir.join("extra.rs"), "x").unwrap();
        fs::remove_file(dir.join("sub/b.rs")).unwrap();
        let drift = check(&dir, &files).unwrap();
        assert_eq!(
            drift,
            vec![
                Drift::Stale("a.rs".into()),
                Drift::Missing("sub/b.rs".into()),
                Drift::Extra("extra.rs".into())
            ]
        );
        write_atomically(&dir, &files).unwrap();
        assert!(
            check(&dir, &files).unwrap().is_empty(),
            "stale and extra files are gone after a write"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
