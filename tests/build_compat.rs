//! `blogen build` on the compat fixture against what mkdocs 1.6.1 + mkdocs-material 9.8.2
//! (pymdown-extensions 13.1.2) made of the same input: `tests/fixtures/compat/
//! expected-mkdocs-material.json`, written by `extract_expectations.py` there from a build with
//! mkdocs-material (pages, files beside posts, heading ids, links, list pages, read times, dates,
//! titles, link warnings with their source lines, the `--strict` exit code).

mod common;
use blogen::check::Severity;
use common::*;
use serde_json::Value;

fn built() -> (tempfile::TempDir, Built) {
    build_fixture("compat", false)
}

/// What mkdocs-material made of the fixture.
fn mkdocs() -> Value {
    let path = fixture("compat").join("expected-mkdocs-material.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_else(|| panic!("not a string: {s}")))
        .collect()
}

/// The posts mkdocs-material wrote (site path -> what the extractor read from each).
fn posts(m: &Value) -> Vec<(&str, &Value)> {
    let posts = m["posts"].as_object().expect("posts");
    assert!(posts.len() >= 20, "the fixture has 20 published posts");
    posts.iter().map(|(k, v)| (k.as_str(), v)).collect()
}

/// The `<article>` of a page (its content, without the theme around it).
fn article(html: &str) -> &str {
    let start = html.find("<article").expect("<article");
    &html[start..start + html[start..].find("</article>").expect("</article>")]
}

/// Text as a browser shows it in `<title>`: the basic entities decoded, runs of white space one.
fn shown(text: &str) -> String {
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn post_and_view_urls_match_mkdocs_material() {
    let (_d, b) = built();
    let m = mkdocs();
    let expected = strings(&m["pages"]);
    assert!(expected.len() >= 30, "{expected:?}");
    let have: Vec<String> = files(&b.site)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .collect();
    // mkdocs-material: dest paths of every page, post and generated view, and no other.
    assert_eq!(have, expected, "pages differ from mkdocs-material's");
}

#[test]
fn assets_beside_posts_are_published_where_mkdocs_material_puts_them() {
    let (_d, b) = built();
    let m = mkdocs();
    // mkdocs-material: blog/posts/<dir>/x -> blog/<dir>/x
    let expected = strings(&m["beside_posts"]);
    assert_eq!(expected.len(), 3, "{expected:?}");
    for path in expected {
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
    let m = mkdocs();
    for (page, post) in posts(&m) {
        let html = b.read(page);
        let all = attr_values(&html, " id");
        // mkdocs-material, in document order: the id of every heading of the post.
        let expected = strings(&post["heading_ids"]);
        let heading_ids: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|id| expected.contains(id))
            .collect();
        assert_eq!(heading_ids, expected, "{page}: ids seen: {all:?}");
        // mkdocs-material permalink markup.
        for heading in strings(&post["permalinks"]) {
            assert!(html.contains(heading), "{page}: {heading} not found");
        }
    }
    let long = &m["posts"]["blog/2024/01/02/dont-panic-rust-175s-new-features/index.html"];
    assert!(strings(&long["heading_ids"]).len() >= 28, "{long}");
    assert!(strings(&long["permalinks"])
        .iter()
        .any(|h| h.contains("<code>Vec&lt;T&gt;</code>")));
}

#[test]
fn links_and_images_are_rewritten_like_mkdocs_and_resolve() {
    let (_d, b) = built();
    let m = mkdocs();
    for (page, post) in posts(&m) {
        let html = b.read(page);
        let article = article(&html);
        // mkdocs-material: the hrefs and srcs it wrote for the same sources.
        for url in strings(&post["urls"]) {
            let href = format!("href=\"{url}\"");
            let src = format!("src=\"{url}\"");
            assert!(
                article.contains(&href) || article.contains(&src),
                "{url} not in {page}"
            );
        }
        for url in attr_values(article, "href")
            .into_iter()
            .chain(attr_values(article, "src"))
        {
            if url.starts_with('#') || url.contains("://") {
                continue;
            }
            // The broken links of broken.md are left as they are written, as in mkdocs.
            if page.contains("/broken-links/") {
                continue;
            }
            assert!(
                resolve(&b.site, page, &url).is_some(),
                "{url} does not resolve from {page}"
            );
        }
    }
    let hello = &m["posts"]["blog/2024/01/01/hello-world/index.html"]["urls"];
    assert!(strings(hello).contains(&"../../../../2024-01-01_hello/img/x.png"));
}

#[test]
fn mermaid_block_is_passed_through_byte_for_byte() {
    let (_d, b) = built();
    let m = mkdocs();
    let mut blocks = 0;
    for (page, post) in posts(&m) {
        let html = b.read(page);
        // mkdocs-material (pymdownx.superfences fence_code_format):
        for expected in strings(&post["mermaid"]) {
            assert!(html.contains(expected), "{page}: {expected} not in {html}");
            blocks += 1;
        }
    }
    assert!(blocks >= 1, "the fixture has a Mermaid diagram");
    let html = b.read("blog/2024/01/06/mermaid--code/index.html");
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

/// The post links of a list page, in order: the links of the excerpts' title headings.
fn listed_posts(html: &str) -> Vec<String> {
    attr_values(html, "<a class=\"toclink\" href")
        .into_iter()
        .filter(|u| !u.contains('#'))
        .collect()
}

#[test]
fn excerpts_readtime_and_order_match_mkdocs_material() {
    let (_d, b) = built();
    let m = mkdocs();
    let lists = m["lists"].as_object().expect("lists");
    assert!(lists.len() >= 10, "{lists:?}");
    let mut openings = 0;
    for (page, list) in lists {
        let html = b.read(page);
        // mkdocs-material: pinned first, then newest first (the future post is published).
        let expected = strings(&list["posts"]);
        assert_eq!(listed_posts(&html), expected, "posts listed on {page}");
        // mkdocs-material: the excerpt headings, one level down, linking to the post.
        for heading in list.get("headings").map(strings).unwrap_or_default() {
            assert!(html.contains(heading), "{page}: {heading} not found");
        }
        // mkdocs-material: each excerpt's title and first paragraph. mkdocs writes an image's
        // `alt` before its `src` and blogen the other way round, so those are left out.
        for opening in list.get("openings").map(strings).unwrap_or_default() {
            if opening.contains("<img ") {
                continue;
            }
            assert!(html.contains(opening), "{page}: {opening} not found");
            openings += 1;
        }
    }
    assert!(openings >= 10, "{openings} excerpt openings compared");
    for (page, post) in posts(&m) {
        let html = b.read(page);
        // mkdocs-material read times (readtime.md: 1002 words + 5 images; front matter
        // readtime in two-spaces.md) and post_date_format long.
        if let Some(minutes) = post["readtime"].as_u64() {
            assert!(html.contains(&format!("{minutes} min read")), "{page}");
        }
        let date = post["date"].as_str().expect("date");
        assert!(html.contains(&format!(">{date}</time>")), "{page}: {date}");
    }
    let readtime = &m["posts"]["blog/2024/01/09/readtime/index.html"]["readtime"];
    assert_eq!(readtime.as_u64(), Some(5), "{readtime}");
}

#[test]
fn titles_follow_mkdocs_rules() {
    let (_d, b) = built();
    let m = mkdocs();
    for (page, post) in posts(&m) {
        let html = b.read(page);
        // mkdocs-material: the post's h1 (no h1 in the source: the template shows the
        // file-name title; trailing #s dropped as Python-Markdown does).
        let h1 = post["h1"].as_str().expect("h1");
        assert!(article(&html).contains(h1), "{page}: {h1} not found");
        // mkdocs-material: <title> (front matter title wins), as a browser shows it. mkdocs
        // writes `&` and `"` unescaped there and one space where the source has several.
        let start = html.find("<title>").expect("<title>") + "<title>".len();
        let title = &html[start..start + html[start..].find("</title>").unwrap()];
        assert_eq!(
            shown(title),
            shown(post["title"].as_str().unwrap()),
            "{page}"
        );
    }
    let titleless = &m["posts"]["blog/2024/01/07/titleless/index.html"]["h1"];
    assert_eq!(titleless.as_str(), Some("<h1>Titleless</h1>"));
}

#[test]
fn broken_links_are_reported_with_file_and_line() {
    let (_d, b) = built();
    let m = mkdocs();
    let expected = m["diagnostics"].as_array().expect("diagnostics");
    // mkdocs-material warns about missing.md and nothere.png in broken.md, and gives info lines
    // for the extension-less link and the missing anchor (mkdocs 1.6 validation defaults). It
    // names no line: the extractor took the line of the source that holds the link.
    assert!(expected.len() >= 4, "{expected:?}");
    for want in expected {
        let severity = match want["severity"].as_str() {
            Some("warning") => Severity::Warning,
            Some("info") => Severity::Info,
            other => panic!("severity {other:?}"),
        };
        let file = want["file"].as_str().expect("file");
        let found = b.diagnostics.iter().any(|d| {
            d.code == want["kind"].as_str().unwrap()
                && d.severity == severity
                && d.file.as_deref() == Some(std::path::Path::new(file))
                && Some(d.line as u64) == want["line"].as_u64()
        });
        assert!(found, "{want} not among {:#?}", b.diagnostics);
    }
}

#[test]
fn strict_build_fails_and_keeps_the_previous_site() {
    let (dir, b) = built();
    let m = mkdocs();
    let before = std::fs::read(b.site.join("index.html")).unwrap();
    let strict = build_in(dir.path(), true);
    // mkdocs-material: `mkdocs build --strict` fails on the same input.
    assert_ne!(m["strict_exit"].as_i64(), Some(0));
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
