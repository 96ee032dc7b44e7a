//! Icons and emoji as mkdocs-material renders them with `pymdownx.emoji` set to its
//! `twemoji` index and `to_svg` generator; the expected HTML was recorded from mkdocs 1.6.1 /
//! mkdocs-material 9.8.2 / pymdown-extensions 13.1.2 / Python-Markdown 3.11.3.

use blogen::check::{Severity, Sink};
use blogen::config::{Config, EmojiGenerator, EmojiIndex, EmojiOptions, MarkdownConfig};
use blogen::markdown::icons::icon_svg;
use blogen::markdown::{render, Env, Input, Rendered};
use blogen::plan::links::LinkIndex;
use std::path::Path;

const MATERIAL: &str = "site_name: X\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n";

fn config(yml: &str) -> MarkdownConfig {
    Config::parse(yml, Path::new("/r"), Path::new("mkdocs.yml"), &Sink::new())
        .expect("config")
        .markdown
}

fn with_generator(generator: &str) -> MarkdownConfig {
    config(&MATERIAL.replace(
        "material.extensions.emoji.to_svg",
        &format!("pymdownx.emoji.{generator}"),
    ))
}

fn render_md(md: &MarkdownConfig, body: &str) -> Rendered {
    let links = LinkIndex::default();
    let validation = blogen::config::Validation::default();
    let env = Env {
        config: md,
        links: &links,
        validation: &validation,
        includes: None,
        highlight_cache: None,
    };
    let input = Input {
        rel: "index.md",
        display: Path::new("docs/index.md"),
        body,
        line_offset: 0,
        url: "",
        excerpt: None,
    };
    render(&input, &env)
}

#[test]
fn config_reads_index_and_generator() {
    assert_eq!(
        config(MATERIAL).emoji,
        EmojiOptions {
            index: EmojiIndex::MaterialTwemoji,
            generator: EmojiGenerator::Svg
        }
    );
    assert_eq!(
        with_generator("to_png").emoji.generator,
        EmojiGenerator::Png
    );
    assert_eq!(
        with_generator("to_alt").emoji.generator,
        EmojiGenerator::Alt
    );
    let plain = config("site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji\n");
    assert_eq!(plain.emoji, EmojiOptions::default());
}

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/icons")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every line of the recorded article is in blogen's HTML as it is.
#[test]
fn page_matches_mkdocs_material() {
    let r = render_md(&config(MATERIAL), &fixture("page.md"));
    let expected = fixture("page.html");
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.starts_with("<!--")) {
        assert!(
            r.html.contains(line),
            "missing line:\n{line}\n--- blogen:\n{}",
            r.html
        );
        checked += 1;
    }
    assert_eq!(checked, 11);
    // The ids attr_list gives to icons count as the page's ids.
    assert!(r.ids.contains("py") && r.ids.contains("z"));
}

#[test]
fn each_icon_set_inline() {
    let md = config(MATERIAL);
    for (code, path) in [
        ("material-rocket", "material/rocket"),
        ("fontawesome-brands-github", "fontawesome/brands/github"),
        ("fontawesome-solid-heart", "fontawesome/solid/heart"),
        ("fontawesome-regular-star", "fontawesome/regular/star"),
        ("octicons-mark-github-16", "octicons/mark-github-16"),
        ("octicons-heart-24", "octicons/heart-24"),
        ("simple-github", "simple/github"),
    ] {
        let svg = icon_svg(path).unwrap_or_else(|| panic!("{path}"));
        let r = render_md(&md, &format!("a :{code}: b\n"));
        assert_eq!(
            r.html,
            format!("<p>a <span class=\"twemoji\">{svg}</span> b</p>\n"),
            "{code}"
        );
    }
    // Recorded from mkdocs-material 9.8.2 (templates/.icons/material/rocket.svg).
    assert_eq!(
        icon_svg("material/rocket"),
        Some("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"m20 22-3.86-1.55c.7-1.53 1.2-3.11 1.51-4.72zM7.86 20.45 4 22l2.35-6.27c.31 1.61.81 3.19 1.51 4.72M12 2s5 2 5 10c0 3.1-.75 5.75-1.67 7.83A2 2 0 0 1 13.5 21h-3a2 2 0 0 1-1.83-1.17C7.76 17.75 7 15.1 7 12c0-8 5-10 5-10m0 10c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2\"/></svg>")
    );
}

#[test]
fn headings_with_icons_toc_as_mkdocs() {
    let r = render_md(&config(MATERIAL), &fixture("page.md"));
    let toc: Vec<(u8, &str, &str)> = r
        .toc
        .iter()
        .map(|t| (t.level, t.id.as_str(), t.title.as_str()))
        .collect();
    // mkdocs-material 9.8.2's toc tokens for page.md.
    assert_eq!(
        toc,
        vec![
            (1, "icons", "Icons"),
            (2, "setup-now", "Setup now"),
            (2, "github", "GitHub"),
            (3, "emoji-heading", "Emoji heading"),
            (2, "_1", ""),
        ]
    );
}

#[test]
fn unknown_icon_is_an_info_line_at_its_line() {
    let r = render_md(&config(MATERIAL), &fixture("page.md"));
    let found: Vec<(Severity, &str, usize, &str)> = r
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.severity,
                d.code,
                d.line,
                d.message.split('`').nth(1).unwrap_or(""),
            )
        })
        .collect();
    // mkdocs-material leaves them as text without a word: info, so --strict passes.
    assert_eq!(
        found,
        vec![
            (Severity::Info, "icon-unknown", 9, ":material-nope-nope:"),
            (
                Severity::Info,
                "icon-unknown",
                10,
                ":fontawesome-brands-nope:"
            ),
        ]
    );
}

#[test]
fn other_generators() {
    // Recorded from pymdown-extensions 13.1.2 with mkdocs-material 9.8.2's twemoji index.
    let png = render_md(&with_generator("to_png"), ":smile: :material-rocket:\n");
    assert_eq!(
        png.html,
        "<p><img alt=\"😄\" class=\"twemoji\" src=\"https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/72x72/1f604.png\" title=\":smile:\" /> <img alt=\":material-rocket:\" class=\"twemoji\" src=\"https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/72x72/material-rocket.png\" title=\":material-rocket:\" /></p>\n"
    );
    let alt = render_md(
        &with_generator("to_alt"),
        ":smile: :heart: :material-rocket:\n",
    );
    assert_eq!(alt.html, "<p>😄 \u{2764} :material-rocket:</p>\n");
    assert!(alt.diagnostics.is_empty());
    // Without an index blogen keeps writing Unicode (GitHub's names); icons stay text.
    let plain = config("site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji\n");
    let r = render_md(&plain, ":smile: :material-rocket:\n");
    assert_eq!(r.html, "<p>😄 :material-rocket:</p>\n");
    assert!(r.diagnostics.is_empty());
}

#[test]
fn attr_list_off_leaves_the_block_as_text() {
    let md = config(&MATERIAL.replace("  - attr_list\n", ""));
    let r = render_md(&md, ":smile:{ .big }\n");
    assert_eq!(
        r.html,
        "<p><img alt=\"😄\" class=\"twemoji\" src=\"https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/svg/1f604.svg\" title=\":smile:\" />{ .big }</p>\n"
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::time::Instant;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(":".to_string()),
            Just("material-".to_string()),
            Just("fontawesome-brands-".to_string()),
            Just("rocket".to_string()),
            Just("smile".to_string()),
            Just("nope".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(" .c #i t=\"v\" ".to_string()),
            Just("\n".to_string()),
            Just("`".to_string()),
            Just("# ".to_string()),
            "[a-z+_é-]{0,6}".prop_map(|s| s),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn random_shortcode_text_never_panics(parts in proptest::collection::vec(piece(), 0..80)) {
            let body = parts.concat();
            let r = render_md(&config(MATERIAL), &body);
            // Every unknown-icon report points at a line of the page.
            let lines = body.lines().count().max(1);
            for d in &r.diagnostics {
                prop_assert!(d.line <= lines, "{:?}", d);
            }
        }
    }

    fn time(body: &str) -> f64 {
        let md = config(MATERIAL);
        let start = Instant::now();
        render_md(&md, body);
        start.elapsed().as_secs_f64()
    }

    /// Ten times the input takes about ten times as long (quadratic would be a hundred).
    #[test]
    fn shortcode_runs_stay_linear() {
        for unit in [
            ":material-rocket:{",
            ":x:{ .a ",
            ":material-nope:",
            ":smile:{ title=\":a:",
        ] {
            time(&unit.repeat(100));
            let small = time(&unit.repeat(2_000));
            let large = time(&unit.repeat(20_000));
            assert!(
                large < small * 40.0 + 0.05,
                "{unit}: {small:.4}s for 2,000, {large:.4}s for 20,000"
            );
        }
    }
}
