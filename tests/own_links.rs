//! No broken links of blogen's own making: builds the sample blog and every test fixture with the
//! real binary and follows every `href` and `src` of every HTML page it wrote. A link that does
//! not resolve to a written file fails the test, unless the build reported that very link as a
//! problem of the source (the fixtures that test link warnings have such links on purpose).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

/// The path part of site_url (`https://example.org/team/` -> `/team/`), against which
/// root-absolute links (the 404 page's) resolve.
fn site_path(mkdocs_yml: &str) -> String {
    let url = mkdocs_yml
        .lines()
        .find_map(|l| l.strip_prefix("site_url:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .unwrap_or_default();
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    }
}

fn links_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The file a link of `page` (relative to `site`) points to, or None for links that leave the site.
fn target_of(site: &Path, page: &Path, link: &str, root: &str) -> Option<PathBuf> {
    let lower = link.to_ascii_lowercase();
    let external = link.starts_with("//")
        || link.starts_with('#')
        || link.is_empty()
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
    if external {
        return None;
    }
    let path = link.split(['#', '?']).next().unwrap_or("");
    let path = percent_decode(&path.replace("&amp;", "&"));
    let mut target = if let Some(abs) = path.strip_prefix(root) {
        site.join(abs)
    } else if let Some(abs) = path.strip_prefix('/') {
        // Root-absolute but outside the site's path: cannot resolve inside the site.
        return Some(site.join("\u{0}outside-site-path").join(abs));
    } else {
        page.parent().unwrap().join(&path)
    };
    if path.is_empty() || path.ends_with('/') || target.is_dir() {
        target = target.join("index.html");
    }
    Some(target)
}

/// Builds the project whose mkdocs.yml is in `root` and returns the unresolved links found,
/// as `page: link` lines.
fn broken_links(root: &Path) -> Vec<String> {
    let site = root.join("own-links-site");
    let out = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(["build", "-v", "--no-cache", "-d"])
        .arg(&site)
        .current_dir(root)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        site.join("index.html").is_file() || site.join("404.html").is_file(),
        "{said}"
    );
    let yml = std::fs::read_to_string(root.join("mkdocs.yml")).unwrap();
    let path_root = site_path(&yml);
    let mut broken = Vec::new();
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        for link in links_of(&html) {
            let Some(target) = target_of(&site, e.path(), &link, &path_root) else {
                continue;
            };
            let reported = said.contains(&format!("`{link}`"));
            if !target.is_file() && !reported {
                let page = e.path().strip_prefix(&site).unwrap().display();
                broken.push(format!("{page}: {link}"));
            }
        }
    }
    broken.sort();
    broken.dedup();
    broken
}

#[test]
fn the_sample_blog_has_no_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("mkdocs.yml"), dir.path().join("mkdocs.yml")).unwrap();
    for sub in ["docs", "templates"] {
        common::copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    let broken = broken_links(dir.path());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn no_fixture_has_broken_links_blogen_made() {
    let mut checked = 0;
    for e in std::fs::read_dir(common::fixture("")).unwrap() {
        let dir = e.unwrap().path();
        if !dir.join("mkdocs.yml").is_file() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let copy = common::copy_fixture(&name);
        let broken = broken_links(copy.path());
        assert!(
            broken.is_empty(),
            "{name}: broken links:\n{}",
            broken.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} fixtures found");
}

#[test]
fn without_a_home_page_or_site_url_nothing_links_to_them() {
    // The site name links to the blog index when docs/ has no index.md (mkdocs links to the
    // site root, where nothing is); without site_url no feed is written, so none is linked.
    let copy = common::copy_fixture("no_home");
    assert!(broken_links(copy.path()).is_empty());
    let site = copy.path().join("own-links-site");
    let post = std::fs::read_to_string(site.join("blog/2024/01/02/hello/index.html")).unwrap();
    assert!(
        post.contains(r#"class="site-name" href="../../../../""#),
        "{post}"
    );
    assert!(!post.contains("feed_rss"), "{post}");
    assert!(!site.join("feed_rss_created.xml").exists());
    let not_found = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(not_found.contains(r#"href="/blog/""#), "{not_found}");
    // The image beside the post is published and linked from the post and the blog index.
    assert!(site.join("blog/2024-01-02_hello/img/dot.webp").is_file());
    assert!(
        post.contains(r#"src="../../../../2024-01-02_hello/img/dot.webp""#),
        "{post}"
    );
}

#[test]
fn the_link_walker_sees_a_broken_link() {
    // The walker itself: a page linking a file that is not there is found.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::create_dir_all(site.join("a")).unwrap();
    std::fs::write(site.join("a/index.html"), "").unwrap();
    let page = site.join("a/index.html");
    let t = target_of(site, &page, "../b/", "/").unwrap();
    assert!(!t.is_file());
    let t = target_of(site, &page, "./", "/").unwrap();
    assert!(t.is_file());
    assert!(target_of(site, &page, "https://x.org/", "/").is_none());
    assert!(target_of(site, &page, "#top", "/").is_none());
    assert_eq!(links_of(r#"<a href="x">y</a><img src="z">"#), ["x", "z"]);
}
