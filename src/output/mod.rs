//! Output: writes the generated files and copies assets into a fresh folder beside site_dir,
//! then swaps it in, so a failed build never leaves a half-written site. A file identical to
//! the one in the previous site is hard-linked from it instead of written again, which makes an
//! unchanged rebuild cheap and deleting the previous site nearly free. With the cache on, the
//! manifests (`manifest.rs`) say which files of the previous sites were made from what, so a
//! file whose fingerprint is unchanged is kept without being made or read again
//! (`Staging::reuse`). The feeds' names are the plan's (`plan::urls::feed_names`).
//!
//! Files: `file.rs` (one file of the site), `staging.rs` (the site being written and the swap),
//! `ledger.rs` (what the writing threads share, behind one lock), `paths.rs` (which paths may
//! be written), `manifest.rs`, `swap.rs` and `guard.rs` (which folders may be replaced).

mod file;
pub mod guard;
mod ledger;
pub mod manifest;
mod paths;
mod staging;
pub mod swap;

pub use file::OutFile;
pub use staging::Staging;

use rayon::prelude::*;
use std::io;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

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
