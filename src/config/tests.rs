//! Tests of reading mkdocs.yml: sections, defaults, and where diagnostics point.

use super::*;
use crate::diagnostics::Sink;

fn parse(text: &str) -> Config {
    Config::parse(text, Path::new("/r"), Path::new("mkdocs.yml"), &Sink::new()).unwrap()
}

#[test]
fn python_name_tags_parse() {
    let cfg = parse(
        "site_name: X\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n",
    );
    assert_eq!(
        cfg.markdown.passthrough_fences,
        vec![("mermaid".to_string(), "mermaid".to_string())]
    );
}

#[test]
fn blog_defaults_and_overrides() {
    let cfg = parse(
        "plugins:\n  - search\n  - blog:\n      blog_dir: news\n      pagination_per_page: 5\n",
    );
    let b = cfg.blog.unwrap();
    assert_eq!(b.blog_dir(), "news");
    assert_eq!(b.post_dir(), "news/posts");
    assert_eq!(b.authors_file(), "news/.authors.yml");
    assert_eq!(b.pagination_per_page, 5);
    assert_eq!(b.post_url_format, "{date}/{slug}");
}

#[test]
fn yaml_error_has_line() {
    let e = Config::parse(
        "site_name: x\nnav:\n  - a: [\n",
        Path::new("/r"),
        Path::new("mkdocs.yml"),
        &Sink::new(),
    )
    .unwrap_err();
    assert_eq!(e.code, "config-yaml");
    assert!(e.line >= 3, "{e:?}");
}

#[test]
fn wrong_type_is_reported_on_its_line() {
    let e = Config::parse(
        "site_name: x\nuse_directory_urls: maybe\n",
        Path::new("/r"),
        Path::new("mkdocs.yml"),
        &Sink::new(),
    )
    .unwrap_err();
    assert_eq!((e.code, e.line), ("config-type", 2));
}

#[test]
fn nav_parses_sections_and_links() {
    let cfg = parse("nav:\n  - index.md\n  - Blog: blog/index.md\n  - More:\n    - About: about.md\n    - GH: https://x.org/\n");
    let nav = cfg.nav.unwrap();
    assert_eq!(nav.len(), 3);
    assert_eq!(
        nav[1],
        NavItem::Page {
            title: Some("Blog".into()),
            path: "blog/index.md".into()
        }
    );
    match &nav[2] {
        NavItem::Section { children, .. } => {
            assert!(matches!(children[1], NavItem::Link { .. }))
        }
        _ => panic!(),
    }
}

#[test]
fn digest_follows_the_config_not_the_run_state() {
    let a = parse("site_name: X\nplugins:\n  - blog\n");
    let b = parse("site_name: X\nplugins:\n  - blog:\n      pagination_per_page: 3\n");
    assert_ne!(a.digest(), b.digest(), "a blog option changes the digest");
    let c = parse("site_name: Y\nplugins:\n  - blog\n");
    assert_ne!(a.digest(), c.digest(), "the site name changes the digest");
    assert_eq!(
        a.digest(),
        parse("site_name: X\nplugins:\n  - blog\n").digest()
    );
}

#[test]
fn sections_keep_their_lenient_reading() {
    let cfg = parse(
        "site_name: 42\nvalidation:\n  not_found: info\n  links:\n    anchors: warn\n    absolute_links: loud\nmarkdown_extensions:\n  - toc:\n      permalink: \"#\"\n      permalink_title: 5\n  - pymdownx.snippets:\n      base_path: [a, 1, b]\nextra:\n  blogen:\n    feed_length: 5\n    cache: maybe\n",
    );
    assert_eq!(cfg.site_name, "42");
    assert_eq!(cfg.validation.nav_not_found, Level::Info);
    assert_eq!(cfg.validation.links_not_found, Level::Info);
    assert_eq!(cfg.validation.links_anchors, Level::Warn);
    assert_eq!(
        cfg.validation.links_absolute,
        Level::Info,
        "an unknown level is ignored"
    );
    assert_eq!(cfg.markdown.toc_permalink.as_deref(), Some("#"));
    assert_eq!(cfg.markdown.toc_permalink_title, "Permanent link");
    assert_eq!(cfg.markdown.snippets_base_path, ["a", "b"]);
    assert_eq!(cfg.feeds.length, 5);
}

#[test]
fn extra_javascript_strings_and_mappings() {
    let cfg = parse(
        "site_name: X\nextra_javascript:\n  - a.js\n  - b.mjs\n  - path: https://cdn.example/tex.js\n    async: true\n  - {path: c.js, type: module, defer: true}\n",
    );
    let got: Vec<(&str, &str, bool, bool)> = cfg
        .extra_javascript
        .iter()
        .map(|s| (s.path.as_str(), s.kind.as_str(), s.defer, s.is_async))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a.js", "", false, false),
            ("b.mjs", "module", false, false),
            ("https://cdn.example/tex.js", "", false, true),
            ("c.js", "module", true, false),
        ]
    );
}

#[test]
fn post_slugify_and_arithmatex_fences_parse() {
    let cfg = parse(
        "site_name: X\nplugins:\n  - blog:\n      post_slugify: !!python/name:markdown.extensions.toc.slugify\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n  - pymdownx.superfences:\n      custom_fences:\n        - name: math\n          class: arithmatex\n          format: !!python/object/apply:pymdownx.arithmatex.arithmatex_fenced_format {kwds: {mode: generic, tag: pre}}\n",
    );
    let b = cfg.blog.unwrap();
    assert_eq!(b.post_slugify, toc::Slugify::Toc { unicode: false });
    assert_eq!(b.categories_slugify, toc::Slugify::PY_LOWER);
    assert!(cfg.markdown.arithmatex.generic);
    assert_eq!(
        cfg.markdown.math_fences,
        vec![("math".to_string(), true, "pre".to_string())]
    );
}
