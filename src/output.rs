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
///
/// The new site is prepared beside the live one and swapped in, so the live site is never half
/// written. With a `spare` folder (kept in the cache folder), the site of the build before last
/// is kept there and brought up to date in place, which on an unchanged rebuild writes nothing
/// and creates no folder; without one, a fresh folder is filled (unchanged files hard-linked
/// from the live site) and the previous site is deleted.
pub fn write_site(
    site_dir: &Path,
    files: Vec<(String, OutFile)>,
    spare: Option<&Path>,
) -> io::Result<()> {
    if let Some(bad) = files.iter().find(|(rel, _)| !safe_rel(rel)) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the site folder: {}", bad.0),
        ));
    }
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
    let old = parent.join(format!(".{name}.blogen-old-{}", std::process::id()));
    let staged = match spare.filter(|s| s.is_dir()) {
        Some(s) => {
            if let Err(e) = update_in_place(s, &files) {
                // The spare is only a head start: drop it and fall back to a fresh folder.
                let _ = std::fs::remove_dir_all(s);
                return match e.kind() {
                    io::ErrorKind::InvalidInput => Err(e),
                    _ => write_site(site_dir, files, None),
                };
            }
            s.to_path_buf()
        }
        None => {
            let tmp = parent.join(format!(".{name}.blogen-new-{}", std::process::id()));
            if tmp.exists() {
                std::fs::remove_dir_all(&tmp)?;
            }
            std::fs::create_dir_all(&tmp)?;
            let previous = site_dir.is_dir().then_some(site_dir);
            if let Err(e) = write_all(&tmp, &files, previous) {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
            tmp
        }
    };
    if site_dir.exists() {
        std::fs::rename(site_dir, &old)?;
    }
    if let Err(e) = std::fs::rename(&staged, site_dir) {
        // Put the previous site back.
        if old.exists() {
            let _ = std::fs::rename(&old, site_dir);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return match (spare, e.kind()) {
            // The spare lives on another file system: do without it.
            (Some(_), io::ErrorKind::CrossesDevices) => write_site(site_dir, files, None),
            _ => Err(e),
        };
    }
    if old.exists() {
        let kept = spare.is_some_and(|s| {
            s.parent()
                .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
                && std::fs::rename(&old, s).is_ok()
        });
        if !kept {
            std::fs::remove_dir_all(&old)?;
        }
    }
    Ok(())
}

/// Brings the folder `dir` (an earlier site) to exactly `files`: writes what differs (to a
/// temporary name, then renamed, so files shared by hard link with the live site are never
/// changed), and removes what is no longer part of the site.
fn update_in_place(dir: &Path, files: &[(String, OutFile)]) -> io::Result<()> {
    let mut existing_files = std::collections::HashSet::new();
    let mut existing_dirs = std::collections::HashSet::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        let rel = e
            .path()
            .strip_prefix(dir)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        if e.file_type().is_dir() {
            existing_dirs.insert(rel);
        } else {
            existing_files.insert(rel);
        }
    }
    let mut needed_dirs: Vec<String> = Vec::new();
    for (rel, _) in files {
        let mut p = Path::new(rel).parent();
        while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
            needed_dirs.push(d.to_string_lossy().replace('\\', "/"));
            p = d.parent();
        }
    }
    needed_dirs.sort();
    needed_dirs.dedup();
    for d in &needed_dirs {
        if existing_files.contains(d) {
            std::fs::remove_file(dir.join(d))?;
        }
        if !existing_dirs.contains(d) {
            std::fs::create_dir(dir.join(d)).or_else(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    Ok(())
                } else {
                    Err(e)
                }
            })?;
        }
    }
    files.par_iter().try_for_each(|(rel, f)| {
        let dest = dir.join(rel);
        if existing_dirs.contains(rel.as_str()) {
            std::fs::remove_dir_all(&dest)?;
        } else if existing_files.contains(rel.as_str()) {
            let same = match f {
                OutFile::Bytes(b) => same_bytes(&dest, b),
                OutFile::Shared(b) => same_bytes(&dest, b.as_slice()),
                OutFile::Copy(src) => same_file_content(&dest, src),
            };
            if same {
                return Ok(());
            }
        }
        let tmp = dir.join(format!("{rel}.blogen-tmp"));
        match f {
            OutFile::Bytes(b) => std::fs::write(&tmp, b),
            OutFile::Shared(b) => std::fs::write(&tmp, b.as_slice()),
            OutFile::Copy(src) => std::fs::copy(src, &tmp).map(|_| ()),
        }
        .and_then(|_| std::fs::rename(&tmp, &dest))
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dest.display())))
    })?;
    let wanted: std::collections::HashSet<&str> = files.iter().map(|(r, _)| r.as_str()).collect();
    for stale in existing_files
        .iter()
        .filter(|f| !wanted.contains(f.as_str()) && !needed_dirs.contains(f))
    {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    let needed: std::collections::HashSet<&String> = needed_dirs.iter().collect();
    let mut stale_dirs: Vec<&String> = existing_dirs
        .iter()
        .filter(|d| !needed.contains(d) && !wanted.contains(d.as_str()))
        .collect();
    stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for d in stale_dirs {
        let _ = std::fs::remove_dir_all(dir.join(d));
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
