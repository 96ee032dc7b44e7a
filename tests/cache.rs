//! The highlight cache: a warm build (every code block from the cache) writes exactly the
//! bytes of a build without the cache, edited code is never served from the cache, and a
//! damaged cache file changes nothing.

mod common;
use blogen::cache::Reused;
use blogen::check::Sink;
use blogen::config::Config;
use blogen::plan::Mode;
use common::*;
use std::path::Path;

/// The files of the site after a build.
fn build(root: &Path, use_cache: bool) -> Vec<(String, Vec<u8>)> {
    build_outcome(root, use_cache).0
}

fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    assert_eq!(a.len(), b.len());
    for ((fa, ca), (fb, cb)) in a.iter().zip(b) {
        assert_eq!(fa, fb);
        assert!(ca == cb, "{fa} differs");
    }
}

#[test]
fn output_with_and_without_cache_is_identical() {
    let cached = copy_fixture("markdown");
    let plain = copy_fixture("markdown");
    let cold = build(cached.path(), true);
    let cache_file = cached.path().join(".blogen-cache/highlight.bin");
    assert!(cache_file.is_file(), "the first build writes the cache");
    let warm = build(cached.path(), true);
    let none = build(plain.path(), false);
    assert!(
        !plain.path().join(".blogen-cache").exists(),
        "--no-cache writes no cache"
    );
    assert_same(&cold, &warm);
    assert_same(&warm, &none);

    // A damaged cache file is ignored entry by entry.
    let mut bytes = std::fs::read(&cache_file).unwrap();
    for i in (40..bytes.len()).step_by(97) {
        bytes[i] ^= 0x20;
    }
    std::fs::write(&cache_file, bytes).unwrap();
    assert_same(&build(cached.path(), true), &none);
}

#[test]
fn edited_code_is_highlighted_again() {
    let dir = copy_fixture("compat");
    build(dir.path(), true);
    let post = dir.path().join("docs/blog/posts/mermaid.md");
    let text = std::fs::read_to_string(&post)
        .unwrap()
        .replace("print(\"hi\")", "print(\"changed\")");
    std::fs::write(&post, text).unwrap();
    let out = build(dir.path(), true);
    let page = out
        .iter()
        .find(|(f, _)| f == "blog/2024/01/06/mermaid--code/index.html")
        .unwrap();
    let html = String::from_utf8(page.1.clone()).unwrap();
    assert!(html.contains("changed") && !html.contains("&quot;hi&quot;"));
}

/// Every file of the site and every diagnostic of one build, and what it took over.
type Outcome = (Vec<(String, Vec<u8>)>, Vec<String>, blogen::BuildReport);

fn build_outcome(root: &Path, use_cache: bool) -> Outcome {
    let sink = Sink::new();
    let config = Config::load(&root.join("mkdocs.yml"), false, &sink).unwrap();
    let run = blogen::Run::new(&config, Mode::Build, &sink).with_cache(use_cache);
    let report = blogen::build_with(&run, false, &|| {});
    assert!(report.written, "{:#?}", report.diagnostics);
    let site = root.join("site");
    let files = files(&site)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.join(&f)).unwrap();
            (f, b)
        })
        .collect();
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{:?} {} {:?}:{} {}",
                d.severity, d.code, d.file, d.line, d.message
            )
        })
        .collect();
    (files, diagnostics, report)
}

/// Applies `edit` to both copies, then builds one with the cache (taking over what earlier
/// builds kept) and the other without: files and diagnostics must be the same. Returns the
/// number of pages of the site and what the cached build took over.
fn step(cached: &Path, plain: &Path, what: &str, edit: &dyn Fn(&Path)) -> (usize, Reused) {
    edit(cached);
    edit(plain);
    let (cf, cd, report) = build_outcome(cached, true);
    let (pf, pd, _) = build_outcome(plain, false);
    assert_eq!(cd, pd, "diagnostics after: {what}");
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&cf), names(&pf), "files after: {what}");
    for ((name, a), (_, b)) in cf.iter().zip(&pf) {
        assert!(a == b, "{name} differs after: {what}");
    }
    (report.pages, report.reused)
}

fn edit_file(root: &Path, rel: &str, f: impl Fn(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

/// A stale cache never changes the output: after each kind of edit, a build that takes over
/// what the previous builds kept (pages, rendered pages, files of the previous sites) writes
/// the same files and reports the same diagnostics as a build from nothing.
#[test]
fn incremental_builds_match_builds_from_nothing() {
    let cached = copy_fixture("compat");
    let plain = copy_fixture("compat");
    let (c, p) = (cached.path(), plain.path());
    let hello = "docs/blog/posts/2024-01-01_hello/main.md";
    let other = "docs/blog/posts/2024-01-02_other/main.md";
    let (_, first) = step(c, p, "first build", &|_| {});
    assert_eq!(first, Reused::default());
    // The cache is really used: an unchanged build takes every page over, and an edited post
    // is the only Markdown rendered again.
    let (pages, same) = step(c, p, "nothing", &|_| {});
    assert_eq!(same.markdown, pages);
    assert!(same.outputs >= pages, "{same:?}");
    let (_, edited) = step(c, p, "a post's text", &|r| {
        edit_file(r, hello, |t| {
            t.replace("First paragraph", "Opening paragraph")
        })
    });
    assert_eq!(edited.markdown, pages - 1);
    assert!(
        edited.outputs > 0 && edited.outputs < same.outputs,
        "{edited:?}"
    );
    step(c, p, "a post's title", &|r| {
        edit_file(r, "docs/blog/posts/foo.md", |t| {
            t.replace("# Café über Straße", "# Café über Straße, revisited")
        })
    });
    step(c, p, "front matter only", &|r| {
        edit_file(r, "docs/blog/posts/foo.md", |t| {
            t.replacen("---\n", "---\ndescription: A flat post\n", 1)
        })
    });
    step(c, p, "a linked post deleted", &|r| {
        std::fs::remove_file(r.join("docs/blog/posts/foo.md")).unwrap()
    });
    step(c, p, "a new post", &|r| {
        std::fs::write(
            r.join("docs/blog/posts/foo.md"),
            "---\ndate: 2024-03-01\ncategories:\n  - C++\n---\n\n# Back again\n\nSee [other](2024-01-02_other/main.md#intro).\n",
        )
        .unwrap()
    });
    step(c, p, "a linked heading renamed", &|r| {
        edit_file(r, other, |t| t.replacen("# ", "# Renamed ", 1))
    });
    step(c, p, "a post made a draft", &|r| {
        edit_file(r, other, |t| t.replacen("---\n", "---\ndraft: true\n", 1))
    });
    step(c, p, "an image changed", &|r| {
        std::fs::write(
            r.join("docs/blog/posts/2024-01-01_hello/cover.png"),
            b"new bytes",
        )
        .unwrap()
    });
    let (_, config) = step(c, p, "mkdocs.yml", &|r| {
        edit_file(r, "mkdocs.yml", |t| {
            t.replace("site_name: Compat", "site_name: Renamed")
        })
    });
    assert_eq!(config, Reused::default());
    step(c, p, "a template override", &|r| {
        std::fs::create_dir_all(r.join("templates/partials")).unwrap();
        let footer = "<footer class=\"custom\">Custom footer {{ site.name }}</footer>\n";
        std::fs::write(r.join("templates/partials/footer.html"), footer).unwrap();
    });
    step(c, p, "a page of the site changed by hand", &|r| {
        if r == c {
            let page = r.join("site/blog/index.html");
            let text = std::fs::read_to_string(&page).unwrap();
            std::fs::write(&page, text.replace("<", "[")).unwrap();
        }
    });
    step(c, p, "the site folder deleted", &|r| {
        std::fs::remove_dir_all(r.join("site")).unwrap()
    });
    let (pages, last) = step(c, p, "nothing, after all that", &|_| {});
    assert_eq!(last.markdown, pages);
}

/// A page with include directives is taken from the cache too, and rendered again as soon as
/// a file it includes changes, appears or goes.
#[test]
fn pages_with_includes_are_cached_until_an_included_file_changes() {
    let cached = copy_fixture("markdown");
    let plain = copy_fixture("markdown");
    let (c, p) = (cached.path(), plain.path());
    step(c, p, "first build", &|_| {});
    let (pages, same) = step(c, p, "nothing", &|_| {});
    assert_eq!(
        same.markdown, pages,
        "every page is taken over, includes or not"
    );
    let (_, edited) = step(c, p, "an included snippet", &|r| {
        edit_file(r, "snippets/nested.md", |t| t + "\nAdded to the snippet.\n")
    });
    assert_eq!(
        edited.markdown,
        pages - 1,
        "only the page including it is rendered"
    );
    // The included file is a page of the site too: it goes and comes back with it.
    let (fewer, gone) = step(c, p, "an included file deleted", &|r| {
        std::fs::remove_file(r.join("docs/includes/part.md")).unwrap()
    });
    assert_eq!((fewer, gone.markdown), (pages - 1, pages - 2));
    let (again, back) = step(c, p, "the included file written again", &|r| {
        std::fs::write(r.join("docs/includes/part.md"), "Part, written again.\n").unwrap()
    });
    assert_eq!((again, back.markdown), (pages, pages - 2));
    let page =
        std::fs::read_to_string(c.join("site/blog/2024/05/01/every-construct/index.html")).unwrap();
    assert!(
        page.contains("Part, written again."),
        "the page shows the new include"
    );
}
