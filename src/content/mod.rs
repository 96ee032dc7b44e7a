//! Input: walks docs_dir, reads every Markdown file (UTF-8 checked, front matter parsed)
//! and lists every other file as an asset; loads `.authors.yml`. This is the only stage
//! that reads the docs folder; everything after works on the `Content` it returns.
//! Symbolic links are followed only while their real path stays inside docs_dir (a link that
//! leaves is a `symlink-outside` warning and nothing of it is published); FIFOs, devices and
//! sockets are skipped with `file-not-regular`, files over 50 MB with `file-too-large`.

pub mod date;
pub mod exclude;
pub mod frontmatter;
pub mod includes;
/// Bounded reading of regular files lives below every stage; kept reachable here by its old path.
pub use crate::read;
pub mod slug;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity, Sink};
use frontmatter::FrontMatter;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A Markdown file of the docs folder.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to docs_dir with `/` separators, e.g. `blog/posts/x/main.md`.
    pub rel: String,
    /// Path shown in diagnostics (relative to the config's folder).
    pub display: PathBuf,
    pub text: String,
    /// Byte offset where the Markdown body starts (after front matter).
    pub body_start: usize,
    /// File lines before the body.
    pub body_line_offset: usize,
    pub front: FrontMatter,
    /// Under the blog's post_dir.
    pub is_post: bool,
}

impl Doc {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// Reads one Markdown file for `load_with`: docs-relative path, path on disk, is a post.
pub type ReadDoc<'a> = dyn Fn(&str, &Path, bool, &Sink) -> Option<Doc> + Sync + 'a;

/// A non-Markdown file copied to the site as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub rel: String,
    pub abs: PathBuf,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Author {
    pub id: String,
    pub name: String,
    pub description: String,
    pub avatar: String,
    pub slug: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub docs: Vec<Doc>,
    pub assets: Vec<Asset>,
    pub authors: BTreeMap<String, Author>,
    /// The authors file relative to docs_dir, when one was read.
    pub authors_file: Option<String>,
    /// Markdown files of docs_dir that could not be used (broken front matter, not UTF-8, too
    /// large, ...; each was reported once), so links to them are not called missing.
    pub unloaded: Vec<String>,
    /// Files of docs_dir that mkdocs' `exclude_docs` / `draft_docs` (or its built-in `.*` and
    /// `/templates/`) leave out: not published, and links to them are an info line.
    pub excluded: Vec<String>,
    /// Pages that `not_in_nav` names: their absence from the nav is not reported.
    pub not_in_nav: std::collections::BTreeSet<String>,
}

/// Path for diagnostics: relative to the config folder when possible.
pub fn display_path(config: &Config, abs: &Path) -> PathBuf {
    abs.strip_prefix(&config.root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| abs.to_path_buf())
}

/// Reads the docs folder. Problems are pushed to `sink`; files that cannot be read are left out.
pub fn load(config: &Config, sink: &Sink) -> Content {
    load_with(config, sink, &|rel, abs, is_post, sink| {
        read_doc(config, rel, abs, is_post, sink)
    })
}

/// `load`, getting each Markdown file through `read` (`rel`, path, is a post, sink) instead of
/// `read_doc`, so `blogen serve` can hand back files it read before and that did not change.
pub fn load_with(config: &Config, sink: &Sink, read: &ReadDoc) -> Content {
    let docs_dir = &config.docs_dir;
    if !docs_dir.is_dir() {
        sink.push(
            config
                .about_config(Diagnostic::error(
                    "docs-dir-missing",
                    format!("the docs folder {} does not exist", docs_dir.display()),
                ))
                .with_hint("set `docs_dir` in mkdocs.yml or create the folder"),
        );
        return Content::default();
    }
    let post_dir = config
        .blog
        .as_ref()
        .filter(|b| b.enabled)
        .map(|b| b.post_dir());
    let (rules, problems) = exclude::Exclusions::new(&config.exclude, false);
    for p in problems {
        sink.push(config.about_config(Diagnostic::warning(
            "config-exclude",
            format!("an exclusion pattern cannot be used and is ignored: {p}"),
        )));
    }
    let real_docs = real_docs_dir(config);
    let Walked {
        md_files,
        assets,
        excluded,
    } = walk(config, &rules, &real_docs, sink);
    let (docs, unloaded) = read_all(&md_files, post_dir.as_deref(), read, sink);
    let not_in_nav = docs
        .iter()
        .filter(|d: &&Doc| rules.not_in_nav(&d.rel))
        .map(|d| d.rel.clone())
        .collect();
    let mut content = Content {
        docs,
        assets,
        unloaded,
        excluded,
        not_in_nav,
        ..Default::default()
    };
    if let Some(blog) = config.blog.as_ref().filter(|b| b.enabled && b.authors) {
        let rel = blog.authors_file();
        let abs = docs_dir.join(&rel);
        if let Some(target) = inside_docs(&abs, &real_docs) {
            sink.push(symlink_outside(config, &abs, &target));
        } else if abs.is_file() {
            content.authors = load_authors(&abs, &display_path(config, &abs), sink);
            content.authors_file = Some(rel);
        }
    }
    content
}

/// What the walk of docs_dir found: Markdown files and assets to publish (docs-relative path,
/// path on disk) and the files mkdocs' exclusions leave out.
struct Walked {
    md_files: Vec<(String, PathBuf)>,
    assets: Vec<Asset>,
    excluded: Vec<String>,
}

/// Walks docs_dir in name order: links are checked before anything below them is visited,
/// files that are not regular or not UTF-8-named are reported, exclusions are applied.
fn walk(config: &Config, rules: &exclude::Exclusions, real_docs: &Path, sink: &Sink) -> Walked {
    let docs_dir = &config.docs_dir;
    let mut md_files = Vec::new();
    let mut assets = Vec::new();
    let mut excluded = Vec::new();
    let mut hidden = Vec::new();
    // Links are followed (mkdocs follows them) but each one is checked before anything below it
    // is visited: everything else below docs_dir is inside it by construction.
    let walker = walkdir::WalkDir::new(docs_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.file_name().to_string_lossy().starts_with('.') {
                // mkdocs' built-in `.*` exclusion: a hidden file is known (links to it are an
                // info line), a hidden folder is not walked.
                if e.file_type().is_file() {
                    if let Some(rel) = e.path().strip_prefix(docs_dir).ok().and_then(rel_string) {
                        hidden.push(rel);
                    }
                }
                return false;
            }
            if e.path_is_symlink() {
                if let Some(target) = read::leaves(e.path(), real_docs) {
                    sink.push(symlink_outside(config, e.path(), &target));
                    return false;
                }
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(config, p))
                    .unwrap_or_default();
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop; the folder is skipped".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                sink.push(Diagnostic::warning("file-unreadable", msg).in_file(path));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            sink.push(
                read::not_regular_warning(file_type).in_file(display_path(config, entry.path())),
            );
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(docs_dir) else {
            continue;
        };
        let Some(rel) = rel_string(rel) else {
            sink.push(
                Diagnostic::warning(
                    "file-name-utf8",
                    "the file name is not valid UTF-8; the file is skipped",
                )
                .in_file(display_path(config, entry.path())),
            );
            continue;
        };
        match rules.fate(&rel) {
            exclude::Fate::Published => {}
            exclude::Fate::Excluded => {
                excluded.push(rel);
                continue;
            }
            exclude::Fate::Removed => continue,
        }
        if rel.ends_with(".md") || rel.ends_with(".markdown") {
            md_files.push((rel, entry.into_path()));
        } else {
            assets.push(Asset {
                rel,
                abs: entry.into_path(),
            });
        }
    }
    excluded.extend(hidden);
    Walked {
        md_files,
        assets,
        excluded,
    }
}

/// Reads the Markdown files in parallel through `read`: the docs, and the files that could not
/// be used (`Content::unloaded`).
fn read_all(
    md_files: &[(String, PathBuf)],
    post_dir: Option<&str>,
    read: &ReadDoc,
    sink: &Sink,
) -> (Vec<Doc>, Vec<String>) {
    let read: Vec<Result<Doc, &String>> = md_files
        .par_iter()
        .map(|(rel, abs)| {
            let is_post = post_dir
                .is_some_and(|p| rel.starts_with(p) && rel.as_bytes().get(p.len()) == Some(&b'/'));
            read(rel, abs, is_post, sink).ok_or(rel)
        })
        .collect();
    let mut docs = Vec::with_capacity(read.len());
    let mut unloaded = Vec::new();
    for r in read {
        match r {
            Ok(doc) => docs.push(doc),
            Err(rel) => unloaded.push(rel.clone()),
        }
    }
    (docs, unloaded)
}

/// docs_dir with symlinks resolved (itself as written when that fails).
fn real_docs_dir(config: &Config) -> PathBuf {
    config
        .docs_dir
        .canonicalize()
        .unwrap_or_else(|_| config.docs_dir.clone())
}

/// Where `abs` (a path below docs_dir) really leads when that is outside docs_dir; None when
/// it stays inside or does not exist.
fn inside_docs(abs: &Path, real_docs: &Path) -> Option<PathBuf> {
    match abs.canonicalize() {
        Ok(real) if !real.starts_with(real_docs) => Some(real),
        _ => None,
    }
}

fn symlink_outside(config: &Config, path: &Path, target: &Path) -> Diagnostic {
    Diagnostic::warning(
        "symlink-outside",
        format!(
            "symbolic link to {}, outside the docs folder; it is not followed and nothing of it is published",
            target.display()
        ),
    )
    .in_file(display_path(config, path))
    .with_hint("copy the file into the docs folder, or point the link inside it")
}

fn rel_string(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// Reads and parses one Markdown file; `None` (with a diagnostic) when it cannot be used.
pub fn read_doc(config: &Config, rel: &str, abs: &Path, is_post: bool, sink: &Sink) -> Option<Doc> {
    let display = display_path(config, abs);
    // The walk checked links already; this covers callers that name a file directly (`serve`
    // re-reading a file that may have been replaced by a link since).
    if let Some(target) = inside_docs(abs, &real_docs_dir(config)) {
        sink.push(symlink_outside(config, abs, &target));
        return None;
    }
    let bytes = match read::read_regular(abs, read::MAX_INPUT_BYTES) {
        Ok(b) => b,
        Err(e @ read::ReadError::Io(_)) => {
            sink.push(Diagnostic::error(e.code(), e.to_string()).in_file(display));
            return None;
        }
        Err(e) => {
            sink.push(Diagnostic::warning(e.code(), e.to_string()).in_file(display));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let col = at
                - bytes[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map(|p| p + 1)
                    .unwrap_or(0)
                + 1;
            sink.push(
                Diagnostic::error(
                    "file-not-utf8",
                    format!(
                        "not valid UTF-8 (byte 0x{:02x}); the file is skipped",
                        bytes[at]
                    ),
                )
                .at(display, line, col)
                .with_hint("save the file as UTF-8"),
            );
            return None;
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let split = frontmatter::split(&text);
    // Set when a page shows its front matter as text (see `closing_rule`).
    let mut rule = None;
    let (front, body_start, body_line_offset) = match split.yaml {
        None => (FrontMatter::default(), 0, 0),
        Some(yaml) => {
            let body_start = text.len() - split.body.len();
            match frontmatter::parse(yaml, &display) {
                Ok((fm, diags)) if fm.mapping || is_post => {
                    // The blog's keys mean nothing to mkdocs on a page, which checks none of
                    // them (a value of the wrong type is an info line there).
                    sink.extend(diags.into_iter().map(|d| match d.code {
                        "front-matter-type" | "post-date-invalid" if !is_post => {
                            d.with_severity(Severity::Info)
                        }
                        _ => d,
                    }));
                    (fm, body_start, split.body_line_offset)
                }
                // mkdocs reads a page whose front matter is not a YAML mapping as if it had
                // none, silently: the whole text is the page. (The blog plugin stops the build
                // on such a post; so does blogen, with the error.)
                Ok(_) => {
                    sink.push(
                        Diagnostic::info(
                            "front-matter-yaml",
                            "the front matter is empty or not a YAML mapping of keys to values; as mkdocs does, the page shows it as text",
                        )
                        .at(&display, 2, 1),
                    );
                    rule = closing_rule(&text, yaml);
                    (FrontMatter::default(), 0, 0)
                }
                Err(d) if !is_post => {
                    let d = d.with_severity(Severity::Info);
                    let message = format!(
                        "{}; as mkdocs does, the page shows the front matter as text",
                        d.message
                    );
                    sink.push(Diagnostic { message, ..d });
                    rule = closing_rule(&text, yaml);
                    (FrontMatter::default(), 0, 0)
                }
                Err(d) => {
                    sink.push(d);
                    return None;
                }
            }
        }
    };
    let mut text = text;
    if let Some(at) = rule {
        text.replace_range(at..at + 3, "***");
    }
    Some(Doc {
        rel: rel.to_string(),
        display,
        text,
        body_start,
        body_line_offset,
        front,
        is_post,
    })
}

/// A page that shows its front matter as text renders as Python-Markdown renders it: the
/// opening `---` is a rule, and the closing one underlines the line before it as a heading
/// only when that line is a paragraph of its own; after two or more lines it is a rule
/// (pulldown-cmark would make them all one heading). Gives where the closing `---` is, to be
/// written `***` (the same length, so every position stays), in that case.
fn closing_rule(text: &str, yaml: &str) -> Option<usize> {
    let close = (yaml.as_ptr() as usize).checked_sub(text.as_ptr() as usize)? + yaml.len();
    if !text.get(close..)?.starts_with("---") {
        return None;
    }
    let mut last = yaml.lines().rev();
    let paragraph = matches!(
        (last.next(), last.next()),
        (Some(a), Some(b)) if !a.trim().is_empty() && !b.trim().is_empty()
    );
    paragraph.then_some(close)
}

#[derive(serde::Deserialize)]
struct AuthorsFile {
    #[serde(default)]
    authors: BTreeMap<String, AuthorEntry>,
}

#[derive(serde::Deserialize)]
struct AuthorEntry {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    avatar: String,
    slug: Option<String>,
    url: Option<String>,
}

fn load_authors(abs: &Path, display: &Path, sink: &Sink) -> BTreeMap<String, Author> {
    let text = match read::read_regular_string(abs, read::MAX_INPUT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            sink.push(
                Diagnostic::error("authors-file", format!("the authors file: {e}"))
                    .in_file(display),
            );
            return BTreeMap::new();
        }
    };
    // A key written twice: PyYAML (so mkdocs-material) keeps the last value without a word.
    // serde_yaml refuses it, so such a file is read through a last-wins value (whose type
    // errors have no position); any other file is read directly.
    let positions = crate::config::spans::Positions::of(&text);
    let parsed = if positions.repeated().is_empty() {
        serde_yaml::from_str::<AuthorsFile>(&text)
    } else {
        for r in positions.repeated() {
            sink.push(crate::config::repeated_key(
                "authors-duplicate-key",
                r,
                display,
                0,
            ));
        }
        crate::config::yaml::from_str(&text)
            .and_then(<AuthorsFile as serde::Deserialize>::deserialize)
    };
    match parsed {
        Ok(f) => f
            .authors
            .into_iter()
            .map(|(id, e)| {
                let author = Author {
                    name: e.name.unwrap_or_else(|| id.clone()),
                    description: e.description,
                    avatar: e.avatar,
                    slug: e.slug.unwrap_or_else(|| id.clone()),
                    url: e.url,
                    id: id.clone(),
                };
                (id, author)
            })
            .collect(),
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            sink.push(
                Diagnostic::error("authors-file", format!("invalid authors file: {msg}"))
                    .at(display, line, col),
            );
            BTreeMap::new()
        }
    }
}
