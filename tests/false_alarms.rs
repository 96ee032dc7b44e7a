//! No false alarms under `--strict`: for each fixture of tests/fixtures/false_alarms, the exit
//! code of `blogen build --strict` equals that of `mkdocs build --strict`, the info (or warning,
//! or error) line is at its file and line, and `extra.blogen.validation` raises or lowers it.
//!
//! The mkdocs exit codes and outputs quoted here were recorded from mkdocs 1.6.1 with
//! mkdocs-material 9.8.2, pymdown-extensions 13.1.2 and PyYAML 6.0.4 (`mkdocs build --strict`
//! in a copy of each fixture).

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// `blogen build --strict -v --format json` in `dir`: the exit code and every diagnostic.
fn strict_build(dir: &Path) -> (i32, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(["build", "--strict", "-v", "--format", "json", "--no-cache"])
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let diags = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}

/// The diagnostics of `code`, as (severity, file, line).
fn of(diags: &[Value], code: &str) -> Vec<(String, String, u64)> {
    let mut v: Vec<(String, String, u64)> = diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

fn one(severity: &str, file: &str, line: u64) -> (String, String, u64) {
    (severity.to_string(), file.to_string(), line)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("site").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Adds `extra.blogen.validation` (YAML lines, indented under it) to the fixture's mkdocs.yml.
fn with_levels(dir: &Path, levels: &str) {
    let path = dir.join("mkdocs.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let levels: String = levels.lines().map(|l| format!("      {l}\n")).collect();
    std::fs::write(
        &path,
        format!("{text}extra:\n  blogen:\n    validation:\n{levels}"),
    )
    .unwrap();
}

#[test]
fn a_missing_snippet_is_an_info_line_as_pymdownx_drops_it_silently() {
    // mkdocs: exit 0, no warning; the directive line is left out.
    let dir = copy_fixture("false_alarms/snippets");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(
        of(&diags, "include-missing"),
        [one("info", "docs/index.md", 5)]
    );
    let html = read(dir.path(), "index.html");
    assert!(html.contains("Before.") && html.contains("After."));
    assert!(!html.contains("8&lt;") && !html.contains("missing.md"));
}

#[test]
fn a_missing_snippet_with_check_paths_fails_as_mkdocs_does() {
    // mkdocs: "ERROR - Error reading page 'index.md': Snippet at path 'missing.md' could not
    // be found", exit 1.
    let dir = copy_fixture("false_alarms/snippets_checked");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        of(&diags, "include-missing"),
        [one("error", "docs/index.md", 5)]
    );
    // An error stays an error whatever the map says: the build cannot go on without the file.
    with_levels(dir.path(), "include-missing: ignore");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        of(&diags, "include-missing"),
        [one("error", "docs/index.md", 5)]
    );
}

#[test]
fn the_level_map_raises_and_lowers_a_snippet_line() {
    let dir = copy_fixture("false_alarms/snippets");
    with_levels(dir.path(), "include-missing: warn");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1, "raised to a warning, --strict fails");
    assert_eq!(
        of(&diags, "include-missing"),
        [one("warning", "docs/index.md", 5)]
    );
    let dir = copy_fixture("false_alarms/snippets");
    with_levels(dir.path(), "include-missing: ignore");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0);
    assert!(of(&diags, "include-missing").is_empty(), "{diags:#?}");
}

#[test]
fn unknown_codes_and_levels_in_the_map_are_info_lines_at_their_line() {
    let dir = copy_fixture("false_alarms/snippets");
    // mkdocs.yml has 8 lines; the map's entries start at line 12.
    with_levels(
        dir.path(),
        "no-such-check: warn\ninclude-missing: loud\nurl-conflict: warn",
    );
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(
        of(&diags, "config-validation"),
        [one("info", "mkdocs.yml", 12), one("info", "mkdocs.yml", 13)]
    );
    // The bad level left the default.
    assert_eq!(
        of(&diags, "include-missing"),
        [one("info", "docs/index.md", 5)]
    );
}

#[test]
fn duplicate_keys_keep_the_last_value_with_an_info_line() {
    // mkdocs: exit 0, no warning; PyYAML keeps the last value of a repeated key: the site is
    // "Duplicates", the page "Two" (its description the only one, "first"), the post is at
    // .../second/ and its author is "Ada Lovelace".
    let dir = copy_fixture("false_alarms/duplicates");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(
        of(&diags, "config-duplicate-key"),
        [one("info", "mkdocs.yml", 7)]
    );
    assert_eq!(
        of(&diags, "front-matter-duplicate-key"),
        [
            one("info", "docs/blog/posts/post.md", 5),
            one("info", "docs/page.md", 4)
        ]
    );
    assert_eq!(
        of(&diags, "authors-duplicate-key"),
        [one("info", "docs/blog/.authors.yml", 5)]
    );
    let page = read(dir.path(), "page/index.html");
    assert!(page.contains("<title>Two - Duplicates</title>"), "{page}");
    assert!(page.contains("content=\"first\""));
    let post = read(dir.path(), "blog/2024/01/01/second/index.html");
    assert!(post.contains("Ada Lovelace") && !post.contains("Ada Early"));
    // Raised, the repeats fail --strict.
    with_levels(dir.path(), "front-matter-duplicate-key: warn");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(of(&diags, "front-matter-duplicate-key")[0].0, "warning");
}

#[test]
fn a_page_whose_front_matter_is_not_yaml_shows_it_as_text() {
    // mkdocs: exit 0, no warning; `broken.md` renders `<hr />`, then `title: [unclosed` as an
    // h2 (the closing `---` underlines it), then the body, and is titled "Broken" (its first
    // element is not an h1); `listed.md` (a YAML list) the same way, titled "Listed", with
    // `- a list` as an h2 (Python-Markdown tries a setext heading before a list; pulldown-cmark
    // makes it a list item, a parser difference blogen does not smooth over).
    let dir = copy_fixture("false_alarms/bad_page");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(
        of(&diags, "front-matter-yaml"),
        [
            one("info", "docs/broken.md", 2),
            one("info", "docs/listed.md", 2),
            one("info", "docs/multi.md", 3)
        ]
    );
    // mkdocs: `multi.md` (two lines of YAML) renders `<hr />`, the lines as one paragraph,
    // `<hr />`, the body; titled "Multi".
    let multi = read(dir.path(), "multi/index.html");
    assert!(
        multi.contains("<hr />\n<p>title: Fine\ntags: [unclosed</p>\n<hr />\n<p>Multi body.</p>"),
        "{multi}"
    );
    assert!(multi.contains("<title>Multi - Bad page</title>"), "{multi}");
    let broken = read(dir.path(), "broken/index.html");
    assert!(broken.contains("<hr />"), "{broken}");
    assert!(broken.contains(">title: [unclosed</h2>"), "{broken}");
    assert!(
        broken.contains("<title>Broken - Bad page</title>"),
        "{broken}"
    );
    let listed = read(dir.path(), "listed/index.html");
    assert!(
        listed.contains("<hr />") && listed.contains("a list"),
        "{listed}"
    );
    assert!(
        listed.contains("<title>Listed - Bad page</title>"),
        "{listed}"
    );
    with_levels(dir.path(), "front-matter-yaml: warn");
    let (code, _) = strict_build(dir.path());
    assert_eq!(code, 1);
}

#[test]
fn a_post_whose_front_matter_is_not_yaml_stops_the_build_as_mkdocs_material_does() {
    // mkdocs: "ERROR - Error reading metadata of post 'blog/posts/bad.md' in 'docs': while
    // parsing a flow sequence ... Aborted with a BuildError!", exit 1.
    let dir = copy_fixture("false_alarms/bad_post");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        of(&diags, "front-matter-yaml"),
        [one("error", "docs/blog/posts/bad.md", 3)]
    );
}

#[test]
fn posts_on_one_url_are_info_and_the_last_in_docs_order_is_written() {
    // mkdocs: exit 0, no warning; blog/2024/03/01/same/ holds "From 2024/nested." (the walk
    // gives a folder's files, alpha then zeta, before its subfolders); the blog index lists
    // all three.
    let dir = copy_fixture("false_alarms/conflict");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(
        of(&diags, "url-conflict"),
        [
            one("info", "docs/blog/posts/alpha.md", 2),
            one("info", "docs/blog/posts/zeta.md", 2)
        ]
    );
    let winner = "`blog/posts/2024/nested.md` is the one written";
    assert!(diags
        .iter()
        .all(|d| d["code"] != "url-conflict" || d["message"].as_str().unwrap().contains(winner)));
    let page = read(dir.path(), "blog/2024/03/01/same/index.html");
    assert!(page.contains("From 2024/nested."), "{page}");
    assert!(!page.contains("From alpha.") && !page.contains("From zeta."));
    let index = read(dir.path(), "blog/index.html");
    assert!(["From alpha.", "From zeta.", "From 2024/nested."]
        .iter()
        .all(|t| index.contains(t)));
    with_levels(dir.path(), "url-conflict: warn");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(of(&diags, "url-conflict").len(), 2);
    assert!(of(&diags, "url-conflict").iter().all(|d| d.0 == "warning"));
}

#[test]
fn two_files_of_one_folder_with_one_url_warn_as_mkdocs_does() {
    // mkdocs: "WARNING - Excluding 'README.md' from the site because it conflicts with
    // 'index.md'." and the same for `about.markdown` / `about.md`; "Aborted with 2 warnings in
    // strict mode!", exit 1; the site has index.md's and about.md's pages.
    let dir = copy_fixture("false_alarms/same_folder");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        of(&diags, "url-conflict"),
        [
            one("warning", "docs/README.md", 1),
            one("warning", "docs/about.markdown", 1)
        ]
    );
    with_levels(dir.path(), "url-conflict: info");
    let (code, diags) = strict_build(dir.path());
    assert_eq!(code, 0, "{diags:#?}");
    assert!(read(dir.path(), "index.html").contains("Index page"));
    assert!(read(dir.path(), "about/index.html").contains("About md"));
}

mod duplicate_keys {
    //! The front matter parser with repeated keys: random YAML-ish text never panics, and a
    //! flat map with repeats reads as PyYAML reads it (each key at its first place, with its
    //! last value), with one info line per repeat at the repeat's line.
    use blogen::content::frontmatter;
    use proptest::prelude::*;
    use std::path::Path;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn yamlish_text_never_panics(text in "([a-c]{1,2}|:|-| |\\n|\\[|\\]|\\{|\\}|,|'|\"|#|\\t|!|&|\\*|\\?|x|1|\\.){0,80}") {
            let _ = frontmatter::parse(&text, Path::new("p.md"));
        }

        #[test]
        fn flat_maps_keep_the_last_value_at_the_first_place(
            pairs in prop::collection::vec(
                (prop::sample::select(vec!["title", "slug", "foo", "bar", "a-b"]), 0u32..1000),
                0..12,
            )
        ) {
            let yaml: String = pairs.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            let (fm, diags) = frontmatter::parse(&yaml, Path::new("p.md")).unwrap();
            // The model: a Python dict filled in order.
            let mut order: Vec<&str> = Vec::new();
            let mut last: std::collections::HashMap<&str, (u32, usize)> = Default::default();
            for (line, (k, v)) in pairs.iter().enumerate() {
                if !order.contains(k) {
                    order.push(k);
                }
                // File line: the YAML starts on line 2, after the opening `---`.
                last.insert(k, (*v, line + 2));
            }
            let keys: Vec<&str> = fm.raw.keys().map(String::as_str).collect();
            let mut sorted_order = order.clone();
            sorted_order.sort();
            let mut sorted_keys = keys.clone();
            sorted_keys.sort();
            prop_assert_eq!(sorted_keys, sorted_order);
            for (k, (v, line)) in &last {
                prop_assert_eq!(fm.raw[*k].to_string(), v.to_string());
                prop_assert_eq!(fm.line_of(k), *line);
            }
            let repeats: Vec<usize> = diags
                .iter()
                .filter(|d| d.code == "front-matter-duplicate-key")
                .map(|d| d.line)
                .collect();
            let mut seen = std::collections::HashSet::new();
            let model: Vec<usize> = pairs
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| !seen.insert(*k))
                .map(|(i, _)| i + 2)
                .collect();
            prop_assert_eq!(repeats, model);
            // Each key keeps the place of its first writing, as in a Python dict.
            let value = blogen::config::yaml::from_str(&yaml).unwrap();
            let placed: Vec<String> = match &value {
                serde_yaml::Value::Mapping(m) => {
                    m.keys().filter_map(|k| k.as_str().map(String::from)).collect()
                }
                _ => Vec::new(),
            };
            prop_assert_eq!(placed, order.iter().map(|k| k.to_string()).collect::<Vec<_>>());
            if let Some(slug) = last.get("slug") {
                prop_assert_eq!(fm.slug.clone(), Some(slug.0.to_string()));
            }
        }
    }
}
