//! Python-Markdown's admonition (`!!! type "Title"`) and pymdownx.details (`??? type "Title"`,
//! `???+` open) headers, and the HTML that opens and closes them:
//! `<div class="admonition type"><p class="admonition-title">…</p>` and
//! `<details class="type"><summary>…</summary>`. The body (indented four spaces) is handled
//! by the block pre-pass in `blocks.rs`.

use super::blocks::Blocks;
use super::html::escape_attr;
use super::source::Line;
use regex::Regex;
use std::sync::LazyLock;

static ADMONITION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*)")? *$"#).unwrap());
static DETAILS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\?\?\?(\+)? ?(?:([\w\-]+(?: +[\w\-]+)*)(?: +"(.*)")?|"(.*)") *$"#).unwrap()
});

/// A parsed header line.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `???` (pymdownx.details) rather than `!!!`.
    pub details: bool,
    /// `???+`
    pub open: bool,
    /// Lower-cased classes (the type words); may be empty for `??? "Title"`.
    pub classes: String,
    /// The title source; `None` when the element has no title (`""`).
    pub title: Option<String>,
}

/// Parses `line` (without indentation) as an admonition or details header.
pub fn parse(line: &str, admonition: bool, details: bool) -> Option<Header> {
    if admonition && line.starts_with("!!!") {
        let c = ADMONITION_RE.captures(line)?;
        let classes = c[1].to_lowercase();
        let title = match c.get(2) {
            Some(t) if t.as_str().is_empty() => None,
            Some(t) => Some(t.as_str().to_string()),
            None => Some(default_title(&classes)),
        };
        return Some(Header {
            details: false,
            open: false,
            classes,
            title,
        });
    }
    if details && line.starts_with("???") {
        let c = DETAILS_RE.captures(line)?;
        let classes = c
            .get(2)
            .map_or(String::new(), |m| m.as_str().to_lowercase());
        let title = match (c.get(3), c.get(4)) {
            (Some(t), _) | (None, Some(t)) => Some(t.as_str().to_string()),
            (None, None) => Some(default_title(&classes)),
        };
        return Some(Header {
            details: true,
            open: c.get(1).is_some(),
            classes,
            title,
        });
    }
    None
}

/// Python's `str.capitalize()` of the first class: `NOTE` -> `Note`.
fn default_title(classes: &str) -> String {
    let first = classes.split(' ').next().unwrap_or("");
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// The opening tag, and the tags around the title when there is one (the title itself is
/// rendered as inline Markdown between them).
pub fn open_html(h: &Header) -> (String, Option<(&'static str, &'static str)>) {
    if h.details {
        let mut tag = String::from("<details");
        if !h.classes.is_empty() {
            tag.push_str(&format!(" class=\"{}\"", escape_attr(&h.classes)));
        }
        if h.open {
            tag.push_str(" open=\"open\"");
        }
        tag.push('>');
        // pymdownx.details always writes a summary, empty for `""`.
        (tag, Some(("<summary>", "</summary>")))
    } else {
        let tag = format!("<div class=\"admonition {}\">", escape_attr(&h.classes));
        let title = h
            .title
            .as_ref()
            .map(|_| ("<p class=\"admonition-title\">", "</p>"));
        (tag, title)
    }
}

pub fn close_html(h: &Header) -> &'static str {
    if h.details {
        "</details>"
    } else {
        "</div>"
    }
}

impl Blocks {
    /// Emits an admonition or details block starting at line `i`; returns the next line.
    pub(super) fn admonition<'a>(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        indent: usize,
        h: &Header,
        out: &mut Vec<Line<'a>>,
    ) -> usize {
        let end = super::blocks::body_end(lines, i + 1, indent + 4);
        let origin = lines[i].origin;
        let (open, title_tags) = open_html(h);
        out.push(Line::new(open, origin).prefixed(indent));
        if let Some((t_open, t_close)) = title_tags {
            let line = self.span_line(
                t_open.to_string(),
                t_close,
                h.title.as_deref().unwrap_or(""),
            );
            out.push(Line::new("", origin));
            out.push(Line::new(line, origin).prefixed(indent));
        }
        self.body(lines, i + 1, end, indent, out);
        let close = lines[end - 1].origin;
        out.push(Line::new(close_html(h), close).prefixed(indent));
        out.push(Line::new("", close));
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admonition_headers() {
        let h = parse(r#"!!! note "Title *x*""#, true, true).unwrap();
        assert_eq!(
            (h.classes.as_str(), h.title.as_deref()),
            ("note", Some("Title *x*"))
        );
        let h = parse("!!! NOTE inline end", true, true).unwrap();
        assert_eq!(
            (h.classes.as_str(), h.title.as_deref()),
            ("note inline end", Some("Note"))
        );
        assert_eq!(parse(r#"!!! warning """#, true, true).unwrap().title, None);
        assert_eq!(parse("!!!note", true, true).unwrap().classes, "note");
        assert!(parse(r#"!!! "T""#, true, true).is_none());
        assert!(parse("!!! note", false, true).is_none());
    }

    #[test]
    fn details_headers() {
        let h = parse(r#"??? question "Why?""#, true, true).unwrap();
        assert!(h.details && !h.open);
        assert_eq!(h.title.as_deref(), Some("Why?"));
        let h = parse("???+ note", true, true).unwrap();
        assert!(h.open);
        assert_eq!(h.title.as_deref(), Some("Note"));
        let h = parse(r#"??? "Only title""#, true, true).unwrap();
        assert_eq!(
            (h.classes.as_str(), h.title.as_deref()),
            ("", Some("Only title"))
        );
        assert!(parse("??? note", true, false).is_none());
    }

    #[test]
    fn html() {
        let h = parse("???+ tip", false, true).unwrap();
        assert_eq!(
            open_html(&h),
            (
                "<details class=\"tip\" open=\"open\">".to_string(),
                Some(("<summary>", "</summary>"))
            )
        );
        let h = parse(r#"!!! note """#, true, false).unwrap();
        assert_eq!(
            open_html(&h),
            ("<div class=\"admonition note\">".to_string(), None)
        );
        assert_eq!(close_html(&h), "</div>");
    }
}
