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

/// How line numbers are shown (pymdownx.highlight `linenums_style`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LinenumsStyle {
    /// `table` (the default): a table, numbers in one cell and code in the other.
    #[default]
    Table,
    /// `inline`: `<span class="linenos">1</span>` before each line.
    Inline,
    /// `pymdownx-inline`: `<span class="linenos" data-linenos="1 "></span>` (shown by CSS, so
    /// the numbers are not copied with the code).
    PymdownxInline,
}

/// The pymdownx.highlight options blogen honours (defaults as pymdownx's).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HighlightOptions {
    pub linenums_style: LinenumsStyle,
    /// `anchor_linenums`: line numbers link to their line (and lines get anchors).
    pub anchor_linenums: bool,
    /// `line_spans`: each line in `<span id="PREFIX-BLOCK-LINE">`; empty for none.
    pub line_spans: String,
    /// `line_anchors`: an `<a id="PREFIX-BLOCK-LINE">` before each line; empty for none
    /// (`__codelineno` when `anchor_linenums` is on and this is not set).
    pub line_anchors: String,
    /// `pygments_lang_class`: the `language-NAME` class on the wrapper (and inline code).
    pub pygments_lang_class: bool,
    /// `auto_title`: blocks without a title get Pygments' name of their language.
    pub auto_title: bool,
}

impl HighlightOptions {
    /// Reads the options from pymdownx.highlight's mapping in `markdown_extensions`. Returns
    /// the options and, for each value of the wrong kind, the key and what is wrong (the
    /// option then keeps its default).
    pub fn read(map: &serde_yaml::Mapping) -> (HighlightOptions, Vec<(String, String)>) {
        use serde_yaml::Value;
        let mut o = HighlightOptions::default();
        let mut problems = Vec::new();
        let flag =
            |key: &str, slot: &mut bool, problems: &mut Vec<(String, String)>| match map.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Bool(b)) => *slot = *b,
                Some(_) => problems.push((key.to_string(), "must be true or false".to_string())),
            };
        flag("anchor_linenums", &mut o.anchor_linenums, &mut problems);
        flag(
            "pygments_lang_class",
            &mut o.pygments_lang_class,
            &mut problems,
        );
        flag("auto_title", &mut o.auto_title, &mut problems);
        for (key, slot) in [
            ("line_spans", &mut o.line_spans),
            ("line_anchors", &mut o.line_anchors),
        ] {
            match map.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => *slot = s.clone(),
                Some(_) => problems.push((key.to_string(), "must be a string".to_string())),
            }
        }
        match map.get("linenums_style").map(|v| v.as_str()) {
            None => {}
            Some(Some("table")) => o.linenums_style = LinenumsStyle::Table,
            Some(Some("inline")) => o.linenums_style = LinenumsStyle::Inline,
            Some(Some("pymdownx-inline")) => o.linenums_style = LinenumsStyle::PymdownxInline,
            Some(_) => problems.push((
                "linenums_style".to_string(),
                "must be `table`, `inline` or `pymdownx-inline`".to_string(),
            )),
        }
        if o.anchor_linenums && o.line_anchors.is_empty() {
            o.line_anchors = "__codelineno".to_string();
        }
        (o, problems)
    }

    /// What the options are, as part of a highlight cache key.
    fn cache_tag(&self) -> String {
        format!(
            "{:?}|{}|{}|{}|{}|{}",
            self.linenums_style,
            self.anchor_linenums,
            self.line_spans,
            self.line_anchors,
            self.pygments_lang_class,
            self.auto_title
        )
    }
}

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
    let title = match &opts.title {
        Some(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        None if hl.auto_title => Some(auto_title(lang)),
        None => None,
    };
    let table = start.is_some() && hl.linenums_style == LinenumsStyle::Table;
    let first = start.unwrap_or(1);
    let name = match &opts.id {
        Some(id) => escape_attr(id),
        None => opts.number.to_string(),
    };
    let anchor = |prefix: &str, n: usize| format!("{}-{name}-{n}", escape_attr(prefix));
    // Line numbers are as wide as the last one (` 9`, `10`).
    let width = first
        .saturating_add(body.len().saturating_sub(1))
        .to_string()
        .len();
    if table {
        out.push_str("<table class=\"highlighttable\"><tr>");
        if let Some(t) = &title {
            out.push_str("<th colspan=\"2\" class=\"filename\"><span class=\"filename\">");
            push_escaped_text(&mut out, t);
            out.push_str("</span></th></tr><tr>");
        }
        out.push_str("<td class=\"linenos\"><div class=\"linenodiv\"><pre>");
        for i in 0..body.len() {
            let n = first.saturating_add(i);
            if i > 0 {
                out.push('\n');
            }
            out.push_str("<span class=\"normal\">");
            if hl.anchor_linenums {
                out.push_str(&format!(
                    "<a href=\"#{}\">{n:>width$}</a>",
                    anchor(&hl.line_anchors, n)
                ));
            } else {
                out.push_str(&format!("{n:>width$}"));
            }
            out.push_str("</span>");
        }
        out.push_str("</pre></div></td><td class=\"code\"><div><pre><code>");
    } else {
        if let Some(t) = &title {
            out.push_str("<span class=\"filename\">");
            push_escaped_text(&mut out, t);
            out.push_str("</span>");
        }
        out.push_str("<pre><code>");
    }
    let marked = hl_mask(&opts.hl_lines, body.len());
    for (i, line) in body.iter().enumerate() {
        let n = first.saturating_add(i);
        if !hl.line_spans.is_empty() {
            out.push_str(&format!("<span id=\"{}\">", anchor(&hl.line_spans, n)));
        }
        if !hl.line_anchors.is_empty() {
            let a = anchor(&hl.line_anchors, n);
            out.push_str(&format!("<a id=\"{a}\" name=\"{a}\""));
            // Without line numbers the anchor links to itself.
            if start.is_none() {
                out.push_str(&format!(" href=\"#{a}\""));
            }
            out.push_str("></a>");
        }
        // As pymdownx.highlight: the highlighted line's span holds its line number too.
        let marked = marked[i];
        if marked {
            out.push_str("<span class=\"hll\">");
        }
        if start.is_some() && !table {
            if hl.anchor_linenums {
                out.push_str(&format!("<a href=\"#{}\">", anchor(&hl.line_anchors, n)));
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
    if table {
        out.push_str("</code></pre></div></td></tr></table></div>\n");
    } else {
        out.push_str("</code></pre></div>\n");
    }
    out
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
mod tests {
    use super::*;

    /// The options of the tests written before the options existed: the language class on.
    fn with_lang_class() -> HighlightOptions {
        HighlightOptions {
            pygments_lang_class: true,
            ..Default::default()
        }
    }

    /// The line numbers the tests written before `linenums_style` was read expect.
    fn pymdownx_inline() -> HighlightOptions {
        HighlightOptions {
            linenums_style: LinenumsStyle::PymdownxInline,
            ..with_lang_class()
        }
    }

    #[test]
    fn highlights_rust_with_classes() {
        let html = highlight_block(
            "fn main() {}\n",
            "rust",
            &FenceOptions::default(),
            &with_lang_class(),
            false,
            None,
        );
        assert!(
            html.starts_with("<div class=\"language-rust highlight\"><pre><code>"),
            "{html}"
        );
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("main"));
    }

    #[test]
    fn unknown_language_is_plain_text() {
        let html = highlight_block(
            "<x> & y\n",
            "nosuchlang",
            &FenceOptions::default(),
            &with_lang_class(),
            false,
            None,
        );
        assert_eq!(html, "<div class=\"language-nosuchlang highlight\"><pre><code>&lt;x&gt; &amp; y\n</code></pre></div>\n");
    }

    #[test]
    fn lines_are_balanced_for_hl_lines() {
        let opts = FenceOptions {
            hl_lines: vec![(2, 2)],
            linenums: Some(1),
            ..Default::default()
        };
        let html = highlight_block(
            "/* a\nb */\nx\n",
            "c",
            &opts,
            &pymdownx_inline(),
            false,
            None,
        );
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
        assert!(html.contains("class=\"hll\""));
        assert!(html.contains("data-linenos=\"3 \""));
    }

    #[test]
    fn hl_lines_ranges_are_clamped_to_the_block() {
        // Once expanded into a vector of 100 billion numbers (the process aborted).
        let opts = FenceOptions {
            hl_lines: vec![
                (2, 99_999_999_999),
                (0, 0),
                (7, 3),
                (usize::MAX, usize::MAX),
            ],
            ..Default::default()
        };
        let html = highlight_block(
            "a\nb\nc\n",
            "nosuchlang",
            &opts,
            &with_lang_class(),
            false,
            None,
        );
        assert_eq!(html.matches("class=\"hll\"").count(), 2, "{html}");
        assert_eq!(hl_mask(&[(1, 1), (3, 9)], 4), vec![true, false, true, true]);
    }

    #[test]
    fn inline_code_with_language_prefix() {
        let html = inline_code("#!python print(\"x\")", &with_lang_class()).unwrap();
        assert!(
            html.starts_with("<code class=\"language-python highlight\"><span class=\"hl-"),
            "{html}"
        );
        assert!(html.ends_with("</code>") && !html.contains('\n'), "{html}");
        assert_eq!(
            inline_code("#!nosuch x<y", &with_lang_class()).as_deref(),
            Some("<code class=\"language-nosuch highlight\">x&lt;y</code>")
        );
        assert_eq!(inline_code("#!python", &with_lang_class()), None);
        assert_eq!(inline_code("plain code", &with_lang_class()), None);
    }

    #[test]
    fn options_read_with_pymdownx_defaults() {
        let map: serde_yaml::Mapping =
            serde_yaml::from_str("anchor_linenums: true\nlinenums_style: inline\nauto_title: 1\n")
                .unwrap();
        let (o, problems) = HighlightOptions::read(&map);
        assert!(o.anchor_linenums && !o.auto_title && !o.pygments_lang_class);
        assert_eq!(o.linenums_style, LinenumsStyle::Inline);
        assert_eq!(
            o.line_anchors, "__codelineno",
            "anchors named as pymdownx names them"
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "auto_title");
        let (d, none) = HighlightOptions::read(&serde_yaml::Mapping::new());
        assert_eq!((d, none.len()), (HighlightOptions::default(), 0));
    }

    #[test]
    fn auto_titles_capitalise_lower_case_words() {
        assert_eq!(auto_title("console"), "Bash Session");
        assert_eq!(auto_title("nginx"), "Nginx Configuration File");
        assert_eq!(auto_title("toml"), "TOML");
        assert_eq!(auto_title(""), "Text Only");
        assert_eq!(auto_title("nosuchlang"), "Text Only");
    }

    #[test]
    fn linenums_zero_turns_numbers_off() {
        let opts = FenceOptions {
            linenums: Some(0),
            ..Default::default()
        };
        let html = highlight_block(
            "a\n",
            "text",
            &opts,
            &HighlightOptions::default(),
            true,
            None,
        );
        assert_eq!(
            html,
            "<div class=\"highlight\"><pre><code>a\n</code></pre></div>\n"
        );
        let html = highlight_block(
            "a\n",
            "text",
            &FenceOptions::default(),
            &HighlightOptions::default(),
            true,
            None,
        );
        assert!(html.contains("<table class=\"highlighttable\">"), "{html}");
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet();
        assert!(css.contains(".highlight .hl-"));
        assert!(css.contains("[data-theme=\"dark\"] .highlight"));
    }
}
