//! md_in_html: a block-level HTML element with a `markdown` attribute (`markdown`,
//! `markdown="1"`, `markdown="block"`, `markdown="span"`) has its content rendered as Markdown.
//! This module recognises the opening tag and finds the matching closing tag; `blocks.rs`
//! rewrites the element so the Markdown parser renders its content (block) or renders it
//! inline itself (span). The `markdown` attribute is removed, as Python-Markdown does.

use super::blocks::{fence_open, is_fence_close};
use super::html::escape_attr;
use super::source::indent_of;
use regex::Regex;
use std::sync::LazyLock;

static OPEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^<([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>"#)
        .unwrap()
});
static ATTR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#).unwrap()
});

/// Elements whose content md_in_html renders as blocks by default.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "section",
    "table",
    "ul",
];
/// Elements whose content md_in_html renders inline by default.
const SPAN_TAGS: &[&str] = &[
    "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "p", "summary", "td", "th",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Block,
    Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpenTag {
    pub tag: String,
    /// The opening tag as written back, without `markdown`.
    pub html: String,
    pub mode: Mode,
    /// Byte length of the opening tag in the line.
    pub len: usize,
}

/// Whether the text may hold an element with a `markdown` attribute.
pub fn present(body: &str) -> bool {
    body.contains("markdown")
}

/// Parses an opening tag with a `markdown` attribute at the start of `line`.
pub fn open_tag(line: &str) -> Option<OpenTag> {
    if !line.starts_with('<') || !line.contains("markdown") {
        return None;
    }
    let c = OPEN_RE.captures(line)?;
    let tag = c[1].to_ascii_lowercase();
    let default = if BLOCK_TAGS.contains(&tag.as_str()) {
        Mode::Block
    } else if SPAN_TAGS.contains(&tag.as_str()) {
        Mode::Span
    } else {
        return None;
    };
    let mut mode = None;
    let mut html = format!("<{tag}");
    for a in ATTR_RE.captures_iter(&c[2]) {
        let name = a[1].to_ascii_lowercase();
        let value = a.get(2).or(a.get(3)).or(a.get(4)).map(|m| m.as_str());
        if name == "markdown" {
            mode = match value.unwrap_or("1") {
                "1" | "" => Some(default),
                "block" => Some(Mode::Block),
                "span" => Some(Mode::Span),
                _ => return None,
            };
        } else {
            // Python-Markdown writes a bare attribute as `name="name"`.
            let v = value.unwrap_or(&name);
            html.push_str(&format!(" {name}=\"{}\"", escape_attr(v)));
        }
    }
    html.push('>');
    Some(OpenTag {
        tag,
        html,
        mode: mode?,
        len: c.get(0).unwrap().end(),
    })
}

/// Finds the tag closing `tag` in `lines`, starting at byte `from` of the first line: the
/// line index and the byte range of `</tag>` in it. Nested elements of the same name count.
pub fn find_close<'a>(
    lines: impl Iterator<Item = &'a str>,
    tag: &str,
    from: usize,
) -> Option<(usize, usize, usize)> {
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut depth = 1usize;
    // An open code fence: its character, length and indentation.
    let mut fence: Option<(char, usize, usize)> = None;
    for (i, line) in lines.enumerate() {
        let start = if i == 0 { from } else { 0 };
        let trimmed = line.trim_start();
        let indent = indent_of(line);
        if let Some((ch, n, at)) = fence {
            if indent < at + 4 && is_fence_close(trimmed, ch, n) {
                fence = None;
            }
            continue;
        }
        if i > 0 {
            if let Some((ch, n)) = fence_open(trimmed) {
                fence = Some((ch, n, indent));
                continue;
            }
        }
        let lower = line[start..].to_ascii_lowercase();
        let mut pos = 0;
        while let Some(lt) = lower[pos..].find('<') {
            let at = pos + lt;
            let rest = &lower[at..];
            let after = |p: &str| rest[p.len()..].chars().next();
            if rest.starts_with(&close) && matches!(after(&close), Some('>' | ' ' | '\t')) {
                depth -= 1;
                if depth == 0 {
                    let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                    return Some((i, start + at, start + at + end));
                }
            } else if rest.starts_with(&open)
                && matches!(after(&open), Some('>' | ' ' | '\t' | '/') | None)
            {
                let end = rest.find('>').unwrap_or(rest.len());
                if !rest[..end].ends_with('/') {
                    depth += 1;
                }
            }
            pos = at + 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_tags() {
        let t = open_tag(r#"<div class="grid cards" markdown>"#).unwrap();
        assert_eq!(
            (t.tag.as_str(), t.html.as_str(), t.mode),
            ("div", r#"<div class="grid cards">"#, Mode::Block)
        );
        let t = open_tag(r#"<p markdown="1">*x*</p>"#).unwrap();
        assert_eq!((t.mode, t.len), (Mode::Span, 16));
        assert_eq!(
            open_tag(r#"<div markdown="span">"#).unwrap().mode,
            Mode::Span
        );
        assert_eq!(
            open_tag(r#"<section markdown="block" hidden data-x=a>"#)
                .unwrap()
                .html,
            r#"<section hidden="hidden" data-x="a">"#
        );
        assert!(open_tag("<div class=\"markdown\">").is_none());
        assert!(open_tag("<span markdown>").is_none());
    }

    #[test]
    fn closing_tags_nest() {
        let lines = ["<div markdown>", "<div>", "x</div>", "</div> tail"];
        assert_eq!(
            find_close(lines.iter().copied(), "div", 14),
            Some((3, 0, 6))
        );
        let lines = ["<div markdown>*x*</div>"];
        assert_eq!(
            find_close(lines.iter().copied(), "div", 14),
            Some((0, 17, 23))
        );
        let lines = ["<div markdown>", "```", "</div>", "```"];
        assert_eq!(find_close(lines.iter().copied(), "div", 14), None);
    }
}
