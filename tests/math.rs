//! pymdownx.arithmatex against Python-Markdown: each config `tests/fixtures/math/NAME.yml`
//! (generic or MathJax 2 output, smart_dollar, syntaxes, wraps, tags, previews, the
//! ```` ```math ```` fence) renders `docs/math.md`, compared with `NAME.html`, recorded from
//! Python-Markdown 3.11.3 / pymdown-extensions 13.1.2 / mkdocs 1.6.1 by `regen.py` there. The
//! comparison is normalised for whitespace around tags and in text, attribute order and
//! entity spelling.

use blogen::check::{Severity, Sink};
use blogen::config::Config;
use blogen::markdown::html::decode_entities;
use blogen::markdown::{render, Env, Input, Rendered};
use blogen::plan::links::LinkIndex;
use proptest::prelude::*;
use regex::Regex;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/math")
}

fn render_with(config: &Config, body: &str) -> Rendered {
    let links = LinkIndex::default();
    let validation = Default::default();
    let env = Env {
        config: &config.markdown,
        links: &links,
        validation: &validation,
        includes: None,
        highlight_cache: None,
    };
    let input = Input {
        rel: "math.md",
        display: Path::new("math.md"),
        body,
        line_offset: 0,
        url: "math/",
        excerpt: None,
    };
    render(&input, &env)
}

/// The HTML as one token a line: tags (attributes sorted, entities decoded) and texts
/// (entities decoded, whitespace runs as one space, trimmed; empty ones dropped).
fn tokens(html: &str) -> Vec<String> {
    let tag = Regex::new(r"<(/?)([a-zA-Z0-9]+)([^>]*)>").unwrap();
    let attr = Regex::new(r#"([a-zA-Z-]+)="([^"]*)""#).unwrap();
    let mut out = Vec::new();
    let text = |t: &str, out: &mut Vec<String>| {
        let t = decode_entities(t)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !t.is_empty() {
            out.push(t);
        }
    };
    let mut last = 0;
    for t in tag.captures_iter(html) {
        let whole = t.get(0).unwrap();
        text(&html[last..whole.start()], &mut out);
        let mut attrs: Vec<String> = attr
            .captures_iter(&t[3])
            .map(|a| format!(" {}=\"{}\"", &a[1], decode_entities(&a[2])))
            .collect();
        attrs.sort();
        out.push(format!("<{}{}{}>", &t[1], &t[2], attrs.concat()));
        last = whole.end();
    }
    text(&html[last..], &mut out);
    out
}

fn check(name: &str, fix: impl Fn(String) -> String) -> Rendered {
    let sink = Sink::new();
    let cfg = Config::load(&dir().join(format!("{name}.yml")), true, &sink).expect("config");
    let ds = sink.take_sorted();
    assert!(
        ds.iter().all(|d| d.code != "config-extension"),
        "{name}: {ds:?}"
    );
    let body = std::fs::read_to_string(dir().join("docs/math.md")).unwrap();
    let r = render_with(&cfg, &body);
    let want = std::fs::read_to_string(dir().join(format!("{name}.html"))).unwrap();
    let (want, got) = (fix(tokens(&want).join("\n")), tokens(&r.html).join("\n"));
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: differs from Python-Markdown at token {first}\n--- expected\n{want}\n--- blogen\n{got}"
        );
    }
    assert!(r
        .diagnostics
        .iter()
        .all(|d| d.severity != Severity::Warning));
    r
}

fn same(t: String) -> String {
    t
}

#[test]
fn generic_math_matches_arithmatex() {
    let r = check("generic", same);
    assert!(r
        .html
        .contains(r#"<span class="arithmatex">\(a_1 * b_2\)</span>"#));
}

#[test]
fn mathjax_scripts_match_arithmatex() {
    check("mathjax", same);
}

#[test]
fn mathjax_without_previews_matches_arithmatex() {
    check("mathjax_nopreview", same);
}

#[test]
fn arithmatex_options_match() {
    // Intended difference: inline math is found within one line, so with smart_dollar off a
    // `$` pair across lines of a paragraph stays text (arithmatex matches across them).
    check("options", |t| {
        t.replace(
            "Text before $\n<i class=\"arithmatex\">\n$ not block $\n</i>\n$",
            "Text before $$ not block $$",
        )
    });
}

proptest! {
    /// Any mix of dollars, backslashes, brackets and backticks renders without panicking.
    #[test]
    fn math_delimiters_never_panic(text in "[$\\\\()\\[\\]`a _*{}\n]{0,80}") {
        let sink = Sink::new();
        let cfg = Config::load(&dir().join("generic.yml"), true, &sink).expect("config");
        let r = render_with(&cfg, &text);
        prop_assert!(r.html.len() <= 64 * (text.len() + 1));
    }

    /// The inline scanner is linear: many unclosed openers cost no more than a few passes.
    #[test]
    fn many_unclosed_openers_are_linear(n in 1usize..4000) {
        let o = blogen::config::math::ArithmatexOptions { generic: true, ..Default::default() };
        let line = "$a \\(b ".repeat(n);
        let t = std::time::Instant::now();
        let _ = blogen::markdown::math::inline_line(&line, &o);
        prop_assert!(t.elapsed().as_millis() < 200);
    }
}
