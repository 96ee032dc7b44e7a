//! pymdownx.highlight's options and pymdownx.inlinehilite against mkdocs-material: each
//! `tests/fixtures/highlight_options/NAME.yml` is an mkdocs.yml whose `markdown_extensions` set
//! the options (`anchor_linenums`, `line_spans`, `line_anchors`, `pygments_lang_class`,
//! `auto_title`, `linenums_style`), and `NAME.html` is what mkdocs-material 9.8.2 (pymdown-extensions
//! 13.1.2, Pygments 2.21.0) publishes for `code.md` under it (`regen.py` there writes it). blogen's
//! page must be the same HTML once the token spans are set aside (Pygments' classes, `k`, `nf`,
//! are not syntect's, `hl-*`), as is the empty `<span></span>` Pygments writes before `<code>`.

use blogen::check::Sink;
use blogen::config::{Config, Validation};
use blogen::markdown::{render, Env, Input};
use blogen::plan::links::LinkIndex;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight_options")
}

/// blogen's HTML of `code.md` under the config `NAME.yml` (without the `# Code` heading line).
fn blogen_html(name: &str) -> String {
    let sink = Sink::new();
    let config = Config::load(&dir().join(format!("{name}.yml")), true, &sink).expect("config");
    let warnings: Vec<_> = sink
        .take_sorted()
        .into_iter()
        .filter(|d| d.severity != blogen::check::Severity::Info)
        .collect();
    assert!(warnings.is_empty(), "{name}: {warnings:#?}");
    let body = std::fs::read_to_string(dir().join("code.md")).unwrap();
    let links = LinkIndex::default();
    let validation = Validation::default();
    let env = Env {
        config: &config.markdown,
        links: &links,
        validation: &validation,
        includes: None,
        highlight_cache: None,
    };
    let input = Input {
        rel: "index.md",
        display: Path::new("index.md"),
        body: &body,
        line_offset: 0,
        url: "",
        excerpt: None,
    };
    let html = render(&input, &env).html;
    html[html.find('\n').unwrap() + 1..].to_string()
}

/// `html` without the spans of syntax highlighting: those with neither an id nor one of the
/// classes of the block's structure (line numbers, highlighted lines, titles).
fn strip_token_spans(html: &str) -> String {
    let keep = ["linenos", "normal", "hll", "filename"];
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = [rest.find("<span"), rest.find("</span>")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("</span>") {
            if stack.pop().unwrap_or(true) {
                out.push_str("</span>");
            }
            rest = r;
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            let class = tag
                .split_once("class=\"")
                .and_then(|(_, c)| c.split_once('"'))
                .map(|(c, _)| c);
            let k = tag.contains(" id=\"") || class.is_some_and(|c| keep.contains(&c));
            stack.push(k);
            if k {
                out.push_str(tag);
            }
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

fn check(name: &str) {
    let want = std::fs::read_to_string(dir().join(format!("{name}.html"))).unwrap();
    let (want, got) = (
        strip_token_spans(&want),
        strip_token_spans(&blogen_html(name)),
    );
    let (want, got) = (want.trim_end(), got.trim_end());
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: blogen differs from mkdocs-material at line {}\n--- mkdocs-material\n{}\n--- blogen\n{}",
            first + 1,
            want.lines().nth(first).unwrap_or(""),
            got.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn defaults_write_no_language_class() {
    check("default");
}

#[test]
fn material_setup_line_spans_and_anchors() {
    check("material");
}

#[test]
fn line_numbers_as_a_table_with_anchors() {
    check("linenums-table");
}

#[test]
fn line_numbers_inline_with_anchors() {
    check("linenums-inline");
}

#[test]
fn line_numbers_pymdownx_inline_with_anchors() {
    check("linenums-pymdownx-inline");
}

#[test]
fn auto_title_names_the_language_as_pygments_does() {
    check("auto-title");
    let html = blogen_html("auto-title");
    for title in ["Python", "TOML", "Text Only", "Bash", "Bash Session"] {
        assert!(
            html.contains(&format!("<span class=\"filename\">{title}</span>")),
            "{title}"
        );
    }
}

#[test]
fn line_anchors_without_line_numbers() {
    check("line-anchors");
}

#[test]
fn the_comparison_sees_structure() {
    // The normalisation keeps what the options change: a missing line span is a difference.
    let html = blogen_html("material");
    assert!(html.contains("<span id=\"__span-0-1\">"));
    assert_ne!(
        strip_token_spans(&html),
        strip_token_spans(&html.replacen("<span id=\"__span-0-1\">", "<span>", 1))
    );
}

#[test]
fn bad_option_values_are_warnings_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("mkdocs.yml");
    std::fs::write(
        &path,
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.highlight:\n      anchor_linenums: 3\n      linenums_style: sideways\n",
    )
    .unwrap();
    let sink = Sink::new();
    let config = Config::load(&path, true, &sink).expect("config");
    let d: Vec<_> = sink
        .take_sorted()
        .into_iter()
        .filter(|d| d.code == "config-type")
        .collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(
        d[0].message.contains("anchor_linenums") && d[0].line == 4,
        "{d:#?}"
    );
    assert!(
        d[1].message.contains("linenums_style") && d[1].line == 5,
        "{d:#?}"
    );
    assert!(!config.markdown.highlight.anchor_linenums);
}
