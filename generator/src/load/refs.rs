//! A `$ref` is a URI reference: characters a URI cannot hold are written
//! percent-encoded (`#/components/schemas/My%20Schema`,
//! `common%20(v1).yaml`). They are decoded as soon as a file is read, so
//! that the file name and the JSON pointer are the ones the documents use.
//! A `$ref` whose decoding is not UTF-8 is left as written.

use serde_json::Value;

/// Decodes every `$ref` of `document` that holds a percent-encoded character.
pub(super) fn decode_refs(document: &mut Value) {
    // A stack, not recursion: documents nest as deep as the parser allows.
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key == "$ref"
                        && let Value::String(reference) = v
                        && let Some(decoded) = decoded(reference)
                    {
                        *reference = decoded;
                    } else {
                        stack.push(v);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn decoded(reference: &str) -> Option<String> {
    if !reference.contains('%') {
        return None;
    }
    let text = percent_encoding::percent_decode_str(reference)
        .decode_utf8()
        .ok()?;
    (text != reference).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_refs_are_decoded() {
        let mut doc = serde_json::json!({
            "a": {"$ref": "#/components/schemas/My%20Schema"},
            "b": [{"$ref": "parts/common%20%C3%BC%20(v1).yaml#/X"}],
            "c": {"$ref": "100%.yaml"},
            "d": {"$ref": "bad%FF.yaml"},
            "e": {"description": "50%20off"},
        });
        decode_refs(&mut doc);
        assert_eq!(doc["a"]["$ref"], "#/components/schemas/My Schema");
        assert_eq!(doc["b"][0]["$ref"], "parts/common ü (v1).yaml#/X");
        assert_eq!(doc["c"]["$ref"], "100%.yaml", "not an escape: as written");
        assert_eq!(doc["d"]["$ref"], "bad%FF.yaml", "not UTF-8: as written");
        assert_eq!(doc["e"]["description"], "50%20off", "only `$ref`s");
    }
}
