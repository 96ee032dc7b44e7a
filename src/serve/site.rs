//! The site as `serve` holds it in memory: site-relative path -> bytes (pages, feeds, theme
//! files) or a file of docs_dir (assets, read when asked for), and how a request path maps to
//! one of these files. Only paths of the generated site are ever served, so a request can
//! never reach a file outside it.

use crate::output::OutFile;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

pub enum Body {
    Bytes(Arc<Vec<u8>>),
    /// An asset, read from docs_dir when requested; the stamp tells when it changed.
    File(PathBuf, Option<(u64, Option<SystemTime>)>),
}

fn file_stamp(path: &std::path::Path) -> Option<(u64, Option<SystemTime>)> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

#[derive(Default)]
pub struct ServedSite {
    /// Changes with every new site; pages carry it so they know when they are outdated.
    pub build: u64,
    files: HashMap<String, Body>,
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(String),
    /// A folder asked for without its final `/`: the URL to redirect to (site-relative).
    Redirect(String),
    NotFound,
}

impl ServedSite {
    pub fn new(build: u64, files: Vec<(String, OutFile)>) -> ServedSite {
        let files = files
            .into_iter()
            .filter_map(|(path, f)| {
                let body = match f {
                    OutFile::Bytes(b) => Body::Bytes(Arc::new(b)),
                    OutFile::Shared(b) => Body::Bytes(b),
                    OutFile::Copy(src) => {
                        let stamp = file_stamp(&src);
                        Body::File(src, stamp)
                    }
                    // Only `build` keeps files on disk; serve holds every file itself.
                    OutFile::Kept => return None,
                };
                Some((path, body))
            })
            .collect();
        ServedSite { build, files }
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files that differ from `old` (new, changed or gone), sorted.
    pub fn changed_since(&self, old: &ServedSite) -> Vec<String> {
        let mut out: Vec<String> = self
            .files
            .iter()
            .filter(|(path, body)| match (body, old.files.get(*path)) {
                (Body::Bytes(a), Some(Body::Bytes(b))) => !Arc::ptr_eq(a, b) && a != b,
                (Body::File(a, sa), Some(Body::File(b, sb))) => a != b || sa != sb,
                _ => true,
            })
            .map(|(path, _)| path.clone())
            .chain(
                old.files
                    .keys()
                    .filter(|p| !self.files.contains_key(*p))
                    .cloned(),
            )
            .collect();
        out.sort();
        out
    }

    /// Maps a decoded, site-relative request path to a file: `dir/` to `dir/index.html`,
    /// `dir` to a redirect to `dir/` when that folder has an index.
    pub fn resolve(&self, path: &str) -> Resolved {
        if path.is_empty() || path.ends_with('/') {
            let index = format!("{path}index.html");
            return if self.files.contains_key(&index) {
                Resolved::File(index)
            } else {
                Resolved::NotFound
            };
        }
        if self.files.contains_key(path) {
            return Resolved::File(path.to_string());
        }
        if self.files.contains_key(&format!("{path}/index.html")) {
            return Resolved::Redirect(format!("{path}/"));
        }
        Resolved::NotFound
    }
}

/// Decodes the path of a request (after the site's mount point, without query): percent
/// escapes are undone, and a path with `.` or `..` segments, a backslash, a NUL or bytes
/// that are not UTF-8 is refused (None).
pub fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    let bad = path.contains(['\\', '\0']) || path.split('/').any(|seg| seg == ".." || seg == ".");
    (!bad).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> ServedSite {
        ServedSite::new(
            1,
            vec![
                ("index.html".into(), OutFile::Bytes(b"home".to_vec())),
                ("blog/index.html".into(), OutFile::Bytes(b"blog".to_vec())),
                ("blog/café/index.html".into(), OutFile::Bytes(b"c".to_vec())),
                ("feed.xml".into(), OutFile::Bytes(b"x".to_vec())),
            ],
        )
    }

    #[test]
    fn resolves_folders_files_and_redirects() {
        let s = site();
        assert_eq!(s.resolve(""), Resolved::File("index.html".into()));
        assert_eq!(s.resolve("blog/"), Resolved::File("blog/index.html".into()));
        assert_eq!(s.resolve("blog"), Resolved::Redirect("blog/".into()));
        assert_eq!(s.resolve("feed.xml"), Resolved::File("feed.xml".into()));
        assert_eq!(s.resolve("nope/"), Resolved::NotFound);
        assert_eq!(s.resolve("nope"), Resolved::NotFound);
    }

    #[test]
    fn decodes_and_refuses_escapes() {
        assert_eq!(
            decode_path("blog/caf%C3%A9/").as_deref(),
            Some("blog/café/")
        );
        assert_eq!(decode_path("a%20b.png").as_deref(), Some("a b.png"));
        assert_eq!(decode_path("../etc/passwd"), None);
        assert_eq!(decode_path("a/%2e%2e/b"), None);
        assert_eq!(decode_path("a/./b"), None);
        assert_eq!(decode_path("..%2fetc"), None);
        assert_eq!(decode_path("a%5c..%5cb"), None);
        assert_eq!(decode_path("%ff"), None);
        assert_eq!(decode_path("%zz"), None);
        assert_eq!(decode_path("a%00"), None);
    }

    #[test]
    fn changes_are_listed() {
        let old = site();
        let new = ServedSite::new(
            2,
            vec![
                ("index.html".into(), OutFile::Bytes(b"home".to_vec())),
                ("blog/index.html".into(), OutFile::Bytes(b"blog 2".to_vec())),
                ("feed.xml".into(), OutFile::Bytes(b"x".to_vec())),
                ("new.html".into(), OutFile::Bytes(b"n".to_vec())),
            ],
        );
        assert_eq!(
            new.changed_since(&old),
            vec!["blog/café/index.html", "blog/index.html", "new.html"]
        );
    }
}
