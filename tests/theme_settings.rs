//! Each `theme:` setting blogen's built-in theme honours changes the pages it writes: palette,
//! logo, favicon, font, language, social links, copyright, analytics, repository and edit
//! links, and each feature's markup; unknown features are info lines (`--strict` passes).

mod common;

use blogen::check::Severity;
use common::{build_in, Built};
use proptest::prelude::*;

/// Builds a site from `yml` with a page `index.md`, a second page `about.md` and the given
/// extra files.
fn site(yml: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Built) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("index.md"),
        "# Home\n\n## One\n\ntext\n\n## Two\n\n```python\nprint(1)\n```\n\n## Three\n",
    )
    .unwrap();
    std::fs::write(docs.join("about.md"), "# About\n\nAbout us.\n").unwrap();
    for (rel, text) in files {
        let p = docs.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(dir.path().join("mkdocs.yml"), yml).unwrap();
    let b = build_in(dir.path(), true);
    assert!(b.written, "{:#?}", b.diagnostics);
    (dir, b)
}

fn home(yml: &str) -> String {
    site(yml, &[]).1.read("index.html")
}

const PLAIN: &str = "site_name: T\n";

#[test]
fn palette_sets_scheme_and_colours_and_a_list_gets_a_toggle() {
    let plain = home(PLAIN);
    assert!(
        plain.contains(r#"data-md-color-primary="indigo""#),
        "Material's default"
    );
    let one = home("site_name: T\ntheme:\n  name: material\n  palette:\n    scheme: slate\n    primary: deep orange\n    accent: Lime\n");
    assert!(one.contains(r#"data-md-color-scheme="slate""#), "{one}");
    assert!(one.contains(r#"data-md-color-primary="deep-orange""#));
    assert!(one.contains(r#"data-md-color-accent="lime""#));
    assert!(one.contains(r#"data-theme="dark""#));
    assert!(
        !one.contains("class=\"theme-toggle\""),
        "one palette: nothing to switch to"
    );
    let two = home("site_name: T\ntheme:\n  name: material\n  palette:\n    - media: \"(prefers-color-scheme: light)\"\n      scheme: default\n      primary: red\n      toggle:\n        icon: material/brightness-7\n        name: To dark\n    - media: \"(prefers-color-scheme: dark)\"\n      scheme: slate\n      primary: teal\n      toggle:\n        icon: material/brightness-4\n        name: To light\n");
    assert!(two.contains("class=\"theme-toggle\""), "{two}");
    assert!(two.contains(r#"data-name="To dark""#) && two.contains(r#"data-name="To light""#));
    assert!(
        two.contains(r#""media":"(prefers-color-scheme: dark)""#),
        "media queries reach the script"
    );
    assert!(two.contains("blogen-palette"), "the choice is remembered");
    assert!(two.contains(r#"data-primary="teal""#));
}

#[test]
fn unknown_colour_is_an_info_line_and_strict_passes() {
    let (_d, b) = site(
        "site_name: T\ntheme:\n  name: material\n  palette:\n    primary: mauve\n",
        &[],
    );
    let d = b
        .diagnostics
        .iter()
        .find(|d| d.code == "theme-palette-unknown")
        .expect("info line");
    assert_eq!((d.severity, d.line), (Severity::Info, 5));
}

#[test]
fn logo_image_or_icon_and_favicon() {
    let (_d, b) = site(
        "site_name: T\ntheme:\n  name: material\n  logo: img/logo.png\n  favicon: img/fav.png\n",
        &[("img/logo.png", "x"), ("img/fav.png", "x")],
    );
    let about = b.read("about/index.html");
    assert!(about.contains(r#"<img src="../img/logo.png""#), "{about}");
    assert!(about.contains(r#"<link rel="icon" href="../img/fav.png" type="image/png">"#));
    let icon = home(
        "site_name: T\ntheme:\n  name: material\n  icon:\n    logo: fontawesome/brands/github\n",
    );
    assert!(!icon.contains("<img src"), "an icon, not an image");
    assert!(icon.contains(">GH</text>"), "the named icon is drawn");
    let plain = home(PLAIN);
    assert!(plain
        .contains(r#"<link rel="icon" href="assets/blogen/favicon.svg" type="image/svg+xml">"#));
}

#[test]
fn fonts_load_only_when_named() {
    let plain = home(PLAIN);
    assert!(
        !plain.contains("fonts.googleapis.com"),
        "no request nobody asked for"
    );
    let off = home("site_name: T\ntheme:\n  name: material\n  font: false\n");
    assert!(!off.contains("fonts.googleapis.com"));
    let named = home("site_name: T\ntheme:\n  name: material\n  font:\n    text: Open Sans\n    code: Fira Code\n");
    assert!(
        named.contains("https://fonts.googleapis.com/css?family=Open+Sans:300,300i,400,400i,700,700i%7CFira+Code:400,400i,700,700i&amp;display=fallback"),
        "{named}"
    );
    assert!(named.contains(r#"--md-text-font:"Open Sans""#));
    assert!(named.contains(r#"--md-code-font:"Fira Code""#));
    let own = home("site_name: T\ntheme:\n  name: material\n  font:\n    text: Inter\nextra:\n  blogen:\n    font_url: fonts/inter.css\n");
    assert!(
        own.contains(r#"<link rel="stylesheet" href="fonts/inter.css">"#),
        "{own}"
    );
    assert!(!own.contains("googleapis"));
}

#[test]
fn language_sets_html_lang_and_the_theme_words() {
    let (_d, b) = site(
        "site_name: T\ntheme:\n  name: material\n  language: de\n",
        &[],
    );
    let de = b.read("index.html");
    assert!(de.starts_with("<!doctype html>\n<html lang=\"de\""), "{de}");
    assert!(de.contains("Inhaltsverzeichnis"));
    assert!(de.contains(r#"placeholder="Suchen""#));
    assert!(de.contains(">Zum Inhalt<"));
    for (lang, word) in [
        ("fr", "Table des matières"),
        ("es", "Tabla de contenidos"),
        ("it", "Indice"),
        ("zh", "目录"),
        ("ja", "目次"),
        ("en", "Table of contents"),
    ] {
        let page = home(&format!(
            "site_name: T\ntheme:\n  name: material\n  language: {lang}\n"
        ));
        assert!(page.contains(word), "{lang}");
        assert!(page.contains(&format!("<html lang=\"{lang}\"")));
    }
    let (_d, b) = site(
        "site_name: T\ntheme:\n  name: material\n  language: fi\n",
        &[],
    );
    assert!(b.read("index.html").contains("<html lang=\"fi\""));
    assert!(b.read("index.html").contains("Table of contents"));
    assert!(b
        .diagnostics
        .iter()
        .any(|d| d.code == "theme-language-unsupported" && d.severity == Severity::Info));
}

#[test]
fn social_links_copyright_and_analytics() {
    let page = home("site_name: T\ncopyright: Copyright &copy; 2026 Us\nextra:\n  social:\n    - icon: fontawesome/brands/mastodon\n      link: https://mastodon.example/@us\n      name: Us on Mastodon\n    - icon: no/such-icon\n      link: https://example.org/\n");
    assert!(
        page.contains(r#"<a href="https://mastodon.example/@us" title="Us on Mastodon""#),
        "{page}"
    );
    assert!(
        page.contains(r#"title="example.org""#),
        "a link without a name is named by its host"
    );
    assert!(page.contains("<p class=\"copyright\">Copyright &copy; 2026 Us</p>"));
    let plain = home(PLAIN);
    assert!(!plain.contains("class=\"social\""));
    assert!(!plain.contains("googletagmanager") && !plain.contains("plausible"));
    let ga =
        home("site_name: T\nextra:\n  analytics:\n    provider: google\n    property: G-ABC123\n");
    assert!(
        ga.contains("https://www.googletagmanager.com/gtag/js?id=G-ABC123"),
        "{ga}"
    );
    assert!(ga.contains(r#"gtag("config", "G-ABC123")"#));
    let incomplete = home("site_name: T\nextra:\n  analytics:\n    provider: google\n");
    assert!(!incomplete.contains("googletagmanager"));
    let pl = home("site_name: T\nextra:\n  analytics:\n    provider: plausible\n    domain: blog.example.org\n");
    assert!(pl.contains(r#"<script defer data-domain="blog.example.org" src="https://plausible.io/js/script.js"></script>"#), "{pl}");
}

#[test]
fn repository_link_and_edit_buttons_follow_repo_url_and_edit_uri() {
    let yml = "site_name: T\nrepo_url: https://github.com/o/r\ntheme:\n  name: material\n  features:\n    - content.action.edit\n    - content.action.view\n";
    let (_d, b) = site(yml, &[]);
    let about = b.read("about/index.html");
    assert!(
        about.contains(r#"<a class="repo-link" href="https://github.com/o/r""#),
        "{about}"
    );
    assert!(
        about.contains("<span>GitHub</span>"),
        "repo_name from the host, as mkdocs does"
    );
    assert!(about.contains(r#"href="https://github.com/o/r/edit/master/docs/about.md""#));
    assert!(about.contains(r#"href="https://github.com/o/r/raw/master/docs/about.md""#));
    let own = home("site_name: T\nrepo_url: https://git.example.org/o/r\nrepo_name: o/r\nedit_uri: src/branch/main/docs\ntheme:\n  name: material\n  features:\n    - content.action.edit\n");
    assert!(own.contains("<span>o/r</span>"));
    assert!(
        own.contains(r#"href="https://git.example.org/o/r/src/branch/main/docs/index.md""#),
        "{own}"
    );
    assert!(
        !own.contains("action-view"),
        "content.action.view is not on"
    );
    let no_feature = home("site_name: T\nrepo_url: https://github.com/o/r\n");
    assert!(
        !no_feature.contains("action-edit"),
        "as mkdocs-material 9: only with the feature"
    );
    assert!(!home(PLAIN).contains("repo-link"));
}

#[test]
fn each_feature_changes_its_markup() {
    let nav_yml = "site_name: T\nnav:\n  - Home: index.md\n  - Docs:\n    - docs/index.md\n    - About: about.md\n";
    let (_d, plain_site) = site(nav_yml, &[("docs/index.md", "# Docs\n")]);
    let plain = plain_site.read("index.html");
    let files = [("docs/index.md", "# Docs\n")];
    let feature = |f: &str, page: &str| {
        let (_d, b) = site(
            &format!("{nav_yml}theme:\n  name: material\n  features:\n    - {f}\n"),
            &files,
        );
        b.read(page)
    };
    // navigation.tabs: a tab bar.
    assert!(!plain.contains("class=\"md-tabs\""));
    assert!(feature("navigation.tabs", "index.html").contains("class=\"md-tabs\""));
    // navigation.sections: sections as groups instead of collapsible details.
    assert!(plain.contains("<details"));
    let sections = feature("navigation.sections", "index.html");
    assert!(sections.contains("nav-group-title") && !sections.contains("<details"));
    // navigation.indexes: the section links its index page.
    assert!(!plain.contains("<summary><a href=\"docs/\""));
    assert!(
        feature("navigation.indexes", "index.html").contains("<summary><a href=\"docs/\">Docs</a>"),
        "{}",
        feature("navigation.indexes", "index.html")
    );
    // navigation.top: a back-to-top button.
    assert!(!plain.contains("class=\"md-top\""));
    assert!(feature("navigation.top", "index.html").contains("class=\"md-top\""));
    // navigation.footer: previous / next pages of the nav.
    assert!(!plain.contains("footer-nav"));
    let footer = feature("navigation.footer", "docs/index.html");
    assert!(
        footer.contains(r#"<a class="footer-prev" href="../" rel="prev">"#),
        "{footer}"
    );
    assert!(footer.contains(r#"<a class="footer-next" href="../about/" rel="next">"#));
    // toc.integrate: the table of contents in the navigation, not beside the page.
    assert!(plain.contains("<aside class=\"post-aside\">"));
    let integrated = feature("toc.integrate", "index.html");
    assert!(!integrated.contains("<aside class=\"post-aside\">"));
    assert!(integrated.contains("class=\"toc\""));
    // toc.follow, search.*: attributes the scripts act on.
    assert!(
        !plain.contains("data-follow")
            && feature("toc.follow", "index.html").contains("data-follow")
    );
    assert!(
        !plain.contains("data-highlight")
            && feature("search.highlight", "index.html").contains("data-highlight")
    );
    assert!(
        !plain.contains("data-suggest")
            && feature("search.suggest", "index.html").contains("data-suggest")
    );
    // The script's features (copy, annotate, linked tabs) are listed on the body.
    assert!(plain.contains(r#"data-features="""#));
    for f in [
        "content.code.copy",
        "content.code.annotate",
        "content.tabs.link",
    ] {
        assert!(
            feature(f, "index.html").contains(&format!(r#"data-features="{f}""#)),
            "{f}"
        );
    }
}

#[test]
fn announcement_with_dismiss() {
    let yml = "site_name: T\nextra:\n  blogen:\n    announce: New <b>posts</b>\n";
    let page = home(yml);
    assert!(page.contains("New <b>posts</b>"), "{page}");
    assert!(!page.contains("md-banner__dismiss"));
    let dismiss = home(&format!(
        "{yml}theme:\n  name: material\n  features:\n    - announce.dismiss\n"
    ));
    assert!(dismiss.contains("md-banner__dismiss"));
    assert!(!home(PLAIN).contains("md-banner"));
}

#[test]
fn unknown_and_unsupported_features_are_info_lines_at_their_item() {
    let (_d, b) = site(
        "site_name: T\ntheme:\n  name: material\n  features:\n    - navigation.top\n    - navigation.instant\n    - navigation.bogus\n",
        &[],
    );
    let at = |code: &str| {
        b.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| (d.severity, d.line))
            .collect::<Vec<_>>()
    };
    assert_eq!(at("theme-feature-unknown"), [(Severity::Info, 7)]);
    assert_eq!(at("theme-setting-ignored"), [(Severity::Info, 6)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any `theme:` value parses without panicking, and its info lines point into the file.
    #[test]
    fn any_theme_section_parses(
        palette in prop::sample::select(vec!["", "  palette: 3\n", "  palette:\n    - 1\n    - scheme: [a]\n", "  palette:\n    primary: {a: b}\n    toggle: x\n"]),
        font in prop::sample::select(vec!["", "  font: true\n", "  font:\n    text: [1]\n", "  font: {code: ''}\n"]),
        feats in prop::collection::vec("[a-z.]{0,12}", 0..4),
        lang in "[a-zA-Z_-]{0,6}",
    ) {
        let mut yml = format!("site_name: T\ntheme:\n  name: material\n{palette}{font}");
        if !lang.is_empty() { yml.push_str(&format!("  language: '{lang}'\n")); }
        yml.push_str("  features:\n");
        for f in &feats { yml.push_str(&format!("    - '{f}'\n")); }
        let sink = blogen::check::Sink::new();
        let cfg = blogen::config::Config::parse(&yml, std::path::Path::new("/r"), std::path::Path::new("mkdocs.yml"), &sink);
        prop_assert!(cfg.is_ok());
        let lines = yml.lines().count();
        for d in sink.take_sorted() {
            prop_assert!(d.line >= 1 && d.line <= lines, "{d:?}");
        }
    }
}
