//! Comparing an example with what the generated type made of it, and the
//! class of each example's outcome. Pure functions.
//!
//! The rules:
//! - objects are compared as maps (order does not matter), arrays item by
//!   item, numbers as numbers (`1` and `1.0` are equal; an integer and a
//!   float are equal only if the float is exactly that integer; a number
//!   written back in the shortest form of an `f32` equals the example's
//!   number when that is exactly the same `f32`: `0.897599995136261` and
//!   `0.8976` are one `f32`, and a `format: float` field holds an `f32`);
//! - a property that is `null` in the example and absent after, or absent
//!   in the example and `null` after, is a null/absent difference. Those are
//!   accepted when the encoded value still satisfies the schema (so an
//!   optional field may drop an explicit null, and an optional nullable one
//!   may write one; a required nullable field may not drop its null, and a
//!   non-nullable one may not gain one); any other difference is a loss,
//!   judged without the null/absent differences the schema accepts.

use serde_json::{Number, Value};
use std::fmt;

/// One difference between the example and its round trip.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// JSON pointer in the example.
    pub pointer: String,
    pub kind: DiffKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DiffKind {
    /// In the example, gone after the round trip.
    Dropped(Value),
    /// Not in the example, there after.
    Added(Value),
    Changed {
        from: Value,
        to: Value,
    },
}

impl Diff {
    /// A property `null` on one side and absent on the other.
    pub fn is_null_absent(&self) -> bool {
        matches!(
            &self.kind,
            DiffKind::Dropped(Value::Null) | DiffKind::Added(Value::Null)
        ) && self.pointer.rsplit_once('/').is_some()
    }

    /// The pointer's segments (unescaped).
    pub fn segments(&self) -> Vec<String> {
        self.pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect()
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        match &self.kind {
            DiffKind::Dropped(v) => write!(f, "{at}: dropped {}", short(v)),
            DiffKind::Added(v) => write!(f, "{at}: added {}", short(v)),
            DiffKind::Changed { from, to } => write!(f, "{at}: {} → {}", short(from), short(to)),
        }
    }
}

/// A value in at most about 60 characters.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        text
    } else {
        let head: String = text.chars().take(57).collect();
        format!("{head}...")
    }
}

/// Every difference between `before` and `after`.
pub fn diff(before: &Value, after: &Value) -> Vec<Diff> {
    let mut out = Vec::new();
    diff_at(before, after, &mut String::new(), &mut out);
    out
}

fn diff_at(before: &Value, after: &Value, at: &mut String, out: &mut Vec<Diff>) {
    let here = |kind| Diff {
        pointer: at.clone(),
        kind,
    };
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(other) => diff_at(value, other, at, out),
                    None => out.push(Diff {
                        pointer: at.clone(),
                        kind: DiffKind::Dropped(value.clone()),
                    }),
                }
                at.truncate(len);
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(Diff {
                    pointer: format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    kind: DiffKind::Added(value.clone()),
                });
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, value) in a.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                match b.get(i) {
                    Some(other) => diff_at(value, other, at, out),
                    None => out.push(Diff {
                        pointer: at.clone(),
                        kind: DiffKind::Dropped(value.clone()),
                    }),
                }
                at.truncate(len);
            }
            for (i, value) in b.iter().enumerate().skip(a.len()) {
                out.push(Diff {
                    pointer: format!("{at}/{i}"),
                    kind: DiffKind::Added(value.clone()),
                });
            }
        }
        (Value::Number(a), Value::Number(b)) if numbers_equal(a, b) || same_f32(a, b) => {}
        (Value::String(a), Value::String(b)) if same_date_time(a, b) || same_uuid(a, b) => {}
        (a, b) if a == b => {}
        (a, b) => out.push(here(DiffKind::Changed {
            from: a.clone(),
            to: b.clone(),
        })),
    }
}

/// Equal as numbers: integers exactly; an integer and a float only when
/// the float is that integer exactly.
pub fn numbers_equal(a: &Number, b: &Number) -> bool {
    let int = |n: &Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    match (int(a), int(b)) {
        (Some(x), Some(y)) => x == y,
        (Some(i), None) | (None, Some(i)) => {
            let f = if int(a).is_some() {
                b.as_f64()
            } else {
                a.as_f64()
            };
            f.is_some_and(|f| float_is_integer(f, i))
        }
        (None, None) => a.as_f64() == b.as_f64(),
    }
}

/// `after` is an `f32` in its shortest form, and `before` is exactly that `f32`.
pub fn same_f32(before: &Number, after: &Number) -> bool {
    let (Some(before), Some(after)) = (before.as_f64(), after.as_f64()) else {
        return false;
    };
    let narrow = after as f32;
    narrow.is_finite()
        && narrow.to_string().parse::<f64>() == Ok(after)
        && f64::from(narrow) == before
}

/// The same RFC 3339 date-time written another way: the same instant in
/// the same offset (`+00:00` and `Z`, `.5` and `.500`), as a typed
/// `date-time` writes it back. `-00:00` ("offset unknown", RFC 3339 4.3)
/// is not `Z`.
pub fn same_date_time(before: &str, after: &str) -> bool {
    type Stamp = chrono::DateTime<chrono::FixedOffset>;
    match (before.parse::<Stamp>(), after.parse::<Stamp>()) {
        (Ok(a), Ok(b)) => a == b && a.offset() == b.offset() && !before.ends_with("-00:00"),
        _ => false,
    }
}

/// The same uuid written another way (upper case), as a typed `uuid` writes
/// it back in lower case.
pub fn same_uuid(before: &str, after: &str) -> bool {
    match (before.parse::<uuid::Uuid>(), after.parse::<uuid::Uuid>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn float_is_integer(f: f64, i: i128) -> bool {
    // Beyond 2^100 no f64 is an i64 or u64 anyway; the cast saturates there.
    f.fract() == 0.0 && f.abs() < 1e30 && f as i128 == i
}

/// Whether the example satisfies its schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Validity {
    Valid,
    /// Fails its own schema: the spec's fault. The first errors, shortened.
    Invalid(String),
    /// Could not be checked (no schema, or a schema the validator refused).
    Unchecked(String),
}

/// What decoding and encoding again did to an example.
#[derive(Debug, Clone, PartialEq)]
pub enum RoundTrip {
    /// Back as it was (null/absent differences accepted by the schema included).
    Exact,
    Lossy(Vec<Diff>),
    /// The generated type refused it.
    Failed(String),
}

/// The class of an example's outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Exact,
    /// Lost or changed something (our defect).
    Lossy(Vec<Diff>),
    /// Lost only properties its schema does not declare, where the schema
    /// does not say whether others are allowed (a deliberate rule: declared
    /// structs keep declared fields).
    LossyUndeclared(Vec<Diff>),
    /// A valid example the type refused (our defect).
    UndecodableButValid(String),
    /// Fails its own schema (the spec's fault): what the round trip did is
    /// told but not counted against the generator.
    Invalid {
        errors: String,
        round_trip: RoundTrip,
    },
    Skipped(String),
}

impl Outcome {
    /// A short name of the class, for the report and the JSON lines.
    pub fn class(&self) -> &'static str {
        match self {
            Outcome::Exact => "exact",
            Outcome::Lossy(_) => "lossy",
            Outcome::LossyUndeclared(_) => "lossy-undeclared",
            Outcome::UndecodableButValid(_) => "undecodable-but-valid",
            Outcome::Invalid { .. } => "invalid",
            Outcome::Skipped(_) => "skipped",
        }
    }

    /// Counted against the generator.
    pub fn is_defect(&self) -> bool {
        matches!(self, Outcome::Lossy(_) | Outcome::UndecodableButValid(_))
    }
}

/// What became of `original` through the generated type: `decoded` is the
/// re-encoded value or the decoding error; `still_valid` tells whether a
/// value satisfies the example's schema (`None`: cannot tell).
pub fn round_trip(
    original: &Value,
    decoded: Result<&Value, &str>,
    still_valid: impl Fn(&Value) -> Option<bool>,
) -> RoundTrip {
    let after = match decoded {
        Ok(after) => after,
        Err(error) => return RoundTrip::Failed(error.to_string()),
    };
    let mut diffs = diff(original, after);
    // Null/absent differences the schema accepts are no loss, beside other
    // differences too (which are then judged alone: an undeclared property
    // dropped beside an optional null is still only that).
    if diffs.iter().any(Diff::is_null_absent) && still_valid(after) == Some(true) {
        diffs.retain(|d| !d.is_null_absent());
    }
    if diffs.is_empty() {
        return RoundTrip::Exact;
    }
    RoundTrip::Lossy(diffs)
}

/// The class of an example: `undeclared` tells whether a difference is a
/// dropped property its schema does not declare (and whose object does not
/// say whether others are allowed).
pub fn classify(
    validity: &Validity,
    round_trip: RoundTrip,
    undeclared: impl Fn(&Diff) -> bool,
) -> Outcome {
    if let Validity::Invalid(errors) = validity {
        return Outcome::Invalid {
            errors: errors.clone(),
            round_trip,
        };
    }
    match round_trip {
        RoundTrip::Exact => Outcome::Exact,
        RoundTrip::Failed(error) => Outcome::UndecodableButValid(error),
        RoundTrip::Lossy(diffs)
            if diffs
                .iter()
                .all(|d| matches!(d.kind, DiffKind::Dropped(_)) && undeclared(d)) =>
        {
            Outcome::LossyUndeclared(diffs)
        }
        RoundTrip::Lossy(diffs) => Outcome::Lossy(diffs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shown(diffs: &[Diff]) -> Vec<String> {
        diffs.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn differences_name_their_place() {
        let before = json!({"a": {"b/c": 1, "d": [1, 2, 3]}, "e": "x", "n": null});
        let after = json!({"a": {"d": [1, 5]}, "e": "y", "f": true});
        assert_eq!(
            shown(&diff(&before, &after)),
            [
                "/a/b~1c: dropped 1",
                "/a/d/1: 2 → 5",
                "/a/d/2: dropped 3",
                "/e: \"x\" → \"y\"",
                "/n: dropped null",
                "/f: added true",
            ]
        );
        assert_eq!(shown(&diff(&json!(1), &json!("1"))), ["/: 1 → \"1\""]);
        assert!(diff(&json!({"a": 1, "b": 2}), &json!({"b": 2, "a": 1})).is_empty());
    }

    #[test]
    fn numbers_compare_as_numbers() {
        let n = |v: Value| match v {
            Value::Number(n) => n,
            _ => unreachable!(),
        };
        assert!(numbers_equal(&n(json!(1)), &n(json!(1.0))));
        assert!(numbers_equal(&n(json!(0.5)), &n(json!(0.5))));
        assert!(numbers_equal(&n(json!(u64::MAX)), &n(json!(u64::MAX))));
        assert!(!numbers_equal(&n(json!(1)), &n(json!(1.5))));
        // 2^53 + 1 has no f64: through a float it came back as 2^53.
        assert!(!numbers_equal(
            &n(json!(9_007_199_254_740_993_i64)),
            &n(json!(9_007_199_254_740_992.0))
        ));
        assert!(!numbers_equal(&n(json!(-1)), &n(json!(u64::MAX))));
        assert!(diff(&json!({"x": [1, 2.0]}), &json!({"x": [1.0, 2]})).is_empty());
        // An f32 written long, then short: the same f32.
        assert!(diff(&json!(0.897599995136261), &json!(0.8976)).is_empty());
        assert!(diff(&json!(0.05017662048339844), &json!(0.05017662)).is_empty());
        // Digits an f32 cannot hold are lost.
        assert_eq!(diff(&json!(0.1234567891234), &json!(0.12345679)).len(), 1);
        // An f64 one step off is not excused as an f32.
        assert_eq!(diff(&json!(0.5), &json!(0.5000000000000001)).len(), 1);
        assert_eq!(
            diff(&json!(1525258288.1006439), &json!(1525258288.100644)).len(),
            1
        );
    }

    #[test]
    fn date_times_and_uuids_compare_as_what_they_mean() {
        let same = |a: &str, b: &str| diff(&json!(a), &json!(b)).is_empty();
        assert!(same("2022-10-07T00:00:00+00:00", "2022-10-07T00:00:00Z"));
        assert!(same(
            "2024-01-01T10:00:00.5+02:00",
            "2024-01-01T10:00:00.500+02:00"
        ));
        assert!(same(
            "6F1C2A9E-3B4D-4C5E-8F70-A1B2C3D4E5F6",
            "6f1c2a9e-3b4d-4c5e-8f70-a1b2c3d4e5f6"
        ));
        // Another offset is another value, even at the same instant.
        assert!(!same("2024-01-01T10:00:00+02:00", "2024-01-01T08:00:00Z"));
        assert!(!same("2024-01-01T10:00:00.5Z", "2024-01-01T10:00:00Z"));
        // "Offset unknown" is not UTC.
        assert!(!same("2024-01-01T10:00:00-00:00", "2024-01-01T10:00:00Z"));
        assert!(!same(
            "6f1c2a9e-3b4d-4c5e-8f70-a1b2c3d4e5f6",
            "6f1c2a9e-3b4d-4c5e-8f70-a1b2c3d4e5f7"
        ));
    }

    #[test]
    fn null_and_absent_are_judged_by_the_schema() {
        let before = json!({"a": null, "b": 1});
        let dropped = json!({"b": 1});
        // Still satisfies the schema: an optional field that dropped its null.
        assert_eq!(
            round_trip(&before, Ok(&dropped), |_| Some(true)),
            RoundTrip::Exact
        );
        // A required nullable field must keep its null.
        assert!(matches!(
            round_trip(&before, Ok(&dropped), |_| Some(false)),
            RoundTrip::Lossy(_)
        ));
        // No schema to ask: a loss.
        assert!(matches!(
            round_trip(&before, Ok(&dropped), |_| None),
            RoundTrip::Lossy(_)
        ));
        // Absent became null, and the schema does not allow null there.
        let gained = json!({"a": null, "b": 1, "c": null});
        assert!(matches!(
            round_trip(&before, Ok(&gained), |_| Some(false)),
            RoundTrip::Lossy(_)
        ));
        assert_eq!(
            round_trip(&before, Ok(&gained), |_| Some(true)),
            RoundTrip::Exact
        );
        // Another difference beside them: a loss whatever the schema says,
        // and the accepted null/absent differences are not listed with it.
        let changed = json!({"b": 2});
        assert_eq!(
            round_trip(&before, Ok(&changed), |_| Some(true)),
            RoundTrip::Lossy(diff(&json!({"b": 1}), &json!({"b": 2})))
        );
        assert_eq!(
            round_trip(&before, Ok(&changed), |_| Some(false)),
            RoundTrip::Lossy(diff(&before, &changed))
        );
        // Beside an undeclared property dropped (mastodon's `Instance`), an
        // optional null dropped leaves the example only that.
        let extra = json!({"a": null, "b": 1, "vapid": {"key": "k"}});
        let RoundTrip::Lossy(diffs) = round_trip(&extra, Ok(&dropped), |_| Some(true)) else {
            panic!("a loss")
        };
        assert_eq!(shown(&diffs), ["/vapid: dropped {\"key\":\"k\"}"]);
        let undeclared = |d: &Diff| d.pointer == "/vapid";
        assert_eq!(
            classify(&Validity::Valid, RoundTrip::Lossy(diffs), undeclared).class(),
            "lossy-undeclared"
        );
        // A top-level null is a value, not a property.
        assert!(matches!(
            round_trip(&json!(null), Ok(&json!({})), |_| Some(true)),
            RoundTrip::Lossy(_)
        ));
        assert_eq!(
            round_trip(&before, Err("missing field `x`"), |_| Some(true)),
            RoundTrip::Failed("missing field `x`".into())
        );
    }

    #[test]
    fn outcomes_are_classified() {
        let lossy = || RoundTrip::Lossy(diff(&json!({"a": 1, "x": 2}), &json!({"a": 1})));
        let yes = |_: &Diff| true;
        let no = |_: &Diff| false;
        assert_eq!(
            classify(&Validity::Valid, RoundTrip::Exact, no),
            Outcome::Exact
        );
        assert_eq!(classify(&Validity::Valid, lossy(), no).class(), "lossy");
        assert_eq!(
            classify(&Validity::Valid, lossy(), yes).class(),
            "lossy-undeclared"
        );
        // Only dropped properties can be undeclared ones.
        let changed = RoundTrip::Lossy(diff(&json!({"a": 1}), &json!({"a": 2})));
        assert_eq!(classify(&Validity::Valid, changed, yes).class(), "lossy");
        assert_eq!(
            classify(
                &Validity::Unchecked("no schema".into()),
                RoundTrip::Failed("e".into()),
                no
            ),
            Outcome::UndecodableButValid("e".into())
        );
        let invalid = classify(
            &Validity::Invalid("/a: not a string".into()),
            RoundTrip::Failed("e".into()),
            no,
        );
        assert_eq!(invalid.class(), "invalid");
        assert!(!invalid.is_defect());
        assert!(classify(&Validity::Valid, lossy(), no).is_defect());
        assert!(!classify(&Validity::Valid, lossy(), yes).is_defect());
    }
}
