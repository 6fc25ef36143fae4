//! Repairs at the top of the document: `openapi`, `info` and its license,
//! the keys of `paths`, tags, external docs and servers (the last two also
//! where path items and operations have them).

use super::fields::{
    coerce_string, fix_array_field, fix_object_field, fix_strings, require_string,
};
use serde_json::{Map, Value, json};

pub(super) fn fix_root(root: &mut Map<String, Value>) {
    let version = root
        .get("openapi")
        .and_then(coerce_string)
        .unwrap_or_else(|| "3.0.3".into());
    root.insert("openapi".into(), Value::String(version));
    if !root.get("info").is_some_and(Value::is_object) {
        root.insert("info".into(), json!({}));
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        fix_info(info);
    }
    fix_path_keys(root);
    fix_servers(root);
    fix_tags(root);
    fix_external_docs(root);
    fix_object_field(root, "components");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.retain(|k, v| k.starts_with("x-") || v.is_object());
    }
}

fn fix_info(info: &mut Map<String, Value>) {
    require_string(info, "title", "API");
    require_string(info, "version", "0.0.0");
    fix_strings(info, &["description", "termsOfService", "summary"]);
    if let Some(Value::Object(contact)) = fix_object_field(info, "contact") {
        fix_strings(contact, &["name", "url", "email"]);
    }
    let keep_license = match fix_object_field(info, "license") {
        Some(Value::Object(license)) => fix_license(license),
        _ => true,
    };
    if !keep_license {
        info.shift_remove("license");
    }
}

/// 3.1 allows an SPDX `identifier` where 3.0 wants a `name`.
fn fix_license(license: &mut Map<String, Value>) -> bool {
    if license
        .get("name")
        .is_none_or(|n| coerce_string(n).is_none())
    {
        let Some(id) = license.get("identifier").and_then(coerce_string) else {
            return false;
        };
        license.insert("name".into(), Value::String(id));
    }
    fix_strings(license, &["name", "url"]);
    true
}

/// `paths` must be an object whose keys start with `/` (others are silently
/// ignored by `openapiv3`, so `pets:` would lose its operations).
fn fix_path_keys(root: &mut Map<String, Value>) {
    if !root.get("paths").is_some_and(Value::is_object) {
        root.insert("paths".into(), json!({}));
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    if paths
        .keys()
        .all(|k| k.starts_with('/') || k.starts_with("x-"))
    {
        return;
    }
    let mut fixed = Map::new();
    for (key, item) in std::mem::take(paths) {
        let key = if key.starts_with('/') || key.starts_with("x-") {
            key
        } else {
            format!("/{key}")
        };
        if !fixed.contains_key(&key) {
            fixed.insert(key, item);
        }
    }
    *paths = fixed;
}

fn fix_tags(root: &mut Map<String, Value>) {
    let Some(Value::Array(tags)) = fix_array_field(root, "tags") else {
        return;
    };
    tags.retain_mut(|tag| {
        let Some(tag) = tag.as_object_mut() else {
            return false;
        };
        let Some(name) = tag.get("name").and_then(coerce_string) else {
            return false;
        };
        tag.insert("name".into(), Value::String(name));
        fix_strings(tag, &["description"]);
        fix_external_docs(tag);
        true
    });
}

pub(super) fn fix_external_docs(obj: &mut Map<String, Value>) {
    let Some(Value::Object(docs)) = fix_object_field(obj, "externalDocs") else {
        return;
    };
    match docs.get("url").and_then(coerce_string) {
        Some(url) => {
            docs.insert("url".into(), Value::String(url));
            fix_strings(docs, &["description"]);
        }
        None => {
            obj.shift_remove("externalDocs");
        }
    }
}

/// `servers` lists: each needs a `url`; each variable a string `default`.
pub(super) fn fix_servers(obj: &mut Map<String, Value>) {
    let Some(Value::Array(servers)) = fix_array_field(obj, "servers") else {
        return;
    };
    servers.retain_mut(fix_server);
}

pub(super) fn fix_server(server: &mut Value) -> bool {
    let Some(server) = server.as_object_mut() else {
        return false;
    };
    let Some(url) = server.get("url").and_then(coerce_string) else {
        return false;
    };
    server.insert("url".into(), Value::String(url));
    fix_strings(server, &["description"]);
    if let Some(Value::Object(variables)) = fix_object_field(server, "variables") {
        variables.retain(|_, var| fix_server_variable(var));
    }
    true
}

fn fix_server_variable(var: &mut Value) -> bool {
    let Some(var) = var.as_object_mut() else {
        return false;
    };
    if let Some(Value::Array(values)) = fix_array_field(var, "enum") {
        *values = values
            .iter()
            .filter_map(coerce_string)
            .map(Value::String)
            .collect();
    }
    let first = match var.get("enum") {
        Some(Value::Array(values)) => values.first().cloned(),
        _ => None,
    };
    let default = var.get("default").and_then(coerce_string);
    let default = default
        .map(Value::String)
        .or(first)
        .unwrap_or_else(|| Value::String(String::new()));
    var.insert("default".into(), default);
    fix_strings(var, &["description"]);
    true
}
