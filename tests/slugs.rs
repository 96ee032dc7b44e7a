//! Heading ids, permalinks and toc entries against Python-Markdown: each config
//! `tests/fixtures/slugs/NAME.yml` (toc's `slugify`, `separator`, `toc_depth`, permalink
//! options) renders `docs/headings.md` (headings in many languages, in admonitions, tabs and
//! md_in_html), compared with `NAME.html` and `NAME.toc`, recorded from Python-Markdown 3.11.3 /
//! pymdown-extensions 13.1.2 / mkdocs 1.6.1 by `regen.py` in that folder.

use blogen::check::{Severity, Sink};
use blogen::config::Config;
use blogen::markdown::html::decode_entities;
use blogen::markdown::{render, Env, Input, Rendered};
use blogen::plan::links::LinkIndex;
use proptest::prelude::*;
use regex::Regex;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/slugs")
}

fn render_with(config: &Config, body: &str) -> Rendered {
    let links = LinkIndex::default();
    let validation = Default::default();
    let env = Env {
        config: &config.markdown,
        links: &links,
        validation: &validation,
        includes: None,
        highlight_cache: None,
    };
    let input = Input {
        rel: "headings.md",
        display: Path::new("headings.md"),
        body,
        line_offset: 0,
        url: "headings/",
        excerpt: None,
    };
    render(&input, &env)
}

fn load(name: &str) -> (Config, Sink) {
    let sink = Sink::new();
    let cfg = Config::load(&dir().join(format!("{name}.yml")), true, &sink).expect("config");
    (cfg, sink)
}

/// Each heading element of `html` (`<hN …>…</hN>`), normalised: attributes sorted, entities
/// decoded, whitespace runs as one space.
fn headings(html: &str) -> Vec<String> {
    let heading = Regex::new(r"(?s)<h([1-6])[ >].*?</h[1-6]>").unwrap();
    let tag = Regex::new(r"<(/?)([a-zA-Z0-9]+)([^>]*)>").unwrap();
    let attr = Regex::new(r#"([a-zA-Z-]+)="([^"]*)""#).unwrap();
    heading
        .find_iter(html)
        .map(|m| {
            let h = m.as_str();
            let mut out = String::new();
            let mut last = 0;
            for t in tag.captures_iter(h) {
                let whole = t.get(0).unwrap();
                out.push_str(&decode_entities(&h[last..whole.start()]));
                let mut attrs: Vec<String> = attr
                    .captures_iter(&t[3])
                    .map(|a| format!(" {}=\"{}\"", &a[1], decode_entities(&a[2])))
                    .collect();
                attrs.sort();
                out.push_str(&format!("<{}{}{}>", &t[1], &t[2], attrs.concat()));
                last = whole.end();
            }
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Compares blogen's headings and toc for config NAME with Python-Markdown's.
fn check(name: &str) -> Rendered {
    let (cfg, sink) = load(name);
    assert!(
        sink.take_sorted()
            .iter()
            .all(|d| d.severity != Severity::Warning),
        "{name}: config warnings"
    );
    let body = std::fs::read_to_string(dir().join("docs/headings.md")).unwrap();
    let r = render_with(&cfg, &body);
    let want = std::fs::read_to_string(dir().join(format!("{name}.html"))).unwrap();
    let (want_h, got_h) = (headings(&want), headings(&r.html));
    for (w, g) in want_h.iter().zip(&got_h) {
        assert_eq!(w, g, "{name}: heading differs from Python-Markdown's");
    }
    assert_eq!(
        want_h.len(),
        got_h.len(),
        "{name}: heading count\n{}",
        r.html
    );
    let toc: Vec<String> = r
        .toc
        .iter()
        .map(|t| format!("{}\t{}\t{}", t.level, t.id, t.title))
        .collect();
    let want_toc = std::fs::read_to_string(dir().join(format!("{name}.toc"))).unwrap();
    let want_toc: Vec<&str> = want_toc.lines().collect();
    assert_eq!(want_toc, toc, "{name}: toc");
    r
}

#[test]
fn toc_default_slugify_is_ascii() {
    let r = check("default");
    assert!(r.ids.contains("archivebox") && r.ids.contains("_1"));
}

#[test]
fn toc_slugify_unicode_keeps_letters() {
    let r = check("slugify_unicode");
    assert!(r.ids.contains("archivebox使用"), "{:?}", r.ids);
}

#[test]
fn pymdownx_slugify_case_lower() {
    let r = check("py_lower");
    assert!(r.ids.contains("一安装") && r.ids.contains("launch--day"));
}

#[test]
fn pymdownx_slugify_percent_encoded_and_permalink_class() {
    let r = check("py_percent");
    assert!(r.html.contains("class=\"anchor\""));
}

#[test]
fn pymdownx_slugify_lower_ascii_nfd() {
    check("py_gfm");
}

#[test]
fn pymdownx_slugify_fold_nfkc_with_separator() {
    check("py_fold");
}

#[test]
fn toc_depth_range_keeps_ids_outside_it() {
    let r = check("depth");
    assert!(r.ids.contains("level-six") && r.toc.iter().all(|t| (2..=3).contains(&t.level)));
}

#[test]
fn toc_depth_integer_and_dot_separator() {
    check("depth_int");
}

#[test]
fn an_unknown_slug_function_is_an_info_line() {
    let root = std::env::temp_dir().join(format!("blogen-slugs-{}", std::process::id()));
    std::fs::create_dir_all(root.join("docs")).unwrap();
    let yml = root.join("mkdocs.yml");
    std::fs::write(
        &yml,
        "site_name: x\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/name:my_hooks.slug\n",
    )
    .unwrap();
    let sink = Sink::new();
    let cfg = Config::load(&yml, true, &sink).expect("config");
    let ds = sink.take_sorted();
    let d = ds
        .iter()
        .find(|d| d.code == "config-slugify")
        .expect("info");
    assert_eq!((d.severity, d.line), (Severity::Info, 4));
    assert_eq!(cfg.markdown.toc.slugify, Default::default());
    std::fs::remove_dir_all(root).ok();
}

proptest! {
    /// Any heading text slugifies without panicking, by every slug function, to at most a
    /// few bytes per input byte (percent-encoding triples them).
    #[test]
    fn slugs_of_any_text(text in "\\PC{0,60}", sep in "[-_. ]{0,2}") {
        use blogen::config::toc::{Case, Form, Slugify};
        for f in [
            Slugify::Toc { unicode: false },
            Slugify::Toc { unicode: true },
            Slugify::Pymdownx { case: Case::Fold, percent_encode: true, form: Form::Nfkd },
            Slugify::Pymdownx { case: Case::Keep, percent_encode: false, form: Form::Nfc },
        ] {
            let s = blogen::content::slug::slugify(&f, &text, &sep);
            prop_assert!(s.len() <= 9 * (text.len() + 1) * (sep.len() + 1));
        }
    }
}
