//! Where the time of one `serve` rebuild goes, stage by stage, on a large blog. Not a test of
//! speed (nothing is asserted about time): run it by hand with
//! `BLOGEN_BENCH_BLOG=/path/to/blog cargo test --release --test serve_bench -- --ignored --nocapture`.

use blogen::check::Sink;
use blogen::config::Config;
use blogen::plan::{self, Mode};
use blogen::publish;
use blogen::serve::cache::Cache;
use blogen::site;
use blogen::theme::Theme;
use blogen::{Reuse, RunOptions};
use std::path::PathBuf;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[test]
#[ignore]
fn stage_times() {
    let Ok(root) = std::env::var("BLOGEN_BENCH_BLOG") else {
        eprintln!("set BLOGEN_BENCH_BLOG to a blog folder");
        return;
    };
    let root = PathBuf::from(root);
    let sink = Sink::new();
    let config = Config::load(&root.join("mkdocs.yml"), true, &sink).expect("config");
    let mut cache = Cache::new();
    let opts = RunOptions {
        mode: Mode::Serve,
        render_theme: true,
    };
    let t = Instant::now();
    let mut g = blogen::generate_with(&config, opts, &mut cache, &sink).expect("site");
    cache.commit(&mut g.files);
    eprintln!("first run: {:.1} ms, {} files", ms(t), g.files.len());
    let post = walkdir::WalkDir::new(config.docs_dir.join("blog/posts"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "main.md")
        .expect("a post")
        .into_path();
    let text = std::fs::read_to_string(&post).unwrap();
    let rel = post
        .strip_prefix(&config.docs_dir)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    for round in 0..5 {
        std::fs::write(
            &post,
            text.replace("filler text", &format!("filler text {round}")),
        )
        .unwrap();
        cache.touched([rel.clone()]);
        let sink = Sink::new();
        let t = Instant::now();
        let mut g = blogen::generate_with(&config, opts, &mut cache, &sink).expect("site");
        let total = ms(t);
        let stats = cache.commit(&mut g.files);
        let stages: Vec<String> = cache
            .timings()
            .iter()
            .map(|(s, t)| format!("{s} {t:.1}"))
            .collect();
        eprintln!(
            "rebuild {round}: {total:.1} ms ({}) {stats:?}",
            stages.join(", ")
        );
    }
    std::fs::write(&post, &text).unwrap();
    // The stages one by one, outside the cache.
    let sink = Sink::new();
    let t = Instant::now();
    let n = walkdir::WalkDir::new(&config.docs_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .count();
    eprintln!("walk alone ({n} entries): {:.1} ms", ms(t));
    let t = Instant::now();
    let fresh = blogen::content::load(&config, &sink);
    eprintln!("content::load (reads every file): {:.1} ms", ms(t));
    let t = Instant::now();
    let copy = fresh.docs.clone();
    eprintln!("clone of all docs: {:.1} ms", ms(t));
    drop(copy);
    let t = Instant::now();
    let content = cache.content(&config, &sink);
    eprintln!("content (cached): {:.1} ms", ms(t));
    let t = Instant::now();
    let plan = plan::plan(
        &config,
        &content,
        Mode::Serve,
        chrono::Local::now().naive_local(),
        &sink,
    );
    eprintln!("plan: {:.1} ms", ms(t));
    let run = blogen::Run::new(&config, Mode::Serve, &sink);
    let t = Instant::now();
    let pages: Vec<_> = (0..plan.entries.len())
        .map(|i| cache.page(&run, &content, &plan, i, &sink))
        .collect();
    eprintln!("pages (cached, one thread): {:.1} ms", ms(t));
    let t = Instant::now();
    let blog = site::blog(&config, &content, &plan, &sink);
    eprintln!("blog: {:.1} ms", ms(t));
    let t = Instant::now();
    let _nav = site::nav::build(&config, &content, &plan, &sink);
    eprintln!("nav: {:.1} ms", ms(t));
    let t = Instant::now();
    let _theme = Theme::load(&config, &sink);
    eprintln!("theme load: {:.1} ms", ms(t));
    let t = Instant::now();
    let _ = publish::feeds::feeds(&config, &content, &plan, &blog, &pages);
    eprintln!("feeds: {:.1} ms", ms(t));
    let t = Instant::now();
    let _ = publish::sitemap::sitemap(&config, &plan, &blog);
    eprintln!("sitemap: {:.1} ms", ms(t));
    let t = Instant::now();
    let _ = publish::search::index(&config, &content, &plan, &pages);
    eprintln!("search index: {:.1} ms", ms(t));
    let t = Instant::now();
    let _ = blogen::markdown::highlight::stylesheet();
    eprintln!("highlight stylesheet: {:.1} ms", ms(t));
}
