//! One file of the site as the pipeline hands it to output (`OutFile`): bytes, a copy of a
//! source file, bytes shared with an earlier run, or a file already in place. Knows how to
//! compare itself with a file on disk, write itself and fingerprint itself for the manifest.

use super::manifest::{content_hash, FileStamp};
use std::io;
use std::path::{Path, PathBuf};

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
    pub(super) fn bytes(&self) -> Option<&[u8]> {
        match self {
            OutFile::Bytes(b) => Some(b),
            OutFile::Shared(b) => Some(b.as_slice()),
            OutFile::Copy(_) | OutFile::Kept => None,
        }
    }

    /// Whether the file at `prev` already holds this content.
    pub(super) fn same_as(&self, prev: &Path) -> bool {
        match (self, self.bytes()) {
            (_, Some(b)) => same_bytes(prev, b),
            (OutFile::Copy(src), None) => same_file_content(prev, src),
            _ => false,
        }
    }

    /// Writes the content to `dest`.
    pub(super) fn write_to(&self, dest: &Path) -> io::Result<()> {
        match (self, self.bytes()) {
            (_, Some(b)) => std::fs::write(dest, b),
            (OutFile::Copy(src), None) => std::fs::copy(src, dest).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// What the file is made from, for the manifest: the bytes' hash, or for a copy the source
    /// file's path, size, time and inode. None for `Kept`.
    pub(super) fn fingerprint(&self) -> Option<u64> {
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
