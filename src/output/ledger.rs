//! The writer state of a site being written, behind the one lock `Staging` holds: the scan of
//! the spare running in the background (and what it found), the folders that exist, the files
//! put so far, the stamps for the new manifest and the fingerprints announced by `reuse`. Every
//! change to it happens with that lock held; file contents are written outside it.

use super::manifest::FileStamp;
use super::paths::rel_of;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;
use std::thread::JoinHandle;

/// Files and folders of a spare site (relative paths).
pub(super) type Scan = (HashSet<String>, HashSet<String>);

/// What the writers of one site share.
#[derive(Default)]
pub(super) struct Ledger {
    /// The scan of the spare, running in the background while pages render; taken by `ready`.
    pub scan: Option<JoinHandle<io::Result<Scan>>>,
    /// Files of the spare before this build (filled by `ready` from the scan).
    pub existing: HashSet<String>,
    /// Folders of the staging folder (relative), known to exist.
    pub dirs: HashSet<String>,
    /// Files of the new site put (or kept) so far: the first one put at a path wins.
    pub put: HashSet<String>,
    /// Stamps of the files of the new site (written, linked or kept), for its manifest.
    pub stamps: HashMap<String, FileStamp>,
    /// Fingerprints given to `reuse` for files that were not kept, used when they are put.
    pub pending: HashMap<String, u64>,
}

impl Ledger {
    /// Waits for the scan of the spare, once, and takes in what it found.
    pub fn ready(&mut self) -> io::Result<()> {
        if let Some(handle) = self.scan.take() {
            let (files, dirs) = handle
                .join()
                .map_err(|_| io::Error::other("scanning the spare site failed"))??;
            self.dirs.extend(dirs);
            self.existing = files;
        }
        Ok(())
    }

    /// Creates the folders above `rel` in `root` that do not exist yet. In place (`root` is the
    /// spare), a file where one of them goes is removed first.
    pub fn ensure_parent(&mut self, root: &Path, in_place: bool, rel: &str) -> io::Result<()> {
        let Some(parent) = Path::new(rel)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        else {
            return Ok(());
        };
        let key = parent.to_string_lossy().replace('\\', "/");
        if self.dirs.contains(&key) {
            return Ok(());
        }
        let mut chain = Vec::new();
        let mut p = Some(parent);
        while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
            let k = d.to_string_lossy().replace('\\', "/");
            if self.dirs.contains(&k) {
                break;
            }
            chain.push(k);
            p = d.parent();
        }
        for k in chain.into_iter().rev() {
            let path = root.join(&k);
            if in_place && path.is_file() {
                std::fs::remove_file(&path)?;
            }
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            self.dirs.insert(k);
        }
        Ok(())
    }

    /// After an in-place update: removes the files of the spare this build did not put, and the
    /// folders no file put needs any more (deepest first).
    pub fn remove_stale(&self, root: &Path) {
        for stale in self
            .existing
            .iter()
            .filter(|f| !self.put.contains(*f) && !self.dirs.contains(*f))
        {
            let _ = std::fs::remove_file(root.join(stale));
        }
        let needed: HashSet<String> = self
            .put
            .iter()
            .flat_map(|f| {
                let mut v = Vec::new();
                let mut p = Path::new(f).parent();
                while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
                    v.push(d.to_string_lossy().replace('\\', "/"));
                    p = d.parent();
                }
                v
            })
            .collect();
        let mut stale_dirs: Vec<&String> =
            self.dirs.iter().filter(|d| !needed.contains(*d)).collect();
        stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
        for d in stale_dirs {
            let _ = std::fs::remove_dir_all(root.join(d));
        }
    }
}

/// Lists the files and folders of a spare site (relative paths).
pub(super) fn scan(dir: &Path) -> io::Result<Scan> {
    let mut files = HashSet::new();
    let mut dirs = HashSet::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        let rel = rel_of(dir, e.path())?;
        if e.file_type().is_dir() {
            dirs.insert(rel);
        } else {
            files.insert(rel);
        }
    }
    Ok((files, dirs))
}
