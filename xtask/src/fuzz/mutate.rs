//! The mutations: structural ones on the JSON value (keys deleted, types
//! swapped, odd names, broken or looping `$ref`s, deep nesting, huge
//! numbers...) and byte-level ones on the text.

use super::rng::Rng;
use oagen::json_pointer::escape_pointer_segment;
use oagen::serde_json::{Map, Value, json};

#[derive(Clone, Debug)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

pub(super) fn all_paths(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(path.clone());
    match v {
        Value::Object(o) => {
            for (k, c) in o {
                path.push(Seg::Key(k.clone()));
                all_paths(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                all_paths(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

pub(super) fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(o)) => o.get_mut(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

pub(super) fn get<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut cur = v;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(o)) => o.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn pointer_of(path: &[Seg]) -> String {
    let mut out = String::from("#");
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(k) => out.push_str(&escape_pointer_segment(k)),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Names that break naive identifier making.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "type",
    "Self",
    "self",
    "super",
    "crate",
    "fn",
    "gen",
    "r#type",
    "_",
    "__",
    "123",
    "1st",
    "-",
    "+",
    "*",
    "-1",
    "a b",
    "a/b",
    "a~b",
    "~1",
    "{id}",
    "%20",
    "$ref",
    "#/components/schemas/Pet",
    "日本語",
    "émoji🙂",
    "\u{0}",
    "line\nbreak",
    "tab\there",
    "\"quoted\"",
    "back\\slash",
    "*/ /*",
    "```",
    "<script>",
    "String",
    "Result",
    "Option",
    "Client",
    "Error",
    "runtime",
    "builder",
    "send",
    "body",
    "new",
    "additional_properties",
    "Unknown",
    "null",
    "true",
    "GET",
    "application/json",
    "multipart/form-data",
    "text/event-stream",
    "2XX",
    "default",
];

const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "additionalProperties",
    "required",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "discriminator",
    "$ref",
    "const",
    "default",
    "example",
    "examples",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "multipleOf",
    "readOnly",
    "writeOnly",
    "in",
    "name",
    "style",
    "explode",
    "schema",
    "content",
    "responses",
    "parameters",
    "requestBody",
    "operationId",
    "security",
    "servers",
    "callbacks",
    "headers",
    "links",
    "tags",
    "prefixItems",
    "$defs",
    "patternProperties",
    "unevaluatedProperties",
    "webhooks",
    "x-nullable",
    "collectionFormat",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "any", "",
];

fn odd_string(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "x".repeat(1 + rng.below(400)),
        1 => format!("{}{}", rng.pick(ODD_NAMES), rng.pick(ODD_NAMES)),
        _ => rng.pick(ODD_NAMES).to_string(),
    }
}

fn huge_number(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => json!(u64::MAX),
        1 => json!(i64::MIN),
        2 => json!(1e308),
        3 => json!(-1e308),
        4 => json!(5e-324),
        5 => json!(-1),
        6 => json!(0),
        7 => json!(0.5),
        8 => json!(i64::MAX),
        _ => json!(u32::MAX as u64 + 1),
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => huge_number(rng),
        3 => Value::String(odd_string(rng)),
        4 => Value::String(rng.pick(TYPES).to_string()),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        6 => {
            let mut o = Map::new();
            for _ in 0..rng.below(4) {
                o.insert(rng.pick(KEYWORDS).to_string(), random_value(rng, depth + 1));
            }
            Value::Object(o)
        }
        _ => json!({"$ref": "#/components/schemas/Nope"}),
    }
}

/// Broken, looping or odd references.
fn odd_ref(rng: &mut Rng, doc: &Value, here: &str) -> String {
    let mut paths = Vec::new();
    all_paths(doc, &mut Vec::new(), &mut paths);
    match rng.below(12) {
        0 => "#/components/schemas/Nope".into(),
        1 => "#/definitions/Nope".into(),
        2 => "#".into(),
        3 => String::new(),
        4 => "other.yaml#/Pet".into(),
        5 => "https://example.com/pet.json#/Pet".into(),
        6 => here.to_string(), // itself
        7 => here
            .rsplit_once('/')
            .map(|(parent, _)| parent.to_string())
            .unwrap_or_default(), // its parent
        8 => "#/components/parameters/Nope".into(),
        9 => "#Pet".into(),
        10 => "../../../../etc/passwd".into(),
        _ => {
            let path: &Vec<Seg> = rng.pick(&paths);
            pointer_of(path) // anywhere at all
        }
    }
}

/// Applies one structural mutation; its name, for statistics.
pub(super) fn mutate(doc: &mut Value, rng: &mut Rng) -> &'static str {
    let mut paths = Vec::new();
    all_paths(doc, &mut Vec::new(), &mut paths);
    let path = rng.pick(&paths).clone();
    let here = pointer_of(&path);
    let snapshot_for_refs = if rng.chance(50) {
        Some(doc.clone())
    } else {
        None
    };
    match rng.below(17) {
        0 => {
            // Delete a key or an item.
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = get_mut(doc, parent)
            {
                match (parent, last) {
                    (Value::Object(o), Seg::Key(k)) => {
                        o.shift_remove(k);
                    }
                    (Value::Array(a), Seg::Index(i)) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
            "delete"
        }
        1 => {
            if let Some(v) = get_mut(doc, &path) {
                *v = random_value(rng, 0);
            }
            "swap type"
        }
        2 => {
            // Rename a key to an odd name.
            if let Some((Seg::Key(k), parent)) = path.split_last()
                && let Some(Value::Object(o)) = get_mut(doc, parent)
                && let Some(v) = o.shift_remove(k)
            {
                o.insert(odd_string(rng), v);
            }
            "rename key"
        }
        3 => {
            if let Some(v) = get_mut(doc, &path) {
                *v = Value::String(odd_string(rng));
            }
            "odd string"
        }
        4 => {
            let base = snapshot_for_refs.unwrap_or_else(|| doc.clone());
            let reference = odd_ref(rng, &base, &here);
            if let Some(v) = get_mut(doc, &path) {
                *v = json!({ "$ref": reference });
            }
            "odd $ref"
        }
        5 => {
            // Two entries of one section that refer to each other.
            for section in [
                "/components/schemas",
                "/components/parameters",
                "/components/responses",
                "/components/requestBodies",
                "/definitions",
            ] {
                let keys: Vec<String> = doc
                    .pointer(section)
                    .and_then(Value::as_object)
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                if keys.len() >= 2 && rng.chance(50) {
                    let a = rng.pick(&keys).clone();
                    let b = rng.pick(&keys).clone();
                    if let Some(Value::Object(o)) = doc.pointer_mut(section) {
                        o.insert(
                            a.clone(),
                            json!({"$ref": format!("#{section}/{}", escape_pointer_segment(&b))}),
                        );
                        o.insert(
                            b,
                            json!({"$ref": format!("#{section}/{}", escape_pointer_segment(&a))}),
                        );
                    }
                    break;
                }
            }
            "$ref loop"
        }
        6 => {
            // Repeat operationIds.
            let id = if rng.chance(50) {
                "same".to_string()
            } else {
                odd_string(rng)
            };
            set_operation_ids(doc, &id, rng);
            "repeat operationId"
        }
        7 => {
            // Nest deeply, around the parsers' limit of 128.
            let levels = match rng.below(3) {
                0 => 1 + rng.below(20),
                1 => 100 + rng.below(40),
                _ => 1 + rng.below(130),
            };
            if let Some(v) = get_mut(doc, &path) {
                let mut inner = v.take();
                let wrapper = rng.below(6);
                for _ in 0..levels {
                    inner = match wrapper {
                        0 => json!({ "allOf": [inner] }),
                        1 => json!({ "type": "array", "items": inner }),
                        2 => json!({ "type": "object", "properties": { "a": inner } }),
                        3 => json!({ "oneOf": [inner, {"type": "string"}] }),
                        4 => json!({ "type": "object", "additionalProperties": inner }),
                        _ => json!([inner]),
                    };
                }
                *v = inner;
            }
            "nest"
        }
        8 => {
            // Huge numbers where numbers go.
            let key = *rng.pick(&[
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "minItems",
                "maxItems",
                "multipleOf",
                "default",
                "exclusiveMinimum",
                "enum",
            ]);
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                let n = huge_number(rng);
                o.insert(
                    key.into(),
                    if key == "enum" {
                        json!([n.clone(), n])
                    } else {
                        n
                    },
                );
            }
            "huge number"
        }
        9 => {
            // Splice a subtree somewhere else.
            let from = rng.pick(&paths).clone();
            let subtree = get(doc, &from).cloned();
            if let (Some(subtree), Some(v)) = (subtree, get_mut(doc, &path)) {
                *v = subtree;
            }
            "splice"
        }
        10 => {
            // Insert a keyword with a random value.
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                o.insert(rng.pick(KEYWORDS).to_string(), random_value(rng, 0));
            }
            "insert keyword"
        }
        11 => {
            let version =
                *rng.pick(&["2.0", "3.0.0", "3.0.3", "3.1.0", "3.2.0", "4.0", "1.2", "3"]);
            if let Some(o) = doc.as_object_mut() {
                o.shift_remove("openapi");
                o.shift_remove("swagger");
                let key = if version.starts_with('2') || version == "1.2" {
                    "swagger"
                } else {
                    "openapi"
                };
                let v = if rng.chance(20) {
                    version
                        .parse::<f64>()
                        .map(|f| json!(f))
                        .unwrap_or(json!(version))
                } else {
                    json!(version)
                };
                o.insert(key.into(), v);
            }
            "change version"
        }
        12 => {
            // Enums with repeated and odd values.
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                let values: Vec<Value> = (0..1 + rng.below(6))
                    .map(|_| match rng.below(3) {
                        0 => Value::String(odd_string(rng)),
                        1 => huge_number(rng),
                        _ => Value::Null,
                    })
                    .collect();
                let mut doubled = values.clone();
                doubled.extend(values);
                o.insert("enum".into(), Value::Array(doubled));
            }
            "odd enum"
        }
        13 => {
            // Types as 3.1 lists, or odd.
            if let Some(Value::Object(o)) = get_mut(doc, &path) {
                let t = if rng.chance(50) {
                    json!([rng.pick(TYPES), rng.pick(TYPES)])
                } else {
                    json!(rng.pick(TYPES))
                };
                o.insert("type".into(), t);
            }
            "odd type"
        }
        14 => {
            // Path templates and their parameters out of step.
            if let Some(Value::Object(paths)) = doc.get_mut("paths") {
                let keys: Vec<String> = paths.keys().cloned().collect();
                if !keys.is_empty() {
                    let k = rng.pick(&keys).clone();
                    if let Some(v) = paths.shift_remove(k.as_str()) {
                        let new_key = match rng.below(5) {
                            0 => format!("{k}/{{{}}}", odd_string(rng)),
                            1 => k.replace(['{', '}'], ""),
                            2 => format!("{k}/{{a}}/{{a}}"),
                            3 => odd_string(rng),
                            _ => format!("{k}/{{"),
                        };
                        paths.insert(new_key, v);
                    }
                }
            }
            "path template"
        }
        15 => {
            // Many copies of one item.
            if let Some(Value::Array(a)) = get_mut(doc, &path)
                && let Some(first) = a.first().cloned()
            {
                let n = 1 + rng.below(200);
                a.extend(std::iter::repeat_n(first, n));
            }
            "multiply"
        }
        _ => {
            // Security requirements naming what does not exist.
            if let Some(o) = doc.as_object_mut() {
                o.insert(
                    "security".into(),
                    json!([{ odd_string(rng): [odd_string(rng)] }, {}]),
                );
            }
            "odd security"
        }
    }
}

fn set_operation_ids(doc: &mut Value, id: &str, rng: &mut Rng) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        if let Value::Object(item) = item {
            for op in item.values_mut() {
                if let Value::Object(op) = op
                    && rng.chance(70)
                {
                    op.insert("operationId".into(), json!(id));
                }
            }
        }
    }
}

/// Byte-level damage to a text.
pub(super) fn mutate_bytes(text: &mut Vec<u8>, rng: &mut Rng) {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "'",
        "- ",
        "\n",
        "\t",
        "  ",
        "&a ",
        "*a",
        "<<: *a",
        "!!binary ",
        "!!str ",
        "? ",
        "|\n",
        ">-\n",
        "---\n",
        "...\n",
        "#",
        "%YAML 1.1\n",
        "\\u0000",
        "\\ud800",
        "\u{feff}",
        "\r\n",
        "null",
        "1e999",
        "-0",
        "$ref: ",
        "\"$ref\": \"#\"",
    ];
    for _ in 0..1 + rng.below(4) {
        let len = text.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                text[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                let t = rng.pick(TOKENS).as_bytes();
                text.splice(i..i, t.iter().copied());
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(32.min(len - i));
                text.drain(i..i + n);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(64.min(len - i));
                let chunk: Vec<u8> = text[i..i + n].to_vec();
                let j = rng.below(len + 1);
                text.splice(j..j, chunk);
            }
            4 if len > 0 => text.truncate(rng.below(len)),
            _ => {
                let i = rng.below(len + 1);
                text.insert(i, (rng.next() & 0xff) as u8);
            }
        }
    }
}
