//! The memory store of the page cache (`serve`): each page's rendered Markdown, lent to a run
//! and given back by `finish` (no copy). A kept page is taken while its key (`cache::key`) is
//! the same and none of its links changed: a link counts as changed when the link index now
//! resolves it to something else (a renamed, new, deleted or drafted target). The links are
//! checked again only when the link index changed since they were last checked (the files a
//! page includes are checked by `cache::PageCache`). Everything
//! else a page's Markdown depends on is in mkdocs.yml, and a new mkdocs.yml starts a new cache.

use super::Store;
use crate::check::Diagnostic;
use crate::content::Content;
use crate::markdown::page::PageOut;
use crate::plan::links::{LinkIndex, Target};
use crate::plan::Plan;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

struct Kept {
    /// The links were last checked against this version of the link index.
    links_checked: AtomicU64,
    key: u64,
    /// Every link and image URL of the page and what the link index made of it.
    links: Vec<(String, Target)>,
    /// The rendered page, lent to each run and given back by `finish` (no copy).
    out: Mutex<Option<PageOut>>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct MemoryStore {
    kept: Mutex<HashMap<String, Arc<Kept>>>,
    /// The link index of the last run, and its version (which changes with it).
    links: Mutex<(LinkIndex, u64)>,
    /// The version of this run's link index, settled by the first page of the run.
    links_version: OnceLock<u64>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl MemoryStore {
    /// Starts a run.
    pub fn begin_run(&mut self) {
        self.links_version = OnceLock::new();
    }

    /// The version of `links`: the last one when it has not changed.
    fn links_version(&self, links: &LinkIndex) -> u64 {
        *self.links_version.get_or_init(|| {
            let mut last = lock(&self.links);
            if last.0.pages != links.pages || last.0.assets != links.assets {
                *last = (links.clone(), last.1 + 1);
            }
            last.1
        })
    }

    /// Takes back the pages lent to a run.
    pub fn finish(&self, content: &Content, plan: &Plan, pages: Vec<Option<PageOut>>) {
        let kept = lock(&self.kept);
        for (e, out) in plan.entries.iter().zip(pages) {
            if let (Some(out), Some(k)) = (out, kept.get(&content.docs[e.doc].rel)) {
                *lock(&k.out) = Some(out);
            }
        }
    }

    /// Forgets the files that are gone.
    pub fn retain(&self, content: &Content) {
        let present: HashSet<&str> = content.docs.iter().map(|d| d.rel.as_str()).collect();
        lock(&self.kept).retain(|rel, _| present.contains(rel.as_str()));
    }
}

impl Store for MemoryStore {
    fn take(&self, rel: &str, key: u64, links: &LinkIndex) -> Option<(PageOut, Vec<Diagnostic>)> {
        let version = self.links_version(links);
        let k = lock(&self.kept).get(rel).cloned()?;
        let same = k.key == key
            && (k.links_checked.load(Ordering::Relaxed) == version
                || k.links.iter().all(|(url, t)| links.resolve(rel, url) == *t));
        if !same {
            return None;
        }
        let out = lock(&k.out).take()?;
        k.links_checked.store(version, Ordering::Relaxed);
        Some((out, k.diagnostics.clone()))
    }

    fn rendered(
        &self,
        rel: &str,
        key: u64,
        out: &PageOut,
        links: &LinkIndex,
        diagnostics: Vec<Diagnostic>,
    ) {
        let k = Kept {
            links_checked: AtomicU64::new(self.links_version(links)),
            key,
            links: out.rendered.links.clone(),
            out: Mutex::new(None),
            diagnostics,
        };
        lock(&self.kept).insert(rel.to_string(), Arc::new(k));
    }
}
