//! Which files of docs_dir mkdocs leaves out of the site, decided by docs-relative path:
//! mkdocs 1.6's `exclude_docs` (gitignore-style patterns, after its built-in `.*` and
//! `/templates/`), `draft_docs` (left out of `build`, shown by `serve`), and the `exclude`
//! plugin's `glob` (fnmatch: `*` crosses `/`) and `regex` (matched at the start of the path)
//! lists. mkdocs keeps what `exclude_docs` drops in its file list, so links to such a file are an
//! info line; what the plugin drops is gone, so links to it are missing. `not_in_nav` (pages
//! that are not reported as missing from the nav) is decided here too.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use regex::Regex;

pub use crate::config::exclude::ExcludeConfig;

/// What becomes of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Published,
    /// Left out by mkdocs' own rules: still known, links to it are an info line.
    Excluded,
    /// Left out by the `exclude` plugin: unknown to the build.
    Removed,
}

/// The compiled rules. Bad patterns are reported by `new` and left out.
pub struct Exclusions {
    docs: Gitignore,
    drafts: Gitignore,
    not_in_nav: Gitignore,
    globs: GlobSet,
    regexes: Vec<Regex>,
    /// Whether `draft_docs` are published (`blogen serve`, like `mkdocs serve`).
    with_drafts: bool,
}

/// Upper bound on the total pattern text, so a huge config cannot make matching slow.
const MAX_PATTERN_BYTES: usize = 64 * 1024;

fn gitignore(lines: &[&str], problems: &mut Vec<String>) -> Gitignore {
    // The root only anchors `/`-leading patterns; paths are passed relative to it.
    let mut b = GitignoreBuilder::new("/");
    for line in lines {
        if let Err(e) = b.add_line(None, line) {
            problems.push(format!("`{line}`: {e}"));
        }
    }
    b.build().unwrap_or_else(|e| {
        problems.push(e.to_string());
        Gitignore::empty()
    })
}

impl Exclusions {
    /// The rules; the second value lists patterns that could not be used, each with why.
    pub fn new(config: &ExcludeConfig, with_drafts: bool) -> (Exclusions, Vec<String>) {
        let mut problems = Vec::new();
        let total = config.exclude_docs.len()
            + config.draft_docs.len()
            + config.not_in_nav.len()
            + config.plugin_globs.iter().map(String::len).sum::<usize>()
            + config.plugin_regex.iter().map(String::len).sum::<usize>();
        let config = if total > MAX_PATTERN_BYTES {
            problems.push(format!(
                "the exclusion patterns are longer than {} KB in all; none is used",
                MAX_PATTERN_BYTES / 1024
            ));
            &ExcludeConfig::default()
        } else {
            config
        };
        let mut docs_lines = vec![".*", "/templates/"];
        docs_lines.extend(config.exclude_docs.lines());
        let docs = gitignore(&docs_lines, &mut problems);
        let drafts = gitignore(
            &config.draft_docs.lines().collect::<Vec<_>>(),
            &mut problems,
        );
        let not_in_nav = gitignore(
            &config.not_in_nav.lines().collect::<Vec<_>>(),
            &mut problems,
        );
        let mut globs = GlobSetBuilder::new();
        for g in &config.plugin_globs {
            match GlobBuilder::new(g).literal_separator(false).build() {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(e) => problems.push(format!("exclude plugin glob `{g}`: {e}")),
            }
        }
        let globs = globs.build().unwrap_or_else(|e| {
            problems.push(e.to_string());
            GlobSet::empty()
        });
        let mut regexes = Vec::new();
        for r in &config.plugin_regex {
            match regex::RegexBuilder::new(&format!("^(?:{r})"))
                .size_limit(1 << 20)
                .build()
            {
                Ok(re) => regexes.push(re),
                Err(e) => problems.push(format!("exclude plugin regex `{r}`: {e}")),
            }
        }
        (
            Exclusions {
                docs,
                drafts,
                not_in_nav,
                globs,
                regexes,
                with_drafts,
            },
            problems,
        )
    }

    /// What becomes of the file at `rel` (docs-relative, `/`-separated).
    pub fn fate(&self, rel: &str) -> Fate {
        if self.globs.is_match(rel) || self.regexes.iter().any(|r| r.is_match(rel)) {
            return Fate::Removed;
        }
        let path = std::path::Path::new("/").join(rel);
        if self
            .docs
            .matched_path_or_any_parents(&path, false)
            .is_ignore()
        {
            return Fate::Excluded;
        }
        if !self.with_drafts
            && self
                .drafts
                .matched_path_or_any_parents(&path, false)
                .is_ignore()
        {
            return Fate::Excluded;
        }
        Fate::Published
    }

    /// Whether `not_in_nav` names the page, so its absence from the nav is not reported.
    pub fn not_in_nav(&self, rel: &str) -> bool {
        let path = std::path::Path::new("/").join(rel);
        self.not_in_nav
            .matched_path_or_any_parents(&path, false)
            .is_ignore()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(with_drafts: bool) -> Exclusions {
        let config = ExcludeConfig {
            exclude_docs: "snips/\n*.tmp.md\n!keep.tmp.md\n/api/internal.md\n".into(),
            draft_docs: "drafts/\n".into(),
            not_in_nav: "/orphan.md\n".into(),
            plugin_globs: vec!["*.secret.md".into()],
            plugin_regex: vec![r".*\.bak\.md$".into()],
        };
        let (r, problems) = Exclusions::new(&config, with_drafts);
        assert!(problems.is_empty(), "{problems:?}");
        r
    }

    #[test]
    fn fates_match_mkdocs() {
        // Expected: what mkdocs 1.6.1 (+ mkdocs-material 9, mkdocs-exclude 1.0) published from
        // the same docs folder and mkdocs.yml: published pages were api/public, blog/..., index,
        // keep.tmp, orphan; links to the files excluded by exclude_docs / draft_docs / `.*` were
        // "excluded from the built site" (info), the link to s.secret.md "not found" (warning).
        let r = rules(false);
        use Fate::*;
        for (rel, fate) in [
            ("index.md", Published),
            ("api/public.md", Published),
            ("keep.tmp.md", Published),
            ("orphan.md", Published),
            ("blog/posts/p.md", Published),
            ("snips/a.md", Excluded),
            ("snips/img.png", Excluded),
            ("x.tmp.md", Excluded),
            ("sub/y.tmp.md", Excluded),
            ("api/internal.md", Excluded),
            ("drafts/d.md", Excluded),
            (".hidden.md", Excluded),
            ("blog/.authors.yml", Excluded),
            ("templates/t.md", Excluded),
            ("s.secret.md", Removed),
            ("deep/s.secret.md", Removed),
            ("b.bak.md", Removed),
        ] {
            assert_eq!(r.fate(rel), fate, "{rel}");
        }
        assert_eq!(rules(true).fate("drafts/d.md"), Published);
        assert!(r.not_in_nav("orphan.md"));
        assert!(!r.not_in_nav("index.md"));
        // `/templates/` is anchored: a templates folder deeper down is published.
        assert_eq!(r.fate("guide/templates/t.md"), Published);
    }

    #[test]
    fn bad_patterns_are_reported_not_fatal() {
        let config = ExcludeConfig {
            plugin_globs: vec!["a[".into()],
            plugin_regex: vec!["(".into()],
            ..Default::default()
        };
        let (r, problems) = Exclusions::new(&config, false);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(r.fate("a.md"), Fate::Published);
    }
}
