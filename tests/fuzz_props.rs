//! Property tests (proptest) over the input stages: any text as front matter + Markdown, any
//! text as mkdocs.yml, must give HTML and diagnostics, never a panic or a hang.
//! Run longer locally with e.g. `PROPTEST_CASES=20000 cargo test --release --test fuzz_props`.

use blogen::check::Sink;
use blogen::config::{Config, MarkdownConfig, Validation};
use blogen::content::frontmatter;
use blogen::markdown::{self, links::LinkIndex, Env, ExcerptSpec, Input};
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
];

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

proptest! {
    #[test]
    fn front_matter_and_markdown_never_panic(doc in document()) {
        let split = frontmatter::split(&doc);
        if let Some(yaml) = split.yaml {
            let _ = frontmatter::parse(yaml, Path::new("p.md"));
        }
        let md = all_extensions();
        let mut links = LinkIndex::default();
        links.pages.insert("blog/posts/x.md".into(), ("blog/2024/01/01/x/".into(), false));
        let validation = Validation::default();
        let env = Env { config: &md, links: &links, validation: &validation, includes: None, highlight_cache: None };
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
