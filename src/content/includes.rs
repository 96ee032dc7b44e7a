//! Reads the files that Markdown includes name, for `markdown::includes`: markdown_include's
//! `{!…!}` from its `base_path`, pymdownx.snippets' `--8<--` from each of its `base_path`
//! folders in turn. Base paths are relative to the config's folder (mkdocs runs from there;
//! the default is that folder). A path that leaves its base folder (`..`, absolute, or a
//! symlink pointing out) is refused and never read; so is a FIFO, a device (never opened) or a
//! file over 50 MB.
//!
//! Every read a page's render makes is noted (`Recording`) with a hash of what it gave, so the
//! page cache can keep a page with includes and tell, by reading them again
//! (`IncludeRead::unchanged`), when one of its included files changed.

use crate::config::Config;
use crate::read::{read_regular_string, ReadError, MAX_INPUT_BYTES};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

// The interface through which the Markdown include pre-pass (`markdown::includes`) gets file
// texts; it lives here, below markdown, and `FsIncludes` implements it for the files on disk.

/// Which syntax asked for a file (they have separate base paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MarkdownInclude,
    Snippet,
}

/// A file the resolver read.
#[derive(Debug, Clone)]
pub struct Included {
    /// Identifies the file for cycle detection (e.g. its path below the base folder).
    pub key: String,
    pub text: String,
}

/// Why a file could not be included: `code` is the diagnostic code.
#[derive(Debug, Clone)]
pub struct IncludeError {
    pub code: &'static str,
    pub message: String,
}

/// Gives the pre-pass the text of included files.
pub trait Resolver: Sync {
    fn read(&self, kind: Kind, path: &str) -> Result<Included, IncludeError>;
}

pub struct FsIncludes<'a> {
    root: &'a Path,
    include_base: &'a str,
    snippet_bases: &'a [String],
}

impl<'a> FsIncludes<'a> {
    pub fn new(config: &'a Config) -> Self {
        FsIncludes {
            root: &config.root,
            include_base: &config.markdown.include_base_path,
            snippet_bases: &config.markdown.snippets_base_path,
        }
    }
}

/// `path` as relative components, or None when it is absolute or climbs out.
fn inside(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

impl Resolver for FsIncludes<'_> {
    fn read(&self, kind: Kind, path: &str) -> Result<Included, IncludeError> {
        let (what, bases): (&str, Vec<&str>) = match kind {
            Kind::MarkdownInclude => (
                "include",
                vec![if self.include_base.is_empty() {
                    "."
                } else {
                    self.include_base
                }],
            ),
            Kind::Snippet if self.snippet_bases.is_empty() => ("snippet", vec!["."]),
            Kind::Snippet => (
                "snippet",
                self.snippet_bases.iter().map(String::as_str).collect(),
            ),
        };
        let shown = bases
            .iter()
            .map(|b| format!("`{b}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let Some(rel) = inside(path) else {
            return Err(IncludeError {
                code: "include-outside",
                message: format!(
                    "{what} `{path}` is outside the base folder ({shown}); it is not read"
                ),
            });
        };
        for base in &bases {
            let dir = self.root.join(base);
            let file = dir.join(&rel);
            // `exists` follows links: a dangling one is as missing as no file.
            if !file.exists() {
                continue;
            }
            let (Ok(dir), Ok(file)) = (dir.canonicalize(), file.canonicalize()) else {
                continue;
            };
            if !file.starts_with(&dir) {
                return Err(IncludeError {
                    code: "include-outside",
                    message: format!(
                        "{what} `{path}` leads outside the base folder `{base}`; it is not read"
                    ),
                });
            }
            return match read_regular_string(&file, MAX_INPUT_BYTES) {
                Ok(text) => Ok(Included {
                    key: file.to_string_lossy().into_owned(),
                    text,
                }),
                Err(e @ (ReadError::NotRegular(_) | ReadError::TooLarge(..))) => {
                    Err(IncludeError {
                        code: e.code(),
                        message: format!("{what} `{path}` is {e}"),
                    })
                }
                Err(e) => Err(IncludeError {
                    code: "include-missing",
                    message: format!("{what} `{path}` {e}"),
                }),
            };
        }
        Err(IncludeError {
            code: "include-missing",
            message: format!("{what} `{path}` not found in {shown}; it is left out"),
        })
    }
}

/// One read of an included file a page's render made, and a hash of what it gave (the text,
/// or the problem). A page whose reads all give the same again renders the same.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IncludeRead {
    /// `--8<--` (else `{!…!}`).
    pub snippet: bool,
    pub path: String,
    pub result: u64,
}

fn result_hash(result: &Result<Included, IncludeError>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut field = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    match result {
        Ok(inc) => {
            field(b"ok");
            field(inc.key.as_bytes());
            field(inc.text.as_bytes());
        }
        Err(e) => {
            field(e.code.as_bytes());
            field(e.message.as_bytes());
        }
    }
    h.digest()
}

fn kind_of(snippet: bool) -> Kind {
    if snippet {
        Kind::Snippet
    } else {
        Kind::MarkdownInclude
    }
}

impl IncludeRead {
    /// Whether every one of `reads` gives what it gave when it was noted.
    pub fn unchanged(resolver: &dyn Resolver, reads: &[IncludeRead]) -> bool {
        reads
            .iter()
            .all(|r| result_hash(&resolver.read(kind_of(r.snippet), &r.path)) == r.result)
    }
}

/// A resolver that notes every read it passes on to another.
pub struct Recording<'a> {
    inner: &'a dyn Resolver,
    reads: Mutex<Vec<IncludeRead>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Resolver) -> Self {
        Recording {
            inner,
            reads: Mutex::new(Vec::new()),
        }
    }

    /// The reads made, in order.
    pub fn into_reads(self) -> Vec<IncludeRead> {
        self.reads.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Resolver for Recording<'_> {
    fn read(&self, kind: Kind, path: &str) -> Result<Included, IncludeError> {
        let result = self.inner.read(kind, path);
        let read = IncludeRead {
            snippet: kind == Kind::Snippet,
            path: path.to_string(),
            result: result_hash(&result),
        };
        self.reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(read);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_and_refuses_outside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/inc")).unwrap();
        std::fs::write(dir.path().join("docs/inc/a.md"), "A").unwrap();
        std::fs::write(dir.path().join("secret.md"), "S").unwrap();
        let bases = vec!["docs/inc".to_string()];
        let r = FsIncludes {
            root: dir.path(),
            include_base: "docs",
            snippet_bases: &bases,
        };
        assert_eq!(r.read(Kind::MarkdownInclude, "inc/a.md").unwrap().text, "A");
        assert_eq!(r.read(Kind::Snippet, "./a.md").unwrap().text, "A");
        assert_eq!(
            r.read(Kind::MarkdownInclude, "../secret.md")
                .unwrap_err()
                .code,
            "include-outside"
        );
        assert_eq!(
            r.read(Kind::Snippet, "/etc/passwd").unwrap_err().code,
            "include-outside"
        );
        assert_eq!(
            r.read(Kind::Snippet, "b.md").unwrap_err().code,
            "include-missing"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_base_and_special_files_are_refused() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let inc = dir.path().join("docs/inc");
        std::fs::create_dir_all(&inc).unwrap();
        std::fs::write(inc.join("a.md"), "A").unwrap();
        std::fs::write(dir.path().join("secret.md"), "S").unwrap();
        symlink("../../secret.md", inc.join("leak.md")).unwrap();
        symlink(dir.path(), inc.join("up")).unwrap();
        symlink("/etc/passwd", inc.join("passwd.md")).unwrap();
        symlink("a.md", inc.join("alias.md")).unwrap();
        symlink("/dev/zero", inc.join("zero.md")).unwrap();
        let bases = vec!["docs/inc".to_string()];
        let r = FsIncludes {
            root: dir.path(),
            include_base: "docs/inc",
            snippet_bases: &bases,
        };
        for kind in [Kind::MarkdownInclude, Kind::Snippet] {
            for p in ["leak.md", "up/secret.md", "passwd.md", "zero.md"] {
                let e = r.read(kind, p).unwrap_err();
                assert_eq!(e.code, "include-outside", "{p}: {}", e.message);
            }
            assert_eq!(r.read(kind, "alias.md").unwrap().text, "A");
        }
        // A FIFO inside the base is refused without being opened (opening would block).
        let fifo = inc.join("pipe.md");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            let e = r.read(Kind::Snippet, "pipe.md").unwrap_err();
            assert_eq!(e.code, "file-not-regular", "{}", e.message);
            assert!(e.message.contains("FIFO"), "{}", e.message);
        }
    }

    #[test]
    fn recorded_reads_tell_a_changed_include() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "A").unwrap();
        let r = FsIncludes {
            root: dir.path(),
            include_base: "",
            snippet_bases: &[],
        };
        let rec = Recording::new(&r);
        assert_eq!(rec.read(Kind::Snippet, "a.md").unwrap().text, "A");
        assert!(rec.read(Kind::MarkdownInclude, "b.md").is_err());
        let reads = rec.into_reads();
        assert_eq!(reads.len(), 2);
        assert!(IncludeRead::unchanged(&r, &reads));
        std::fs::write(dir.path().join("a.md"), "B").unwrap();
        assert!(!IncludeRead::unchanged(&r, &reads));
        std::fs::write(dir.path().join("a.md"), "A").unwrap();
        std::fs::write(dir.path().join("b.md"), "now here").unwrap();
        assert!(!IncludeRead::unchanged(&r, &reads));
    }
}
