//! `$defs` (and draft-4 `definitions`) inside schemas are hoisted into
//! `components/schemas`, which is where 3.0 and `openapiv3` look for them.

use crate::frontend::walk::{
    MAX_DEPTH, Visitor, for_each_subschema_at, rewrite_refs, walk_document,
};
use crate::json_pointer::escape_pointer_segment;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// Moves `$defs` (and draft-4 `definitions`) found inside schemas into
/// `components/schemas` and points their references there.
pub(super) fn hoist_defs(doc: &mut Value) {
    let mut hoister = DefsHoister::new(doc);
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            let pointer = format!("#/components/schemas/{}", escape_pointer_segment(name));
            hoister.collect(schema, Some(&pointer), name, 0);
        }
    }
    walk_document(doc, &mut InlineDefs(&mut hoister));
    if hoister.hoisted.is_empty() {
        return;
    }
    if let Some(root) = doc.as_object_mut() {
        let components = root.entry("components").or_insert_with(|| json!({}));
        if let Some(components) = components.as_object_mut() {
            let schemas = components.entry("schemas").or_insert_with(|| json!({}));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, schema) in std::mem::take(&mut hoister.hoisted) {
                    schemas.insert(name, schema);
                }
            }
        }
    }
    rewrite_refs(doc, &hoister.renames, 0);
}

/// `$defs` in schemas outside `components/schemas` (no stable pointer).
struct InlineDefs<'a>(&'a mut DefsHoister);

impl Visitor for InlineDefs<'_> {
    fn schema(&mut self, schema: &mut Value) {
        self.0.collect(schema, None, "Inline", 0);
    }
}

struct DefsHoister {
    taken: HashSet<String>,
    hoisted: Vec<(String, Value)>,
    /// Old pointer (`#/components/schemas/A/$defs/B`) → new `$ref`.
    renames: HashMap<String, String>,
}

impl DefsHoister {
    fn new(doc: &Value) -> Self {
        let taken = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        DefsHoister {
            taken,
            hoisted: Vec::new(),
            renames: HashMap::new(),
        }
    }

    fn unique_name(&mut self, owner: &str, name: &str) -> String {
        let mut candidate = name.to_string();
        if self.taken.contains(&candidate) {
            candidate = format!("{owner}{name}");
        }
        let base = candidate.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Takes the `$defs` out of `schema` and its subschemas. `pointer` is the
    /// schema's own location when it is known.
    fn collect(&mut self, schema: &mut Value, pointer: Option<&str>, owner: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        let first_hoisted = self.hoisted.len();
        let mut local = HashMap::new();
        for key in ["$defs", "definitions"] {
            let Some(Value::Object(defs)) = obj.shift_remove(key) else {
                continue;
            };
            for (name, mut def) in defs {
                let new_name = self.unique_name(owner, &name);
                let new_ref = format!("#/components/schemas/{}", escape_pointer_segment(&new_name));
                let segment = format!("/{key}/{}", escape_pointer_segment(&name));
                let def_pointer = pointer.map(|p| format!("{p}{segment}"));
                if let Some(p) = &def_pointer {
                    self.renames.insert(p.clone(), new_ref.clone());
                }
                local.insert(format!("#{segment}"), new_ref);
                self.collect(&mut def, def_pointer.as_deref(), &new_name, depth + 1);
                self.hoisted.push((new_name, def));
            }
        }
        for_each_subschema_at(obj, &mut |segment, sub| {
            let sub_pointer = pointer.map(|p| format!("{p}{segment}"));
            self.collect(sub, sub_pointer.as_deref(), owner, depth + 1);
        });
        if !local.is_empty() {
            // `#/$defs/X` is relative to the schema that declared it.
            rewrite_refs(schema, &local, 0);
            for (_, def) in self.hoisted.iter_mut().skip(first_hoisted) {
                rewrite_refs(def, &local, 0);
            }
        }
    }
}
