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
pub use rust_type::type_path;
pub use service::RateLimitOption;

use crate::ir::Api;
use proc_macro2::TokenStream;

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

fn chunks(len: usize, size: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..len)
        .step_by(size.max(1))
        .map(move |start| start..(start + size).min(len))
}

/// Stack of each printing thread: printing recurses with the nesting of
/// types (reserved, not committed, until used).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// `f` over `jobs` on up to one thread per core, results in the order of
/// `jobs`. (Token streams cannot cross threads, so each job builds its own.)
fn parallel_map<J: Sync, R: Send>(jobs: &[J], f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            mine.push((i, f(job)));
        }
        if let Ok(mut done) = done.lock() {
            done.extend(mine);
        }
    };
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 1..threads {
            let started = std::thread::Builder::new()
                .name("oagen-print".into())
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, work);
            if started.is_ok() {
                spawned += 1;
            }
        }
        let _ = spawned;
        // This thread works too; when no thread could be spawned it does all of it.
        work();
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_range_in_order() {
        let got: Vec<_> = chunks(5, 2).collect();
        assert_eq!(got, vec![0..2, 2..4, 4..5]);
        assert_eq!(chunks(0, 4).count(), 0);
    }

    #[test]
    fn printing_in_chunks_gives_the_same_text_as_printing_whole() {
        let service = crate::manifest::ServiceSpec {
            name: "shapes".into(),
            spec: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/specs/shapes-3.0.yaml"),
            spec_label: "shapes-3.0.yaml".into(),
            module: "shapes".into(),
            feature: "shapes".into(),
            passes: Default::default(),
            rate_limit: None,
        };
        let (mut api, ..) = crate::generate::build_api(&service).expect("builds");
        // Many operations and types, so that there are several chunks of each.
        let ops = api.operations.clone();
        for i in 0..3 * OPERATIONS_PER_CHUNK {
            for op in &ops {
                let mut op = op.clone();
                op.name = format!("{}_{i}", op.name);
                op.type_name = format!("{}{i}", op.type_name);
                api.operations.push(op);
            }
        }
        let defs = api.types.defs.clone();
        for i in 0..TYPES_PER_CHUNK / defs.len().max(1) + 2 {
            for def in &defs {
                let mut def = def.clone();
                def.name = format!("{}{i}", def.name);
                api.types.add(def);
            }
        }
        let files = service_files(&api, "doc", None, "x::shapes").expect("valid Rust");
        let examples = example_context(&api, "x::shapes");
        let whole_types = render(types::types_module(&api)).expect("valid Rust");
        let whole_operations =
            render(operations::operations_module(&api, Some(&examples))).expect("valid Rust");
        assert_eq!(files[1].1, whole_types);
        assert_eq!(files[2].1, whole_operations);
    }

    #[test]
    fn a_spec_without_operations_imports_nothing_it_does_not_use() {
        // Webhooks-only specs: `use super::Client`, `use crate::runtime` and
        // `pub use operations::*` were unused imports.
        let files = service_files(&Api::default(), "doc", None, "x::y").expect("valid Rust");
        for (name, text) in &files {
            assert!(!text.contains("use super::Client"), "{name}: {text}");
            assert!(!text.contains("pub use operations::*"), "{name}: {text}");
            if name == "operations.rs" {
                assert!(!text.contains("use crate::runtime"), "{name}: {text}");
            }
        }
    }
}
