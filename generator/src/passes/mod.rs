//! Normalisation passes over the IR, each small and testable on its own, run
//! in this order by [`run`].

pub mod auth;
pub mod cycles;
pub mod enums;
pub mod names;
pub mod pagination;

use crate::ir::Api;
use std::collections::BTreeMap;

/// Per-service choices that refine what the spec says.
#[derive(Debug, Clone, Default)]
pub struct PassOptions {
    /// Generated type name → the name wanted (e.g. `DeploymentLogType` → `DeploymentType`).
    pub type_names: BTreeMap<String, String>,
    /// operationId → method name wanted.
    pub operation_names: BTreeMap<String, String>,
    /// How credentials constructors are named.
    pub credentials: auth::CredentialOptions,
}

pub fn run(api: &mut Api, options: &PassOptions) {
    auth::build_credentials(api, &options.credentials);
    enums::unify_enums(api);
    cycles::break_cycles(api);
    pagination::detect_pagination(api);
    names::assign_names(api, options);
}
