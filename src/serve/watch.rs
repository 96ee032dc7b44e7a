//! Watching the sources: notify with a short debounce on docs_dir, the folder of mkdocs.yml
//! (for the config file itself and a `templates/` folder appearing) and the theme override
//! folders; and sorting the changed paths into what they mean for a rebuild (`Changes`).

use crate::config::Config;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Quiet time after the last event before a change is reported: editors' atomic saves and
/// bursts of saves arrive as one change.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for changes that have gone quiet.
const TICK: Duration = Duration::from_millis(2);

/// What the rebuild loop receives.
pub enum Msg {
    Paths(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// What a batch of changed paths means.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// mkdocs.yml changed: everything is read and rendered again.
    pub config: bool,
    /// A template or theme file changed: every page is rendered again.
    pub theme: bool,
    /// docs-relative paths (files or folders, "" for all of docs_dir) that changed.
    pub docs: BTreeSet<String>,
    /// A watched folder appeared or went away: the watches are set up again.
    pub rewatch: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config && !self.theme && self.docs.is_empty() && !self.rewatch
    }
    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.theme |= other.theme;
        self.rewatch |= other.rewatch;
        self.docs.extend(other.docs);
    }
}

/// The watched places, as absolute paths (notify reports paths under what it watches).
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
    config_name: OsString,
    docs: PathBuf,
    templates: PathBuf,
    overrides: Vec<PathBuf>,
    /// The blog's authors file (docs-relative): hidden, but read.
    authors: Option<String>,
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

fn rel_string(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

impl Layout {
    pub fn of(config: &Config) -> Layout {
        let root = absolute(&config.root);
        let config_name = config
            .config_file
            .as_ref()
            .and_then(|f| f.file_name())
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "mkdocs.yml".into());
        Layout {
            templates: root.join("templates"),
            overrides: crate::theme::override_dirs(config)
                .iter()
                .map(|d| absolute(d))
                .collect(),
            docs: absolute(&config.docs_dir),
            authors: config
                .blog
                .as_ref()
                .filter(|b| b.enabled)
                .map(|b| b.authors_file()),
            root,
            config_name,
        }
    }

    /// Sorts changed paths into `Changes`. Hidden files (editor swap files and the like) and
    /// paths outside the sources are left out.
    pub fn classify(&self, paths: &[PathBuf]) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            if p.parent() == Some(self.root.as_path()) && p.file_name() == Some(&self.config_name) {
                c.config = true;
            } else if p == &self.docs {
                c.docs.insert(String::new());
                c.rewatch = true;
            } else if let Ok(rel) = p.strip_prefix(&self.docs) {
                let Some(rel) = rel_string(rel) else { continue };
                let hidden = rel.split('/').any(|seg| seg.starts_with('.'));
                if !hidden || self.authors.as_deref() == Some(rel.as_str()) {
                    c.docs.insert(rel);
                }
            } else if let Some(rel) = self.overrides.iter().find_map(|d| p.strip_prefix(d).ok()) {
                let hidden = rel.components().any(
                    |c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')),
                );
                if !hidden {
                    c.theme = true;
                }
            } else if p == &self.templates {
                c.theme = true;
                c.rewatch = true;
            }
        }
        c
    }
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Reading a file is no change (and the rebuild itself reads every changed file); a file
/// closed after writing is.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Starts watching `layout`; batches of changed paths go to `tx`.
pub fn start(layout: &Layout, tx: Sender<Msg>) -> Result<Watcher, String> {
    let errors = tx.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |res: DebounceEventResult| {
        let msg = match res {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| is_change(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Msg::Paths(paths)
            }
            Err(errors) => Msg::WatchError(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = tx.send(msg);
    })
    .map_err(|e| format!("cannot watch the sources: {e}"))?;
    let w = &mut debouncer;
    w.watch(&layout.root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", layout.root.display()))?;
    for dir in std::iter::once(&layout.docs).chain(&layout.overrides) {
        if dir.is_dir() {
            if let Err(e) = w.watch(dir, RecursiveMode::Recursive) {
                let _ = errors.send(Msg::WatchError(format!(
                    "cannot watch {}: {e}",
                    dir.display()
                )));
            }
        }
    }
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            root: "/.tmp/r".into(),
            config_name: "mkdocs.yml".into(),
            docs: "/.tmp/r/docs".into(),
            templates: "/.tmp/r/templates".into(),
            overrides: vec!["/.tmp/r/overrides".into()],
            authors: Some("blog/.authors.yml".into()),
        }
    }

    #[test]
    fn sorts_paths() {
        let c = layout().classify(&[
            "/.tmp/r/docs/blog/posts/a/main.md".into(),
            "/.tmp/r/docs/blog/posts/a/.main.md.swp".into(),
            "/.tmp/r/docs/blog/.authors.yml".into(),
            "/.tmp/r/site/index.html".into(),
            "/.tmp/r/overrides/partials/x.html".into(),
        ]);
        assert!(!c.config && c.theme && !c.rewatch);
        assert_eq!(
            c.docs.into_iter().collect::<Vec<_>>(),
            vec!["blog/.authors.yml", "blog/posts/a/main.md"]
        );
        let c = layout().classify(&["/.tmp/r/mkdocs.yml".into(), "/.tmp/r/other.yml".into()]);
        assert!(c.config && c.docs.is_empty() && !c.theme);
        let c = layout().classify(&["/.tmp/r/templates".into()]);
        assert!(c.theme && c.rewatch);
        assert!(layout()
            .classify(&["/.tmp/r/docs/.git/index".into()])
            .is_empty());
    }
}
