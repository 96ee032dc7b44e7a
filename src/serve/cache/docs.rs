//! The Markdown files `serve` read. When the watcher names only files the last run already
//! had (the usual save), just those are read again and patched into the last content, with no
//! walk of docs_dir. Anything else (a new, deleted or renamed file or folder, the authors
//! file) walks docs_dir like `build`, reading again only the files the watcher named or whose
//! size, time or inode changed, and handing back the others as they were parsed.

use crate::check::{Diagnostic, Sink};
use crate::config::Config;
use crate::content::{self, Content, Doc};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

/// What tells that a file changed without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
}

struct Kept {
    stamp: Option<FileStamp>,
    is_post: bool,
    doc: Doc,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct DocCache {
    kept: Mutex<HashMap<String, Kept>>,
    /// Files that could not be used, with their diagnostics.
    failed: Mutex<HashMap<String, Vec<Diagnostic>>>,
    /// The content of the last run, while no run has it.
    last: Option<Content>,
    /// Diagnostics of the last walk that belong to no Markdown file (authors file, names).
    walk_diagnostics: Vec<Diagnostic>,
    touched: Vec<String>,
    pub read: AtomicUsize,
}

/// `touched` (a file, or a folder, or "" for the whole docs folder) covers `rel`.
fn covers(touched: &str, rel: &str) -> bool {
    touched.is_empty()
        || rel == touched
        || (rel.starts_with(touched) && rel.as_bytes().get(touched.len()) == Some(&b'/'))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl DocCache {
    pub fn touched(&mut self, rels: impl IntoIterator<Item = String>) {
        self.touched.extend(rels);
    }

    pub fn load(&mut self, config: &Config, sink: &Sink) -> Content {
        let touched = std::mem::take(&mut self.touched);
        if let Some(content) = self.patch(config, &touched, sink) {
            return content;
        }
        self.walk(config, &touched, sink)
    }

    /// Reads one file and remembers it (or that it failed). Its diagnostics go to `sink`.
    fn read(
        &self,
        config: &Config,
        rel: &str,
        abs: &Path,
        is_post: bool,
        sink: &Sink,
    ) -> Option<Doc> {
        // The stamp is taken before reading, so a write during the read shows next time.
        let stamp = FileStamp::of(abs);
        self.read.fetch_add(1, Ordering::Relaxed);
        let local = Sink::new();
        let doc = content::read_doc(config, rel, abs, is_post, &local);
        let diagnostics = local.take_sorted();
        sink.extend(diagnostics.iter().cloned());
        match &doc {
            Some(d) => {
                lock(&self.failed).remove(rel);
                lock(&self.kept).insert(
                    rel.to_string(),
                    Kept {
                        stamp,
                        is_post,
                        doc: d.clone(),
                        diagnostics,
                    },
                );
            }
            None => {
                lock(&self.kept).remove(rel);
                lock(&self.failed).insert(rel.to_string(), diagnostics);
            }
        }
        doc
    }

    /// The fast path: every touched path is a Markdown file of the last run (re-read), an
    /// asset of it (nothing to do: assets are read when served), or a path that neither
    /// exists nor held anything (an editor's temporary file). None otherwise.
    fn patch(&mut self, config: &Config, touched: &[String], sink: &Sink) -> Option<Content> {
        let last = self.last.as_ref()?;
        let authors = config.blog.as_ref().map(|b| b.authors_file());
        let mut reread = Vec::new();
        for t in touched {
            if authors.as_deref().is_some_and(|a| covers(t, a)) {
                return None;
            }
            let abs = config.docs_dir.join(t);
            match std::fs::metadata(&abs) {
                Ok(m) if m.is_file() => {
                    if let Some(i) = last.docs.iter().position(|d| &d.rel == t) {
                        reread.push(i);
                    } else if !last.assets.iter().any(|a| &a.rel == t) {
                        return None;
                    }
                }
                Ok(_) => return None,
                Err(_) => {
                    let held = last.docs.iter().any(|d| covers(t, &d.rel))
                        || last.assets.iter().any(|a| covers(t, &a.rel))
                        || lock(&self.failed).keys().any(|f| covers(t, f));
                    if held {
                        return None;
                    }
                }
            }
        }
        let mut last = self.last.take()?;
        let mut gone = HashSet::new();
        for i in reread {
            let old = &last.docs[i];
            let abs = config.docs_dir.join(&old.rel);
            let (rel, is_post) = (old.rel.clone(), old.is_post);
            let quiet = Sink::new();
            match self.read(config, &rel, &abs, is_post, &quiet) {
                Some(doc) => last.docs[i] = doc,
                None => {
                    gone.insert(rel);
                }
            }
        }
        if !gone.is_empty() {
            last.docs.retain(|d| !gone.contains(&d.rel));
            last.unloaded.extend(gone);
            last.unloaded.sort();
        }
        sink.extend(self.walk_diagnostics.iter().cloned());
        {
            let kept = lock(&self.kept);
            for d in &last.docs {
                if let Some(k) = kept.get(&d.rel) {
                    sink.extend(k.diagnostics.iter().cloned());
                }
            }
        }
        for diags in lock(&self.failed).values() {
            sink.extend(diags.iter().cloned());
        }
        Some(last)
    }

    /// The full path: walks docs_dir as `build` does.
    fn walk(&mut self, config: &Config, touched: &[String], sink: &Sink) -> Content {
        lock(&self.failed).clear();
        let this = &*self;
        let outer = Sink::new();
        let content = content::load_with(config, &outer, &|rel, abs, is_post, _| {
            if !touched.iter().any(|t| covers(t, rel)) {
                let stamp = FileStamp::of(abs);
                let kept = lock(&this.kept);
                if let Some(k) = kept.get(rel) {
                    if stamp.is_some() && k.stamp == stamp && k.is_post == is_post {
                        sink.extend(k.diagnostics.iter().cloned());
                        return Some(k.doc.clone());
                    }
                }
            }
            this.read(config, rel, abs, is_post, sink)
        });
        self.walk_diagnostics = outer.take_sorted();
        sink.extend(self.walk_diagnostics.iter().cloned());
        let present: HashSet<&str> = content.docs.iter().map(|d| d.rel.as_str()).collect();
        lock(&self.kept).retain(|rel, _| present.contains(rel.as_str()));
        content
    }

    /// Takes back the content lent to a run: the next run patches it.
    pub fn finish(&mut self, content: Content) {
        self.last = Some(content);
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn touched_folders_cover_their_files() {
        assert!(covers("", "a.md"));
        assert!(covers("blog/posts/x", "blog/posts/x/main.md"));
        assert!(covers("blog/posts/x/main.md", "blog/posts/x/main.md"));
        assert!(!covers("blog/posts/x", "blog/posts/xy/main.md"));
        assert!(!covers("blog/posts/x/main.md", "blog/posts/x/other.md"));
    }
}
