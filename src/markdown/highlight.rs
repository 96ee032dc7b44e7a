//! Fenced-code highlighting with syntect, emitting CSS classes (`hl-*`) in the HTML
//! pymdownx.highlight writes (`<div class="highlight"><pre><code>`, and with its options line
//! numbers as a table or inline, line spans and anchors, the language class, titles), and the
//! stylesheet for those classes in light and dark. Which syntax a language name selects is
//! `languages`' business.

use super::html::{escape_attr, push_escaped_text};
use super::languages;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Options of one fence (`title="x.py" linenums="1" hl_lines="2 3"`).
#[derive(Debug, Default, Clone)]
pub struct FenceOptions {
    pub title: Option<String>,
    pub linenums: Option<usize>,
    /// Highlighted lines as written: inclusive 1-based ranges (`3` is `(3, 3)`), not expanded
    /// (`1-99999999999` is one pair); lines past the block's end are ignored.
    pub hl_lines: Vec<(usize, usize)>,
    /// Classes besides the language (`{ .sh .no-copy }`), on the wrapper.
    pub classes: Vec<String>,
    /// `{ #id }`, on the wrapper; it also names the block's line spans and anchors.
    pub id: Option<String>,
    /// `data-*` attributes of the fence (`{ .py data-x="1" }`, with attr_list), on the wrapper.
    pub data: Vec<(String, String)>,
    /// The block's place among the page's highlighted fenced blocks (0 for the first): names
    /// its line spans and anchors (`__codelineno-0-1`) when it has no id.
    pub number: usize,
    /// An indented code block: no line spans or anchors, as pymdownx writes it.
    pub indented: bool,
}

pub use crate::config::highlight::{HighlightOptions, LinenumsStyle};

/// The `language-*` class pymdownx.highlight writes: the language as written, `text` for none.
/// (Pygments writes `text` for a language it does not know; blogen keeps the name whether or
/// not it is highlighted.)
fn lang_class(lang: &str) -> &str {
    if lang.is_empty() {
        "text"
    } else {
        lang
    }
}

/// Which of `lines` lines are highlighted: the ranges clamped to the block (the cost is that
/// of the block and the ranges, whatever numbers the ranges hold).
fn hl_mask(ranges: &[(usize, usize)], lines: usize) -> Vec<bool> {
    let mut mask = vec![false; lines];
    for &(a, b) in ranges {
        let from = a.max(1);
        let to = b.min(lines);
        if from <= to {
            mask[from - 1..to].iter_mut().for_each(|m| *m = true);
        }
    }
    mask
}

/// Whether `lang` is highlighted (unknown languages are shown as plain text).
pub fn knows(lang: &str) -> bool {
    languages::find(lang).is_some()
}

/// The title `auto_title` gives a block: Pygments' lexer name, words in lower case
/// capitalised (`Bash Session`, `Text Only` for plain text and unknown languages).
fn auto_title(lang: &str) -> String {
    let name = languages::pygments_name(lang).unwrap_or("Text only");
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    words.join(" ")
}

/// Highlighted HTML of a fenced block. Unknown or empty languages give escaped plain text.
/// `global_linenums` is the extension's `linenums`. With a cache, the key of the cache entry
/// used is pushed to the list beside it.
pub fn highlight_block(
    code: &str,
    lang: &str,
    opts: &FenceOptions,
    hl: &HighlightOptions,
    global_linenums: bool,
    cache: Option<(&super::hlcache::HighlightCache, &mut Vec<u128>)>,
) -> String {
    let unanchored;
    let hl = if opts.indented {
        unanchored = HighlightOptions {
            anchor_linenums: false,
            line_spans: String::new(),
            line_anchors: String::new(),
            ..hl.clone()
        };
        &unanchored
    } else {
        hl
    };
    let cached;
    let fresh;
    let body: Vec<&str> = match cache {
        Some((c, keys)) => {
            let key;
            (key, cached) = c.get_or_insert(lang, &hl.cache_tag(), code, || {
                highlight_lines(code, lang).concat()
            });
            keys.push(key);
            cached.split_inclusive('\n').collect()
        }
        None => {
            fresh = highlight_lines(code, lang);
            fresh.iter().map(String::as_str).collect()
        }
    };
    // `linenums="0"` turns numbers off where the extension turns them on.
    let start = match opts.linenums {
        Some(0) => None,
        Some(n) => Some(n),
        None if global_linenums => Some(1),
        None => None,
    };
    let mut out = String::with_capacity(body.iter().map(|l| l.len() + 16).sum::<usize>() + 256);
    push_wrapper_open(&mut out, lang, opts, hl);
    let title = match &opts.title {
        Some(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        None if hl.auto_title => Some(auto_title(lang)),
        None => None,
    };
    let first = start.unwrap_or(1);
    let numbering = Numbering {
        hl,
        start,
        first,
        table: start.is_some() && hl.linenums_style == LinenumsStyle::Table,
        name: match &opts.id {
            Some(id) => escape_attr(id),
            None => opts.number.to_string(),
        },
        // Line numbers are as wide as the last one (` 9`, `10`).
        width: first
            .saturating_add(body.len().saturating_sub(1))
            .to_string()
            .len(),
    };
    if numbering.table {
        numbering.push_table_head(&mut out, title.as_deref(), body.len());
    } else {
        if let Some(t) = &title {
            out.push_str("<span class=\"filename\">");
            push_escaped_text(&mut out, t);
            out.push_str("</span>");
        }
        out.push_str("<pre><code>");
    }
    numbering.push_lines(&mut out, &body, &opts.hl_lines);
    if numbering.table {
        out.push_str("</code></pre></div></td></tr></table></div>\n");
    } else {
        out.push_str("</code></pre></div>\n");
    }
    out
}

/// `<div id=".." class="language-x .. highlight" data-..>`: the block's wrapper, opened.
fn push_wrapper_open(out: &mut String, lang: &str, opts: &FenceOptions, hl: &HighlightOptions) {
    out.push_str("<div");
    if let Some(id) = &opts.id {
        out.push_str(" id=\"");
        out.push_str(&escape_attr(id));
        out.push('"');
    }
    out.push_str(" class=\"");
    if hl.pygments_lang_class {
        out.push_str("language-");
        out.push_str(&escape_attr(lang_class(lang)));
        out.push(' ');
    }
    for c in &opts.classes {
        out.push_str(&escape_attr(c));
        out.push(' ');
    }
    out.push_str("highlight\"");
    for (k, v) in &opts.data {
        out.push(' ');
        out.push_str(&escape_attr(k));
        out.push_str("=\"");
        out.push_str(&escape_attr(v));
        out.push('"');
    }
    out.push('>');
}

/// How a block's lines are numbered and anchored.
struct Numbering<'h> {
    hl: &'h HighlightOptions,
    /// The first line number, when lines are numbered.
    start: Option<usize>,
    first: usize,
    /// Numbers in a table beside the code (`linenums_style: table`).
    table: bool,
    /// The block's id, or its number among the page's blocks: names its anchors.
    name: String,
    width: usize,
}

impl Numbering<'_> {
    fn anchor(&self, prefix: &str, n: usize) -> String {
        format!("{}-{}-{n}", escape_attr(prefix), self.name)
    }

    /// The table's title row and number cell, up to the opening of the code cell.
    fn push_table_head(&self, out: &mut String, title: Option<&str>, lines: usize) {
        let (hl, width) = (self.hl, self.width);
        out.push_str("<table class=\"highlighttable\"><tr>");
        if let Some(t) = title {
            out.push_str("<th colspan=\"2\" class=\"filename\"><span class=\"filename\">");
            push_escaped_text(out, t);
            out.push_str("</span></th></tr><tr>");
        }
        out.push_str("<td class=\"linenos\"><div class=\"linenodiv\"><pre>");
        for i in 0..lines {
            let n = self.first.saturating_add(i);
            if i > 0 {
                out.push('\n');
            }
            out.push_str("<span class=\"normal\">");
            if hl.anchor_linenums {
                out.push_str(&format!(
                    "<a href=\"#{}\">{n:>width$}</a>",
                    self.anchor(&hl.line_anchors, n)
                ));
            } else {
                out.push_str(&format!("{n:>width$}"));
            }
            out.push_str("</span>");
        }
        out.push_str("</pre></div></td><td class=\"code\"><div><pre><code>");
    }

    /// The code lines, each with its span, anchor, highlight mark and inline number.
    fn push_lines(&self, out: &mut String, body: &[&str], hl_lines: &[(usize, usize)]) {
        let (hl, width) = (self.hl, self.width);
        let marked = hl_mask(hl_lines, body.len());
        for (i, line) in body.iter().enumerate() {
            let n = self.first.saturating_add(i);
            if !hl.line_spans.is_empty() {
                out.push_str(&format!("<span id=\"{}\">", self.anchor(&hl.line_spans, n)));
            }
            if !hl.line_anchors.is_empty() {
                let a = self.anchor(&hl.line_anchors, n);
                out.push_str(&format!("<a id=\"{a}\" name=\"{a}\""));
                // Without line numbers the anchor links to itself.
                if self.start.is_none() {
                    out.push_str(&format!(" href=\"#{a}\""));
                }
                out.push_str("></a>");
            }
            // As pymdownx.highlight: the highlighted line's span holds its line number too.
            let marked = marked[i];
            if marked {
                out.push_str("<span class=\"hll\">");
            }
            if self.start.is_some() && !self.table {
                if hl.anchor_linenums {
                    out.push_str(&format!(
                        "<a href=\"#{}\">",
                        self.anchor(&hl.line_anchors, n)
                    ));
                }
                match hl.linenums_style {
                    LinenumsStyle::PymdownxInline => out.push_str(&format!(
                        "<span class=\"linenos\" data-linenos=\"{n:>width$} \"></span>"
                    )),
                    _ => out.push_str(&format!("<span class=\"linenos\">{n:>width$}</span>")),
                }
                if hl.anchor_linenums {
                    out.push_str("</a>");
                }
            }
            out.push_str(line);
            if marked {
                out.push_str("</span>");
            }
            if !hl.line_spans.is_empty() {
                out.push_str("</span>");
            }
        }
    }
}

/// pymdownx.inlinehilite: `` `#!python x` `` (or `` `:::python x` ``) as
/// `<code class="highlight">…</code>` (`language-python highlight` with `pygments_lang_class`);
/// None for code without a language prefix. Unknown languages give escaped plain text.
pub fn inline_code(code: &str, hl: &HighlightOptions) -> Option<String> {
    let rest = code
        .strip_prefix("#!")
        .or_else(|| code.strip_prefix(":::"))?;
    let (lang, src) = rest.split_once(' ')?;
    if lang.is_empty()
        || !lang
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '#' | '+' | '-' | '.' | '_'))
    {
        return None;
    }
    let html = highlight_lines(&format!("{src}\n"), lang).concat();
    let class = if hl.pygments_lang_class {
        format!("language-{} highlight", escape_attr(lang_class(lang)))
    } else {
        "highlight".to_string()
    };
    Some(format!(
        "<code class=\"{class}\">{}</code>",
        html.trim_end_matches('\n')
    ))
}

/// One HTML string per source line (each with its trailing newline).
fn highlight_lines(code: &str, lang: &str) -> Vec<String> {
    let Some((set, syntax)) = languages::find(lang) else {
        return LinesWithEndings::from(code)
            .map(|l| {
                let mut s = String::with_capacity(l.len());
                push_escaped_text(&mut s, l);
                s
            })
            .collect();
    };
    // One generator for the whole block (the parse state runs across lines); its output is
    // split into balanced lines afterwards, so lines can be wrapped (hl_lines, line numbers).
    let lines: Vec<&str> = LinesWithEndings::from(code).collect();
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in &lines {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return lines.iter().map(|l| super::html::escape_text(l)).collect();
        }
    }
    let html = gen.finalize();
    split_html_lines(&html)
}

/// Splits classed HTML into lines, closing open spans at each line end and reopening them on
/// the next line, so every line is a balanced fragment.
fn split_html_lines(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut cur = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with("<span") {
            let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
            open.push(&rest[..end]);
            cur.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if rest.starts_with("</span>") {
            open.pop();
            cur.push_str("</span>");
            rest = &rest["</span>".len()..];
        } else if rest.starts_with('\n') {
            for _ in &open {
                cur.push_str("</span>");
            }
            cur.push('\n');
            out.push(std::mem::take(&mut cur));
            for o in &open {
                cur.push_str(o);
            }
            rest = &rest[1..];
        } else {
            let next = rest.find(['<', '\n']).unwrap_or(rest.len()).max(1);
            let next = (1..=next)
                .rev()
                .find(|i| rest.is_char_boundary(*i))
                .unwrap_or(1);
            cur.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    if !cur.is_empty() {
        // Spans reopened after the last newline and closed again hold no text: no line.
        let only_tags = super::html::strip_tags(&cur).is_empty();
        if !only_tags {
            for _ in &open {
                cur.push_str("</span>");
            }
            out.push(cur);
        }
    }
    out
}

/// The stylesheet for highlighted code: a light theme, and a dark one under `[data-theme="dark"]`
/// and the dark colour-scheme media query.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    let mut out = String::from("/* Syntax highlighting generated by blogen (syntect). */\n");
    out.push_str(&scope_css(&light, ".highlight"));
    out.push_str("[data-theme=\"dark\"] ");
    out.push_str(
        &scope_css(&dark, "[data-theme=\"dark\"] .highlight").replacen(
            "[data-theme=\"dark\"] ",
            "",
            1,
        ),
    );
    out
}

/// Prefixes every selector of `css` with `scope`.
fn scope_css(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selectors = &rest[..open];
        let close = rest[open..]
            .find('}')
            .map(|c| open + c + 1)
            .unwrap_or(rest.len());
        let scoped: Vec<String> = strip_comments(selectors)
            .split(',')
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| format!("{scope} {s}"))
            .collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(", "));
            out.push(' ');
            out.push_str(&rest[open..close]);
            out.push('\n');
        }
        rest = &rest[close..];
    }
    out
}

fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        match rest[i..].find("*/") {
            Some(j) => rest = &rest[i + j + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
