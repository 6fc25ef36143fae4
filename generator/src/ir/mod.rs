//! The intermediate representation: what the API means, free of how the spec
//! wrote it. Built by [`crate::lower`], refined by [`crate::passes`], read by
//! [`crate::emit`]. Names here are still the spec's until the naming pass
//! gives every item its Rust identifier.

mod examples;
#[cfg(test)]
pub mod test_builder;
mod types;

pub use examples::*;
pub use types::*;

/// One service's API.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// Server URLs with their variables set to the defaults.
    pub servers: Vec<Server>,
    pub operations: Vec<Operation>,
    pub types: TypeSpace,
    pub security_schemes: Vec<SecurityScheme>,
    /// The credentials model: one constructor per way of authenticating (auth pass).
    pub credentials: Vec<CredentialConstructor>,
    /// Places where the spec could not be typed exactly and a loose type stands in.
    pub fallbacks: Vec<Fallback>,
    /// Odd but usable things found in the spec.
    pub warnings: Vec<Warning>,
    /// Every example the spec gives, with the type of its place.
    pub examples: Vec<Example>,
}

impl Api {
    /// The spec's server when it is a path and no server names a host
    /// (Swagger 2.0 `basePath` without `host`, as Alertmanager's `/api/v2`):
    /// the base URL users set is their server's address followed by this path.
    pub fn relative_server_path(&self) -> Option<&str> {
        if self.servers.iter().any(|s| s.url.starts_with("http")) {
            return None;
        }
        let path = self.servers.first()?.url.trim_end_matches('/');
        path.starts_with('/').then_some(path)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// JSON pointer of the schema or media type.
    pub pointer: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pointer: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Safe to repeat: retried on connection errors without the caller opting in.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One HTTP operation the client can call.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId, if it had one.
    pub operation_id: Option<String>,
    /// The method's Rust name (snake_case), set by the naming pass.
    pub name: String,
    /// PascalCase stem of the builder, error and response types, set by the naming pass.
    pub type_name: String,
    pub method: Method,
    /// The path template, `/pets/{petId}`.
    pub path: String,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Whether credentials are sent: false where the operation opts out with `security: []`.
    pub authenticated: bool,
    /// The names of the security schemes the operation accepts (any one of them).
    pub security: Vec<String>,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// Set by the pagination pass for operations that page by limit and offset.
    pub pagination: Option<Pagination>,
}

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece<'a> {
    /// Text sent as written (any brace that is not a placeholder's included).
    Text(&'a str),
    /// `{name}`: a path parameter's value goes here.
    Param(&'a str),
}

/// Splits a path template into text and placeholders. A placeholder is
/// `{name}` with a name that is not empty and holds no brace; every other
/// brace (`/c/d}`, `/a/{b`, `/x/{}`) is text, sent as written.
pub fn path_pieces(path: &str) -> Vec<PathPiece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(open) = path[at..].find('{').map(|i| at + i) {
        let after = open + 1;
        let name_len = path[after..].find(['{', '}']);
        match name_len {
            Some(len) if len > 0 && path[after + len..].starts_with('}') => {
                if text_start < open {
                    pieces.push(PathPiece::Text(&path[text_start..open]));
                }
                pieces.push(PathPiece::Param(&path[after..after + len]));
                at = after + len + 1;
                text_start = at;
            }
            _ => at = after,
        }
    }
    if text_start < path.len() {
        pieces.push(PathPiece::Text(&path[text_start..]));
    }
    pieces
}

/// How an operation pages through a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Index into `parameters` of the page-size parameter.
    pub limit: usize,
    /// Index into `parameters` of the offset parameter.
    pub offset: usize,
    /// The page size used when the caller sets none: the documented maximum.
    pub page_size: i64,
    /// The type of one item of a page.
    pub item: TypeRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How an array or object parameter is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a=1,2` or `a=1&a=2` (with explode); also `simple` for path and header.
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// `a[b]=1`
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub wire_name: String,
    /// Rust name, set by the naming pass.
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub style: ParamStyle,
    pub explode: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<serde_json::Value>,
    pub constraints: Constraints,
}

/// Limits the spec states on a value, checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    pub content_type: String,
    pub kind: BodyKind,
    /// Multipart bodies: the content type the spec's `encoding` gives a
    /// part, by the field's wire name (one concrete media type only).
    pub part_types: Vec<(String, String)>,
}

/// How a body travels on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// Serialised with serde_json.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`, serialised with serde_urlencoded.
    Form(TypeRef),
    /// `multipart/form-data`, built from the fields of a struct (its
    /// `format: binary` fields are [`Primitive::File`] parts after the
    /// multipart pass).
    Multipart(TypeRef),
    /// Plain text.
    Text,
    /// Raw bytes (octet-stream, images, anything else).
    Binary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusMatch,
    pub description: Option<String>,
    pub body: Option<ResponseBody>,
    /// `text/event-stream` offered beside `body` (the type of its events'
    /// data): read by the builder's `send_events`.
    pub events: Option<TypeRef>,
    /// The response documents a `Retry-After` header.
    pub retry_after: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    pub content_type: String,
    pub kind: ResponseKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    Json(TypeRef),
    Text,
    /// Bytes (a download), handed over as they arrive.
    Binary,
    /// Server-sent events whose data is of this type (`String`: the data's
    /// text as it is; otherwise JSON).
    Events(TypeRef),
    /// Another open-ended stream (NDJSON...), handed over as bytes.
    Stream,
}

/// An authentication scheme from the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in the spec.
    pub key: String,
    pub description: Option<String>,
    pub kind: SecuritySchemeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    Basic,
    Bearer,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// OAuth2 or OpenID Connect: the client sends the access token as Bearer.
    OAuth2,
}

/// One constructor of the generated `Credentials` type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialConstructor {
    /// The Rust function name (`api_key`, `basic`, `bearer`).
    pub name: String,
    /// The security scheme's key in the spec.
    pub scheme: String,
    pub description: Option<String>,
    pub kind: CredentialKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialKind {
    /// HTTP Basic, with the constructor's argument names.
    Basic {
        username: String,
        password: String,
    },
    Bearer,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_named_placeholders_are_parameters_and_other_braces_are_text() {
        use PathPiece::{Param, Text};
        assert_eq!(
            path_pieces("/pets/{petId}/photos"),
            vec![Text("/pets/"), Param("petId"), Text("/photos")]
        );
        assert_eq!(path_pieces("/c/d}"), vec![Text("/c/d}")]);
        assert_eq!(path_pieces("/a/{b"), vec![Text("/a/{b")]);
        assert_eq!(path_pieces("/x/{}/y"), vec![Text("/x/{}/y")]);
        assert_eq!(
            path_pieces("/{a{b}}"),
            vec![Text("/{a"), Param("b"), Text("}")]
        );
        assert_eq!(path_pieces("{id}"), vec![Param("id")]);
    }
}
