//! What `blogen build` takes over from the previous build (`.blogen-cache/` beside mkdocs.yml)
//! so that it does only what changed (the pipeline plugs it in as its `Reuse`):
//! - the page cache over the disk store (`disk`): each page's rendered Markdown, taken over
//!   while its text, URL, links and the config are unchanged;
//! - output fingerprints (`stamps`): a page rendered through the theme, and the search
//!   index, are kept from the previous site when what they are made from is unchanged
//!   (`output::Staging::reuse` checks the file itself is unchanged too).
//!
//! Everything is keyed by the blogen binary as well, so another version starts afresh. The
//! highlight cache (`markdown::hlcache`) covers the code blocks of the pages rendered anew.

use super::disk::PageStore;
use super::stamps::Stamps;
use super::{PageCache, Renderer};
use crate::check::Sink;
use crate::config::Config;
use crate::content::Content;
use crate::markdown::page::PageOut;
use crate::output::{OutFile, Staging};
use crate::plan::Plan;
use crate::publish;
use crate::theme::context::{OutputRef, SiteData};
use crate::theme::Theme;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// What a build with the cache on takes over (the pipeline's `Reuse` for it).
pub struct Persisted<'a> {
    staging: &'a Staging,
    salt: String,
    pages: PageCache<PageStore>,
    store_path: PathBuf,
    theme: Option<Arc<Theme>>,
    stamps: OnceLock<Stamps>,
    /// Pages of the site kept.
    kept: AtomicUsize,
}

/// This build's pages, to be saved for the next one.
pub struct SavePages {
    store: PageStore,
    path: PathBuf,
    salt: String,
}

impl SavePages {
    /// A store that cannot be written only costs speed next time.
    pub fn run(self) {
        let _ = self.store.save(&self.path, &self.salt);
        // The process ends soon after a build: the pages are freed off the critical path.
        let store = self.store;
        std::thread::spawn(move || drop(store));
    }
}

/// How much of a build was taken over from the previous one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reused {
    /// Pages whose rendered Markdown came from the page store.
    pub markdown: usize,
    /// Files of the site (pages, list pages, the search index) kept from the previous site
    /// without being made again.
    pub outputs: usize,
}

impl<'a> Persisted<'a> {
    /// Reads what the last build kept for `config`; `salt` identifies the blogen binary.
    pub fn load(config: &Config, staging: &'a Staging, salt: &str) -> Persisted<'a> {
        let store_path = config.cache_dir().join("pages.bin");
        Persisted {
            staging,
            salt: salt.to_string(),
            pages: PageCache::new(PageStore::load(&store_path, salt), config.digest()),
            store_path,
            theme: None,
            stamps: OnceLock::new(),
            kept: AtomicUsize::new(0),
        }
    }

    /// Ends the run: what it took over, and the saving of its pages for the next run (which
    /// no longer needs the output stage, so it can run beside the commit).
    pub fn finish_run(self) -> (Reused, SavePages) {
        let reused = Reused {
            markdown: self.pages.taken.into_inner(),
            outputs: self.kept.into_inner(),
        };
        let save = SavePages {
            store: self.pages.store,
            path: self.store_path,
            salt: self.salt,
        };
        (reused, save)
    }

    fn stamps(&self, data: &SiteData) -> &Stamps {
        self.stamps
            .get_or_init(|| Stamps::of(data, self.theme.as_ref().map_or(0, |t| t.digest)))
    }

    /// `OutFile::Kept` when the staging site can keep the file made from `fingerprint`.
    fn keep(&self, path: &str, fingerprint: u64) -> Option<OutFile> {
        let kept = matches!(self.staging.reuse(path, fingerprint), Ok(true));
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        kept.then_some(OutFile::Kept)
    }
}

/// The parts of the run the pipeline hands over (see `pipeline::Reuse`).
impl Persisted<'_> {
    /// The rendered Markdown of entry `i`, from the page store when it still holds.
    pub fn page(
        &self,
        run: &dyn Renderer,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        self.pages.page(run, content, plan, i, sink)
    }

    /// The page at `path` kept from the previous site when nothing it shows changed.
    pub fn output(&self, data: &SiteData, page: OutputRef, path: &str) -> Option<OutFile> {
        let fingerprint = self.stamps(data).fingerprint(data, page, path);
        self.keep(path, fingerprint)
    }

    /// Loads the theme (its digest is part of every page's fingerprint).
    pub fn theme(&mut self, config: &Config, sink: &Sink) -> Option<Arc<Theme>> {
        self.theme = Theme::load(config, sink).map(Arc::new);
        self.theme.clone()
    }

    /// The search index, kept when no page changed.
    pub fn search_index(&self, data: &SiteData) -> (String, OutFile) {
        let path = publish::search::INDEX_PATH;
        if let Some(kept) = self.keep(path, self.stamps(data).all()) {
            return (path.to_string(), kept);
        }
        let (path, bytes) =
            publish::search::index(data.config, data.content, data.plan, data.pages);
        (path, OutFile::Bytes(bytes))
    }

    /// Keeps this run's pages for the next one.
    pub fn finish(&mut self, content: Content, plan: &Plan, pages: Vec<Option<PageOut>>) {
        let pages = plan
            .entries
            .iter()
            .zip(pages)
            .filter_map(|(e, out)| Some((content.docs[e.doc].rel.clone(), out?)));
        self.pages.store.finish(pages);
        // The process ends soon after a build: the rest is freed off the critical path.
        std::thread::spawn(move || drop(content));
    }
}
