//! Manifests: what a site folder written by blogen holds, file by file, so a later build can
//! keep a file instead of making it again. Each entry pairs the fingerprint the file was made
//! from (of its inputs, or of its bytes) with the file's size, modification time and inode as
//! written. A file is trusted only while both still match: a file changed by hand or by another
//! tool, a new blogen binary (the salt) or a damaged manifest each mean the file is made again.
//! File times are coarse (a clock tick of a few milliseconds on ext4, up to 2 s on FAT), so a
//! file written shortly before the manifest was saved could be changed within the same tick
//! unseen; such a file is trusted only after its bytes are read and match the hash taken when
//! it was written (as git does with "racily clean" index entries).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io;
use std::path::Path;

const MAGIC: &[u8; 8] = b"BLGNMF01";

/// A file as it was written: its fingerprint and what `stat` said of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub fingerprint: u64,
    /// xxh3 of the bytes written, when they were in memory (0 when not known).
    content: u64,
    len: u64,
    mtime_ns: i128,
    ino: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` as it is now, for content made from `fingerprint`;
    /// `content` is the hash of the bytes just written (`content_hash`), or 0.
    pub fn of(path: &Path, fingerprint: u64, content: u64) -> io::Result<FileStamp> {
        let m = std::fs::symlink_metadata(path)?;
        if !m.is_file() {
            return Err(io::Error::other("not a file"));
        }
        Ok(FileStamp {
            fingerprint,
            content,
            len: m.len(),
            mtime_ns: mtime_ns(&m),
            ino: ino(&m),
        })
    }

    /// Whether the file at `path` is still the one this stamp was taken of. `racy_from`: files
    /// modified at or after this time are also checked by content.
    fn holds(&self, path: &Path, racy_from: i128) -> bool {
        if FileStamp::of(path, self.fingerprint, self.content).ok() != Some(*self) {
            return false;
        }
        self.mtime_ns < racy_from
            || (self.content != 0
                && std::fs::read(path).is_ok_and(|b| content_hash(&b) == self.content))
    }
}

/// The hash of a file's bytes kept in its stamp (never 0, which means "not known").
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes).max(1)
}

/// How long before a manifest is saved a file must have been modified to be trusted by its
/// time alone: the coarsest file time tick of common file systems (FAT's 2 s). Files written
/// by the build just before are checked by content once; files kept since are not.
const RACY_NS: i128 = 2_000_000_000;

fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

fn mtime_ns(m: &std::fs::Metadata) -> i128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(-1, |d| d.as_nanos() as i128)
}

#[cfg(unix)]
fn ino(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn ino(_: &std::fs::Metadata) -> u64 {
    0
}

/// Site-relative path -> stamp, for one folder.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub files: HashMap<String, FileStamp>,
    /// When the manifest was saved (ns since the epoch).
    saved_ns: i128,
}

impl Manifest {
    pub fn new(files: HashMap<String, FileStamp>) -> Manifest {
        Manifest { files, saved_ns: 0 }
    }

    /// Reads a manifest written with the same `salt`; anything else gives an empty one.
    pub fn load(path: &Path, salt: &str) -> Manifest {
        let Ok(bytes) = std::fs::read(path) else {
            return Manifest::default();
        };
        let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Manifest::default();
        };
        match postcard::from_bytes::<(String, u64, Manifest)>(rest) {
            Ok((s, sum, m)) if s == salt && sum == m.checksum() => m,
            _ => Manifest::default(),
        }
    }

    pub fn save(&mut self, path: &Path, salt: &str) -> io::Result<()> {
        self.saved_ns = now_ns();
        let body =
            postcard::to_stdvec(&(salt, self.checksum(), &*self)).map_err(io::Error::other)?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&body);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(tmp, path)
    }

    fn checksum(&self) -> u64 {
        let mut entries: Vec<_> = self.files.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.saved_ns.to_le_bytes());
        for (rel, s) in entries {
            h.update(rel.as_bytes());
            h.update(&[0]);
            h.update(&s.fingerprint.to_le_bytes());
            h.update(&s.content.to_le_bytes());
            h.update(&s.len.to_le_bytes());
            h.update(&s.mtime_ns.to_le_bytes());
            h.update(&s.ino.to_le_bytes());
        }
        h.digest()
    }

    /// The stamp of `rel` when it was made from `fingerprint` and the file under `dir` is
    /// still that file.
    pub fn unchanged(&self, dir: &Path, rel: &str, fingerprint: u64) -> Option<FileStamp> {
        self.files
            .get(rel)
            .filter(|s| {
                s.fingerprint == fingerprint && s.holds(&dir.join(rel), self.saved_ns - RACY_NS)
            })
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusts_a_file_only_while_it_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "one").unwrap();
        let mut m = Manifest::default();
        m.files.insert(
            "a.html".into(),
            FileStamp::of(&dir.path().join("a.html"), 7, content_hash(b"one")).unwrap(),
        );
        let path = dir.path().join("m.bin");
        m.save(&path, "v1").unwrap();
        let m = Manifest::load(&path, "v1");
        assert!(m.unchanged(dir.path(), "a.html", 7).is_some());
        assert!(
            m.unchanged(dir.path(), "a.html", 8).is_none(),
            "other inputs"
        );
        assert!(
            m.unchanged(dir.path(), "b.html", 7).is_none(),
            "unknown file"
        );
        assert!(
            Manifest::load(&path, "v2").files.is_empty(),
            "another binary"
        );
        // Edited by hand at once, same size: the file time may not have moved, but the file
        // was written just before the manifest, so its bytes are checked.
        std::fs::write(dir.path().join("a.html"), "two").unwrap();
        assert!(m.unchanged(dir.path(), "a.html", 7).is_none());
        std::fs::write(dir.path().join("a.html"), "one").unwrap();
        // Written long before the manifest: trusted by its stamp alone.
        let mut old = m.clone();
        old.saved_ns += 10 * RACY_NS;
        let stamp = FileStamp::of(&dir.path().join("a.html"), 7, 0).unwrap();
        old.files.insert("a.html".into(), stamp);
        assert!(old.unchanged(dir.path(), "a.html", 7).is_some());
        // A damaged manifest is not trusted.
        let mut bytes = std::fs::read(&path).unwrap();
        let n = bytes.len();
        bytes[n - 3] ^= 0xff;
        std::fs::write(&path, bytes).unwrap();
        assert!(Manifest::load(&path, "v1").files.is_empty());
    }
}
