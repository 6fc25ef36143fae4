//! Emit: IR to Rust source, built with `quote!` and printed with prettyplease.
//! Emitters read the IR only, never the spec.

mod builders;
mod doc;
mod docs;
mod example;
mod members;
mod operations;
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
pub use docs::DocsContext;
pub use example::ExampleContext;
pub use members::generated_names;
pub use print::render;
pub use rust_type::type_path;
pub use service::RateLimitOption;

use crate::ir::Api;
use print::{chunks, parallel_map};

/// The files of one service module, keyed by their path inside the module folder.
///
/// Printing dominates generation, and the items of `types.rs` and
/// `operations.rs` are independent: they are built and printed in chunks
/// spread over the cores, then joined. The text is the same as printing each
/// file whole, whatever the number of cores.
pub fn service_files(
    api: &Api,
    module_doc: &str,
    rate_limit: Option<RateLimitOption>,
    module_path: &str,
) -> Result<Vec<(String, String)>, String> {
    let examples = example_context(api, module_path);
    let order = types::emit_order(api);
    let mut jobs = vec![Piece::Module, Piece::TypesHeader, Piece::OperationsHeader];
    jobs.extend(chunks(order.len(), TYPES_PER_CHUNK).map(Piece::Types));
    jobs.extend(chunks(api.operations.len(), OPERATIONS_PER_CHUNK).map(Piece::Operations));
    let printed = parallel_map(&jobs, |piece| {
        render(match piece {
            Piece::Module => service::service_module(api, module_doc, rate_limit),
            Piece::TypesHeader => types::types_header(),
            Piece::OperationsHeader => operations::operations_header(api),
            Piece::Types(range) => types::type_items(api, &order[range.clone()]),
            Piece::Operations(range) => {
                operations::operation_items(api, &api.operations[range.clone()], Some(&examples))
            }
        })
    });
    let mut module = String::new();
    let mut types_rs = String::new();
    let mut operations_rs = String::new();
    for (piece, text) in jobs.iter().zip(printed) {
        let text = text?;
        match piece {
            Piece::Module => module = text,
            Piece::TypesHeader | Piece::Types(_) => types_rs.push_str(&text),
            Piece::OperationsHeader | Piece::Operations(_) => operations_rs.push_str(&text),
        }
    }
    Ok(vec![
        ("mod.rs".into(), module),
        ("types.rs".into(), types_rs),
        ("operations.rs".into(), operations_rs),
    ])
}

const TYPES_PER_CHUNK: usize = 48;
const OPERATIONS_PER_CHUNK: usize = 12;

/// A part of a service module printed on its own.
enum Piece {
    Module,
    TypesHeader,
    OperationsHeader,
    /// A run of [`types::emit_order`].
    Types(std::ops::Range<usize>),
    /// A run of the API's operations.
    Operations(std::ops::Range<usize>),
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
