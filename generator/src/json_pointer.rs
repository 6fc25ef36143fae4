//! JSON pointers (RFC 6901): escaping and unescaping their segments, building
//! them and taking them apart. Every stage names places in the spec with them
//! (errors, warnings, `$ref`s), so they live below all the stages.

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer_segment`] on one segment.
pub fn unescape_pointer(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

/// Builds `#/a/b` from segments, escaping each.
pub fn pointer<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("#");
    for s in segments {
        out.push('/');
        out.push_str(&escape_pointer_segment(s));
    }
    out
}

/// `#/a/b~1c` (or `/a/b~1c`) → `["a", "b/c"]`; `#` and the empty pointer →
/// no segments; None when the pointer does not start with `/` after the `#`.
pub fn split_pointer(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#').unwrap_or(pointer);
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('/')?;
    Some(rest.split('/').map(unescape_pointer).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip() {
        for segment in ["plain", "a/b", "~", "~1", "/~0/", ""] {
            assert_eq!(unescape_pointer(&escape_pointer_segment(segment)), segment);
        }
        assert_eq!(escape_pointer_segment("~/"), "~0~1");
    }

    #[test]
    fn pointers_are_built_and_split() {
        let built = pointer(["paths", "/pets/{id}", "get"]);
        assert_eq!(built, "#/paths/~1pets~1{id}/get");
        assert_eq!(
            split_pointer(&built),
            Some(vec!["paths".into(), "/pets/{id}".into(), "get".into()])
        );
        assert_eq!(split_pointer("/a/b"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(split_pointer("#"), Some(Vec::new()));
        assert_eq!(split_pointer(""), Some(Vec::new()));
        assert_eq!(split_pointer("#/"), Some(vec![String::new()]));
        assert_eq!(split_pointer("#a"), None);
    }
}
