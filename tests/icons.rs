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
    assert_eq!(with_generator("to_png").emoji.generator, EmojiGenerator::Png);
    assert_eq!(with_generator("to_alt").emoji.generator, EmojiGenerator::Alt);
    let plain = config("site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji\n");
    assert_eq!(plain.emoji, EmojiOptions::default());
}

