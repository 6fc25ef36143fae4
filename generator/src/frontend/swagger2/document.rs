//! The rest of the document: `host`, `basePath` and `schemes` become
//! `servers`; `definitions`, global parameters, responses and
//! `securityDefinitions` become `components`.

use super::fields::{
    Object, copy_extensions, copy_text, entries, insert_non_empty, is_extension, location,
    string_list,
};
use super::paths::{Context, body_request_body, convert_parameter, convert_response};
use super::schema::converted_schema;
use serde_json::{Value, json};

// ------------------------------------------------------------------- servers

/// `host` + `basePath` + `schemes` → one server per scheme.
pub(super) fn servers(src: &Object) -> Vec<Value> {
    let base = base_path(src.get("basePath"));
    let host = src
        .get("host")
        .and_then(Value::as_str)
        .map(|h| h.trim().trim_end_matches('/'))
        .filter(|h| !h.is_empty());
    let urls: Vec<String> = match host {
        // Some specs put the scheme in `host`; trust it.
        Some(host) if host.contains("://") => vec![format!("{host}{base}")],
        Some(host) => {
            let mut schemes: Vec<String> = string_list(src.get("schemes"))
                .into_iter()
                .map(|s| s.to_ascii_lowercase())
                .filter(|s| matches!(s.as_str(), "http" | "https" | "ws" | "wss"))
                .collect();
            schemes.dedup();
            if schemes.is_empty() {
                schemes.push("https".into());
            }
            schemes
                .iter()
                .map(|scheme| format!("{scheme}://{host}{base}"))
                .collect()
        }
        None if base.is_empty() => Vec::new(),
        None => vec![base],
    };
    urls.into_iter().map(|url| json!({ "url": url })).collect()
}

/// `basePath` with a leading slash and no trailing one (`""` for the root),
/// so that operation paths can be appended directly.
fn base_path(value: Option<&Value>) -> String {
    let path = value
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .trim_end_matches('/');
    match path {
        "" => String::new(),
        p if p.starts_with('/') => p.to_string(),
        p => format!("/{p}"),
    }
}

// ---------------------------------------------------------------- components

pub(super) fn components(ctx: &Context, src: &Object) -> Object {
    let mut out = Object::new();

    let schemas: Object = entries(src.get("definitions"))
        .filter(|(_, schema)| schema.is_object())
        .map(|(name, schema)| (name.clone(), converted_schema(schema)))
        .collect();
    insert_non_empty(&mut out, "schemas", schemas);

    let responses: Object = entries(src.get("responses"))
        .filter_map(|(name, r)| {
            Some((
                name.clone(),
                convert_response(r.as_object()?, &ctx.produces),
            ))
        })
        .collect();
    insert_non_empty(&mut out, "responses", responses);

    let mut parameters = Object::new();
    let mut request_bodies = Object::new();
    for (name, param) in &ctx.parameters {
        let Some(resolved) = param.as_object().and_then(|p| ctx.resolve(p)) else {
            continue;
        };
        match location(resolved) {
            "body" => {
                request_bodies.insert(name.clone(), body_request_body(resolved, &ctx.consumes));
            }
            // Form fields are inlined into each operation's form schema.
            "formData" => {}
            _ => {
                if let Some(converted) = convert_parameter(resolved) {
                    parameters.insert(name.clone(), converted);
                }
            }
        }
    }
    insert_non_empty(&mut out, "parameters", parameters);
    insert_non_empty(&mut out, "requestBodies", request_bodies);

    let schemes: Object = entries(src.get("securityDefinitions"))
        .filter_map(|(name, s)| Some((name.clone(), convert_security_scheme(s.as_object()?)?)))
        .collect();
    insert_non_empty(&mut out, "securitySchemes", schemes);
    out
}

// ----------------------------------------------------------------- security

fn convert_security_scheme(scheme: &Object) -> Option<Value> {
    let mut out = Object::new();
    match scheme.get("type").and_then(Value::as_str)? {
        "basic" => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        "apiKey" => {
            let name = scheme.get("name").and_then(Value::as_str)?;
            let location = scheme
                .get("in")
                .and_then(Value::as_str)
                .filter(|l| matches!(*l, "query" | "header" | "cookie"))
                .unwrap_or("header");
            out.insert("type".into(), "apiKey".into());
            out.insert("name".into(), name.into());
            out.insert("in".into(), location.into());
        }
        "oauth2" => {
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), oauth2_flows(scheme));
        }
        _ => return None,
    }
    copy_text(scheme, &mut out, "description");
    copy_extensions(scheme, &mut out);
    Some(Value::Object(out))
}

/// A 2.0 oauth2 scheme has one `flow`; 3.0 nests it under its new name.
fn oauth2_flows(scheme: &Object) -> Value {
    let text = |key: &str| scheme.get(key).and_then(Value::as_str).map(str::to_string);
    let authorization_url = text("authorizationUrl");
    let token_url = text("tokenUrl");
    let flow = match scheme.get("flow").and_then(Value::as_str) {
        Some("implicit") => "implicit",
        Some("password") => "password",
        Some("application") => "clientCredentials",
        Some("accessCode") => "authorizationCode",
        // Unknown flow: guess from the URLs that are given.
        _ => match (&authorization_url, &token_url) {
            (Some(_), Some(_)) => "authorizationCode",
            (None, Some(_)) => "clientCredentials",
            _ => "implicit",
        },
    };
    let mut out = Object::new();
    if matches!(flow, "implicit" | "authorizationCode") {
        out.insert(
            "authorizationUrl".into(),
            authorization_url.unwrap_or_default().into(),
        );
    }
    if flow != "implicit" {
        out.insert("tokenUrl".into(), token_url.unwrap_or_default().into());
    }
    out.insert("scopes".into(), Value::Object(scopes(scheme.get("scopes"))));
    json!({ flow: out })
}

/// Scope descriptions must be strings in 3.0.
fn scopes(value: Option<&Value>) -> Object {
    entries(value)
        .filter(|(name, _)| !is_extension(name))
        .map(|(name, description)| {
            let text = match description {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (name.clone(), Value::String(text))
        })
        .collect()
}
