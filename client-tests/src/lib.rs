//! Integration tests of the generated clients live in `tests/`. The README is
//! included here so that `cargo test` compiles its examples. The library
//! also holds the runtime fuzzer's targets (`fuzz_runtime`), which the
//! `fuzz-runtime` program runs and the hostile-server tests replay.
#![doc = include_str!("../../README.md")]

pub mod fuzz_runtime;
pub mod trace_text;
