//! Where a site may be written: checked before anything is written, so that no setting of
//! `site_dir` (or `-d`) can replace the sources, the project or an unrelated folder. A site
//! folder is refused when it is, contains or lies inside a folder the build reads (docs_dir,
//! templates, custom_dir, the cache), when it is or contains the config's folder, when it is the
//! filesystem root or the home folder, and when it already holds files that are not a built
//! site (see `foreign_entry`). Only paths are compared here; output/mod.rs does the writing.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The folders a build reads or lives in, to be kept apart from the site folder.
pub struct Protected<'a> {
    /// mkdocs.yml's folder (the project).
    pub root: &'a Path,
    pub docs_dir: &'a Path,
    /// Template folders: `templates/` beside mkdocs.yml, theme.custom_dir.
    pub templates: Vec<&'a Path>,
    pub cache_dir: &'a Path,
}

/// Why a site folder was refused: the message names both paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

/// Checks that `site_dir` may be written (and, later, replaced) by a build.
pub fn check_site_dir(site_dir: &Path, protected: &Protected) -> Result<(), Refusal> {
    let site = absolute(site_dir);
    let show = |p: &Path| absolute(p).display().to_string();
    let refuse = |what: String| Refusal {
        message: format!(
            "refusing to write the site to {}: {what}; building would replace it",
            site.display()
        ),
        hint: "set `site_dir` in mkdocs.yml (or pass -d) to a folder of its own, such as `site`"
            .into(),
    };
    if site.parent().is_none() {
        return Err(refuse("it is the filesystem root".into()));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if absolute(Path::new(&home)) == site {
            return Err(refuse("it is the home folder".into()));
        }
    }
    let root = absolute(protected.root);
    if site == root {
        return Err(refuse(format!(
            "it is the project folder (where {} is)",
            "mkdocs.yml"
        )));
    }
    if root.starts_with(&site) {
        return Err(refuse(format!(
            "it contains the project folder {}",
            root.display()
        )));
    }
    let mut read: Vec<(&str, &Path)> = vec![("docs_dir", protected.docs_dir)];
    read.extend(
        protected
            .templates
            .iter()
            .map(|t| ("the template folder", *t)),
    );
    read.push(("blogen's cache folder", protected.cache_dir));
    for (what, dir) in read {
        let dir_abs = absolute(dir);
        let relation = if dir_abs == site {
            "it is"
        } else if site.starts_with(&dir_abs) {
            "it is inside"
        } else if dir_abs.starts_with(&site) {
            "it contains"
        } else {
            continue;
        };
        return Err(refuse(format!("{relation} {what} {}", show(dir))));
    }
    match foreign_entry(&site) {
        Ok(None) => Ok(()),
        Ok(Some(entry)) => Err(Refusal {
            message: format!(
                "refusing to replace {}: it is not an earlier build ({}), and building would \
                 delete what it holds",
                site.display(),
                entry
            ),
            hint: "move the folder's files elsewhere or delete the folder yourself, or choose \
                   another `site_dir` (or -d)"
                .into(),
        }),
        Err(e) => Err(Refusal {
            message: format!("cannot look into {}: {e}", site.display()),
            hint: "check the folder's permissions".into(),
        }),
    }
}

/// Whether `dir` holds something a built site does not: None when it does not exist, is empty,
/// or looks like a built site (an `index.html`, `404.html` or `sitemap.xml` at its top, as every
/// blogen and mkdocs build has, and nothing anywhere that only a source tree or a repository has:
/// Markdown files, a `mkdocs.yml`, a `.git` folder). Otherwise what shows it is not a site.
pub fn foreign_entry(dir: &Path) -> io::Result<Option<String>> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        // A file or symlink where the site goes would be replaced: not ours.
        return Ok(Some("it is not a folder".into()));
    }
    if std::fs::read_dir(dir)?.next().is_none() {
        return Ok(None);
    }
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        let name = e.file_name().to_string_lossy().to_ascii_lowercase();
        let source_like = name == ".git"
            || name == "mkdocs.yml"
            || name == "mkdocs.yaml"
            || (e.file_type().is_file() && (name.ends_with(".md") || name.ends_with(".markdown")));
        if source_like {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            return Ok(Some(format!("it holds {}", rel.display())));
        }
    }
    let marked = ["index.html", "404.html", "sitemap.xml"]
        .iter()
        .any(|m| dir.join(m).is_file());
    Ok((!marked).then(|| "it has no index.html, 404.html or sitemap.xml".into()))
}

/// `p` as an absolute path with symlinks of its existing part resolved and `.`/`..` removed,
/// so that two spellings of one folder compare equal even when the folder does not exist yet.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let clean = lexical(&joined);
    // Resolve the longest existing prefix, then add the rest.
    let mut rest = Vec::new();
    let mut head = clean.as_path();
    loop {
        if let Ok(real) = head.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return clean,
        }
    }
}

/// Removes `.` and resolves `..` without touching the filesystem.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("proj");
        std::fs::create_dir_all(root.join("docs/blog")).unwrap();
        std::fs::write(root.join("mkdocs.yml"), "site_name: x\n").unwrap();
        (t, root)
    }

    fn check(root: &Path, site: &Path) -> Result<(), Refusal> {
        let docs = root.join("docs");
        let tpl = root.join("overrides");
        let cache = root.join(".blogen-cache");
        check_site_dir(
            site,
            &Protected {
                root,
                docs_dir: &docs,
                templates: vec![&tpl],
                cache_dir: &cache,
            },
        )
    }

    #[test]
    fn refuses_sources_project_and_root() {
        let (_t, root) = project();
        for bad in [
            root.join("docs"),
            root.join("docs/blog/site"),
            root.join("docs/../docs/"),
            root.clone(),
            root.join(".."),
            root.join("overrides"),
            root.join("overrides/x"),
            root.join(".blogen-cache"),
            PathBuf::from("/"),
        ] {
            let e = check(&root, &bad).expect_err(&bad.display().to_string());
            assert!(e.message.contains("refusing"), "{}", e.message);
        }
        let e = check(&root, &root.join("docs")).unwrap_err();
        assert!(e.message.contains("docs_dir"), "{}", e.message);
        assert!(e.message.contains(&root.display().to_string()));
    }

    #[test]
    fn accepts_new_empty_and_built_folders() {
        let (_t, root) = project();
        assert_eq!(check(&root, &root.join("site")), Ok(()));
        std::fs::create_dir_all(root.join("site")).unwrap();
        assert_eq!(check(&root, &root.join("site")), Ok(()));
        std::fs::create_dir_all(root.join("site/blog")).unwrap();
        std::fs::write(root.join("site/404.html"), "x").unwrap();
        std::fs::write(root.join("site/blog/index.html"), "x").unwrap();
        std::fs::write(root.join("site/logo.png"), "x").unwrap();
        assert_eq!(check(&root, &root.join("site")), Ok(()));
    }

    #[test]
    fn refuses_a_folder_that_is_not_a_site() {
        let (_t, root) = project();
        let other = root.join("notes");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("todo.txt"), "x").unwrap();
        let e = check(&root, &other).unwrap_err();
        assert!(e.message.contains("not an earlier build"), "{}", e.message);
        // A site marker does not excuse sources or a repository.
        std::fs::write(other.join("index.html"), "x").unwrap();
        assert_eq!(check(&root, &other), Ok(()));
        std::fs::create_dir_all(other.join(".git")).unwrap();
        let e = check(&root, &other).unwrap_err();
        assert!(e.message.contains(".git"), "{}", e.message);
        std::fs::remove_dir(other.join(".git")).unwrap();
        std::fs::write(other.join("b.md"), "x").unwrap();
        assert!(check(&root, &other).is_err());
    }

    #[test]
    fn absolute_resolves_missing_tails() {
        let (_t, root) = project();
        let a = absolute(&root.join("docs/../site/x/../y"));
        assert_eq!(a, root.canonicalize().unwrap().join("site/y"));
    }
}
