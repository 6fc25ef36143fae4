//! Markdown reference docs for one service, written beside the code into
//! `docs/<module>/`: a service index (`README.md`), one page per API group
//! (tag) with a section per method, and one page per model in `models/`.
//!
//! The pages read the IR only, like the other emitters, and say what the
//! generated code does: method signatures, success types and error variants
//! mirror `operations.rs` (a test holds the two together), the examples are
//! `ExampleContext::operation`'s text with rustdoc's hidden lines left out.
//! Pages are filled from the templates in `templates/docs/` by single-pass
//! `{{placeholder}}` substitution; everything is sorted, nothing is dated.

mod context;
mod group;
mod index;
mod markdown;
mod model;
#[cfg(test)]
mod tests;

pub use context::DocsContext;

use super::example::ExampleContext;
use crate::ir::*;
use context::Docs;

/// The pages of one service, keyed by their path inside `docs/<module>/`.
pub fn service_docs(
    api: &Api,
    ctx: &DocsContext<'_>,
    examples: &ExampleContext<'_>,
) -> Vec<(String, String)> {
    let docs = Docs::new(api, ctx);
    let mut pages = vec![("README.md".to_string(), docs.index())];
    for group in &docs.groups {
        pages.push((
            format!("{}.md", group.stem),
            docs.group_page(group, examples),
        ));
    }
    for &id in &docs.models {
        let name = docs.type_name(id);
        pages.push((format!("models/{name}.md"), docs.model_page(id)));
    }
    pages
}
