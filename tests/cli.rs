//! The `blogen` binary: exit codes, `--format github|json` output, `check` writing nothing.

mod common;
use common::*;
use std::process::Command;

fn blogen(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn broken_site() -> tempfile::TempDir {
    let dir = copy_fixture("blog25");
    let post = dir
        .path()
        .join("docs/blog/posts/2022-01-01_post-01/main.md");
    let text = std::fs::read_to_string(&post).unwrap() + "\nSee [the gone page](gone.md).\n";
    std::fs::write(&post, text).unwrap();
    dir
}

#[test]
fn github_format_prints_annotations() {
    let dir = broken_site();
    let (code, stdout, stderr) = blogen(dir.path(), &["check", "--format", "github"]);
    assert_eq!(code, 0, "a warning without --strict passes: {stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("::warning "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.starts_with("::warning file=docs/blog/posts/2022-01-01_post-01/main.md,line="),
        "{line}"
    );
    assert!(
        line.contains(",title=link-missing::link `gone.md`"),
        "{line}"
    );
    let (code, _, _) = blogen(dir.path(), &["check", "--strict", "--format", "github"]);
    assert_eq!(code, 1, "--strict fails on the warning");
    assert!(!dir.path().join("site").exists(), "check writes nothing");
}

#[test]
fn json_format_is_one_object_per_line() {
    let dir = broken_site();
    let (_, _, stderr) = blogen(dir.path(), &["check", "--format", "json"]);
    let objs: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let w = objs.iter().find(|o| o["code"] == "link-missing").unwrap();
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["file"], "docs/blog/posts/2022-01-01_post-01/main.md");
    assert!(w["line"].as_u64().unwrap() > 10);
}

#[test]
fn human_format_shows_the_source_line_and_a_summary() {
    let dir = broken_site();
    let (code, _, stderr) = blogen(dir.path(), &["build", "--strict"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("warning[link-missing]"), "{stderr}");
    assert!(stderr.contains("See [the gone page](gone.md)."), "{stderr}");
    assert!(stderr.contains("0 errors, 1 warning"), "{stderr}");
    assert!(
        !dir.path().join("site").exists(),
        "--strict with a warning writes no site"
    );
}

#[test]
fn exit_codes() {
    let dir = copy_fixture("blog25");
    assert_eq!(blogen(dir.path(), &["build"]).0, 0);
    assert!(dir.path().join("site/index.html").exists());
    // Broken config: exit 2, with file and line.
    std::fs::write(dir.path().join("bad.yml"), "site_name: x\nnav: [\n").unwrap();
    let (code, _, stderr) = blogen(dir.path(), &["build", "-f", "bad.yml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("bad.yml"), "{stderr}");
    // A named config file that does not exist: exit 2.
    assert_eq!(blogen(dir.path(), &["check", "-f", "nope.yml"]).0, 2);
    // Usage error: exit 2 (clap).
    assert_eq!(blogen(dir.path(), &["build", "--no-such-flag"]).0, 2);
    // An error in a post: exit 1 even without --strict.
    std::fs::write(
        dir.path().join("docs/blog/posts/x.md"),
        "---\ndate: 2024-99-99\n---\n# X\n",
    )
    .unwrap();
    let (code, _, stderr) = blogen(dir.path(), &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("docs/blog/posts/x.md:2"), "{stderr}");
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = blogen(dir.path(), &["--version"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("blogen "));
    let (_, help, _) = blogen(dir.path(), &["build", "--help"]);
    assert!(help.contains("--strict") && help.contains("--site-dir"));
}

#[test]
fn a_rebuild_says_how_much_was_unchanged() {
    let dir = copy_fixture("blog25");
    let (code, _, first) = blogen(dir.path(), &["build"]);
    assert_eq!(code, 0, "{first}");
    assert!(!first.contains("unchanged"), "{first}");
    let (code, _, second) = blogen(dir.path(), &["build"]);
    assert_eq!(code, 0, "{second}");
    assert!(
        second.contains("unchanged since the last build"),
        "{second}"
    );
    // Without the cache nothing is taken over.
    let (_, _, plain) = blogen(dir.path(), &["build", "--no-cache"]);
    assert!(!plain.contains("unchanged"), "{plain}");
}
