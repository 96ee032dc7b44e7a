//! Safe reading of input files (config, Markdown, includes, authors, theme overrides): only
//! regular files, of bounded size, and for the docs folder only files whose real path stays
//! inside it. The checks come before the file is opened, so a FIFO or a device is never opened
//! (opening a FIFO for reading blocks until a writer comes; `/dev/zero` never ends).

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest config file read.
pub const MAX_CONFIG_BYTES: u64 = 10 * 1024 * 1024;
/// The largest Markdown, include, authors or template file read.
pub const MAX_INPUT_BYTES: u64 = 50 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, socket, device or folder (the kind is named, e.g. `a FIFO`).
    NotRegular(&'static str),
    /// Larger than the limit (size, limit).
    TooLarge(u64, u64),
    Io(std::io::Error),
}

impl ReadError {
    /// The diagnostic code: `file-not-regular`, `file-too-large` or `file-unreadable`.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotRegular(_) => "file-not-regular",
            ReadError::TooLarge(..) => "file-too-large",
            ReadError::Io(_) => "file-unreadable",
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "{kind}, not a regular file; it is not read"),
            ReadError::TooLarge(size, limit) => write!(
                f,
                "{size} bytes, more than the {} MB allowed; it is not read",
                limit / (1024 * 1024)
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

/// What a file type is, in words, for diagnostics.
/// The warning for an entry of a walked folder that is neither a folder nor a regular file
/// (a FIFO, a device, a socket): it is skipped, never opened.
pub fn not_regular_warning(t: std::fs::FileType) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::warning(
        "file-not-regular",
        format!("{}, not a regular file; it is skipped", kind_name(t)),
    )
}

pub fn kind_name(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Reads `path` (symlinks followed) if it is a regular file of at most `limit` bytes. The type
/// and size are checked before opening, and again on the opened file (the path may have been
/// replaced in between); at most `limit` bytes are read even if the file grows.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    check_meta(&meta, limit)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    check_meta(&meta, limit)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn check_meta(meta: &std::fs::Metadata, limit: u64) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_name(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len(), limit));
    }
    Ok(())
}

/// `read_regular`, as UTF-8 text (the error of invalid UTF-8 is an `Io` of kind InvalidData).
pub fn read_regular_string(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_regular(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

/// Where a symbolic link below `base` really leads, when that is outside `base` (the real
/// path of `base` itself, already canonicalized, is `real_base`): `Some(target)` for a link
/// that leaves, `None` for one that stays inside. A link that cannot be resolved (dangling, a
/// loop) counts as leaving, with its unresolved target, since nothing can be said of it.
pub fn leaves(path: &Path, real_base: &Path) -> Option<PathBuf> {
    match path.canonicalize() {
        Ok(real) if real.starts_with(real_base) => None,
        Ok(real) => Some(real),
        Err(_) => Some(std::fs::read_link(path).unwrap_or_else(|_| path.to_path_buf())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        std::fs::write(&f, "12345").unwrap();
        assert_eq!(read_regular(&f, 5).unwrap(), b"12345");
        assert!(matches!(
            read_regular(&f, 4),
            Err(ReadError::TooLarge(5, 4))
        ));
        assert_eq!(
            read_regular(dir.path(), 5).unwrap_err().code(),
            "file-not-regular"
        );
        assert_eq!(
            read_regular(&dir.path().join("none"), 5)
                .unwrap_err()
                .code(),
            "file-unreadable"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let e = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(e.code(), "file-not-regular");
        assert!(e.to_string().contains("character device"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_that_leave_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(docs.join("sub")).unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink("../secret", docs.join("out")).unwrap();
        std::os::unix::fs::symlink("sub", docs.join("in")).unwrap();
        std::os::unix::fs::symlink("nowhere", docs.join("dangling")).unwrap();
        let real = docs.canonicalize().unwrap();
        assert!(leaves(&docs.join("out"), &real).is_some());
        assert!(leaves(&docs.join("in"), &real).is_none());
        assert!(leaves(&docs.join("dangling"), &real).is_some());
    }
}
