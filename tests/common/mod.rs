//! Helpers shared by the integration tests: copy a fixture to a temp dir, build it, read output.
#![allow(dead_code)]

use blogen::check::{Diagnostic, Severity, Sink};
use blogen::config::Config;
use blogen::plan::Mode;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture into a fresh temp dir (tests may edit it).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

pub struct Built {
    pub root: PathBuf,
    pub site: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    pub written: bool,
}

impl Built {
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    pub fn exists(&self, rel: &str) -> bool {
        self.site.join(rel).is_file()
    }
    pub fn codes(&self, severity: Severity) -> Vec<&'static str> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| d.code)
            .collect()
    }
}

/// Builds the site whose mkdocs.yml is in `root`.
pub fn build_in(root: &Path, strict: bool) -> Built {
    let sink = Sink::new();
    let config = Config::load(&root.join("mkdocs.yml"), false, &sink).expect("config");
    let report = blogen::build(&config, Mode::Build, strict, &sink);
    Built {
        root: root.to_path_buf(),
        site: config.site_dir.clone(),
        diagnostics: report.diagnostics,
        written: report.written,
    }
}

/// Copies fixture `name` and builds it; panics unless the site was written.
pub fn build_fixture(name: &str, strict: bool) -> (tempfile::TempDir, Built) {
    let dir = copy_fixture(name);
    let b = build_in(dir.path(), strict);
    assert!(b.written, "{:#?}", b.diagnostics);
    (dir, b)
}

/// The segments of the site path that `href` (fragment dropped, still percent-encoded),
/// written in the page at `page` (site-relative file path), points to; None when `..` climbs
/// above the site root.
fn join_href(page: &str, href: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = page.split('/').map(String::from).collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts)
}

/// The site-root URL that `href`, written in the page at `page` (site-relative file path),
/// points to: `..` resolved, percent-decoding undone, `#fragment` dropped.
pub fn resolve_url(page: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap();
    let mut p = join_href(page, href).unwrap_or_default().join("/");
    if href.ends_with('/') || href.is_empty() {
        p.push('/');
    }
    let p = if p == "/" { String::new() } else { p };
    percent_decode(&p)
}

/// Every file below `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

/// The value of every `attr="..."` in `html`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!("{attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Resolves `href` (relative, maybe percent-encoded) from the page at `page` (site-relative
/// file path) to a file of the site, following directory URLs to index.html.
pub fn resolve(site: &Path, page: &str, href: &str) -> Option<PathBuf> {
    let href = href.split('#').next().unwrap();
    let parts: Vec<String> = join_href(page, href)?
        .iter()
        .map(|s| percent_decode(s))
        .collect();
    let mut p = site.join(parts.join("/"));
    if href.ends_with('/') || href.is_empty() || p.is_dir() {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
