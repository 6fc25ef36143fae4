//! The parts every generated crate has whatever its specs: the modules of
//! its root beside one per service, and the crates it depends on (read
//! from its `Cargo.toml` template). A crate, module or feature named by the
//! user or from a spec's file name must not take these names.

/// The generated crate's `Cargo.toml`, filled in by [`crate::generate`].
pub const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.tmpl");

/// The modules of the crate root beside the services' (`lib.rs`).
pub const ROOT_MODULES: &[&str] = &["runtime"];

/// The library names of the crates the generated crate depends on
/// (`futures_util` for `futures-util`): a crate named like one would be
/// ambiguous to cargo (`-p serde`) and to `use` paths.
pub fn dependency_libraries() -> Vec<String> {
    let Some((_, section)) = CARGO_TOML.split_once("\n[dependencies]\n") else {
        return Vec::new();
    };
    section
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim()))
        .filter(|key| !key.is_empty() && !key.starts_with('#') && !key.contains('{'))
        .map(|key| key.replace('-', "_"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_names_its_dependencies() {
        let deps = dependency_libraries();
        for dep in ["serde", "serde_json", "reqwest", "tokio", "futures_util"] {
            assert!(deps.iter().any(|d| d == dep), "{dep} in {deps:?}");
        }
        assert!(
            deps.iter().all(|d| !d.contains(['-', ' ', '"'])),
            "{deps:?}"
        );
    }
}
