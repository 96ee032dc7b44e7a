//! pymdownx.tabbed headers (`=== "Label"`, `===! "Label"` starts a new set, `===+ "Label"`
//! selects the tab) and the HTML of a tab set in the alternate style mkdocs-material requires:
//! radio inputs, `tabbed-labels`, then `tabbed-content` holding one `tabbed-block` per tab.
//! Sets are numbered per page in document order (`__tabbed_<set>_<tab>`). The tab bodies
//! (indented four spaces) are handled by the block pre-pass in `blocks.rs`.

use super::blocks::Blocks;
use super::source::Line;
use regex::Regex;
use std::sync::LazyLock;

static TAB_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^===(!|\+|!\+|\+!)? +"(.*)" *$"#).unwrap());

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub new_set: bool,
    pub select: bool,
    pub label: String,
}

/// Parses `line` (without indentation) as a tab header.
pub fn parse(line: &str) -> Option<Header> {
    if !line.starts_with("===") {
        return None;
    }
    let c = TAB_RE.captures(line)?;
    let flags = c.get(1).map_or("", |m| m.as_str());
    Some(Header {
        new_set: flags.contains('!'),
        select: flags.contains('+'),
        label: c[2].to_string(),
    })
}

/// The line that opens set `set` of `count` tabs, up to the labels' container; the tab
/// `selected` (0-based: the last `+` tab, else the first) is checked.
pub fn open_set(set: usize, count: usize, selected: usize) -> String {
    let mut s = format!("<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"{set}:{count}\">");
    for i in 1..=count {
        let checked = if i == selected + 1 {
            "checked=\"checked\" "
        } else {
            ""
        };
        s.push_str(&format!(
            "<input {checked}id=\"__tabbed_{set}_{i}\" name=\"__tabbed_{set}\" type=\"radio\" />"
        ));
    }
    s.push_str("<div class=\"tabbed-labels\">");
    s
}

/// The tag opening the label of tab `tab` (1-based) of set `set`.
pub fn label_open(set: usize, tab: usize) -> String {
    format!("<label for=\"__tabbed_{set}_{tab}\">")
}

pub const LABEL_CLOSE: &str = "</label>";
pub const CONTENT_OPEN: &str = "<div class=\"tabbed-content\">";
pub const BLOCK_OPEN: &str = "<div class=\"tabbed-block\">";
pub const CLOSE: &str = "</div>";

impl Blocks {
    /// Emits a tab set whose first header is line `i`; returns the next line.
    pub(super) fn tabs<'a>(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        indent: usize,
        first: Header,
        out: &mut Vec<Line<'a>>,
    ) -> usize {
        // (header, header line, end of body)
        let mut tabs = vec![(first, i, super::blocks::body_end(lines, i + 1, indent + 4))];
        loop {
            let mut k = tabs.last().unwrap().2;
            while k < lines.len() && lines[k].is_blank() {
                k += 1;
            }
            if k >= lines.len() || lines[k].indent() != indent {
                break;
            }
            match parse(lines[k].text.trim_start()) {
                Some(h) if !h.new_set => {
                    let end = super::blocks::body_end(lines, k + 1, indent + 4);
                    tabs.push((h, k, end));
                }
                _ => break,
            }
        }
        self.tab_sets += 1;
        let set = self.tab_sets;
        let selected = tabs.iter().rposition(|(h, _, _)| h.select).unwrap_or(0);
        let origin = lines[i].origin;
        out.push(Line::new(open_set(set, tabs.len(), selected), origin).prefixed(indent));
        for (k, (h, start, _)) in tabs.iter().enumerate() {
            let line = self.span_line(label_open(set, k + 1), LABEL_CLOSE, &h.label);
            out.push(Line::new("", lines[*start].origin));
            out.push(Line::new(line, lines[*start].origin).prefixed(indent));
        }
        out.push(Line::new("", origin));
        out.push(Line::new(CLOSE, origin).prefixed(indent));
        out.push(Line::new(CONTENT_OPEN, origin).prefixed(indent));
        let mut last = origin;
        for (_, start, end) in &tabs {
            out.push(Line::new(BLOCK_OPEN, lines[*start].origin).prefixed(indent));
            self.body(lines, start + 1, *end, indent, out);
            last = lines[end - 1].origin;
            out.push(Line::new(CLOSE, last).prefixed(indent));
        }
        out.push(Line::new(CLOSE, last).prefixed(indent));
        out.push(Line::new(CLOSE, last).prefixed(indent));
        out.push(Line::new("", last));
        tabs.last().unwrap().2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            parse(r#"=== "Tab *1*""#),
            Some(Header {
                new_set: false,
                select: false,
                label: "Tab *1*".into()
            })
        );
        let h = parse(r#"===!+ "X""#).unwrap();
        assert!(h.new_set && h.select);
        assert!(parse("=== C2").is_none());
        assert!(parse("====").is_none());
    }

    #[test]
    fn set_html() {
        let html = open_set(3, 2, 1);
        assert_eq!(
            html,
            "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"3:2\"><input id=\"__tabbed_3_1\" name=\"__tabbed_3\" type=\"radio\" /><input checked=\"checked\" id=\"__tabbed_3_2\" name=\"__tabbed_3\" type=\"radio\" /><div class=\"tabbed-labels\">"
        );
        assert_eq!(label_open(3, 2), "<label for=\"__tabbed_3_2\">");
    }
}
