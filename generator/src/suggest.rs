//! Did-you-mean suggestions for names and pointers the spec gets slightly
//! wrong (a dangling `$ref`, an unknown security scheme). Used by several
//! stages, so they live below all of them.

use crate::json_pointer::{escape_pointer_segment, unescape_pointer};
use serde_json::Value;

/// The candidate closest to `name` by edit distance, if any is close.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    let mut best: Option<(usize, &String)> = None;
    for c in candidates {
        let d = edit_distance(&name.to_lowercase(), &c.to_lowercase());
        if d <= name.len().max(3) / 3 + 1
            && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc))
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A pointer into `doc` close to `fragment`: the same parent, the closest key.
pub fn closest_pointer(doc: &Value, fragment: &str) -> Option<String> {
    let (parent, last) = fragment.rsplit_once('/')?;
    let container = if parent.is_empty() {
        doc
    } else {
        doc.pointer(parent)?
    };
    let keys: Vec<String> = container.as_object()?.keys().cloned().collect();
    let wanted = unescape_pointer(last);
    let best = closest(&wanted, keys.iter())?;
    Some(format!("{parent}/{}", escape_pointer_segment(best)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn close_names_are_suggested_and_far_ones_not() {
        let names: Vec<String> = ["Pet", "Pets", "Owner"].map(String::from).into();
        assert_eq!(
            closest("pet", names.iter()).map(String::as_str),
            Some("Pet")
        );
        assert_eq!(
            closest("Ownr", names.iter()).map(String::as_str),
            Some("Owner")
        );
        assert_eq!(closest("Invoice", names.iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_close_pointer_keeps_the_parent() {
        let doc = json!({ "components": { "schemas": { "Pet/Owner": {}, "Order": {} } } });
        assert_eq!(
            closest_pointer(&doc, "/components/schemas/Pet~1Ownr").as_deref(),
            Some("/components/schemas/Pet~1Owner")
        );
        assert_eq!(closest_pointer(&doc, "/components/nothing/Pet"), None);
    }
}
