//! Emit: IR to Rust source, built with `quote!` and printed with prettyplease.
//! Emitters read the IR only, never the spec.

mod doc;
mod docs;
mod example;
mod operations;
mod rust_type;
mod service;
mod types;

pub use doc::sanitize as sanitize_doc;
pub use docs::DocsContext;
pub use example::ExampleContext;
pub use service::RateLimitOption;

use crate::ir::Api;
use proc_macro2::TokenStream;

/// The files of one service module, keyed by their path inside the module folder.
pub fn service_files(
    api: &Api,
    module_doc: &str,
    rate_limit: Option<RateLimitOption>,
    module_path: &str,
) -> Result<Vec<(String, String)>, String> {
    let examples = example_context(api, module_path);
    Ok(vec![
        (
            "mod.rs".into(),
            render(service::service_module(api, module_doc, rate_limit))?,
        ),
        ("types.rs".into(), render(types::types_module(api))?),
        (
            "operations.rs".into(),
            render(operations::operations_module(api, Some(&examples)))?,
        ),
    ])
}

/// The Markdown reference pages of one service, keyed by their path inside
/// its docs folder (`README.md`, `<Group>.md`, `models/<Type>.md`).
pub fn service_docs(api: &Api, ctx: &DocsContext<'_>) -> Vec<(String, String)> {
    docs::service_docs(api, ctx, &example_context(api, ctx.module_path))
}

/// The examples of a service living at `module_path` (`generated::env0`).
fn example_context<'a>(api: &'a Api, module_path: &'a str) -> ExampleContext<'a> {
    let env_prefix = module_path
        .rsplit("::")
        .next()
        .unwrap_or("API")
        .to_uppercase();
    ExampleContext {
        api,
        module_path,
        env_prefix,
    }
}

/// Tokens to formatted source.
pub fn render(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
