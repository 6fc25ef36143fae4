//! oagen: OpenAPI (Swagger 2.0, 3.0, 3.1) to typed async Rust clients.
//!
//! The flow runs one way: [`load`] → [`frontend`] → [`lower`] (to the [`ir`]) →
//! [`passes`] → [`emit`] → [`write`]. [`generate`] strings the stages
//! together; [`manifest`] reads the list of services to generate;
//! [`workspace`] tells whether a cargo workspace would claim an output.

pub mod emit;
pub mod error;
pub mod frontend;
pub mod generate;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod passes;
pub mod workspace;
pub mod write;

pub use error::{Diagnostic, Error, Result};
pub use generate::{GeneratedCrate, ServiceReport, generate_crate};
pub use manifest::{CrateSpec, ServiceSpec, read_manifest};

/// For tools built on the library (`cargo xtask corpus` reads cargo's JSON
/// messages with it), so they need no JSON dependency of their own.
#[doc(hidden)]
pub use serde_json;
