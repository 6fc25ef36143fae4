//! Path items and callbacks that `$ref` another part of the document are
//! replaced by a copy of it before the front-ends walk the document.

use super::walk::METHODS;
use serde_json::Value;

/// Replaces path items (and callbacks) that `$ref` another part of the
/// document by a copy of it: 3.1 keeps them in `components/pathItems`, which
/// 3.0 does not have, and `openapiv3` wants callbacks inline.
pub(super) fn resolve_path_item_refs(doc: &mut Value) {
    let mut found = false;
    visit_ref_sites(doc, &mut |site| found |= has_local_ref(site), 0);
    if !found {
        return;
    }
    // Rare: a snapshot keeps the targets readable while the copies go in.
    let snapshot = doc.clone();
    // Callbacks that refer to themselves would expand forever (or, with two
    // such refs each, exponentially): a budget bounds the copies.
    let mut budget = MAX_RESOLUTIONS;
    visit_ref_sites(
        doc,
        &mut |site| {
            if budget > 0
                && has_local_ref(site)
                && let Some(resolved) = resolve_site(&snapshot, site)
            {
                *site = resolved;
                budget -= 1;
            }
        },
        0,
    );
}

/// At most this many path items and callbacks are copied in place of refs.
const MAX_RESOLUTIONS: usize = 10_000;

/// Callbacks nest (a callback's operations can have callbacks). Path items
/// and callbacks each count one level, so this keeps three levels of
/// callbacks, more than real specs use; deeper ones are dropped, since
/// `openapiv3` needs a lot of stack per level.
pub(super) const MAX_CALLBACK_NESTING: usize = 6;

fn has_local_ref(v: &Value) -> bool {
    v.get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| r.starts_with('#'))
}

/// Calls `f` on every path item and callback that may be a `$ref`, then
/// descends into what `f` left there (a resolved copy can hold more refs).
fn visit_ref_sites(doc: &mut Value, f: &mut dyn FnMut(&mut Value), depth: usize) {
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(items)) = doc.get_mut(section) {
            items
                .values_mut()
                .for_each(|item| visit_path_item_refs(item, f, depth));
        }
    }
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            items
                .values_mut()
                .for_each(|item| visit_path_item_refs(item, f, depth));
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            callbacks
                .values_mut()
                .for_each(|cb| visit_callback_refs(cb, f, depth));
        }
    }
}

fn visit_path_item_refs(item: &mut Value, f: &mut dyn FnMut(&mut Value), depth: usize) {
    if depth > MAX_CALLBACK_NESTING {
        return;
    }
    f(item);
    let Some(obj) = item.as_object_mut() else {
        return;
    };
    for method in METHODS {
        if let Some(Value::Object(callbacks)) =
            obj.get_mut(method).and_then(|op| op.get_mut("callbacks"))
        {
            callbacks
                .values_mut()
                .for_each(|cb| visit_callback_refs(cb, f, depth + 1));
        }
    }
}

fn visit_callback_refs(callback: &mut Value, f: &mut dyn FnMut(&mut Value), depth: usize) {
    if depth > MAX_CALLBACK_NESTING {
        return;
    }
    f(callback);
    if let Value::Object(items) = callback {
        items
            .values_mut()
            .for_each(|item| visit_path_item_refs(item, f, depth + 1));
    }
}

/// The target of a local `$ref`, following chains, with the referring
/// object's other keys laid over it (3.1 allows `summary`/`description`).
fn resolve_site(snapshot: &Value, site: &Value) -> Option<Value> {
    let mut current = site.clone();
    for _ in 0..16 {
        let Value::Object(obj) = &current else {
            return None;
        };
        let Some(reference) = obj.get("$ref").and_then(Value::as_str) else {
            return Some(current);
        };
        let target = snapshot.pointer(&decode_fragment(reference.strip_prefix('#')?))?;
        let Value::Object(mut merged) = target.clone() else {
            return None;
        };
        for (k, v) in obj {
            if k != "$ref" {
                merged.insert(k.clone(), v.clone());
            }
        }
        if merged.get("$ref").and_then(Value::as_str) == Some(reference) {
            return None; // a ref to itself
        }
        current = Value::Object(merged);
    }
    None
}

/// Undoes percent-encoding in a URI fragment (`%7Bid%7D` → `{id}`).
pub(super) fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(decoded) if b == b'%' => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_refs() {
        assert_eq!(decode_fragment("/paths/~1a~1%7Bid%7D"), "/paths/~1a~1{id}");
        assert_eq!(decode_fragment("%zz%"), "%zz%");
    }
}
