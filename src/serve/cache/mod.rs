//! What `blogen serve` keeps from one rebuild to the next, plugged into the pipeline through
//! `pipeline::Reuse`: the Markdown files it read (`docs`), their rendered Markdown (the page
//! cache over its memory store, `cache::memory`), the pages rendered through the theme
//! (`outputs`) and the search index's entries (`search`). Each part checks for itself that what it
//! kept still holds, so a rebuild redoes only what a change reaches. A change of mkdocs.yml
//! starts a new `Cache`; a change of the theme calls `theme_changed`.

mod docs;
mod outputs;
mod search;

use crate::cache::memory::MemoryStore;
use crate::cache::PageCache;
use crate::check::Sink;
use crate::config::Config;
use crate::content::Content;
use crate::markdown::page::PageOut;
use crate::output::OutFile;
use crate::pipeline::{OutputRef, Reuse, Run};
use crate::plan::Plan;
use crate::theme::context::SiteData;
use crate::theme::Theme;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// How much one run did rather than reuse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Markdown files read from disk.
    pub docs_read: usize,
    /// Pages whose Markdown was rendered.
    pub markdown: usize,
    /// Pages rendered through the theme.
    pub rendered: usize,
    /// Pages taken over unchanged from the last run.
    pub reused: usize,
}

#[derive(Default)]
pub struct Cache {
    /// When each stage of the current run started (for `serve -v`).
    marks: std::sync::Mutex<Vec<(&'static str, std::time::Instant)>>,
    docs: docs::DocCache,
    pages: PageCache<MemoryStore>,
    outputs: outputs::OutputCache,
    search: search::SearchCache,
    /// The theme, until a template or theme file changes.
    theme: Option<Arc<Theme>>,
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Docs-relative paths (files or folders; "" for all of docs_dir) that changed on disk.
    /// Files are also re-read when their size or time changes, so this is a second line.
    pub fn touched(&mut self, rels: impl IntoIterator<Item = String>) {
        self.docs.touched(rels);
    }

    /// The templates or theme files changed: the theme is loaded again (pages rendered with
    /// other templates are told apart by the theme's digest).
    pub fn theme_changed(&mut self) {
        self.theme = None;
    }

    /// Ends a run: keeps the pages it rendered for the next one. Rendered pages in `files`
    /// become `OutFile::Shared`, so they are kept without a copy.
    fn mark(&self, stage: &'static str) {
        let mut m = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        if !m.iter().any(|(s, _)| *s == stage) {
            m.push((stage, std::time::Instant::now()));
        }
    }

    /// How long each stage of the last run took, in milliseconds.
    pub fn timings(&self) -> Vec<(&'static str, f64)> {
        let m = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        m.windows(2)
            .map(|w| (w[0].0, (w[1].1 - w[0].1).as_secs_f64() * 1000.0))
            .collect()
    }

    pub fn commit(&mut self, files: &mut [(String, OutFile)]) -> Stats {
        self.mark("after theme");
        self.outputs.commit(files);
        self.mark("end");
        Stats {
            docs_read: self.docs.read.swap(0, Ordering::Relaxed),
            markdown: self.pages.rendered.swap(0, Ordering::Relaxed),
            rendered: self.outputs.rendered.swap(0, Ordering::Relaxed),
            reused: self.outputs.reused.swap(0, Ordering::Relaxed),
        }
    }
}

impl Reuse for Cache {
    fn content(&mut self, config: &Config, sink: &Sink) -> Content {
        self.marks.get_mut().unwrap().clear();
        self.mark("read docs");
        self.outputs.begin_run();
        self.pages.store.begin_run();
        let content = self.docs.load(config, sink);
        self.pages.store.retain(&content);
        self.mark("plan");
        content
    }

    fn page(
        &self,
        run: &Run,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        self.mark("markdown");
        self.pages.page(run, content, plan, i, sink)
    }

    fn output(&self, data: &SiteData, page: OutputRef, path: &str) -> Option<OutFile> {
        self.mark("theme");
        let theme = self.theme.as_ref().map_or(0, |t| t.digest);
        self.outputs.get(data, theme, page, path)
    }

    fn theme(&mut self, config: &Config, sink: &Sink) -> Option<Arc<Theme>> {
        if self.theme.is_none() {
            self.theme = Theme::load(config, sink).map(Arc::new);
        }
        self.theme.clone()
    }

    fn finish(&mut self, content: Content, plan: &Plan, pages: Vec<Option<PageOut>>) {
        self.mark("finish");
        self.pages.store.finish(&content, plan, pages);
        self.docs.finish(content);
    }

    fn search_index(&self, data: &SiteData) -> (String, OutFile) {
        self.mark("search index");
        let (path, bytes) = self.search.index(data);
        self.mark("after search index");
        (path, OutFile::Bytes(bytes))
    }
}
