//! The site folder is never one that holds anything but a built site, and a build killed at any
//! moment leaves either the whole previous site or the whole new one: the real `blogen build`
//! binary on temporary projects, refused settings checked for exit 2 and untouched files.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_blogen");

fn project(site_dir: Option<&str>) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("proj");
    std::fs::create_dir_all(root.join("docs/blog/posts")).unwrap();
    let mut yml = "site_name: Safety\ntheme:\n  name: material\nplugins:\n  - blog\n".to_string();
    if let Some(d) = site_dir {
        yml.push_str(&format!("site_dir: {d}\n"));
    }
    std::fs::write(root.join("mkdocs.yml"), yml).unwrap();
    std::fs::write(root.join("docs/index.md"), "# Home\n").unwrap();
    std::fs::write(root.join("docs/blog/index.md"), "# Blog\n").unwrap();
    std::fs::write(
        root.join("docs/blog/posts/hello.md"),
        "---\ndate: 2024-01-02\n---\n# Hello\n\nText.\n",
    )
    .unwrap();
    t
}

fn build(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .arg("build")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.code().unwrap_or(-1), text)
}

/// Every file below `dir` with its content.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.blogen-"))
        .collect()
}

#[test]
fn site_dir_equal_to_docs_dir_is_refused_and_sources_kept() {
    let t = project(Some("docs"));
    let root = t.path().join("proj");
    let before = snapshot(&root);
    let (code, text) = build(&root, &[]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("site-dir-refused"), "{text}");
    assert!(text.contains("docs_dir"), "{text}");
    assert_eq!(snapshot(&root), before, "nothing was written or deleted");
}

#[test]
fn site_dir_inside_docs_or_containing_the_project_is_refused() {
    for (setting, says) in [
        ("docs/blog/site", "inside docs_dir"),
        ("../proj", "project folder"),
        ("..", "contains the project folder"),
        (".", "project folder"),
        ("/", "filesystem root"),
        ("templates", "template folder"),
        (".blogen-cache/x", "cache folder"),
    ] {
        let t = project(Some(setting));
        let root = t.path().join("proj");
        let before = snapshot(t.path());
        let (code, text) = build(&root, &[]);
        assert_eq!(code, 2, "{setting}: {text}");
        assert!(text.contains(says), "{setting}: {text}");
        assert_eq!(snapshot(t.path()), before, "{setting}: nothing touched");
    }
}

#[test]
fn dash_d_on_an_unrelated_folder_is_refused() {
    let t = project(None);
    let root = t.path().join("proj");
    let other = t.path().join("work");
    std::fs::create_dir_all(other.join("sub")).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    std::fs::write(other.join("sub/index.html"), "mine too").unwrap();
    let (code, text) = build(&root, &["-d", other.to_str().unwrap()]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("not an earlier build"), "{text}");
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "mine"
    );
    // A folder that has a site's index but also sources or a repository is not a site either.
    std::fs::write(other.join("index.html"), "x").unwrap();
    std::fs::create_dir_all(other.join(".git")).unwrap();
    let (code, text) = build(&root, &["-d", other.to_str().unwrap()]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains(".git"), "{text}");
    assert!(other.join(".git").is_dir());
}

#[test]
fn an_earlier_build_or_an_mkdocs_site_is_replaced() {
    let t = project(None);
    let root = t.path().join("proj");
    // What `mkdocs build` leaves: pages, assets, a 404 page, a sitemap.
    let site = root.join("site");
    std::fs::create_dir_all(site.join("assets/javascripts")).unwrap();
    std::fs::write(site.join("404.html"), "old").unwrap();
    std::fs::write(site.join("sitemap.xml.gz"), "old").unwrap();
    std::fs::write(site.join("assets/javascripts/bundle.js"), "old").unwrap();
    let (code, text) = build(&root, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(site.join("blog/2024/01/02/hello/index.html").is_file());
    assert!(!site.join("assets/javascripts/bundle.js").exists());
    // And blogen's own earlier build, twice (the second through the cache's spare).
    for _ in 0..2 {
        let (code, text) = build(&root, &[]);
        assert_eq!(code, 0, "{text}");
    }
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

#[test]
fn stale_temp_folders_of_killed_builds_are_removed() {
    let t = project(None);
    let root = t.path().join("proj");
    // What killed builds leave: a staging folder and a previous site set aside.
    for name in [".site.blogen-new-4000001", ".site.blogen-old-4000002"] {
        std::fs::create_dir_all(root.join(name).join("blog")).unwrap();
        std::fs::write(root.join(name).join("index.html"), "x").unwrap();
    }
    let (code, text) = build(&root, &["--no-cache"]);
    assert_eq!(code, 0, "{text}");
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

/// Writes 1,000 posts whose text depends on `version`, so that every page changes between
/// versions.
fn write_posts(root: &Path, version: u32) {
    let posts = root.join("docs/blog/posts");
    for i in 0..1000 {
        let text = format!(
            "---\ndate: 20{:02}-{:02}-{:02}\ncategories:\n  - C{}\n---\n# Post {i}\n\n\
             Version {version} of post {i}, with some words to render.\n\n<!-- more -->\n\n\
             ```python\nprint({i} + {version})\n```\n\n- one\n- two\n",
            10 + i % 10,
            1 + i % 12,
            1 + i % 28,
            i % 7
        );
        std::fs::write(posts.join(format!("p{i:04}.md")), text).unwrap();
    }
}

fn reference(root: &Path, version: u32, name: &str) -> BTreeMap<String, Vec<u8>> {
    write_posts(root, version);
    let dest = root.join(name);
    let (code, text) = build(root, &["--no-cache", "-d", dest.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    let s = snapshot(&dest);
    std::fs::remove_dir_all(&dest).unwrap();
    s
}

/// Kills real 1,000-post builds at many moments, with the cache (the spare updated in place)
/// and without it (a fresh folder), and checks that the site is always one whole build and that
/// the next build cleans up.
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let t = project(None);
    let root = t.path().join("proj");
    let one = reference(&root, 1, "ref1");
    let two = reference(&root, 2, "ref2");
    assert_ne!(one, two);
    // Two builds of the same sources give the same bytes (no clock in the output).
    assert_eq!(reference(&root, 1, "ref1"), one, "builds are reproducible");
    let site = root.join("site");
    // How many kills left the previous site and how many the new one.
    let mut outcomes = [0u32; 2];
    let mut whole = |what: &str, new_version: u32| {
        let now = snapshot(&site);
        assert!(
            now == one || now == two,
            "{what}: the site is neither whole build ({} files)",
            now.len()
        );
        outcomes[usize::from((now == two) == (new_version == 2))] += 1;
    };
    for cache in [true, false] {
        let flags: &[&str] = if cache { &[] } else { &["--no-cache"] };
        write_posts(&root, 1);
        assert_eq!(build(&root, flags).0, 0);
        let started = Instant::now();
        assert_eq!(build(&root, flags).0, 0);
        // A full rebuild after a change takes about this long: kill within it.
        write_posts(&root, 2);
        let started_full = Instant::now();
        assert_eq!(build(&root, flags).0, 0);
        let full = started_full.elapsed().max(started.elapsed());
        let points = 24u32;
        for i in 0..points {
            let version = if snapshot(&site) == one { 2 } else { 1 };
            write_posts(&root, version);
            let mut child = Command::new(BIN)
                .args(["build", "-q"])
                .args(flags)
                .current_dir(&root)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Spread over the whole build, denser towards its end where the swap happens.
            let frac = 1.0 - (1.0 - f64::from(i) / f64::from(points)).powi(2);
            std::thread::sleep(full.mul_f64(frac * 1.1));
            let _ = child.kill();
            let _ = child.wait();
            whole(
                &format!("cache {cache}, kill {i} at {frac:.2} of {full:?}"),
                version,
            );
        }
        // The next build completes, gives the current sources' site and leaves nothing behind.
        let (code, text) = build(&root, flags);
        assert_eq!(code, 0, "{text}");
        let current = std::fs::read_to_string(root.join("docs/blog/posts/p0000.md")).unwrap();
        let expected = if current.contains("Version 1 ") {
            &one
        } else {
            &two
        };
        assert!(
            &snapshot(&site) == expected,
            "the site is the sources' site"
        );
        assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
    }
    // Kills landed both before and after builds swapped their site in.
    eprintln!("kills that left the previous site / the new site: {outcomes:?}");
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
