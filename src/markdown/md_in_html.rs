//! md_in_html: a block-level HTML element with a `markdown` attribute (`markdown`,
//! `markdown="1"`, `markdown="block"`, `markdown="span"`) has its content rendered as Markdown.
//! This module recognises the opening tag and finds the matching closing tag; `blocks.rs`
//! rewrites the element so the Markdown parser renders its content (block) or renders it
//! inline itself (span). The `markdown` attribute is removed, as Python-Markdown does. Raw
//! `<hN>` elements inside get heading ids, as Python-Markdown's toc finds them in its tree.

use super::blocks::Blocks;
use super::blocks::{fence_open, is_fence_close};
use super::html::escape_attr;
use super::source::indent_of;
use super::source::Line;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static OPEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^<([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>"#)
        .unwrap()
});
static HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^<[hH]([1-6])((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*>"#,
    )
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
    scan_close(lines, tag, from).ok()
}

/// What a search that found no closing tag learnt about the lines after its first: enough to
/// tell, without a new scan, that an element of the same name opening at the start of one of
/// them is not closed either (an unclosed element on each of 100,000 lines was quadratic).
#[derive(Debug, Clone)]
pub struct Unclosed {
    /// Per line (relative to the search's first line): the nesting depth at its start.
    start_depth: Vec<usize>,
    /// Per line: the least depth reached after any tag on that line or a later one.
    min_after: Vec<usize>,
}

impl Unclosed {
    /// Whether an element opening at the start of line `r` (relative to the failed search's
    /// first line, `r > 0`) certainly has no closing tag. An element opening there is closed
    /// exactly when the depth of the failed search falls back to its depth before that line.
    pub fn stays_unclosed(&self, r: usize) -> bool {
        match (self.start_depth.get(r), self.min_after.get(r)) {
            (Some(&s), Some(&m)) => r > 0 && m > s,
            _ => false,
        }
    }
}

/// `find_close`, and when no closing tag is found, what the search saw (None when a code
/// fence was among the lines: fences change which lines later searches read).
pub fn scan_close<'a>(
    lines: impl Iterator<Item = &'a str>,
    tag: &str,
    from: usize,
) -> Result<(usize, usize, usize), Option<Unclosed>> {
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut depth = 1usize;
    let mut fenced = false;
    let mut start_depth: Vec<usize> = Vec::new();
    let mut line_min: Vec<usize> = Vec::new();
    // An open code fence: its character, length and indentation.
    let mut fence: Option<(char, usize, usize)> = None;
    for (i, line) in lines.enumerate() {
        start_depth.push(depth);
        line_min.push(usize::MAX);
        let start = if i == 0 { from.min(line.len()) } else { 0 };
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
                fenced = true;
                continue;
            }
        }
        let Some(rest_of_line) = line.get(start..) else {
            continue;
        };
        let lower = rest_of_line.to_ascii_lowercase();
        let mut pos = 0;
        while let Some(lt) = lower[pos..].find('<') {
            let at = pos + lt;
            let rest = &lower[at..];
            let after = |p: &str| rest[p.len()..].chars().next();
            if rest.starts_with(&close) && matches!(after(&close), Some('>' | ' ' | '\t')) {
                depth -= 1;
                if depth == 0 {
                    let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                    return Ok((i, start + at, start + at + end));
                }
            } else if rest.starts_with(&open)
                && matches!(after(&open), Some('>' | ' ' | '\t' | '/') | None)
            {
                let end = rest.find('>').unwrap_or(rest.len());
                if !rest[..end].ends_with('/') {
                    depth += 1;
                }
            }
            if let Some(m) = line_min.last_mut() {
                *m = (*m).min(depth);
            }
            pos = at + 1;
        }
    }
    if fenced {
        return Err(None);
    }
    let mut min_after = line_min;
    for r in (0..min_after.len().saturating_sub(1)).rev() {
        min_after[r] = min_after[r].min(min_after[r + 1]);
    }
    Err(Some(Unclosed {
        start_depth,
        min_after,
    }))
}

impl Blocks {
    /// Emits an element with a `markdown` attribute starting at line `i`, if it is one and
    /// is closed; returns the next line.
    pub(super) fn md_in_html<'a>(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        out: &mut Vec<Line<'a>>,
        unclosed: &mut HashMap<String, (usize, Unclosed)>,
    ) -> Option<usize> {
        let line = &lines[i];
        let lead = line.text.len() - line.text.trim_start().len();
        let tag = open_tag(&line.text[lead..])?;
        let from = lead + tag.len;
        if let Some((at, u)) = unclosed.get(&tag.tag) {
            if i > *at && u.stays_unclosed(i - at) {
                return None;
            }
        }
        let found = scan_close(lines[i..].iter().map(|l| l.text.as_ref()), &tag.tag, from);
        let (j, cs, ce) = match found {
            Ok(f) => f,
            Err(u) => {
                if let Some(u) = u {
                    unclosed.insert(tag.tag, (i, u));
                }
                return None;
            }
        };
        let j = i + j;
        // The content: the rest of the opening line, the lines between, the start of the last.
        let mut content: Vec<Line<'a>> = Vec::new();
        let part = |l: &Line<'a>, a: usize, b: usize| Line::new(l.text[a..b].to_string(), l.origin);
        if i == j {
            content.push(part(line, from, cs));
        } else {
            content.push(part(line, from, line.text.len()));
            content.extend(lines[i + 1..j].iter().cloned());
            content.push(part(&lines[j], 0, cs));
        }
        if content.first().is_some_and(|l| l.is_blank()) {
            content.remove(0);
        }
        if content.last().is_some_and(|l| l.is_blank()) {
            content.pop();
        }
        let origin = line.origin;
        let close = lines[j].origin;
        match tag.mode {
            Mode::Block => {
                out.push(Line::new(tag.html, origin));
                out.push(Line::new("", origin));
                let mut inner = Vec::new();
                self.depth += 1;
                let was = std::mem::replace(&mut self.raw_in_md, true);
                self.container(&content, &mut inner);
                self.raw_in_md = was;
                self.depth -= 1;
                out.extend(inner);
                out.push(Line::new("", close));
                out.push(Line::new(format!("</{}>", tag.tag), close));
            }
            Mode::Span => {
                let text: Vec<&str> = content
                    .iter()
                    .map(|l| l.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect();
                let close = format!("</{}>", tag.tag);
                let line = self.span_line(tag.html, &close, &text.join("\n"));
                out.push(Line::new(line, origin));
            }
        }
        out.push(Line::new("", close));
        let tail = lines[j].text[ce..].trim();
        if !tail.is_empty() {
            out.push(Line::new(tail.to_string(), close));
        }
        Some(j + 1)
    }
}

/// Starts the line standing for a raw heading: `<div data-blogen-h="K"></div>`, where
/// `spans[K]` is (the heading's opening tag, its inner HTML).
const RAW_MARK: &str = "<div data-blogen-h=\"";

/// The K of a raw heading's marker line.
pub fn raw_heading_index(html: &str) -> Option<usize> {
    html.trim()
        .strip_prefix(RAW_MARK)?
        .strip_suffix("\"></div>")?
        .parse()
        .ok()
}

/// A heading's opening tag `<hN …>` split into its level, its `id` (entities decoded) and
/// its other attributes as written (each led by a space).
pub fn heading_tag(open: &str) -> Option<(u8, Option<String>, String)> {
    let c = HEADING_RE.captures(open)?;
    let level = c[1].parse().ok()?;
    let mut id = None;
    let mut extra = String::new();
    for a in ATTR_RE.captures_iter(&c[2]) {
        if a[1].eq_ignore_ascii_case("id") {
            let v = a
                .get(2)
                .or(a.get(3))
                .or(a.get(4))
                .map_or("", |m| m.as_str());
            id = Some(super::html::decode_entities(v));
        } else {
            extra.push(' ');
            extra.push_str(&a[0]);
        }
    }
    Some((level, id, extra))
}

impl Blocks {
    /// A raw `<hN>` element starting line `i` inside an element with a `markdown` attribute:
    /// Python-Markdown's toc gives it an id and permalink (its content stays raw). It becomes a
    /// marker line of its own; returns the next line.
    pub(super) fn raw_heading<'a>(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        out: &mut Vec<Line<'a>>,
    ) -> Option<usize> {
        let line = &lines[i];
        let lead = line.text.len() - line.text.trim_start().len();
        let c = HEADING_RE.captures(&line.text[lead..])?;
        if c[2].contains("markdown") {
            return None;
        }
        let tag = format!("h{}", &c[1]);
        let from = lead + c[0].len();
        let (j, cs, ce) = find_close(lines[i..].iter().map(|l| l.text.as_ref()), &tag, from)?;
        let j = i + j;
        let inner = if i == j {
            line.text[from..cs].to_string()
        } else {
            let mut t = line.text[from..].to_string();
            for l in &lines[i + 1..j] {
                t.push('\n');
                t.push_str(&l.text);
            }
            t.push('\n');
            t.push_str(&lines[j].text[..cs]);
            t
        };
        let k = self.spans.len();
        self.spans.push((format!("<{tag}{}>", &c[2]), inner));
        let (origin, close) = (line.origin, lines[j].origin);
        out.push(Line::new("", origin));
        let mark = format!("{}{RAW_MARK}{k}\"></div>", &line.text[..lead]);
        out.push(Line::new(mark, origin));
        out.push(Line::new("", close));
        let tail = lines[j].text[ce..].trim();
        if !tail.is_empty() {
            out.push(Line::new(tail.to_string(), close));
        }
        Some(j + 1)
    }
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

    #[test]
    fn a_failed_search_answers_for_later_openings() {
        let lines = [
            "<div markdown>",
            "<div markdown>",
            "<div markdown>",
            "</div>",
            "<div markdown>",
        ];
        let Err(Some(u)) = scan_close(lines.iter().copied(), "div", 14) else {
            panic!("no closing tag for the first div");
        };
        // The lines that open a div (line 3 closes one).
        for r in [1, 2, 4] {
            let closed = find_close(lines[r..].iter().copied(), "div", 14).is_some();
            assert_eq!(u.stays_unclosed(r), !closed, "line {r}");
        }
        assert!(!u.stays_unclosed(0));
    }
}
