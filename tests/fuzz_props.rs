//! Property tests (proptest) over the input stages: any text as front matter + Markdown, any
//! text as mkdocs.yml, must give HTML and diagnostics, never a panic or a hang. The same input
//! pieces as the cargo-fuzz target (fuzz/fuzz_targets/page.rs), includes read from memory.
//! Run longer locally with e.g. `PROPTEST_CASES=20000 cargo test --release --test fuzz_props`.

use blogen::check::Sink;
use blogen::config::{Config, MarkdownConfig, Validation};
use blogen::content::{date, frontmatter};
use blogen::markdown::includes::{IncludeError, Included, Kind, Resolver};
use blogen::markdown::{self, Env, ExcerptSpec, Input};
use blogen::plan::links::LinkIndex;
use proptest::prelude::*;
use std::path::Path;

/// Pieces of syntax that the parsers treat specially, to mix with random characters.
const PIECES: &[&str] = &[
    "---\n",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "# ",
    "## ",
    "!!! note",
    "!!! warning \"T\"\n",
    "??? tip",
    "???+ info \"x\"\n",
    "=== \"Tab\"\n",
    "```",
    "```python\n",
    "```mermaid\n",
    "~~~\n",
    "<!-- more -->",
    "{ target=_blank }",
    "{ #id .c k=\"v\" }",
    "{!inc.md!}",
    "--8<-- \"snip.md\"\n",
    "<div markdown>\n",
    "</div>\n",
    "*[HTML]: Hyper\n",
    "Term\n:   Def\n",
    "[^1]",
    "[^1]: note\n",
    "==mark==",
    "^^ins^^",
    "~~del~~",
    ":smile:",
    "- [ ] task\n",
    "| a | b |\n|---|---|\n",
    "[link](x.md#y)",
    "![img](../../../etc/passwd)",
    "<span>",
    "&amp;",
    "date: 2024-01-01\n",
    "date: 2026-13-45\n",
    "title: [x\n",
    "authors: [a]\n",
    "draft: true\n",
    "`#!python x`",
    "é",
    "日本語",
    "🚀",
    "\\",
    "\"",
    "'",
    ":",
    "- ",
    "> ",
    "[x](%aé.md)",
    "[x](%E6%97%A5.md)",
    "%",
    "%2",
    "```python hl_lines=\"1-99999999999\"\n",
    "```py linenums=\"1\"\n",
    "```py hl_lines=\"2 3-4\" linenums=\"99999999999999 2\"\n",
    "{: #id }",
    "{: .cls }",
    "[^n]",
    "[^n]: note\n",
    "{!self.md!}",
    "{!a.md!}",
    "{!multi.md!}",
    "{!code.md!lines=1 3-5}",
    "--8<-- \"snip.md:2:4\"\n",
    "--8<-- \"snip.md:s\"\n",
    "--8<-- \"self.md\"\n",
    "--8<--\n",
    "date: 0001-01-01\n",
    "date: 0000-01-01\n",
    "date: -0001-01-01\n",
    "date: 9999-12-31 23:59:59\n",
    "date: +10000-01-01\n",
    "date:\n  created: 2024-01-01\n  updated: 0001-01-01\n",
];

/// Included files, by name: plain, multi-byte, with sections, including itself or each other.
const FILES: &[(&str, &str)] = &[
    ("inc.md", "Included *text* [^n]\n\n[^n]: note\n"),
    (
        "snip.md",
        "line 1\nline 2\n--8<-- [start:s]\nsection é\n--8<-- [end:s]\nline 6\n",
    ),
    (
        "multi.md",
        "日本語 🚀 é\n[x](%C3%A9.md){: #id } [y](é 日.md)\n",
    ),
    ("self.md", "again {!self.md!}\n--8<-- \"self.md\"\n"),
    ("a.md", "{!b.md!}\n"),
    ("b.md", "{!a.md!} --8<-- \"a.md\"\n"),
    (
        "code.md",
        "```python hl_lines=\"1-3\" linenums=\"1\"\nx = 1\ny = 2\n```\n",
    ),
];

/// Includes read from `FILES`.
struct Memory;

impl Resolver for Memory {
    fn read(&self, _kind: Kind, path: &str) -> Result<Included, IncludeError> {
        let name = path.split(':').next().unwrap_or(path);
        match FILES.iter().find(|(n, _)| *n == name) {
            Some((n, text)) => Ok(Included {
                key: n.to_string(),
                text: text.to_string(),
            }),
            None => Err(IncludeError {
                code: "include-missing",
                message: format!("`{path}` not found"),
            }),
        }
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(String::from),
        2 => "[a-z #*_`\\[\\](){}<>!?=:~^\\-\n\t|.]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

fn all_extensions() -> MarkdownConfig {
    let mut md = MarkdownConfig {
        toc_permalink: Some("&para;".into()),
        toc_permalink_title: "Permanent link".into(),
        ..Default::default()
    };
    for e in blogen::config::SUPPORTED_EXTENSIONS {
        md.extensions.insert(e.to_string());
    }
    md.passthrough_fences
        .push(("mermaid".into(), "mermaid".into()));
    md
}

/// HTML syntax that the text extraction treats specially, to mix with random characters.
const HTML_PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "<a title=\"x>y\">",
    "<a title='>'>",
    "'",
    "\"",
    "=",
    "<!--",
    "-->",
    "--",
    "<!",
    "<!DOCTYPE html>",
    "<?x?>",
    "&",
    ";",
    "&hellip;",
    "&#x27;",
    "&#",
    "&#x",
    "&amp",
    "&CounterClockwiseContourIntegral;",
    "<script>",
    "</script>",
    "</SCRIPT",
    "<style>",
    "</style >",
    "<svg>",
    "</svg>",
    "<object>",
    "<img src=x>",
    "<pre class=\"mermaid\">",
    "</pre>",
    "<br/>",
    "<p",
    "</p>",
    "\n",
    " ",
    "a",
    "é",
    "日本語",
    "¶",
];

fn html_doc() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(HTML_PIECES).prop_map(String::from),
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Renders `body` as a post with every extension on.
fn render_post(body: &str) -> markdown::Rendered {
    let md = all_extensions();
    let links = LinkIndex::default();
    let validation = Validation::default();
    let env = Env {
        config: &md,
        links: &links,
        validation: &validation,
        includes: Some(&Memory),
        highlight_cache: None,
    };
    let input = Input {
        rel: "blog/posts/p.md",
        display: Path::new("docs/blog/posts/p.md"),
        body,
        line_offset: 0,
        url: "blog/2024/01/01/p/",
        excerpt: Some(ExcerptSpec {
            separator: "<!-- more -->",
            title: "P",
        }),
    };
    markdown::render(&input, &env)
}

/// The fastest of three runs of `f`, in seconds.
fn fastest(f: impl Fn()) -> f64 {
    (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

proptest! {
    /// The text taken from the events while rendering is the text of the rendered HTML.
    #[test]
    fn page_text_from_events_is_the_text_of_the_html(doc in document(), html in html_doc()) {
        for body in [doc.clone(), format!("{doc}\n{html}\n"), format!("{html} *{doc}*")] {
            let r = render_post(&body);
            prop_assert_eq!(&r.text, &markdown::text::page_of_html(&r.html), "{:?}", body);
        }
    }

    /// Text extraction never panics, and eight times the input takes about eight times as long.
    #[test]
    fn html_text_never_panics_and_is_linear(html in html_doc()) {
        let unit = if html.is_empty() { "<".to_string() } else { html };
        let small = unit.repeat(20_000 / unit.len() + 1);
        let large = small.repeat(8);
        let t_small = fastest(|| { markdown::text::page_of_html(&small); markdown::html::strip_tags(&small); });
        let t_large = fastest(|| { markdown::text::page_of_html(&large); markdown::html::strip_tags(&large); });
        // Linear: about 8 times; quadratic would be 64 times.
        prop_assert!(t_large <= 24.0 * t_small + 0.005, "{t_small} s, then {t_large} s for {unit:?}");
    }
}

proptest! {
    #[test]
    fn front_matter_and_markdown_never_panic(doc in document()) {
        let split = frontmatter::split(&doc);
        if let Some(yaml) = split.yaml {
            if let Ok((fm, _)) = frontmatter::parse(yaml, Path::new("p.md")) {
                for d in fm.date.iter().flat_map(|d| std::iter::once(d.created).chain(d.updated)) {
                    for f in ["full", "long", "medium", "short", "yyyy/MM/dd EEEE h:mm a"] {
                        let _ = date::format_date(&d, f);
                    }
                    let _ = blogen::publish::feeds::rfc2822(&d);
                    let _ = blogen::publish::feeds::rfc3339(&d);
                }
            }
        }
        let md = all_extensions();
        let mut links = LinkIndex::default();
        links.pages.insert("blog/posts/x.md".into(), ("blog/2024/01/01/x/".into(), false));
        links.pages.insert("blog/posts/é 日.md".into(), ("blog/2024/01/01/e/".into(), false));
        let validation = Validation::default();
        let env = Env { config: &md, links: &links, validation: &validation, includes: Some(&Memory), highlight_cache: None };
        let input = Input {
            rel: "blog/posts/p.md",
            display: Path::new("docs/blog/posts/p.md"),
            body: split.body,
            line_offset: split.body_line_offset,
            url: "blog/2024/01/01/p/",
            excerpt: Some(ExcerptSpec { separator: "<!-- more -->", title: "P" }),
        };
        let r = markdown::render(&input, &env);
        for d in &r.diagnostics {
            prop_assert!(d.line >= 1, "{d:?}");
        }
    }

    #[test]
    fn config_never_panics(doc in document()) {
        let _ = Config::parse(&doc, Path::new("/r"), Path::new("mkdocs.yml"), &Sink::new());
    }
}

/// Inputs that once panicked inside pulldown-cmark 0.12 (definition lists in block quotes);
/// fixed by pulldown-cmark 0.13.
#[test]
fn known_parser_panics_stay_fixed() {
    let md = all_extensions();
    let links = LinkIndex::default();
    let validation = Validation::default();
    let env = Env {
        config: &md,
        links: &links,
        validation: &validation,
        includes: None,
        highlight_cache: None,
    };
    for body in [
        "><\n>:<div markdown>\n",
        "> term\n> : definition\n\n",
        "level one!\n:\n    level two!\n    :\n\nnew!\n:\n",
    ] {
        let input = Input {
            rel: "p.md",
            display: Path::new("docs/p.md"),
            body,
            line_offset: 0,
            url: "p/",
            excerpt: None,
        };
        let _ = markdown::render(&input, &env);
    }
}

/// A path-like string: segments of letters, dots, `*`, `!`, `[`, `#`, `..`, slashes.
fn path_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-z]{1,4}",
            Just(".".to_string()),
            Just("..".to_string()),
            Just("*".to_string()),
            Just("**".to_string()),
            Just("!".to_string()),
            Just("[".to_string()),
            Just("#x".to_string()),
            Just(".md".to_string()),
            Just("/".to_string()),
            Just("é".to_string()),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Redirect maps from mkdocs.yml: any old and new path (or URL) gives a page or a problem,
    /// never a panic, and a written page never lies outside the site.
    #[test]
    fn redirects_never_panic_and_stay_in_the_site(
        entries in proptest::collection::vec((path_like(), path_like()), 0..8),
        dir_urls in any::<bool>(),
    ) {
        use blogen::config::redirects::Redirect;
        use blogen::publish::redirects::pages;
        let mut links = LinkIndex::default();
        links.pages.insert("new.md".into(), ("new/".into(), false));
        links.pages.insert("a/b.md".into(), ("a/b/".into(), false));
        let redirects: Vec<Redirect> = entries
            .into_iter()
            .map(|(from, to)| Redirect { from, to, line: 1 })
            .collect();
        let (made, problems) = pages(&redirects, &links, dir_urls);
        prop_assert!(made.len() + problems.len() >= redirects.len());
        for (path, html) in made {
            prop_assert!(!path.is_empty() && !path.split('/').any(|p| p == ".."), "{path}");
            prop_assert!(!path.starts_with('/'), "{path}");
            prop_assert!(html.contains("rel=\"canonical\""));
        }
    }

    /// Exclusion patterns (exclude_docs, draft_docs, not_in_nav, the exclude plugin): any
    /// pattern text compiles or is reported, and deciding a path never panics.
    #[test]
    fn exclusion_rules_never_panic(
        lines in proptest::collection::vec(path_like(), 0..6),
        globs in proptest::collection::vec(path_like(), 0..3),
        regexes in proptest::collection::vec("[a-z.*+?()\\[\\]\\\\]{0,8}", 0..3),
        paths in proptest::collection::vec(path_like(), 1..10),
    ) {
        use blogen::content::exclude::{ExcludeConfig, Exclusions};
        let config = ExcludeConfig {
            exclude_docs: lines.join("\n"),
            draft_docs: lines.iter().rev().cloned().collect::<Vec<_>>().join("\n"),
            not_in_nav: lines.join("\n"),
            plugin_globs: globs,
            plugin_regex: regexes,
        };
        let (rules, _problems) = Exclusions::new(&config, false);
        for p in &paths {
            let _ = rules.fate(p.trim_start_matches('/'));
            let _ = rules.not_in_nav(p.trim_start_matches('/'));
        }
    }
}
