//! Pages rendered through the theme, reused when their fingerprint is unchanged. The
//! fingerprint of a page covers what its template context is built from (`SiteData`):
//! - for every page, the site-wide part: nav, archive and category lists, category and author
//!   URLs, the authors, the theme's generation;
//! - a post or page: its own stamp and those of its previous and next posts;
//! - a blog view (index, archive, category, author page): its URL, title, pagination and the
//!   stamps of the posts it lists (and of the blog's index page).
//!
//! An entry's stamp is its URL, title, publication, post metadata and the render id of its
//! Markdown (which changes with its text or links). So saving one post renders again that
//! post, its neighbours and the views that list it; a new title, date or category reaches
//! further by itself. When `SiteData` gains something templates show, add it here.

use super::pages::PageCache;
use crate::output::OutFile;
use crate::site::ViewKind;
use crate::theme::context::SiteData;
use crate::OutputRef;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Default)]
pub struct OutputCache {
    kept: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// Fingerprints of the pages this run renders, by output path.
    pending: Mutex<HashMap<String, u64>>,
    stamps: OnceLock<Stamps>,
    theme_generation: u64,
    pub rendered: AtomicUsize,
    pub reused: AtomicUsize,
}

struct Stamps {
    site: u64,
    entries: Vec<u64>,
}

fn hash_json<T: serde::Serialize>(h: &mut DefaultHasher, value: &T) {
    serde_json::to_string(value).unwrap_or_default().hash(h);
}

impl Stamps {
    fn of(data: &SiteData, pages: &PageCache, theme_generation: u64) -> Stamps {
        let mut h = DefaultHasher::new();
        theme_generation.hash(&mut h);
        format!("{:?}", data.mode).hash(&mut h);
        hash_json(&mut h, &data.nav);
        hash_json(&mut h, &data.blog.archive);
        hash_json(&mut h, &data.blog.categories);
        hash_json(&mut h, &data.blog.category_urls);
        hash_json(&mut h, &data.blog.author_urls);
        hash_json(&mut h, &data.content.authors);
        let site = h.finish();
        let entries = data
            .plan
            .entries
            .iter()
            .map(|e| {
                let doc = &data.content.docs[e.doc];
                let mut h = DefaultHasher::new();
                doc.rel.hash(&mut h);
                e.url.hash(&mut h);
                e.title.hash(&mut h);
                e.published.hash(&mut h);
                format!("{:?}", e.post).hash(&mut h);
                if e.published {
                    pages.id(&doc.rel).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        Stamps { site, entries }
    }

    fn entry(&self, i: Option<usize>) -> u64 {
        i.map(|i| self.entries[i]).unwrap_or(0)
    }

    /// Entry and view indices move when posts come and go, so they are not hashed themselves.
    fn fingerprint(&self, data: &SiteData, page: OutputRef, path: &str) -> u64 {
        let mut h = DefaultHasher::new();
        self.site.hash(&mut h);
        path.hash(&mut h);
        match page {
            OutputRef::Entry(i) => {
                "entry".hash(&mut h);
                self.entries[i].hash(&mut h);
                let (newer, older) = data.blog.neighbours.get(&i).copied().unwrap_or_default();
                self.entry(newer).hash(&mut h);
                self.entry(older).hash(&mut h);
            }
            OutputRef::View(k) => {
                let v = &data.blog.views[k];
                "view".hash(&mut h);
                format!("{:?}", v.kind).hash(&mut h);
                v.title.hash(&mut h);
                v.url.hash(&mut h);
                v.page.hash(&mut h);
                v.page_urls.hash(&mut h);
                for &p in &v.posts {
                    self.entries[p].hash(&mut h);
                }
                if let ViewKind::Index(e) = v.kind {
                    self.entry(e).hash(&mut h);
                }
            }
            OutputRef::NotFound => "404".hash(&mut h),
        }
        h.finish()
    }
}

impl OutputCache {
    pub fn begin_run(&mut self) {
        self.stamps = OnceLock::new();
        self.pending
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    pub fn theme_changed(&mut self) {
        self.theme_generation += 1;
    }

    pub fn get(
        &self,
        data: &SiteData,
        pages: &PageCache,
        page: OutputRef,
        path: &str,
    ) -> Option<OutFile> {
        let stamps = self
            .stamps
            .get_or_init(|| Stamps::of(data, pages, self.theme_generation));
        let fp = stamps.fingerprint(data, page, path);
        if let Some((kept, bytes)) = self.kept.get(path) {
            if *kept == fp {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Some(OutFile::Shared(bytes.clone()));
            }
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), fp);
        None
    }

    pub fn commit(&mut self, files: &mut [(String, OutFile)]) {
        let pending = std::mem::take(self.pending.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut kept = HashMap::new();
        for (path, f) in files.iter_mut() {
            match f {
                OutFile::Bytes(b) => {
                    if let Some(&fp) = pending.get(path) {
                        let bytes = Arc::new(std::mem::take(b));
                        *f = OutFile::Shared(bytes.clone());
                        kept.insert(path.clone(), (fp, bytes));
                    }
                }
                OutFile::Shared(b) => {
                    if let Some((fp, old)) = self.kept.get(path) {
                        if Arc::ptr_eq(old, b) {
                            kept.insert(path.clone(), (*fp, b.clone()));
                        }
                    }
                }
                OutFile::Copy(_) => {}
            }
        }
        self.kept = kept;
    }
}
