//! The pipeline from specs to files: load → front-end → lower → passes → emit.

use crate::crate_layout::{CARGO_TOML, ROOT_MODULES};
use crate::error::{Error, Result};
use crate::frontend::Dialect;
use crate::ir::Api;
use crate::manifest::{CrateSpec, ServiceSpec};
use crate::write::FileSet;
use std::time::{Duration, Instant};

/// `(name, text)` for each named file of `templates/runtime/`.
macro_rules! runtime_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/runtime/", $name)))),*]
    };
}

/// The runtime's files (`templates/runtime/`), copied into `src/runtime/` of
/// every generated crate. A test checks that the list names every file there.
const RUNTIME_FILES: &[(&str, &str)] = runtime_files![
    "mod.rs",
    "base64_text.rs",
    "body.rs",
    "builder.rs",
    "checks.rs",
    "credentials.rs",
    "decode.rs",
    "encoding.rs",
    "enums.rs",
    "error.rs",
    "events.rs",
    "limits.rs",
    "multipart.rs",
    "pagination.rs",
    "rate_limit.rs",
    "redirect.rs",
    "request.rs",
    "request_body.rs",
    "response.rs",
    "retry.rs",
    "retry_after.rs",
    "sse.rs",
    "stream.rs",
    "tls.rs",
    "transport.rs",
    "unions.rs",
];

const LIB_DOC: &str = include_str!("../../templates/lib.rs.tmpl");

/// What generating one service found and cost.
#[derive(Debug, Clone)]
pub struct ServiceReport {
    pub name: String,
    pub dialect: Dialect,
    pub operations: usize,
    pub types: usize,
    pub fallbacks: Vec<crate::ir::Fallback>,
    pub warnings: Vec<crate::ir::Warning>,
    /// Reading and parsing the file alone.
    pub parse_time: Duration,
    /// Everything from reading the file to formatted source.
    pub total_time: Duration,
    pub generated_lines: usize,
    pub spec_bytes: u64,
}

impl ServiceReport {
    /// Each warning and each fallback once, as the CLI and `cargo xtask
    /// codegen` print them: `<label>:<line>:<col>: at <pointer>: <message>`
    /// (the line and column where the pointer is found in `spec_file`).
    pub fn warning_lines(&self, label: &str, spec_file: &std::path::Path) -> Vec<String> {
        // A fallback a warning already tells of (a dangling `$ref` warned
        // about at the `$ref` itself) is not told twice.
        let told = |f: &&crate::ir::Fallback| {
            self.warnings
                .iter()
                .any(|w| w.pointer.starts_with(&f.pointer) && w.message.contains(&f.reason))
        };
        let fallbacks = self
            .fallbacks
            .iter()
            .filter(|f| !told(f))
            .map(|f| (f.pointer.as_str(), format!("fallback: {}", f.reason)));
        let mut seen = std::collections::HashSet::new();
        let unique: Vec<(&str, String)> = self
            .warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.clone()))
            .chain(fallbacks)
            .filter(|(pointer, message)| seen.insert((*pointer, message.clone())))
            .collect();
        let pointers: Vec<&str> = unique.iter().map(|(pointer, _)| *pointer).collect();
        let places = match crate::load::spec_text(spec_file) {
            Some(text) => crate::load::locate_many(&text, &pointers),
            None => vec![None; pointers.len()],
        };
        unique
            .into_iter()
            .zip(places)
            .map(|((pointer, message), place)| match place {
                Some((line, column)) => format!("{label}:{line}:{column}: at {pointer}: {message}"),
                None => format!("{label}: at {pointer}: {message}"),
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct GeneratedCrate {
    pub files: FileSet,
    pub reports: Vec<ServiceReport>,
}

/// Reads, lowers and normalises one spec into the IR.
pub fn build_api(service: &ServiceSpec) -> Result<(Api, Dialect, Duration, u64)> {
    let start = Instant::now();
    let loaded = crate::load::load(&service.spec).map_err(add_line_col)?;
    let parse_time = start.elapsed();
    let spec_bytes = loaded.size_bytes;
    let model = crate::frontend::to_model(loaded).map_err(add_line_col)?;
    let mut api = crate::lower::lower(&model).map_err(add_line_col)?;
    // The front-end's findings on the document as written come first.
    api.warnings.splice(0..0, model.warnings.iter().cloned());
    crate::passes::run(&mut api, &service.passes, &crate::emit::generated_names());
    Ok((api, model.dialect, parse_time, spec_bytes))
}

/// Errors found after parsing carry a JSON pointer; where the pointer can be
/// found in the file's text, add its line and column.
fn add_line_col(error: Error) -> Error {
    match error {
        Error::Spec(mut d) if d.line_col.is_none() => {
            if let Some(pointer) = &d.pointer
                && let Some(text) = crate::load::spec_text(&d.file)
            {
                d.line_col = crate::load::locate(&text, pointer);
            }
            Error::Spec(d)
        }
        other => other,
    }
}

fn header(generated_by: &str, source: &str) -> String {
    // `source` names a spec file, whose name may hold anything a comment must not.
    let source = crate::emit::escape_invisible(source).replace('\n', "\\n");
    format!(
        "// @generated by `{generated_by}` from {source}. Do not edit: change the spec or the generator, then regenerate.\n\n"
    )
}

/// Generates the whole crate described by `spec`.
///
/// Runs on a thread of its own with a large stack: specs nest deeply, and
/// deserialising and lowering them recurse with them.
pub fn generate_crate(spec: &CrateSpec, standalone: bool) -> Result<GeneratedCrate> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("oagen-generate".into())
            .stack_size(GENERATION_STACK_BYTES)
            .spawn_scoped(scope, || generate_crate_here(spec, standalone));
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: do the work on this one.
            Err(_) => generate_crate_here(spec, standalone),
        }
    })
}

/// Stack for the generation thread (reserved, not committed, until used).
const GENERATION_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Stack for the thread writing the reference pages.
const DOCS_STACK_BYTES: usize = 64 * 1024 * 1024;

fn generate_crate_here(spec: &CrateSpec, standalone: bool) -> Result<GeneratedCrate> {
    let mut files = FileSet::default();
    let mut reports = Vec::new();
    for service in &spec.services {
        if let Some(problem) = crate::features::service_feature_problem(&service.feature) {
            return Err(Error::Spec(crate::Diagnostic::new(&service.spec, problem)));
        }
    }
    let mut feature_names =
        crate::features::FeatureNames::new(spec.services.iter().map(|s| s.feature.as_str()));
    let mut all_features = Vec::new();
    for service in &spec.services {
        let start = Instant::now();
        let (api, dialect, parse_time, spec_bytes) = build_api(service)?;
        let partition = crate::emit::Partition::new(&api);
        let features = feature_names.service(&service.feature, &partition);
        let module_doc = module_doc(service, &api, &partition, &features);
        let module_path = format!("{}::{}", spec.name.replace('-', "_"), service.module);
        let docs = crate::emit::DocsContext {
            service_name: &service.name,
            module_path: &module_path,
            feature: &service.feature,
            spec_label: &service.spec_label,
            generated_by: &spec.generated_by,
        };
        // The reference pages are written while the code is printed.
        let (rendered, pages) = std::thread::scope(|scope| {
            let pages = std::thread::Builder::new()
                .name("oagen-docs".into())
                .stack_size(DOCS_STACK_BYTES)
                .spawn_scoped(scope, || crate::emit::service_docs(&api, &docs));
            let rendered = crate::emit::service_files(
                &api,
                &module_doc,
                service.rate_limit,
                &module_path,
                &partition,
                &features,
            );
            let pages = match pages {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: write them on this one.
                Err(_) => crate::emit::service_docs(&api, &docs),
            };
            (rendered, pages)
        });
        let rendered = rendered
            .map_err(|message| Error::Spec(crate::Diagnostic::new(&service.spec, message)))?;
        let mut lines = 0;
        for (file, text) in rendered {
            let text = format!("{}{text}", header(&spec.generated_by, &service.spec_label));
            lines += text.lines().count();
            files.insert(format!("src/{}/{file}", service.module), text);
        }
        for (file, text) in pages {
            files.insert(format!("docs/{}/{file}", service.module), text);
        }
        reports.push(ServiceReport {
            name: service.name.clone(),
            dialect,
            operations: api.operations.len(),
            types: api
                .types
                .defs
                .iter()
                .filter(|d| d.merged_into.is_none())
                .count(),
            fallbacks: api.fallbacks,
            warnings: api.warnings,
            parse_time,
            total_time: start.elapsed(),
            generated_lines: lines,
            spec_bytes,
        });
        all_features.push(features);
    }
    let specs_label = "the specs in its manifest";
    for (name, text) in RUNTIME_FILES {
        let source = format!("templates/runtime/{name}");
        files.insert(
            format!("src/runtime/{name}"),
            format!("{}{text}", header(&spec.generated_by, &source)),
        );
    }
    files.insert("src/lib.rs", lib_rs(spec, specs_label, &all_features));
    files.insert("Cargo.toml", cargo_toml(spec, standalone, &all_features));
    files.insert(
        crate::write::MARKER,
        crate::write::marker_text(&spec.generated_by),
    );
    Ok(GeneratedCrate { files, reports })
}

fn module_doc(
    service: &ServiceSpec,
    api: &Api,
    partition: &crate::emit::Partition,
    features: &crate::emit::Features,
) -> String {
    let mut doc = format!("{} (API version {}).", api.title.trim(), api.version.trim());
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(&crate::emit::sanitize_doc(description));
    }
    doc.push_str(&format!(
        "\n\nGenerated from `{}`; enabled by the `{}` feature.",
        service.spec_label, service.feature
    ));
    doc.push_str(&crate::features::groups_doc(partition, features));
    doc
}

fn lib_rs(spec: &CrateSpec, source: &str, features: &[crate::emit::Features]) -> String {
    let table: String =
        std::iter::once("//! | module | service | spec |\n//! | --- | --- | --- |".to_string())
            .chain(spec.services.iter().map(|s| {
                format!(
                    "//! | [`{}`] | {} | `{}` |",
                    s.module,
                    table_cell(&s.name),
                    table_cell(&s.spec_label)
                )
            }))
            .collect::<Vec<_>>()
            .join("\n");
    let mut out = header(&spec.generated_by, source);
    out.push_str(&LIB_DOC.replace("{{service_table}}", &table));
    // Generated modules are formatted by prettyplease; rustfmt leaves them be.
    out.push_str("\n#![forbid(unsafe_code)]\n");
    for module in ROOT_MODULES {
        out.push_str(&format!("\n#[rustfmt::skip]\npub mod {module};\n"));
    }
    // Deprecated schemas are still used by the module's other items (fields,
    // builders, its own impls); callers still see the deprecation at their use.
    for (s, features) in spec.services.iter().zip(features) {
        out.push_str(&format!(
            "\n#[cfg(any({}))]\n#[rustfmt::skip]\n#[allow(deprecated)]\npub mod {};\n",
            crate::features::module_cfg(features),
            s.module
        ));
    }
    out
}

/// Text for a cell of a Markdown table in a doc comment, on one line.
pub(crate) fn table_cell(text: &str) -> String {
    crate::emit::escape_invisible(text)
        .replace('\n', "\\n")
        .replace('|', "\\|")
}

fn cargo_toml(spec: &CrateSpec, standalone: bool, features: &[crate::emit::Features]) -> String {
    let mut defaults: Vec<&str> = spec.services.iter().map(|s| s.feature.as_str()).collect();
    defaults.sort();
    defaults.dedup();
    let services: Vec<&str> = spec.services.iter().map(|s| s.name.as_str()).collect();
    let description = format!(
        "Typed async Rust clients generated from OpenAPI specs: {}",
        services.join(", ")
    );
    // Values as TOML strings, quoted and escaped: service names come from
    // file names and manifests, and may hold quotes or backslashes.
    let toml_string = |s: &str| toml::Value::String(s.to_string()).to_string();
    CARGO_TOML
        .replace("{{generated_by}}", &format!("`{}`", spec.generated_by))
        .replace("{{name}}", &toml_string(&spec.name))
        .replace("{{version}}", &toml_string(&spec.version))
        .replace("{{description}}", &toml_string(&description))
        .replace(
            "{{default_features}}",
            &defaults
                .iter()
                .map(|f| format!("\"{f}\", "))
                .collect::<String>(),
        )
        .replace(
            "{{features}}",
            &crate::features::feature_lines(features).join("\n"),
        )
        .replace("{{extra}}", if standalone { "\n[workspace]\n" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::RUNTIME_FILES;

    /// Every file of `templates/runtime/` is copied (and so drift-checked),
    /// and nothing else is.
    #[test]
    fn runtime_files_list_the_whole_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = RUNTIME_FILES
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }
}
