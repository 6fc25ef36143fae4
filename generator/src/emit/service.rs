//! A service's root module: the `Client`, its builder and the credentials model.

use super::doc::{doc_attrs, doc_lines};
use super::rust_type::{derive_attribute, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `Client`'s own methods; the operations are methods beside them.
pub(super) const CLIENT_METHODS: &[&str] = &["builder", "with_credentials", "transport"];

/// The traits `Client` derives, then those it implements by hand.
pub(super) const CLIENT_DERIVES: &[&str] = &["Debug", "Clone"];
pub(super) const CLIENT_IMPLS: &[&str] = &["Service"];

/// `Credentials`' own functions; one constructor per security scheme goes
/// beside them.
pub(super) const CREDENTIALS_FUNCTIONS: &[&str] = &["custom", "and"];

/// The traits `Credentials` derives.
pub(super) const CREDENTIALS_DERIVES: &[&str] = &["Debug", "Clone", "PartialEq", "Eq"];

/// What the module defines or re-exports by name beside the operations'
/// types (re-exported with a glob, which these names would hide).
pub(super) const MODULE_ITEMS: &[&str] = &[
    "operations",
    "types",
    "runtime",
    "BuildError",
    "Error",
    "RateLimit",
    "RetryPolicy",
    "UnexpectedStatus",
    "Client",
    "ClientBuilder",
    "Credentials",
];

/// A documented rate limit: `requests` per `per_seconds` (from the manifest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitOption {
    pub requests: u32,
    pub per_seconds: u64,
}

pub fn service_module(
    api: &Api,
    module_doc: &str,
    rate_limit: Option<RateLimitOption>,
) -> TokenStream {
    let rate_limit = match rate_limit {
        Some(RateLimitOption {
            requests,
            per_seconds,
        }) => quote! {
            const RATE_LIMIT: Option<runtime::RateLimit> =
                Option::Some(runtime::RateLimit::new(#requests, std::time::Duration::from_secs(#per_seconds)));
        },
        None => TokenStream::new(),
    };
    let module_doc = doc_lines(module_doc);
    let default_base = api
        .servers
        .iter()
        .map(|s| s.url.trim_end_matches('/'))
        .find(|u| u.starts_with("https://"))
        .or_else(|| {
            api.servers
                .iter()
                .map(|s| s.url.trim_end_matches('/'))
                .find(|u| u.starts_with("http://"))
        });
    let default_base = match default_base {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let base_doc = match api.servers.first() {
        Some(s) if s.url.starts_with("http") => format!(
            "Starts with the base URL `{}`; change it with `base_url`.",
            s.url
        ),
        Some(_) if let Some(path) = api.relative_server_path() => format!(
            "The spec's server `{path}` is relative: set the base URL, the server's address followed by `{path}`, with `base_url`."
        ),
        Some(s) => format!(
            "The spec's server `{}` is relative: set the base URL with `base_url`.",
            s.url
        ),
        None => "The spec names no server: set the base URL with `base_url`.".to_string(),
    };
    let builder_doc = doc_lines(&format!("A builder for [`Client`]. {base_doc}"));
    let constructors = credential_constructors(api);
    let client_derives = derive_attribute(CLIENT_DERIVES);
    let credentials_derives = derive_attribute(CREDENTIALS_DERIVES);
    // Re-exporting an empty `operations` (a webhooks-only spec) is an unused import.
    let operations_reexport = if api.operations.is_empty() {
        TokenStream::new()
    } else {
        quote! { pub use operations::*; }
    };
    quote! {
        #module_doc

        pub mod operations;
        pub mod types;

        pub use crate::runtime::{BuildError, Error, RateLimit, RetryPolicy, UnexpectedStatus};
        #operations_reexport

        use crate::runtime;

        /// The client: cheap to clone (clones share connections).
        #client_derives
        pub struct Client {
            transport: runtime::Transport,
        }

        #builder_doc
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        impl Client {
            /// Starts building a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The same client (sharing its connections) with other credentials,
            /// for example a token just obtained from the service.
            pub fn with_credentials(&self, credentials: Credentials) -> Self {
                Client { transport: self.transport.with_credentials(credentials.into()) }
            }

            /// The transport, for calls the generated methods do not cover.
            pub fn transport(&self) -> &runtime::Transport {
                &self.transport
            }
        }

        impl runtime::Service for Client {
            const DEFAULT_BASE_URL: Option<&'static str> = #default_base;
            #rate_limit
            type Credentials = Credentials;
            fn from_transport(transport: runtime::Transport) -> Self {
                Client { transport }
            }
        }

        /// Credentials for this service. `Debug` output never shows the secrets.
        #credentials_derives
        pub struct Credentials(runtime::Credentials);

        // Constructors are named after the spec's security schemes: a
        // scheme `from_str` is not a `FromStr` implementation.
        #[allow(clippy::should_implement_trait)]
        impl Credentials {
            #constructors

            /// Any other kind of authentication.
            pub fn custom(auth: runtime::Auth) -> Self {
                Credentials(runtime::Credentials::new(auth))
            }

            /// Sends `other` as well as these.
            pub fn and(self, other: Credentials) -> Self {
                Credentials(self.0.and(other.0))
            }
        }

        impl From<Credentials> for runtime::Credentials {
            fn from(credentials: Credentials) -> Self {
                credentials.0
            }
        }
    }
}

fn credential_constructors(api: &Api) -> TokenStream {
    let items = api.credentials.iter().map(|c| {
        let f = ident(&c.name);
        let details = c.description.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default();
        match &c.kind {
            CredentialKind::Basic { username, password } => {
                let (u, p) = (ident(username), ident(password));
                let doc = doc_attrs(Some(&format!(
                    "HTTP Basic authentication (`{}`): `{username}` as the user name, `{password}` as the password.{details}",
                    c.scheme
                )));
                quote! {
                    #doc
                    pub fn #f(#u: impl Into<String>, #p: impl Into<String>) -> Self {
                        Credentials(runtime::Credentials::new(runtime::Auth::Basic { username: #u.into(), password: runtime::Secret::new(#p) }))
                    }
                }
            }
            CredentialKind::Bearer => bearer_constructor(&f, &c.scheme, c.description.as_deref()),
            CredentialKind::ApiKey { location, name } => {
                let loc = format_ident!(
                    "{}",
                    match location {
                        ParamLocation::Query => "Query",
                        ParamLocation::Cookie => "Cookie",
                        _ => "Header",
                    }
                );
                let doc = doc_attrs(Some(&format!("API key `{}`, sent as `{name}`.{details}", c.scheme)));
                quote! {
                    #doc
                    pub fn #f(key: impl Into<String>) -> Self {
                        Credentials(runtime::Credentials::new(runtime::Auth::ApiKey {
                            location: runtime::ApiKeyLocation::#loc,
                            name: #name.to_owned(),
                            value: runtime::Secret::new(key),
                        }))
                    }
                }
            }
        }
    });
    quote! { #(#items)* }
}

fn bearer_constructor(f: &proc_macro2::Ident, key: &str, description: Option<&str>) -> TokenStream {
    let doc = doc_attrs(Some(&format!(
        "A bearer token (`{key}`), sent as `Authorization: Bearer <token>`.{}",
        description.map(|d| format!("\n\n{d}")).unwrap_or_default()
    )));
    quote! {
        #doc
        pub fn #f(token: impl Into<String>) -> Self {
            Credentials(runtime::Credentials::new(runtime::Auth::Bearer(runtime::Secret::new(token))))
        }
    }
}
