//! Whether a crate written to a folder would be claimed by a cargo workspace
//! around it, found as cargo finds it: so that a standalone crate declares
//! itself a workspace root (an empty `[workspace]` table) exactly where it
//! must. Inside a workspace that lists it as a member, that table makes
//! cargo fail ("multiple workspace roots"); inside one that does not, its
//! absence does ("current package believes it's in a workspace when it's
//! not").

use crate::manifest::normalize;
use std::path::{Path, PathBuf};

/// The workspace around a crate folder, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enclosing {
    /// No workspace claims the folder: the crate is on its own.
    None,
    /// The workspace whose `Cargo.toml` is at this path lists the folder
    /// among its `members`.
    Member(PathBuf),
    /// The workspace whose `Cargo.toml` is at this path would claim the
    /// folder without listing it.
    NotMember(PathBuf),
}

impl Enclosing {
    /// Whether the crate must declare itself a workspace root.
    pub fn needs_own_root(&self) -> bool {
        !matches!(self, Enclosing::Member(_))
    }
}

/// The workspace around the crate folder `dir` (which need not exist yet).
/// Like cargo: each folder above `dir`, nearest first, whose `Cargo.toml`
/// has a `[workspace]` table that does not `exclude` `dir`, is the root.
pub fn enclosing_workspace(dir: &Path) -> Enclosing {
    let Ok(dir) = std::path::absolute(dir) else {
        return Enclosing::None;
    };
    let dir = normalize(&dir);
    for folder in dir.ancestors().skip(1) {
        let manifest = folder.join("Cargo.toml");
        let Some(workspace) = workspace_table(&manifest) else {
            continue;
        };
        let Ok(relative) = dir.strip_prefix(folder) else {
            continue;
        };
        let paths = |key: &str| -> Vec<String> {
            workspace
                .get(key)
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        if paths("exclude")
            .iter()
            .any(|e| relative.starts_with(normalize(Path::new(e))))
        {
            continue;
        }
        let member = paths("members")
            .iter()
            .any(|pattern| member_pattern_matches(pattern, relative));
        return if member {
            Enclosing::Member(manifest)
        } else {
            Enclosing::NotMember(manifest)
        };
    }
    Enclosing::None
}

/// The `[workspace]` table of the manifest at `path`, if it has one.
fn workspace_table(path: &Path) -> Option<toml::Table> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut manifest: toml::Table = text.parse().ok()?;
    match manifest.remove("workspace")? {
        toml::Value::Table(table) => Some(table),
        _ => None,
    }
}

/// Whether the `members` entry `pattern` names `relative` (both relative to
/// the workspace root): a path or a glob, as cargo expands it with the
/// `glob` crate (a `*` stays within one folder level).
fn member_pattern_matches(pattern: &str, relative: &Path) -> bool {
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    normalize(Path::new(pattern))
        .to_str()
        .and_then(|p| glob::Pattern::new(p).ok())
        .is_some_and(|p| p.matches_path_with(relative, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("oagen-ws-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn members_are_matched_as_cargo_matches_them() {
        let root = temp_dir("members");
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\", \"./tools/gen\", \"app\"]\n\
             exclude = [\"crates/vendored\"]\n",
        )
        .unwrap();
        let manifest = root.join("Cargo.toml");
        for (dir, wanted) in [
            ("crates/petstore", Enclosing::Member(manifest.clone())),
            ("tools/gen", Enclosing::Member(manifest.clone())),
            ("app", Enclosing::Member(manifest.clone())),
            ("crates/a/b", Enclosing::NotMember(manifest.clone())),
            ("clients/petstore", Enclosing::NotMember(manifest.clone())),
            ("crates/x/../petstore", Enclosing::Member(manifest.clone())),
        ] {
            assert_eq!(enclosing_workspace(&root.join(dir)), wanted, "{dir}");
        }
        // Excluded: cargo looks further up (here: nothing).
        assert_eq!(
            enclosing_workspace(&root.join("crates/vendored")),
            Enclosing::None
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_package_manifest_without_a_workspace_table_is_passed_over() {
        let root = temp_dir("package");
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        assert_eq!(enclosing_workspace(&root.join("client")), Enclosing::None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
