//! Emit: IR to Rust source, built with `quote!` and printed with prettyplease.
//! Emitters read the IR only, never the spec.

mod builders;
mod doc;
mod docs;
mod example;
mod files;
mod members;
mod multipart;
mod operations;
pub mod partition;
mod path_grouping;
mod print;
mod rust_type;
mod service;
mod status;
#[cfg(test)]
mod tests;
mod types;
mod union;

pub use doc::escape_invisible;
pub use doc::sanitize as sanitize_doc;
pub use doc::table_cell;
pub use docs::DocsContext;
pub use example::ExampleContext;
pub use files::Features;
pub use members::generated_names;
pub use partition::Partition;
pub use print::render;
pub use rust_type::type_path;
pub use service::RateLimitOption;

use crate::ir::Api;

/// The files of one service module, keyed by their path inside the module
/// folder: one per API group of `partition` (see [`files`]).
pub fn service_files(
    api: &Api,
    module_doc: &str,
    rate_limit: Option<RateLimitOption>,
    module_path: &str,
    partition: &Partition,
    features: &Features,
) -> Result<Vec<(String, String)>, String> {
    let examples = example_context(api, module_path);
    files::service_files(api, module_doc, rate_limit, &examples, partition, features)
}

/// The Markdown reference pages of one service, keyed by their path inside
/// its docs folder (`README.md`, `<Group>.md`, `models/<Type>.md`).
pub fn service_docs(api: &Api, ctx: &DocsContext<'_>) -> Vec<(String, String)> {
    let mut pages = docs::service_docs(api, ctx, &example_context(api, ctx.module_path));
    // Spec text reaches the pages by many paths: escape what must not
    // appear raw once, on the whole page.
    for (_, text) in &mut pages {
        if let std::borrow::Cow::Owned(escaped) = escape_invisible(text) {
            *text = escaped;
        }
    }
    pages
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
