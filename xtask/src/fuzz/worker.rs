//! The worker: executions until its time is up, one line per event on stdout
//! (`s` before an execution, `o`/`e` after it, `p FILE WHERE: MESSAGE` for a
//! panic, `m NAME` for each mutation applied).

use super::inputs::{
    PART, external_part, regressions_dir, render, save_regression, shrink, write_input,
};
use super::mutate::{mutate, mutate_bytes};
use super::options::Options;
use super::rng::Rng;
use super::run::{Outcome, crash_kind, install_panic_hook, run_one};
use super::seeds::{cut_down, load_seeds, seed_files};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub(super) fn worker(root: &Path, options: &Options, state: &Path) -> ExitCode {
    install_panic_hook();
    // Loading the seeds counts against the time too.
    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let (files, _) = seed_files(root, options.corpus.as_deref());
    let seeds = load_seeds(&files);
    let mut rng = Rng(options.seed);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut crash_sites: HashSet<String> = HashSet::new();
    while Instant::now() < deadline {
        let seed = rng.pick(&seeds);
        let byte_level = seed.value.is_none() || rng.chance(12);
        let mut mutations = Vec::new();
        let (bytes, yaml, doc) = if byte_level {
            let (mut text, yaml) = match (&seed.text, &seed.value) {
                (Some(t), _) if rng.chance(50) || seed.value.is_none() => {
                    (t.clone().into_bytes(), seed.yaml)
                }
                (_, Some(v)) => {
                    let yaml = rng.chance(40);
                    (render(&cut_down(v, &mut rng), yaml, &mut rng), yaml)
                }
                _ => (Vec::new(), seed.yaml),
            };
            mutate_bytes(&mut text, &mut rng);
            mutations.push("bytes");
            (text, yaml, None)
        } else {
            let mut doc = seed
                .value
                .clone()
                .map(|v| cut_down(&v, &mut rng))
                .unwrap_or_default();
            for _ in 0..1 + rng.below(4) {
                mutations.push(mutate(&mut doc, &mut rng));
            }
            let yaml = rng.chance(40);
            let _ = std::fs::remove_file(state.join(PART));
            if rng.chance(10) {
                let part = external_part(&mut doc, yaml, &mut rng);
                let _ = std::fs::write(state.join(PART), render(&part, false, &mut rng));
                mutations.push("external refs");
            }
            (render(&doc, yaml, &mut rng), yaml, Some(doc))
        };
        let file = write_input(state, &bytes, yaml);
        let _ = writeln!(out, "s {}", seed.name);
        for m in &mutations {
            let _ = writeln!(out, "m {m}");
        }
        let _ = out.flush();
        match run_one(&file) {
            Outcome::Generated => {
                let _ = writeln!(out, "o");
            }
            Outcome::Refused(kind) => {
                let _ = writeln!(out, "e {kind}");
            }
            Outcome::Panicked(location, message) => {
                // One input per kind of crash: its place and its message
                // with the particulars (names, numbers, file names) left out.
                let first = crash_sites.insert(format!("{location} {}", crash_kind(&message)));
                let saved = match (&doc, first) {
                    (Some(doc), true) => shrink(state, doc.clone(), yaml, &location, &message),
                    _ => bytes.clone(),
                };
                let name = if first {
                    save_regression(&regressions_dir(root, options), &saved, yaml, state)
                } else {
                    "(seen)".into()
                };
                let message = message.replace('\n', " ");
                let _ = writeln!(out, "p {name} {location}: {message}");
            }
        }
        let _ = out.flush();
    }
    ExitCode::SUCCESS
}
