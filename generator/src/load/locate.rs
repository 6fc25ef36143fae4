//! Finding where a JSON pointer lands in the spec's text, so that errors found
//! after parsing (a dangling `$ref`, a bad field) can name a line and column.
//! Exact for JSON; for YAML it follows block-style keys and list items by
//! indentation, and gives up (None) on flow style.

use crate::json_pointer::split_pointer;

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

/// YAML pointers looked up by [`locate_many`] at most (each may scan the text).
pub const MAX_YAML_LOOKUPS: usize = 1000;

/// [`locate`] for many pointers at once (warnings): for JSON one walk of the
/// text that enters only the parts some pointer leads into; for YAML the text
/// is split into lines once and the first [`MAX_YAML_LOOKUPS`] are looked up.
pub fn locate_many(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let to_line_col = |offset: usize| {
        let line = line_starts.partition_point(|&start| start <= offset).max(1);
        (line, offset - line_starts[line - 1] + 1)
    };
    let mut offsets = vec![None; pointers.len()];
    if text.trim_start().starts_with(['{', '[']) {
        let mut trie = Trie::default();
        for (n, pointer) in pointers.iter().enumerate() {
            if let Some(segments) = split_pointer(pointer) {
                let node = segments
                    .into_iter()
                    .fold(&mut trie, |node, s| node.children.entry(s).or_default());
                node.here.push(n);
            }
        }
        let b = text.as_bytes();
        locate_json_many(b, skip_ws(b, 0), &trie, &mut offsets);
    } else {
        let lines = yaml_lines(text);
        for (n, pointer) in pointers.iter().enumerate().take(MAX_YAML_LOOKUPS) {
            offsets[n] = split_pointer(pointer).and_then(|s| locate_yaml_in(&lines, &s));
        }
    }
    offsets.into_iter().map(|o| o.map(to_line_col)).collect()
}

/// Pointers by segment; `here` lists the pointers that end at this node.
#[derive(Default)]
struct Trie {
    here: Vec<usize>,
    children: std::collections::HashMap<String, Trie>,
}

/// Records the offset of the value at `i` for the pointers ending at `node`,
/// then enters only the members some pointer leads into.
fn locate_json_many(b: &[u8], i: usize, node: &Trie, out: &mut [Option<usize>]) {
    for &n in &node.here {
        out[n] = Some(i);
    }
    if node.children.is_empty() {
        return;
    }
    let mut i = i;
    match b.get(i) {
        Some(b'{') => {
            i = skip_ws(b, i + 1);
            while b.get(i) == Some(&b'"') {
                let Some((after, key)) = read_string(b, i) else {
                    return;
                };
                let colon = skip_ws(b, after);
                if b.get(colon) != Some(&b':') {
                    return;
                }
                let value = skip_ws(b, colon + 1);
                if let Some(child) = node.children.get(&key) {
                    locate_json_many(b, value, child, out);
                }
                let Some(end) = skip_value(b, value).map(|e| skip_ws(b, e)) else {
                    return;
                };
                if b.get(end) != Some(&b',') {
                    return;
                }
                i = skip_ws(b, end + 1);
            }
        }
        Some(b'[') => {
            i = skip_ws(b, i + 1);
            let mut index = 0usize;
            while i < b.len() && b[i] != b']' {
                if let Some(child) = node.children.get(&index.to_string()) {
                    locate_json_many(b, i, child, out);
                }
                let Some(end) = skip_value(b, i).map(|e| skip_ws(b, e)) else {
                    return;
                };
                if b.get(end) != Some(&b',') {
                    return;
                }
                i = skip_ws(b, end + 1);
                index += 1;
            }
        }
        _ => {}
    }
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
        if let Some(rest) = content.strip_prefix(quoted.as_str())
            && (rest.is_empty() || rest.starts_with(' '))
        {
            return true;
        }
    }
    false
}

/// The second `key:` of the block mapping that starts at `line`:`column`
/// (1-based, as the YAML parser reports a mapping), for a duplicate key error.
pub(crate) fn yaml_duplicate_key(
    text: &str,
    line: usize,
    column: usize,
    key: &str,
) -> Option<(usize, usize)> {
    let mapping_indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (n, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let ind = indent(l);
        // The first line may be a list item (`- a: 1`) holding the mapping.
        let (ind, content) = if n + 1 == line {
            (mapping_indent, l.get(mapping_indent..)?)
        } else {
            (ind, l.trim_start())
        };
        if ind < mapping_indent {
            break;
        }
        if ind == mapping_indent && yaml_key_matches(content, key) {
            seen += 1;
            if seen == 2 {
                return Some((n + 1, ind + 1));
            }
        }
    }
    None
}

/// Each line's offset and text (without its line break).
fn yaml_lines(text: &str) -> Vec<(usize, &str)> {
    text.split_inclusive('\n')
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect()
}

fn locate_yaml(text: &str, segments: &[String]) -> Option<usize> {
    locate_yaml_in(&yaml_lines(text), segments)
}

fn locate_yaml_in(lines: &[(usize, &str)], segments: &[String]) -> Option<usize> {
    if segments.is_empty() {
        // The whole document: its first line that is not a comment or `---`.
        return lines
            .iter()
            .find(|(_, l)| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with("---") && !t.starts_with('%')
            })
            .map(|(offset, l)| offset + indent(l));
    }
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
        if found.is_none()
            && let Some((n, _, true)) = current.filter(|_| item)
            && yaml_key_matches(lines[n].1.trim_start(), segment)
        {
            found = Some((n, indent(lines[n].1) as isize + 2, false));
        }
        if found.is_none() {
            // A list item's first entry shares its line (`- <<: *base`).
            let first_entry = current
                .filter(|_| item)
                .map(|(n, _, _)| lines[n].1.trim_start().trim_start_matches("- "));
            found = yaml_child_key(lines, start, parent_indent, first_entry, segment, 0)
                .map(|(n, ind)| (n, ind, false));
        }
        current = Some(found?);
    }
    let (n, _, _) = current?;
    let (offset, line) = lines.get(n)?;
    Some(offset + indent(line))
}

/// The anchors a merge key entry (`<<: *a`, `<<: [*a, *b]`) names.
fn merged_anchors(content: &str, anchors: &mut Vec<String>) {
    if let Some(merged) = content.strip_prefix("<<:") {
        anchors.extend(
            merged
                .split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | ','))
                .filter_map(|token| token.strip_prefix('*'))
                .map(str::to_string),
        );
    }
}

/// Merges followed, at most, looking for one key.
const MAX_MERGE_HOPS: usize = 8;

/// The line of the key `segment` among the block mapping's entries that
/// start at line `start`, deeper than `parent_indent`: an entry of the
/// mapping itself (not one nested in another entry), or of a mapping it
/// merges (`<<: *base`, followed to its `&base`). The line and its indent.
fn yaml_child_key(
    lines: &[(usize, &str)],
    start: usize,
    parent_indent: isize,
    first_entry: Option<&str>,
    segment: &str,
    hops: usize,
) -> Option<(usize, isize)> {
    let meaningful = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let mut entry_indent = None;
    let mut anchors = Vec::new();
    if let Some(first) = first_entry {
        merged_anchors(first, &mut anchors);
    }
    for (n, (_, line)) in lines.iter().enumerate().skip(start) {
        if !meaningful(line) {
            continue;
        }
        let ind = indent(line) as isize;
        if ind <= parent_indent {
            break;
        }
        if ind != *entry_indent.get_or_insert(ind) {
            continue; // inside an entry
        }
        let content = line.trim_start();
        if yaml_key_matches(content, segment) {
            return Some((n, ind));
        }
        merged_anchors(content, &mut anchors);
    }
    if hops >= MAX_MERGE_HOPS {
        return None;
    }
    // Explicit keys win over merged ones, and earlier merges over later ones.
    anchors.iter().find_map(|anchor| {
        let defined = format!("&{anchor}");
        let (n, line) = lines.iter().enumerate().find_map(|(n, (_, l))| {
            l.split_whitespace()
                .any(|token| token == defined)
                .then_some((n, *l))
        })?;
        yaml_child_key(lines, n + 1, indent(line) as isize, None, segment, hops + 1)
    })
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
    fn many_pointers_at_once_agree_with_one_at_a_time() {
        let json = "{\n  \"a\": {\"x\": 1},\n  \"paths\": {\n    \"/p\": {\"get\": [1, {\"b\": 2}]}\n  }\n}";
        let yaml = "openapi: 3.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - name: a\n        - name: b\n          in: query\n";
        let pointers = [
            "#/paths/~1p/get/1/b",
            "#/a/x",
            "#/a",
            "#/missing",
            "#/paths/~1pets/get/parameters/1/in",
            "#/paths/~1pets/get",
            "#",
        ];
        for text in [json, yaml] {
            let one: Vec<_> = pointers.iter().map(|p| locate(text, p)).collect();
            assert_eq!(locate_many(text, &pointers), one, "{text}");
        }
    }

    #[test]
    fn yaml_pointers_follow_merge_keys_to_their_anchor() {
        let text = "components:
  schemas:
    Base: &base
      id: {type: string}
      name: {type: string}
    Pet:
      type: object
      properties:
        owner:
          properties:
            name: {type: string}
        <<: *base
        tag: {type: string}
";
        // `name` is Pet's through the merge, not the owner's nested one.
        assert_eq!(
            locate(text, "#/components/schemas/Pet/properties/name"),
            Some((5, 7))
        );
        assert_eq!(
            locate(text, "#/components/schemas/Pet/properties/tag"),
            Some((13, 9))
        );
        assert_eq!(
            locate(text, "#/components/schemas/Pet/properties/nope"),
            None
        );
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
