//! The block pre-pass: rewrites the Python-Markdown block syntaxes that CommonMark lacks into
//! raw HTML lines around plain Markdown, so that one pulldown-cmark parse renders the whole page
//! (link references, footnotes, heading ids and the excerpt stay page-wide). It handles
//! admonitions and details (`admonition.rs`), tabs (`tabbed.rs`), md_in_html (`md_in_html.rs`)
//! and collects abbreviation definitions (`*[HTML]: …`). Bodies indented four spaces are
//! dedented and processed recursively; fenced and indented code is left alone; inside a list,
//! a construct indented to the item's content (a multiple of four) is recognised as well.
//! Titles, tab labels and span elements stay inline Markdown of the page: each becomes a
//! paragraph led by a marker (`<x-blogen n="K"></x-blogen>`) that the renderer replaces with
//! the tags in `spans[K]`. Two CommonMark/Python-Markdown differences are smoothed here too:
//! link reference definitions indented under the end of a list are moved out of it (so the
//! list stays tight; `linkdefs.rs`), and with def_list a line starting `:word` is not a
//! definition. The emitters of each construct are in its own file.

use super::source::{Line, Origin};
use super::{admonition, linkdefs, math, md_in_html, tabbed};
use pulldown_cmark::Event;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

pub(super) static LIST_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)").unwrap());
static ABBR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\[([^\]\\]+)\][ ]?:[ ]*(.*?)\s*$").unwrap());

/// Which constructs are enabled, and the state shared across the page.
pub struct Blocks {
    pub admonition: bool,
    pub details: bool,
    pub tabbed: bool,
    pub md_in_html: bool,
    pub abbr: bool,
    pub def_list: bool,
    /// Tab sets numbered so far.
    pub tab_sets: usize,
    /// Abbreviations defined on the page: (text, title).
    pub abbrs: Vec<(String, String)>,
    /// The tags around each marked paragraph: (opening HTML, closing HTML).
    pub spans: Vec<(String, String)>,
    /// Constructs open around the lines being processed.
    pub depth: usize,
    /// Where each abbreviation is in `abbrs` (a redefinition replaces it without a scan).
    pub abbr_index: HashMap<String, usize>,
    /// The first line where a construct was left as text for being nested deeper than
    /// `MAX_DEPTH` (the renderer reports it as `nesting-limit`).
    pub too_deep: Option<Origin>,
    /// The lines are the content of a block element with a `markdown` attribute (its raw
    /// `<hN>` elements get ids).
    pub raw_in_md: bool,
    /// pymdownx.arithmatex's options, when it is enabled.
    pub math: Option<crate::config::math::ArithmatexOptions>,
}

/// Deeper constructs are left as text (keeps hostile input from exhausting the stack, and
/// bounds the rescans of nested bodies), with a `nesting-limit` warning.
pub const MAX_DEPTH: usize = 48;

/// Starts a paragraph that `spans[K]` wraps.
const MARKER: &str = "<x-blogen n=\"";

/// The K of a marker (an inline HTML event `<x-blogen n="K">`).
pub fn marker_index(html: &str) -> Option<usize> {
    html.strip_prefix(MARKER)?.strip_suffix("\">")?.parse().ok()
}

impl Blocks {
    pub fn new(cfg: &crate::config::MarkdownConfig) -> Self {
        Blocks {
            admonition: cfg.has("admonition"),
            details: cfg.has("pymdownx.details"),
            tabbed: cfg.has("pymdownx.tabbed"),
            md_in_html: cfg.has("md_in_html"),
            abbr: cfg.has("abbr"),
            def_list: cfg.has("def_list"),
            tab_sets: 0,
            abbrs: Vec::new(),
            spans: Vec::new(),
            depth: 0,
            abbr_index: HashMap::new(),
            too_deep: None,
            raw_in_md: false,
            math: cfg
                .has("pymdownx.arithmatex")
                .then(|| cfg.arithmatex.clone()),
        }
    }

    /// Whether `body` may contain an enabled construct (a cheap test before any work).
    pub fn present(&self, body: &str) -> bool {
        (self.admonition && body.contains("!!!"))
            || (self.details && body.contains("???"))
            || (self.tabbed && body.contains("==="))
            || (self.md_in_html && md_in_html::present(body))
            || self.math.as_ref().is_some_and(|o| math::present(body, o))
            || (self.abbr && body.contains("*["))
            || (self.def_list && (body.starts_with(':') || body.contains("\n:")))
            || ["\n [", "\n  [", "\n   [", "\n    ["]
                .iter()
                .any(|p| body.contains(p))
    }

    /// Defines (or with no title, removes) an abbreviation; the last definition counts.
    fn define_abbr(&mut self, abbr: String, title: Option<String>) {
        match (self.abbr_index.get(&abbr).copied(), title) {
            (Some(k), Some(title)) => self.abbrs[k].1 = title,
            (Some(k), None) => {
                self.abbrs.swap_remove(k);
                self.abbr_index.remove(&abbr);
                if let Some((moved, _)) = self.abbrs.get(k) {
                    self.abbr_index.insert(moved.clone(), k);
                }
            }
            (None, Some(title)) => {
                self.abbr_index.insert(abbr.clone(), self.abbrs.len());
                self.abbrs.push((abbr, title));
            }
            (None, None) => {}
        }
    }

    /// A marked paragraph line: `text` (inline Markdown) between `open` and `close`.
    pub(super) fn span_line(&mut self, open: String, close: &str, text: &str) -> String {
        let k = self.spans.len();
        self.spans.push((open, close.to_string()));
        format!("{MARKER}{k}\"></x-blogen>{text}")
    }

    pub fn process<'a>(&mut self, lines: Vec<Line<'a>>) -> Vec<Line<'a>> {
        let mut out = Vec::with_capacity(lines.len() + 16);
        self.container(&lines, &mut out);
        out
    }

    pub(super) fn container<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Line<'a>>) {
        // A run of definitions found to stay in their list: (indent, end of the run).
        let mut defs_stay: Option<(usize, usize)> = None;
        // Per tag name: the line of a failed search for its closing tag, and what it saw.
        let mut unclosed: HashMap<String, (usize, md_in_html::Unclosed)> = HashMap::new();
        let mut i = 0;
        let mut prev_blank = true;
        let mut in_list = false;
        // The lines since the last blank one started with an HTML tag (an HTML block).
        let mut html_run = false;
        while i < lines.len() {
            let line = &lines[i];
            if line.is_blank() {
                out.push(line.clone());
                prev_blank = true;
                i += 1;
                continue;
            }
            let indent = line.indent();
            let rest = line.text.trim_start();
            if prev_blank {
                html_run = indent <= 3 && rest.starts_with('<');
            }
            if let Some((ch, n)) = fence_open(rest) {
                let mut j = i + 1;
                while j < lines.len()
                    && !(lines[j].indent() < indent + 4
                        && is_fence_close(lines[j].text.trim_start(), ch, n))
                {
                    j += 1;
                }
                let end = (j + 1).min(lines.len());
                out.extend(lines[i..end].iter().cloned());
                i = end;
                prev_blank = false;
                continue;
            }
            if indent >= 4 && prev_blank && !in_list {
                // An indented code block: copied as it is.
                let mut j = i;
                while j < lines.len() && (lines[j].is_blank() || lines[j].indent() >= 4) {
                    j += 1;
                }
                out.extend(lines[i..j].iter().cloned());
                prev_blank = lines[j - 1].is_blank();
                i = j;
                continue;
            }
            if in_list && prev_blank && indent > 0 {
                if let Some(end) = linkdefs::move_out(lines, i, indent, &mut defs_stay, out) {
                    i = end;
                    continue;
                }
            }
            if self.def_list && !html_run && indent <= 3 {
                if let Some(l) = colon_line(line, indent) {
                    out.push(l);
                    prev_blank = false;
                    i += 1;
                    continue;
                }
            }
            if self.depth >= MAX_DEPTH && self.too_deep.is_none() {
                let nests = admonition::parse(rest, self.admonition, self.details).is_some()
                    || (self.tabbed && tabbed::parse(rest).is_some())
                    || (self.md_in_html && indent <= 3 && md_in_html::open_tag(rest).is_some());
                if nests {
                    self.too_deep = Some(line.origin);
                }
            }
            let at_item_content =
                self.depth < MAX_DEPTH && (indent == 0 || (in_list && indent.is_multiple_of(4)));
            if at_item_content {
                if let Some(h) = admonition::parse(rest, self.admonition, self.details) {
                    i = self.admonition(lines, i, indent, &h, out);
                    prev_blank = true;
                    continue;
                }
                if self.tabbed {
                    if let Some(h) = tabbed::parse(rest) {
                        i = self.tabs(lines, i, indent, h, out);
                        prev_blank = true;
                        continue;
                    }
                }
            }
            if self.md_in_html && indent <= 3 && self.depth < MAX_DEPTH {
                if let Some(next) = self.md_in_html(lines, i, out, &mut unclosed) {
                    i = next;
                    prev_blank = true;
                    continue;
                }
            }
            if self.raw_in_md && html_run && indent <= 3 && rest.starts_with("<h") {
                if let Some(next) = self.raw_heading(lines, i, out) {
                    i = next;
                    prev_blank = true;
                    continue;
                }
            }
            if prev_blank && (indent <= 3 || in_list) {
                if let Some(next) = self.math_block(lines, i, indent, out) {
                    i = next;
                    prev_blank = true;
                    continue;
                }
            }
            if self.abbr && rest.starts_with("*[") {
                if let Some(c) = ABBR_RE.captures(rest) {
                    let abbr = c[1].trim().to_string();
                    let title = c[2].trim_matches(['"', '\'']).to_string();
                    self.define_abbr(abbr, (!c[2].is_empty()).then_some(title));
                    // The definition splits the paragraph, as the block processor does.
                    out.push(Line::new("", line.origin));
                    prev_blank = true;
                    i += 1;
                    continue;
                }
            }
            if LIST_RE.is_match(rest) && (indent <= 3 || in_list) {
                in_list = true;
            } else if indent < 4 && prev_blank {
                in_list = false;
            }
            match self.math.as_ref().filter(|_| !html_run) {
                Some(o) => match math::inline_line(&line.text, o) {
                    Some(t) => out.push(Line::new(t, line.origin)),
                    None => out.push(line.clone()),
                },
                None => out.push(line.clone()),
            }
            prev_blank = false;
            i += 1;
        }
    }

    /// A math block (arithmatex) starting at line `i` after a blank line: the lines up to the
    /// next blank one, when they are one `$$…$$`, `\[…\]` or `\begin…\end` block, written
    /// out as raw HTML lines. Returns the next line.
    fn math_block<'a>(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        indent: usize,
        out: &mut Vec<Line<'a>>,
    ) -> Option<usize> {
        let o = self.math.as_ref()?;
        let rest = lines[i].text.trim_start();
        if !(rest.starts_with("$$") || rest.starts_with("\\[") || rest.starts_with("\\begin{")) {
            return None;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].is_blank())
            .unwrap_or(lines.len());
        let block: Vec<String> = lines[i..end]
            .iter()
            .map(|l| l.dedent(indent).text.to_string())
            .collect();
        let block = block.join("\n");
        let html = math::block_html(math::block_math(&block, o)?, o);
        let lead = &lines[i].text[..lines[i].text.len() - rest.len()];
        for (k, l) in html.split('\n').enumerate() {
            let origin = lines[(i + k).min(end - 1)].origin;
            out.push(Line::new(format!("{lead}{l}"), origin));
        }
        out.push(Line::new("", lines[end - 1].origin));
        Some(end)
    }

    /// The dedented body `lines[from..to]`, processed and framed by blank lines.
    pub(super) fn body<'a>(
        &mut self,
        lines: &[Line<'a>],
        from: usize,
        to: usize,
        indent: usize,
        out: &mut Vec<Line<'a>>,
    ) {
        let origin = lines[from.min(to) - 1].origin;
        out.push(Line::new("", origin));
        let body: Vec<Line<'a>> = lines[from..to]
            .iter()
            .map(|l| l.dedent(indent + 4))
            .collect();
        let mut inner = Vec::with_capacity(body.len());
        self.depth += 1;
        let was = std::mem::replace(&mut self.raw_in_md, false);
        self.container(&body, &mut inner);
        self.raw_in_md = was;
        self.depth -= 1;
        out.extend(inner.into_iter().map(|l| l.prefixed(indent)));
        out.push(Line::new("", lines[to - 1].origin));
    }
}

/// The index in `spans` of the marked paragraph starting at `i`, if it is one.
pub(super) fn marked_at(events: &[(Event, Range<usize>)], i: usize) -> Option<usize> {
    match events.get(i + 1) {
        Some((Event::InlineHtml(h), _)) => marker_index(h),
        _ => None,
    }
}

impl<'a, 'e> super::Renderer<'a, 'e> {
    /// A marked paragraph at `i` (a title, tab label or span element): the tags of `spans[k]`
    /// instead of `<p>`.
    /// An `<hN markdown>` span element is a heading with an id. Returns the next index.
    pub(super) fn marked_paragraph<'x>(
        &mut self,
        p: &mut super::Pass<'_, 'x>,
        i: usize,
        k: usize,
    ) -> usize {
        let end = p.tree.end(i);
        let (open, close) = self.spans.get(k).cloned().unwrap_or_default();
        let closed = matches!(p.events.get(i + 2), Some((Event::InlineHtml(h), _)) if h.as_ref() == "</x-blogen>");
        if let Some((lvl, given, extra)) = md_in_html::heading_tag(&open) {
            let from = if closed { i + 3 } else { i + 2 };
            let inner_events = p.events[from.min(end)..end].to_vec();
            self.depth += 1;
            let inner = self.transform(inner_events);
            self.depth -= 1;
            let text = super::text::plain_of_events(&inner);
            let mut inner_html = String::new();
            pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
            let (_, h) = self.heading_html(lvl, given, &extra, &inner_html, &text, None);
            p.out.push(Event::Html(h.into()));
            return end + 1;
        }
        p.out.push(Event::Html(open.into()));
        p.skip.insert(i + 1);
        if closed {
            p.skip.insert(i + 2);
        }
        p.ends.insert(end, close);
        i + 1
    }

    /// The marker line of a raw heading (`md_in_html::raw_heading`): the heading with its id.
    pub(super) fn raw_heading<'x>(&mut self, p: &mut super::Pass<'_, 'x>, k: usize) {
        let (open, inner) = self.spans.get(k).cloned().unwrap_or_default();
        let Some((lvl, given, extra)) = md_in_html::heading_tag(&open) else {
            return;
        };
        let text = super::text::plain_of_html(&inner);
        let (_, h) = self.heading_html(lvl, given, &extra, &inner, &text, None);
        p.out.push(Event::Html(h.into()));
    }
}

/// A line starting `:word` (not a definition for Python-Markdown's def_list, which wants `:`
/// and a space; pulldown takes `:x`), escaped.
fn colon_line<'a>(line: &Line<'a>, indent: usize) -> Option<Line<'a>> {
    let rest = line.text.trim_start();
    let next = rest.strip_prefix(':')?.chars().next()?;
    if next.is_whitespace() {
        return None;
    }
    let mut l = line.dedent(indent);
    l.text = format!("\\{}", l.text).into();
    Some(l.prefixed(indent))
}

/// End (exclusive) of the body that starts at `from`: the following lines that are blank or
/// indented at least `min` columns, without the trailing blank ones.
pub(super) fn body_end(lines: &[Line], from: usize, min: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while j < lines.len() {
        if lines[j].is_blank() {
            j += 1;
        } else if lines[j].indent() >= min {
            j += 1;
            end = j;
        } else {
            break;
        }
    }
    end
}

/// A code fence opener (without indentation): its character and length.
pub fn fence_open(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|c| *c == ch).count();
    if n < 3 || (ch == '`' && trimmed[n..].contains('`')) {
        return None;
    }
    Some((ch, n))
}

/// Whether `trimmed` closes a fence of `n` `ch`s.
pub fn is_fence_close(trimmed: &str, ch: char, n: usize) -> bool {
    let m = trimmed.chars().take_while(|c| *c == ch).count();
    m >= n && trimmed[m..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::source::split;

    fn run(body: &str) -> (String, Vec<usize>, Vec<(String, String)>) {
        let mut b = Blocks {
            admonition: true,
            details: true,
            tabbed: true,
            md_in_html: true,
            abbr: true,
            def_list: true,
            tab_sets: 0,
            abbrs: Vec::new(),
            spans: Vec::new(),
            depth: 0,
            abbr_index: HashMap::new(),
            too_deep: None,
            raw_in_md: false,
            math: None,
        };
        let out = b.process(split(body));
        let text: Vec<String> = out.iter().map(|l| l.text.to_string()).collect();
        // Marked paragraphs shown with their tags.
        let mut text = text.join("\n");
        for (k, (open, close)) in b.spans.iter().enumerate() {
            let m = format!("<x-blogen n=\"{k}\"></x-blogen>");
            let at = text.find(&m).unwrap();
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
            text.insert_str(end, close);
            text.replace_range(at..at + m.len(), open);
        }
        (text, out.iter().map(|l| l.origin.line).collect(), b.abbrs)
    }

    #[test]
    fn admonition_body_is_dedented_and_mapped() {
        let (t, lines, _) = run("!!! note \"T\"\n    body\n\n    more\nafter");
        assert_eq!(
            t,
            "<div class=\"admonition note\">\n\n<p class=\"admonition-title\">T</p>\n\nbody\n\nmore\n\n</div>\n\nafter"
        );
        assert_eq!(lines, vec![0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 4]);
    }

    #[test]
    fn code_is_left_alone_and_lists_nest() {
        let (t, _, _) = run("```\n!!! note\n```\n\n    !!! note\n");
        assert_eq!(t, "```\n!!! note\n```\n\n    !!! note\n");
        let (t, _, _) = run("- item\n\n    ??? tip\n        x\n");
        assert_eq!(
            t,
            "- item\n\n    <details class=\"tip\">\n\n    <summary>Tip</summary>\n\n    x\n\n    </details>\n\n"
        );
    }

    #[test]
    fn tabs_group_into_sets() {
        let (t, _, _) = run("=== \"A\"\n    a\n\n===+ \"B\"\n    b\n\n===! \"C\"\n    c\n");
        assert_eq!(t.matches("tabbed-set").count(), 2);
        assert!(t.contains("data-tabs=\"1:2\""), "{t}");
        assert!(
            t.contains("<input checked=\"checked\" id=\"__tabbed_1_2\""),
            "{t}"
        );
        assert!(t.contains("data-tabs=\"2:1\""), "{t}");
        assert_eq!(
            t.matches("<div").count(),
            t.matches("</div>").count(),
            "{t}"
        );
    }

    #[test]
    fn md_in_html_and_abbr() {
        let (t, _, abbrs) = run(
            "<div class=\"x\" markdown>\n*a*\n</div>\n<p markdown>*b*</p>\n*[HTML]: Hyper Text\n",
        );
        assert_eq!(t, "<div class=\"x\">\n\n*a*\n\n</div>\n\n<p>*b*</p>\n\n\n");
        assert_eq!(abbrs, vec![("HTML".to_string(), "Hyper Text".to_string())]);
    }

    #[test]
    fn deep_nesting_stops_at_a_limit() {
        let body = "<div markdown>\n".repeat(5000) + &"</div>\n".repeat(5000);
        let (t, _, _) = run(&body);
        assert_eq!(t.matches("<div>").count(), MAX_DEPTH);
        let mut b = Blocks::new(&crate::config::MarkdownConfig::default());
        b.md_in_html = true;
        b.admonition = true;
        b.process(split(&body));
        assert_eq!(b.too_deep.map(|o| o.line), Some(MAX_DEPTH));
        let mut b = Blocks::new(&crate::config::MarkdownConfig::default());
        b.admonition = true;
        let body: String = (0..60)
            .map(|d| format!("{}!!! note\n", "    ".repeat(d)))
            .collect();
        b.process(split(&body));
        assert_eq!(b.too_deep.map(|o| o.line), Some(MAX_DEPTH));
        b.too_deep = None;
        b.process(split("!!! note\n    a\n"));
        assert_eq!(b.too_deep, None);
    }

    #[test]
    fn list_tail_definitions_and_colon_lines() {
        let (t, _, _) = run("- [a]\n- b\n\n  [a]: https://x\n\nText\n:x: y\n");
        assert_eq!(t, "- [a]\n- b\n\n[a]: https://x\n\nText\n\\:x: y\n");
        // Definitions followed by more item content stay where they are.
        let (t, _, _) = run("- a\n\n  [a]: https://x\n  more\n");
        assert_eq!(t, "- a\n\n  [a]: https://x\n  more\n");
        // Runs with blank lines: moved out whole, or (more item content after) left whole.
        let (t, _, _) = run("- a\n\n  [a]: x\n\n\n\n  [b]: y\n\nText");
        assert_eq!(t, "- a\n\n[a]: x\n\n\n\n[b]: y\n\nText");
        let body = "- a\n\n  [a]: x\n\n  [b]: y\n\n  more\n";
        assert_eq!(run(body).0, body);
        let (t, _, _) = run("- a\n\n  [a]: https://x\n\n- b\n");
        assert_eq!(t, "- a\n\n  [a]: https://x\n\n- b\n");
        let (t, _, _) = run("- [x] a[^1]\n\n  [^1]:\n    Note\n    text.\n\n  [a]: x\n\nAfter\n");
        assert_eq!(
            t,
            "- [x] a[^1]\n\n[^1]:\n    Note\n    text.\n\n[a]: x\n\nAfter\n"
        );
        // Inside an HTML block, a `:` line is left alone.
        let (t, _, _) = run("<div>\n:x: y\n</div>\n");
        assert_eq!(t, "<div>\n:x: y\n</div>\n");
    }
}
