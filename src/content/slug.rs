//! Slug functions, matching the Python functions mkdocs-material uses:
//! `py_slugify` is pymdownx.slugs' `slugify(case="lower")` (post and category slugs),
//! `toc_slugify` is Python-Markdown's `toc.slugify` (heading ids), `unique_id` its de-duplication.

use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[^>]*>").expect("regex"));

/// pymdownx.slugs.slugify(case="lower"): NFC, strip tags, trim, lower case, drop everything
/// but word characters, `-` and spaces, then each space becomes `sep` (no trim after the drop,
/// so `Launch 🚀` gives `launch-`).
pub fn py_slugify(text: &str, sep: &str) -> String {
    let norm: String = text.nfc().collect();
    let stripped = TAGS.replace_all(&norm, "");
    let lowered = stripped.trim().to_lowercase();
    let kept: String = lowered
        .chars()
        .filter(|c| is_word(*c) || *c == '-' || *c == ' ')
        .collect();
    kept.replace(' ', sep)
}

/// Python-Markdown toc.slugify (the default for heading ids): NFKD to ASCII, drop non-word
/// characters, trim, lower case, and runs of whitespace or `sep` become one `sep`.
pub fn toc_slugify(text: &str, sep: &str) -> String {
    let ascii: String = text.nfkd().filter(|c| c.is_ascii()).collect();
    slug_tail(&ascii, sep)
}

/// Python-Markdown toc.slugify_unicode: like `toc_slugify` but keeps non-ASCII letters (NFC).
pub fn toc_slugify_unicode(text: &str, sep: &str) -> String {
    let norm: String = text.nfc().collect();
    slug_tail(&norm, sep)
}

fn slug_tail(text: &str, sep: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| is_word(*c) || c.is_whitespace() || *c == '-')
        .collect();
    let lowered = kept.trim().to_lowercase();
    let mut out = String::with_capacity(lowered.len());
    let mut in_run = false;
    let mut rest = lowered.as_str();
    while let Some(c) = rest.chars().next() {
        let is_sep = c.is_whitespace() || (!sep.is_empty() && rest.starts_with(sep));
        let step = if !c.is_whitespace() && is_sep {
            sep.len()
        } else {
            c.len_utf8()
        };
        if is_sep {
            if !in_run {
                out.push_str(sep);
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
        rest = &rest[step..];
    }
    out
}

/// Python's `\w` for str patterns: letters, digits, underscore (and other alphanumerics).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Python-Markdown's `unique`: `id`, then `id_1`, `id_2`, ... (an id already ending in
/// `_N` counts on from N); an empty id becomes `_1`.
pub fn unique_id(id: String, used: &mut HashSet<String>) -> String {
    let mut id = id;
    while id.is_empty() || used.contains(&id) {
        id = match id.rfind('_') {
            Some(i) if i + 1 < id.len() && id[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
                let n: u64 = id[i + 1..].parse().unwrap_or(0);
                format!("{}_{}", &id[..i], n + 1)
            }
            _ => format!("{id}_1"),
        };
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_slugs() {
        assert_eq!(toc_slugify("Hello World", "-"), "hello-world");
        assert_eq!(toc_slugify("Café über", "-"), "cafe-uber");
        assert_eq!(toc_slugify("  a -- b  ", "-"), "a-b");
        assert_eq!(toc_slugify("日本語", "-"), "");
    }

    #[test]
    fn unique_ids() {
        let mut used = HashSet::new();
        let ids: Vec<String> = ["intro", "intro", "intro", "", ""]
            .iter()
            .map(|s| unique_id(s.to_string(), &mut used))
            .collect();
        assert_eq!(ids, ["intro", "intro_1", "intro_2", "_1", "_2"]);
    }
}
