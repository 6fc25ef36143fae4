//! Which path parameters an operation takes as one struct of named fields,
//! and that struct's name: the rule the operations emitter, the examples
//! and the reference pages share (the struct itself is
//! `operations/path_args.rs`'s).

use crate::ir::*;

/// The path parameters an operation takes as one struct, if it does: every
/// path parameter, when at least two are strings.
pub(in crate::emit) fn grouped_path_params<'a>(
    types: &TypeSpace,
    op: &'a Operation,
) -> Option<Vec<&'a Parameter>> {
    let path: Vec<&Parameter> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Path && p.required)
        .collect();
    let strings = path.iter().filter(|p| is_string(types, p)).count();
    (strings >= 2).then_some(path)
}

/// What the struct's name adds to the operation's type stem.
pub(in crate::emit) const PATH_SUFFIX: &str = "Path";

/// The struct's name: the operation's type stem and `Path` (kept free by
/// the naming pass, which knows the suffix).
pub(in crate::emit) fn path_struct_name(op: &Operation) -> String {
    format!("{}{PATH_SUFFIX}", op.type_name)
}

/// Whether a parameter is a string (taken as `&str` in the struct).
pub(in crate::emit) fn is_string(types: &TypeSpace, p: &Parameter) -> bool {
    matches!(types.resolve(&p.ty), TypeRef::Primitive(Primitive::String))
}
