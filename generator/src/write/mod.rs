//! Write: a deterministic set of files, swapped in whole or not at all, and
//! the drift check that compares it with what is on disk.
//!
//! Every output holds [`MARKER`], so that a folder oagen did not write is
//! never replaced unless the user says so (the swap itself, and recovering
//! from a run that died during it, are in `swap.rs`).

mod swap;

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

/// The file every output folder holds: it says oagen wrote the folder and
/// may replace it whole.
pub const MARKER: &str = ".oagen-generated";

/// The text of [`MARKER`] (the same on every run, so outputs stay
/// deterministic).
pub fn marker_text(generated_by: &str) -> String {
    format!(
        "This folder is written by `{generated_by}` and replaced whole each time it runs:\n\
         keep no files of your own in it. oagen refuses to replace a folder that is not\n\
         empty and does not hold this file, unless told to (`--force`).\n"
    )
}

/// Whether an existing output folder may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Only an empty folder, or one holding [`MARKER`].
    OursOnly,
    /// Any folder (`--force`): everything in it is deleted.
    Anything,
}

/// Writes `files` as the whole contents of `dir`: built beside it, then
/// swapped in. On any failure `dir` is left as it was; if the process dies,
/// `dir` holds the old files or the new ones, and the next run removes what
/// was left beside it. A folder that is not empty and holds no [`MARKER`]
/// is replaced only with [`Replace::Anything`].
pub fn write_atomically(dir: &Path, files: &FileSet, replace: Replace) -> Result<()> {
    // Through a link to a folder, the folder is written (the link stays).
    let linked;
    let dir = if fs::symlink_metadata(dir).is_ok_and(|m| m.is_symlink()) {
        linked = fs::canonicalize(dir).map_err(io_error(dir))?;
        linked.as_path()
    } else {
        dir
    };
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let _lock = swap::lock_parent(parent);
    swap::recover(parent, &name, dir)?;
    if let Some(problem) = not_replaceable(dir, replace)? {
        return Err(Error::Config(format!("{}: {problem}", dir.display())));
    }
    let staging = swap::staging_path(parent, &name);
    if let Err(e) = write_tree(&staging, files) {
        let _ = swap::remove_marker_last(&staging);
        return Err(e);
    }
    swap::swap_in(&staging, dir, parent, &name)
}

/// Why `dir` may not be replaced, if it may not.
fn not_replaceable(dir: &Path, replace: Replace) -> Result<Option<&'static str>> {
    let Ok(meta) = fs::metadata(dir) else {
        return Ok(None);
    };
    if !meta.is_dir() {
        return Ok(Some("is a file; the output is a folder, replaced whole"));
    }
    if replace == Replace::Anything || dir.join(MARKER).is_file() {
        return Ok(None);
    }
    let empty = fs::read_dir(dir).map_err(io_error(dir))?.next().is_none();
    Ok((!empty).then_some(
        "not replaced: the folder holds files that oagen did not write (it has no \
         .oagen-generated marker); write to a new or empty folder, or pass --force \
         to replace it whole",
    ))
}

/// Writes `files` into the new folder `root`, the marker first: from the
/// moment the folder has anything in it, it is known as ours.
fn write_tree(root: &Path, files: &FileSet) -> Result<()> {
    fs::create_dir_all(root).map_err(io_error(root))?;
    let marker = files
        .files
        .get(MARKER)
        .cloned()
        .unwrap_or_else(|| marker_text("oagen"));
    let marker_path = root.join(MARKER);
    fs::write(&marker_path, marker).map_err(io_error(&marker_path))?;
    for (rel, contents) in files.files.iter().filter(|(rel, _)| *rel != MARKER) {
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

    fn file_set(files: &[(&str, &str)]) -> FileSet {
        let mut set = FileSet::default();
        set.insert(MARKER, marker_text("test"));
        for (path, text) in files {
            set.insert(*path, text.to_string());
        }
        set
    }

    /// Every file under `dir` with its text.
    fn contents(dir: &Path) -> BTreeMap<String, String> {
        files_on_disk(dir)
            .unwrap()
            .into_iter()
            .map(|rel| {
                let text = fs::read_to_string(dir.join(&rel)).unwrap();
                (rel, text)
            })
            .collect()
    }

    /// The names in `parent` other than `keep`.
    fn others(parent: &Path, keep: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !keep.contains(&n.as_str()))
            .collect();
        names.sort();
        names
    }

    /// A folder at `path` holding `files` (and the marker when `ours`).
    fn make_folder(path: &Path, files: &[(&str, &str)], ours: bool) {
        fs::create_dir_all(path).unwrap();
        if ours {
            fs::write(path.join(MARKER), marker_text("test")).unwrap();
        }
        for (rel, text) in files {
            let file = path.join(rel);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
    }

    #[test]
    fn write_then_check_finds_no_drift_and_then_each_kind() {
        let dir = temp_dir("drift");
        let files = file_set(&[("a.rs", "a"), ("sub/b.rs", "b")]);
        write_atomically(&dir, &files, Replace::OursOnly).unwrap();
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
        write_atomically(&dir, &files, Replace::OursOnly).unwrap();
        assert!(
            check(&dir, &files).unwrap().is_empty(),
            "stale and extra files are gone after a write"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_oagen_did_not_write_is_replaced_only_when_forced() {
        let parent = temp_dir("foreign");
        let out = parent.join("out");
        let mine = [("src/main.rs", "fn main() {}\n"), ("NOTES.txt", "mine\n")];
        make_folder(&out, &mine, false);
        let before = contents(&out);
        let files = file_set(&[("Cargo.toml", "[package]\n")]);
        let err = write_atomically(&out, &files, Replace::OursOnly).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(contents(&out), before, "the user's files are untouched");
        assert_eq!(
            others(&parent, &["out"]),
            Vec::<String>::new(),
            "no temporaries"
        );
        // Forced, it is replaced whole.
        write_atomically(&out, &files, Replace::Anything).unwrap();
        assert!(check(&out, &files).unwrap().is_empty());
        // An empty folder, and one oagen wrote, are replaced without asking.
        let empty = parent.join("empty");
        fs::create_dir_all(&empty).unwrap();
        write_atomically(&empty, &files, Replace::OursOnly).unwrap();
        write_atomically(&empty, &file_set(&[]), Replace::OursOnly).unwrap();
        assert!(check(&empty, &file_set(&[])).unwrap().is_empty());
        assert_eq!(others(&parent, &["out", "empty"]), Vec::<String>::new());
        fs::remove_dir_all(&parent).unwrap();
    }

    #[test]
    fn a_run_that_died_building_leaves_temporaries_the_next_run_removes() {
        let parent = temp_dir("died-building");
        let out = parent.join("out");
        let old = file_set(&[("old.rs", "old")]);
        write_atomically(&out, &old, Replace::OursOnly).unwrap();
        // Killed while writing the new folder: the marker and part of the files.
        make_folder(
            &parent.join(".out.oagen-new-999999"),
            &[("src/a.rs", "a")],
            true,
        );
        // Killed right after creating it: an empty folder.
        make_folder(&parent.join(".out.oagen-new-999998"), &[], false);
        // Look-alikes that are not ours: no marker, another name, another output.
        make_folder(
            &parent.join(".out.oagen-new-999997"),
            &[("x", "user's")],
            false,
        );
        make_folder(&parent.join(".out.notes"), &[("x", "user's")], true);
        make_folder(&parent.join(".other.oagen-new-1"), &[("x", "a")], true);
        let new = file_set(&[("new.rs", "new")]);
        write_atomically(&out, &new, Replace::OursOnly).unwrap();
        assert!(check(&out, &new).unwrap().is_empty());
        assert_eq!(
            others(&parent, &["out"]),
            [".other.oagen-new-1", ".out.notes", ".out.oagen-new-999997"],
            "only what is ours is removed"
        );
        fs::remove_dir_all(&parent).unwrap();
    }

    #[test]
    fn a_run_that_died_between_the_two_renames_gets_its_output_back() {
        let parent = temp_dir("died-swapping");
        let out = parent.join("out");
        let old = file_set(&[("old.rs", "old"), ("sub/x.rs", "x")]);
        // The output moved aside, the new one complete but not moved in.
        write_atomically(
            &parent.join(".out.oagen-old-999999"),
            &old,
            Replace::OursOnly,
        )
        .unwrap();
        make_folder(
            &parent.join(".out.oagen-new-999999"),
            &[("new.rs", "new")],
            true,
        );
        swap::recover(&parent, "out", &out).unwrap();
        assert!(
            check(&out, &old).unwrap().is_empty(),
            "the old output is back"
        );
        assert_eq!(others(&parent, &["out"]), Vec::<String>::new());
        // A folder moved aside that was not ours (a forced run) comes back
        // too: putting it back deletes nothing.
        fs::remove_dir_all(&out).unwrap();
        make_folder(
            &parent.join(".out.oagen-old-5"),
            &[("NOTES.txt", "mine")],
            false,
        );
        let new = file_set(&[("new.rs", "new")]);
        let err = write_atomically(&out, &new, Replace::OursOnly).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        assert_eq!(fs::read_to_string(out.join("NOTES.txt")).unwrap(), "mine");
        fs::remove_dir_all(&parent).unwrap();
    }

    #[test]
    fn a_run_that_died_after_the_swap_leaves_the_old_output_to_remove() {
        let parent = temp_dir("died-after");
        let out = parent.join("out");
        let new = file_set(&[("new.rs", "new")]);
        write_atomically(&out, &new, Replace::OursOnly).unwrap();
        // Killed while deleting the old output, the marker still there.
        make_folder(
            &parent.join(".out.oagen-old-999999"),
            &[("old.rs", "old")],
            true,
        );
        make_folder(
            &parent.join(".out.oagen-new-999998"),
            &[("b/old.rs", "old")],
            true,
        );
        write_atomically(&out, &new, Replace::OursOnly).unwrap();
        assert!(check(&out, &new).unwrap().is_empty());
        assert_eq!(others(&parent, &["out"]), Vec::<String>::new());
        fs::remove_dir_all(&parent).unwrap();
    }

    #[test]
    fn the_swap_in_two_renames_leaves_nothing_beside_the_output() {
        // Where the system cannot exchange two folders in one step.
        let parent = temp_dir("renames");
        let out = parent.join("out");
        write_atomically(&out, &file_set(&[("old.rs", "old")]), Replace::OursOnly).unwrap();
        let new = file_set(&[("new.rs", "new")]);
        let staging = parent.join(".out.oagen-new-1");
        write_tree(&staging, &new).unwrap();
        swap::swap_by_renames(&staging, &out, &parent.join(".out.oagen-old-1")).unwrap();
        assert!(check(&out, &new).unwrap().is_empty());
        assert_eq!(others(&parent, &["out"]), Vec::<String>::new());
        fs::remove_dir_all(&parent).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn through_a_link_the_folder_linked_to_is_written_and_the_link_kept() {
        let parent = temp_dir("link");
        let real = parent.join("real");
        write_atomically(&real, &file_set(&[("old.rs", "old")]), Replace::OursOnly).unwrap();
        let link = parent.join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let new = file_set(&[("new.rs", "new")]);
        write_atomically(&link, &new, Replace::OursOnly).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert!(check(&real, &new).unwrap().is_empty());
        fs::remove_dir_all(&parent).unwrap();
    }
}
