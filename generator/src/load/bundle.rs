//! Bundling: every `$ref` to another file becomes a reference inside the root
//! document. Schemas are hoisted into the root's schema section (so they keep a
//! name and are shared); anything else (parameters, responses...) is inlined.

use super::read_document;
use crate::error::{Diagnostic, Result, escape_pointer_segment};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Stop following chains of files after this many: a loop of inlined refs.
const MAX_INLINE_DEPTH: usize = 64;

pub fn bundle_external_refs(root_file: &Path, mut document: Value) -> Result<Value> {
    if !has_external_ref(&document) {
        return Ok(document);
    }
    let swagger2 = document.get("swagger").is_some();
    let mut bundler = Bundler {
        root_file: canonical(root_file),
        files: HashMap::new(),
        hoisted: HashMap::new(),
        hoisted_schemas: BTreeMap::new(),
        taken_names: existing_schema_names(&document, swagger2),
        schema_section: if swagger2 {
            "#/definitions/"
        } else {
            "#/components/schemas/"
        },
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
    files: HashMap<PathBuf, Value>,
    /// (file, fragment) -> name under the root's schema section.
    hoisted: HashMap<(PathBuf, String), String>,
    hoisted_schemas: BTreeMap<String, Value>,
    taken_names: std::collections::HashSet<String>,
    /// Where hoisted schemas go: `#/definitions/` or `#/components/schemas/`.
    schema_section: &'static str,
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
        match value {
            Value::Object(obj) => {
                if let Some(Value::String(reference)) = obj.get("$ref") {
                    let reference = reference.clone();
                    let (target_file, fragment) = split_ref(&reference, file);
                    let is_root = target_file == self.root_file;
                    if !is_root {
                        if in_schema_context(path) {
                            let name = self.hoist(&target_file, &fragment, depth)?;
                            obj.insert("$ref".into(), Value::String(self.local_schema_ref(&name)));
                        } else {
                            if depth > MAX_INLINE_DEPTH {
                                return Err(Diagnostic::new(
                                    file,
                                    format!("`$ref: {reference}` leads into a loop of files"),
                                )
                                .at(crate::error::pointer(path.iter().map(String::as_str)))
                                .into());
                            }
                            let mut target = self.resolve(&target_file, &fragment, file, path)?;
                            self.rewrite(&mut target, &target_file, path, depth + 1)?;
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
                    self.rewrite(v, file, path, depth)?;
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    self.rewrite(v, file, path, depth)?;
                    path.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn local_schema_ref(&self, name: &str) -> String {
        format!("{}{}", self.schema_section, escape_pointer_segment(name))
    }

    fn hoist(&mut self, target_file: &Path, fragment: &str, depth: usize) -> Result<String> {
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
        let mut schema = self.resolve(target_file, fragment, target_file, &[])?;
        let mut path = vec!["definitions".to_string(), name.clone()];
        self.rewrite(&mut schema, target_file, &mut path, depth + 1)?;
        self.hoisted_schemas.insert(name.clone(), schema);
        Ok(name)
    }

    fn resolve(
        &mut self,
        target_file: &Path,
        fragment: &str,
        from: &Path,
        at: &[String],
    ) -> Result<Value> {
        if !self.files.contains_key(target_file) {
            let (doc, _) = read_document(target_file).map_err(|e| match e {
                crate::Error::Spec(d) if d.pointer.is_none() && d.line_col.is_none() => {
                    Diagnostic::new(
                        from,
                        format!("`$ref` to {}: {}", target_file.display(), d.message),
                    )
                    .at(crate::error::pointer(at.iter().map(String::as_str)))
                    .into()
                }
                other => other,
            })?;
            self.files.insert(target_file.to_path_buf(), doc);
        }
        let doc = &self.files[target_file];
        let target = if fragment.is_empty() || fragment == "/" {
            Some(doc)
        } else {
            doc.pointer(fragment)
        };
        target.cloned().ok_or_else(|| {
            Diagnostic::new(
                from,
                format!(
                    "`$ref` points at `{fragment}`, which {} does not have",
                    target_file.display()
                ),
            )
            .at(crate::error::pointer(at.iter().map(String::as_str)))
            .into()
        })
    }
}

fn fragment_ref(fragment: &str) -> String {
    format!("#{fragment}")
}

/// Splits `other.yaml#/a/b` into the canonical file and the pointer `/a/b`.
fn split_ref(reference: &str, from_file: &Path) -> (PathBuf, String) {
    let (file_part, fragment) = match reference.split_once('#') {
        Some((f, frag)) => (f, frag.to_string()),
        None => (reference, String::new()),
    };
    if file_part.is_empty() {
        return (canonical(from_file), fragment);
    }
    let base = from_file.parent().unwrap_or_else(|| Path::new("."));
    (canonical(&base.join(file_part)), fragment)
}
