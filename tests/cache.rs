//! The highlight cache: a warm build (every code block from the cache) writes exactly the
//! bytes of a build without the cache, edited code is never served from the cache, and a
//! damaged cache file changes nothing.

mod common;
use blogen::check::Sink;
use blogen::config::Config;
use blogen::site::Mode;
use common::*;
use std::path::Path;

fn build(root: &Path, use_cache: bool) -> Vec<(String, Vec<u8>)> {
    let sink = Sink::new();
    let mut config = Config::load(&root.join("mkdocs.yml"), false, &sink).unwrap();
    config.use_cache = use_cache;
    let report = blogen::build(&config, Mode::Build, false, &sink);
    assert!(report.written, "{:#?}", report.diagnostics);
    let site = root.join("site");
    files(&site)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    assert_eq!(a.len(), b.len());
    for ((fa, ca), (fb, cb)) in a.iter().zip(b) {
        assert_eq!(fa, fb);
        assert!(ca == cb, "{fa} differs");
    }
}

#[test]
fn output_with_and_without_cache_is_identical() {
    let cached = copy_fixture("markdown");
    let plain = copy_fixture("markdown");
    let cold = build(cached.path(), true);
    let cache_file = cached.path().join(".blogen-cache/highlight.bin");
    assert!(cache_file.is_file(), "the first build writes the cache");
    let warm = build(cached.path(), true);
    let none = build(plain.path(), false);
    assert!(
        !plain.path().join(".blogen-cache").exists(),
        "--no-cache writes no cache"
    );
    assert_same(&cold, &warm);
    assert_same(&warm, &none);

    // A damaged cache file is ignored entry by entry.
    let mut bytes = std::fs::read(&cache_file).unwrap();
    for i in (40..bytes.len()).step_by(97) {
        bytes[i] ^= 0x20;
    }
    std::fs::write(&cache_file, bytes).unwrap();
    assert_same(&build(cached.path(), true), &none);
}

#[test]
fn edited_code_is_highlighted_again() {
    let dir = copy_fixture("compat");
    build(dir.path(), true);
    let post = dir.path().join("docs/blog/posts/mermaid.md");
    let text = std::fs::read_to_string(&post)
        .unwrap()
        .replace("print(\"hi\")", "print(\"changed\")");
    std::fs::write(&post, text).unwrap();
    let out = build(dir.path(), true);
    let page = out
        .iter()
        .find(|(f, _)| f == "blog/2024/01/06/mermaid--code/index.html")
        .unwrap();
    let html = String::from_utf8(page.1.clone()).unwrap();
    assert!(html.contains("changed") && !html.contains("&quot;hi&quot;"));
}
