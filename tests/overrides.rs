//! mkdocs-material overrides in `theme.custom_dir` (fixture `overrides`, written in the shape
//! real Material blogs take): they never fail a build, what they add reaches the pages, their
//! static files are published where mkdocs publishes them, and blogen's own tera overrides
//! still work. Ends with a property test: any bytes as an override file never panic or hang.

mod common;
use blogen::check::Severity;
use common::*;
use proptest::prelude::*;

const POSTS: &[&str] = &[
    "blog/2024/01/15/first-post/index.html",
    "blog/2024/02/20/second-post/index.html",
];

fn build() -> (tempfile::TempDir, Built) {
    build_fixture("overrides", true)
}

fn infos_for<'a>(b: &'a Built, file: &str) -> Vec<&'a str> {
    b.diagnostics
        .iter()
        .filter(|d| d.code == "theme-override-ignored")
        .filter(|d| d.file.as_deref().is_some_and(|f| f.ends_with(file)))
        .map(|d| d.message.as_str())
        .collect()
}

#[test]
fn material_overrides_build_with_strict_and_only_info_lines() {
    let (_d, b) = build();
    assert!(b.codes(Severity::Error).is_empty(), "{:#?}", b.diagnostics);
    assert!(
        b.codes(Severity::Warning).is_empty(),
        "{:#?}",
        b.diagnostics
    );
    for d in b
        .diagnostics
        .iter()
        .filter(|d| d.code == "theme-override-ignored")
    {
        assert_eq!(d.severity, Severity::Info);
    }
}

#[test]
fn comments_partial_appears_where_page_meta_asks_for_it() {
    let (_d, b) = build();
    // As mkdocs-material 9.8.2 renders the fixture: the giscus script on both posts and on
    // about/ (comments: true), not on quiet/, the home page or the blog index.
    for page in POSTS.iter().chain(&["about/index.html"]) {
        let html = b.read(page);
        assert!(
            html.contains("<script src=\"https://giscus.app/client.js\""),
            "{page}"
        );
        assert!(html.contains("data-repo=\"test/test-comments\""), "{page}");
        assert!(
            html.contains("<h2 id=\"__comments\">Comments</h2>"),
            "{page}"
        );
        assert!(html.contains("__md_get(\"__palette\")"), "{page}");
    }
    for page in [
        "quiet/index.html",
        "index.html",
        "blog/index.html",
        "404.html",
    ] {
        assert!(!b.read(page).contains("giscus"), "{page}");
    }
}

#[test]
fn main_html_blocks_reach_every_page() {
    let (_d, b) = build();
    for page in POSTS
        .iter()
        .chain(&["about/index.html", "blog/index.html", "404.html"])
    {
        let html = b.read(page);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains("<meta name=\"analytics-id\" content=\"G-TEST123\">"),
            "{page}"
        );
        // extra.analytics.provider: custom includes partials/integrations/analytics/custom.html.
        assert!(head.contains("data-site=\"test-site\""), "{page}");
        assert!(
            html.contains("<span class=\"badge badge-note\">New</span> Read the"),
            "{page}"
        );
        assert!(html.contains("You are reading an old version."), "{page}");
        let end = &html[html.find("blogen.js").unwrap()..];
        assert!(
            end.contains("assets/javascripts/site.js\" data-theme=\"slate\""),
            "{page}"
        );
        // The `header` block is not used: blogen draws its own header.
        assert!(!html.contains("my-own-header"), "{page}");
        // The copyright partial replaces blogen's copyright line.
        assert!(html.contains("Built from <a href="), "{page}");
    }
    // `{{ super() }}` in `content` is the page's content; the addition follows it.
    let post = b.read(POSTS[0]);
    let content = post.find("Hello from the first post.").unwrap();
    let after = post
        .find("<span class=\"badge badge-info\">End</span> Thanks for reading First post.")
        .unwrap();
    let comments = post.find("__comments").unwrap();
    assert!(content < after && after < comments);
    // `| url` is relative to the page, as mkdocs writes it...
    assert!(post.contains("Read the <a href=\"../../../../\">latest posts</a>"));
    // ...and from the site's root on the 404 page, served at any URL (mkdocs writes /blog/).
    assert!(b
        .read("404.html")
        .contains("Read the <a href=\"/blog/\">latest posts</a>"));
    // Blog views get the frame's additions but not the `content` block.
    assert!(!b.read("blog/index.html").contains("Thanks for reading"));
}

#[test]
fn template_front_matter_renders_the_home_template() {
    let (_d, b) = build();
    let home = b.read("index.html");
    assert!(home.contains("<section class=\"hero-banner\">"));
    assert!(home.contains("<img src=\"assets/images/logo.svg\" alt=\"\">"));
    assert!(home.contains("<a href=\"blog/\">Continue reading</a>"));
    assert!(home.contains("<div class=\"home-content\"><h1 id=\"welcome\">Welcome</h1>"));
    // home.html fills `content` itself: main.html's addition is not there.
    assert!(!home.contains("Thanks for reading"));
    // main.html's other blocks still apply (home.html extends it).
    assert!(home.contains("analytics-id"));
}

#[test]
fn custom_dir_files_are_published_where_mkdocs_publishes_them() {
    let (_d, b) = build();
    // mkdocs 1.6.1 + mkdocs-material 9.8.2 publish the fixture's custom_dir files at
    // assets/images/logo.svg, assets/stylesheets/extra.css, static/extra-blogen.js and
    // assets/shared.css from docs/ (docs_dir wins over custom_dir); no README.md, no .html.
    for f in [
        "assets/images/logo.svg",
        "assets/stylesheets/extra.css",
        "static/extra-blogen.js",
    ] {
        assert!(b.exists(f), "{f}");
    }
    assert!(b.read("assets/shared.css").contains("from docs"));
    for f in [
        "README.md",
        "main.html",
        "home.html",
        "partials/comments.html",
        "overrides/main.html",
    ] {
        assert!(!b.exists(f), "{f}");
    }
    // blogen's own `static/` override keeps working.
    assert!(b.exists("assets/blogen/extra-blogen.js"));
    assert!(b.exists("assets/blogen/blogen.css"));
}

#[test]
fn what_is_not_honoured_is_one_info_line_per_file() {
    let (_d, b) = build();
    let main = infos_for(&b, "overrides/main.html");
    assert_eq!(main.len(), 1, "{main:?}");
    assert!(main[0].contains("block `header` is not used"), "{main:?}");
    let header = infos_for(&b, "overrides/partials/header.html");
    assert_eq!(header.len(), 1, "{header:?}");
    assert!(header[0].contains("no place for it"), "{header:?}");
    let footer = infos_for(&b, "overrides/partials/footer.html");
    assert_eq!(footer.len(), 1, "{footer:?}");
    assert!(footer[0].contains("plugin_only_filter"), "{footer:?}");
    // The footer partial failed: blogen's footer stays.
    assert!(b.read(POSTS[0]).contains("<p class=\"made-with\">"));
    // Files used in full have no line.
    for f in ["home.html", "comments.html", "copyright.html", "toc.html"] {
        assert!(infos_for(&b, f).is_empty(), "{f}");
    }
}

#[test]
fn a_rebuild_from_the_cache_tells_the_same_lines() {
    let (d, first) = build();
    let second = build_in(d.path(), true);
    assert!(second.written);
    let lines = |b: &Built| {
        let mut v: Vec<String> = b
            .diagnostics
            .iter()
            .filter(|d| d.code == "theme-override-ignored")
            .map(|d| format!("{:?} {}", d.file, d.message))
            .collect();
        v.sort();
        v
    };
    assert_eq!(lines(&first), lines(&second));
}

#[test]
fn blogen_tera_overrides_still_work() {
    let (_d, b) = build();
    // overrides/partials/toc.html is written for blogen (tera, blogen's context).
    let post = b.read(POSTS[0]);
    assert!(post.contains("<nav class=\"custom-toc\" aria-label=\"On this page\"><a href=\"#first-post\">First post</a>"));
    // templates/partials/nav.html beside mkdocs.yml.
    assert!(post.contains("<nav class=\"custom-nav\">"));
    assert!(infos_for(&b, "toc.html").is_empty());
}

#[test]
fn a_material_base_html_is_not_compiled_as_tera() {
    let dir = copy_fixture("overrides");
    let custom = dir.path().join("overrides");
    // Shaped like Material's own base.html: Jinja-only syntax tera cannot read.
    std::fs::write(
        custom.join("base.html"),
        "{% import \"partials/language.html\" as lang with context %}\n<!doctype html>\n<html lang=\"{{ lang.t('language') }}\">{% block content %}{% endblock %}</html>\n",
    )
    .unwrap();
    // A blogen-named page template written for Material.
    std::fs::write(
        custom.join("404.html"),
        "{% extends \"main.html\" %}\n{% block content %}<h1>Lost?</h1><p>{{ config.site_name }} has no such page.</p>{% endblock %}\n",
    )
    .unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    let base = infos_for(&b, "overrides/base.html");
    assert_eq!(base.len(), 1);
    assert!(base[0].contains("page frame"), "{base:?}");
    // Material's 404.html fills the 404 page's content.
    let nf = b.read("404.html");
    assert!(nf.contains("<h1>Lost?</h1><p>Override Test has no such page.</p>"));
    assert!(!nf.contains("404 - Page not found"));
}

#[test]
fn a_template_naming_a_broken_material_file_falls_back_to_the_page_template() {
    let dir = copy_fixture("overrides");
    std::fs::write(
        dir.path().join("overrides/home.html"),
        "{% extends \"main.html\" %}{% block content %}{% for x in %}{% endblock %}",
    )
    .unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    let home = infos_for(&b, "overrides/home.html");
    assert_eq!(home.len(), 1, "{home:?}");
    assert!(home[0].contains("cannot be read"), "{home:?}");
    let html = b.read("index.html");
    assert!(html.contains("The front page of the test blog."));
    assert!(!html.contains("hero-banner"));
}

/// The fixture with `bytes` as the file `rel` of custom_dir, built.
fn build_with_file(rel: &str, bytes: &[u8]) -> Built {
    let dir = copy_fixture("overrides");
    let path = dir.path().join("overrides").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let b = build_in(dir.path(), true);
    drop(dir);
    b
}

/// Jinja-ish text: tags, blocks, calls and odd bytes, to reach the parsers' corners.
fn jinja_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("{% extends \"base.html\" %}".to_string()),
        Just("{% extends \"main.html\" %}".to_string()),
        Just("{% block content %}".to_string()),
        Just("{% block scripts %}{{ super() }}".to_string()),
        Just("{% endblock %}".to_string()),
        Just("{% include \"partials/comments.html\" %}".to_string()),
        Just("{% include \"main.html\" %}".to_string()),
        Just("{% import \"partials/language.html\" as lang with context %}".to_string()),
        Just("{% macro m(a, b=1) %}{{ m(a) }}{% endmacro %}{{ m(1) }}".to_string()),
        Just("{% for i in range(100000) %}{% for j in range(100000) %}x".to_string()),
        Just("{% endfor %}".to_string()),
        Just("{{ lang.t('toc') }}".to_string()),
        Just("{{ config.extra.x | url }}".to_string()),
        Just("{{ page.meta.comments }}".to_string()),
        Just("((((((((".to_string()),
        Just("{{".to_string()),
        Just("{%".to_string()),
        "[ -~]{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn any_material_override_builds(
        which in 0usize..3,
        bytes in prop_oneof![jinja_like(), prop::collection::vec(any::<u8>(), 0..400)],
    ) {
        let rel = ["main.html", "partials/comments.html", "home.html"][which];
        let b = build_with_file(rel, &bytes);
        prop_assert!(b.written, "{:#?}", b.diagnostics);
        prop_assert!(b.codes(Severity::Error).is_empty());
        prop_assert!(b.codes(Severity::Warning).is_empty());
    }

    #[test]
    fn any_blogen_named_override_never_panics(
        bytes in prop_oneof![jinja_like(), prop::collection::vec(any::<u8>(), 0..400)],
    ) {
        // base.html may be taken for blogen's (tera) and be wrong: an error then, never a panic.
        let _ = build_with_file("base.html", &bytes);
    }
}

/// `template: main.html` names Material's default page template (mkdocs-material builds such a
/// page as any other): blogen renders it with its page template and the override's blocks, and
/// without a custom_dir main.html it is the plain page template, never a missing template.
#[test]
fn template_main_html_is_the_page_template() {
    let dir = copy_fixture("overrides");
    std::fs::write(
        dir.path().join("docs/plain.md"),
        "---\ntemplate: main.html\n---\n\n# Plain\n\nA page that names main.html.\n",
    )
    .unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    let html = b.read("plain/index.html");
    assert!(html.contains("A page that names main.html."));
    assert!(
        html.contains("latest posts</a>"),
        "the override's announce block"
    );
    std::fs::remove_file(dir.path().join("overrides/main.html")).unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    assert!(b
        .read("plain/index.html")
        .contains("A page that names main.html."));
}
