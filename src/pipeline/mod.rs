//! The pipeline: one run from mkdocs.yml to the files of the site, stage after stage, each
//! stage a function that only looks down (config -> content -> plan -> markdown -> site ->
//! theme -> publish -> output). `generate_into` is the run every command shares; what an
//! earlier run can hand over plugs in through `Reuse`. Page rendering is in `render`, the theme
//! and publish step in `assemble`, and `build` (staging, caches, commit) in `build`.

mod assemble;
mod build;
mod render;
mod reuse;
mod run;

pub use build::{build, build_with, site_dir_allowed, BuildReport};
pub use render::render_entry;
pub use run::Run;

use crate::check::Sink;
use crate::config::Config;
use crate::content::{self, Content};
use crate::markdown::page::PageOut;
use crate::output::OutFile;
use crate::plan::{self, Mode, Plan};
use crate::publish;
use crate::site;
pub use crate::theme::context::OutputRef;
use crate::theme::context::SiteData;
use crate::theme::Theme;
use crate::timings;

/// The whole site in memory, ready to be written.
pub struct Generated {
    /// Site-relative path -> content, sorted by path.
    pub files: Vec<(String, OutFile)>,
    pub pages: usize,
    pub posts: usize,
}

/// Options of one run of the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub mode: Mode,
    /// Render the pages (false for `check`, which only validates).
    pub render_theme: bool,
}

/// Work a run can take over from an earlier run. `check`, and `build` without the cache, start
/// from nothing (`Fresh`); `build` with the cache takes over what the last build kept on disk
/// (`cache::Persisted`); `serve` keeps its caches in memory (`serve::cache`). Each
/// default does the work, so the pipeline in `generate_into` is the same for every command.
pub trait Reuse: Sync {
    /// The docs folder's content.
    fn content(&mut self, config: &Config, sink: &Sink) -> Content {
        content::load(config, sink)
    }
    /// The rendered Markdown of entry `i` of the plan (see `render_entry`).
    fn page(
        &self,
        run: &Run,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        render_entry(run, content, plan, i, sink)
    }
    /// A page of the site as an earlier run rendered it to `path`, when nothing it shows has
    /// changed since; None renders it.
    fn output(&self, _data: &SiteData, _page: OutputRef, _path: &str) -> Option<OutFile> {
        None
    }
    /// The theme (`Theme::load`).
    fn theme(&mut self, config: &Config, sink: &Sink) -> Option<std::sync::Arc<Theme>> {
        Theme::load(config, sink).map(std::sync::Arc::new)
    }
    /// The search index (`publish::search::index`).
    fn search_index(&self, data: &SiteData) -> (String, OutFile) {
        let (path, bytes) =
            publish::search::index(data.config, data.content, data.plan, data.pages);
        (path, OutFile::Bytes(bytes))
    }
    /// Takes back what the run is done with, for the next run; by default it is dropped.
    fn finish(&mut self, _content: Content, _plan: &Plan, _pages: Vec<Option<PageOut>>) {}
}

/// Nothing to reuse: every run does all the work.
pub struct Fresh;

impl Reuse for Fresh {}

/// Runs the pipeline (a run of `config` made now) up to the files to write. Returns None
/// when an error stops it (everything found is in `sink`).
pub fn generate(config: &Config, opts: RunOptions, sink: &Sink) -> Option<Generated> {
    generate_with(config, opts, &mut Fresh, sink)
}

/// `generate`, taking over from `reuse` what an earlier run already did.
pub fn generate_with(
    config: &Config,
    opts: RunOptions,
    reuse: &mut dyn Reuse,
    sink: &Sink,
) -> Option<Generated> {
    generate_run(&Run::new(config, opts.mode, sink), opts.render_theme, reuse)
}

/// `generate_with` for a run already made: all files of the site, in memory.
pub fn generate_run(run: &Run, render_theme: bool, reuse: &mut dyn Reuse) -> Option<Generated> {
    let files = std::sync::Mutex::new(Vec::new());
    let emit = |path: String, f: OutFile| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, f))
    };
    let (pages, posts) = generate_into(run, render_theme, reuse, &|_| true, &emit)?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    Some(Generated {
        files,
        pages,
        posts,
    })
}

/// Something that takes the files of the site as they are rendered, from many threads.
pub type Emit<'a> = dyn Fn(String, OutFile) + Sync + 'a;

/// The pipeline, handing each file of the site to `emit` as soon as it is rendered (so `build`
/// writes pages while others are still rendering and never holds the whole site in memory).
/// `proceed` is asked, once everything is checked and before anything is rendered through the
/// theme, whether to go on. Returns the number of pages and posts, or None when it stopped.
pub fn generate_into(
    run: &Run,
    render_theme: bool,
    reuse: &mut dyn Reuse,
    proceed: &dyn Fn(&Sink) -> bool,
    emit: &Emit,
) -> Option<(usize, usize)> {
    let (config, sink) = (run.config, run.sink);
    let timed = timings::begin();
    let content = reuse.content(config, sink);
    timings::mark("content");
    let plan = plan::plan(config, &content, run.mode, run.now, sink);
    timings::mark("plan");
    let pages = render::render_pages(run, &content, &plan, &*reuse);
    timings::mark("markdown");
    let blog = site::blog(config, &content, &plan, sink);
    crate::check::references::check_references(config, &content, &plan, &pages, sink);
    crate::publish::redirects::report(config, &plan, sink);
    let nav = site::nav::build(config, &content, &plan, sink);
    timings::mark("blog, checks, nav");
    let theme = if render_theme && proceed(sink) {
        reuse.theme(config, sink)
    } else {
        None
    };
    let Some(theme) = theme else {
        reuse.finish(content, &plan, pages);
        if timed {
            timings::end();
        }
        return None;
    };
    let data = SiteData {
        config,
        content: &content,
        plan: &plan,
        blog: &blog,
        pages: &pages,
        nav: &nav,
        mode: run.mode,
    };
    timings::mark("theme loaded");
    assemble::assemble(&data, &theme, &*reuse, sink, emit);
    let posts = plan
        .entries
        .iter()
        .filter(|e| e.published && e.post.is_some())
        .count();
    let page_count = plan.entries.iter().filter(|e| e.published).count();
    reuse.finish(content, &plan, pages);
    if timed {
        timings::end();
    }
    Some((page_count, posts))
}
