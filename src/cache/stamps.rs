//! Fingerprints of the pages rendered through the theme: two runs that give a page the same
//! fingerprint render it to the same bytes, so the later run can reuse the earlier one's file
//! (`blogen build`, through the output manifest) or bytes (`blogen serve`). The fingerprint of
//! a page covers what its template context is built from (`SiteData`):
//! - for every page, the site-wide part: the configuration, the theme's templates, the mode,
//!   nav, archive and category lists, category and author URLs, the authors, the home URL;
//! - a post or page: its own stamp and those of its previous and next posts;
//! - a blog view (index, archive, category, author page): its URL, title, pagination and the
//!   stamps of the posts it lists (and of the blog's index page).
//!
//! An entry's stamp is its source path and text, URL, title, publication, post metadata and
//! the digest of its rendered Markdown (which changes with its links too). So editing one post
//! changes that post, its neighbours and the views that list it; a new title, date or category
//! reaches further by itself. When `SiteData` gains something templates show, add it here.

use crate::site::ViewKind;
use crate::theme::context::{OutputRef, SiteData};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub struct Stamps {
    site: u64,
    entries: Vec<u64>,
}

fn hash_json<T: serde::Serialize>(h: &mut DefaultHasher, value: &T) {
    serde_json::to_string(value).unwrap_or_default().hash(h);
}

impl Stamps {
    /// The stamps of this run; `theme` is the digest of the theme its pages are rendered with.
    pub fn of(data: &SiteData, theme: u64) -> Stamps {
        let mut h = DefaultHasher::new();
        data.config.digest().hash(&mut h);
        theme.hash(&mut h);
        format!("{:?}", data.mode).hash(&mut h);
        hash_json(&mut h, &data.nav);
        hash_json(&mut h, &data.blog.archive);
        hash_json(&mut h, &data.blog.categories);
        hash_json(&mut h, &data.blog.category_urls);
        hash_json(&mut h, &data.blog.author_urls);
        hash_json(&mut h, &data.content.authors);
        data.plan.home.hash(&mut h);
        let site = h.finish();
        let entries = data
            .plan
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let doc = &data.content.docs[e.doc];
                let mut h = DefaultHasher::new();
                doc.rel.hash(&mut h);
                xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes()).hash(&mut h);
                e.url.hash(&mut h);
                e.title.hash(&mut h);
                e.published.hash(&mut h);
                format!("{:?}", e.post).hash(&mut h);
                data.pages[i].as_ref().map(|p| p.digest).hash(&mut h);
                h.finish()
            })
            .collect();
        Stamps { site, entries }
    }

    fn entry(&self, i: Option<usize>) -> u64 {
        i.map(|i| self.entries[i]).unwrap_or(0)
    }

    /// The fingerprint of `page`, published at `path`. Entry and view indices move when posts
    /// come and go, so they are not hashed themselves.
    pub fn fingerprint(&self, data: &SiteData, page: OutputRef, path: &str) -> u64 {
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

    /// The fingerprint of the whole set of pages (for files made from all of them, such as
    /// the search index).
    pub fn all(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.site.hash(&mut h);
        self.entries.hash(&mut h);
        h.finish()
    }
}
