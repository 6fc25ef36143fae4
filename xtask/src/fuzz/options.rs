//! The options of `cargo xtask fuzz` (and of the worker processes it starts).

use std::path::PathBuf;

pub(super) struct Options {
    pub(super) seconds: u64,
    pub(super) seed: u64,
    pub(super) corpus: Option<PathBuf>,
    pub(super) hang_seconds: u64,
    pub(super) worker: bool,
    /// Where crashing inputs go (default: generator/tests/fuzz-regressions).
    pub(super) regressions: Option<PathBuf>,
    /// The worker's folder for the input it runs (set by the supervisor).
    pub(super) state: Option<PathBuf>,
}

pub(super) fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        seconds: 60,
        seed: 1,
        corpus: None,
        hang_seconds: 60,
        worker: false,
        regressions: None,
        state: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--seconds" => o.seconds = number(&value("--seconds")?)?,
            "--seed" => o.seed = number(&value("--seed")?)?,
            "--hang-seconds" => o.hang_seconds = number(&value("--hang-seconds")?)?,
            "--corpus" => o.corpus = Some(PathBuf::from(value("--corpus")?)),
            "--worker" => o.worker = true,
            "--regressions" => o.regressions = Some(PathBuf::from(value("--regressions")?)),
            "--state" => o.state = Some(PathBuf::from(value("--state")?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

pub(super) fn number(s: &str) -> Result<u64, String> {
    s.parse().map_err(|_| format!("`{s}` is not a number"))
}
