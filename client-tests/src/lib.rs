//! Integration tests of the generated clients live in `tests/`. The README is
//! included here so that `cargo test` compiles its examples.
#![doc = include_str!("../../README.md")]
