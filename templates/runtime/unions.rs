//! How generated unions decode. A union whose value names its variant (a tag
//! property, or the one key of an object) dispatches on that name; the
//! others try each variant and keep the one that loses least of the value:
//! the first whose encoding is the value again, else the one that keeps the
//! most of it. A value no variant reads stays as it is, in `Unknown`.

use serde_json::Value;

/// One variant tried on a value: the variant, and its encoding.
pub type Attempt<U> = fn(&Value) -> Option<(U, Value)>;

/// Reads `value` as the variant `wrap` makes (an [`Attempt`]).
pub fn attempt<T, U>(value: &Value, wrap: fn(T) -> U) -> Option<(U, Value)>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value.clone()).ok()?;
    let encoded = serde_json::to_value(&typed).ok()?;
    Some((wrap(typed), encoded))
}

/// The first attempt whose encoding says what `value` says, else the one
/// that keeps the most of it (the earliest, of equals); `None` when no
/// attempt reads it.
pub fn best_fit<U>(value: &Value, attempts: &[Attempt<U>]) -> Option<U> {
    let mut best: Option<(usize, U)> = None;
    for attempt in attempts {
        let Some((variant, encoded)) = attempt(value) else {
            continue;
        };
        if same(value, &encoded) {
            return Some(variant);
        }
        let kept = kept(value, &encoded);
        if best.as_ref().is_none_or(|(most, _)| kept > *most) {
            best = Some((kept, variant));
        }
    }
    best.map(|(_, variant)| variant)
}

/// Decodes `value` as the variant `wrap` makes, failing with serde's error.
pub fn decode<T, U, E>(value: Value, wrap: fn(T) -> U) -> Result<U, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map(wrap).map_err(E::custom)
}

/// The string `value`'s `property` holds: an internally tagged union's tag.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// The key of an object that has exactly one: an externally tagged union's tag.
pub fn single_key(value: &Value) -> Option<&str> {
    match value {
        Value::Object(entries) if entries.len() == 1 => entries.keys().next().map(String::as_str),
        _ => None,
    }
}

/// What an object's one key holds.
pub fn single_value(value: Value) -> Value {
    match value {
        Value::Object(entries) => entries.into_iter().next().map_or(Value::Null, |(_, v)| v),
        other => other,
    }
}

/// Writes `{key: value}`: an externally tagged union's variant.
pub fn serialize_entry<S, T>(serializer: S, key: &str, value: &T) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize + ?Sized,
{
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// Whether `encoded` says what `value` says: an absent member and a null
/// one say the same, and so do `1` and `1.0`.
fn same(value: &Value, encoded: &Value) -> bool {
    match (value, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            let null = Value::Null;
            a.iter().all(|(k, v)| same(v, b.get(k).unwrap_or(&null)))
                && b.iter().all(|(k, v)| a.contains_key(k) || v.is_null())
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        _ => value == encoded,
    }
}

fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    let whole = |n: &serde_json::Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (whole(a), whole(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// How many of `value`'s scalars (and empty lists and objects) `encoded`
/// has again in the same place.
fn kept(value: &Value, encoded: &Value) -> usize {
    match (value, encoded) {
        (Value::Null, _) => 0,
        (Value::Object(a), Value::Object(b)) if !a.is_empty() => a
            .iter()
            .map(|(k, v)| b.get(k).map_or(0, |w| kept(v, w)))
            .sum(),
        (Value::Array(a), Value::Array(b)) if !a.is_empty() => {
            a.iter().zip(b).map(|(x, y)| kept(x, y)).sum()
        }
        _ => usize::from(same(value, encoded)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Short {
        at: String,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Long {
        at: String,
        reason: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Either {
        Short(Short),
        Long(Long),
    }

    fn decode_either(value: &Value) -> Option<Either> {
        best_fit::<Either>(value, &[
            |v: &Value| attempt(v, Either::Short),
            |v: &Value| attempt(v, Either::Long),
        ])
    }

    #[test]
    fn the_variant_that_keeps_the_value_wins_over_an_earlier_one() {
        let value = json!({"at": "noon", "reason": "late"});
        let long = Long { at: "noon".into(), reason: Some("late".into()) };
        assert_eq!(decode_either(&value), Some(Either::Long(long)));
        // Null and absent say the same: the first variant fits exactly.
        let short = Short { at: "noon".into() };
        assert_eq!(decode_either(&json!({"at": "noon", "reason": null})), Some(Either::Short(short)));
        assert_eq!(decode_either(&json!([1])), None);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&json!({"n": 1}), &json!({"n": 1.0})));
        assert!(!same(&json!({"n": 1}), &json!({"n": 2})));
        assert_eq!(kept(&json!({"a": 1, "b": [true, "x"]}), &json!({"a": 1, "b": [true]})), 2);
    }
}
