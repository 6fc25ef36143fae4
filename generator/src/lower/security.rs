//! The security schemes of the components, lowered to the IR's schemes.

use super::*;

impl Lowering<'_> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = self.components else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let pointer =
                crate::json_pointer::pointer(["components", "securitySchemes", key.as_str()]);
            let Ok(scheme) = resolve(
                self.file,
                scheme,
                "securitySchemes",
                |n| components.security_schemes.get(n),
                &pointer,
            ) else {
                self.warn(&pointer, "security scheme reference not followed".into());
                continue;
            };
            let (kind, description) = match scheme {
                OaScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "basic" => (SecuritySchemeKind::Basic, description),
                        "bearer" => (SecuritySchemeKind::Bearer, description),
                        other => {
                            self.warn(&pointer, format!("HTTP auth scheme `{other}` is not supported; the scheme is skipped"));
                            continue;
                        }
                    }
                }
                OaScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SecuritySchemeKind::ApiKey {
                        location: match location {
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                OaScheme::OAuth2 { description, .. }
                | OaScheme::OpenIDConnect { description, .. } => {
                    (SecuritySchemeKind::OAuth2, description)
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                description: description.clone(),
                kind,
            });
        }
        out
    }
}
