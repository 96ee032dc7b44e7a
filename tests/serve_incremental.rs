//! `serve`'s incremental rebuilds give the same site as a full run: after each kind of change
//! (body, title and so URL, category, date, new post, deleted and renamed post, authors file,
//! a broken file and its fix, a template), the site rebuilt through `serve::cache::Cache` is
//! compared file by file, and diagnostic by diagnostic, with `generate` from scratch.

mod serve_support;
use blogen::check::{Diagnostic, Sink};
use blogen::config::Config;
use blogen::output::OutFile;
use blogen::plan::Mode;
use blogen::serve::cache::Cache;
use blogen::RunOptions;
use serve_support::*;
use std::path::Path;

const OPTS: RunOptions = RunOptions {
    mode: Mode::Serve,
    render_theme: true,
};

type Site = Vec<(String, Vec<u8>)>;

fn flatten(files: Vec<(String, OutFile)>) -> Site {
    files
        .into_iter()
        .map(|(p, f)| {
            let bytes = match f {
                OutFile::Bytes(b) => b,
                OutFile::Shared(b) => b.to_vec(),
                OutFile::Copy(src) => src.to_string_lossy().into_owned().into_bytes(),
                OutFile::Kept => unreachable!("only a build with the cache keeps files"),
            };
            (p, bytes)
        })
        .collect()
}

fn fresh(config: &Config) -> (Site, Vec<Diagnostic>) {
    let sink = Sink::new();
    let g = blogen::generate(config, OPTS, &sink);
    (
        g.map(|g| flatten(g.files)).unwrap_or_default(),
        sink.take_sorted(),
    )
}

struct Incremental {
    config: Config,
    cache: Cache,
}

impl Incremental {
    fn run(&mut self, touched: &[&str]) -> (Site, Vec<Diagnostic>, blogen::serve::cache::Stats) {
        self.cache.touched(touched.iter().map(|s| s.to_string()));
        let sink = Sink::new();
        let g = blogen::generate_with(&self.config, OPTS, &mut self.cache, &sink);
        let (site, stats) = match g {
            Some(mut g) => {
                let stats = self.cache.commit(&mut g.files);
                (flatten(g.files), stats)
            }
            None => (vec![], Default::default()),
        };
        (site, sink.take_sorted(), stats)
    }

    /// Rebuilds after `touched` changed and checks the result against a full run.
    fn check(&mut self, what: &str, touched: &[&str]) -> blogen::serve::cache::Stats {
        let (site, diags, stats) = self.run(touched);
        let (want, want_diags) = fresh(&self.config);
        let paths = |s: &Site| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&site), paths(&want), "{what}: the same files");
        for ((p, a), (_, b)) in site.iter().zip(&want) {
            assert!(a == b, "{what}: {p} differs from a full build");
        }
        assert_eq!(diags, want_diags, "{what}: the same diagnostics");
        stats
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join("docs").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const PERF: &str = "blog/posts/2026-11-03_40x-faster/main.md";

#[test]
fn incremental_rebuilds_match_full_builds() {
    let blog = sample_blog();
    let root = blog.path();
    let config = Config::load(&root.join("mkdocs.yml"), true, &Sink::new()).unwrap();
    let mut inc = Incremental {
        config,
        cache: Cache::new(),
    };
    inc.check("first run", &[]);

    let stats = inc.check("nothing changed", &[]);
    assert_eq!((stats.markdown, stats.rendered), (0, 0), "{stats:?}");

    edit(root, PERF, "In October a user", "In December a user");
    let stats = inc.check("body", &[PERF]);
    assert_eq!(
        stats.markdown, 1,
        "only the edited post's Markdown: {stats:?}"
    );
    assert!(stats.reused > 0 && stats.rendered < 8, "{stats:?}");

    edit(
        root,
        PERF,
        "# How we made blogen 40x faster",
        "# How we made blogen 41x faster",
    );
    inc.check("title and so URL (other posts link to it)", &[PERF]);

    edit(root, PERF, "  - Performance", "  - Speed");
    inc.check("category", &[PERF]);

    edit(root, PERF, "date: 2026-11-03", "date: 2025-02-01");
    inc.check("date (archive year, neighbours)", &[PERF]);

    let new_dir = root.join("docs/blog/posts/2026-12-01_fresh");
    std::fs::create_dir_all(&new_dir).unwrap();
    std::fs::write(
        new_dir.join("main.md"),
        "---\ndate: 2026-12-01\nauthors:\n  - lin\ncategories:\n  - Guides\n---\n\n# Fresh\n\nSee [the post-mortem](../2026-11-03_40x-faster/main.md).\n",
    )
    .unwrap();
    inc.check("new post folder", &["blog/posts/2026-12-01_fresh"]);

    std::fs::write(new_dir.join("cover.png"), b"not really a png").unwrap();
    inc.check("new asset", &["blog/posts/2026-12-01_fresh/cover.png"]);

    let renamed = root.join("docs/blog/posts/2026-12-02_fresher");
    std::fs::rename(&new_dir, &renamed).unwrap();
    inc.check(
        "renamed post folder",
        &[
            "blog/posts/2026-12-01_fresh",
            "blog/posts/2026-12-02_fresher",
        ],
    );

    edit(
        root,
        "blog/.authors.yml",
        "name: Lin Hartmann",
        "name: Lin H.",
    );
    inc.check("authors file", &["blog/.authors.yml"]);

    let draft = "blog/posts/2026-12-02_fresher/main.md";
    edit(
        root,
        draft,
        "date: 2026-12-01",
        "date: 2026-12-01\ndraft: true",
    );
    inc.check("draft", &[draft]);

    edit(root, draft, "date: 2026-12-01", "date: [2026-12-01");
    inc.check("broken front matter", &[draft]);
    inc.check("broken front matter, another file saved", &[PERF]);
    edit(root, draft, "date: [2026-12-01", "date: 2026-12-01");
    inc.check("fixed front matter", &[draft]);

    std::fs::remove_dir_all(&renamed).unwrap();
    inc.check("deleted post", &["blog/posts/2026-12-02_fresher"]);

    std::fs::write(root.join("docs/blog/posts/editor.tmp"), "x").unwrap();
    std::fs::remove_file(root.join("docs/blog/posts/editor.tmp")).unwrap();
    inc.check(
        "a temporary file that came and went",
        &["blog/posts/editor.tmp"],
    );

    // A template override: every page is rendered again.
    let templates = root.join("templates/partials");
    std::fs::create_dir_all(&templates).unwrap();
    let meta = std::fs::read_to_string(repo().join("templates/partials/post_meta.html")).unwrap();
    std::fs::write(
        templates.join("post_meta.html"),
        meta.replace(
            "<div class=\"post-meta\">",
            "<div class=\"post-meta overridden\">",
        ),
    )
    .unwrap();
    inc.cache.theme_changed();
    inc.check("template override", &[]);
    let (site, _, _) = inc.run(&[]);
    assert!(site
        .iter()
        .any(|(_, b)| String::from_utf8_lossy(b).contains("post-meta overridden")));
}
