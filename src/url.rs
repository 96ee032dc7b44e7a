//! URLs, for every stage: percent encoding and decoding, relative URLs the way mkdocs writes
//! them, absolute URLs under `site_url`, and the marker rendered HTML carries before a URL is
//! finished (`MARK`: `relativize` for a page, `absolutize` for a feed). No stage-specific rules:
//! where a page is published is `plan`'s, how a link resolves is `plan::links`'.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Marks a site-root-relative URL inside rendered HTML.
pub const MARK: char = '\u{1A}';

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
    replace_marked(html, |url| absolute(base, url))
}

/// The site-root URL with the marker, as rendered HTML carries it.
pub fn marked(url: &str) -> String {
    let mut s = String::with_capacity(url.len() + 1);
    s.push(MARK);
    s.push_str(url);
    s
}

/// `site_url` as the base absolute URLs are joined to: with one trailing `/`.
pub fn site_base(site_url: &str) -> String {
    if site_url.ends_with('/') {
        site_url.to_string()
    } else {
        format!("{site_url}/")
    }
}

/// The absolute URL of the site-root URL `url` under `base` (from `site_base`).
pub fn absolute(base: &str, url: &str) -> String {
    format!("{base}{}", percent_encode_path(url))
}

#[cfg(test)]
mod tests {
    use super::*;

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
