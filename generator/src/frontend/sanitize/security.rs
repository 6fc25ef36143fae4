//! Repairs of security schemes and requirements: a scheme of an unknown
//! type or without what its type needs (an OAuth2 scheme without flows) is
//! dropped, and so are the requirements that name it.

use super::fields::{
    coerce_string, fix_array_field, fix_strings, is_reference, require_present_string,
};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Security requirement lists: maps of scheme name to scope strings.
pub(super) fn fix_security_requirements(obj: &mut Map<String, Value>, dropped: &HashSet<String>) {
    let Some(Value::Array(requirements)) = fix_array_field(obj, "security") else {
        return;
    };
    requirements.retain_mut(|requirement| {
        let Some(requirement) = requirement.as_object_mut() else {
            return false;
        };
        // An alternative that needs a scheme we dropped cannot be met.
        if requirement.keys().any(|k| dropped.contains(k)) {
            return false;
        }
        for scopes in requirement.values_mut() {
            let list = match scopes {
                Value::Array(list) => list
                    .iter()
                    .filter_map(coerce_string)
                    .map(Value::String)
                    .collect(),
                _ => Vec::new(),
            };
            *scopes = Value::Array(list);
        }
        true
    });
}

/// Drops security schemes `openapiv3` cannot read (unknown types such as
/// `mutualTLS`, missing required fields) and returns their names.
pub(super) fn fix_security_schemes(root: &mut Map<String, Value>) -> HashSet<String> {
    let mut dropped = HashSet::new();
    let schemes = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"));
    if let Some(Value::Object(schemes)) = schemes {
        schemes.retain(|name, scheme| {
            let keep = fix_security_scheme(scheme);
            if !keep {
                dropped.insert(name.clone());
            }
            keep
        });
    }
    dropped
}

fn fix_security_scheme(scheme: &mut Value) -> bool {
    let Some(obj) = scheme.as_object_mut() else {
        return false;
    };
    if obj.contains_key("$ref") {
        return is_reference(obj);
    }
    fix_strings(obj, &["description"]);
    let kind = obj.get("type").and_then(coerce_string).unwrap_or_default();
    let kind = normalise_scheme_type(obj, &kind);
    obj.insert("type".into(), Value::String(kind.into()));
    match kind {
        "apiKey" => {
            let location = obj
                .get("in")
                .and_then(coerce_string)
                .map(|l| l.to_ascii_lowercase());
            let Some(location) =
                location.filter(|l| ["query", "header", "cookie"].contains(&l.as_str()))
            else {
                return false;
            };
            obj.insert("in".into(), Value::String(location));
            require_present_string(obj, "name")
        }
        "http" => {
            fix_strings(obj, &["bearerFormat"]);
            require_present_string(obj, "scheme")
        }
        "oauth2" => fix_oauth2_flows(obj),
        "openIdConnect" => require_present_string(obj, "openIdConnectUrl"),
        _ => false,
    }
}

/// The scheme type in its 3.0 spelling, whatever the case; Swagger's
/// `basic` (seen in hand-converted 3.0 specs) becomes HTTP basic.
fn normalise_scheme_type(obj: &mut Map<String, Value>, kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "apikey" => "apiKey",
        "http" => "http",
        "basic" | "bearer" => {
            let scheme = kind.to_ascii_lowercase();
            obj.entry("scheme").or_insert_with(|| Value::String(scheme));
            "http"
        }
        "oauth2" => "oauth2",
        "openidconnect" => "openIdConnect",
        _ => "",
    }
}

fn fix_oauth2_flows(obj: &mut Map<String, Value>) -> bool {
    let Some(Value::Object(flows)) = obj.get_mut("flows") else {
        return false;
    };
    let required: [(&str, &[&str]); 4] = [
        ("implicit", &["authorizationUrl"]),
        ("password", &["tokenUrl"]),
        ("clientCredentials", &["tokenUrl"]),
        ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
    ];
    for (flow_name, urls) in required {
        let Some(flow) = flows.get_mut(flow_name) else {
            continue;
        };
        let valid = flow.as_object_mut().is_some_and(|flow| {
            let urls_ok = urls.iter().all(|u| require_present_string(flow, u));
            fix_strings(flow, &["refreshUrl"]);
            let scopes = match flow.get("scopes") {
                Some(Value::Object(scopes)) => scopes
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            Value::String(coerce_string(v).unwrap_or_default()),
                        )
                    })
                    .collect(),
                _ => Map::new(),
            };
            flow.insert("scopes".into(), Value::Object(scopes));
            urls_ok
        });
        if !valid {
            flows.shift_remove(flow_name);
        }
    }
    true
}
