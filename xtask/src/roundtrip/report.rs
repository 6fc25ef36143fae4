//! The round-trip report: a line per spec, a summary line, and the lists
//! the fidelity work needs (lossy and undecodable examples, with their
//! place, type and what went wrong), as Markdown and as JSON lines.

use super::compare::{Outcome, RoundTrip, Validity};
use super::{SpecRun, Tried};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// The counts of one spec (or of all).
#[derive(Default, Clone, Copy)]
struct Counts {
    found: usize,
    exact: usize,
    lossy: usize,
    undeclared: usize,
    undecodable: usize,
    invalid: usize,
    skipped: usize,
}

impl Counts {
    fn of<'a>(examples: impl IntoIterator<Item = &'a Tried>) -> Counts {
        let mut c = Counts::default();
        for e in examples {
            c.found += 1;
            match &e.outcome {
                Outcome::Exact => c.exact += 1,
                Outcome::Lossy(_) => c.lossy += 1,
                Outcome::LossyUndeclared(_) => c.undeclared += 1,
                Outcome::UndecodableButValid(_) => c.undecodable += 1,
                Outcome::Invalid { .. } => c.invalid += 1,
                Outcome::Skipped(_) => c.skipped += 1,
            }
        }
        c
    }

    fn tried(&self) -> usize {
        self.found - self.skipped
    }

    fn cells(&self) -> [String; 8] {
        [
            self.tried(),
            self.exact,
            self.lossy,
            self.undeclared,
            self.undecodable,
            self.invalid,
            self.skipped,
            self.found,
        ]
        .map(|n| n.to_string())
    }
}

const HEADERS: [&str; 11] = [
    "spec",
    "dialect",
    "tried",
    "exact",
    "lossy",
    "lossy by undeclared only (spec's)",
    "undecodable-but-valid",
    "invalid (spec's)",
    "skipped",
    "found",
    "s",
];

pub fn summary_line(runs: &[SpecRun]) -> String {
    let c = Counts::of(runs.iter().flat_map(|r| &r.examples));
    let failed = runs.iter().filter(|r| r.problem.is_some()).count();
    format!(
        "{} specs{}: {} examples tried, {} exact, {} lossy, {} lossy only by undeclared properties (the spec's), \
         {} undecodable-but-valid, {} invalid (the spec's), {} skipped",
        runs.len(),
        if failed > 0 {
            format!(" ({failed} not measured)")
        } else {
            String::new()
        },
        c.tried(),
        c.exact,
        c.lossy,
        c.undeclared,
        c.undecodable,
        c.invalid,
        c.skipped
    )
}

pub fn text_table(runs: &[SpecRun]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<32} {:>6} {:>6} {:>6} {:>7} {:>11} {:>7} {:>7}",
        "spec", "tried", "exact", "lossy", "undecl.", "undecodable", "invalid", "skipped"
    );
    for r in runs {
        let c = Counts::of(&r.examples);
        let _ = writeln!(
            out,
            "{:<32} {:>6} {:>6} {:>6} {:>7} {:>11} {:>7} {:>7}{}",
            r.name,
            c.tried(),
            c.exact,
            c.lossy,
            c.undeclared,
            c.undecodable,
            c.invalid,
            c.skipped,
            if r.problem.is_some() {
                "  NOT MEASURED"
            } else {
                ""
            }
        );
    }
    out
}

/// One JSON object a line, an example each.
pub fn json_lines(runs: &[SpecRun]) -> String {
    let mut out = String::new();
    for r in runs {
        for e in &r.examples {
            let line = json!({
                "spec": r.name,
                "pointer": e.pointer,
                "schema": e.schema_pointer,
                "type": e.ty,
                "class": e.outcome.class(),
                "detail": detail(&e.outcome),
                "validation": match &e.validity {
                    Validity::Valid => "valid".to_string(),
                    Validity::Invalid(errors) => format!("invalid: {errors}"),
                    Validity::Unchecked(why) => format!("unchecked: {why}"),
                },
            });
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// What went wrong, in a line.
fn detail(outcome: &Outcome) -> String {
    let diffs = |d: &[super::compare::Diff]| {
        let mut shown: Vec<String> = d.iter().take(4).map(ToString::to_string).collect();
        if d.len() > 4 {
            shown.push(format!("and {} more", d.len() - 4));
        }
        shown.join("; ")
    };
    match outcome {
        Outcome::Exact => String::new(),
        Outcome::Lossy(d) | Outcome::LossyUndeclared(d) => diffs(d),
        Outcome::UndecodableButValid(e) | Outcome::Skipped(e) => e.clone(),
        Outcome::Invalid { errors, round_trip } => {
            let ours = match round_trip {
                RoundTrip::Exact => "decoded exactly".to_string(),
                RoundTrip::Lossy(d) => format!("decoded with losses: {}", diffs(d)),
                RoundTrip::Failed(e) => format!("not decoded: {e}"),
            };
            format!("{errors} ({ours})")
        }
    }
}

/// Markdown with no table-breaking characters.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(runs: &[SpecRun], summary: &str, only: &[String], elapsed: Duration) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Round-trip report\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask roundtrip{}` ({:.0} min on {}): every example the corpus \
         specs give (schema `example`, 3.1 `examples` and Stoplight `x-examples`; media-type \
         `example` and `examples`, references into `#/components/examples` followed; parameter \
         `example` and `examples`; Swagger 2.0's response `examples` and `x-example` as the 2.0 \
         rewrite carries them) decoded with `serde_json::from_str` into the generated type of \
         its place, encoded again with `serde_json::to_string`, and compared with the example. \
         Each example is also validated against its own schema (converted to JSON Schema \
         2020-12, see `xtask/src/roundtrip/schema.rs`; the `date-time`, `date` and `uuid` \
         formats the clients type are asserted) with the `jsonschema` crate.\n",
        if only.is_empty() {
            String::new()
        } else {
            format!(" --only {}", only.join(","))
        },
        elapsed.as_secs_f64() / 60.0,
        crate::corpus::machine()
    );
    let _ = writeln!(
        md,
        "Classes: **exact** (back as written; numbers compared as numbers, date-times as \
         instants with their offsets (`+00:00` is `Z`), uuids case aside; a property `null` on \
         one side and absent on the other is accepted when the encoded value still satisfies \
         the schema); **lossy** (something lost or changed: our defect); **lossy only by \
         undeclared properties** (the example carries properties its schema does not declare \
         (in a union, the member that accepts it), on an object that does not say more are \
         allowed, and only those were dropped: the \
         spec's inconsistency, not counted against us; the rule is that an object with declared \
         properties keeps other fields only where the spec allows them, with \
         `additionalProperties: true` or a schema); **undecodable-but-valid** \
         (a valid example the type refuses: our defect); **invalid** (fails its own schema: the \
         spec's fault, not counted against us; what decoding did is told in the list); \
         **skipped** (nothing the client decodes as JSON, by reason below).\n"
    );
    let _ = writeln!(md, "**{summary}**\n");
    let _ = writeln!(md, "| {} |", HEADERS.join(" | "));
    let _ = writeln!(md, "| --- | --- |{}", " ---: |".repeat(HEADERS.len() - 2));
    for r in runs {
        let c = Counts::of(&r.examples);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.0} |",
            r.name,
            r.dialect,
            c.cells().join(" | "),
            r.seconds
        );
    }
    let all = Counts::of(runs.iter().flat_map(|r| &r.examples));
    let _ = writeln!(
        md,
        "| **all** | | {} | |",
        all.cells().map(|c| format!("**{c}**")).join(" | ")
    );
    let problems: Vec<&SpecRun> = runs.iter().filter(|r| r.problem.is_some()).collect();
    if !problems.is_empty() {
        let _ = writeln!(md, "\nNot measured:\n");
        for r in problems {
            let problem = r.problem.as_deref().unwrap_or("");
            let first: Vec<&str> = problem.lines().take(3).collect();
            let _ = writeln!(md, "- {}: {}", r.name, cell(&first.join(" ")));
        }
    }
    md.push_str(&listing(runs, "Lossy examples (our defects)", |o| {
        matches!(o, Outcome::Lossy(_))
    }));
    md.push_str(&listing(
        runs,
        "Undecodable-but-valid examples (our defects)",
        |o| matches!(o, Outcome::UndecodableButValid(_)),
    ));
    md.push_str(&listing(
        runs,
        "Lossy only by undeclared properties (the spec's inconsistency: its example carries \
         properties its schema does not declare nor allow)",
        |o| matches!(o, Outcome::LossyUndeclared(_)),
    ));
    md.push_str(&listing(runs, "Invalid examples (the spec's fault)", |o| {
        matches!(o, Outcome::Invalid { .. })
    }));
    md.push_str(&skipped(runs));
    md
}

/// The examples whose outcome `pick` chooses, by spec.
fn listing(runs: &[SpecRun], title: &str, pick: impl Fn(&Outcome) -> bool) -> String {
    let mut md = String::new();
    let count: usize = runs
        .iter()
        .flat_map(|r| &r.examples)
        .filter(|e| pick(&e.outcome))
        .count();
    let _ = writeln!(md, "\n## {title}: {count}\n");
    if count == 0 {
        let _ = writeln!(md, "None.");
        return md;
    }
    for r in runs {
        let picked: Vec<&Tried> = r.examples.iter().filter(|e| pick(&e.outcome)).collect();
        if picked.is_empty() {
            continue;
        }
        let _ = writeln!(md, "\n### {} ({})\n", r.name, picked.len());
        for e in picked {
            let unchecked = match &e.validity {
                Validity::Unchecked(why) => format!(" (not validated: {why})"),
                _ => String::new(),
            };
            let _ = writeln!(
                md,
                "- `{}` as `{}`: {}{}",
                e.pointer,
                short_type(&e.ty),
                cell(&detail(&e.outcome)),
                cell(&unchecked)
            );
        }
    }
    md
}

/// A type path without the crate's module prefix and `::std::` noise.
fn short_type(ty: &str) -> String {
    let mut out = ty
        .replace("::std::option::", "")
        .replace("::std::vec::", "")
        .replace("::std::collections::", "")
        .replace("::std::string::", "")
        .replace("::serde_json::", "serde_json::");
    while let Some(start) = out.find("::types::") {
        // `crate::module::types::Name` → `Name`
        let head = &out[..start];
        let from = head
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        out.replace_range(from..start + "::types::".len(), "");
    }
    out
}

/// The skipped examples, and the tried ones their schema could not
/// check, by reason (the text before the first colon).
fn skipped(runs: &[SpecRun]) -> String {
    let mut md = by_reason(runs, "Skipped examples by reason", |e| match &e.outcome {
        Outcome::Skipped(reason) => Some(reason),
        _ => None,
    });
    md.push_str(&by_reason(
        runs,
        "Examples tried without a schema check, by reason",
        |e| match (&e.outcome, &e.validity) {
            (Outcome::Skipped(_), _) => None,
            (_, Validity::Unchecked(why)) => Some(why),
            _ => None,
        },
    ));
    md
}

fn by_reason<'a>(
    runs: &'a [SpecRun],
    title: &str,
    reason: impl Fn(&'a Tried) -> Option<&'a String>,
) -> String {
    let mut by_reason: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in runs {
        for e in &r.examples {
            if let Some(reason) = reason(e) {
                let class = reason
                    .split(':')
                    .next()
                    .unwrap_or(reason)
                    .trim()
                    .to_string();
                *by_reason
                    .entry(class)
                    .or_default()
                    .entry(r.name.clone())
                    .or_default() += 1;
            }
        }
    }
    let mut md = format!("\n## {title}\n\n");
    if by_reason.is_empty() {
        md.push_str("None.\n");
    }
    for (reason, specs) in by_reason {
        let total: usize = specs.values().sum();
        let list: Vec<String> = specs.iter().map(|(s, n)| format!("{s} {n}")).collect();
        let _ = writeln!(md, "- {reason}: {total} ({})", list.join(", "));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_shown_short() {
        assert_eq!(
            short_type("::std::option::Option<::std::vec::Vec<my_api::svc::types::Pet>>"),
            "Option<Vec<Pet>>"
        );
        assert_eq!(
            short_type("::std::collections::HashMap<::std::string::String,::serde_json::Value>"),
            "HashMap<String,serde_json::Value>"
        );
    }

    #[test]
    fn counts_and_summary() {
        let tried = |outcome| Tried {
            pointer: "#/x".into(),
            schema_pointer: "#/s".into(),
            ty: "i64".into(),
            validity: Validity::Unchecked("no schema".into()),
            outcome,
        };
        let runs = vec![SpecRun {
            name: "a".into(),
            dialect: "openapi 3.0".into(),
            problem: None,
            examples: vec![
                tried(Outcome::Exact),
                tried(Outcome::Skipped("externalValue: x".into())),
                tried(Outcome::UndecodableButValid("e".into())),
            ],
            seconds: 1.0,
        }];
        assert_eq!(
            summary_line(&runs),
            "1 specs: 2 examples tried, 1 exact, 0 lossy, 0 lossy only by undeclared properties (the spec's), \
             1 undecodable-but-valid, 0 invalid (the spec's), 1 skipped"
        );
        let md = markdown(&runs, &summary_line(&runs), &[], Duration::from_secs(60));
        assert!(
            md.contains("| a | openapi 3.0 | 2 | 1 | 0 | 0 | 1 | 0 | 1 | 3 | 1 |"),
            "{md}"
        );
        assert!(
            md.contains("- `#/x` as `i64`: e (not validated: no schema)"),
            "{md}"
        );
        assert!(md.contains("- externalValue: 1 (a 1)"), "{md}");
        assert!(md.contains("- no schema: 2 (a 2)"), "{md}");
        assert_eq!(json_lines(&runs).lines().count(), 3);
    }
}
