//! Text to JSON tree. JSON goes through serde_json; anything else through the
//! YAML parser, whose mapping keys are turned into strings (YAML allows `200:`
//! as an integer key, JSON does not).

use crate::error::{Diagnostic, Result};
use serde_json::Value;
use std::path::Path;

/// Deepest nesting accepted; deeper documents are refused rather than risk the stack.
const MAX_DEPTH: usize = 512;

pub fn parse_document(file: &Path, text: &str) -> Result<Value> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Diagnostic::new(file, "the file is empty").into());
    }
    let is_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if is_json {
        let mut de = serde_json::Deserializer::from_str(trimmed);
        let tree = serde::de::DeserializeSeed::deserialize(
            JsonTree {
                depth: 0,
                yaml: false,
            },
            &mut de,
        );
        return match tree.and_then(|v: Value| {
            de.end()?;
            Ok(v)
        }) {
            Ok(value) => Ok(value),
            Err(e) => {
                let offset = text.len() - trimmed.len();
                // serde_json says column 0 for the end of the text.
                let (line, column) = adjust_line_col(text, offset, e.line(), e.column().max(1));
                let d = Diagnostic::new(
                    file,
                    format!("invalid JSON: {}", strip_position(&e.to_string())),
                )
                .line_col(line, column);
                Err(with_limit_hint(d).into())
            }
        };
    }
    let de = serde_yaml::Deserializer::from_str(text);
    serde::de::DeserializeSeed::deserialize(
        JsonTree {
            depth: 0,
            yaml: true,
        },
        de,
    )
    .map_err(|e| {
        let mut d = Diagnostic::new(
            file,
            format!("invalid YAML: {}", strip_position(&e.to_string())),
        );
        if let Some(loc) = e.location() {
            let (mut line, mut column) = (loc.line(), loc.column());
            // The parser names the mapping; point at the repeated key instead.
            if let Some(key) = duplicate_key(&d.message)
                && let Some(at) = super::locate::yaml_duplicate_key(text, line, column, key)
            {
                (line, column) = at;
            }
            d = d.line_col(line, column);
            let at = text.lines().nth(line.saturating_sub(1)).and_then(|l| {
                l.get(column.saturating_sub(1)..)
                    .and_then(|rest| rest.chars().next())
            });
            if at == Some('\t') || (at.is_none() && d.message.contains("cannot start any token")) {
                d = d.hint("YAML does not allow tabs for indentation: use spaces");
            }
        }
        with_limit_hint(d).into()
    })
}

/// The key named by a duplicate key error.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.split("duplicate key `").nth(1)?;
    Some(&rest[..rest.rfind("` in a mapping")?])
}

/// The parsers' limits, explained: they are what stops a hostile document.
fn with_limit_hint(d: Diagnostic) -> Diagnostic {
    if d.message.contains("recursion limit exceeded") {
        d.hint("the document nests more than 128 levels deep; no OpenAPI document needs that")
    } else if d.message.contains("duplicate key") {
        d.hint("a key may appear once in a mapping: keep one of them, or merge them")
    } else if d.message.contains("repetition limit exceeded") {
        d.hint(
            "YAML aliases (`*name`) expand to too many values (an alias bomb); \
             write the repeated parts out or use `$ref`",
        )
    } else {
        d
    }
}

fn adjust_line_col(text: &str, offset: usize, line: usize, column: usize) -> (usize, usize) {
    // serde_json counts from the start of the trimmed text.
    let skipped = &text[..offset];
    let skipped_lines = skipped.matches('\n').count();
    if line <= 1 {
        let last_line_len = skipped.rsplit('\n').next().map_or(0, str::len);
        (1 + skipped_lines, column + last_line_len)
    } else {
        (line + skipped_lines, column)
    }
}

/// serde's messages say " at line L column C" (at the end, and the YAML
/// parser's also before ", while parsing ..."); the diagnostic says that itself.
fn strip_position(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.rfind(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(rest.len());
        out = format!("{}{}", &out[..i], &rest[end..]);
    }
    out
}

/// Builds a JSON tree straight from the YAML events. Going through
/// `serde_yaml::Value` would refuse integers outside i64 (openai.yaml has
/// `minimum: -9223372036854776000`) and keys that are not strings.
struct JsonTree {
    depth: usize,
    /// YAML applies merge keys (`<<`); in JSON `<<` is a key like any other.
    yaml: bool,
}

impl JsonTree {
    fn child(&self) -> Self {
        JsonTree {
            depth: self.depth + 1,
            yaml: self.yaml,
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonTree {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn big_number(n: f64) -> Value {
    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
}

impl<'de> serde::de::Visitor<'de> for JsonTree {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| big_number(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| big_number(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(big_number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.check_depth()?;
        let mut out = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child())? {
            out.push(item);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.check_depth()?;
        let mut out = serde_json::Map::new();
        // YAML merge keys (`<<: *base`, `<<: [*a, *b]`): the merged
        // mappings, each at the place of its `<<`.
        let mut merges: Vec<(usize, Vec<serde_json::Map<String, Value>>)> = Vec::new();
        while let Some(key) = map.next_key_seed(self.child())? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_string(),
                other => other.to_string(),
            };
            if key == MERGE_KEY && self.yaml {
                let value = map.next_value_seed(self.child())?;
                merges.push((out.len(), merged_mappings(value)?));
                continue;
            }
            if out.contains_key(&key) {
                // Both parsers would keep the last silently; the author meant one of them.
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate key `{key}` in a mapping"
                )));
            }
            let value = map.next_value_seed(self.child())?;
            out.insert(key, value);
        }
        if merges.is_empty() {
            return Ok(Value::Object(out));
        }
        Ok(Value::Object(apply_merges(out, merges)))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A YAML tag (`!Foo value`): keep the value, drop the tag.
        use serde::de::VariantAccess;
        let (_tag, variant): (Value, _) = data.variant_seed(self.child())?;
        variant.newtype_variant_seed(self.child())
    }
}

/// The YAML 1.1 merge key.
const MERGE_KEY: &str = "<<";

/// What a `<<` brings in: one mapping, or a list of them.
fn merged_mappings<E: serde::de::Error>(
    value: Value,
) -> Result<Vec<serde_json::Map<String, Value>>, E> {
    let not_mappings = || {
        E::custom(
            "the value of a merge key `<<` must be a mapping (`<<: *base`) or a list of mappings (`<<: [*a, *b]`)",
        )
    };
    match value {
        Value::Object(mapping) => Ok(vec![mapping]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(mapping) => Ok(mapping),
                _ => Err(not_mappings()),
            })
            .collect(),
        _ => Err(not_mappings()),
    }
}

/// The mapping with its merges applied as YAML 1.1 loaders do: a key
/// written in the mapping wins over a merged one, and of merged mappings the
/// earlier wins. Merged keys take the place of their `<<`.
fn apply_merges(
    explicit: serde_json::Map<String, Value>,
    merges: Vec<(usize, Vec<serde_json::Map<String, Value>>)>,
) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    let mut merges = merges.into_iter().peekable();
    let explicit_keys: std::collections::HashSet<String> = explicit.keys().cloned().collect();
    let merge_here = |out: &mut serde_json::Map<String, Value>,
                      mappings: Vec<serde_json::Map<String, Value>>| {
        for mapping in mappings {
            for (key, value) in mapping {
                if !explicit_keys.contains(&key) && !out.contains_key(&key) {
                    out.insert(key, value);
                }
            }
        }
    };
    for (n, (key, value)) in explicit.into_iter().enumerate() {
        while let Some((_, mappings)) = merges.next_if(|(at, _)| *at <= n) {
            merge_here(&mut out, mappings);
        }
        out.insert(key, value);
    }
    for (_, mappings) in merges {
        merge_here(&mut out, mappings);
    }
    out
}

impl JsonTree {
    fn check_depth<E: serde::de::Error>(&self) -> Result<(), E> {
        if self.depth > MAX_DEPTH {
            Err(E::custom(format_args!(
                "the document nests deeper than {MAX_DEPTH} levels"
            )))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = parse_document(
            Path::new("x.yaml"),
            "responses:\n  200:\n    description: ok\n",
        )
        .unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = parse_document(Path::new("x.json"), "{\n  \"a\": ,\n}").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.json:2:8: invalid JSON"), "{text}");
    }

    #[test]
    fn yaml_merge_keys_apply_as_yaml_1_1_loaders_do() {
        let v = parse_document(
            Path::new("x.yaml"),
            "base: &base {id: 1, name: base, kind: a}
other: &other {kind: b, extra: 2, name: other}
one:
  <<: *base
  tag: t
many:
  name: mine
  <<: [*base, *other]
",
        )
        .unwrap();
        assert_eq!(
            v["one"],
            serde_json::json!({"id": 1, "name": "base", "kind": "a", "tag": "t"})
        );
        // Explicit keys win wherever they are; earlier merged mappings win.
        assert_eq!(
            v["many"],
            serde_json::json!({"name": "mine", "id": 1, "kind": "a", "extra": 2})
        );
        let keys: Vec<&String> = v["one"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "name", "kind", "tag"]);
        assert!(v["one"].get("<<").is_none());
    }

    #[test]
    fn a_merge_key_must_bring_mappings() {
        let err = parse_document(Path::new("x.yaml"), "a:\n  <<: 3\n  b: 1\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("merge key"), "{text}");
        assert!(text.starts_with("x.yaml:2:"), "{text}");
        // In JSON, `<<` is a key like any other.
        let v = parse_document(Path::new("x.json"), r#"{"<<": 1}"#).unwrap();
        assert_eq!(v["<<"], 1);
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = parse_document(Path::new("x.yaml"), "a: [1, 2\nb: c\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.yaml:"), "{text}");
        assert!(text.contains("invalid YAML"), "{text}");
    }
}
