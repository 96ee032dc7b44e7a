//! `Staging`: a site being written beside the live one, then swapped in by `commit`, so the
//! live site is never half written. Owns the choice of folder (a fresh one, or the spare brought
//! up to date in place), keeping files from earlier builds (`reuse`, by manifest), writing or
//! linking each file put, and the swap. What the writing threads share is one `Ledger` behind
//! one lock.

use super::file::OutFile;
use super::ledger::{scan, Ledger};
use super::manifest::{content_hash, FileStamp, Manifest};
use super::paths::{manifest_paths, outside, safe_rel, same_device};
use super::swap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

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
    /// What the writing threads share; the only lock.
    ledger: Mutex<Ledger>,
    /// The manifests of the live site and of the spare as this build found them (empty
    /// without a cache), and the salt they are saved with.
    prior: Prior,
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

impl Staging {
    /// The shared writer state (a panic in another writer leaves it usable).
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the scan of the spare (once); every use of what it found goes through here.
    fn ready(&self) -> io::Result<()> {
        self.ledger().ready()
    }

    /// Starts a new site for `site_dir`. With a `spare` folder, `salt` (the identity of the
    /// program writing) turns the manifests on: they are kept beside the spare.
    pub fn begin(site_dir: &Path, spare: Option<&Path>, salt: Option<&str>) -> io::Result<Staging> {
        let parent = swap::parent_of(site_dir);
        std::fs::create_dir_all(&parent)?;
        swap::remove_stale(site_dir);
        let mut ledger = Ledger::default();
        let mut lock = None;
        // A spare is blogen's own folder: a symlink there (or anything else) is not updated.
        let usable_spare = spare.filter(|s| {
            std::fs::symlink_metadata(s).is_ok_and(|m| m.is_dir()) && same_device(s, &parent)
        });
        let (dir, in_place) = match usable_spare {
            Some(s) => {
                let root = s.to_path_buf();
                ledger.scan = Some(std::thread::spawn(move || scan(&root)));
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
        let prior = Prior::load(site_dir, spare, salt, in_place);
        Ok(Staging {
            site_dir: site_dir.to_path_buf(),
            dir,
            spare: spare.map(Path::to_path_buf),
            in_place,
            live_exists: site_dir.is_dir(),
            ledger: Mutex::new(ledger),
            prior,
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
        if self.ledger().put.contains(rel) {
            return Ok(true);
        }
        if self.keep_prior(rel, fingerprint)? {
            self.ledger().put.insert(rel.to_string());
            return Ok(true);
        }
        self.ledger().pending.insert(rel.to_string(), fingerprint);
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
                self.ledger().stamps.insert(rel.to_string(), s);
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
            self.ledger().stamps.insert(rel.to_string(), s);
        }
        Ok(linked)
    }

    /// In place, a folder where the file `rel` goes is removed.
    fn clear_dir_at(&self, rel: &str, dest: &Path) -> io::Result<()> {
        if self.in_place && self.ledger().dirs.contains(rel) {
            std::fs::remove_dir_all(dest)?;
            self.ledger().dirs.remove(rel);
        }
        Ok(())
    }

    /// Creates the folders above `rel` that do not exist yet.
    fn ensure_parent(&self, rel: &str) -> io::Result<()> {
        self.ledger().ensure_parent(&self.dir, self.in_place, rel)
    }

    /// Writes one file of the new site. The first file put at a path wins.
    pub fn put(&self, rel: &str, f: &OutFile) -> io::Result<()> {
        self.ready()?;
        if !safe_rel(rel) {
            return Err(outside(rel));
        }
        if !self.ledger().put.insert(rel.to_string()) {
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
                let announced = self.ledger().pending.remove(rel);
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
                    self.ledger().stamps.insert(rel.to_string(), s);
                }
            }
        };
        if let Some(prev) = self.compare_with(rel, &dest)? {
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

    /// The file the content put at `rel` may already be in: in place, the spare's own file
    /// (a folder there is removed instead); in a fresh folder, the live site's file.
    fn compare_with(&self, rel: &str, dest: &Path) -> io::Result<Option<PathBuf>> {
        if self.in_place {
            let is_dir = self.ledger().dirs.contains(rel);
            if is_dir {
                self.clear_dir_at(rel, dest)?;
                Ok(None)
            } else {
                let existed = self.ledger().existing.contains(rel);
                Ok(existed.then(|| dest.to_path_buf()))
            }
        } else {
            // With no live site (a first build) there is nothing to compare with.
            Ok(self.live_exists.then(|| self.site_dir.join(rel)))
        }
    }

    /// Removes what the new site no longer has, then swaps it in; the previous site becomes the
    /// spare (or is deleted without one).
    pub fn commit(mut self) -> io::Result<()> {
        self.ready()?;
        if self.in_place {
            self.ledger().remove_stale(&self.dir);
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
        let kept = self.keep_previous(previous);
        if let (Some(salt), Some((live_path, spare_path))) = (&self.prior.salt, manifests) {
            // Manifests only speed the next build up: one that cannot be saved is left out.
            let moved = held.is_some_and(|h| kept && std::fs::rename(&h, &spare_path).is_ok());
            if !moved {
                let _ = std::fs::remove_file(&spare_path);
                let _ = std::fs::remove_file(live_path.with_extension("manifest-moving"));
            }
            let stamps = std::mem::take(&mut self.ledger().stamps);
            let mut live = Manifest::new(stamps);
            let _ = live.save(&live_path, salt);
        }
        Ok(())
    }

    /// After the swap: the previous site (where `swap::publish` left it) becomes the spare, or
    /// is deleted. Returns whether it is the spare now.
    fn keep_previous(&self, previous: Option<PathBuf>) -> bool {
        match previous {
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
        }
    }

    /// Gives up: the live site stays as it is. A fresh folder is removed; a spare is left, since
    /// every file in it is compared again next time.
    pub fn abort(self) {
        let _ = self.ready();
    }
}

impl Prior {
    /// The manifests of the live site and (in place) of the spare, when `salt` turns them on.
    /// A manifest describes one site folder: another (`-d`) does not take it over.
    fn load(site_dir: &Path, spare: Option<&Path>, salt: Option<&str>, in_place: bool) -> Prior {
        let mut prior = Prior::default();
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
        prior
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
