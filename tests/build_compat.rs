//! `blogen build` on the compat fixture, a copy of the input that was built with mkdocs 1.6.1 +
//! mkdocs-material 9.8.2 (pymdown-extensions 13.1.2). Every expected value marked "mkdocs-material"
//! below is what that build produced.

mod common;
use blogen::check::Severity;
use common::*;

fn built() -> (tempfile::TempDir, Built) {
    build_fixture("compat", false)
}

#[test]
fn post_and_view_urls_match_mkdocs_material() {
    let (_d, b) = built();
    // mkdocs-material: dest paths of every post and generated view.
    for path in [
        "index.html",
        "blog/index.html",
        "blog/2024/01/05/broken-links/index.html",
        "blog/2024/01/11/closed-heading-/index.html",
        "blog/2024/01/03/my-custom-slug/index.html",
        "blog/2024/01/13/dict-date/index.html",
        "blog/2023/12/25/rocket--launch--quotes/index.html",
        "blog/2024/02/10/café-über-straße/index.html",
        "blog/2024/01/12/the-foo-bar-title/index.html",
        "blog/2099/01/01/future-post/index.html",
        "blog/2024/01/10/1-ranked-c--f/index.html",
        "blog/2024/03/01/日本語のタイトル/index.html",
        "blog/2024/01/06/mermaid--code/index.html",
        "blog/2024/01/08/meta-title-wins/index.html",
        "blog/2023/06/01/pinned-post/index.html",
        "blog/2024/01/14/two--spaces---here/index.html",
        "blog/2024/01/09/readtime/index.html",
        "blog/2024/01/07/titleless/index.html",
        "blog/2024/01/15/timezone-post/index.html",
        "blog/2023/12/31/2024-a-year-in-review/index.html",
        "blog/2024/01/01/hello-world/index.html",
        "blog/2024/01/02/dont-panic-rust-175s-new-features/index.html",
        "blog/archive/2023/index.html",
        "blog/archive/2099/index.html",
        "blog/archive/2024/index.html",
        "blog/archive/2024/page/2/index.html",
        "blog/category/日本/index.html",
        "blog/category/café--crème/index.html",
        "blog/category/c/index.html",
        "blog/category/rust/index.html",
        "blog/category/web-dev/index.html",
        "blog/page/2/index.html",
    ] {
        assert!(b.exists(path), "missing {path}; have {:#?}", files(&b.site));
    }
}

#[test]
fn assets_beside_posts_are_published_where_mkdocs_material_puts_them() {
    let (_d, b) = built();
    // mkdocs-material: blog/posts/<dir>/x -> blog/<dir>/x
    for path in [
        "blog/2024-01-01_hello/cover.png",
        "blog/2024-01-01_hello/img/x.png",
        "blog/2024-01-02_other/cover.png",
    ] {
        assert!(b.exists(path), "missing {path}");
    }
    assert!(!b.exists("blog/posts/2024-01-01_hello/cover.png"));
    assert!(
        !b.exists("blog/.authors.yml"),
        "dot files are not published"
    );
}

#[test]
fn drafts_are_left_out() {
    let (_d, b) = built();
    assert!(!b.exists("blog/2024/01/04/a-draft-post/index.html"));
    assert!(!b.read("blog/index.html").contains("A Draft Post"));
}

#[test]
fn heading_ids_match_python_markdown() {
    let (_d, b) = built();
    let html = b.read("blog/2024/01/02/dont-panic-rust-175s-new-features/index.html");
    let ids: Vec<String> = attr_values(&html, "<h1 id")
        .into_iter()
        .chain(attr_values(&html, "<h2 id"))
        .collect();
    let all: Vec<String> = attr_values(&html, " id").into_iter().collect();
    // mkdocs-material, in document order (h1, h2..h4).
    let expected = [
        "dont-panic-rust-175s-new-features",
        "intro",
        "intro_1",
        "intro_2",
        "intro_3",
        "using-vect-in-rust",
        "emphasis-and-bold",
        "whats-new-2024-edition",
        "cafe-uber-strae",
        "_1",
        "second",
        "emoji-rocket",
        "a-b",
        "quoted-single",
        "link-text",
        "trailing-punctuation",
        "under_score-and-hyphen-ated",
        "custom-id",
        "heading-with-html-inside",
        "123-version",
        "multiple-spaces",
        "-leading-dash-",
        "code-only",
        "ampersand-entity",
        "unicode-n",
        "level-three",
        "level-four",
        "intro_4",
    ];
    let heading_ids: Vec<&String> = all
        .iter()
        .filter(|id| expected.contains(&id.as_str()))
        .collect();
    assert_eq!(
        heading_ids,
        expected.iter().collect::<Vec<_>>(),
        "h1/h2 ids seen: {ids:?}"
    );
    // mkdocs-material permalink markup.
    assert!(html.contains(
        "<h2 id=\"using-vect-in-rust\">Using <code>Vec&lt;T&gt;</code> in Rust<a class=\"headerlink\" href=\"#using-vect-in-rust\" title=\"Permanent link\">&para;</a></h2>"
    ));
}

#[test]
fn links_and_images_are_rewritten_like_mkdocs_and_resolve() {
    let (_d, b) = built();
    let page = "blog/2024/01/01/hello-world/index.html";
    let html = b.read(page);
    // mkdocs-material: the hrefs and srcs it wrote for the same sources.
    for expected in [
        "src=\"../../../../2024-01-01_hello/cover.png\"",
        "src=\"../../../../2024-01-01_hello/img/x.png\"",
        "href=\"../../02/dont-panic-rust-175s-new-features/\"",
        "href=\"../../02/dont-panic-rust-175s-new-features/#intro\"",
        "href=\"../../../02/10/caf%C3%A9-%C3%BCber-stra%C3%9Fe/\"",
        "href=\"#hello-world\"",
        "href=\"https://example.org/x\"",
    ] {
        assert!(html.contains(expected), "{expected} not in {page}");
    }
    let article = &html[html.find("<article").unwrap()..html.find("</article>").unwrap()];
    for url in attr_values(article, "href")
        .into_iter()
        .chain(attr_values(article, "src"))
    {
        if url.starts_with('#') || url.contains("://") {
            continue;
        }
        assert!(
            resolve(&b.site, page, &url).is_some(),
            "{url} does not resolve from {page}"
        );
    }
}

#[test]
fn mermaid_block_is_passed_through_byte_for_byte() {
    let (_d, b) = built();
    let html = b.read("blog/2024/01/06/mermaid--code/index.html");
    // mkdocs-material (pymdownx.superfences fence_code_format):
    let expected = "<pre class=\"mermaid\"><code>graph LR\n  A[Start] --&gt; B{Is it &lt;ok&gt; &amp; \"fine\"?};\n  B --&gt;|Yes| C[Done];</code></pre>";
    assert!(html.contains(expected), "{html}");
    assert!(
        html.contains("await mermaid.run("),
        "a page with a diagram loads Mermaid"
    );
    let plain = b.read("blog/2024/01/05/broken-links/index.html");
    assert!(
        !plain.contains("mermaid.run("),
        "a page without a diagram loads nothing extra"
    );
}

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let (_d, b) = built();
    let html = b.read("blog/2024/01/06/mermaid--code/index.html");
    let start = html
        .find("<div class=\"language-python highlight\"><pre><code>")
        .expect("python block");
    let block = &html[start..start + html[start..].find("</div>").unwrap()];
    assert!(block.contains("<span class=\"hl-"), "{block}");
    let text = blogen::markdown::html::strip_tags(block);
    assert_eq!(text, "print(\"hi\")\n");
    assert!(b
        .read("assets/blogen/highlight.css")
        .contains("[data-theme=\"dark\"] .highlight"));
}

#[test]
fn excerpts_readtime_and_order_match_mkdocs_material() {
    let (_d, b) = built();
    let page2 = b.read("blog/page/2/index.html");
    // mkdocs-material: excerpt of Hello World on blog/page/2/.
    assert!(page2.contains(
        "<h2 id=\"hello-world\"><a class=\"toclink\" href=\"../../2024/01/01/hello-world/\">Hello World</a></h2>\n<p>First paragraph of the hello post with a <a href=\"../../2024/01/02/dont-panic-rust-175s-new-features/\">link to other</a>.</p>"
    ), "{page2}");
    let index = b.read("blog/index.html");
    // mkdocs-material: pinned first, then newest first (the future post is published).
    let pinned = index.find("Pinned Post").unwrap();
    let future = index.find("Future Post").unwrap();
    let japanese = index.find("日本語のタイトル").unwrap();
    assert!(pinned < future && future < japanese);
    // No separator: the whole post is the excerpt, headings one level down, no "Continue reading".
    let other = b.read("blog/page/2/index.html");
    assert!(other.contains("<h3 id=\"intro\"><a class=\"toclink\" href=\"../../2024/01/02/dont-panic-rust-175s-new-features/#intro\">Intro</a></h3>"));
    // mkdocs-material read times: 1002 words + 5 images -> 5 min; front matter readtime: 7.
    assert!(b
        .read("blog/2024/01/09/readtime/index.html")
        .contains("5 min read"));
    assert!(b
        .read("blog/2024/01/14/two--spaces---here/index.html")
        .contains("7 min read"));
    assert!(b
        .read("blog/2024/01/01/hello-world/index.html")
        .contains("1 min read"));
    // post_date_format long.
    assert!(b
        .read("blog/2024/01/01/hello-world/index.html")
        .contains("January 1, 2024"));
}

#[test]
fn titles_follow_mkdocs_rules() {
    let (_d, b) = built();
    // No h1: the template shows the file-name title.
    assert!(b
        .read("blog/2024/01/07/titleless/index.html")
        .contains("<h1>Titleless</h1>"));
    // Front matter title wins for <title>.
    assert!(b
        .read("blog/2024/01/08/meta-title-wins/index.html")
        .contains("<title>Meta: Title Wins - "));
    // Trailing #s are dropped from the heading as Python-Markdown does.
    assert!(b
        .read("blog/2024/01/11/closed-heading-/index.html")
        .contains("<h1 id=\"closed-heading\">Closed heading<a"));
}

#[test]
fn broken_links_are_reported_with_file_and_line() {
    let (_d, b) = built();
    let warnings: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    // mkdocs-material warns about missing.md and nothere.png in broken.md (line 13 of the file).
    let missing = warnings
        .iter()
        .find(|d| d.code == "link-missing")
        .expect("link-missing");
    assert_eq!(
        missing.file.as_deref(),
        Some(std::path::Path::new("docs/blog/posts/broken.md"))
    );
    assert_eq!(missing.line, 13);
    assert!(warnings
        .iter()
        .any(|d| d.code == "image-missing" && d.line == 13));
    // An extension-less link is only "unrecognized" (info), as in mkdocs.
    assert!(b.codes(Severity::Info).contains(&"link-unrecognized"));
    // The missing anchor is info by default (mkdocs 1.6 validation.anchors).
    assert!(b
        .diagnostics
        .iter()
        .any(|d| d.code == "anchor-missing" && d.severity == Severity::Info));
}

#[test]
fn strict_build_fails_and_keeps_the_previous_site() {
    let (dir, b) = built();
    let before = std::fs::read(b.site.join("index.html")).unwrap();
    let strict = build_in(dir.path(), true);
    assert!(!strict.written, "warnings fail --strict");
    assert_eq!(std::fs::read(b.site.join("index.html")).unwrap(), before);
    // Break a post: the build fails and the previous site stays whole.
    let post = dir.path().join("docs/blog/posts/foo.md");
    std::fs::write(&post, "---\ndate: [2024\n---\n# X\n").unwrap();
    let broken = build_in(dir.path(), false);
    assert!(!broken.written);
    assert!(broken
        .diagnostics
        .iter()
        .any(|d| d.code == "front-matter-yaml" && d.line >= 2));
    assert_eq!(std::fs::read(b.site.join("index.html")).unwrap(), before);
    assert!(
        b.exists("blog/2024/02/10/café-über-straße/index.html"),
        "the previous site is intact"
    );
}

#[test]
fn second_build_is_byte_identical() {
    let (dir, b) = built();
    let first: Vec<(String, Vec<u8>)> = files(&b.site)
        .into_iter()
        .map(|f| {
            let c = std::fs::read(b.site.join(&f)).unwrap();
            (f, c)
        })
        .collect();
    let again = build_in(dir.path(), false);
    let second: Vec<(String, Vec<u8>)> = files(&again.site)
        .into_iter()
        .map(|f| {
            let c = std::fs::read(again.site.join(&f)).unwrap();
            (f, c)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for ((fa, ca), (fb, cb)) in first.iter().zip(&second) {
        assert_eq!(fa, fb);
        assert!(ca == cb, "{fa} differs between builds");
    }
}
