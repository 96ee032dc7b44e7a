//! What `blogen serve` keeps from one rebuild to the next, plugged into the pipeline through
//! `crate::Reuse`: the Markdown files it read (`docs`), their rendered Markdown (`pages`) and
//! the pages rendered through the theme (`outputs`). Each part checks for itself that what it
//! kept still holds, so a rebuild redoes only what a change reaches. A change of mkdocs.yml
//! starts a new `Cache`; a change of the theme calls `theme_changed`.

mod docs;
mod outputs;
mod pages;

use crate::check::Sink;
use crate::config::Config;
use crate::content::Content;
use crate::output::OutFile;
use crate::site::Plan;
use crate::theme::context::{PageOut, SiteData};
use crate::{OutputRef, Reuse};
use std::sync::atomic::Ordering;

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
    docs: docs::DocCache,
    pages: pages::PageCache,
    outputs: outputs::OutputCache,
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

    /// The templates or theme files changed: every page is rendered again.
    pub fn theme_changed(&mut self) {
        self.outputs.theme_changed();
    }

    /// Ends a run: keeps the pages it rendered for the next one. Rendered pages in `files`
    /// become `OutFile::Shared`, so they are kept without a copy.
    pub fn commit(&mut self, files: &mut [(String, OutFile)]) -> Stats {
        self.outputs.commit(files);
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
        self.outputs.begin_run();
        let content = self.docs.load(config, sink);
        self.pages.retain(&content);
        content
    }

    fn page(
        &self,
        config: &Config,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        self.pages.page(config, content, plan, i, sink)
    }

    fn output(&self, data: &SiteData, page: OutputRef, path: &str) -> Option<OutFile> {
        self.outputs.get(data, &self.pages, page, path)
    }
}
