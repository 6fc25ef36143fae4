//! The services manifest (`specs/services.toml`): which specs make up the
//! generated crate, and the per-service choices the specs cannot express.

use crate::emit::RateLimitOption;
use crate::error::{Error, Result};
use crate::passes::PassOptions;
use crate::passes::options::CredentialOptions;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(rename = "crate")]
    krate: RawCrate,
    #[serde(default, rename = "service")]
    services: Vec<RawService>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrate {
    name: String,
    version: String,
    /// The folder written, relative to the manifest.
    output: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    name: String,
    spec: String,
    module: String,
    feature: String,
    #[serde(default)]
    credentials: RawCredentials,
    #[serde(default)]
    type_names: BTreeMap<String, String>,
    #[serde(default)]
    operation_names: BTreeMap<String, String>,
    /// The rate limit the service documents; clients keep to it with `rate_limited()`.
    rate_limit: Option<RawRateLimit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRateLimit {
    requests: u32,
    per_seconds: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredentials {
    basic: Option<RawBasic>,
    #[serde(default)]
    extra_bearer: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBasic {
    constructor: String,
    username: String,
    password: String,
}

/// One service of the generated crate.
#[derive(Debug, Clone)]
pub struct ServiceSpec {
    /// Display name.
    pub name: String,
    pub spec: PathBuf,
    /// The spec's path as written in headers (relative, `/`-separated).
    pub spec_label: String,
    pub module: String,
    pub feature: String,
    pub passes: PassOptions,
    pub rate_limit: Option<RateLimitOption>,
}

/// The whole generated crate.
#[derive(Debug, Clone)]
pub struct CrateSpec {
    pub name: String,
    pub version: String,
    pub output: PathBuf,
    pub services: Vec<ServiceSpec>,
    /// The command named in every file's do-not-edit line.
    pub generated_by: String,
}

pub fn read_manifest(path: &Path) -> Result<CrateSpec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let raw: RawManifest =
        toml::from_str(&text).map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
    if let Some(problem) = crate_name_problem(&raw.krate.name) {
        return Err(Error::Config(format!(
            "{}: crate name `{}`: {problem}",
            path.display(),
            raw.krate.name
        )));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    // Headers name a spec by the manifest's folder and the name it gives
    // (`specs/env0.yaml`), however the manifest's path was written: the
    // output must not depend on the working directory.
    let dir_label = std::path::absolute(path)
        .ok()
        .map(|p| normalize(&p))
        .and_then(|p| {
            p.parent()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let mut seen_modules = Vec::new();
    let mut services = Vec::new();
    for s in raw.services {
        if let Some(problem) = module_name_problem(&s.module) {
            return Err(Error::Config(format!(
                "{}: service `{}`: module `{}`: {problem}",
                path.display(),
                s.name,
                s.module
            )));
        }
        if seen_modules.contains(&s.module) {
            return Err(Error::Config(format!(
                "{}: module `{}` is used by two services",
                path.display(),
                s.module
            )));
        }
        seen_modules.push(s.module.clone());
        services.push(ServiceSpec {
            spec_label: if dir_label.is_empty() {
                s.spec.clone()
            } else {
                format!("{dir_label}/{}", s.spec)
            },
            spec: dir.join(&s.spec),
            name: s.name,
            module: s.module,
            feature: s.feature,
            passes: PassOptions {
                type_names: s.type_names,
                operation_names: s.operation_names,
                credentials: CredentialOptions {
                    basic: s
                        .credentials
                        .basic
                        .map(|b| (b.constructor, b.username, b.password)),
                    extra_bearer: s.credentials.extra_bearer,
                },
            },
            rate_limit: s.rate_limit.map(|r| RateLimitOption {
                requests: r.requests,
                per_seconds: r.per_seconds,
            }),
        });
    }
    Ok(CrateSpec {
        name: raw.krate.name,
        version: raw.krate.version,
        output: normalize(&dir.join(raw.krate.output)),
        services,
        generated_by: "cargo xtask codegen".into(),
    })
}

/// Why `name` cannot name a generated crate, if it cannot. Cargo takes
/// ASCII letters, digits, `-` and `_`; the library name (`-` read as `_`)
/// must also be a snake_case identifier (else rustc warns `non_snake_case`
/// on every build) that is neither a keyword nor a crate of the standard
/// library (which it would shadow) nor one of the generated crate's own
/// dependencies (`cargo -p serde` would be ambiguous, and `serde::` paths in
/// doc examples too). So: lowercase words of letters and digits joined by
/// single `-` or `_`, starting with a letter.
pub fn crate_name_problem(name: &str) -> Option<&'static str> {
    const SYSROOT: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];
    let lib = name.replace('-', "_");
    let words_ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split(['-', '_']).all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !words_ok {
        Some(
            "a crate name is lowercase ASCII letters and digits in words joined by single `-` \
             or `_`, starting with a letter (such as `my-api`)",
        )
    } else if crate::passes::names::is_keyword(&lib) {
        Some("a crate's library name cannot be a Rust keyword")
    } else if SYSROOT.contains(&lib.as_str()) {
        Some("the crate would shadow a crate of the standard library")
    } else if crate::crate_layout::dependency_libraries().contains(&lib) {
        Some("the generated crate depends on a crate of that name")
    } else {
        None
    }
}

/// Why `name` cannot name a service's module, if it cannot: it must be a
/// snake_case identifier, and not a module the crate root has already.
pub fn module_name_problem(name: &str) -> Option<&'static str> {
    if !is_module_name(name) {
        Some("a module name is a snake_case Rust identifier (such as `my_api`)")
    } else if crate::crate_layout::ROOT_MODULES.contains(&name) {
        Some("the generated crate has a module of that name already")
    } else {
        None
    }
}

/// Whether `name` is a snake_case identifier that can name a module.
pub fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && crate::passes::names::snake_ident(name) == name
}

/// Folds `a/./b/../c` to `a/c` without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
