//! The link index of the plan: what relative links in the sources can point at (Markdown
//! sources by docs-relative path, and assets), and how a link as written resolves to one of
//! them (`LinkIndex::resolve`). Built by `plan::plan`; the Markdown stage resolves every link
//! and image with it, and the caches check a kept page's links against it.

use crate::url::{join_rel, percent_decode};
use std::collections::HashMap;

/// What relative links can point at: Markdown sources (by docs-relative path) and assets.
#[derive(Debug, Default, Clone)]
pub struct LinkIndex {
    /// docs-relative source path -> (site-root URL, is a draft that will not be published)
    pub pages: HashMap<String, (String, bool)>,
    /// docs-relative asset path -> site-root URL where it is published.
    pub assets: HashMap<String, String>,
    /// docs-relative Markdown files that exist but could not be loaded (`Content::unloaded`).
    pub unloaded: std::collections::HashSet<String>,
    /// docs-relative files that exclude_docs / draft_docs leave out (`Content::excluded`).
    pub excluded: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// Left as written: external, `#anchor`, `mailto:` and the like.
    Keep,
    /// An absolute path such as `/img/x.png`, left as written.
    Absolute,
    /// A Markdown page: its source path, URL and the `#fragment` (without `#`).
    Page {
        src: String,
        url: String,
        fragment: String,
        draft: bool,
    },
    Asset {
        url: String,
    },
    /// Relative, but no file of the docs folder: `resolved` is the docs-relative path tried.
    Missing {
        resolved: String,
    },
    /// `..` climbs above docs_dir.
    Escapes,
    /// A Markdown file of the docs folder that failed to load (already reported on its own).
    Unloaded {
        src: String,
    },
    /// A file of the docs folder that exclude_docs / draft_docs leave out of the site.
    Excluded {
        src: String,
    },
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

impl LinkIndex {
    /// Resolves `url` as written in the source file `from` (docs-relative).
    pub fn resolve(&self, from: &str, url: &str) -> Target {
        if url.is_empty() || url.starts_with('#') || url.starts_with("//") || has_scheme(url) {
            return Target::Keep;
        }
        if url.starts_with('/') {
            return Target::Absolute;
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, f),
            None => (url, ""),
        };
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Target::Keep;
        }
        let decoded = percent_decode(path);
        let Some(resolved) = join_rel(from, &decoded) else {
            return Target::Escapes;
        };
        if let Some((u, draft)) = self.pages.get(&resolved) {
            return Target::Page {
                src: resolved,
                url: u.clone(),
                fragment: fragment.to_string(),
                draft: *draft,
            };
        }
        if let Some(u) = self.assets.get(&resolved) {
            return Target::Asset { url: u.clone() };
        }
        // `folder/` or `folder` naming a folder with an index page.
        let index = if resolved.is_empty() {
            "index.md".to_string()
        } else {
            format!("{resolved}/index.md")
        };
        if let Some((u, draft)) = self.pages.get(&index) {
            return Target::Page {
                src: index,
                url: u.clone(),
                fragment: fragment.to_string(),
                draft: *draft,
            };
        }
        if self.excluded.contains(&resolved) {
            return Target::Excluded { src: resolved };
        }
        if self.unloaded.contains(&resolved) {
            return Target::Unloaded { src: resolved };
        }
        if self.unloaded.contains(&index) {
            return Target::Unloaded { src: index };
        }
        Target::Missing { resolved }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_never_splits_a_character() {
        // `%aé` once sliced the string inside `é` and panicked.
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%e9"), "%e9"); // Latin-1 byte: not UTF-8, kept as written
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("a%4"), "a%4");
        assert_eq!(percent_decode("%20x%2"), " x%2");
        assert_eq!(percent_decode("%%41"), "%A");
        let index = LinkIndex::default();
        assert!(matches!(
            index.resolve("p.md", "%aé.md"),
            Target::Missing { .. }
        ));
    }

    #[test]
    fn resolves_pages_assets_and_escapes() {
        let mut idx = LinkIndex::default();
        idx.pages.insert(
            "blog/posts/b/main.md".into(),
            ("blog/2024/01/02/b/".into(), false),
        );
        idx.pages.insert("index.md".into(), ("".into(), false));
        idx.assets
            .insert("blog/posts/a/cover.png".into(), "blog/a/cover.png".into());
        let from = "blog/posts/a/main.md";
        assert!(
            matches!(idx.resolve(from, "../b/main.md#sec"), Target::Page { ref fragment, .. } if fragment == "sec")
        );
        assert_eq!(
            idx.resolve(from, "cover.png"),
            Target::Asset {
                url: "blog/a/cover.png".into()
            }
        );
        assert_eq!(
            idx.resolve(from, "./cover.png"),
            Target::Asset {
                url: "blog/a/cover.png".into()
            }
        );
        assert_eq!(
            idx.resolve(from, "../../../../../etc/passwd"),
            Target::Escapes
        );
        assert_eq!(idx.resolve(from, "https://x.org/a.md"), Target::Keep);
        assert_eq!(idx.resolve(from, "mailto:a@b.c"), Target::Keep);
        assert_eq!(idx.resolve(from, "/abs.png"), Target::Absolute);
        assert!(matches!(
            idx.resolve(from, "../../../index.md"),
            Target::Page { .. }
        ));
        assert!(matches!(
            idx.resolve(from, "nope.md"),
            Target::Missing { .. }
        ));
    }
}
