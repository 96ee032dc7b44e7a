//! Every pathological input of the benchmark (`bench/pathological.sh`) through the Markdown
//! pipeline at a moderate size, with every extension on: none may panic, and the bounds
//! (`hl_lines` ranges, nesting) hold. No timing here: the benchmark measures the time.

#[path = "../examples/pathological/cases.rs"]
mod cases;

use blogen::config::{MarkdownConfig, Validation, SUPPORTED_EXTENSIONS};
use blogen::markdown::highlight::{HighlightOptions, LinenumsStyle};
use blogen::markdown::{self, Env, ExcerptSpec, Input, Rendered};
use blogen::plan::links::LinkIndex;
use std::path::Path;

fn all_extensions() -> MarkdownConfig {
    let mut md = MarkdownConfig {
        toc_permalink: Some("&para;".into()),
        toc_permalink_title: "Permanent link".into(),
        // Every pymdownx.highlight option that adds to a block's HTML.
        highlight: HighlightOptions {
            linenums_style: LinenumsStyle::PymdownxInline,
            anchor_linenums: true,
            line_spans: "__span".into(),
            line_anchors: "__codelineno".into(),
            pygments_lang_class: true,
            auto_title: true,
        },
        ..Default::default()
    };
    for e in SUPPORTED_EXTENSIONS {
        md.extensions.insert(e.to_string());
    }
    md.passthrough_fences
        .push(("mermaid".into(), "mermaid".into()));
    md
}

fn render(body: &str) -> Rendered {
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
    let input = Input {
        rel: "blog/posts/case.md",
        display: Path::new("docs/blog/posts/case.md"),
        body,
        line_offset: 0,
        url: "blog/2024/01/01/case/",
        excerpt: Some(ExcerptSpec {
            separator: "<!-- more -->",
            title: "Case",
        }),
    };
    markdown::render(&input, &env)
}

#[test]
fn pathological_inputs_render_without_panicking() {
    for case in cases::CASES {
        let body = (case.make)(2_000);
        let r = render(&body);
        let _ = blogen::site::readtime::readtime(&r.html, 265);
        assert!(
            !r.html.is_empty() || body.trim().is_empty(),
            "{}",
            case.name
        );
        for d in &r.diagnostics {
            assert!(d.line >= 1, "{}: {d:?}", case.name);
        }
    }
}

#[test]
fn identical_headings_get_the_python_markdown_suffixes() {
    let r = render(&"## a\n\n".repeat(1_000));
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), 1_000);
    assert_eq!(&ids[..3], ["a", "a_1", "a_2"]);
    assert_eq!(ids[999], "a_999");
    // An attr_list id taken earlier is skipped, as before.
    let r = render("## b { #b_2 }\n\n## b\n\n## b\n\n## b\n");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["b_2", "b", "b_1", "b_3"]);
}

#[test]
fn huge_hl_lines_ranges_are_clamped() {
    let r = render("```py hl_lines=\"1-99999999999 2 0-0\"\nx = 1\ny = 2\n```\n");
    assert_eq!(r.html.matches("class=\"hll\"").count(), 2, "{}", r.html);
    // A first line number at the top of the range: no overflow on the next lines.
    let r = render("```py linenums=\"18446744073709551615\"\nx = 1\ny = 2\n```\n");
    assert!(r.html.contains("data-linenos"), "{}", r.html);
}

#[test]
fn percent_signs_in_links_do_not_panic() {
    for url in ["%aé.md", "%", "%e9.md", "%C3%A9.md", "x%4"] {
        let r = render(&format!("[x]({url})\n"));
        assert!(r.html.contains("<a href="), "{url}: {}", r.html);
    }
}

#[test]
fn too_deep_blocks_are_reported_as_nesting_limit() {
    let body = "<div markdown>\n".repeat(100) + &"</div>\n".repeat(100);
    let r = render(&body);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["nesting-limit"], "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].line, 49);
}

#[test]
fn text_runs_abbreviations_and_links_keep_their_output() {
    // Text split by the parser at `_`, `<`, `]` is joined into one run again.
    let r = render("a_ b_ c] < d\n");
    assert_eq!(r.html, "<p>a_ b_ c] &lt; d</p>\n");
    let r = render("CSS and HTML, HTMLX\n\n*[HTML]: Hyper\n*[CSS]: Style\n*[CSS]: Sheets\n");
    assert_eq!(
        r.html,
        "<p><abbr title=\"Sheets\">CSS</abbr> and <abbr title=\"Hyper\">HTML</abbr>, HTMLX</p>\n"
    );
    let r = render("[a](https://x.org/1) [b](https://x.org/1) [c](https://x.org/2)\n");
    assert_eq!(r.links.len(), 2);
}
