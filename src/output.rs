//! Output: writes the generated files and copies assets into a fresh folder beside site_dir,
//! then swaps it in, so a failed build never leaves a half-written site. A file identical to
//! the one in the previous site is hard-linked from it instead of written again, which makes an
//! unchanged rebuild cheap and deleting the previous site nearly free. Also names the files
//! blogen generates besides pages (feeds), since templates link them.

use crate::config::Config;
use rayon::prelude::*;
use std::io;
use std::path::{Component, Path, PathBuf};

/// RSS and Atom feed paths (site-root relative): mkdocs-rss-plugin's names when that plugin is
/// configured (it writes no Atom feed; blogen writes its JSON feed instead), otherwise
/// `feed_rss_created.xml` and `feed_atom.xml`.
pub fn feed_names(config: &Config) -> (String, Option<String>) {
    let rss = "feed_rss_created.xml".to_string();
    if config.feeds.rss_plugin {
        (rss, None)
    } else {
        (rss, Some("feed_atom.xml".to_string()))
    }
}

/// One file of the site.
pub enum OutFile {
    Bytes(Vec<u8>),
    /// Copied from this source file.
    Copy(PathBuf),
    /// Bytes shared with an earlier run (`blogen serve` reuses unchanged pages).
    Shared(std::sync::Arc<Vec<u8>>),
}

fn safe_rel(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` (site-relative path -> content) as the new content of `site_dir`.
pub fn write_site(site_dir: &Path, files: Vec<(String, OutFile)>) -> io::Result<()> {
    let parent = site_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent)?;
    let name = site_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let tmp = parent.join(format!(".{name}.blogen-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.blogen-old-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir_all(&tmp)?;
    let previous = site_dir.is_dir().then_some(site_dir);
    let result = write_all(&tmp, &files, previous);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if site_dir.exists() {
        std::fs::rename(site_dir, &old)?;
    }
    if let Err(e) = std::fs::rename(&tmp, site_dir) {
        // Put the previous site back.
        if old.exists() {
            let _ = std::fs::rename(&old, site_dir);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
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

fn write_all(root: &Path, files: &[(String, OutFile)], previous: Option<&Path>) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|(rel, _)| Path::new(rel).parent().map(|p| root.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|(rel, f)| {
        if !safe_rel(rel) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the site folder: {rel}"),
            ));
        }
        let dest = root.join(rel);
        if let Some(prev) = previous.map(|p| p.join(rel)) {
            let unchanged = match f {
                OutFile::Bytes(b) => same_bytes(&prev, b),
                OutFile::Shared(b) => same_bytes(&prev, b.as_slice()),
                OutFile::Copy(src) => same_file_content(&prev, src),
            };
            if unchanged && std::fs::hard_link(&prev, &dest).is_ok() {
                return Ok(());
            }
        }
        match f {
            OutFile::Bytes(b) => std::fs::write(&dest, b),
            OutFile::Shared(b) => std::fs::write(&dest, b.as_slice()),
            OutFile::Copy(src) => std::fs::copy(src, &dest).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dest.display())))
    })
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
        write_site(&site, files("one")).unwrap();
        #[cfg(unix)]
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        #[cfg(unix)]
        let before = inode(&site.join("a.html"));
        write_site(&site, files("two")).unwrap();
        assert_eq!(std::fs::read(site.join("a.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(site.join("b.html")).unwrap(), b"two");
        // The unchanged file is the previous site's file, linked rather than written again.
        #[cfg(unix)]
        assert_eq!(inode(&site.join("a.html")), before);
    }

    #[test]
    fn failed_write_keeps_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(
            &site,
            vec![("index.html".into(), OutFile::Bytes(b"one".to_vec()))],
        )
        .unwrap();
        let err = write_site(&site, vec![("../evil".into(), OutFile::Bytes(vec![]))]);
        assert!(err.is_err());
        assert_eq!(std::fs::read(site.join("index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary folders are cleaned up");
    }
}
