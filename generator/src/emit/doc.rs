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
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut in_fence = false;
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
        out.push(format!("{marks}{}", escape_inline(rest.trim_end())));
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
    let text = text.replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(8).collect();
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        if (rest.starts_with("http://") || rest.starts_with("https://"))
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
