//! Normalisation passes over the IR, each small and testable on its own, run
//! in this order by [`run`].

pub mod auth;
pub mod cycles;
pub mod enums;
pub mod multipart;
pub mod names;
pub mod options;
pub mod pagination;

pub use names::GeneratedNames;
pub use options::PassOptions;

use crate::ir::Api;

/// Runs every pass; `generated` names what the emitters will define beside
/// the spec's names (`emit::generated_names`), which naming keeps clear of.
pub fn run(api: &mut Api, options: &PassOptions, generated: &GeneratedNames) {
    auth::build_credentials(api, &options.credentials);
    multipart::file_parts(api);
    enums::unify_enums(api);
    cycles::break_cycles(api);
    pagination::detect_pagination(api);
    names::assign_names(api, options, generated);
}
