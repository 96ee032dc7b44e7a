//! Path rules of the site being written: which relative paths may be written (none that leave
//! the site folder), the error for one that may not, relative names of scanned files, where the
//! manifests live, and whether two folders share a filesystem (a rename between them can work).

use std::io;
use std::path::{Component, Path, PathBuf};

/// Whether `rel` names a file inside the site folder (only normal components, not empty).
pub(super) fn safe_rel(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

pub(super) fn outside(rel: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("refusing to write outside the site folder: {rel}"),
    )
}

/// `p` relative to `base`, with `/` separators.
pub(super) fn rel_of(base: &Path, p: &Path) -> io::Result<String> {
    Ok(p.strip_prefix(base)
        .map_err(io::Error::other)?
        .to_string_lossy()
        .replace('\\', "/"))
}

/// Whether two existing paths are on one filesystem (a rename between them can work).
pub(super) fn same_device(a: &Path, b: &Path) -> bool {
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
pub(super) fn manifest_paths(spare: &Path) -> (PathBuf, PathBuf) {
    let dir = spare.parent().unwrap_or(Path::new("."));
    (dir.join("live.manifest"), dir.join("spare.manifest"))
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
}
