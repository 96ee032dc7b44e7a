//! `blogen new`: the post it creates builds, is published at the URL it prints, carries the
//! first author of the authors file, and an existing post is never overwritten.

mod serve_support;
use serve_support::sample_blog;
use std::path::Path;
use std::process::{Command, Output};

fn blogen(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run blogen")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The path and URL printed by `blogen new`.
fn printed(out: &Output) -> (String, String) {
    let stdout = text(&out.stdout);
    let path = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Created "))
        .unwrap_or_else(|| panic!("no path in {stdout}"));
    let url = stdout
        .lines()
        .find_map(|l| l.strip_prefix("URL: "))
        .unwrap_or_else(|| panic!("no URL in {stdout}"));
    (path.to_string(), url.to_string())
}

#[test]
fn new_post_builds_at_the_printed_url() {
    let blog = sample_blog();
    let root = blog.path();
    let out = blogen(
        root,
        &[
            "new",
            "Hello, Writers: a First Post!",
            "--date",
            "2026-12-05",
            "--publish",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (path, url) = printed(&out);
    assert_eq!(
        path,
        "docs/blog/posts/2026-12-05_hello-writers-a-first-post/main.md"
    );
    assert_eq!(
        url,
        "https://blogen.example.org/blog/2026/12/05/hello-writers-a-first-post/"
    );
    let md = std::fs::read_to_string(root.join(&path)).unwrap();
    assert!(
        md.starts_with(
            "---\ndate: 2026-12-05\ndraft: false\nauthors:\n  - ada\ncategories: []\n---\n"
        ),
        "{md}"
    );
    assert!(md.contains("\n# Hello, Writers: a First Post!\n"));

    let build = blogen(root, &["build", "--strict"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let site_path = url.strip_prefix("https://blogen.example.org/").unwrap();
    let html = std::fs::read_to_string(root.join("site").join(site_path).join("index.html"))
        .expect("the post is built at the printed URL");
    assert!(html.contains("Hello, Writers: a First Post!"));
}

#[test]
fn an_existing_post_is_not_overwritten() {
    let blog = sample_blog();
    let root = blog.path();
    let first = blogen(root, &["new", "Twice", "--date", "2026-12-06"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let (path, _) = printed(&first);
    std::fs::write(
        root.join(&path),
        "---\ndate: 2026-12-06\n---\n\n# Twice\n\nMy words.\n",
    )
    .unwrap();
    let again = blogen(root, &["new", "Twice", "--date", "2026-12-06"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert!(std::fs::read_to_string(root.join(&path))
        .unwrap()
        .contains("My words."));
}

#[test]
fn drafts_and_configs_without_a_blog() {
    let blog = sample_blog();
    let root = blog.path();
    // A new post is a draft unless --publish says otherwise.
    let out = blogen(root, &["new", "Not yet", "--date", "2026-12-07"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (path, url) = printed(&out);
    assert!(std::fs::read_to_string(root.join(&path))
        .unwrap()
        .contains("draft: true\n"));
    let build = blogen(root, &["build"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let site_path = url.strip_prefix("https://blogen.example.org/").unwrap();
    assert!(
        !root.join("site").join(site_path).exists(),
        "build leaves drafts out"
    );

    let bad = blogen(root, &["new", "!!!", "--date", "2026-12-07"]);
    assert_eq!(
        bad.status.code(),
        Some(1),
        "a title without letters gives no slug"
    );

    std::fs::write(root.join("mkdocs.yml"), "site_name: No blog\n").unwrap();
    let out = blogen(root, &["new", "Anything"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("blog plugin is not enabled"),
        "{}",
        text(&out.stderr)
    );
}

/// A FIFO where the authors file should be is not opened (reading it would block for ever).
#[cfg(unix)]
#[test]
fn a_fifo_as_the_authors_file_does_not_hang() {
    let blog = sample_blog();
    let root = blog.path();
    let authors = root.join("docs/blog/.authors.yml");
    std::fs::remove_file(&authors).unwrap();
    let made = Command::new("mkfifo").arg(&authors).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(["new", "Piped", "--date", "2026-12-08"])
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let end = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > end {
            let _ = child.kill();
            panic!("blogen new blocked on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}
