//! The result of the Markdown stage for one page: the rendered Markdown with the title and
//! read time derived from it, and a digest of what pages of the site can show of it. Plain
//! data, shared by every later stage and the caches.

use super::Rendered;
use crate::content::includes::IncludeRead;

/// A rendered page or post and what was derived from it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageOut {
    pub rendered: Rendered,
    /// Front matter title, else the rendered first H1, else the file name.
    pub title: String,
    pub readtime: Option<u32>,
    /// A hash of everything above that pages of the site can show (`PageOut::new`): equal
    /// digests mean equal output, which is how reused pages are told apart from changed ones.
    pub digest: u64,
    /// The included files the render read, for the page cache to check.
    pub includes: Vec<IncludeRead>,
}

impl PageOut {
    pub fn new(rendered: Rendered, title: String, readtime: Option<u32>) -> PageOut {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut field = |bytes: &[u8]| {
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        let r = &rendered;
        field(r.html.as_bytes());
        field(r.excerpt.as_deref().unwrap_or("\u{0}none").as_bytes());
        field(r.h1.as_deref().unwrap_or("\u{0}none").as_bytes());
        field(&[r.more as u8, r.has_mermaid as u8]);
        for t in &r.toc {
            field(&[t.level]);
            field(t.id.as_bytes());
            field(t.title.as_bytes());
        }
        field(title.as_bytes());
        field(&readtime.map_or(u64::MAX, u64::from).to_le_bytes());
        let digest = h.digest();
        PageOut {
            rendered,
            title,
            readtime,
            digest,
            includes: Vec::new(),
        }
    }
}
