//! Tests of the highlighter: HTML shapes recorded from pymdownx.highlight, caches, options.
use super::*;

/// The options of the tests written before the options existed: the language class on.
fn with_lang_class() -> HighlightOptions {
    HighlightOptions {
        pygments_lang_class: true,
        ..Default::default()
    }
}

/// The line numbers the tests written before `linenums_style` was read expect.
fn pymdownx_inline() -> HighlightOptions {
    HighlightOptions {
        linenums_style: LinenumsStyle::PymdownxInline,
        ..with_lang_class()
    }
}

#[test]
fn highlights_rust_with_classes() {
    let html = highlight_block(
        "fn main() {}\n",
        "rust",
        &FenceOptions::default(),
        &with_lang_class(),
        false,
        None,
    );
    assert!(
        html.starts_with("<div class=\"language-rust highlight\"><pre><code>"),
        "{html}"
    );
    assert!(html.contains("hl-"), "{html}");
    assert!(html.contains("main"));
}

#[test]
fn unknown_language_is_plain_text() {
    let html = highlight_block(
        "<x> & y\n",
        "nosuchlang",
        &FenceOptions::default(),
        &with_lang_class(),
        false,
        None,
    );
    assert_eq!(html, "<div class=\"language-nosuchlang highlight\"><pre><code>&lt;x&gt; &amp; y\n</code></pre></div>\n");
}

#[test]
fn lines_are_balanced_for_hl_lines() {
    let opts = FenceOptions {
        hl_lines: vec![(2, 2)],
        linenums: Some(1),
        ..Default::default()
    };
    let html = highlight_block(
        "/* a\nb */\nx\n",
        "c",
        &opts,
        &pymdownx_inline(),
        false,
        None,
    );
    assert_eq!(
        html.matches("<span").count(),
        html.matches("</span>").count(),
        "{html}"
    );
    assert!(html.contains("class=\"hll\""));
    assert!(html.contains("data-linenos=\"3 \""));
}

#[test]
fn hl_lines_ranges_are_clamped_to_the_block() {
    // Once expanded into a vector of 100 billion numbers (the process aborted).
    let opts = FenceOptions {
        hl_lines: vec![
            (2, 99_999_999_999),
            (0, 0),
            (7, 3),
            (usize::MAX, usize::MAX),
        ],
        ..Default::default()
    };
    let html = highlight_block(
        "a\nb\nc\n",
        "nosuchlang",
        &opts,
        &with_lang_class(),
        false,
        None,
    );
    assert_eq!(html.matches("class=\"hll\"").count(), 2, "{html}");
    assert_eq!(hl_mask(&[(1, 1), (3, 9)], 4), vec![true, false, true, true]);
}

#[test]
fn inline_code_with_language_prefix() {
    let html = inline_code("#!python print(\"x\")", &with_lang_class()).unwrap();
    assert!(
        html.starts_with("<code class=\"language-python highlight\"><span class=\"hl-"),
        "{html}"
    );
    assert!(html.ends_with("</code>") && !html.contains('\n'), "{html}");
    assert_eq!(
        inline_code("#!nosuch x<y", &with_lang_class()).as_deref(),
        Some("<code class=\"language-nosuch highlight\">x&lt;y</code>")
    );
    assert_eq!(inline_code("#!python", &with_lang_class()), None);
    assert_eq!(inline_code("plain code", &with_lang_class()), None);
}

#[test]
fn options_read_with_pymdownx_defaults() {
    let map: serde_yaml::Mapping =
        serde_yaml::from_str("anchor_linenums: true\nlinenums_style: inline\nauto_title: 1\n")
            .unwrap();
    let (o, problems) = HighlightOptions::read(&map);
    assert!(o.anchor_linenums && !o.auto_title && !o.pygments_lang_class);
    assert_eq!(o.linenums_style, LinenumsStyle::Inline);
    assert_eq!(
        o.line_anchors, "__codelineno",
        "anchors named as pymdownx names them"
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, "auto_title");
    let (d, none) = HighlightOptions::read(&serde_yaml::Mapping::new());
    assert_eq!((d, none.len()), (HighlightOptions::default(), 0));
}

#[test]
fn auto_titles_capitalise_lower_case_words() {
    assert_eq!(auto_title("console"), "Bash Session");
    assert_eq!(auto_title("nginx"), "Nginx Configuration File");
    assert_eq!(auto_title("toml"), "TOML");
    assert_eq!(auto_title(""), "Text Only");
    assert_eq!(auto_title("nosuchlang"), "Text Only");
}

#[test]
fn linenums_zero_turns_numbers_off() {
    let opts = FenceOptions {
        linenums: Some(0),
        ..Default::default()
    };
    let html = highlight_block(
        "a\n",
        "text",
        &opts,
        &HighlightOptions::default(),
        true,
        None,
    );
    assert_eq!(
        html,
        "<div class=\"highlight\"><pre><code>a\n</code></pre></div>\n"
    );
    let html = highlight_block(
        "a\n",
        "text",
        &FenceOptions::default(),
        &HighlightOptions::default(),
        true,
        None,
    );
    assert!(html.contains("<table class=\"highlighttable\">"), "{html}");
}

#[test]
fn stylesheet_has_light_and_dark() {
    let css = stylesheet();
    assert!(css.contains(".highlight .hl-"));
    assert!(css.contains("[data-theme=\"dark\"] .highlight"));
}
