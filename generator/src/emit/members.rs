//! The names the generated types have on their own, beside those the spec
//! gives them, gathered for the naming pass from what each emitter declares
//! next to the code that emits them (`service.rs` for `Client` and
//! `Credentials`, `operations/` for the request builders). A test emits a
//! probe spec and checks the declarations against the emitted `impl` blocks,
//! so a method added without being declared fails it.

use super::operations::{BUILDER_DERIVES, BUILDER_MEMBERS, TYPE_SUFFIXES};
use super::service::{
    CLIENT_DERIVES, CLIENT_IMPLS, CLIENT_METHODS, CREDENTIALS_DERIVES, CREDENTIALS_FUNCTIONS,
    MODULE_ITEMS,
};
use crate::passes::GeneratedNames;

/// The methods and associated functions each trait the generated types
/// derive or implement brings: an inherent one of the same name would hide
/// it (`client.clone()` would build a request).
const TRAIT_METHODS: &[(&str, &[&str])] = &[
    ("Debug", &["fmt"]),
    ("Clone", &["clone", "clone_from"]),
    ("PartialEq", &["eq", "ne"]),
    ("Eq", &[]),
    ("Hash", &["hash", "hash_slice"]),
    ("PartialOrd", &["partial_cmp", "lt", "le", "gt", "ge"]),
    ("Ord", &["cmp", "max", "min", "clamp"]),
    ("Default", &["default"]),
    // The runtime's trait of a service's client (templates/runtime/).
    ("Service", &["from_transport"]),
];

/// What every type has through the blanket implementations of the
/// prelude's traits (`From`, `Into`, `TryFrom`, `TryInto`, and `ToOwned`
/// for the `Clone` ones).
const BLANKET_METHODS: &[&str] = &[
    "from",
    "into",
    "try_from",
    "try_into",
    "to_owned",
    "clone_into",
];

/// The methods of `trait_name`, if the table knows it.
fn methods_of(trait_name: &str) -> Option<&'static [&'static str]> {
    TRAIT_METHODS
        .iter()
        .find(|(t, _)| *t == trait_name)
        .map(|(_, methods)| *methods)
}

/// A type's own names: `own`, its traits' methods, the blanket ones.
fn members(own: &[&'static str], traits: &[&[&str]]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = own.to_vec();
    for t in traits.iter().flat_map(|ts| ts.iter()) {
        names.extend(methods_of(t).unwrap_or_default());
    }
    names.extend(BLANKET_METHODS);
    names.sort_unstable();
    names.dedup();
    names
}

/// What the emitters define beside the spec's names, for [`crate::passes::run`].
pub fn generated_names() -> GeneratedNames {
    GeneratedNames {
        client_methods: members(CLIENT_METHODS, &[CLIENT_DERIVES, CLIENT_IMPLS]),
        builder_members: members(BUILDER_MEMBERS, &[BUILDER_DERIVES]),
        credentials_functions: members(CREDENTIALS_FUNCTIONS, &[CREDENTIALS_DERIVES]),
        module_items: MODULE_ITEMS.to_vec(),
        operation_type_suffixes: TYPE_SUFFIXES.to_vec(),
    }
}

#[cfg(test)]
mod tests;
