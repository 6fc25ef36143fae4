//! `cargo xtask roundtrip`: for every example the corpus specs give, decode
//! it into the generated type of its place, encode it again and compare.
//!
//! Each spec is generated (in this process, with the `oagen` library) into
//! `target/roundtrip/crates/<spec>/`, members of one workspace with one
//! target folder, so the dependencies are built once. The lowering lists the
//! examples with the type of their place (`Api::examples`); a program written
//! into each crate ([`program`]) decodes and re-encodes them; each example is
//! also validated against its own schema ([`schema`]), so that an example
//! that breaks its schema is the spec's fault, not ours; [`compare`] says
//! what became of each and [`report`] writes the result.

mod compare;
mod program;
mod report;
mod schema;

use crate::corpus::{Entry, RunLock, crate_name, module_name, read_manifest, select};
use compare::{Outcome, Validity};
use oagen::ir::{Direction, ExampleCheck};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long one crate's program may run.
const PROGRAM_LIMIT: Duration = Duration::from_secs(300);

/// Stack for the run: specs nest deeply, and lowering, converting and
/// validating their schemas recurse with them.
const STACK_BYTES: usize = 256 * 1024 * 1024;

struct Options {
    dir: PathBuf,
    only: Vec<String>,
    report: Option<PathBuf>,
    fail_on: FailOn,
}

#[derive(Debug, Clone, PartialEq)]
enum FailOn {
    None,
    All,
    Specs(Vec<String>),
}

impl FailOn {
    fn covers(&self, spec: &str) -> bool {
        match self {
            FailOn::None => false,
            FailOn::All => true,
            FailOn::Specs(names) => names.iter().any(|n| n == spec),
        }
    }
}

/// The options with their defaults filled in (the command line itself is
/// parsed in `cli.rs`).
fn options(root: &Path, args: crate::cli::RoundtripArgs, in_ci: bool) -> Options {
    let crate::cli::RoundtripArgs {
        dir,
        only,
        report,
        fail_on,
    } = args;
    let names = |list: Vec<String>| -> Vec<String> {
        list.iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let only = names(only);
    let fail_on = fail_on.map(|list| {
        let list = names(list);
        match list.as_slice() {
            [one] if one == "all" => FailOn::All,
            [one] if one == "none" => FailOn::None,
            _ => FailOn::Specs(list),
        }
    });
    let report = report.or_else(|| {
        only.is_empty()
            .then(|| root.join("docs/roundtrip-report.md"))
    });
    let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
    Options {
        dir: std::fs::canonicalize(&dir).unwrap_or(dir),
        only,
        report,
        fail_on: fail_on.unwrap_or(if in_ci { FailOn::All } else { FailOn::None }),
    }
}

/// One example and what became of it.
pub struct Tried {
    pub pointer: String,
    pub schema_pointer: String,
    /// The Rust type it was decoded into (empty when skipped).
    pub ty: String,
    /// What its schema said of it.
    pub validity: Validity,
    pub outcome: Outcome,
}

/// One spec of the run.
pub struct SpecRun {
    pub name: String,
    pub dialect: String,
    /// Why the spec could not be measured (generation or build failed).
    pub problem: Option<String>,
    pub examples: Vec<Tried>,
    pub seconds: f64,
}

pub fn roundtrip(root: &Path, args: crate::cli::RoundtripArgs) -> ExitCode {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let options = options(root, args, in_ci);
    let root = root.to_path_buf();
    let worker = std::thread::Builder::new()
        .name("roundtrip".into())
        .stack_size(STACK_BYTES)
        .spawn(move || run(&root, &options));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: the round-trip run did not finish");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, options: &Options) -> ExitCode {
    let entries = match read_manifest(&options.dir).and_then(|e| select(e, &options.only)) {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let out_root = root.join("target/roundtrip");
    let crates_dir = out_root.join("crates");
    if let Err(e) = std::fs::create_dir_all(&crates_dir) {
        eprintln!("error: cannot create {}: {e}", crates_dir.display());
        return ExitCode::FAILURE;
    }
    let _lock = match RunLock::acquire(&out_root.join(".lock")) {
        Ok(lock) => lock,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();

    // Generate every crate with its program first: the workspace names them all.
    let mut prepared = Vec::new();
    for entry in &entries {
        let spec_started = Instant::now();
        let p = prepare(&options.dir, &crates_dir, entry);
        match &p.problem {
            Some(problem) => eprintln!("prepare {:<32} FAILED: {problem}", entry.name),
            None => eprintln!(
                "prepare {:<32} {:>5} examples {:>4} types {:>6.1} s",
                entry.name,
                p.examples.len(),
                p.types.len(),
                spec_started.elapsed().as_secs_f64()
            ),
        }
        prepared.push((p, spec_started.elapsed().as_secs_f64()));
    }
    if let Err(message) = write_workspace(root, &crates_dir, &prepared) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }

    // Build and run each program, then judge each example.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = out_root.join("target");
    let total = prepared.len();
    let mut runs = Vec::new();
    for (i, (p, prepare_secs)) in prepared.into_iter().enumerate() {
        let spec_started = Instant::now();
        let spec_run = finish(&cargo, &crates_dir, &target_dir, p, prepare_secs);
        let count = |class: &str| {
            spec_run
                .examples
                .iter()
                .filter(|e| e.outcome.class() == class)
                .count()
        };
        eprintln!(
            "run [{:>2}/{total}] {:<32} {} {:>5} exact {:>4} lossy {:>4} undecl. {:>4} undecodable {:>4} invalid {:>4} skipped {:>6.1} s",
            i + 1,
            spec_run.name,
            if spec_run.problem.is_some() {
                "FAILED"
            } else {
                "ok    "
            },
            count("exact"),
            count("lossy"),
            count("lossy-undeclared"),
            count("undecodable-but-valid"),
            count("invalid"),
            count("skipped"),
            spec_started.elapsed().as_secs_f64()
        );
        if let Some(problem) = &spec_run.problem {
            eprintln!(
                "  {}",
                problem.lines().take(20).collect::<Vec<_>>().join("\n  ")
            );
        }
        runs.push(spec_run);
    }

    let summary = report::summary_line(&runs);
    println!("\n{}", report::text_table(&runs));
    println!("{summary}");
    println!("{:.0} s", started.elapsed().as_secs_f64());
    let outcomes = out_root.join("outcomes.jsonl");
    if let Err(e) = std::fs::write(&outcomes, report::json_lines(&runs)) {
        eprintln!("error: cannot write {}: {e}", outcomes.display());
    }
    if let Some(path) = &options.report {
        let path = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        let markdown = report::markdown(&runs, &summary, &options.only, started.elapsed());
        if let Err(e) = std::fs::write(&path, markdown) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "report: {}",
            path.strip_prefix(root).unwrap_or(&path).display()
        );
    }
    exit_code(&runs, &options.fail_on)
}

/// Non-zero when a spec could not be measured, or has a defect where asked.
fn exit_code(runs: &[SpecRun], fail_on: &FailOn) -> ExitCode {
    let mut failed = false;
    for spec in runs {
        if spec.problem.is_some() {
            failed = true;
        }
        let defects = spec
            .examples
            .iter()
            .filter(|e| e.outcome.is_defect())
            .count();
        if defects > 0 && fail_on.covers(&spec.name) {
            eprintln!(
                "{}: {defects} lossy or undecodable-but-valid examples",
                spec.name
            );
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// An example waiting for its program's verdict.
struct Pending {
    pointer: String,
    schema_pointer: String,
    /// Index into the crate's type table, or why the example is skipped.
    target: Result<usize, String>,
    value: Value,
    validity: Validity,
    checker: Option<Rc<Checker>>,
}

/// One spec generated, its program and input written.
struct Prepared {
    name: String,
    crate_name: String,
    dialect: String,
    problem: Option<String>,
    types: Vec<String>,
    examples: Vec<Pending>,
}

/// Generates the crate of `entry`, lists its examples, validates each
/// against its schema, and writes the program and its input.
fn prepare(corpus: &Path, crates_dir: &Path, entry: &Entry) -> Prepared {
    let crate_name = crate_name(&entry.name);
    let module = module_name(&entry.name);
    let mut prepared = Prepared {
        name: entry.name.clone(),
        crate_name: crate_name.clone(),
        dialect: String::new(),
        problem: None,
        types: Vec::new(),
        examples: Vec::new(),
    };
    let out = crates_dir.join(&entry.name);
    let service = oagen::ServiceSpec {
        name: entry.name.clone(),
        spec: corpus.join(&entry.file),
        spec_label: entry.file.clone(),
        module: module.clone(),
        feature: module.clone(),
        passes: Default::default(),
        rate_limit: None,
    };
    let crate_spec = oagen::CrateSpec {
        name: crate_name.clone(),
        version: "0.1.0".into(),
        output: out.clone(),
        services: vec![service.clone()],
        generated_by: "cargo xtask roundtrip".into(),
    };
    let generated = oagen::generate_crate(&crate_spec, false)
        // The task's own scratch folder under target/: crates written before
        // outputs carried oagen's marker are replaced too.
        .and_then(|g| {
            oagen::write::write_atomically(&out, &g.files, oagen::write::Replace::Anything)
        })
        .and_then(|()| oagen::generate::build_api(&service))
        .and_then(|(api, dialect, ..)| {
            let (_, doc) = oagen::frontend::to_document(oagen::load::load(&service.spec)?)?;
            Ok((api, dialect, doc))
        });
    let (api, dialect, doc) = match generated {
        Ok(g) => g,
        Err(e) => {
            prepared.problem = Some(format!("generation failed: {e}"));
            return prepared;
        }
    };
    prepared.dialect = dialect.label().to_string();
    let types_path = format!("{}::{module}::types", crate_name.replace('-', "_"));
    let mut type_index: HashMap<String, usize> = HashMap::new();
    let mut checkers = Checkers::new(&doc);
    for example in &api.examples {
        let (target, value) = match &example.check {
            ExampleCheck::Skip { reason } => (Err(reason.clone()), Value::Null),
            ExampleCheck::Decode { ty, value } => {
                match oagen::emit::type_path(&api.types, ty, &types_path) {
                    Ok(path) => {
                        let next = type_index.len();
                        let index = *type_index.entry(path.clone()).or_insert(next);
                        if index == next {
                            prepared.types.push(path);
                        }
                        (Ok(index), value.clone())
                    }
                    Err(e) => (Err(format!("no type path: {e}")), value.clone()),
                }
            }
        };
        let (validity, checker) = match &target {
            Err(_) => (Validity::Unchecked("skipped".into()), None),
            Ok(_) => checkers.validate(&example.schema_pointer, example.direction, &value),
        };
        prepared.examples.push(Pending {
            pointer: example.pointer.clone(),
            schema_pointer: example.schema_pointer.clone(),
            target,
            value,
            validity,
            checker,
        });
    }
    let items: Vec<(usize, usize, &Value)> = prepared
        .examples
        .iter()
        .enumerate()
        .filter_map(|(id, e)| e.target.as_ref().ok().map(|ty| (id, *ty, &e.value)))
        .collect();
    let written = std::fs::create_dir_all(out.join("examples"))
        .and_then(|()| {
            std::fs::write(
                out.join(program::PROGRAM),
                program::program(&prepared.types),
            )
        })
        .and_then(|()| std::fs::write(out.join(program::INPUT), program::input(&items)));
    if let Err(e) = written {
        prepared.problem = Some(format!("cannot write the program: {e}"));
    }
    prepared
}

/// The workspace of the generated crates, with the project's lock file
/// (the same dependency versions, and no index to fetch).
fn write_workspace(
    root: &Path,
    crates_dir: &Path,
    prepared: &[(Prepared, f64)],
) -> Result<(), String> {
    let mut workspace = String::from(
        "# Written by `cargo xtask roundtrip`: every generated corpus crate, one target folder.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for (p, _) in prepared.iter().filter(|(p, _)| p.problem.is_none()) {
        workspace.push_str(&format!("    \"{}\",\n", p.name));
    }
    workspace.push_str("]\n");
    let manifest = crates_dir.join("Cargo.toml");
    std::fs::write(&manifest, workspace)
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, crates_dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    Ok(())
}

/// Builds and runs the program of a prepared spec and judges its examples.
fn finish(
    cargo: &str,
    crates_dir: &Path,
    target_dir: &Path,
    p: Prepared,
    prepare_secs: f64,
) -> SpecRun {
    let started = Instant::now();
    let mut problem = p.problem.clone();
    let output = if problem.is_some() {
        HashMap::new()
    } else {
        let ran = program::build(cargo, crates_dir, target_dir, &p.crate_name).and_then(|exe| {
            program::run(
                &exe,
                &crates_dir.join(&p.name).join(program::INPUT),
                PROGRAM_LIMIT,
            )
        });
        match ran {
            Ok(text) => program::parse_output(&text),
            Err(e) => {
                problem = Some(format!("the round-trip program failed: {e}"));
                HashMap::new()
            }
        }
    };
    let examples = p
        .examples
        .into_iter()
        .enumerate()
        .map(|(id, e)| judge(id, e, &p.types, &output, problem.is_some()))
        .collect();
    SpecRun {
        name: p.name,
        dialect: p.dialect,
        problem,
        examples,
        seconds: prepare_secs + started.elapsed().as_secs_f64(),
    }
}

fn judge(
    id: usize,
    e: Pending,
    types: &[String],
    output: &HashMap<usize, Result<Value, String>>,
    failed: bool,
) -> Tried {
    let ty = e
        .target
        .as_ref()
        .ok()
        .and_then(|i| types.get(*i))
        .cloned()
        .unwrap_or_default();
    let outcome = match &e.target {
        Err(reason) => Outcome::Skipped(reason.clone()),
        Ok(_) if failed => Outcome::Skipped("not run: the spec's program failed".into()),
        Ok(_) => {
            let decoded = match output.get(&id) {
                Some(Ok(after)) => Ok(after),
                Some(Err(error)) => Err(error.as_str()),
                None => Err("no answer from the program (it stopped early)"),
            };
            let checker = e.checker.as_deref();
            let still_valid = |after: &Value| checker.and_then(|c| c.is_valid(after));
            let round_trip = compare::round_trip(&e.value, decoded, still_valid);
            let undeclared = match (&round_trip, checker) {
                (compare::RoundTrip::Lossy(diffs), Some(checker)) => {
                    undeclared_drops(checker, &e.value, diffs)
                }
                _ => Vec::new(),
            };
            compare::classify(&e.validity, round_trip, |d| undeclared.contains(&d.pointer))
        }
    };
    Tried {
        pointer: e.pointer,
        schema_pointer: e.schema_pointer,
        ty,
        validity: e.validity,
        outcome,
    }
}

/// The pointers of the dropped properties that the schema does not declare
/// where they were, object by object: every schema of the object leaves
/// them undeclared, or an alternative (`anyOf` / `oneOf` member) that
/// accepts the object does.
fn undeclared_drops(checker: &Checker, example: &Value, diffs: &[compare::Diff]) -> Vec<String> {
    let mut objects: Vec<(&str, Vec<&compare::Diff>)> = Vec::new();
    for d in diffs {
        let compare::DiffKind::Dropped(_) = d.kind else {
            continue;
        };
        let Some((parent, _)) = d.pointer.rsplit_once('/') else {
            continue;
        };
        match objects.iter_mut().find(|(p, _)| *p == parent) {
            Some((_, group)) => group.push(d),
            None => objects.push((parent, vec![d])),
        }
    }
    let mut out = Vec::new();
    for (parent, group) in objects {
        let Some(mut path) = group.first().map(|d| d.segments()) else {
            continue;
        };
        path.pop();
        let names: Vec<String> = group.iter().filter_map(|d| d.segments().pop()).collect();
        let each_undeclared = names.iter().all(|name| {
            schema::property_status(&checker.schema, &path, name)
                == schema::PropertyStatus::Undeclared
        });
        let undeclared = each_undeclared
            || example.pointer(parent).is_some_and(|object| {
                schema::alternatives_without(&checker.schema, &path, &names)
                    .iter()
                    .any(|alternative| compile(alternative).is_ok_and(|v| v.is_valid(object)))
            });
        if undeclared {
            out.extend(group.iter().map(|d| d.pointer.clone()));
        }
    }
    out
}

/// A schema converted for one direction, and its validator.
struct Checker {
    schema: Value,
    validator: Result<jsonschema::Validator, String>,
}

impl Checker {
    fn is_valid(&self, value: &Value) -> Option<bool> {
        self.validator.as_ref().ok().map(|v| v.is_valid(value))
    }
}

/// The checkers of one document, each schema converted and compiled once
/// per direction.
struct Checkers<'a> {
    doc: &'a Value,
    converters: HashMap<String, schema::Converter<'a>>,
    checkers: HashMap<String, Result<Rc<Checker>, String>>,
}

impl<'a> Checkers<'a> {
    fn new(doc: &'a Value) -> Self {
        Checkers {
            doc,
            converters: HashMap::new(),
            checkers: HashMap::new(),
        }
    }

    /// Whether `value` satisfies the schema at `pointer`, and the checker that said so.
    fn validate(
        &mut self,
        pointer: &str,
        direction: Direction,
        value: &Value,
    ) -> (Validity, Option<Rc<Checker>>) {
        if pointer.is_empty() {
            return (Validity::Unchecked("no schema".into()), None);
        }
        let key = format!("{direction:?} {pointer}");
        if !self.checkers.contains_key(&key) {
            let converter = self
                .converters
                .entry(format!("{direction:?}"))
                .or_insert_with(|| schema::Converter::new(self.doc, direction));
            let checker = converter.json_schema(pointer).map(|schema| {
                let validator = compile(&schema);
                Rc::new(Checker { schema, validator })
            });
            self.checkers.insert(key.clone(), checker);
        }
        let checker = match self.checkers.get(&key) {
            Some(Ok(checker)) => Rc::clone(checker),
            Some(Err(e)) => {
                return (
                    Validity::Unchecked(format!("schema not converted: {e}")),
                    None,
                );
            }
            None => return (Validity::Unchecked("no schema".into()), None),
        };
        let validity = match &checker.validator {
            Err(e) => Validity::Unchecked(format!("schema not usable: {e}")),
            Ok(validator) => {
                let errors: Vec<String> = validator
                    .iter_errors(value)
                    .take(3)
                    .map(|error| {
                        let at = error.instance_path().to_string();
                        let at = if at.is_empty() { "/".to_string() } else { at };
                        format!("{at}: {}", error.masked())
                    })
                    .collect();
                if errors.is_empty() {
                    Validity::Valid
                } else {
                    Validity::Invalid(
                        compare::short(&Value::String(errors.join("; ")))
                            .trim_matches('"')
                            .to_string(),
                    )
                }
            }
        };
        (validity, Some(checker))
    }
}

/// A validator for `schema`; a pattern the regex engine refuses (OpenAPI
/// patterns are ECMA-262, written for other engines) is left out rather
/// than losing the whole check.
fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
    // The formats the clients type are asserted (schema.rs keeps no other).
    let build = |schema: &Value| {
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(schema)
    };
    match build(schema) {
        Ok(v) => Ok(v),
        Err(first) => {
            let mut relaxed = schema.clone();
            drop_patterns(&mut relaxed);
            build(&relaxed).map_err(|_| first.masked().to_string())
        }
    }
}

fn drop_patterns(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("pattern").is_some_and(Value::is_string) {
                map.remove("pattern");
            }
            map.values_mut().for_each(drop_patterns);
        }
        Value::Array(list) => list.iter_mut().for_each(drop_patterns),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_defaults_to_all_in_ci() {
        use clap::Parser as _;
        let root = Path::new("/r");
        let parsed = |a: &[&str], ci| {
            let line = ["cargo xtask", "roundtrip"].iter().chain(a);
            let crate::cli::Task::Roundtrip(args) = crate::cli::Cli::parse_from(line).task else {
                panic!("a roundtrip task");
            };
            options(root, args, ci)
        };
        assert_eq!(parsed(&[], false).fail_on, FailOn::None);
        assert_eq!(parsed(&[], true).fail_on, FailOn::All);
        assert_eq!(parsed(&["--fail-on", "none"], true).fail_on, FailOn::None);
        assert_eq!(
            parsed(&["--fail-on", "a,b"], false).fail_on,
            FailOn::Specs(vec!["a".into(), "b".into()])
        );
        assert!(parsed(&["--only", "a"], false).report.is_none());
        assert_eq!(
            parsed(&[], false).report,
            Some(root.join("docs/roundtrip-report.md"))
        );
        assert!(
            crate::cli::Cli::try_parse_from(["cargo xtask", "roundtrip", "--fail-on"]).is_err()
        );
    }

    #[test]
    fn a_property_only_another_alternative_declares_is_undeclared_in_the_one_that_fits() {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "Result": {"type": "object", "properties": {"details": {"anyOf": [
                    {"$ref": "#/components/schemas/Keyword"},
                    {"$ref": "#/components/schemas/Claims"},
                    {"$ref": "#/components/schemas/Entities"}
                ], "nullable": true}}},
                "Keyword": {"type": "object", "additionalProperties": false,
                    "properties": {"score": {"type": "boolean"}, "keywords": {"type": "array"}}},
                "Claims": {"type": "object", "required": ["claims"],
                    "properties": {"score": {"type": "boolean"}, "claims": {"type": "array"}}},
                "Entities": {"type": "object", "required": ["entities"],
                    "properties": {"score": {"type": "boolean"}, "entities": {"type": "array"}}}
            }}
        });
        let schema = schema::Converter::new(&doc, Direction::Either)
            .json_schema("#/components/schemas/Result")
            .expect("converts");
        let checker = Checker {
            validator: compile(&schema),
            schema,
        };
        let example = serde_json::json!({"details": {"score": true, "claims": [1], "entities": [], "other": []}});
        // Decoded as `Claims`: `entities` (declared by `Entities` only) and
        // `other` (declared by none) are undeclared there.
        let as_claims = serde_json::json!({"details": {"score": true, "claims": [1]}});
        let diffs = compare::diff(&example, &as_claims);
        assert_eq!(
            undeclared_drops(&checker, &example, &diffs),
            ["/details/entities", "/details/other"]
        );
        // Decoded as `Keyword`: `claims` is declared by every alternative
        // that accepts the object, so dropping it is a loss.
        let as_keyword = serde_json::json!({"details": {"score": true}});
        let diffs = compare::diff(&example, &as_keyword);
        assert!(undeclared_drops(&checker, &example, &diffs).is_empty());
    }

    #[test]
    fn a_pattern_the_engine_refuses_is_left_out() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {"pattern": {"type": "string", "pattern": "(?<!x"}}
        });
        let validator = compile(&schema).expect("compiles without the pattern");
        assert!(validator.is_valid(&serde_json::json!({"pattern": "x"})));
        assert!(!validator.is_valid(&serde_json::json!({"pattern": 1})));
    }
}
