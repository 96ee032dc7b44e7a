//! The Markdown files `serve` read: a file is read again only when the watcher named it (or
//! a folder above it) or when its size, time or inode changed; otherwise the parsed `Doc` and
//! the diagnostics reading it gave are handed back as they were.

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
    stamp: FileStamp,
    is_post: bool,
    doc: Doc,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct DocCache {
    kept: Mutex<HashMap<String, Kept>>,
    touched: Vec<String>,
    pub read: AtomicUsize,
}

/// `touched` (a file, or a folder, or "" for the whole docs folder) covers `rel`.
fn covers(touched: &str, rel: &str) -> bool {
    touched.is_empty()
        || rel == touched
        || (rel.starts_with(touched) && rel.as_bytes().get(touched.len()) == Some(&b'/'))
}

impl DocCache {
    pub fn touched(&mut self, rels: impl IntoIterator<Item = String>) {
        self.touched.extend(rels);
    }

    pub fn load(&mut self, config: &Config, sink: &Sink) -> Content {
        let touched = std::mem::take(&mut self.touched);
        let kept = &self.kept;
        let read = &self.read;
        let content = content::load_with(config, sink, &|rel, abs, is_post, sink| {
            // The stamp is taken before reading, so a write during the read shows next time.
            let stamp = FileStamp::of(abs);
            if !touched.iter().any(|t| covers(t, rel)) {
                let map = kept.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(k) = map.get(rel) {
                    if Some(&k.stamp) == stamp.as_ref() && k.is_post == is_post {
                        sink.extend(k.diagnostics.iter().cloned());
                        return Some(k.doc.clone());
                    }
                }
            }
            read.fetch_add(1, Ordering::Relaxed);
            let local = Sink::new();
            let doc = content::read_doc(config, rel, abs, is_post, &local);
            let diagnostics = local.take_sorted();
            sink.extend(diagnostics.iter().cloned());
            let mut map = kept.lock().unwrap_or_else(|e| e.into_inner());
            match (&doc, stamp) {
                (Some(d), Some(stamp)) => {
                    map.insert(
                        rel.to_string(),
                        Kept {
                            stamp,
                            is_post,
                            doc: d.clone(),
                            diagnostics,
                        },
                    );
                }
                _ => {
                    map.remove(rel);
                }
            }
            doc
        });
        let present: HashSet<&str> = content.docs.iter().map(|d| d.rel.as_str()).collect();
        self.kept
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|rel, _| present.contains(rel.as_str()));
        content
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
