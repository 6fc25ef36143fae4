//! Finding where a JSON pointer lands in the spec's text, so that errors found
//! after parsing (a dangling `$ref`, a bad field) can name a line and column.
//! Exact for JSON; for YAML it follows block-style keys and list items by
//! indentation, and gives up (None) on flow style.

/// 1-based line and column of the value `pointer` names, if it can be found.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let segments = split_pointer(pointer)?;
    let offset = if text.trim_start().starts_with(['{', '[']) {
        locate_json(text.as_bytes(), &segments)?
    } else {
        locate_yaml(text, &segments)?
    };
    Some(line_col(text, offset))
}

fn split_pointer(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#').unwrap_or(pointer);
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (which is a `"`), and its raw contents.
fn read_string(b: &[u8], i: usize) -> Option<(usize, String)> {
    let mut j = i + 1;
    let mut out = Vec::new();
    while j < b.len() {
        match b[j] {
            b'"' => return Some((j + 1, String::from_utf8_lossy(&out).into_owned())),
            b'\\' => {
                let escaped = *b.get(j + 1)?;
                out.push(match escaped {
                    b'n' => b'\n',
                    b't' => b'\t',
                    other => other,
                });
                j += 2;
            }
            c => {
                out.push(c);
                j += 1;
            }
        }
    }
    None
}

/// The index just past the value starting at `i`, without recursion.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'"' => j = read_string(b, j)?.0,
            b'{' | b'[' => {
                depth += 1;
                j += 1;
            }
            b'}' | b']' => {
                if depth == 0 {
                    return Some(j);
                }
                depth -= 1;
                j += 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            b',' if depth == 0 => return Some(j),
            _ => j += 1,
        }
    }
    Some(j)
}

fn locate_json(b: &[u8], segments: &[String]) -> Option<usize> {
    let mut i = skip_ws(b, 0);
    for segment in segments {
        match b.get(i)? {
            b'{' => {
                i = skip_ws(b, i + 1);
                loop {
                    if b.get(i)? != &b'"' {
                        return None;
                    }
                    let (after, key) = read_string(b, i)?;
                    let colon = skip_ws(b, after);
                    if b.get(colon)? != &b':' {
                        return None;
                    }
                    let value = skip_ws(b, colon + 1);
                    if key == *segment {
                        i = value;
                        break;
                    }
                    let end = skip_ws(b, skip_value(b, value)?);
                    if b.get(end)? != &b',' {
                        return None;
                    }
                    i = skip_ws(b, end + 1);
                }
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                i = skip_ws(b, i + 1);
                for _ in 0..index {
                    let end = skip_ws(b, skip_value(b, i)?);
                    if b.get(end)? != &b',' {
                        return None;
                    }
                    i = skip_ws(b, end + 1);
                }
            }
            _ => return None,
        }
    }
    Some(i)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn yaml_key_matches(content: &str, key: &str) -> bool {
    let content = content.trim_start_matches("- ");
    for quoted in [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ] {
        if let Some(rest) = content.strip_prefix(quoted.as_str()) {
            if rest.is_empty() || rest.starts_with(' ') {
                return true;
            }
        }
    }
    false
}

fn locate_yaml(text: &str, segments: &[String]) -> Option<usize> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let meaningful = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let is_item = |l: &str| l.trim_start().starts_with("- ") || l.trim() == "-";
    // The line found so far, its indentation, and whether it is a list item
    // (whose first key shares its line).
    let mut current: Option<(usize, isize, bool)> = None;
    for segment in segments {
        let (start, parent_indent, item) = match current {
            Some((n, ind, item)) => (n + 1, ind, item),
            None => (0, -1, false),
        };
        let children = || {
            lines
                .iter()
                .enumerate()
                .skip(start)
                .filter(|(_, (_, l))| meaningful(l))
        };
        let mut found = None;
        if let Ok(index) = segment.parse::<usize>() {
            let mut seen = 0;
            for (n, (_, line)) in children() {
                let ind = indent(line) as isize;
                if ind < parent_indent || (ind == parent_indent && !is_item(line)) {
                    break;
                }
                if is_item(line) && (ind > parent_indent || seen > 0 || ind == parent_indent) {
                    if seen == index {
                        found = Some((n, ind, true));
                        break;
                    }
                    seen += 1;
                }
            }
        }
        if found.is_none() {
            if let Some((n, _, true)) = current.filter(|_| item) {
                if yaml_key_matches(lines[n].1.trim_start(), segment) {
                    found = Some((n, indent(lines[n].1) as isize + 2, false));
                }
            }
        }
        if found.is_none() {
            for (n, (_, line)) in children() {
                let ind = indent(line) as isize;
                if ind <= parent_indent {
                    break;
                }
                if yaml_key_matches(line.trim_start(), segment) {
                    found = Some((n, ind, false));
                    break;
                }
            }
        }
        current = Some(found?);
    }
    let (n, _, _) = current?;
    let (offset, line) = lines.get(n)?;
    Some(offset + indent(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pointers_find_their_value() {
        let text = "{\n  \"a\": {\"x\": 1},\n  \"paths\": {\n    \"/p\": {\"get\": [1, {\"b\": 2}]}\n  }\n}";
        assert_eq!(locate(text, "#/paths/~1p/get/1/b"), Some((4, 29)));
        assert_eq!(locate(text, "#/a/x"), Some((2, 14)));
        assert_eq!(locate(text, "#/missing"), None);
    }

    #[test]
    fn yaml_pointers_follow_block_keys_and_items() {
        let text = "openapi: 3.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - name: a\n        - name: b\n          in: query\n";
        assert_eq!(locate(text, "#/paths/~1pets/get"), Some((4, 5)));
        assert_eq!(
            locate(text, "#/paths/~1pets/get/parameters/1"),
            Some((7, 9))
        );
        assert_eq!(
            locate(text, "#/paths/~1pets/get/parameters/1/in"),
            Some((8, 11))
        );
        assert_eq!(
            locate(text, "#/paths/~1pets/get/parameters/0/name"),
            Some((6, 9))
        );
        assert_eq!(locate(text, "#/paths/~1dogs"), None);
    }
}
