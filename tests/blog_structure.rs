//! Blog structure on the 25-post fixture (three years, three categories, two authors, one
//! pinned, one future-dated, one without excerpt separator, one draft). The expected files were
//! produced by building the same fixture with mkdocs 1.6.1 + mkdocs-material 9.8.2:
//! `expected-mkdocs-material-pages.txt` lists every `index.html` it wrote, and
//! `expected-mkdocs-material.json` is `extract_lists.py` run over its output (the posts listed
//! on every list page in order, the pages each pagination links to, and each post's read time).

mod common;
use common::*;
use regex::Regex;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The same extraction as `extract_lists.py`, over blogen's output.
fn extract(site: &Path) -> Value {
    let toclink = Regex::new(r##"<a class="toclink" href="([^"#]*)">"##).unwrap();
    let pagination =
        Regex::new(r#"(?s)<nav class="(?:md-pagination|pagination)"[^>]*>(.*?)</nav>"#).unwrap();
    let href = Regex::new(r#"href="([^"]*)""#).unwrap();
    let readtime = Regex::new(r"(\d+) min read").unwrap();
    let post_page = Regex::new(r"^blog/\d{4}/").unwrap();
    let mut lists = Map::new();
    let mut times = Map::new();
    for path in files(site)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
    {
        let html = std::fs::read_to_string(site.join(&path)).unwrap();
        let posts: Vec<String> = toclink
            .captures_iter(&html)
            .map(|c| resolve_url(&path, &c[1]))
            .collect();
        let mut pages: Vec<String> = pagination
            .captures(&html)
            .map(|m| {
                href.captures_iter(&m[1])
                    .map(|c| resolve_url(&path, &c[1]))
                    .collect()
            })
            .unwrap_or_default();
        pages.sort();
        pages.dedup();
        if !posts.is_empty() || !pages.is_empty() {
            lists.insert(path.clone(), json!({"posts": posts, "pagination": pages}));
        }
        if post_page.is_match(&path) {
            if let Some(c) = readtime.captures(&html) {
                times.insert(path.clone(), json!(c[1].parse::<u32>().unwrap()));
            }
        }
    }
    json!({"lists": lists, "readtime": times})
}

fn build25() -> (tempfile::TempDir, Built) {
    build_fixture("blog25", true)
}

#[test]
fn every_page_is_where_mkdocs_material_puts_it() {
    let (_d, b) = build25();
    let expected =
        std::fs::read_to_string(fixture("blog25").join("expected-mkdocs-material-pages.txt"))
            .unwrap();
    let mut expected: Vec<&str> = expected.lines().collect();
    // blogen adds a tag index (mkdocs-material leaves that to its separate tags plugin).
    expected.push("blog/tags/index.html");
    expected.sort();
    let got: Vec<String> = files(&b.site)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn list_pages_pagination_and_read_times_match_mkdocs_material() {
    let (_d, b) = build25();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("blog25").join("expected-mkdocs-material.json")).unwrap(),
    )
    .unwrap();
    let got = extract(&b.site);
    for (page, want) in expected["lists"].as_object().unwrap() {
        assert_eq!(&got["lists"][page], want, "list page {page}");
    }
    assert_eq!(
        got["lists"].as_object().unwrap().len(),
        expected["lists"].as_object().unwrap().len()
    );
    assert_eq!(got["readtime"], expected["readtime"]);
}

#[test]
fn excerpts_and_list_content() {
    let (_d, b) = build25();
    let index = b.read("blog/index.html");
    // Pinned post first, with a pin mark; then the future post, then newest first.
    let first = index.find("Post 05: notes on topic E").unwrap();
    let future = index.find("A post from the future").unwrap();
    let newest = index.find("Post 20: notes on topic T").unwrap();
    assert!(first < future && future < newest);
    assert!(index.contains("class=\"pin\""));
    // Continue reading only where there is more after the separator.
    assert_eq!(
        index.matches("Continue reading").count(),
        10,
        "10 posts on page 1, all with a separator"
    );
    let p07 = b.read("blog/archive/2022/index.html");
    let start = p07.find("Post 07: notes on topic G").unwrap();
    let next_article = p07[start..].find("</article>").unwrap();
    assert!(
        !p07[start..start + next_article].contains("Continue reading"),
        "post 07 has no separator"
    );
    assert!(
        p07[start..start + next_article].contains("<h3 id=\"details\">"),
        "the whole post is its excerpt"
    );
    // post_excerpt_max_authors (1): excerpts show one author, the post page both.
    let post01 = b.read("blog/2022/01/01/post-01-notes-on-topic-a/index.html");
    assert!(post01.contains("Ada Lovelace") && post01.contains("Grace Hopper"));
    let page3 = b.read("blog/page/3/index.html");
    let s = page3.find("Post 01: notes on topic A").unwrap();
    let article_start = page3[..s].rfind("<article").unwrap();
    let article = &page3[article_start..s];
    assert!(
        article.contains("Ada Lovelace") && !article.contains("Grace Hopper"),
        "{article}"
    );
    // Tags: shown on the post, linked to the tag index, which lists the posts per tag.
    let p12 = b.read("blog/2023/08/24/post-12-notes-on-topic-l/index.html");
    assert!(
        p12.contains("<a href=\"../../../../tags/#rust\">rust</a>"),
        "{p12}"
    );
    let tags = b.read("blog/tags/index.html");
    let rust = tags.find("<h2 id=\"rust\">rust</h2>").unwrap();
    let speed = tags.find("<h2 id=\"speed\">speed</h2>").unwrap();
    assert_eq!(tags[rust..speed].matches("<li>").count(), 2);
    assert_eq!(tags[speed..].matches("<li>").count(), 1);
    // Drafts are not listed.
    assert!(!index.contains("Unpublished draft"));
}

#[test]
fn views_have_titles_and_author_profiles() {
    let (_d, b) = build25();
    // The title as mkdocs-material writes it, under a line saying what the page lists.
    assert!(b
        .read("blog/archive/2023/index.html")
        .contains("<p class=\"list-kind\">Archive</p>\n<h1>2023</h1>"));
    assert!(b
        .read("blog/category/engineering/index.html")
        .contains("<p class=\"list-kind\">Category</p>\n<h1>Engineering</h1>"));
    let ada = b.read("blog/author/ada/index.html");
    assert!(
        ada.contains("<p class=\"list-kind\">Author</p>\n<h1>Ada Lovelace</h1>")
            && ada.contains("Engineer")
    );
    // The blog index keeps blog/index.md's content on page 1 only.
    assert!(b.read("blog/index.html").contains("Posts from the team."));
    assert!(!b
        .read("blog/page/2/index.html")
        .contains("Posts from the team."));
}
