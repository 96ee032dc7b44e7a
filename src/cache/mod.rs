//! The page cache: each page's rendered Markdown kept from one run to the next, so a run renders
//! only the pages a change reaches. One cache (`PageCache`: the key of a page, the check of its
//! links and of the files it includes, the render of what is missing) over two stores: on disk for `build` (`disk`, saved in
//! `.blogen-cache/pages.bin`) and in memory for `serve` (`memory`). Around it: what a build takes
//! over from the previous one (`persisted`) and the fingerprints of pages rendered through the
//! theme (`stamps`), shared by both commands. Serve's other in-memory caches are in
//! `serve::cache`; the highlight cache is `markdown::hlcache`.

pub mod disk;
pub mod memory;
pub mod persisted;
pub mod stamps;

pub use persisted::{Persisted, Reused, SavePages};

use crate::check::{Diagnostic, Sink};
use crate::config::Config;
use crate::content::includes::{FsIncludes, IncludeRead};
use crate::content::Content;
use crate::markdown::hlcache::HighlightCache;
use crate::markdown::page::PageOut;
use crate::plan::links::LinkIndex;
use crate::plan::Plan;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the cache needs of the run it serves: the config (to read included files again), the
/// highlight cache (to keep the code blocks of the pages it takes over), and the render of a
/// page it does not hold. The pipeline's `Run` is one; the cache never calls the pipeline itself.
pub trait Renderer: Sync {
    fn config(&self) -> &Config;
    fn highlight_cache(&self) -> Option<&HighlightCache>;
    /// The rendered Markdown of entry `i` of `plan`, its diagnostics in `sink`.
    fn render(&self, content: &Content, plan: &Plan, i: usize, sink: &Sink) -> Option<PageOut>;
}

/// Where the rendered pages of earlier runs are kept.
pub trait Store: Sync {
    /// The kept page of the source `rel` when it was made from `key` and each of its links
    /// still resolves in `links` to the target it had; with the diagnostics its render gave.
    fn take(&self, rel: &str, key: u64, links: &LinkIndex) -> Option<(PageOut, Vec<Diagnostic>)>;
    /// Notes a page this run rendered from `key`, its links resolved in `links`.
    fn rendered(
        &self,
        rel: &str,
        key: u64,
        out: &PageOut,
        links: &LinkIndex,
        diagnostics: Vec<Diagnostic>,
    );
}

/// The key of a page's rendered Markdown: everything it is made from but its links (the
/// config, by `config_digest`; the source path and text; the URL; post or not).
pub fn key(config_digest: u64, rel: &str, text: &str, url: &str, is_post: bool) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&config_digest.to_le_bytes());
    for part in [rel, text, url] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update(&[is_post as u8]);
    h.digest()
}

/// The page cache over one store.
pub struct PageCache<S> {
    pub store: S,
    config_digest: u64,
    /// Pages of the current run taken from the store, and pages rendered.
    pub taken: AtomicUsize,
    pub rendered: AtomicUsize,
}

/// A cache whose owner starts a new one with each config (`serve`), so the config is no part
/// of its keys.
impl<S: Default> Default for PageCache<S> {
    fn default() -> Self {
        PageCache::new(S::default(), 0)
    }
}

impl<S> PageCache<S> {
    /// A cache of pages made under the config of digest `config_digest` (`Config::digest`).
    pub fn new(store: S, config_digest: u64) -> PageCache<S> {
        PageCache {
            store,
            config_digest,
            taken: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
        }
    }
}

impl<S: Store> PageCache<S> {
    /// The rendered Markdown of entry `i` of the plan (None when it is not published): taken
    /// from the store when it still holds, otherwise rendered (`render_entry`) and noted in
    /// the store. Its diagnostics go to `sink` either way.
    pub fn page(
        &self,
        run: &dyn Renderer,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        let e = &plan.entries[i];
        if !e.published {
            return None;
        }
        let doc = &content.docs[e.doc];
        let key = key(
            self.config_digest,
            &doc.rel,
            &doc.text,
            &e.url,
            e.post.is_some(),
        );
        if let Some((out, diagnostics)) = self.store.take(&doc.rel, key, &plan.links) {
            // Included files are read during the render: each is read again to see that it
            // gives what it gave then.
            let files = FsIncludes::new(run.config());
            if IncludeRead::unchanged(&files, &out.includes) {
                self.taken.fetch_add(1, Ordering::Relaxed);
                sink.extend(diagnostics);
                if let Some(hl) = run.highlight_cache() {
                    hl.keep(&out.rendered.highlight_keys);
                }
                return Some(out);
            }
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let local = Sink::new();
        let out = run.render(content, plan, i, &local)?;
        let diagnostics = local.take_sorted();
        sink.extend(diagnostics.iter().cloned());
        self.store
            .rendered(&doc.rel, key, &out, &plan.links, diagnostics);
        Some(out)
    }
}
