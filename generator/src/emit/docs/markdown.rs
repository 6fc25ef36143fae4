//! Markdown rendering the pages share: code spans, table rows and cells,
//! descriptions made safe for a page, anchors, the template fill, and short
//! names for statuses, locations and primitives.

use crate::emit::doc::sanitize;
use crate::ir::*;
use heck::ToPascalCase;

pub(super) fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::Bytes => "String",
        Primitive::Base64 => "runtime::Base64",
        Primitive::File => "runtime::FilePart",
    }
}

pub(super) fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

pub(super) fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "default".into(),
    }
}

/// A Rust name without its raw prefix (`r#type` → `type`).
pub(super) fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// The file stem of a group: PascalCase, never clashing with `README.md` or `models/`.
pub(super) fn group_stem(name: &str) -> Option<String> {
    let stem = name.to_pascal_case();
    if stem.is_empty() {
        return None;
    }
    if stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("models") {
        return Some(format!("{stem}Api"));
    }
    Some(crate::passes::names::cap_file_stem(stem))
}

pub(super) fn http_request(op: &Operation) -> String {
    code(&format!("{} {}", op.method.as_str(), op.path))
}

pub(super) fn op_summary(op: &Operation) -> String {
    op.summary
        .as_deref()
        .or(op.description.as_deref())
        .map(first_paragraph)
        .unwrap_or_default()
}

/// An inline code span that survives backticks in `text`.
pub(super) fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {} ``", text.replace("``", "` `"))
    } else {
        format!("`{text}`")
    }
}

/// Text for a heading or a single line: sanitised, on one line.
pub(super) fn inline(text: &str) -> String {
    cell_text(Some(text)).replace("<br>", " ")
}

/// A table row; pipes inside cells are escaped and cells stay on one line.
pub(super) fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| escape_pipes(&c.replace(['\n', '\r'], " ")))
        .collect();
    format!("| {} |", cells.join(" | "))
}

fn escape_pipes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    for c in text.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// A description for a table cell: sanitised, flattened to one line
/// (paragraphs, list items and headings kept apart with `<br>`).
pub(super) fn cell_text(text: Option<&str>) -> String {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    let mut in_fence = false;
    let mut needs_break = false;
    for line in described(text).lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_fence = !in_fence;
            needs_break = true;
            continue;
        }
        if t.is_empty() {
            needs_break = true;
            continue;
        }
        let heading = (!in_fence).then(|| heading_text(t)).flatten();
        let list_item = !in_fence
            && (t.starts_with("- ")
                || t.starts_with("* ")
                || t.starts_with("+ ")
                || t.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())));
        let piece = match heading {
            Some(h) => format!("**{h}**"),
            None if in_fence => code(t),
            None => t.to_string(),
        };
        if !out.is_empty() {
            out.push_str(
                if needs_break || in_fence || list_item || heading.is_some() {
                    "<br>"
                } else {
                    " "
                },
            );
        }
        out.push_str(&piece);
        needs_break = heading.is_some();
    }
    out
}

/// The first paragraph of a description, on one line.
pub(super) fn first_paragraph(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let first = text
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .to_string();
    cell_text(Some(&first))
}

pub(super) fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(line[hashes..].trim())
    } else {
        None
    }
}

/// A description as a Markdown block: sanitised, its headings turned into
/// bold lines so that they neither break the page's outline nor take the
/// anchors the pages link to (`#models`, a method's name).
pub(super) fn block(text: &str) -> String {
    let mut in_fence = false;
    described(text)
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            match heading_text(line) {
                Some(h) if !in_fence => format!("**{h}**\n"),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A spec description, sanitised as for rustdoc, with links that lead
/// nowhere from these pages (`/reference/x`, `#operation/y`: relative to the
/// vendor's own site) reduced to their text.
pub(super) fn described(text: &str) -> String {
    let text = sanitize(text);
    let mut in_fence = false;
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if in_fence {
                return line.to_string();
            }
            line.split('`')
                .enumerate()
                .map(|(i, part)| {
                    if i % 2 == 1 {
                        part.to_string()
                    } else {
                        unlink_relative(part)
                    }
                })
                .collect::<Vec<_>>()
                .join("`")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn unlink_relative(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target_len = after[close + 2..].find(')')?;
            let label = &after[..close];
            let target = &after[close + 2..close + 2 + target_len];
            (!label.contains('[')).then_some((label, target, close + 2 + target_len + 1))
        });
        match link {
            Some((label, target, len))
                if !["http://", "https://", "mailto:"]
                    .iter()
                    .any(|scheme| target.trim_start().starts_with(scheme)) =>
            {
                out.push_str(&rest[..open]);
                out.push_str(label);
                rest = &after[len..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// GitHub's anchor for a heading.
pub(super) fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The example as rustdoc shows it: lines hidden with `# ` left out.
pub(super) fn strip_hidden_lines(example: &str) -> String {
    example
        .lines()
        .filter(|line| {
            let t = line.trim_start();
            !(t == "#" || t.starts_with("# "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fills `{{name}}` placeholders in one pass: values are never scanned again,
/// so a description that happens to contain `{{x}}` stays as it is.
pub(super) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let key = &after[..end];
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + end + 4]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Trailing spaces dropped, runs of blank lines outside code blocks squeezed,
/// one final newline.
pub(super) fn tidy(page: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for line in page.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Notes on the limits the spec states for a parameter.
pub(super) fn constraint_notes(c: &Constraints) -> Vec<String> {
    let number = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            v.to_string()
        }
    };
    let mut notes = Vec::new();
    if let Some(min) = c.minimum {
        let exclusive = if c.exclusive_minimum {
            " (exclusive)"
        } else {
            ""
        };
        notes.push(format!("minimum {}{exclusive}", code(&number(min))));
    }
    if let Some(max) = c.maximum {
        let exclusive = if c.exclusive_maximum {
            " (exclusive)"
        } else {
            ""
        };
        notes.push(format!("maximum {}{exclusive}", code(&number(max))));
    }
    if let Some(n) = c.min_length {
        notes.push(format!("at least {n} characters"));
    }
    if let Some(n) = c.max_length {
        notes.push(format!("at most {n} characters"));
    }
    if let Some(p) = &c.pattern {
        notes.push(format!("matches {}", code(p)));
    }
    if let Some(n) = c.min_items {
        notes.push(format!("at least {n} items"));
    }
    if let Some(n) = c.max_items {
        notes.push(format!("at most {n} items"));
    }
    notes
}
