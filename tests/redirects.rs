//! The redirects plugin on a whole site (tests/fixtures/redirects), through the binary.
//! Expected pages and hrefs: what mkdocs 1.6.1 + mkdocs-material 9.8 + mkdocs-redirects 1.2.3
//! wrote for the same redirect_maps (`old.md` -> `../new/`, `post.md` ->
//! `../blog/2024/03/04/hello/#part`, ...); it warned "Redirect target 'missing.md' does not
//! exist!" and "'notmd.txt' is not a valid markdown file!", so `--strict` fails with both.
//! On purpose blogen keeps a page that still exists at an old path (`new.md`) and says so, where
//! mkdocs-redirects writes the redirect over it.

use std::process::Command;

mod common;

#[test]
fn redirect_pages_are_written_where_mkdocs_redirects_writes_them() {
    let copy = common::copy_fixture("redirects");
    let site = copy.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(["build", "-v", "--no-cache", "-d"])
        .arg(&site)
        .current_dir(copy.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    for (file, href) in [
        ("old/index.html", "../new/"),
        ("deep/old/page/index.html", "../../../guide/setup/"),
        ("guide/moved/index.html", "../../blog/2024/03/04/hello/"),
        ("post/index.html", "../blog/2024/03/04/hello/#part"),
        ("ext/index.html", "https://example.com/elsewhere"),
        ("home-old/index.html", "../"),
        ("notmd.txt", "new/"),
    ] {
        let html =
            std::fs::read_to_string(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        for needle in [
            format!("<link rel=\"canonical\" href=\"{href}\">"),
            format!("content=\"0; url={href}\""),
            format!("<a href=\"{href}\">"),
        ] {
            assert!(html.contains(&needle), "{file}: no {needle}\n{html}");
        }
    }
    assert!(!site.join("gone/index.html").exists());
    // The page at an old path stays.
    let kept = std::fs::read_to_string(site.join("new/index.html")).unwrap();
    assert!(!kept.contains("Redirecting"), "{kept}");
    // Each problem at its line of mkdocs.yml.
    for (code, line) in [
        ("redirect-target-missing", 17),
        ("redirect-not-markdown", 18),
        ("redirect-over-page", 19),
    ] {
        assert!(said.contains(&format!("[{code}]")), "{code}\n{said}");
        assert!(
            said.contains(&format!("mkdocs.yml:{line}:")),
            "{code} at {line}\n{said}"
        );
    }
    let strict = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(["build", "-q", "--strict", "--no-cache", "-d"])
        .arg(copy.path().join("strict"))
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert_eq!(
        strict.status.code(),
        Some(1),
        "two warnings fail --strict, as in mkdocs"
    );
}
