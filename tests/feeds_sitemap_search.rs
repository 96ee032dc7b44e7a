//! Feeds (parsed with feed-rs, a real feed parser), sitemap and search index, on the 25-post fixture.

mod common;
use common::*;

fn build25() -> (tempfile::TempDir, Built) {
    build_fixture("blog25", true)
}

#[test]
fn rss_and_atom_parse_and_carry_absolute_urls() {
    let (_d, b) = build25();
    for name in ["feed_rss_created.xml", "feed_atom.xml"] {
        let feed = feed_rs::parser::parse(std::fs::read(b.site.join(name)).unwrap().as_slice())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.entries.len(), 20, "{name}: newest 20 posts");
        let first = &feed.entries[0];
        let title = first.title.as_ref().unwrap().content.clone();
        assert_eq!(
            title, "A post from the future",
            "{name}: newest first by date"
        );
        let link = &first.links[0].href;
        assert_eq!(
            link,
            "https://blog.example.org/team/blog/2099/01/01/a-post-from-the-future/"
        );
        let dates: Vec<_> = feed
            .entries
            .iter()
            .map(|e| e.published.or(e.updated).unwrap())
            .collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{name}: sorted by date"
        );
        // Every link inside the content is absolute.
        for e in &feed.entries {
            let html = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
                .unwrap();
            for url in attr_values(&html, "href") {
                assert!(
                    url.starts_with("https://blog.example.org/team/") || url.starts_with('#'),
                    "{name}: relative link {url}"
                );
            }
            assert!(!e.categories.is_empty(), "{name}: categories");
            assert!(!e.authors.is_empty(), "{name}: authors");
        }
        // The pinned post is not first: feeds are by date.
        assert_ne!(
            feed.entries[1].title.as_ref().unwrap().content,
            "Post 05: notes on topic E"
        );
    }
    // Pages link the feeds in <head>.
    let index = b.read("index.html");
    assert!(index.contains("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Blog fixture (25 posts) (RSS)\" href=\"feed_rss_created.xml\">"));
    assert!(index.contains("type=\"application/atom+xml\""));
    // And visibly, in the footer of every page, relative to the page.
    assert!(index
        .contains("<a href=\"feed_rss_created.xml\" type=\"application/rss+xml\">RSS feed</a>"));
    let post = b.read("blog/archive/2023/index.html");
    assert!(
        post.contains(
            "<a href=\"../../../feed_atom.xml\" type=\"application/atom+xml\">Atom feed</a>"
        ),
        "{post}"
    );
}

#[test]
fn rss_plugin_names_and_json_feed() {
    let dir = copy_fixture("blog25");
    let yml = dir.path().join("mkdocs.yml");
    let text = std::fs::read_to_string(&yml)
        .unwrap()
        .replace("  - search\n", "  - search\n  - rss:\n      length: 5\n");
    std::fs::write(&yml, text).unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    assert!(!b.exists("feed_atom.xml"));
    let feed = feed_rs::parser::parse(
        std::fs::read(b.site.join("feed_json_created.json"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(
        feed.entries.len(),
        5,
        "length from the rss plugin's options"
    );
    let rss = feed_rs::parser::parse(
        std::fs::read(b.site.join("feed_rss_created.xml"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(rss.entries.len(), 5);
}

#[test]
fn sitemap_lists_every_page_once() {
    let (_d, b) = build25();
    let xml = b.read("sitemap.xml");
    let locs = attr_like(&xml, "<loc>", "</loc>");
    let pages = files(&b.site)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .count();
    assert_eq!(locs.len(), pages, "one <loc> per page");
    assert!(locs.contains(
        &"https://blog.example.org/team/blog/2022/01/01/post-01-notes-on-topic-a/".to_string()
    ));
    assert!(xml.contains("<lastmod>2022-01-01</lastmod>"));
    let gz = std::fs::read(b.site.join("sitemap.xml.gz")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut text)
        .unwrap();
    assert_eq!(text, xml);
}

#[test]
fn search_index_has_every_page() {
    let (_d, b) = build25();
    let v: serde_json::Value = serde_json::from_str(&b.read("search/search_index.json")).unwrap();
    let docs = v["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 28, "26 posts + 2 pages");
    let p1 = docs
        .iter()
        .find(|d| d["title"] == "Post 01: notes on topic A")
        .unwrap();
    assert_eq!(p1["location"], "blog/2022/01/01/post-01-notes-on-topic-a/");
    assert!(p1["text"]
        .as_str()
        .unwrap()
        .starts_with("Post 01: notes on topic A First paragraph of post 1."));
    assert!(b.read("index.html").contains("class=\"search-input\""));
    assert!(b.exists("assets/blogen/search.js"));
}

#[test]
fn not_found_page_uses_absolute_links() {
    let (_d, b) = build25();
    let html = b.read("404.html");
    assert!(
        html.contains("href=\"/team/assets/blogen/blogen.css\""),
        "{html}"
    );
    assert!(html.contains("href=\"/team/blog/\""));
}

fn attr_like(text: &str, open: &str, close: &str) -> Vec<String> {
    text.match_indices(open)
        .map(|(i, _)| {
            let rest = &text[i + open.len()..];
            rest[..rest.find(close).unwrap()].to_string()
        })
        .collect()
}

#[test]
fn without_site_url_feeds_and_sitemap_are_skipped_with_an_info_line() {
    let dir = copy_fixture("blog25");
    let yml = dir.path().join("mkdocs.yml");
    let text = std::fs::read_to_string(&yml)
        .unwrap()
        .replace("site_url: https://blog.example.org/team/\n", "");
    std::fs::write(&yml, text).unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "an info line does not fail --strict");
    assert!(!b.exists("feed_rss_created.xml") && !b.exists("sitemap.xml"));
    assert!(b
        .codes(blogen::check::Severity::Info)
        .contains(&"site-url-missing"));
}
