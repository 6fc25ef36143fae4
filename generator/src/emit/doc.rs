//! Spec descriptions to rustdoc. Descriptions are Markdown written for other
//! tools: code blocks must not become doctests, and brackets, bare URLs and
//! stray HTML must not trip rustdoc's lints.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, or nothing when there is none.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc_lines(&sanitize(text)),
        None => TokenStream::new(),
    }
}

/// One attribute per line, each with a leading space as `///` has.
///
/// Every doc comment the emitters write passes here, so this is where text
/// from the spec is made fit for a comment: characters rustc refuses or that
/// hide what the text says are escaped ([`escape_invisible`]), and tabs,
/// which clippy's `tabs_in_doc_comments` flags, become spaces.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {}", escape_invisible(l).replace('\t', "    "))
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// `text` with each character that must not appear raw in a comment or a
/// Markdown page written as `\u{..}`, as a Rust string literal writes it:
/// control characters other than line feed and tab (a lone carriage return
/// is an error in a doc comment), and the characters that change the
/// direction of text (rustc refuses U+202A–U+202E and U+2066–U+2069 in
/// comments, as they can make code read other than it compiles; the
/// implicit marks U+200E, U+200F and U+061C are escaped with them), and the
/// line and paragraph separators U+2028 and U+2029, which some editors break
/// lines at.
pub fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{061C}'
                    | '\u{2028}'
                    | '\u{2029}'
            )
    };
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text for a cell of a Markdown table in a doc comment, on one line.
pub fn table_cell(text: &str) -> String {
    escape_invisible(text)
        .replace('\n', "\\n")
        .replace('|', "\\|")
}

pub fn sanitize(text: &str) -> String {
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut out = Vec::new();
    let mut in_fence = false;
    // Width of the list item the previous line belongs to: a plain line
    // right after one continues it, and is indented to say so (a "lazy
    // continuation" is ambiguous Markdown, and clippy's
    // `doc_lazy_continuation` flags it).
    let mut list_item: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        // Indented lines would be code blocks, and so doctests. A leading `>`
        // is a block quote, not HTML.
        let quote_marks = trimmed.len() - trimmed.trim_start_matches(['>', ' ']).len();
        let (marks, rest) = trimmed.split_at(quote_marks);
        let rest = rest.trim_end();
        let indent = if !marks.is_empty() || rest.is_empty() || rest.starts_with(['#', '|']) {
            list_item = None;
            0
        } else if let Some(width) = list_marker_width(rest) {
            list_item = Some(width);
            0
        } else {
            list_item.unwrap_or(0)
        };
        out.push(format!(
            "{marks}{:indent$}{}",
            "",
            escape_inline(rest),
            indent = indent
        ));
    }
    if in_fence {
        out.push("```".to_string());
    }
    // Drop leading/trailing blank lines and squeeze runs of blank lines.
    let mut squeezed: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && squeezed.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        squeezed.push(line);
    }
    while squeezed.last().is_some_and(|l| l.is_empty()) {
        squeezed.pop();
    }
    squeezed.join("\n")
}

/// The width of a list item's marker and the space after it (`- `, `* `,
/// `+ `, `12. `, `3) `), when `line` starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = line.get(digits..)?;
    (digits > 0 && digits < 10 && (after.starts_with(". ") || after.starts_with(") ")))
        .then_some(digits + 2)
}

/// Escapes outside `code spans`: HTML-ish angle brackets, reference-style
/// brackets, and wraps bare URLs in `<...>`.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, segment) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(segment);
        } else {
            out.push_str(&escape_text(segment));
        }
    }
    // An odd count of backticks leaves an unclosed span; close it.
    if line.matches('`').count() % 2 == 1 {
        out.push('`');
    }
    out
}

fn escape_text(text: &str) -> String {
    // Most text has nothing to escape (a measurable share of generation).
    if !text.contains(['<', '>', '[', ']']) && !text.contains("http") {
        return text.to_string();
    }
    let text = text.replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Compared in place: collecting the next characters into a String
        // for every character was a measurable part of generation time.
        let starts_with = |pattern: &str| {
            pattern
                .chars()
                .enumerate()
                .all(|(k, p)| chars.get(i + k) == Some(&p))
        };
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        if c == 'h'
            && (starts_with("http://") || starts_with("https://"))
            && !matches!(prev, '(' | '"' | '\'' | '[')
        {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], ')' | '"' | '\'' | ']' | '&')
            {
                i += 1;
            }
            let mut url: String = chars[start..i].iter().collect();
            let mut trailing = String::new();
            while url.ends_with(['.', ',', ';', ':', '!', '?']) {
                trailing.insert(0, url.pop().unwrap_or_default());
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&trailing);
            continue;
        }
        match c {
            '[' => {
                // Keep inline links `[text](url)`; escape anything else.
                let close = chars[i..].iter().position(|&x| x == ']').map(|p| p + i);
                match close {
                    Some(end) if chars.get(end + 1) == Some(&'(') => out.push('['),
                    _ => out.push_str("\\["),
                }
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_never_become_doctests() {
        let s = sanitize("Example:\n```\ncurl x\n```\n    indented code");
        assert_eq!(s, "Example:\n```text\ncurl x\n```\nindented code");
    }

    #[test]
    fn lines_continuing_a_list_item_are_indented_under_it() {
        assert_eq!(
            sanitize("- Click Add\nThis name is yours.\n\nAfter."),
            "- Click Add\n  This name is yours.\n\nAfter."
        );
        assert_eq!(sanitize("12. one\ntwo\n- x"), "12. one\n    two\n- x");
        assert_eq!(sanitize("- a\n### Head"), "- a\n### Head");
        assert_eq!(sanitize("> - a\n> b"), "> - a\n> b");
    }

    #[test]
    fn characters_rustc_refuses_in_comments_are_escaped() {
        let text = "a\u{202E}b\u{2066}c\0d\u{1b}e\u{200F}f\u{2028}g\u{85}h\ti\nj";
        assert_eq!(
            escape_invisible(text),
            "a\\u{202e}b\\u{2066}c\\u{0}d\\u{1b}e\\u{200f}f\\u{2028}g\\u{85}h\ti\nj"
        );
        // Text people write is left alone: accents, scripts, emoji (with
        // their joiners), non-breaking spaces.
        let plain = "café, עברית, 日本語, 👩\u{200D}💻, 1\u{A0}000";
        assert_eq!(escape_invisible(plain), plain);
        // In doc attributes: a lone carriage return ends a line, tabs are spaces.
        let tokens = doc_lines("x\u{202E}y\tz").to_string();
        assert!(tokens.contains(r#"" x\\u{202e}y    z""#), "{tokens}");
        let tokens = doc_attrs(Some("one\rtwo")).to_string();
        assert!(
            tokens.contains(r#"" one""#) && tokens.contains(r#"" two""#),
            "{tokens}"
        );
    }

    #[test]
    fn brackets_urls_and_html_are_escaped() {
        assert_eq!(
            sanitize("see [docs] at https://x.io/a."),
            "see \\[docs\\] at <https://x.io/a>."
        );
        assert_eq!(
            sanitize("[link](https://x.io) `<T>` <b>"),
            "[link](https://x.io) `<T>` &lt;b&gt;"
        );
    }
}
