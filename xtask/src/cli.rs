//! The command line of `cargo xtask`, parsed with clap as the generator's
//! CLI is: an unknown task or flag is bad usage (exit 2, one line and a
//! pointer to `--help`), never a silent default run.
//!
//! Every task's options live here; the task's own module reads them.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Project tasks of the oagen workspace"
)]
pub struct Cli {
    #[command(subcommand)]
    pub task: Task,
}

#[derive(Subcommand)]
pub enum Task {
    /// Regenerate `generated/` from `specs/services.toml`, and the test
    /// fixtures crate `client-tests/fixtures/` from
    /// `client-tests/fixture-specs/services.toml`.
    Codegen(CodegenArgs),
    /// Generate and compile a client for every spec of the test corpus, and
    /// report timings, sizes, warnings and fallbacks.
    Corpus(CorpusArgs),
    /// Call every operation of every generated client against Prism mock
    /// servers of the specs.
    Contract(ContractArgs),
    /// Generate a crate from every spec of `generator/tests/unusual/` with
    /// the `oagen` CLI, and check that each either builds with zero
    /// warnings, is clippy-clean and has doc examples that compile, or was
    /// refused with one clear line.
    Unusual(UnusualArgs),
    /// Mutate the corpus specs and run them through the generator, keeping
    /// any input that crashes it as a regression test.
    Fuzz(FuzzArgs),
    /// Fuzz the generated clients' runtime with what a server controls
    /// (Retry-After, Location, pagination, whole raw HTTP responses served
    /// to a real client), keeping what it finds as regression tests.
    FuzzRuntime(FuzzRuntimeArgs),
    /// Run generated clients against real, unmodified servers installed
    /// from the registries (Alertmanager from Debian, Jupyter Server from
    /// PyPI), started and stopped by the task.
    Live(LiveArgs),
    /// Decode every example of the corpus specs into the generated type of
    /// its place and back, validating each against its own schema; report
    /// exact, lossy and undecodable examples.
    Roundtrip(RoundtripArgs),
    /// Measure what oagen's output costs (generation time and memory,
    /// compile time, one tag's share, the cold first build, 100,000
    /// operations) against progenitor and ploidy on the same specs, and
    /// write the report (docs/performance.md).
    Bench(BenchArgs),
}

#[derive(Args)]
pub struct CodegenArgs {
    /// Change nothing; fail, naming each file, if an output folder differs
    /// from what its specs produce.
    #[arg(long)]
    pub check: bool,
    /// Replace an output folder even when it is not empty and holds no
    /// `.oagen-generated` marker saying oagen wrote it (a mistyped `output`
    /// in a manifest is refused without this).
    #[arg(long, conflicts_with = "check")]
    pub force: bool,
}

#[derive(Args)]
pub struct CorpusArgs {
    /// The corpus folder with MANIFEST.tsv (default: ../shared/corpus).
    pub dir: Option<PathBuf>,
    /// Generate every crate but compile none.
    #[arg(long)]
    pub generate_only: bool,
    /// Only these specs (names as in the table, or MANIFEST file names),
    /// comma-separated; may be given more than once.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Where to write the Markdown report (default: docs/corpus-report.md,
    /// written by full runs only: a run with --generate-only or --only
    /// writes a report only when --report is given).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
}

#[derive(Args)]
pub struct UnusualArgs {
    /// Generate every crate but check none.
    #[arg(long)]
    pub generate_only: bool,
    /// Only these specs (file names, with or without the extension),
    /// comma-separated; may be given more than once.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub only: Vec<String>,
}

#[derive(Args)]
pub struct ContractArgs {
    /// Build the clients with `--locked`, as CI does.
    #[arg(long)]
    pub locked: bool,
}

#[derive(Args)]
pub struct FuzzArgs {
    /// How long to fuzz, in seconds.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub seconds: u64,
    /// The random seed (the same seed and corpus give the same run).
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Seed specs (default: ../shared/corpus, or the repository's specs).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// A worker silent this long is taken to hang.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub hang_seconds: u64,
    /// Run as a worker of a supervising `cargo xtask fuzz`.
    #[arg(long, hide = true)]
    pub worker: bool,
    /// Where crashing inputs go (default: generator/tests/fuzz-regressions).
    #[arg(long, value_name = "DIR")]
    pub regressions: Option<PathBuf>,
    /// The worker's folder for the input it runs (set by the supervisor).
    #[arg(long, hide = true)]
    pub state: Option<PathBuf>,
}

#[derive(Args)]
pub struct LiveArgs {
    /// Only these servers (alertmanager, jupyter), comma-separated.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Build the checks programs with `--locked`, as CI does.
    #[arg(long)]
    pub locked: bool,
}

#[derive(Args)]
pub struct FuzzRuntimeArgs {
    /// How long to fuzz, in seconds.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub seconds: u64,
    /// The random seed of the first worker (each next worker takes the next).
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Build the worker with optimisations (overflow checks and debug
    /// assertions stay on).
    #[arg(long)]
    pub release: bool,
    /// A worker silent this long is taken to hang.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub hang_seconds: u64,
}

#[derive(Args)]
pub struct RoundtripArgs {
    /// The corpus folder with MANIFEST.tsv (default: ../shared/corpus).
    pub dir: Option<PathBuf>,
    /// Only these specs (names as in the table, or MANIFEST file names),
    /// comma-separated.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Where to write the Markdown report (default:
    /// docs/roundtrip-report.md, written by full runs only: a run with
    /// --only writes one only when asked).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Exit non-zero when a lossy or undecodable-but-valid example appears
    /// in these specs (`all`: any spec of the run; `none`). Default: `all`
    /// when the CI environment variable is set, else `none`. A spec that
    /// fails to generate or build always fails the run.
    #[arg(long, value_name = "NAMES|all|none", value_delimiter = ',')]
    pub fail_on: Option<Vec<String>>,
}

#[derive(Args)]
pub struct BenchArgs {
    /// The corpus folder with MANIFEST.tsv (default: ../shared/corpus).
    pub dir: Option<PathBuf>,
    /// Only these specs of the benchmark's list, comma-separated.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Where to write the Markdown report (default: docs/performance.md,
    /// written by full runs only: a run with --only writes one only when
    /// asked).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Where the peer generators are installed (`bin/ploidy`,
    /// `bin/cargo-progenitor`), or installed into when missing (default:
    /// target/bench/tools).
    #[arg(long, value_name = "DIR")]
    pub tools: Option<PathBuf>,
    /// Measure oagen alone.
    #[arg(long)]
    pub no_peers: bool,
    /// Generation runs per spec and generator (the median is reported).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: usize,
    /// Compile runs per crate, dependencies warm (the median is reported).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub compile_runs: usize,
    /// The small client whose cold first build is measured (a corpus
    /// spec every generator builds).
    #[arg(long, value_name = "NAME", default_value = "oxide-buildomat")]
    pub cold: String,
    /// Skip the 100,000-operation synthetic spec.
    #[arg(long)]
    pub no_synthetic: bool,
    /// Measure nothing: write the report again from what the last run
    /// kept (target/bench/results.json).
    #[arg(long)]
    pub rewrite_report: bool,
}
