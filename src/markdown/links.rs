//! Link rewriting: resolving a relative link in a source file to the page or asset it names,
//! and turning site-root URLs into URLs relative to the page they appear on.
//! Rendered HTML carries resolved links as `MARK` + site-root URL; `relativize` finishes them
//! once the page that embeds the HTML is known (a post, or an index showing its excerpt).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::HashMap;

/// Marks a site-root-relative URL inside rendered HTML.
pub const MARK: char = '\u{1A}';

/// What relative links can point at: Markdown sources (by docs-relative path) and assets.
#[derive(Debug, Default, Clone)]
pub struct LinkIndex {
    /// docs-relative source path -> (site-root URL, is a draft that will not be published)
    pub pages: HashMap<String, (String, bool)>,
    /// docs-relative asset path -> site-root URL where it is published.
    pub assets: HashMap<String, String>,
    /// docs-relative Markdown files that exist but could not be loaded (`Content::unloaded`).
    pub unloaded: std::collections::HashSet<String>,
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

/// Joins `rel` onto the folder of `from` and normalises `.` and `..`; `None` when it leaves the root.
pub fn join_rel(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `%XX` escapes decoded (with the `percent-encoding` crate: it never splits a character,
/// where slicing the string after a `%` did); a string that does not decode to UTF-8, and a
/// `%` not followed by two hex digits, stay as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(d) => d.into_owned(),
        Err(_) => s.to_string(),
    }
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
        if self.unloaded.contains(&resolved) {
            return Target::Unloaded { src: resolved };
        }
        if self.unloaded.contains(&index) {
            return Target::Unloaded { src: index };
        }
        Target::Missing { resolved }
    }
}

/// The URL of `to` (site-root relative) as seen from the page at `from` (site-root relative),
/// the way mkdocs writes relative links: `../../other/`, `./` for the same folder.
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = {
        let mut v: Vec<&str> = from.split('/').collect();
        v.pop(); // the file name, or "" after a trailing slash
        v.into_iter().filter(|s| !s.is_empty()).collect()
    };
    let (to_path, suffix) = match to.find(['#', '?']) {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    let trailing = to_path.ends_with('/') || to_path.is_empty();
    let to_parts: Vec<&str> = to_path.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    out.push_str(&percent_encode_path(&to_parts[common..].join("/")));
    if trailing && !out.is_empty() && !out.ends_with('/') {
        out.push('/');
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(suffix);
    out
}

/// What `percent_encode_path` encodes: every byte but ASCII letters, digits and
/// `-._~/%:@!$&'()*+,;=`.
const PATH_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'%')
    .remove(b':')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// Percent-encodes what a URL path may not hold as is (non-ASCII, spaces, quotes), as
/// mkdocs' `url` filter does; `/` and already-encoded `%XX` are kept.
pub fn percent_encode_path(s: &str) -> String {
    utf8_percent_encode(s, PATH_ENCODE).to_string()
}

/// Replaces every `MARK` + URL in `html` by `f(URL)`. A marked URL ends at the closing quote
/// of its attribute.
fn replace_marked(html: &str, f: impl Fn(&str) -> String) -> String {
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len_utf8()..];
        let end = after.find(['"', '\'', MARK]).unwrap_or(after.len());
        out.push_str(&f(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces every `MARK` + URL in `html` by the URL relative to `page_url`.
pub fn relativize(html: &str, page_url: &str) -> String {
    replace_marked(html, |url| relative_url(page_url, url))
}

/// Replaces every `MARK` + URL in `html` by an absolute URL under `base` (which ends in `/`),
/// for feeds, which are read outside the site.
pub fn absolutize(html: &str, base: &str) -> String {
    replace_marked(html, |url| format!("{base}{}", percent_encode_path(url)))
}

/// The site-root URL with the marker, as rendered HTML carries it.
pub fn marked(url: &str) -> String {
    let mut s = String::with_capacity(url.len() + 1);
    s.push(MARK);
    s.push_str(url);
    s
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
    fn percent_encoding_keeps_path_characters() {
        assert_eq!(percent_encode_path("a b/é%20(x)"), "a%20b/%C3%A9%20(x)");
        assert_eq!(percent_encode_path("\"q\"<>#?"), "%22q%22%3C%3E%23%3F");
        assert_eq!(
            percent_encode_path("plain/path-1.html"),
            "plain/path-1.html"
        );
    }

    #[test]
    fn relative_urls_like_mkdocs() {
        assert_eq!(
            relative_url("blog/2024/01/02/y/", "blog/2024/01/01/x/"),
            "../../01/x/"
        );
        assert_eq!(
            relative_url("blog/2024/01/02/y/", "blog/posts/a/cover.png"),
            "../../../../posts/a/cover.png"
        );
        assert_eq!(relative_url("blog/", "blog/"), "./");
        assert_eq!(relative_url("", "blog/#x"), "blog/#x");
        assert_eq!(relative_url("blog/", ""), "../");
        assert_eq!(relative_url("a.html", "b/c.html"), "b/c.html");
        assert_eq!(relative_url("a/b.html", "c.html"), "../c.html");
        // Expected from mkdocs-material 9.8.2's blog index: non-ASCII slugs are percent-encoded.
        assert_eq!(
            relative_url("blog/", "blog/2024/02/10/café-über-straße/"),
            "2024/02/10/caf%C3%A9-%C3%BCber-stra%C3%9Fe/"
        );
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

    #[test]
    fn absolutizes_marked_urls() {
        let html = format!("<a href=\"{}\">x</a>", marked("blog/café/"));
        assert_eq!(
            absolutize(&html, "https://x.org/b/"),
            "<a href=\"https://x.org/b/blog/caf%C3%A9/\">x</a>"
        );
    }

    #[test]
    fn relativizes_marked_urls() {
        let html = format!(
            "<a href=\"{}\">x</a><img src=\"{}\">",
            marked("blog/a/"),
            marked("img/p.png")
        );
        assert_eq!(
            relativize(&html, "blog/b/"),
            "<a href=\"../a/\">x</a><img src=\"../../img/p.png\">"
        );
    }
}
