//! The files of a service module, one per API group (see [`Partition`]):
//!
//! ```text
//! mod.rs                  the Client, its builder, the credentials
//! operations/mod.rs       one `mod` per group, behind the group's feature
//! operations/<group>.rs   the group's operations
//! operations/shared.rs    operations of several groups, each behind any of theirs
//! types/mod.rs            one `mod` per group, behind the group's feature
//! types/<group>.rs        types only that group reaches
//! types/shared.rs         types several groups reach, each behind any of theirs
//! types/unreferenced.rs   types no operation reaches, behind the service's feature
//! ```
//!
//! Everything is re-exported flat (`types::Pet`, the builders at the
//! module's root), so paths do not depend on the grouping. Printing
//! dominates generation and items are independent: each file is printed
//! in chunks spread over the cores, then joined, and no file is printed
//! whole, which bounds the memory a large group takes.

use super::example::ExampleContext;
use super::partition::{Home, Partition};
use super::print::{chunks, parallel_map, render_gated};
use super::{RateLimitOption, operations, service, types};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The cargo features of one service: its own, and one per group of its
/// [`Partition`] (in the order of `partition.groups`).
#[derive(Debug, Clone)]
pub struct Features {
    pub service: String,
    pub groups: Vec<String>,
}

impl Features {
    /// `#[cfg(...)]` for an item any of `groups` needs.
    fn gate(&self, groups: &[usize]) -> TokenStream {
        let names: Vec<&str> = groups
            .iter()
            .filter_map(|g| self.groups.get(*g).map(String::as_str))
            .collect();
        match names.as_slice() {
            [one] => quote! { #[cfg(feature = #one)] },
            many => quote! { #[cfg(any(#(feature = #many),*))] },
        }
    }
}

/// The text of each file of the service module, keyed by its path inside
/// the module's folder.
pub fn service_files(
    api: &Api,
    module_doc: &str,
    rate_limit: Option<RateLimitOption>,
    examples: &ExampleContext<'_>,
    partition: &Partition,
    features: &Features,
) -> Result<Vec<(String, String)>, String> {
    let layout = Layout::new(api, partition);
    let in_request = types::RequestTypeNames::of(api);
    let mut jobs = vec![Job::Module, Job::TypesMod, Job::OperationsMod];
    for (file, f) in layout.type_files.iter().enumerate() {
        jobs.push(Job::TypesHeader(file));
        jobs.extend(chunks(f.defs.len(), TYPES_PER_CHUNK).map(|r| Job::Types(file, r)));
    }
    for (file, f) in layout.op_files.iter().enumerate() {
        jobs.push(Job::OperationsHeader(file));
        jobs.extend(chunks(f.ops.len(), OPERATIONS_PER_CHUNK).map(|r| Job::Operations(file, r)));
    }
    let printed = parallel_map(&jobs, |job| match job {
        Job::Module => render_gated(vec![(
            None,
            service::service_module(api, module_doc, rate_limit),
        )]),
        Job::TypesMod => render_gated(vec![(None, layout.types_mod(features))]),
        Job::OperationsMod => render_gated(vec![(None, layout.operations_mod(features))]),
        Job::TypesHeader(file) => render_gated(vec![(None, layout.type_files[*file].header())]),
        Job::OperationsHeader(file) => render_gated(vec![(None, layout.op_files[*file].header())]),
        Job::Types(file, range) => render_gated(
            layout.type_files[*file].defs[range.clone()]
                .iter()
                .map(|(def, gate)| {
                    let gate = gate.map(|g| features.gate(g));
                    (gate, types::type_items(api, &[*def], &in_request))
                })
                .collect(),
        ),
        Job::Operations(file, range) => render_gated(
            layout.op_files[*file].ops[range.clone()]
                .iter()
                .map(|(op, gate)| {
                    let gate = gate.map(|g| features.gate(g));
                    (
                        gate,
                        operations::operation_items(api, [*op], Some(examples)),
                    )
                })
                .collect(),
        ),
    });
    let mut texts: Vec<(String, String)> = vec![
        ("mod.rs".into(), String::new()),
        ("types/mod.rs".into(), String::new()),
        ("operations/mod.rs".into(), String::new()),
    ];
    let type_base = texts.len();
    texts.extend(
        layout
            .type_files
            .iter()
            .map(|f| (format!("types/{}.rs", f.module), String::new())),
    );
    let op_base = texts.len();
    texts.extend(
        layout
            .op_files
            .iter()
            .map(|f| (format!("operations/{}.rs", f.module), String::new())),
    );
    for (job, text) in jobs.iter().zip(printed) {
        let text = text?;
        let at = match job {
            Job::Module => 0,
            Job::TypesMod => 1,
            Job::OperationsMod => 2,
            Job::TypesHeader(file) | Job::Types(file, _) => type_base + file,
            Job::OperationsHeader(file) | Job::Operations(file, _) => op_base + file,
        };
        if let Some((_, out)) = texts.get_mut(at) {
            out.push_str(&text);
        }
    }
    Ok(texts)
}

pub(super) const TYPES_PER_CHUNK: usize = 48;
pub(super) const OPERATIONS_PER_CHUNK: usize = 12;

/// A part of the module printed on its own.
enum Job {
    Module,
    TypesMod,
    OperationsMod,
    /// The opening lines of a file of [`Layout::type_files`].
    TypesHeader(usize),
    OperationsHeader(usize),
    /// A run of a file's items.
    Types(usize, std::ops::Range<usize>),
    Operations(usize, std::ops::Range<usize>),
}

/// What goes in which file.
struct Layout<'a> {
    type_files: Vec<TypeFile<'a>>,
    op_files: Vec<OpFile<'a>>,
}

/// A file of types, gated as a whole by `gate` (in `types/mod.rs`), each
/// item by its own groups where they are given.
struct TypeFile<'a> {
    module: String,
    gate: Gate,
    defs: Vec<(&'a TypeDef, Option<&'a [usize]>)>,
    /// Whether its types name types of other files (through `use super::*`).
    names_types: bool,
}

struct OpFile<'a> {
    module: String,
    gate: Gate,
    ops: Vec<(&'a Operation, Option<&'a [usize]>)>,
    /// Whether its operations name types (through `use super::super::types`).
    names_types: bool,
}

/// What compiles a file.
#[derive(Clone, Copy)]
enum Gate {
    /// Whenever the service module is compiled.
    Always,
    Group(usize),
    /// Only with the whole service's feature.
    Service,
}

/// Items of one kind by home: each with the groups whose features gate it
/// (`None`: no gate of its own).
type Homes<'a, T> = Vec<Vec<(&'a T, Option<&'a [usize]>)>>;

const SHARED: &str = "shared";
const UNREFERENCED: &str = "unreferenced";

impl<'a> Layout<'a> {
    fn new(api: &'a Api, partition: &'a Partition) -> Self {
        let group_count = partition.groups.len();
        let home_index = |home: Home| match home {
            Home::Group(g) => g,
            Home::Shared => group_count,
            Home::Unreferenced => group_count + 1,
        };
        // Types, by name, into their homes.
        let mut type_homes: Homes<'a, TypeDef> = vec![Vec::new(); group_count + 2];
        for id in types::emit_order(api) {
            let def = api.types.get(id);
            let home = partition.type_home(id);
            let gate = match home {
                Home::Shared => partition.shared_gate(&partition.type_groups[id.0]),
                _ => None,
            };
            type_homes[home_index(home)].push((def, gate));
        }
        let mut op_homes: Homes<'a, Operation> = vec![Vec::new(); group_count + 1];
        for (i, op) in api.operations.iter().enumerate() {
            let home = partition.op_home(i);
            let gate = match home {
                Home::Shared => partition.shared_gate(&partition.op_groups[i]),
                _ => None,
            };
            op_homes[home_index(home).min(group_count)].push((op, gate));
        }
        let file_of = |home: usize| match home {
            g if g < group_count => (partition.groups[g].module.clone(), Gate::Group(g)),
            g if g == group_count => (SHARED.to_string(), Gate::Always),
            _ => (UNREFERENCED.to_string(), Gate::Service),
        };
        let type_files = type_homes
            .into_iter()
            .enumerate()
            .filter(|(_, defs)| !defs.is_empty())
            .map(|(home, defs)| {
                let (module, gate) = file_of(home);
                // Types of this file name each other without an import.
                let names_types = defs.iter().any(|(def, _)| {
                    super::partition::named_by(&api.types, def)
                        .into_iter()
                        .any(|id| home_index(partition.type_home(id)) != home)
                });
                TypeFile {
                    module,
                    gate,
                    defs,
                    names_types,
                }
            })
            .collect();
        let op_files = op_homes
            .into_iter()
            .enumerate()
            .filter(|(_, ops)| !ops.is_empty())
            .map(|(home, ops)| {
                let (module, gate) = file_of(home);
                let names_types = ops
                    .iter()
                    .any(|(op, _)| super::partition::operation_names_types(op));
                OpFile {
                    module,
                    gate,
                    ops,
                    names_types,
                }
            })
            .collect();
        Layout {
            type_files,
            op_files,
        }
    }

    /// `types/mod.rs`: each file, behind its gate, re-exported.
    fn types_mod(&self, features: &Features) -> TokenStream {
        let declared = self
            .type_files
            .iter()
            .map(|f| declaration(&f.module, f.gate, features));
        let header = types::types_header();
        quote! { #header #(#declared)* }
    }

    /// `operations/mod.rs`: each file, behind its gate, re-exported.
    fn operations_mod(&self, features: &Features) -> TokenStream {
        let header = operations::operations_header();
        let declared = self
            .op_files
            .iter()
            .map(|f| declaration(&f.module, f.gate, features));
        quote! { #header #(#declared)* }
    }
}

impl TypeFile<'_> {
    fn header(&self) -> TokenStream {
        if self.names_types {
            quote! { use super::*; }
        } else {
            TokenStream::new()
        }
    }
}

impl OpFile<'_> {
    fn header(&self) -> TokenStream {
        let types = if self.names_types {
            quote! { use super::super::types; }
        } else {
            TokenStream::new()
        };
        quote! {
            use super::super::Client;
            #types
            use crate::runtime;
        }
    }
}

/// `mod <file>; pub use <file>::*;`, both behind the file's gate.
fn declaration(module: &str, gate: Gate, features: &Features) -> TokenStream {
    let gate = match gate {
        Gate::Always => TokenStream::new(),
        Gate::Group(g) => features.gate(&[g]),
        Gate::Service => {
            let service = &features.service;
            quote! { #[cfg(feature = #service)] }
        }
    };
    let module = format_ident!("{}", module);
    quote! {
        #gate
        mod #module;
        #gate
        pub use #module::*;
    }
}
