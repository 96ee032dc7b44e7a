//! Output: writes the generated files and copies assets into a fresh folder beside site_dir,
//! then swaps it in, so a failed build never leaves a half-written site. A file identical to
//! the one in the previous site is hard-linked from it instead of written again, which makes an
//! unchanged rebuild cheap and deleting the previous site nearly free. With the cache on, the
//! manifests (`manifest.rs`) say which files of the previous sites were made from what, so a
//! file whose fingerprint is unchanged is kept without being made or read again
//! (`Staging::reuse`). Also names the files blogen generates besides pages (feeds), since
//! templates link them.

pub mod guard;
pub mod manifest;
pub mod swap;

use manifest::{content_hash, FileStamp, Manifest};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// One file of the site.
pub enum OutFile {
    Bytes(Vec<u8>),
    /// Copied from this source file.
    Copy(PathBuf),
    /// Bytes shared with an earlier run (`blogen serve` reuses unchanged pages).
    Shared(std::sync::Arc<Vec<u8>>),
    /// Already in the site being written (`Staging::reuse` said so).
    Kept,
}

impl OutFile {
    /// The content, when it is in memory.
    fn bytes(&self) -> Option<&[u8]> {
        match self {
            OutFile::Bytes(b) => Some(b),
            OutFile::Shared(b) => Some(b.as_slice()),
            OutFile::Copy(_) | OutFile::Kept => None,
        }
    }

    /// Whether the file at `prev` already holds this content.
    fn same_as(&self, prev: &Path) -> bool {
        match (self, self.bytes()) {
            (_, Some(b)) => same_bytes(prev, b),
            (OutFile::Copy(src), None) => same_file_content(prev, src),
            _ => false,
        }
    }

    /// Writes the content to `dest`.
    fn write_to(&self, dest: &Path) -> io::Result<()> {
        match (self, self.bytes()) {
            (_, Some(b)) => std::fs::write(dest, b),
            (OutFile::Copy(src), None) => std::fs::copy(src, dest).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// What the file is made from, for the manifest: the bytes' hash, or for a copy the source
    /// file's path, size, time and inode. None for `Kept`.
    fn fingerprint(&self) -> Option<u64> {
        match (self, self.bytes()) {
            (_, Some(b)) => Some(content_hash(b)),
            (OutFile::Copy(src), None) => {
                let s = FileStamp::of(src, 0, 0).ok()?;
                let text = format!("{}\0{s:?}", src.display());
                Some(content_hash(text.as_bytes()))
            }
            _ => None,
        }
    }
}

fn safe_rel(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` (site-relative path -> content) as the new content of `site_dir`
/// (`Staging::begin`, `put` for each file, `commit`).
pub fn write_site(
    site_dir: &Path,
    files: Vec<(String, OutFile)>,
    spare: Option<&Path>,
) -> io::Result<()> {
    let staging = Staging::begin(site_dir, spare, None)?;
    if let Err(e) = files
        .par_iter()
        .try_for_each(|(rel, f)| staging.put(rel, f))
    {
        staging.abort();
        return Err(e);
    }
    staging.commit()
}

/// A site being written beside the live one, then swapped in by `commit`, so the live site is
/// never half written. Files can be put from many threads as they are rendered.
///
/// With a `spare` folder (kept in the cache folder), the site of the build before last is kept
/// there and brought up to date in place: a file is written only when it differs (to a
/// temporary name, then renamed, so files shared by hard link with the live site never change),
/// so an unchanged rebuild writes nothing and creates no folder. Without one, a fresh folder is
/// filled (files unchanged since the live site are hard-linked from it) and the previous site
/// is deleted after the swap.
pub struct Staging {
    site_dir: PathBuf,
    dir: PathBuf,
    spare: Option<PathBuf>,
    /// The staging folder is the spare (updated in place) rather than a fresh folder.
    in_place: bool,
    /// site_dir exists (files identical to its files are linked, not written).
    live_exists: bool,
    /// Files of the spare before this build; filled by `ready` from the scan started in `begin`.
    existing_files: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// The scan of the spare, running in the background while pages render.
    scan: std::sync::Mutex<Option<std::thread::JoinHandle<io::Result<Scan>>>>,
    dirs: std::sync::Mutex<std::collections::HashSet<String>>,
    put: std::sync::Mutex<std::collections::HashSet<String>>,
    /// The manifests of the live site and of the spare as this build found them (empty
    /// without a cache), and the salt they are saved with.
    prior: Prior,
    /// Stamps of the files of the new site (written, linked or kept), for its manifest.
    stamps: Mutex<HashMap<String, FileStamp>>,
    /// Fingerprints given to `reuse` for files that were not kept, used when they are put.
    pending: Mutex<HashMap<String, u64>>,
    /// The lock on a fresh staging folder (see `swap::remove_stale`).
    lock: Option<std::fs::File>,
    /// Committed: the staging folder is the live site now (or the spare), not to be removed.
    finished: bool,
}

#[derive(Default)]
struct Prior {
    salt: Option<String>,
    live: Manifest,
    spare: Manifest,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Files and folders of a spare site (relative paths).
type Scan = (
    std::collections::HashSet<String>,
    std::collections::HashSet<String>,
);

fn scan(dir: &Path) -> io::Result<Scan> {
    let mut files = std::collections::HashSet::new();
    let mut dirs = std::collections::HashSet::new();
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

impl Staging {
    /// Waits for the scan of the spare (once); every use of what it found goes through here.
    fn ready(&self) -> io::Result<()> {
        let mut pending = self.scan.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(handle) = pending.take() {
            let (files, dirs) = handle
                .join()
                .map_err(|_| io::Error::other("scanning the spare site failed"))??;
            self.dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(dirs);
            let _ = self.existing_files.set(files);
        }
        Ok(())
    }

    fn existing(&self) -> &std::collections::HashSet<String> {
        static EMPTY: std::sync::OnceLock<std::collections::HashSet<String>> =
            std::sync::OnceLock::new();
        self.existing_files
            .get()
            .unwrap_or_else(|| EMPTY.get_or_init(Default::default))
    }

    /// Starts a new site for `site_dir`. With a `spare` folder, `salt` (the identity of the
    /// program writing) turns the manifests on: they are kept beside the spare.
    pub fn begin(site_dir: &Path, spare: Option<&Path>, salt: Option<&str>) -> io::Result<Staging> {
        let parent = swap::parent_of(site_dir);
        std::fs::create_dir_all(&parent)?;
        swap::remove_stale(site_dir);
        let mut pending = None;
        let mut lock = None;
        // A spare is blogen's own folder: a symlink there (or anything else) is not updated.
        let usable_spare = spare.filter(|s| {
            std::fs::symlink_metadata(s).is_ok_and(|m| m.is_dir()) && same_device(s, &parent)
        });
        let (dir, in_place) = match usable_spare {
            Some(s) => {
                let root = s.to_path_buf();
                pending = Some(std::thread::spawn(move || scan(&root)));
                (s.to_path_buf(), true)
            }
            None => {
                let (tmp, _) = swap::temp_names(site_dir);
                if tmp.exists() {
                    std::fs::remove_dir_all(&tmp)?;
                }
                std::fs::create_dir_all(&tmp)?;
                // Held until this build ends: the next build removes the folder only when a kill
                // left it behind.
                lock = swap::lock_dir(&tmp);
                (tmp, false)
            }
        };
        let mut prior = Prior::default();
        // A manifest describes one site folder: another (`-d`) does not take it over.
        let salt = salt.map(|s| format!("{s}\0{}", site_dir.display()));
        if let (Some(spare), Some(salt)) = (spare, salt.as_deref()) {
            let (live_path, spare_path) = manifest_paths(spare);
            prior.live = Manifest::load(&live_path, salt);
            if in_place {
                prior.spare = Manifest::load(&spare_path, salt);
            }
            // The spare is about to change: its manifest holds until this build is committed.
            let _ = std::fs::remove_file(spare_path);
            prior.salt = Some(salt.to_string());
        }
        Ok(Staging {
            site_dir: site_dir.to_path_buf(),
            dir,
            spare: spare.map(Path::to_path_buf),
            in_place,
            live_exists: site_dir.is_dir(),
            existing_files: std::sync::OnceLock::new(),
            scan: std::sync::Mutex::new(pending),
            dirs: Default::default(),
            put: Default::default(),
            prior,
            stamps: Default::default(),
            pending: Default::default(),
            lock,
            finished: false,
        })
    }

    /// Whether the file `rel` of the new site can be what a previous build made from the same
    /// `fingerprint`: true when it is now in the new site (kept in place or linked from the
    /// live site), and the caller puts `OutFile::Kept`; false when the caller must make it.
    pub fn reuse(&self, rel: &str, fingerprint: u64) -> io::Result<bool> {
        self.ready()?;
        if !safe_rel(rel) {
            return Err(outside(rel));
        }
        if lock(&self.put).contains(rel) {
            return Ok(true);
        }
        if self.keep_prior(rel, fingerprint)? {
            lock(&self.put).insert(rel.to_string());
            return Ok(true);
        }
        lock(&self.pending).insert(rel.to_string(), fingerprint);
        Ok(false)
    }

    /// Keeps `rel` from the spare (in place) or links it from the live site when a manifest
    /// says the file there was made from `fingerprint` and is unchanged since.
    fn keep_prior(&self, rel: &str, fingerprint: u64) -> io::Result<bool> {
        if self.prior.salt.is_none() {
            return Ok(false);
        }
        if self.in_place {
            if let Some(s) = self.prior.spare.unchanged(&self.dir, rel, fingerprint) {
                lock(&self.stamps).insert(rel.to_string(), s);
                return Ok(true);
            }
        }
        let Some(s) = self.prior.live.unchanged(&self.site_dir, rel, fingerprint) else {
            return Ok(false);
        };
        self.ensure_parent(rel)?;
        let dest = self.dir.join(rel);
        let linked = if self.in_place {
            self.clear_dir_at(rel, &dest)?;
            let tmp = self.dir.join(format!("{rel}.blogen-tmp"));
            let _ = std::fs::remove_file(&tmp);
            let linked = std::fs::hard_link(self.site_dir.join(rel), &tmp).is_ok()
                && std::fs::rename(&tmp, &dest).is_ok();
            // Renaming onto a link of the same file does nothing and leaves the link.
            let _ = std::fs::remove_file(&tmp);
            linked
        } else {
            std::fs::hard_link(self.site_dir.join(rel), &dest).is_ok()
        };
        if linked {
            lock(&self.stamps).insert(rel.to_string(), s);
        }
        Ok(linked)
    }

    /// In place, a folder where the file `rel` goes is removed.
    fn clear_dir_at(&self, rel: &str, dest: &Path) -> io::Result<()> {
        if self.in_place && lock(&self.dirs).contains(rel) {
            std::fs::remove_dir_all(dest)?;
            lock(&self.dirs).remove(rel);
        }
        Ok(())
    }

    /// Creates the folders above `rel` that do not exist yet.
    fn ensure_parent(&self, rel: &str) -> io::Result<()> {
        let Some(parent) = Path::new(rel)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        else {
            return Ok(());
        };
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        let key = parent.to_string_lossy().replace('\\', "/");
        if dirs.contains(&key) {
            return Ok(());
        }
        let mut chain = Vec::new();
        let mut p = Some(parent);
        while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
            let k = d.to_string_lossy().replace('\\', "/");
            if dirs.contains(&k) {
                break;
            }
            chain.push(k);
            p = d.parent();
        }
        for k in chain.into_iter().rev() {
            let path = self.dir.join(&k);
            if self.in_place && path.is_file() {
                std::fs::remove_file(&path)?;
            }
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            dirs.insert(k);
        }
        Ok(())
    }

    /// Writes one file of the new site. The first file put at a path wins.
    pub fn put(&self, rel: &str, f: &OutFile) -> io::Result<()> {
        self.ready()?;
        if !safe_rel(rel) {
            return Err(outside(rel));
        }
        if !lock(&self.put).insert(rel.to_string()) {
            return Ok(());
        }
        if let OutFile::Kept = f {
            return Err(io::Error::other(format!(
                "{rel}: kept, but not found in the previous site"
            )));
        }
        // With manifests on: what the file is made from, and the hash of its bytes.
        let (fingerprint, content) = match &self.prior.salt {
            Some(_) => {
                let announced = lock(&self.pending).remove(rel);
                let fingerprint = announced.or_else(|| f.fingerprint());
                if let (None, Some(fp)) = (announced, fingerprint) {
                    if self.keep_prior(rel, fp)? {
                        return Ok(());
                    }
                }
                (fingerprint, f.bytes().map_or(0, content_hash))
            }
            None => (None, 0),
        };
        self.ensure_parent(rel)?;
        let dest = self.dir.join(rel);
        let record = |path: &Path| {
            if let Some(fp) = fingerprint {
                if let Ok(s) = FileStamp::of(path, fp, content) {
                    lock(&self.stamps).insert(rel.to_string(), s);
                }
            }
        };
        let compare_with = if self.in_place {
            if lock(&self.dirs).contains(rel) {
                self.clear_dir_at(rel, &dest)?;
                None
            } else {
                self.existing().contains(rel).then(|| dest.clone())
            }
        } else {
            // With no live site (a first build) there is nothing to compare with.
            self.live_exists.then(|| self.site_dir.join(rel))
        };
        if let Some(prev) = compare_with {
            // In place there is nothing to do; in a fresh folder, link the live file.
            if f.same_as(&prev) && (self.in_place || std::fs::hard_link(&prev, &dest).is_ok()) {
                record(&dest);
                return Ok(());
            }
        }
        let target = if self.in_place {
            self.dir.join(format!("{rel}.blogen-tmp"))
        } else {
            dest.clone()
        };
        f.write_to(&target)
            .and_then(|_| {
                if self.in_place {
                    std::fs::rename(&target, &dest)
                } else {
                    Ok(())
                }
            })
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dest.display())))?;
        record(&dest);
        Ok(())
    }

    /// Removes what the new site no longer has, then swaps it in; the previous site becomes the
    /// spare (or is deleted without one).
    pub fn commit(mut self) -> io::Result<()> {
        self.ready()?;
        if self.in_place {
            let put = self.put.lock().unwrap_or_else(|e| e.into_inner());
            let dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            for stale in self
                .existing()
                .iter()
                .filter(|f| !put.contains(*f) && !dirs.contains(*f))
            {
                let _ = std::fs::remove_file(self.dir.join(stale));
            }
            let needed: std::collections::HashSet<String> = put
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
                dirs.iter().filter(|d| !needed.contains(*d)).collect();
            stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
            for d in stale_dirs {
                let _ = std::fs::remove_dir_all(self.dir.join(d));
            }
        }
        let (_, aside) = swap::temp_names(&self.site_dir);
        let manifests = match (&self.prior.salt, &self.spare) {
            (Some(_), Some(spare)) => Some(manifest_paths(spare)),
            _ => None,
        };
        // The live site's manifest goes with it to the spare; until it is there, neither
        // manifest is trusted (a kill in between costs the next build speed, not correctness).
        let held = manifests.as_ref().and_then(|(live, _)| {
            let held = live.with_extension("manifest-moving");
            std::fs::rename(live, &held).is_ok().then_some(held)
        });
        let previous = swap::publish(&self.dir, &self.site_dir, &aside)?;
        self.finished = true;
        let kept = match previous {
            // Exchanged with the spare: the previous site is the spare now.
            Some(p) if self.in_place && p == self.dir => true,
            Some(p) => {
                let kept = self.spare.as_ref().is_some_and(|s| {
                    s.parent()
                        .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
                        && std::fs::rename(&p, s).is_ok()
                });
                if !kept {
                    // The new site is live: a previous one that cannot be deleted now is
                    // removed by the next build (`swap::remove_stale`).
                    let _ = std::fs::remove_dir_all(&p);
                }
                kept
            }
            None => false,
        };
        if let (Some(salt), Some((live_path, spare_path))) = (&self.prior.salt, manifests) {
            // Manifests only speed the next build up: one that cannot be saved is left out.
            let moved = held.is_some_and(|h| kept && std::fs::rename(&h, &spare_path).is_ok());
            if !moved {
                let _ = std::fs::remove_file(&spare_path);
                let _ = std::fs::remove_file(live_path.with_extension("manifest-moving"));
            }
            let mut live = Manifest::new(std::mem::take(&mut *lock(&self.stamps)));
            let _ = live.save(&live_path, salt);
        }
        Ok(())
    }

    /// Gives up: the live site stays as it is. A fresh folder is removed; a spare is left, since
    /// every file in it is compared again next time.
    pub fn abort(self) {
        let _ = self.ready();
    }
}

impl Drop for Staging {
    /// A fresh staging folder that was not committed (aborted, or a failed commit) is removed.
    fn drop(&mut self) {
        if !self.finished && !self.in_place {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        self.lock.take();
    }
}

/// Whether two existing paths are on one filesystem (a rename between them can work).
fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Where the manifests of the live site and of the spare are kept, beside the spare.
fn manifest_paths(spare: &Path) -> (PathBuf, PathBuf) {
    let dir = spare.parent().unwrap_or(Path::new("."));
    (dir.join("live.manifest"), dir.join("spare.manifest"))
}

fn outside(rel: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("refusing to write outside the site folder: {rel}"),
    )
}

fn rel_of(base: &Path, p: &Path) -> io::Result<String> {
    Ok(p.strip_prefix(base)
        .map_err(io::Error::other)?
        .to_string_lossy()
        .replace('\\', "/"))
}

/// Whether `prev` holds exactly `bytes` (length first, then content).
fn same_bytes(prev: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(prev) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(prev).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn same_file_content(prev: &Path, src: &Path) -> bool {
    match (std::fs::metadata(prev), std::fs::metadata(src)) {
        (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
            matches!((std::fs::read(prev), std::fs::read(src)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_escaping_paths() {
        assert!(safe_rel("a/b.html"));
        assert!(!safe_rel("../x"));
        assert!(!safe_rel("/etc/x"));
        assert!(!safe_rel(""));
    }

    #[test]
    fn unchanged_files_are_linked_changed_ones_written() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let files = |b: &str| {
            vec![
                ("a.html".to_string(), OutFile::Bytes(b"same".to_vec())),
                ("b.html".to_string(), OutFile::Bytes(b.as_bytes().to_vec())),
            ]
        };
        write_site(&site, files("one"), None).unwrap();
        #[cfg(unix)]
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        #[cfg(unix)]
        let before = inode(&site.join("a.html"));
        write_site(&site, files("two"), None).unwrap();
        assert_eq!(std::fs::read(site.join("a.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(site.join("b.html")).unwrap(), b"two");
        // The unchanged file is the previous site's file, linked rather than written again.
        #[cfg(unix)]
        assert_eq!(inode(&site.join("a.html")), before);
    }

    #[test]
    fn spare_folder_is_brought_up_to_date_and_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let spare = dir.path().join("cache/spare");
        let v = |pairs: &[(&str, &str)]| -> Vec<(String, OutFile)> {
            pairs
                .iter()
                .map(|(p, c)| (p.to_string(), OutFile::Bytes(c.as_bytes().to_vec())))
                .collect()
        };
        let listing = |d: &Path| {
            let mut f: Vec<String> = walkdir::WalkDir::new(d)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    e.path()
                        .strip_prefix(d)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            f.sort();
            f
        };
        write_site(
            &site,
            v(&[("a/index.html", "A1"), ("b/index.html", "B1")]),
            Some(&spare),
        )
        .unwrap();
        write_site(
            &site,
            v(&[("a/index.html", "A1"), ("b/index.html", "B2")]),
            Some(&spare),
        )
        .unwrap();
        assert!(spare.is_dir(), "the previous site is kept as the spare");
        // The spare (two builds old) is updated in place: B changes, C appears, A's folder goes.
        write_site(
            &site,
            v(&[("b/index.html", "B3"), ("c/x.html", "C")]),
            Some(&spare),
        )
        .unwrap();
        assert_eq!(listing(&site), ["b/index.html", "c/x.html"]);
        assert_eq!(
            std::fs::read_to_string(site.join("b/index.html")).unwrap(),
            "B3"
        );
        // The live site before this build is the new spare, untouched by the update.
        assert_eq!(
            std::fs::read_to_string(spare.join("b/index.html")).unwrap(),
            "B2"
        );
        assert!(!site.join("a").exists());
        // An unchanged rebuild gives the same site.
        write_site(
            &site,
            v(&[("b/index.html", "B3"), ("c/x.html", "C")]),
            Some(&spare),
        )
        .unwrap();
        assert_eq!(listing(&site), ["b/index.html", "c/x.html"]);
        assert_eq!(std::fs::read_to_string(site.join("c/x.html")).unwrap(), "C");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn failed_write_keeps_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(
            &site,
            vec![("index.html".into(), OutFile::Bytes(b"one".to_vec()))],
            None,
        )
        .unwrap();
        let err = write_site(
            &site,
            vec![("../evil".into(), OutFile::Bytes(vec![]))],
            None,
        );
        assert!(err.is_err());
        assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary folders are cleaned up");
    }
}
