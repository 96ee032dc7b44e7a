//! Code in the languages real posts use gets colours: each of the 64 names in
//! `tests/fixtures/highlight_languages.tsv` (Pygments' names and aliases, as written after a
//! fence) is highlighted with token spans, and blogen knows the lexer Pygments gives that name
//! (recorded from Pygments in the same file; `auto_title` shows it).

use blogen::markdown::highlight::{highlight_block, FenceOptions, HighlightOptions};
use blogen::markdown::languages;
use std::path::Path;

/// (name, Pygments' lexer name, sample code) of each row of the data file.
fn rows() -> Vec<(String, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight_languages.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{l:?}");
            let code = cols[2].replace("\\n", "\n").replace("\\t", "\t") + "\n";
            (cols[0].to_string(), cols[1].to_string(), code)
        })
        .collect()
}

#[test]
fn sixty_four_common_names_are_highlighted() {
    let rows = rows();
    assert_eq!(rows.len(), 64);
    let mut plain = Vec::new();
    for (name, _, code) in &rows {
        let html = highlight_block(
            code,
            name,
            &FenceOptions::default(),
            &HighlightOptions::default(),
            false,
            None,
        );
        // The syntax's own span and at least one token's.
        if html.matches("<span class=\"hl-").count() < 2 {
            plain.push(format!("{name}: {html}"));
        }
    }
    assert!(plain.is_empty(), "without colours:\n{}", plain.join("\n"));
}

#[test]
fn names_map_to_the_lexer_pygments_gives_them() {
    for (name, lexer, _) in rows() {
        assert_eq!(
            languages::pygments_name(&name),
            Some(lexer.as_str()),
            "{name}"
        );
        // Pygments compares names in lower case.
        assert_eq!(
            languages::pygments_name(&name.to_uppercase()),
            Some(lexer.as_str())
        );
    }
}

#[test]
fn unknown_names_stay_plain() {
    let html = highlight_block(
        "a < b\n",
        "nosuchlanguage",
        &FenceOptions::default(),
        &HighlightOptions::default(),
        false,
        None,
    );
    assert_eq!(
        html,
        "<div class=\"highlight\"><pre><code>a &lt; b\n</code></pre></div>\n"
    );
    assert!(!blogen::markdown::highlight::knows("text"));
}
