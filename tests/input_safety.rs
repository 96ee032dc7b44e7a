//! Hostile or odd input given to the real `blogen build` binary: symbolic links leaving the docs
//! folder, FIFOs and devices as config or input, dates at the edges of the calendar, templates
//! that would recurse without end. Each must give a named diagnostic and a normal exit, within a
//! few seconds (a test that would hang is killed and fails).
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str =
    "site_name: Safety\nsite_url: https://example.org/\nplugins:\n  - blog\n  - search\n";

struct Run {
    code: i32,
    stderr: String,
    diags: Vec<serde_json::Value>,
}

impl Run {
    fn find(&self, code: &str) -> Vec<&serde_json::Value> {
        self.diags.iter().filter(|d| d["code"] == code).collect()
    }
    fn has(&self, code: &str, file: &str) -> bool {
        self.find(code).iter().any(|d| d["file"] == file)
    }
}

/// Runs `blogen ARGS --format json` (unless ARGS name a format) in `dir`; kills it and panics
/// after 60 s.
fn blogen(dir: &Path, args: &[&str]) -> Run {
    let json: &[&str] = if args.contains(&"--format") {
        &[]
    } else {
        &["--format", "json"]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(args)
        .args(json)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("blogen {args:?} did not return within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let diags = stderr
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    Run {
        code: status.code().unwrap_or(-1),
        stderr,
        diags,
    }
}

/// A blog with a home page, a blog index and one post, in a temp dir.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mkdocs.yml"), config).unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("blog/posts")).unwrap();
    std::fs::write(docs.join("index.md"), "# Home\n").unwrap();
    std::fs::write(docs.join("blog/index.md"), "# Blog\n").unwrap();
    write_post(dir.path(), "2024-01-02");
    dir
}

fn write_post(root: &Path, date: &str) {
    std::fs::write(
        root.join("docs/blog/posts/p.md"),
        format!("---\ndate: {date}\n---\n# A post\n\nIntro.\n\n<!-- more -->\n\nMore.\n"),
    )
    .unwrap();
}

/// Every file of the site that contains `needle`.
fn site_files_containing(site: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for e in walkdir::WalkDir::new(site).into_iter().flatten() {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            if String::from_utf8_lossy(&bytes).contains(needle) {
                hits.push(e.path().display().to_string());
            }
        }
    }
    hits
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn symlinks_leaving_docs_are_not_followed() {
    let dir = project(CONFIG);
    let root = dir.path();
    let docs = root.join("docs");
    let secret = root.join("secrets");
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("key.md"), "# Key\n\nSECRET-TOKEN-1\n").unwrap();
    std::fs::write(secret.join("key.txt"), "SECRET-TOKEN-2").unwrap();
    std::fs::write(root.join("outside.md"), "# Out\n\nSECRET-TOKEN-3\n").unwrap();
    symlink("../secrets", docs.join("folder")).unwrap();
    symlink("../outside.md", docs.join("page.md")).unwrap();
    symlink(secret.join("key.txt"), docs.join("asset.txt")).unwrap();
    symlink("/etc/passwd", docs.join("passwd.txt")).unwrap();
    symlink("/etc", docs.join("etc")).unwrap();
    // Links that stay inside keep working, as in mkdocs.
    std::fs::create_dir_all(docs.join("real")).unwrap();
    std::fs::write(docs.join("real/inner.md"), "# Inner\n\nINSIDE-TEXT\n").unwrap();
    std::fs::write(docs.join("real/pic.txt"), "PIC").unwrap();
    symlink("real", docs.join("alias")).unwrap();
    symlink("real/inner.md", docs.join("same.md")).unwrap();

    let run = blogen(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in [
        "docs/folder",
        "docs/page.md",
        "docs/asset.txt",
        "docs/passwd.txt",
        "docs/etc",
    ] {
        assert!(run.has("symlink-outside", f), "{f}: {}", run.stderr);
    }
    let site = root.join("site");
    for needle in ["SECRET-TOKEN", "root:x:0:0"] {
        let hits = site_files_containing(&site, needle);
        assert!(hits.is_empty(), "{needle} published in {hits:?}");
    }
    assert!(!site.join("folder").exists() && !site.join("etc").exists());
    assert!(!site.join("asset.txt").exists() && !site.join("passwd.txt").exists());
    assert!(site.join("alias/inner/index.html").is_file());
    assert!(site.join("alias/pic.txt").is_file());
    assert!(site.join("same/index.html").is_file());
    assert!(std::fs::read_to_string(site.join("same/index.html"))
        .unwrap()
        .contains("INSIDE-TEXT"));
}

#[test]
fn the_authors_file_is_not_read_through_a_link_that_leaves() {
    let dir = project(CONFIG);
    let root = dir.path();
    std::fs::write(
        root.join("authors.yml"),
        "authors:\n  x:\n    name: SECRET-AUTHOR\n    description: d\n    avatar: a.png\n",
    )
    .unwrap();
    symlink("../../authors.yml", root.join("docs/blog/.authors.yml")).unwrap();
    let run = blogen(root, &["build"]);
    assert!(
        run.has("symlink-outside", "docs/blog/.authors.yml"),
        "{}",
        run.stderr
    );
    assert!(site_files_containing(&root.join("site"), "SECRET-AUTHOR").is_empty());
}

#[test]
fn includes_through_links_that_leave_are_refused() {
    let config = format!(
        "{CONFIG}markdown_extensions:\n  - markdown_include.include:\n      base_path: docs\n  - pymdownx.snippets:\n      base_path: [docs/snippets]\n"
    );
    let dir = project(&config);
    let root = dir.path();
    let docs = root.join("docs");
    std::fs::create_dir_all(docs.join("snippets")).unwrap();
    std::fs::write(root.join("secret.md"), "SECRET-INCLUDE").unwrap();
    std::fs::write(docs.join("snippets/ok.md"), "OK-SNIPPET").unwrap();
    symlink("../../secret.md", docs.join("snippets/leak.md")).unwrap();
    symlink("../secret.md", docs.join("inc.md")).unwrap();
    std::fs::write(
        docs.join("page.md"),
        "# Page\n\n{!inc.md!}\n\n--8<-- \"leak.md\"\n\n--8<-- \"ok.md\"\n",
    )
    .unwrap();
    // -v: the snippet's refusal is an info line (pymdownx leaves such a snippet out silently).
    let run = blogen(root, &["build", "-v"]);
    let refused = run.find("include-outside");
    assert_eq!(refused.len(), 2, "{}", run.stderr);
    assert!(refused.iter().all(|d| d["file"] == "docs/page.md"));
    let site = root.join("site");
    assert!(site_files_containing(&site, "SECRET-INCLUDE").is_empty());
    assert!(std::fs::read_to_string(site.join("page/index.html"))
        .unwrap()
        .contains("OK-SNIPPET"));
}

#[test]
fn a_device_or_fifo_as_config_is_refused_at_once() {
    let dir = project(CONFIG);
    let run = blogen(dir.path(), &["build", "-f", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let d = run.find("config-read");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{d:?}"
    );
    let fifo = dir.path().join("fifo.yml");
    if mkfifo(&fifo) {
        let run = blogen(dir.path(), &["build", "-f", "fifo.yml"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(!run.find("config-read").is_empty(), "{}", run.stderr);
    }
    // A config file over 10 MB.
    let big = dir.path().join("big.yml");
    let mut text = String::from("site_name: x\n");
    text.push_str(&"# padding padding padding padding\n".repeat(400_000));
    std::fs::write(&big, text).unwrap();
    let run = blogen(dir.path(), &["build", "-f", "big.yml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.find("config-read")[0]["message"]
        .as_str()
        .unwrap()
        .contains("MB"));
}

#[test]
fn markdown_files_over_50_mb_are_skipped() {
    let dir = project(CONFIG);
    // Sparse: the size is checked before anything is read.
    let f = std::fs::File::create(dir.path().join("docs/huge.md")).unwrap();
    f.set_len(51 * 1024 * 1024).unwrap();
    let run = blogen(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.has("file-too-large", "docs/huge.md"), "{}", run.stderr);
    assert!(!dir.path().join("site/huge/index.html").exists());
}

#[test]
fn fifos_and_devices_in_docs_are_skipped() {
    let dir = project(CONFIG);
    let docs = dir.path().join("docs");
    if !mkfifo(&docs.join("pipe.md")) || !mkfifo(&docs.join("pipe.txt")) {
        eprintln!("mkfifo unavailable: skipped");
        return;
    }
    let run = blogen(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.has("file-not-regular", "docs/pipe.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.has("file-not-regular", "docs/pipe.txt"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("site/index.html").is_file());
    assert!(!dir.path().join("site/pipe.txt").exists());
}

#[test]
fn the_human_report_reads_no_special_file() {
    // It shows source lines of the files diagnostics name: never of a FIFO or a device.
    let dir = project(CONFIG);
    let docs = dir.path().join("docs");
    symlink("/dev/zero", docs.join("zero.txt")).unwrap();
    let fifo = mkfifo(&docs.join("pipe.md"));
    let run = blogen(dir.path(), &["build", "--format", "human"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[symlink-outside]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("docs/zero.txt"), "{}", run.stderr);
    if fifo {
        assert!(
            run.stderr.contains("warning[file-not-regular]"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn post_dates_at_the_edges_of_the_calendar() {
    let dir = project(CONFIG);
    let root = dir.path();
    for (date, year) in [("0001-01-01", "0001"), ("9999-12-31 23:59:59", "9999")] {
        write_post(root, date);
        let run = blogen(root, &["build"]);
        assert_eq!(run.code, 0, "{date}: {}", run.stderr);
        let rss = std::fs::read_to_string(root.join("site/feed_rss_created.xml")).unwrap();
        assert!(rss.contains(&format!(" {year} ")), "{date}: {rss}");
        let sitemap = std::fs::read_to_string(root.join("site/sitemap.xml")).unwrap();
        assert!(sitemap.contains(&format!("<lastmod>{year}-")), "{sitemap}");
    }
    assert!(root
        .join("site/blog/9999/12/31/a-post/index.html")
        .is_file());
    // Years Python's datetime (so mkdocs) does not have: an error, not a panic.
    for date in ["0000-01-01", "-0001-01-01", "+10000-01-01", "10000-01-01"] {
        write_post(root, date);
        let run = blogen(root, &["build"]);
        assert_eq!(run.code, 1, "{date}: {}", run.stderr);
        assert!(
            run.has("post-date-invalid", "docs/blog/posts/p.md"),
            "{date}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

/// Builds the project with `templates/NAME` files; returns the run.
fn with_templates(files: &[(&str, &str)]) -> (tempfile::TempDir, Run) {
    let dir = project(CONFIG);
    for (name, text) in files {
        let p = dir.path().join("templates").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let run = blogen(dir.path(), &["build"]);
    (dir, run)
}

fn assert_template_error(run: &Run, file: &str, words: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("overflow"), "{}", run.stderr);
    let d = run.find("template");
    assert!(!d.is_empty(), "{}", run.stderr);
    assert_eq!(d[0]["file"], file, "{d:?}");
    assert!(d[0]["message"].as_str().unwrap().contains(words), "{d:?}");
}

#[test]
fn a_template_that_includes_itself_is_an_error() {
    let (_d, run) = with_templates(&[(
        "partials/nav.html",
        "<nav>{% include \"partials/nav.html\" %}</nav>",
    )]);
    assert_template_error(&run, "templates/partials/nav.html", "includes itself");
    // Through another template, and through a parent.
    let (_d, run) = with_templates(&[
        ("partials/nav.html", "{% include \"partials/a.html\" %}"),
        ("partials/a.html", "{% include \"partials/nav.html\" %}"),
    ]);
    assert_template_error(&run, "templates/partials/nav.html", "partials/a.html");
    let (_d, run) = with_templates(&[("partials/nav.html", "{% include \"page.html\" %}")]);
    assert_template_error(&run, "templates/partials/nav.html", "includes itself");
}

#[test]
fn an_import_cycle_is_an_error() {
    let (_d, run) = with_templates(&[
        (
            "partials/nav.html",
            "{% import \"m1.html\" as m1 %}{{ m1::a() }}",
        ),
        (
            "m1.html",
            "{% import \"m2.html\" as m2 %}{% macro a() %}A{% endmacro a %}",
        ),
        (
            "m2.html",
            "{% import \"m1.html\" as m1 %}{% macro b() %}B{% endmacro b %}",
        ),
    ]);
    assert_template_error(&run, "templates/m1.html", "imports itself");
}

/// `page.html` extending base.html with `macros` defined and `main` as its main block.
fn page_template(macros: &str, main: &str) -> String {
    format!("{{% extends \"base.html\" %}}{macros}{{% block main %}}{main}{{% endblock main %}}")
}

#[test]
fn a_macro_recursing_without_end_is_an_error() {
    let (_d, run) = with_templates(&[(
        "page.html",
        &page_template(
            "{% macro down(n) %}{{ self::down(n=n+1) }}{% endmacro down %}",
            "{{ self::down(n=0) }}",
        ),
    )]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("overflow"), "{}", run.stderr);
    let d = run.find("template");
    assert!(!d.is_empty(), "{}", run.stderr);
    let msg = d[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("macro `down` of template `page.html` is nested more than 64 levels"),
        "{msg}"
    );
    // Each level nesting loops, conditions and filters: more stack a level than a rayon
    // worker has for 64 of them.
    let (_d, run) = with_templates(&[(
        "page.html",
        &page_template(
            "{% macro m(n) %}{% for i in [1] %}{% if i %}{% for j in [n] %}{% if j >= 0 %}{% filter upper %}<{{ self::m(n=n+1) | safe }}>{% endfilter %}{% endif %}{% endfor %}{% endif %}{% endfor %}{% endmacro m %}",
            "{{ self::m(n=0) }}",
        ),
    )]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.find("template")[0]["message"]
            .as_str()
            .unwrap()
            .contains("macro `m` of template `page.html` is nested more than 64 levels"),
        "{}",
        run.stderr
    );
    // Through an imported file and back: each call into the other file.
    let (_d, run) = with_templates(&[
        (
            "page.html",
            &page_template("{% import \"m.html\" as m %}", "{{ m::ping(n=0) }}"),
        ),
        (
            "m.html",
            "{% macro ping(n) %}{{ self::pong(n=n) }}{% endmacro ping %}{% macro pong(n) %}{{ self::ping(n=n) }}{% endmacro pong %}",
        ),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = run.find("template");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("of template `m.html` is nested"),
        "{d:?}"
    );
    // A macro whose body includes the template that calls it.
    let (_d, run) = with_templates(&[
        (
            "page.html",
            &page_template("{% import \"m.html\" as m %}", "{{ m::deeper() }}"),
        ),
        (
            "m.html",
            "{% macro deeper() %}{% include \"page.html\" %}{% endmacro deeper %}",
        ),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("overflow"), "{}", run.stderr);
    assert!(!run.find("template").is_empty(), "{}", run.stderr);
}

#[test]
fn a_recursive_macro_that_stops_renders() {
    let (dir, run) = with_templates(&[(
        "page.html",
        &page_template(
            "{% macro count(n) %}{% if n > 0 %}[{{ n }}]{{ self::count(n=n-1) }}{% endif %}{% endmacro count %}",
            "<p>{{ self::count(n=60) }}</p>",
        ),
    )]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(html.contains("<p>[60][59]"), "{html}");
    assert!(html.contains("[2][1]</p>"), "{html}");
}

#[test]
fn a_template_nested_too_deep_is_an_error() {
    // 2000 nested loops overflowed tera's parser.
    let n = 2000;
    let text = format!(
        "<nav>\n{}x{}</nav>",
        "{% for i in [1] %}".repeat(n),
        "{% endfor %}".repeat(n)
    );
    let (_d, run) = with_templates(&[("partials/nav.html", &text)]);
    assert_template_error(&run, "templates/partials/nav.html", "nested more than 128");
    let d = &run.find("template")[0];
    assert_eq!(d["line"], 2, "{d:?}");
    // A bracket tower in one expression.
    let text = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
    let (_d, run) = with_templates(&[("partials/nav.html", &text)]);
    assert_template_error(&run, "templates/partials/nav.html", "brackets nested");
}

#[test]
fn theme_files_through_links_that_leave_are_not_read() {
    let dir = project(CONFIG);
    let root = dir.path();
    std::fs::write(root.join("secret.html"), "SECRET-TEMPLATE").unwrap();
    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    symlink(
        "../../secret.html",
        root.join("templates/partials/nav.html"),
    )
    .unwrap();
    symlink("/dev/zero", root.join("templates/static.css")).unwrap();
    // One that stays inside is used.
    std::fs::write(root.join("templates/mine.html"), "<nav>MINE</nav>").unwrap();
    symlink("../mine.html", root.join("templates/partials/toc.html")).unwrap();
    let run = blogen(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.has("symlink-outside", "templates/partials/nav.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.has("symlink-outside", "templates/static.css"),
        "{}",
        run.stderr
    );
    let site = root.join("site");
    assert!(site_files_containing(&site, "SECRET-TEMPLATE").is_empty());
    assert!(!site_files_containing(&site, "MINE").is_empty());
}
