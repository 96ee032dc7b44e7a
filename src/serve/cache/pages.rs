//! Rendered Markdown per source file. A page is rendered again only when its text, its URL or
//! one of its links changed: a link counts as changed when the link index now resolves it to
//! something else (a renamed, new, deleted or drafted target). Pages with include directives
//! are rendered every time. Everything else a page's Markdown depends on is in mkdocs.yml,
//! and a new mkdocs.yml starts a new cache.

use crate::check::{Diagnostic, Sink};
use crate::content::Content;
use crate::markdown::page::PageOut;
use crate::pipeline::Run;
use crate::plan::links::{LinkIndex, Target};
use crate::plan::Plan;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

struct Kept {
    /// The links were last checked against this version of the link index.
    links_checked: AtomicU64,
    text: String,
    url: String,
    is_post: bool,
    /// Every link and image URL of the page and what the link index made of it.
    links: Vec<(String, Target)>,
    /// The rendered page, lent to each run and given back by `finish` (no copy).
    out: Mutex<Option<PageOut>>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct PageCache {
    kept: Mutex<HashMap<String, Arc<Kept>>>,
    /// The link index of the last run, and its version (which changes with it).
    links: Mutex<(LinkIndex, u64)>,
    /// The version of this run's link index, settled by the first page of the run.
    links_version: OnceLock<u64>,
    pub rendered: AtomicUsize,
}

impl PageCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Kept>>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a run.
    pub fn begin_run(&mut self) {
        self.links_version = OnceLock::new();
    }

    /// The version of `links`: the last one when it has not changed.
    fn links_version(&self, links: &LinkIndex) -> u64 {
        *self.links_version.get_or_init(|| {
            let mut last = self.links.lock().unwrap_or_else(|e| e.into_inner());
            if last.0.pages != links.pages || last.0.assets != links.assets {
                *last = (links.clone(), last.1 + 1);
            }
            last.1
        })
    }

    /// Takes back the pages lent to a run.
    pub fn finish(&self, content: &Content, plan: &Plan, pages: Vec<Option<PageOut>>) {
        let kept = self.lock();
        for (e, out) in plan.entries.iter().zip(pages) {
            if let (Some(out), Some(k)) = (out, kept.get(&content.docs[e.doc].rel)) {
                *k.out.lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
            }
        }
    }

    /// Forgets the files that are gone.
    pub fn retain(&self, content: &Content) {
        let present: HashSet<&str> = content.docs.iter().map(|d| d.rel.as_str()).collect();
        self.lock().retain(|rel, _| present.contains(rel.as_str()));
    }

    pub fn page(
        &self,
        run: &Run,
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
        let is_post = e.post.is_some();
        let version = self.links_version(&plan.links);
        let includes = crate::markdown::includes::may_include(&run.config.markdown, doc.body());
        let kept = if includes {
            None
        } else {
            self.lock().get(&doc.rel).cloned()
        };
        if let Some(k) = kept {
            let same = k.url == e.url
                && k.is_post == is_post
                && k.text == doc.text
                && (k.links_checked.load(Ordering::Relaxed) == version
                    || k.links
                        .iter()
                        .all(|(url, t)| plan.links.resolve(&doc.rel, url) == *t));
            let lent = if same {
                k.out.lock().unwrap_or_else(|e| e.into_inner()).take()
            } else {
                None
            };
            if let Some(out) = lent {
                k.links_checked.store(version, Ordering::Relaxed);
                sink.extend(k.diagnostics.iter().cloned());
                return Some(out);
            }
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let local = Sink::new();
        let out = crate::pipeline::render_entry(run, content, plan, i, &local)?;
        let diagnostics = local.take_sorted();
        sink.extend(diagnostics.iter().cloned());
        let links = out.rendered.links.clone();
        let k = Kept {
            links_checked: AtomicU64::new(version),
            text: doc.text.clone(),
            url: e.url.clone(),
            is_post,
            links,
            out: Mutex::new(None),
            diagnostics,
        };
        self.lock().insert(doc.rel.clone(), Arc::new(k));
        Some(out)
    }
}
