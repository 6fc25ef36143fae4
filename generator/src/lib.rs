//! oagen: OpenAPI (Swagger 2.0, 3.0, 3.1) to typed async Rust clients.
//!
//! The flow runs one way: [`load`] → [`frontend`] → [`lower`] (to the [`ir`]) →
//! [`passes`] → [`emit`] → [`write`](mod@write). [`generate`] strings the
//! stages together; [`manifest`] reads the list of services to generate.
//!
//! A stage imports only from the stages before it and from the floor below
//! them all: [`ir`], [`error`], [`json_pointer`] and [`suggest`]
//! (did-you-mean hints). Inside a stage, files depend one way too: a folder's
//! `mod.rs` strings its files together, and what several of them share has a
//! file of its own (`frontend/walk.rs`, `emit/status.rs`, `emit/docs/context.rs`).
//! [`workspace`] tells whether a cargo workspace would claim an output;
//! [`crate_layout`] names the parts every generated crate has.

pub mod crate_layout;
pub mod emit;
pub mod error;
pub mod features;
pub mod frontend;
pub mod generate;
pub mod ir;
pub mod json_pointer;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod passes;
pub mod suggest;
pub mod workspace;
pub mod write;

pub use error::{Diagnostic, Error, Result};
pub use generate::{GeneratedCrate, ServiceReport, generate_crate};
pub use manifest::{CrateSpec, ServiceSpec, read_manifest};

/// For tools built on the library (`cargo xtask corpus` reads cargo's JSON
/// messages with it), so they need no JSON dependency of their own.
#[doc(hidden)]
pub use serde_json;
