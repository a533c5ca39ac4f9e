//! Document text -> rustdoc that renders as written and builds without
//! warnings: no accidental doctests, intra-doc links or HTML tags.

use proc_macro2::TokenStream;
use quote::quote;

/// One paragraph of documentation.
pub enum Doc<'a> {
    /// Text from the document: made safe for rustdoc.
    Text(Option<&'a str>),
    /// Markdown the generator writes itself (links, code spans): kept as is.
    Ours(String),
}

/// Document text, if any.
pub fn text(value: Option<&str>) -> Doc<'_> {
    Doc::Text(value)
}

/// The generator's own Markdown.
pub fn ours(value: impl Into<String>) -> Doc<'static> {
    Doc::Ours(value.into())
}

/// `#[doc = "..."]` attributes for the given paragraphs, blank lines between.
pub fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = Doc<'a>>) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// `//!` inner attributes.
pub fn inner_doc_attrs<'a>(paragraphs: impl IntoIterator<Item = Doc<'a>>) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

pub fn doc_lines<'a>(paragraphs: impl IntoIterator<Item = Doc<'a>>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let (trimmed, sanitized) = match &paragraph {
            Doc::Text(Some(value)) => (value.trim(), true),
            Doc::Text(None) => continue,
            Doc::Ours(value) => (value.trim(), false),
        };
        // A summary repeated as the description says nothing new.
        if trimmed.is_empty() || seen.iter().any(|s| s == trimmed) {
            continue;
        }
        seen.push(trimmed.to_owned());
        if !lines.is_empty() {
            lines.push(String::new());
        }
        if sanitized {
            lines.extend(sanitize(trimmed));
        } else {
            lines.extend(trimmed.lines().map(str::to_owned));
        }
    }
    lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

/// One line of document text, safe for a Markdown table cell and rustdoc.
pub fn markdown_inline(value: &str) -> String {
    doc_lines([text(Some(value))])
        .into_iter()
        .map(|line| line.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw.trim_start();
        if let Some(info) = line.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                let lang = info.trim();
                // Unmarked or Rust-looking blocks would run as doctests.
                let rustish = lang.is_empty()
                    || lang.starts_with("rust")
                    || lang
                        .split(',')
                        .any(|a| matches!(a.trim(), "ignore" | "no_run" | "should_panic" | "compile_fail"));
                out.push(if rustish { "```text".to_owned() } else { format!("```{lang}") });
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.to_owned());
        } else if line.trim().is_empty() {
            list_indent = None;
            out.push(String::new());
        } else if let Some(indent) = list_item_indent(line) {
            list_indent = Some(indent);
            out.push(escape_markdown(line.trim_end()));
        } else {
            // Leading spaces are dropped: four of them would start a code
            // block. A line continuing a list item is indented to its text.
            let indent = " ".repeat(list_indent.unwrap_or(0));
            out.push(format!("{indent}{}", escape_markdown(line.trim_end())));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Where the text of a list item (`* `, `- `, `+ `, `1. `, `1) `) starts.
fn list_item_indent(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'*' | b'-' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0).then_some(marker + spaces)
}

/// Escapes Markdown that rustdoc would misread, outside inline code spans.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (index, segment) in line.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        // Odd segments are inside `code`: rustdoc shows them as written.
        if index % 2 == 1 {
            out.push_str(segment);
        } else {
            let escaped = segment
                .replace('\\', "\\\\")
                .replace('[', "\\[")
                .replace(']', "\\]")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            out.push_str(&wrap_bare_urls(&escaped));
        }
    }
    out
}

/// `https://x` -> `<https://x>` so rustdoc makes it a link instead of warning.
fn wrap_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(start) = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min() {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let end =
            from.find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '&' | '\\')).unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        // `url` is at least the scheme, so each turn moves forward.
        rest = &from[url.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_do_not_become_doctests() {
        let lines = doc_lines([text(Some("Example:\n```\nlet x = 1;\n```\n    indented"))]);
        assert!(lines.contains(&" ```text".to_owned()));
        assert!(lines.contains(&" indented".to_owned()));
    }

    #[test]
    fn links_and_tags_are_escaped() {
        let lines = doc_lines([text(Some("See [docs](https://example.com/a). <b> and https://x.io/y."))]);
        assert_eq!(lines, vec![" See \\[docs\\](<https://example.com/a>). &lt;b&gt; and <https://x.io/y>.".to_owned()]);
    }

    #[test]
    fn code_spans_are_left_alone() {
        let lines = doc_lines([text(Some("Send `status[]` or [x] `https://a.b`"))]);
        assert_eq!(lines, vec![" Send `status[]` or \\[x\\] `https://a.b`".to_owned()]);
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        let lines = doc_lines([text(Some("Note:\n*   one\ncontinued\n\nafter\n1. two\nmore"))]);
        assert_eq!(lines, [" Note:", " *   one", "     continued", "", " after", " 1. two", "    more"]);
    }

    #[test]
    fn repeated_summary_is_dropped() {
        let lines = doc_lines([text(Some("List pets")), ours("List pets")]);
        assert_eq!(lines, vec![" List pets".to_owned()]);
    }
}
