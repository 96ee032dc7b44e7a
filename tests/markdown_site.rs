//! The Markdown fixture site (tests/fixtures/markdown: every supported extension enabled, as
//! mkdocs-material's documentation configures them) built through `blogen::build`: the post
//! using every construct builds with `--strict` and renders each construct as mkdocs-material
//! does (mkdocs 1.6.1 + mkdocs-material 9.8.2 build the same site with `--strict` too); include
//! problems are diagnostics with file and line.

mod common;
use blogen::check::Severity;
use common::*;

const POST: &str = "blog/2024/05/01/every-construct/index.html";

#[test]
fn every_construct_builds_strict() {
    let dir = copy_fixture("markdown");
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    assert!(
        b.codes(Severity::Warning).is_empty(),
        "{:#?}",
        b.diagnostics
    );
    let html = b.read(POST);
    for part in [
        // attr_list on a link, an image, a heading and a paragraph
        "<a href=\"https://html.spec.whatwg.org/\" target=\"_blank\">online</a>",
        "<h2 id=\"attrs\" class=\"section\">Attribute lists",
        "alt=\"Logo\" class=\"logo\" width=\"120\" />",
        "<p class=\"lead\">A paragraph with a class</p>",
        // admonitions and details
        "<div class=\"admonition note\">",
        "<p class=\"admonition-title\">A <em>note</em></p>",
        "<div class=\"admonition warning\">\n<p>No title.</p>",
        "<details class=\"question\">\n<summary>Why?</summary>",
        "<details class=\"tip\" open=\"open\">",
        // tabs, alternate style
        "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"1:2\"><input checked=\"checked\" id=\"__tabbed_1_1\" name=\"__tabbed_1\" type=\"radio\" />",
        "<label for=\"__tabbed_1_2\">Diagram</label>",
        "<div class=\"tabbed-block\">",
        // code with title, line numbers and highlighted lines
        "<div class=\"language-python highlight\"><span class=\"filename\">hello.py</span>",
        "data-linenos=\"2 \"",
        "class=\"hll\"",
        // md_in_html
        "<div class=\"grid\">\n<p><strong>Bold</strong> inside a div.</p>",
        // includes
        "Included <em>text</em> from",
        "<p>Nested snippet.</p>",
        // inline extensions
        "<mark>Marked</mark>, <ins>inserted</ins>, <del>deleted</del>, H<sub>2</sub>O, x<sup>2</sup>, 😄",
        "<code class=\"language-python highlight\">",
        "<abbr title=\"Hyper Text Markup Language\">HTML</abbr>",
        // lists
        "<dt>Apple</dt>",
        "<ul class=\"task-list\">",
        "<sup id=\"fnref:1\"><a class=\"footnote-ref\" href=\"#fn:1\">1</a></sup>",
        "<div class=\"footnote\">",
        "<a class=\"headerlink\" href=\"#tabs\"",
    ] {
        assert!(html.contains(part), "missing {part:?} in\n{html}");
    }
    // Mermaid in an admonition and in a tab is passed through, and the page loads Mermaid.
    assert_eq!(
        html.matches("<pre class=\"mermaid\"><code>").count(),
        2,
        "{html}"
    );
    assert!(html.contains("await mermaid.run("));
    // The image next to the post is published and linked relatively.
    let src = attr_values(&html, "<img src")
        .into_iter()
        .next()
        .expect("an image");
    assert!(resolve(&b.site, POST, &src).is_some(), "{src}");
    // The excerpt on the blog index keeps the constructs before `<!-- more -->`.
    let index = b.read("blog/index.html");
    assert!(index.contains("target=\"_blank\">online</a>"), "{index}");
    assert!(index.contains("🚀"), "{index}");
}

#[test]
fn include_problems_are_diagnostics_with_file_and_line() {
    let dir = copy_fixture("markdown");
    let post = dir.path().join("docs/blog/posts/broken.md");
    std::fs::write(
        &post,
        "---\ndate: 2024-05-02\n---\n\n# Broken includes\n\n{!includes/missing.md!}\n\n--8<-- \"loop-a.md\"\n\n--8<-- \"../mkdocs.yml\"\n\nEnd.\n",
    )
    .unwrap();
    let b = build_in(dir.path(), false);
    let found: Vec<(&str, usize)> = b
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("include-"))
        .map(|d| (d.code, d.line))
        .collect();
    assert_eq!(
        found,
        vec![
            ("include-missing", 7),
            ("include-cycle", 9),
            ("include-outside", 11)
        ],
        "{:#?}",
        b.diagnostics
    );
    // markdown_include's missing file is a warning; pymdownx.snippets skips a cycle and a
    // path outside its base silently (no check_paths), so those are info lines.
    let severities: Vec<Severity> = b
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("include-"))
        .map(|d| d.severity)
        .collect();
    assert_eq!(
        severities,
        [Severity::Warning, Severity::Info, Severity::Info]
    );
    for d in b
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("include-"))
    {
        assert!(d.file.as_ref().unwrap().ends_with("broken.md"), "{d:?}");
    }
    // The page still renders, without the includes.
    let html = b.read("blog/2024/05/02/broken-includes/index.html");
    assert!(
        html.contains("<p>B then:</p>") && html.contains("<p>End.</p>"),
        "{html}"
    );
    // --strict turns them into a failed build.
    let strict = build_in(dir.path(), true);
    assert!(!strict.written);
}
