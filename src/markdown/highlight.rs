//! Fenced-code highlighting with syntect, emitting CSS classes (`hl-*`) in the
//! pymdownx.highlight wrapper (`<div class="language-x highlight"><pre><code>`), and the
//! stylesheet for those classes in light and dark. The SyntaxSet is loaded once per process.

use super::html::{escape_attr, push_escaped_text};
use std::sync::LazyLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

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
    /// `{ #id }`, on the wrapper.
    pub id: Option<String>,
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let ss = &*SYNTAXES;
    let lang = lang.trim();
    if lang.is_empty() {
        return None;
    }
    let alias = match lang.to_ascii_lowercase().as_str() {
        "sh" | "shell" | "console" | "zsh" => "bash",
        "py" | "python3" => "python",
        "js" | "javascript" | "mjs" => "js",
        "ts" | "typescript" => "js",
        "yml" => "yaml",
        "rs" => "rust",
        "toml" => "toml",
        "c++" => "cpp",
        "golang" => "go",
        _ => "",
    };
    let key = if alias.is_empty() { lang } else { alias };
    ss.find_syntax_by_token(key)
        .or_else(|| ss.find_syntax_by_token(&key.to_ascii_lowercase()))
}

/// The `language-*` class pymdownx.highlight writes: the language as written, `text` for none.
/// (Pygments writes `text` for a language it does not know; syntect knows fewer languages than
/// Pygments, so the name is kept whether or not it is highlighted.)
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

/// Whether syntect knows `lang` (unknown languages are shown as plain text).
pub fn knows(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

/// Highlighted HTML of a fenced block. Unknown or empty languages give escaped plain text.
/// With a cache, the key of the cache entry used is pushed to the list beside it.
pub fn highlight_block(
    code: &str,
    lang: &str,
    opts: &FenceOptions,
    global_linenums: bool,
    cache: Option<(&super::hlcache::HighlightCache, &mut Vec<u128>)>,
) -> String {
    let cached;
    let fresh;
    let body: Vec<&str> = match cache {
        Some((c, keys)) => {
            let key;
            (key, cached) = c.get_or_insert(lang, code, || highlight_lines(code, lang).concat());
            keys.push(key);
            cached.split_inclusive('\n').collect()
        }
        None => {
            fresh = highlight_lines(code, lang);
            fresh.iter().map(String::as_str).collect()
        }
    };
    let class_lang = lang_class(lang);
    let mut out = String::with_capacity(body.iter().map(|l| l.len() + 16).sum::<usize>() + 128);
    out.push_str("<div class=\"language-");
    out.push_str(&escape_attr(class_lang));
    for c in &opts.classes {
        out.push(' ');
        out.push_str(&escape_attr(c));
    }
    out.push_str(" highlight\"");
    if let Some(id) = &opts.id {
        out.push_str(" id=\"");
        out.push_str(&escape_attr(id));
        out.push('"');
    }
    out.push('>');
    if let Some(t) = &opts.title {
        out.push_str("<span class=\"filename\">");
        push_escaped_text(&mut out, t);
        out.push_str("</span>");
    }
    let start = opts
        .linenums
        .or(if global_linenums { Some(1) } else { None });
    out.push_str("<pre><code>");
    let marked = hl_mask(&opts.hl_lines, body.len());
    for (i, line) in body.iter().enumerate() {
        // As pymdownx.highlight: the highlighted line's span holds its line number too.
        let hl = marked[i];
        if hl {
            out.push_str("<span class=\"hll\">");
        }
        if let Some(s) = start {
            out.push_str(&format!(
                "<span class=\"linenos\" data-linenos=\"{} \"></span>",
                s.saturating_add(i)
            ));
        }
        out.push_str(line);
        if hl {
            out.push_str("</span>");
        }
    }
    out.push_str("</code></pre></div>\n");
    out
}

/// pymdownx.inlinehilite: `` `#!python x` `` (or `` `:::python x` ``) as
/// `<code class="language-python highlight">…</code>`; None for code without a language prefix. Unknown
/// languages give escaped plain text.
pub fn inline_code(code: &str) -> Option<String> {
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
    Some(format!(
        "<code class=\"language-{} highlight\">{}</code>",
        escape_attr(lang_class(lang)),
        html.trim_end_matches('\n')
    ))
}

/// One HTML string per source line (each with its trailing newline).
fn highlight_lines(code: &str, lang: &str) -> Vec<String> {
    let Some(syntax) = find_syntax(lang) else {
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
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
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

    #[test]
    fn highlights_rust_with_classes() {
        let html = highlight_block(
            "fn main() {}\n",
            "rust",
            &FenceOptions::default(),
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
        let html = highlight_block("/* a\nb */\nx\n", "c", &opts, false, None);
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
        let html = highlight_block("a\nb\nc\n", "nosuchlang", &opts, false, None);
        assert_eq!(html.matches("class=\"hll\"").count(), 2, "{html}");
        assert_eq!(hl_mask(&[(1, 1), (3, 9)], 4), vec![true, false, true, true]);
    }

    #[test]
    fn inline_code_with_language_prefix() {
        let html = inline_code("#!python print(\"x\")").unwrap();
        assert!(
            html.starts_with("<code class=\"language-python highlight\"><span class=\"hl-"),
            "{html}"
        );
        assert!(html.ends_with("</code>") && !html.contains('\n'), "{html}");
        assert_eq!(
            inline_code("#!nosuch x<y").as_deref(),
            Some("<code class=\"language-nosuch highlight\">x&lt;y</code>")
        );
        assert_eq!(inline_code("#!python"), None);
        assert_eq!(inline_code("plain code"), None);
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet();
        assert!(css.contains(".highlight .hl-"));
        assert!(css.contains("[data-theme=\"dark\"] .highlight"));
    }
}
