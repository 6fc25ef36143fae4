//! Bundling: every `$ref` to another file becomes a reference inside the root
//! document. Schemas are hoisted into the root's schema section (so they keep a
//! name and are shared); anything else (parameters, responses...) is inlined.

use super::limits::{MAX_BUNDLED_DEPTH, too_deep};
use super::read::read_document;
use crate::error::{Diagnostic, Result};
use crate::json_pointer::{escape_pointer_segment, split_pointer};
use crate::suggest::closest_pointer;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Stop following chains of files after this many: a loop of inlined refs.
const MAX_INLINE_DEPTH: usize = 64;

/// At most this many JSON values are copied in by inlining: references that
/// fan out (two refs to a part that has two refs to a part...) would
/// otherwise grow the document exponentially.
const MAX_INLINED_VALUES: usize = 1_000_000;

/// `budget`: how many bytes the files reached through `$ref`s may hold, together.
pub fn bundle_external_refs(root_file: &Path, mut document: Value, budget: u64) -> Result<Value> {
    if !has_external_ref(&document) {
        return Ok(document);
    }
    let swagger2 = document.get("swagger").is_some();
    let mut bundler = Bundler {
        root_file: canonical(root_file),
        root_given: root_file.to_path_buf(),
        files: HashMap::new(),
        hoisted: HashMap::new(),
        hoisted_schemas: BTreeMap::new(),
        taken_names: existing_schema_names(&document, swagger2),
        schema_section: if swagger2 {
            "#/definitions/"
        } else {
            "#/components/schemas/"
        },
        budget,
        inlined_values: 0,
        canonical_names: HashMap::new(),
        local: Vec::new(),
    };
    let mut path = Vec::new();
    bundler.rewrite(&mut document, &bundler.root_file.clone(), &mut path, 0)?;
    // Hoisted schemas can themselves refer to further files: resolved as they are hoisted.
    let section = if swagger2 {
        document.as_object_mut().map(|o| {
            o.entry("definitions")
                .or_insert_with(|| Value::Object(Map::new()))
        })
    } else {
        document.as_object_mut().and_then(|o| {
            o.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .map(|c| {
                    c.entry("schemas")
                        .or_insert_with(|| Value::Object(Map::new()))
                })
        })
    };
    if let Some(Value::Object(section)) = section {
        for (name, schema) in std::mem::take(&mut bundler.hoisted_schemas) {
            section.insert(name, schema);
        }
    }
    Ok(document)
}

fn has_external_ref(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|s| !s.starts_with('#')))
                || (!k.starts_with("x-") && has_external_ref(v))
        }),
        Value::Array(a) => a.iter().any(has_external_ref),
        _ => false,
    }
}

fn existing_schema_names(doc: &Value, swagger2: bool) -> std::collections::HashSet<String> {
    let section = if swagger2 {
        doc.get("definitions")
    } else {
        doc.get("components").and_then(|c| c.get("schemas"))
    };
    section
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

struct Bundler {
    root_file: PathBuf,
    /// The root file's path as given (errors name it so).
    root_given: PathBuf,
    files: HashMap<PathBuf, Value>,
    /// (file, fragment) -> name under the root's schema section.
    hoisted: HashMap<(PathBuf, String), String>,
    hoisted_schemas: BTreeMap<String, Value>,
    taken_names: std::collections::HashSet<String>,
    /// Where hoisted schemas go: `#/definitions/` or `#/components/schemas/`.
    schema_section: &'static str,
    /// Where the walk is, as a pointer into the file being rewritten (errors
    /// name it; `path` is where the content lands in the root document).
    local: Vec<String>,
    /// Paths as joined → canonical paths.
    canonical_names: HashMap<PathBuf, PathBuf>,
    /// Bytes that further files may still hold.
    budget: u64,
    /// JSON values copied in by inlining so far.
    inlined_values: usize,
}

/// The number of JSON values in `v`, counted without recursion.
fn count_values(v: &Value) -> usize {
    let mut stack = vec![v];
    let mut n = 0;
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            Value::Object(o) => stack.extend(o.values()),
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    n
}

/// Keys under which a `$ref` points at a schema.
fn in_schema_context(path: &[String]) -> bool {
    let Some(parent) = path.last() else {
        return false;
    };
    let grand = path.len().checked_sub(2).map(|i| path[i].as_str());
    matches!(
        parent.as_str(),
        "schema" | "items" | "additionalProperties" | "not"
    ) || matches!(
        grand,
        Some("properties" | "allOf" | "oneOf" | "anyOf" | "definitions" | "schemas")
    )
}

impl Bundler {
    fn rewrite(
        &mut self,
        value: &mut Value,
        file: &Path,
        path: &mut Vec<String>,
        depth: usize,
    ) -> Result<()> {
        if path.len() > MAX_BUNDLED_DEPTH {
            return Err(too_deep(&self.root_given).into());
        }
        match value {
            Value::Object(obj) => {
                if let Some(Value::String(reference)) = obj.get("$ref") {
                    let reference = reference.clone();
                    let shown_file = self.shown_file(file);
                    if is_remote(&reference) {
                        return Err(Diagnostic::new(
                            &shown_file,
                            format!(
                                "`$ref: {reference}` is a URL; remote references are not followed"
                            ),
                        )
                        .at(ref_pointer(&self.local))
                        .hint("download the file and refer to it by a relative path")
                        .into());
                    }
                    let (target_file, fragment) = self.split_ref(&reference, file);
                    let is_root = target_file == self.root_file;
                    if !is_root {
                        let site = RefSite {
                            file: &shown_file,
                            local: self.local.clone(),
                            reference: &reference,
                        };
                        if in_schema_context(path) {
                            let name = self.hoist(&target_file, &fragment, depth, &site)?;
                            obj.insert("$ref".into(), Value::String(self.local_schema_ref(&name)));
                        } else {
                            if depth > MAX_INLINE_DEPTH {
                                return Err(Diagnostic::new(
                                    &shown_file,
                                    format!("`$ref: {reference}` leads into a loop of files"),
                                )
                                .at(ref_pointer(&site.local))
                                .hint("break the loop: a chain of `$ref`s between files must end")
                                .into());
                            }
                            let mut target = self.resolve(&target_file, &fragment, &site)?;
                            self.inlined_values += count_values(&target);
                            if self.inlined_values > MAX_INLINED_VALUES {
                                return Err(Diagnostic::new(
                                    &shown_file,
                                    format!(
                                        "`$ref: {reference}`: the references to other files expand \
                                         to more than {MAX_INLINED_VALUES} values"
                                    ),
                                )
                                .at(ref_pointer(&site.local))
                                .hint(
                                    "references that fan out into each other grow without bound; \
                                       move the shared parts under `components`",
                                )
                                .into());
                            }
                            let outer = std::mem::replace(
                                &mut self.local,
                                split_pointer(&fragment).unwrap_or_default(),
                            );
                            self.rewrite(&mut target, &target_file, path, depth + 1)?;
                            self.local = outer;
                            *value = target;
                        }
                        return Ok(());
                    } else if file != self.root_file {
                        // A local ref inside another file, pointing back at the root.
                        obj.insert("$ref".into(), Value::String(fragment_ref(&fragment)));
                    }
                }
                for (k, v) in obj.iter_mut() {
                    if k.starts_with("x-") {
                        // Extensions are not ours to follow (train-travel refers to Markdown files).
                        continue;
                    }
                    path.push(k.clone());
                    self.local.push(k.clone());
                    self.rewrite(v, file, path, depth)?;
                    path.pop();
                    self.local.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    self.local.push(i.to_string());
                    self.rewrite(v, file, path, depth)?;
                    path.pop();
                    self.local.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Splits `other.yaml#/a/b` into the canonical file and the pointer `/a/b`
    /// (file names are made canonical once each: references can be many).
    fn split_ref(&mut self, reference: &str, from_file: &Path) -> (PathBuf, String) {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag.to_string()),
            None => (reference, String::new()),
        };
        let joined = if file_part.is_empty() {
            from_file.to_path_buf()
        } else {
            let base = from_file.parent().unwrap_or_else(|| Path::new("."));
            base.join(file_part)
        };
        let file = self
            .canonical_names
            .entry(joined)
            .or_insert_with_key(|p| canonical(p))
            .clone();
        (file, fragment)
    }

    /// The file as the user named it (the root) or as a `$ref` reached it.
    fn shown_file(&self, file: &Path) -> PathBuf {
        if file == self.root_file {
            return self.root_given.clone();
        }
        // Beside or below the root: named from the root's folder, as given.
        let root_dir = self.root_file.parent();
        match root_dir.and_then(|d| file.strip_prefix(d).ok()) {
            Some(relative) => self
                .root_given
                .parent()
                .map_or_else(|| relative.to_path_buf(), |p| p.join(relative)),
            None => file.to_path_buf(),
        }
    }

    fn local_schema_ref(&self, name: &str) -> String {
        format!("{}{}", self.schema_section, escape_pointer_segment(name))
    }

    fn hoist(
        &mut self,
        target_file: &Path,
        fragment: &str,
        depth: usize,
        site: &RefSite,
    ) -> Result<String> {
        let key = (target_file.to_path_buf(), fragment.to_string());
        if let Some(name) = self.hoisted.get(&key) {
            return Ok(name.clone());
        }
        let base = fragment
            .rsplit('/')
            .find(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| {
                target_file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "External".into())
            });
        let mut name = base.clone();
        let mut n = 2;
        while self.taken_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken_names.insert(name.clone());
        self.hoisted.insert(key, name.clone());
        let mut schema = self.resolve(target_file, fragment, site)?;
        let mut path = vec!["definitions".to_string(), name.clone()];
        let outer = std::mem::replace(&mut self.local, split_pointer(fragment).unwrap_or_default());
        self.rewrite(&mut schema, target_file, &mut path, depth + 1)?;
        self.local = outer;
        self.hoisted_schemas.insert(name.clone(), schema);
        Ok(name)
    }

    fn resolve(&mut self, target_file: &Path, fragment: &str, site: &RefSite) -> Result<Value> {
        let reference = site.reference;
        let shown = site
            .written_file()
            .unwrap_or_else(|| self.shown_file(target_file).display().to_string());
        if !self.files.contains_key(target_file) {
            let (doc, size) = read_document(target_file, self.budget).map_err(|e| match e {
                // The file itself cannot be read: say so at the `$ref`.
                crate::Error::Spec(d) if d.pointer.is_none() && d.line_col.is_none() => {
                    let mut out = Diagnostic::new(
                        site.file,
                        format!("`$ref: {reference}`: {shown}: {}", d.message),
                    )
                    .at(ref_pointer(&site.local));
                    if let Some(hint) = d.hint {
                        out = out.hint(hint);
                    } else if !target_file.exists() {
                        out = out.hint(format!(
                            "the path is taken relative to the folder of {}",
                            site.file.display()
                        ));
                    }
                    out.into()
                }
                other => other,
            })?;
            self.budget = self.budget.saturating_sub(size);
            self.files.insert(target_file.to_path_buf(), doc);
        }
        let doc = &self.files[target_file];
        let target = if fragment.is_empty() || fragment == "/" {
            Some(doc)
        } else {
            doc.pointer(fragment)
        };
        if let Some(target) = target {
            return Ok(target.clone());
        }
        let mut d = Diagnostic::new(
            site.file,
            format!("`$ref: {reference}` points at `#{fragment}`, which {shown} does not have"),
        )
        .at(ref_pointer(&site.local));
        if let Some(best) = closest_pointer(doc, fragment) {
            d = d.hint(format!("did you mean #{best}?"));
        } else if !fragment.is_empty() && !fragment.starts_with('/') {
            d = d.hint(
                "the part after `#` must be a JSON pointer such as `#/components/schemas/Pet`",
            );
        }
        Err(d.into())
    }
}

/// Where a `$ref` was written, for errors.
struct RefSite<'a> {
    file: &'a Path,
    /// The pointer, inside `file`, of the object holding the `$ref`.
    local: Vec<String>,
    reference: &'a str,
}

/// The pointer of the `$ref` key of the object at `path` (built only for errors).
fn ref_pointer(path: &[String]) -> String {
    let mut p = crate::json_pointer::pointer(path.iter().map(String::as_str));
    p.push_str("/$ref");
    p
}

impl RefSite<'_> {
    /// The target file as the author wrote it (relative to the referring
    /// file), unless the reference is local to a file other than the root.
    fn written_file(&self) -> Option<String> {
        let written = self.reference.split('#').next().unwrap_or_default();
        (!written.is_empty()).then(|| written.to_string())
    }
}

fn is_remote(reference: &str) -> bool {
    let file_part = reference.split('#').next().unwrap_or_default();
    file_part.contains("://")
}

fn fragment_ref(fragment: &str) -> String {
    format!("#{fragment}")
}
