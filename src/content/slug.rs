//! Slug functions, matching the Python functions mkdocs-material uses:
//! `py_slugify` is pymdownx.slugs' `slugify(case="lower")` (post and category slugs),
//! `toc_slugify` is Python-Markdown's `toc.slugify` (heading ids), `slugify` any of them as
//! a config names it (`config::toc::Slugify`), `unique_id` toc's de-duplication.

use crate::config::toc::{Case, Form, Slugify};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[^>]*>").expect("regex"));
/// What Python's `[^\w\s-]` removes (`\w`: letters, numbers, `_`; `\s` with Python's
/// extra separators U+001C-U+001F).
static NOT_TOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{L}\p{N}_\s\x1c-\x1f-]+").expect("regex"));
/// What pymdownx.slugs' `[^\w\- ]` removes.
static NOT_PY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\p{L}\p{N}_ -]+").expect("regex"));

/// The slug of `text` by the function `f` names, with word separator `sep`.
pub fn slugify(f: &Slugify, text: &str, sep: &str) -> String {
    match *f {
        Slugify::Toc { unicode } => toc_slug(text, sep, unicode),
        Slugify::Pymdownx {
            case,
            percent_encode,
            form,
        } => {
            let norm = normalize(text, form);
            let stripped = TAGS.replace_all(&norm, "");
            let t = python_strip(&stripped);
            let cased = match case {
                Case::Keep => t.to_string(),
                Case::Lower => t.to_lowercase(),
                Case::LowerAscii => t.to_ascii_lowercase(),
                Case::Fold => casefold(t),
            };
            let slug = NOT_PY.replace_all(&cased, "").replace(' ', sep);
            if percent_encode {
                quote(&slug)
            } else {
                slug
            }
        }
    }
}

/// pymdownx.slugs.slugify(case="lower"): NFC, strip tags, trim, lower case, drop everything
/// but word characters, `-` and spaces, then each space becomes `sep` (no trim after the drop,
/// so `Launch 🚀` gives `launch-`). The blog plugin's default for post and category slugs.
pub fn py_slugify(text: &str, sep: &str) -> String {
    slugify(&Slugify::PY_LOWER, text, sep)
}

/// Python-Markdown toc.slugify (the default for heading ids): NFKD to ASCII, drop non-word
/// characters, trim, lower case, and runs of whitespace or `sep` become one `sep`.
pub fn toc_slugify(text: &str, sep: &str) -> String {
    toc_slug(text, sep, false)
}

/// Python-Markdown toc.slugify_unicode: like `toc_slugify` but keeps non-ASCII letters (and
/// does not normalise).
pub fn toc_slugify_unicode(text: &str, sep: &str) -> String {
    toc_slug(text, sep, true)
}

fn toc_slug(text: &str, sep: &str, unicode: bool) -> String {
    let value: String = if unicode {
        text.to_string()
    } else {
        text.nfkd().filter(|c| c.is_ascii()).collect()
    };
    let kept = NOT_TOC.replace_all(&value, "");
    let lowered = python_strip(&kept).to_lowercase();
    // `[{sep}\s]+` -> sep: the separator's characters are a character class.
    let mut out = String::with_capacity(lowered.len());
    let mut in_run = false;
    for c in lowered.chars() {
        if is_space(c) || sep.contains(c) {
            if !in_run {
                out.push_str(sep);
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

fn normalize(text: &str, form: Form) -> String {
    match form {
        Form::Nfc => text.nfc().collect(),
        Form::Nfd => text.nfd().collect(),
        Form::Nfkc => text.nfkc().collect(),
        Form::Nfkd => text.nfkd().collect(),
    }
}

/// Python's `str.isspace` (Unicode White_Space and U+001C-U+001F).
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
fn python_strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `str.casefold()` for the characters whose folding is not their lower case
/// (the common ones: sharp s, final sigma, and the Latin and Greek special cases).
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            'ſ' => out.push('s'),
            'µ' => out.push('μ'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Python's `urllib.parse.quote` of the UTF-8 bytes (safe: letters, digits, `_.-~/`).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
