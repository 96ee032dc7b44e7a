//! The disk store of the page cache (`build`): each page's rendered Markdown as the last build
//! made it, kept in one file (`.blogen-cache/pages.bin`) with the key of what it was made from
//! and the diagnostics the render gave. A page is taken from the store only when its key
//! (`cache::key`; the file is salted with the blogen binary) is the same and each link it
//! resolved still resolves to the same target (and, `cache::PageCache` checks, each file it
//! included reads the same). A damaged or foreign file is ignored as a whole
//! (checksum, salt).

use super::Store;
use crate::check::Diagnostic;
use crate::markdown::page::PageOut;
use crate::plan::links::LinkIndex;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

const MAGIC: &[u8; 8] = b"BLGNPG01";

#[derive(Serialize, Deserialize)]
pub struct StoredPage {
    pub key: u64,
    pub out: PageOut,
    pub diagnostics: Vec<Diagnostic>,
}

type Pages = HashMap<String, StoredPage>;

#[derive(Default)]
pub struct PageStore {
    /// The file being read, in the background while the build starts.
    reading: Mutex<Option<std::thread::JoinHandle<Pages>>>,
    /// What the last build stored, by source path; pages are taken out as they are reused.
    kept: std::sync::OnceLock<Mutex<Pages>>,
    /// This build's key and diagnostics for each page it rendered or reused.
    made: Mutex<HashMap<String, (u64, Vec<Diagnostic>)>>,
    /// Something differs from the stored file (a page rendered anew, or one gone).
    changed: AtomicBool,
    /// What `finish` gathered for `save`.
    next: Vec<(String, StoredPage)>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl PageStore {
    /// Starts reading the store saved with `salt` (in the background); anything else gives an
    /// empty store.
    pub fn load(path: &Path, salt: &str) -> PageStore {
        let (path, salt) = (path.to_path_buf(), salt.to_string());
        let reading = std::thread::spawn(move || {
            let pages = read(&path, &salt).unwrap_or_default();
            crate::timings::mark("page store read");
            pages
        });
        PageStore {
            reading: Mutex::new(Some(reading)),
            ..Default::default()
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Pages> {
        lock(self.kept.get_or_init(|| {
            let reading = lock(&self.reading).take();
            Mutex::new(reading.and_then(|r| r.join().ok()).unwrap_or_default())
        }))
    }

    /// Gathers the pages of this build for `save`; `pages` are (source path, rendered page).
    pub fn finish(&mut self, pages: impl Iterator<Item = (String, PageOut)>) {
        let mut made = std::mem::take(&mut *lock(&self.made));
        if !self.kept().is_empty() {
            self.changed.store(true, Ordering::Relaxed);
        }
        self.next = pages
            .filter_map(|(rel, out)| {
                let (key, diagnostics) = made.remove(&rel)?;
                Some((
                    rel,
                    StoredPage {
                        key,
                        out,
                        diagnostics,
                    },
                ))
            })
            .collect();
        self.next.sort_by(|a, b| a.0.cmp(&b.0));
    }

    /// Writes what `finish` gathered, unless it is what the file already holds. The file is
    /// the magic, the salt, then each page as (path, checksum, blob), every length before
    /// what it measures; pages are encoded one at a time, so saving takes little memory.
    pub fn save(&self, path: &Path, salt: &str) -> io::Result<()> {
        if !self.changed.load(Ordering::Relaxed) {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        let mut out = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        let mut part = |bytes: &[u8]| -> io::Result<()> {
            out.write_all(&(bytes.len() as u64).to_le_bytes())?;
            out.write_all(bytes)
        };
        part(MAGIC)?;
        part(salt.as_bytes())?;
        let mut blob = Vec::new();
        for (rel, page) in &self.next {
            blob.clear();
            blob = postcard::to_io(page, blob).map_err(io::Error::other)?;
            part(rel.as_bytes())?;
            part(&xxhash_rust::xxh3::xxh3_64(&blob).to_le_bytes())?;
            part(&blob)?;
        }
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(tmp, path)
    }
}

impl Store for PageStore {
    fn take(&self, rel: &str, key: u64, links: &LinkIndex) -> Option<(PageOut, Vec<Diagnostic>)> {
        let stored = self.kept().remove(rel)?;
        let fresh = stored.key == key
            && stored
                .out
                .rendered
                .links
                .iter()
                .all(|(url, t)| links.resolve(rel, url) == *t);
        if !fresh {
            self.changed.store(true, Ordering::Relaxed);
            return None;
        }
        lock(&self.made).insert(rel.to_string(), (key, stored.diagnostics.clone()));
        Some((stored.out, stored.diagnostics))
    }

    /// The page itself is gathered by `finish`, from the run's pages.
    fn rendered(
        &self,
        rel: &str,
        key: u64,
        _out: &PageOut,
        _links: &LinkIndex,
        diagnostics: Vec<Diagnostic>,
    ) {
        self.changed.store(true, Ordering::Relaxed);
        lock(&self.made).insert(rel.to_string(), (key, diagnostics));
    }
}

/// The pages of the store file at `path`, when it was written with `salt` and is whole.
fn read(path: &Path, salt: &str) -> Option<Pages> {
    let bytes = std::fs::read(path).ok()?;
    let mut rest = bytes.as_slice();
    let mut part = || -> Option<&[u8]> {
        let (len, tail) = rest.split_at_checked(8)?;
        let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
        let (part, tail) = tail.split_at_checked(len)?;
        rest = tail;
        Some(part)
    };
    if part()? != MAGIC || part()? != salt.as_bytes() {
        return None;
    }
    // Not on rayon's threads: the pool is busy rendering, and may wait for this.
    let mut pages = Pages::new();
    while let Some(rel) = part() {
        let rel = std::str::from_utf8(rel).ok()?;
        let sum = part()?;
        let blob = part()?;
        if xxhash_rust::xxh3::xxh3_64(blob).to_le_bytes() != sum {
            return None;
        }
        pages.insert(rel.to_string(), postcard::from_bytes(blob).ok()?);
    }
    Some(pages)
}
