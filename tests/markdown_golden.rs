//! Golden tests of the Markdown extensions: each `tests/fixtures/markdown_golden/NAME.md` is
//! rendered by blogen with the `markdown_extensions` of `tests/fixtures/markdown/mkdocs.yml`
//! and compared with `NAME.html`, which is Python-Markdown 3.11.3 / pymdown-extensions 13.1.2
//! (/ markdown-include 0.8.1) output for the same source and config, unchanged (`regen.py` in
//! that folder writes it). `plain_*.md` use no extension beyond mkdocs' defaults. The comparison
//! is normalised for whitespace between and around tags, attribute order and entity spelling;
//! the intended differences are listed in `KNOWN_DIFFERENCES` and at the tests that apply them.

use blogen::check::Sink;
use blogen::config::{Config, MarkdownConfig, Validation};
use blogen::content::includes::FsIncludes;
use blogen::markdown::html::decode_entities;
use blogen::markdown::{render, Env, Input, Rendered};
use blogen::plan::links::LinkIndex;
use blogen::url::relativize;
use std::path::{Path, PathBuf};

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn site_config() -> Config {
    let sink = Sink::new();
    Config::load(&fixture_dir("markdown").join("mkdocs.yml"), true, &sink).expect("config")
}

/// Renders `body` as the page `blog/posts/NAME.md` of the fixture site.
fn render_with(config: &Config, md: &MarkdownConfig, name: &str, body: &str) -> Rendered {
    let links = LinkIndex::default();
    let validation = Validation::default();
    let includes = FsIncludes::new(config);
    let env = Env {
        config: md,
        links: &links,
        validation: &validation,
        includes: Some(&includes),
        highlight_cache: None,
    };
    let rel = format!("blog/posts/{name}.md");
    let input = Input {
        rel: &rel,
        display: Path::new(&rel),
        body,
        line_offset: 0,
        url: "blog/post/",
        excerpt: None,
    };
    let mut r = render(&input, &env);
    r.html = relativize(&r.html, "blog/post/");
    r
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open(String, Vec<(String, String)>),
    Close(String),
    Text(String),
}

/// HTML as a list of tags (attributes sorted) and texts (whitespace collapsed, trimmed,
/// entities decoded); whitespace-only texts dropped.
fn tokens(html: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").map_or(r.len(), |e| e + 3);
            rest = &r[end..];
            continue;
        }
        if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            let end = tag_end(rest);
            let inner = rest[1..end - 1].trim_end_matches('/').trim();
            if let Some(name) = inner.strip_prefix('/') {
                out.push(Tok::Close(name.trim().to_ascii_lowercase()));
            } else {
                let (name, attrs) = parse_tag(inner);
                out.push(Tok::Open(name, attrs));
            }
            rest = &rest[end..];
            continue;
        }
        let next = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
        push_text(&mut out, &rest[..next]);
        rest = &rest[next..];
    }
    out
}

fn push_text(out: &mut Vec<Tok>, raw: &str) {
    let t = decode_entities(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.is_empty() {
        return;
    }
    if let Some(Tok::Text(prev)) = out.last_mut() {
        prev.push(' ');
        prev.push_str(&t);
    } else {
        out.push(Tok::Text(t));
    }
}

/// Byte index after the `>` that ends the tag at the start of `s` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn parse_tag(inner: &str) -> (String, Vec<(String, String)>) {
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let value = if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = r[1..].find(q).map_or(r.len(), |c| c + 1);
                    (&r[1..close], &r[(close + 1).min(r.len())..])
                }
                _ => {
                    let e = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..e], &r[e..])
                }
            };
            rest = after.trim_start();
            decode_entities(v)
        } else {
            // A bare attribute equals `name="name"` (and `name=""`).
            key.clone()
        };
        attrs.push((key, value));
    }
    attrs.sort();
    (name, attrs)
}

/// Drops the `<span>`s of syntax highlighting (Pygments' and syntect's token classes differ)
/// and the empty `<span></span>` Pygments puts before `<code>`, keeping line numbers, highlighted
/// lines and file names.
fn strip_token_spans(html: &str) -> String {
    let keep = ["\"linenos\"", "\"hll\"", "\"filename\""];
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest
        .find("<span")
        .into_iter()
        .chain(rest.find("</span>"))
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
            let end = tag_end(rest);
            let tag = &rest[..end];
            let k = keep.iter().any(|c| tag.contains(&format!("class={c}")));
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

fn show(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Open(n, a) => {
                let attrs: String = a.iter().map(|(k, v)| format!(" {k}=\"{v}\"")).collect();
                format!("<{n}{attrs}>")
            }
            Tok::Close(n) => format!("</{n}>"),
            Tok::Text(s) => s.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders NAME.md and compares it with NAME.html (after `fix`, which applies intended
/// differences to the expected tokens).
fn golden(name: &str, highlight: bool, fix: impl Fn(Vec<Tok>) -> Vec<Tok>) -> Rendered {
    let dir = fixture_dir("markdown_golden");
    let src = std::fs::read_to_string(dir.join(format!("{name}.md"))).unwrap();
    let expected = std::fs::read_to_string(dir.join(format!("{name}.html"))).unwrap();
    let config = site_config();
    let md = if name.starts_with("plain_") {
        plain_markdown()
    } else {
        config.markdown.clone()
    };
    let r = render_with(&config, &md, name, &src);
    let (want, got) = if highlight {
        (
            tokens(&strip_token_spans(&expected)),
            tokens(&strip_token_spans(&r.html)),
        )
    } else {
        (tokens(&expected), tokens(&r.html))
    };
    let want = fix(want);
    let (want, got) = (show(&want), show(&got));
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{name}: blogen differs from Python-Markdown at token {first}\n--- expected (Python-Markdown)\n{want}\n--- blogen\n{got}\n--- blogen HTML\n{}",
            r.html
        );
    }
    r
}

/// What mkdocs enables without any `markdown_extensions`.
fn plain_markdown() -> MarkdownConfig {
    let mut md = MarkdownConfig {
        toc_permalink_title: "Permanent link".into(),
        ..Default::default()
    };
    for e in ["toc", "tables", "fenced_code"] {
        md.extensions.insert(e.into());
    }
    md
}

fn same(t: Vec<Tok>) -> Vec<Tok> {
    t
}

#[test]
fn attr_list_matches_python_markdown() {
    let r = golden("attr_list", false, same);
    assert!(r.ids.contains("custom") && r.ids.contains("pid") && r.ids.contains("em-id"));
}

#[test]
fn admonitions_match_python_markdown() {
    golden("admonition", true, same);
}

#[test]
fn details_match_python_markdown() {
    golden("details", false, same);
}

#[test]
fn md_in_html_matches_python_markdown() {
    golden("md_in_html", false, same);
}

#[test]
fn tabs_match_pymdownx_tabbed_alternate_style() {
    golden("tabbed", false, same);
}

#[test]
fn mermaid_inside_admonitions_details_and_tabs_is_passed_through() {
    let r = golden("mermaid_nested", false, same);
    assert!(r.has_mermaid);
    assert_eq!(
        r.html.matches("<pre class=\"mermaid\"><code>").count(),
        3,
        "{}",
        r.html
    );
}

#[test]
fn inline_extensions_match_pymdownx() {
    golden("inline", false, same);
}

#[test]
fn abbreviations_match_python_markdown() {
    golden("abbr", false, same);
}

#[test]
fn definition_lists_match_python_markdown() {
    golden("deflist", false, same);
}

#[test]
fn footnotes_match_python_markdown() {
    let r = golden("footnotes", false, same);
    assert!(r.ids.contains("fn:1") && r.ids.contains("fnref2:1"));
}

#[test]
fn task_lists_match_pymdownx_tasklist() {
    golden("tasklist", false, same);
}

#[test]
fn toc_ids_and_permalinks_match_python_markdown() {
    golden("toc", false, same);
}

#[test]
fn code_blocks_match_pymdownx_highlight_structure() {
    // Token spans are compared away: Pygments' classes (`k`, `nf`) are not syntect's (`hl-*`).
    // `powershell` is a language Pygments knows and syntect does not: plain text here, and
    // the same `language-powershell` class.
    golden("highlight", true, same);
}

#[test]
fn unknown_languages_are_plain_text_with_their_name() {
    // Intended difference: Pygments writes `language-text` for a language it does not know;
    // blogen keeps the name (syntect knows fewer languages than Pygments).
    let config = site_config();
    let r = render_with(
        &config,
        &config.markdown,
        "x",
        "```nosuchlanguage\n<x> & y\n```\n",
    );
    assert_eq!(
        r.html,
        "<div class=\"language-nosuchlanguage highlight\"><pre><code>&lt;x&gt; &amp; y\n</code></pre></div>\n"
    );
}

#[test]
fn includes_match_markdown_include_and_snippets() {
    let r = golden("includes", true, same);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
}

#[test]
fn extensions_not_enabled_leave_the_syntax_alone() {
    golden("plain_extensions_off", false, same);
}

#[test]
fn fixture_post_with_every_construct_matches_python_markdown() {
    // site_post.html: Python-Markdown's rendering of the fixture site's post body.
    let dir = fixture_dir("markdown");
    let text = std::fs::read_to_string(dir.join("docs/blog/posts/everything.md")).unwrap();
    let body = &text[text[4..].find("\n---\n").unwrap() + 9..];
    let expected =
        std::fs::read_to_string(fixture_dir("markdown_golden").join("site_post.html")).unwrap();
    let config = site_config();
    let r = render_with(&config, &config.markdown, "everything", body);
    let want = show(&tokens(&strip_token_spans(&expected)));
    let got = show(&tokens(&strip_token_spans(&r.html)));
    assert_eq!(want, got, "blogen HTML:\n{}", r.html);
    assert!(r.has_mermaid);
}

#[test]
fn diagnostics_keep_file_lines_and_columns_through_the_pre_passes() {
    let config = site_config();
    let body = "# T\n\n!!! note\n    See [x](missing.md).\n\n=== \"Tab\"\n    [y](gone.md)\n\n--8<-- \"nested.md\"\n[z](nope.md)\n";
    let r = render_with(&config, &config.markdown, "lines", body);
    let at: Vec<(&str, usize, usize)> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.col))
        .collect();
    assert_eq!(
        at,
        vec![
            ("link-missing", 4, 9),
            ("link-missing", 7, 5),
            ("link-missing", 10, 1)
        ],
        "{:#?}",
        r.diagnostics
    );
}
