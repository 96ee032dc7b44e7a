//! Where the page cache meets the pipeline: the run renders what the cache does not hold
//! (`Run` is the cache's `Renderer`), and a build with the cache on hands its stages to
//! `cache::Persisted`. The cache knows nothing of the pipeline; this file is the only link.

use super::{render_entry, Reuse, Run};
use crate::cache::{Persisted, Renderer};
use crate::check::Sink;
use crate::config::Config;
use crate::content::Content;
use crate::markdown::hlcache::HighlightCache;
use crate::markdown::page::PageOut;
use crate::output::OutFile;
use crate::plan::Plan;
use crate::theme::context::{OutputRef, SiteData};
use crate::theme::Theme;
use std::sync::Arc;

impl Renderer for Run<'_> {
    fn config(&self) -> &Config {
        self.config
    }

    fn highlight_cache(&self) -> Option<&HighlightCache> {
        self.highlight_cache.as_deref()
    }

    fn render(&self, content: &Content, plan: &Plan, i: usize, sink: &Sink) -> Option<PageOut> {
        render_entry(self, content, plan, i, sink)
    }
}

impl Reuse for Persisted<'_> {
    fn page(
        &self,
        run: &Run,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        Persisted::page(self, run, content, plan, i, sink)
    }

    fn output(&self, data: &SiteData, page: OutputRef, path: &str) -> Option<OutFile> {
        Persisted::output(self, data, page, path)
    }

    fn theme(&mut self, config: &Config, sink: &Sink) -> Option<Arc<Theme>> {
        Persisted::theme(self, config, sink)
    }

    fn search_index(&self, data: &SiteData) -> (String, OutFile) {
        Persisted::search_index(self, data)
    }

    fn finish(&mut self, content: Content, plan: &Plan, pages: Vec<Option<PageOut>>) {
        Persisted::finish(self, content, plan, pages)
    }
}
