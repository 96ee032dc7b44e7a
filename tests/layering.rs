//! The pipeline's direction, enforced: each stage of `src/` may name only the stages below it
//! (README, Development). A `crate::STAGE` path in a file of a lower stage fails this test with
//! the file and line, so a backward import cannot land unnoticed.

use std::fs;
use std::path::Path;

/// Stages from the bottom up. Modules on one rank may use each other.
const RANKS: &[&[&str]] = &[
    &["url", "timings"],
    &["diagnostics", "read"],
    &["output"],
    &["config"],
    &["content"],
    &["plan"],
    &["markdown"],
    &["site"],
    &["theme"],
    &["publish"],
    &["check"],
    &["cache"],
    &["pipeline"],
    &["serve", "cli", "new_post"],
];

fn rank(module: &str) -> Option<usize> {
    RANKS.iter().position(|r| r.contains(&module))
}

/// The stage a source file belongs to: its first folder under src/, or its file stem.
fn stage_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    Some(first.trim_end_matches(".rs").to_string())
}

fn rs_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` in `line`, outside `//` comments.
fn crate_paths(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        found.push(&after[..end]);
        rest = &after[end..];
    }
    found
}

#[test]
fn no_stage_names_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    files.sort();
    let mut backward = Vec::new();
    let mut unranked = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let Some(stage) = stage_of(rel) else { continue };
        if stage == "lib" || stage == "main" {
            continue;
        }
        let Some(own) = rank(&stage) else {
            unranked.push(rel.display().to_string());
            continue;
        };
        let text = fs::read_to_string(file).expect("read");
        for (n, line) in text.lines().enumerate() {
            for name in crate_paths(line) {
                match rank(name) {
                    Some(r) if r > own => backward.push(format!(
                        "src/{}:{}: {stage} names crate::{name}, a later stage",
                        rel.display(),
                        n + 1
                    )),
                    Some(_) => {}
                    None => unranked.push(format!("crate::{name} (src/{})", rel.display())),
                }
            }
        }
    }
    assert!(
        unranked.is_empty(),
        "modules missing from RANKS: {unranked:?}"
    );
    assert!(
        backward.is_empty(),
        "backward imports:\n{}",
        backward.join("\n")
    );
}

#[test]
fn the_check_finds_a_backward_path() {
    assert_eq!(
        crate_paths("use crate::theme::Theme; // crate::cli"),
        ["theme"]
    );
    assert_eq!(
        crate_paths("let x = crate::url::join(crate::config::X);"),
        ["url", "config"]
    );
    assert!(rank("config") < rank("theme"));
}
