//! Every check of `blogen build` / `blogen check`: each problem is reported with its stable code,
//! the file and the line, and nothing panics. Sites are written into temp dirs by the tests.

mod common;
use blogen::check::{Diagnostic, Severity};
use common::*;
use std::path::Path;

const CONFIG: &str = "site_name: Diagnostics\nsite_url: https://example.org/\nplugins:\n  - blog:\n      categories_allowed: [News, Guides]\n      post_excerpt: required\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n";

/// Writes `files` (path under docs/, content) beside `config` and builds.
fn site_with(config: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, Built) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mkdocs.yml"), config).unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("blog/posts")).unwrap();
    std::fs::write(docs.join("index.md"), "# Home\n").unwrap();
    std::fs::write(docs.join("blog/index.md"), "# Blog\n").unwrap();
    std::fs::write(
        docs.join("blog/.authors.yml"),
        "authors:\n  ada:\n    name: Ada\n    description: x\n    avatar: a.png\n",
    )
    .unwrap();
    for (path, content) in files {
        let p = docs.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    let b = build_in(dir.path(), false);
    (dir, b)
}

fn post(extra_front: &str, body: &str) -> Vec<u8> {
    format!("---\ndate: 2024-01-02\nauthors: [ada]\ncategories: [News]\n{extra_front}---\n\n# A post\n\nIntro.\n\n<!-- more -->\n\n{body}\n").into_bytes()
}

fn find<'a>(b: &'a Built, code: &str) -> &'a Diagnostic {
    b.diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no `{code}` in {:#?}", b.diagnostics))
}

fn assert_at(d: &Diagnostic, file: &str, line: usize) {
    assert_eq!(d.file.as_deref(), Some(Path::new(file)), "{d:?}");
    assert_eq!(d.line, line, "{d:?}");
}

#[test]
fn invalid_yaml_front_matter_names_the_file_line() {
    let (_d, b) = site_with(
        CONFIG,
        &[(
            "blog/posts/bad.md",
            b"---\ndate: 2024-01-01\ntitle: [unclosed\nauthors: [ada]\n---\n# T\n",
        )],
    );
    let d = find(&b, "front-matter-yaml");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.file.as_deref(), Some(Path::new("docs/blog/posts/bad.md")));
    assert!((3..=5).contains(&d.line), "{d:?}");
    assert!(!b.written, "an error stops the build");
}

#[test]
fn tabs_in_yaml_are_reported() {
    let (_d, b) = site_with(
        CONFIG,
        &[(
            "blog/posts/tabs.md",
            b"---\ndate: 2024-01-01\ncategories:\n\t- News\n---\n# T\n",
        )],
    );
    assert_at(find(&b, "front-matter-yaml"), "docs/blog/posts/tabs.md", 4);
}

#[test]
fn missing_and_invalid_dates() {
    let (_d, b) = site_with(
        CONFIG,
        &[
            (
                "blog/posts/nodate.md",
                b"---\nauthors: [ada]\n---\n# No date\n",
            ),
            (
                "blog/posts/baddate.md",
                b"---\ntitle: x\ndate: 2026-13-45\n---\n# Bad date\n",
            ),
            ("blog/posts/empty.md", b""),
        ],
    );
    assert_at(find(&b, "post-date-missing"), "docs/blog/posts/empty.md", 1);
    assert!(b.diagnostics.iter().any(|d| d.code == "post-date-missing"
        && d.file.as_deref() == Some(Path::new("docs/blog/posts/nodate.md"))));
    let bad = find(&b, "post-date-invalid");
    assert_at(bad, "docs/blog/posts/baddate.md", 3);
    assert!(bad.message.contains("2026-13-45"));
}

#[test]
fn unknown_author_and_disallowed_category() {
    let (_d, b) = site_with(
        CONFIG,
        &[("blog/posts/p.md", b"---\ndate: 2024-01-01\nauthors:\n  - zed\ncategories:\n  - Gossip\n---\n# P\n\nx\n\n<!-- more -->\n")],
    );
    assert_at(find(&b, "author-unknown"), "docs/blog/posts/p.md", 3);
    assert_at(find(&b, "category-not-allowed"), "docs/blog/posts/p.md", 5);
}

#[test]
fn links_images_anchors_drafts_and_escapes() {
    let body = "[gone](missing.md)\n\n![img](nothere.png)\n\n[out](../../../../etc/passwd)\n\n![pw](../../../../etc/passwd)\n\n[draft](draft.md)\n\n[anchor](other.md#nope)\n\n[abs](/abs/page/)\n";
    let (_d, b) = site_with(
        CONFIG,
        &[
            ("blog/posts/p.md", &post("", body)),
            ("blog/posts/other.md", &post("", "## Real heading\n")),
            ("blog/posts/draft.md", &post("draft: true\n", "")),
        ],
    );
    // The body starts at line 13 of p.md (5 front matter lines, blank, title, blank, intro, blank, more, blank).
    assert_at(find(&b, "link-missing"), "docs/blog/posts/p.md", 13);
    assert_at(find(&b, "image-missing"), "docs/blog/posts/p.md", 15);
    assert_at(find(&b, "link-outside-docs"), "docs/blog/posts/p.md", 17);
    assert_at(find(&b, "image-outside-docs"), "docs/blog/posts/p.md", 19);
    assert_at(find(&b, "link-to-draft"), "docs/blog/posts/p.md", 21);
    let anchor = find(&b, "anchor-missing");
    assert_at(anchor, "docs/blog/posts/p.md", 23);
    assert_eq!(
        anchor.severity,
        Severity::Info,
        "mkdocs 1.6 default for validation.anchors"
    );
    let abs = find(&b, "link-absolute");
    assert_at(abs, "docs/blog/posts/p.md", 25);
    assert_eq!(abs.severity, Severity::Info);
    assert_eq!(find(&b, "link-missing").col, 1);
    assert_eq!(find(&b, "link-missing").severity, Severity::Warning);
    // Nothing outside the docs folder was copied.
    assert!(files(&b.site).iter().all(|f| !f.contains("passwd")));
}

#[test]
fn validation_config_changes_severities() {
    let config =
        format!("{CONFIG}validation:\n  links:\n    anchors: warn\n    not_found: ignore\n");
    let (_d, b) = site_with(
        &config,
        &[
            (
                "blog/posts/p.md",
                &post("", "[a](other.md#nope) [b](missing.md)\n"),
            ),
            ("blog/posts/other.md", &post("", "")),
        ],
    );
    assert_eq!(find(&b, "anchor-missing").severity, Severity::Warning);
    assert!(b.diagnostics.iter().all(|d| d.code != "link-missing"));
}

#[test]
fn excerpt_required_and_missing_title() {
    let (_d, b) = site_with(CONFIG, &[("blog/posts/plain.md", b"---\ndate: 2024-01-01\nauthors: [ada]\ncategories: [News]\n---\n\nJust text, no title, no separator.\n")]);
    assert_at(find(&b, "excerpt-missing"), "docs/blog/posts/plain.md", 6);
    assert_at(
        find(&b, "post-title-missing"),
        "docs/blog/posts/plain.md",
        6,
    );
}

#[test]
fn a_post_without_a_title_is_named_after_its_file_and_passes_strict() {
    // mkdocs-material 9.8 builds such a post under `--strict` without a warning (seen on a real
    // Chinese blog, where blogen's warning failed the strict build mkdocs passed).
    let (_d, b) = site_with(
        CONFIG,
        &[(
            "blog/posts/plain.md",
            b"---\ndate: 2024-01-01\nauthors: [ada]\ncategories: [News]\n---\n\nJust text.\n\n<!-- more -->\n",
        )],
    );
    assert_eq!(find(&b, "post-title-missing").severity, Severity::Info);
    let root = _d.path();
    let strict = build_in(root, true);
    assert!(strict.written, "{:#?}", strict.diagnostics);
}

#[test]
fn two_posts_on_one_url() {
    let (_d, b) = site_with(
        CONFIG,
        &[
            ("blog/posts/a.md", &post("", "")),
            ("blog/posts/b.md", &post("", "")),
        ],
    );
    // mkdocs-material writes the later post over the earlier one without a word: info.
    let d = find(&b, "url-conflict");
    assert_eq!(d.severity, Severity::Info);
    assert!(d.message.contains("blog/2024/01/02/a-post/"), "{d:?}");
}

#[test]
fn page_missing_from_nav_and_nav_entry_without_page() {
    let config = format!("{CONFIG}nav:\n  - Home: index.md\n  - Gone: gone.md\n");
    let (_d, b) = site_with(&config, &[("about.md", b"# About\n")]);
    let omitted = find(&b, "nav-omitted");
    assert_eq!(omitted.severity, Severity::Info);
    assert!(b
        .diagnostics
        .iter()
        .any(|d| d.code == "nav-omitted" && d.file.as_deref() == Some(Path::new("docs/about.md"))));
    let nf = find(&b, "nav-not-found");
    assert_eq!((nf.severity, nf.line), (Severity::Warning, 13));
}

#[test]
fn non_utf8_file_is_reported_and_skipped() {
    let (_d, b) = site_with(
        CONFIG,
        &[("notes.md", b"# Notes\n\nline two \xff\xfe bad\n")],
    );
    let d = find(&b, "file-not-utf8");
    assert_at(d, "docs/notes.md", 3);
    assert_eq!(d.col, 10);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mkdocs.yml"), "site_name: x\n").unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("index.md"), "# Home\n").unwrap();
    std::os::unix::fs::symlink("..", docs.join("sub/loop")).unwrap();
    let b = build_in(dir.path(), false);
    assert!(
        b.diagnostics
            .iter()
            .any(|d| d.code == "file-unreadable" && d.message.contains("loop")),
        "{:#?}",
        b.diagnostics
    );
    assert!(b.written);
}

#[test]
fn bad_input_corpus_never_panics_and_never_half_writes() {
    let big = {
        let mut s = String::from("---\ndate: 2024-01-01\nauthors: [ada]\ncategories: [News]\n---\n# Big\n\nintro\n\n<!-- more -->\n\n");
        let para =
            "Lorem ipsum dolor sit amet, [link](x.md) `code` **bold** and more words here.\n\n";
        while s.len() < 10 * 1024 * 1024 {
            s.push_str(para);
        }
        s
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "blog/posts/broken-yaml.md",
            b"---\ndate: 2024-01-01\n: : :\n---\n# x\n".to_vec(),
        ),
        (
            "blog/posts/only-front.md",
            b"---\ndate: 2024-01-01\n---".to_vec(),
        ),
        ("blog/posts/empty.md", vec![]),
        (
            "blog/posts/unclosed.md",
            b"---\ndate: 2024-01-01\n# never closed\n".to_vec(),
        ),
        ("blog/posts/list.md", b"---\n- a\n- b\n---\n# x\n".to_vec()),
        (
            "blog/posts/weird-date.md",
            b"---\ndate: {created: nope}\n---\n# x\n".to_vec(),
        ),
        ("blog/posts/binary.md", vec![0, 159, 146, 150, 255, 10]),
        ("blog/posts/big.md", big.into_bytes()),
        (
            "page-escape.md",
            b"# P\n\n![x](../../../../etc/passwd)\n\n[y](../outside.md)\n".to_vec(),
        ),
        (
            "unicode.md",
            "# Ünïcödé 🚀\n\n## 日本語\n\n## 日本語\n"
                .as_bytes()
                .to_vec(),
        ),
        ("deep/a/b/c/d.md", b"[up](../../../../index.md)\n".to_vec()),
    ];
    let files_ref: Vec<(&str, &[u8])> = cases.iter().map(|(p, c)| (*p, c.as_slice())).collect();
    let dir = tempfile::tempdir().unwrap();
    // A previous site that must survive the failing build.
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "previous").unwrap();
    std::fs::write(dir.path().join("mkdocs.yml"), CONFIG).unwrap();
    for (p, c) in &files_ref {
        let path = dir.path().join("docs").join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, c).unwrap();
    }
    let b = build_in(dir.path(), false);
    assert!(!b.written, "errors stop the build");
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        "previous"
    );
    // The cache folder may hold the pages rendered (they are right whatever the outcome).
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".blogen-cache")
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "no temporary folders left: {leftovers:?}"
    );
    for code in [
        "front-matter-yaml",
        "post-date-missing",
        "file-not-utf8",
        "image-outside-docs",
        "link-outside-docs",
    ] {
        assert!(
            b.diagnostics.iter().any(|d| d.code == code),
            "no {code}: {:#?}",
            b.diagnostics
        );
    }
    assert!(
        b.diagnostics.iter().all(|d| d.file.is_some()),
        "every problem names its file"
    );
}

#[test]
fn without_mkdocs_yml_no_diagnostic_blames_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/index.md"), "# Hi\n").unwrap();
    let sink = blogen::check::Sink::new();
    let config =
        blogen::config::Config::load(&dir.path().join("mkdocs.yml"), false, &sink).unwrap();
    let report = blogen::build(&config, blogen::plan::Mode::Build, false, &sink);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "site-url-missing")
        .expect("site-url-missing");
    assert_eq!(d.file, None, "{d:?}");
    assert!(d.message.contains("defaults are in use"), "{}", d.message);
}

#[test]
fn links_to_a_post_that_failed_to_load_say_so_once_per_link() {
    // The post's own error is reported once; the links to it do not claim it is missing.
    let (_d, b) = site_with(
        CONFIG,
        &[
            (
                "blog/posts/broken.md",
                b"---\ndate: 2024-01-01\ntitle: [unclosed\n---\n# Broken\n",
            ),
            (
                "blog/posts/linker.md",
                &post(
                    "",
                    "See [the broken one](broken.md) and [again](broken.md#top).",
                ),
            ),
            ("about.md", b"# About\n\n[Broken](blog/posts/broken.md)\n"),
        ],
    );
    let own: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.code == "front-matter-yaml")
        .collect();
    assert_eq!(own.len(), 1, "{:#?}", b.diagnostics);
    assert!(
        !b.diagnostics.iter().any(|d| d.code == "link-missing"),
        "{:#?}",
        b.diagnostics
    );
    let links: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-to-unloaded")
        .collect();
    assert_eq!(links.len(), 3, "{links:#?}");
    assert!(links[0].message.contains("failed to load"), "{links:?}");
    assert!(links
        .iter()
        .any(|d| d.file.as_deref() == Some(Path::new("docs/about.md")) && d.line == 3));
}

#[test]
fn links_to_a_post_with_an_unusable_date_say_it_failed_to_load() {
    // The file is in the docs folder, so `link-missing` ("not in the docs folder") would mislead.
    for front in ["date: 2024-13-45", "title: No date"] {
        let broken = format!("---\n{front}\n---\n# Broken\n");
        let (_d, b) = site_with(
            CONFIG,
            &[
                ("blog/posts/broken.md", broken.as_bytes()),
                ("about.md", b"# About\n\n[Broken](blog/posts/broken.md)\n"),
            ],
        );
        assert!(
            !b.diagnostics.iter().any(|d| d.code == "link-missing"),
            "{front}: {:#?}",
            b.diagnostics
        );
        let links: Vec<_> = b
            .diagnostics
            .iter()
            .filter(|d| d.code == "link-to-unloaded")
            .collect();
        assert_eq!(links.len(), 1, "{front}: {:#?}", b.diagnostics);
        assert_eq!(links[0].line, 3);
    }
}
