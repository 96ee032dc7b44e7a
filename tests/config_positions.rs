//! Where config and front-matter diagnostics point: the key-path index of a YAML text (nested
//! keys, keys repeated at two depths, list items, syntax errors at the start of the broken
//! construct), the `theme-setting-ignored` info lines, and a property test that the index never
//! panics and stays linear on arbitrary YAML-ish text.

use blogen::check::{Diagnostic, Severity, Sink};
use blogen::config::spans::{Positions, Seg};
use blogen::config::Config;
use blogen::content::frontmatter;
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn parse(text: &str) -> (Result<Config, Diagnostic>, Vec<Diagnostic>) {
    let sink = Sink::new();
    let r = Config::parse(text, Path::new("/r"), Path::new("mkdocs.yml"), &sink);
    (r, sink.take_sorted())
}

#[test]
fn a_lone_carriage_return_does_not_count_as_a_line() {
    // The YAML parser breaks lines at a lone `\r`; diagnostics count `\n` lines, as editors
    // and the code frames do. Found by the property test below ("- \ra": line 3 of 1).
    let p = Positions::of("a: 1\rb: 2\nkey:\r  x: 3\n");
    assert_eq!(p.locate(&[Seg::Key("key")]).line, 2);
    assert_eq!(p.locate(&[Seg::Key("key"), Seg::Key("x")]).line, 2);
    let p = Positions::of("- \ra");
    assert_eq!(p.locate(&[Seg::Item(0)]).line, 1);
    // CRLF is one break for both.
    let p = Positions::of("a: 1\r\nkey: 2\r\n");
    assert_eq!(p.locate(&[Seg::Key("key")]).line, 2);
}

#[test]
fn index_places_nested_keys_and_list_items() {
    let text = "site_name: x\nplugins:\n  - search\n  - blog:\n      draft: true\n      post_dir: p\nextra:\n  draft: 1\n";
    let p = Positions::of(text);
    let at = |path: &[Seg]| p.find(path).map(|p| (p.line, p.col));
    assert_eq!(at(&[Seg::Key("site_name")]), Some((1, 1)));
    assert_eq!(at(&[Seg::Key("plugins"), Seg::Item(0)]), Some((3, 5)));
    assert_eq!(
        at(&[Seg::Key("plugins"), Seg::Item(1), Seg::Key("blog")]),
        Some((4, 5))
    );
    let draft = [
        Seg::Key("plugins"),
        Seg::Item(1),
        Seg::Key("blog"),
        Seg::Key("draft"),
    ];
    assert_eq!(at(&draft), Some((5, 7)));
    assert_eq!(at(&[Seg::Key("extra"), Seg::Key("draft")]), Some((8, 3)));
    assert_eq!(at(&[Seg::Key("draft")]), None, "no top-level `draft`");
    // A path that is not there falls back to its nearest ancestor.
    assert_eq!(p.line(&[Seg::Key("extra"), Seg::Key("nope")]), 7);
    assert_eq!(p.line(&[Seg::Key("nope")]), 1);
}

#[test]
fn flow_collections_quoted_keys_and_complex_keys() {
    let text =
        "nav: [a.md, {Blog: b.md}]\n\"quoted key\": 1\n? [complex, key]\n: value\nafter: 2\n";
    let p = Positions::of(text);
    assert_eq!(
        p.line(&[Seg::Key("nav"), Seg::Item(1), Seg::Key("Blog")]),
        1
    );
    assert_eq!(p.find(&[Seg::Key("quoted key")]).map(|p| p.line), Some(2));
    assert_eq!(p.find(&[Seg::Key("after")]).map(|p| p.line), Some(5));
    assert!(p.error().is_none());
}

#[test]
fn a_top_level_key_is_not_blamed_on_a_nested_one_above_it() {
    let (r, _) =
        parse("site_name: x\nextra:\n  use_directory_urls: true\nuse_directory_urls: maybe\n");
    let e = r.unwrap_err();
    assert_eq!((e.code, e.line, e.col), ("config-type", 4, 1), "{e:?}");
}

#[test]
fn a_bad_nav_entry_is_placed_at_the_entry() {
    let text = "site_name: x\nnav:\n  - index.md\n  - More:\n    - About: about.md\n    - Bad: 5\n";
    let e = parse(text).0.unwrap_err();
    assert_eq!((e.code, e.line, e.col), ("config-type", 6, 7), "{e:?}");
    // In a section `Bad` whose first entry is a number, the number is the entry to fix.
    let text = "nav:\n  - More:\n    - About: about.md\n    - Bad: [1, 2]\n";
    let e = parse(text).0.unwrap_err();
    assert_eq!((e.code, e.line, e.col), ("config-type", 4, 13), "{e:?}");
    assert!(
        e.message.starts_with("`nav` must be a list of pages"),
        "{e:?}"
    );
    let e = parse("site_name: x\nnav: 5\n").0.unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "`nav` must be a list"),
        "{e:?}"
    );
}

#[test]
fn a_blog_option_is_placed_under_its_plugin() {
    let text = "site_name: x\nextra:\n  draft: 1\nplugins:\n  - search\n  - blog:\n      post_dir: p\n      draft: maybe\n";
    let e = parse(text).0.unwrap_err();
    assert_eq!((e.code, e.line, e.col), ("config-type", 8, 7), "{e:?}");
    assert!(e.message.contains("`draft` must be true or false"), "{e:?}");
}

#[test]
fn unsupported_plugins_extensions_and_blog_options_point_at_their_entries() {
    let text = "site_name: x\nplugins:\n  - search\n  - minify\n  - blog:\n      frobnicate: 1\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  - markdown.extensions.smarty\n";
    let (r, d) = parse(text);
    r.unwrap();
    let line_of = |code: &str| {
        d.iter()
            .find(|d| d.code == code)
            .map(|d| (d.line, d.col))
            .unwrap_or_else(|| panic!("no {code}: {d:#?}"))
    };
    assert_eq!(line_of("config-plugin"), (4, 5));
    assert_eq!(line_of("config-blog-option"), (6, 7));
    assert_eq!(line_of("config-extension"), (10, 5));
}

#[test]
fn yaml_errors_point_at_the_construct_that_is_not_closed() {
    let text = "site_name: x\nsite_description: \"never closed\nnav:\n  - index.md\n  - about.md\n";
    let e = parse(text).0.unwrap_err();
    assert_eq!((e.code, e.line), ("config-yaml", 2), "{e:?}");
    // A PyYAML tag still loads, and an error after it is still on its line.
    let e = parse("site_name: x\nformat: !!python/name:mod.fn\nbad: [\n")
        .0
        .unwrap_err();
    assert_eq!((e.code, e.line), ("config-yaml", 4), "{e:?}");
}

#[test]
fn front_matter_keys_and_errors_are_on_their_file_lines() {
    // Front matter written as one flow mapping: the keys are on the line after the fence.
    let (fm, d) =
        frontmatter::parse("{title: a title,\n date: 2026-13-45}\n", Path::new("p.md")).unwrap();
    assert_eq!(fm.line_of("title"), 2);
    assert_eq!((d[0].code, d[0].line), ("post-date-invalid", 3), "{d:?}");
    // A bad nested date is reported at its own key.
    let (_, d) = frontmatter::parse(
        "title: x\ndate:\n  created: 2024-01-01\n  updated: 2024-99-01\n",
        Path::new("p.md"),
    )
    .unwrap();
    assert_eq!((d[0].code, d[0].line), ("post-date-invalid", 5), "{d:?}");
    // An unclosed quote on line 3 of the file, with more keys below it.
    let e = frontmatter::parse(
        "title: x\nauthors: \"ada\ncategories:\n  - a\ntags:\n  - b\n  - c\n",
        Path::new("p.md"),
    )
    .unwrap_err();
    assert_eq!((e.code, e.line), ("front-matter-yaml", 3), "{e:?}");
}

fn blogen(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ignored_theme_settings_get_one_info_line_each_and_strict_passes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::create_dir_all(dir.path().join("overrides")).unwrap();
    std::fs::write(dir.path().join("docs/index.md"), "# Home\n").unwrap();
    std::fs::write(
        dir.path().join("mkdocs.yml"),
        "site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\n  locale: en\n  palette:\n    - scheme: default\n  static_templates:\n    - x.html\n  direction: ltr\n",
    )
    .unwrap();
    let (code, stderr) = blogen(dir.path(), &["check", "--strict", "-v", "--format", "json"]);
    assert_eq!(code, 0, "info lines do not fail --strict: {stderr}");
    let infos: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|o| o["code"] == "theme-setting-ignored")
        .collect();
    let found: Vec<(String, u64)> = infos
        .iter()
        .map(|o| {
            assert_eq!(o["severity"], "info", "{o}");
            assert_eq!(o["file"], "mkdocs.yml", "{o}");
            let key = ["locale", "static_templates", "direction"]
                .into_iter()
                .find(|k| o["message"].as_str().unwrap().contains(&format!("`{k}`")))
                .unwrap_or_else(|| panic!("unexpected {o}"));
            (key.to_string(), o["line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("locale".into(), 5),
            ("static_templates".into(), 8),
            ("direction".into(), 10)
        ],
        "{stderr}"
    );
}

#[test]
fn another_theme_name_is_reported_and_material_is_not() {
    let (r, d) = parse("theme: readthedocs\n");
    r.unwrap();
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.code == "theme-setting-ignored")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].severity, d[0].line), (Severity::Info, 1));
    let (r, d) = parse("theme:\n  name: material\n  custom_dir: o\n");
    assert_eq!(
        r.unwrap().custom_dir.as_deref(),
        Some(Path::new("/r/o")),
        "custom_dir is honoured"
    );
    assert!(
        d.iter().all(|d| d.code != "theme-setting-ignored"),
        "{d:#?}"
    );
}

#[test]
fn index_of_a_large_valid_file_is_linear() {
    let doc = |n: usize| -> String {
        (0..n)
            .map(|i| format!("k{i}:\n  - a: {i}\n    b: [x, {{y: z}}]\n  - \"q{i}\"\n"))
            .collect()
    };
    let best = |text: &str| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                let p = Positions::of(text);
                assert_eq!(p.line(&[Seg::Key("k7"), Seg::Item(1)]), 7 * 4 + 4);
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let (small, large) = (best(&doc(2_000)), best(&doc(16_000)));
    assert!(
        large <= small * 24 + Duration::from_millis(20),
        "{small:?} for 2,000 entries, {large:?} for 16,000"
    );
}

/// Pieces of YAML syntax to mix with random characters.
const PIECES: &[&str] = &[
    "\n",
    "  ",
    "- ",
    ": ",
    "key: ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!python/name:x.y ",
    "!ENV ",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "\t",
    "\\",
    "%YAML 1.1\n",
];

fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(PIECES).prop_map(str::to_string),
        "[a-z: \\-\\[\\]{}\"'\n]{0,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// How long the index of `text` repeated `n` times takes (the best of three runs, so that a
/// busy machine does not make one run look slow).
fn timed(text: &str, n: usize) -> Duration {
    let big = text.repeat(n);
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let p = Positions::of(&big);
            let _ = p.line(&[Seg::Key("key"), Seg::Item(0)]);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

proptest! {
    #[test]
    fn positions_never_panic_and_stay_in_the_text(text in yamlish()) {
        let p = Positions::of(&text);
        let lines = text.split('\n').count().max(1);
        for path in [
            vec![Seg::Key("key")],
            vec![Seg::Item(0)],
            vec![Seg::Key("key"), Seg::Item(1), Seg::Key("a")],
        ] {
            let at = p.locate(&path);
            prop_assert!(at.line >= 1 && at.line <= lines + 1, "{at:?} of {lines} lines");
        }
        if let Some(e) = p.error() {
            prop_assert!(e.line >= 1 && e.line <= lines + 1, "{e:?} of {lines} lines");
        }
        let (fm, _) = match frontmatter::parse(&text, Path::new("p.md")) {
            Ok(x) => x,
            Err(d) => { prop_assert!(d.line >= 1); return Ok(()); }
        };
        for line in fm.key_lines.values() {
            prop_assert!(*line >= 2 && *line <= lines + 2);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn positions_stay_linear(text in yamlish()) {
        // Eight times the text may take about eight times as long, not sixty-four.
        let small = timed(&text, 200);
        let large = timed(&text, 1600);
        prop_assert!(
            large <= small * 24 + Duration::from_millis(20),
            "{small:?} for 200 copies, {large:?} for 1600"
        );
    }
}
