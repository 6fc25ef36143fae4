//! The options of `cargo xtask fuzz` (and of the worker processes it
//! starts), parsed in `cli.rs`.

pub(super) use crate::cli::FuzzArgs as Options;
