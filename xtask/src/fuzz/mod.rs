//! `cargo xtask fuzz [--seconds N] [--seed S] [--corpus DIR] [--hang-seconds N]`:
//! fuzzing the generator on stable Rust, without cargo-fuzz.
//!
//! Seeds are the specs of the test corpus (`../shared/corpus`, read in place,
//! never copied; without it the repository's `specs/` and
//! `generator/tests/specs/`), plus the small malformed specs of
//! `generator/tests/malformed/`. Each execution takes a seed, cuts a large one
//! down to a few paths and the components they reach, mutates it as a JSON
//! value (deletes keys, swaps types, odd names, broken or looping `$ref`s,
//! repeated operationIds, deep nesting, huge numbers, subtrees spliced
//! elsewhere...) and now and then as text (bytes flipped, inserted, cut), then
//! runs it through the whole pipeline (load, front-end, lowering, passes,
//! emit: `oagen::generate_crate`) in-process, under `catch_unwind`, on a
//! thread with the main thread's large stack. Invalid Rust out of the emitter,
//! or an output path no file system takes, counts as a crash too.
//!
//! A panic is shrunk (subtrees deleted while the same panic remains) and
//! written to `generator/tests/fuzz-regressions/<hash>.json` (or `.yaml`),
//! which the `malformed` test runs. What `catch_unwind` cannot catch (a stack
//! overflow, an abort, running out of memory under the worker's memory limit,
//! a hang) is caught by the supervisor: the executions run in a worker
//! process that writes each input to `target/fuzz/` before running it; when
//! the worker dies or stops answering, the supervisor keeps that input as a
//! regression too and starts a new worker. Exits 1 if anything crashed.

mod inputs;
mod mutate;
mod options;
mod rng;
mod run;
mod seeds;
mod supervisor;
mod worker;

use options::Options;
use std::path::Path;
use std::process::ExitCode;
use supervisor::supervise;
use worker::worker;

pub fn fuzz(root: &Path, options: &Options) -> ExitCode {
    // One folder per supervisor, so that runs side by side keep apart.
    let state = options
        .state
        .clone()
        .unwrap_or_else(|| root.join(format!("target/fuzz/run-{}", std::process::id())));
    if let Err(e) = std::fs::create_dir_all(&state) {
        eprintln!("error: {}: {e}", state.display());
        return ExitCode::FAILURE;
    }
    if options.worker {
        worker(root, options, &state)
    } else {
        let code = supervise(root, options, &state);
        let _ = std::fs::remove_dir_all(&state);
        code
    }
}
