//! Auth: every security scheme the spec declares (HTTP basic or bearer, API
//! keys in a header, query or cookie, OAuth2 and OpenID Connect tokens)
//! becomes a constructor of one `Credentials` model, named the way the
//! service speaks (`api_key(key_id, key_secret)` for env0's Basic keys).

use super::options::CredentialOptions;
use crate::ir::*;
use crate::passes::names::snake_ident;

pub fn build_credentials(api: &mut Api, options: &CredentialOptions) {
    let mut out: Vec<CredentialConstructor> = Vec::new();
    let api_keys = api
        .security_schemes
        .iter()
        .filter(|s| matches!(s.kind, SecuritySchemeKind::ApiKey { .. }))
        .count();
    for scheme in &api.security_schemes {
        let constructor = match &scheme.kind {
            SecuritySchemeKind::Basic => {
                let (name, username, password) = options
                    .basic
                    .clone()
                    .unwrap_or_else(|| ("basic".into(), "username".into(), "password".into()));
                CredentialConstructor {
                    name,
                    scheme: scheme.key.clone(),
                    description: scheme.description.clone(),
                    kind: CredentialKind::Basic { username, password },
                }
            }
            SecuritySchemeKind::Bearer | SecuritySchemeKind::OAuth2 => CredentialConstructor {
                name: "bearer".into(),
                scheme: scheme.key.clone(),
                description: scheme.description.clone(),
                kind: CredentialKind::Bearer,
            },
            SecuritySchemeKind::ApiKey { location, name } => CredentialConstructor {
                name: if api_keys == 1 {
                    "api_key".into()
                } else {
                    // A plain identifier: a keyword (a scheme named `true`
                    // or `type`) gets a trailing underscore, not `r#`.
                    let name = snake_ident(&scheme.key);
                    match name.strip_prefix("r#") {
                        Some(keyword) => format!("{keyword}_"),
                        None => name,
                    }
                },
                scheme: scheme.key.clone(),
                description: scheme.description.clone(),
                kind: CredentialKind::ApiKey {
                    location: *location,
                    name: name.clone(),
                },
            },
        };
        // One constructor per name: the first scheme that claims it wins.
        // (A name `Credentials` has a function of is numbered by the
        // naming pass.)
        if !out.iter().any(|c| c.name == constructor.name) {
            out.push(constructor);
        }
    }
    if options.extra_bearer && !out.iter().any(|c| c.name == "bearer") {
        out.push(CredentialConstructor {
            name: "bearer".into(),
            scheme: "token".into(),
            description: Some("A token obtained from the service itself.".into()),
            kind: CredentialKind::Bearer,
        });
    }
    api.credentials = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(key: &str, kind: SecuritySchemeKind) -> SecurityScheme {
        SecurityScheme {
            key: key.into(),
            description: None,
            kind,
        }
    }

    #[test]
    fn schemes_become_named_constructors() {
        let mut api = Api {
            security_schemes: vec![
                scheme("env0_API_Key", SecuritySchemeKind::Basic),
                scheme("oauth", SecuritySchemeKind::OAuth2),
                scheme("HTTPBearer", SecuritySchemeKind::Bearer),
                scheme(
                    "key",
                    SecuritySchemeKind::ApiKey {
                        location: ParamLocation::Header,
                        name: "X-Key".into(),
                    },
                ),
            ],
            ..Api::default()
        };
        let options = CredentialOptions {
            basic: Some(("api_key".into(), "key_id".into(), "key_secret".into())),
            extra_bearer: false,
        };
        build_credentials(&mut api, &options);
        let names: Vec<&str> = api.credentials.iter().map(|c| c.name.as_str()).collect();
        // The API key scheme would also be `api_key`: the Basic one came first.
        assert_eq!(names, ["api_key", "bearer"]);
        assert_eq!(
            api.credentials[0].kind,
            CredentialKind::Basic {
                username: "key_id".into(),
                password: "key_secret".into()
            }
        );
    }

    #[test]
    fn extra_bearer_is_added_once() {
        let mut api = Api {
            security_schemes: vec![scheme("basicAuth", SecuritySchemeKind::Basic)],
            ..Api::default()
        };
        build_credentials(
            &mut api,
            &CredentialOptions {
                basic: None,
                extra_bearer: true,
            },
        );
        let names: Vec<&str> = api.credentials.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["basic", "bearer"]);
    }
}
