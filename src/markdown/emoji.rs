//! pymdownx.emoji shortcodes (`:smile:`, `:material-rocket:`) as the configured index and
//! generator render them: with mkdocs-material's `twemoji` index and `to_svg` an icon's inline
//! `<span class="twemoji"><svg…></span>` and Twemoji `<img>` references (`to_png` alike);
//! otherwise Unicode text, from the Twemoji index or the GitHub (gemoji) table of the `emojis`
//! crate. An attr_list block right after an element (`{ .heart }`) applies to it. Unknown
//! shortcodes are left as text, as pymdownx leaves them (not strict); an unknown icon name
//! is an info line (`icon-unknown`) from the renderer.

use super::attrs::Attrs;
use super::html::escape_attr;
use super::icons;
use crate::config::{EmojiGenerator, EmojiIndex, EmojiOptions};

/// pymdownx.emoji's Twemoji CDN (pymdown-extensions 10.x to 13.x: Twemoji 16.0.1).
pub const TWEMOJI_SVG_CDN: &str = "https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/svg/";
pub const TWEMOJI_PNG_CDN: &str =
    "https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/72x72/";

/// The emoji for a shortcode name (without colons) in the GitHub table: the Unicode text
/// blogen writes without a Twemoji index.
pub fn lookup(name: &str) -> Option<&'static str> {
    if let Some(e) = emojis::get_by_shortcode(name) {
        return Some(e.as_str());
    }
    // Names of the Twemoji/EmojiOne index that gemoji spells differently.
    let alias = match name {
        "thumbsup" => "+1",
        "thumbsdown" => "-1",
        "slight_smile" => "slightly_smiling_face",
        "heart_eyes" => "heart_eyes",
        "grinning_face" => "grinning",
        _ => return None,
    };
    emojis::get_by_shortcode(alias).map(|e| e.as_str())
}

/// What a shortcode becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Shortcode {
    /// Unicode text (`to_alt`, or no Twemoji index).
    Text(String),
    /// An element an attr_list block may add attributes to.
    Element(Element),
    /// A name of an icon set that has no such icon: left as text.
    UnknownIcon,
    /// Not a known name: left as text.
    Unknown,
}

/// `<img …>` or `<span …>svg</span>`, attributes written in name order as Python-Markdown
/// writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub tag: &'static str,
    pub attrs: Vec<(String, String)>,
    /// The SVG inside a `span`.
    pub inner: Option<&'static str>,
}

impl Element {
    /// Adds attr_list's attributes: classes after the element's own, others replacing any
    /// of the same name (`title`).
    pub fn apply(&mut self, a: &Attrs) {
        if !a.classes.is_empty() {
            let extra = a.classes.join(" ");
            match self.attrs.iter_mut().find(|(k, _)| k == "class") {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(&extra);
                }
                None => self.attrs.push(("class".into(), extra)),
            }
        }
        let id = a.id.iter().map(|id| ("id", id.as_str()));
        for (k, v) in id.chain(a.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            match self.attrs.iter_mut().find(|(x, _)| x == k) {
                Some((_, old)) => *old = v.to_string(),
                None => self.attrs.push((k.to_string(), v.to_string())),
            }
        }
    }

    pub fn to_html(&self) -> String {
        let mut attrs: Vec<&(String, String)> = self.attrs.iter().collect();
        attrs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = format!("<{}", self.tag);
        for (k, v) in attrs {
            out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
        }
        match self.inner {
            Some(svg) => out.push_str(&format!(">{svg}</{}>", self.tag)),
            None => out.push_str(" />"),
        }
        out
    }
}

fn img(alt: String, src: String, title: &str) -> Element {
    Element {
        tag: "img",
        attrs: vec![
            ("alt".into(), alt),
            ("class".into(), "twemoji".into()),
            ("src".into(), src),
            ("title".into(), format!(":{title}:")),
        ],
        inner: None,
    }
}

/// The output of shortcode `name` (without colons) under `opts`.
pub fn resolve(name: &str, opts: &EmojiOptions) -> Shortcode {
    if opts.index == EmojiIndex::Other {
        return match lookup(name) {
            Some(e) => Shortcode::Text(e.to_string()),
            None => Shortcode::Unknown,
        };
    }
    if let Some(e) = icons::twemoji(name) {
        return match opts.generator {
            EmojiGenerator::Svg => Shortcode::Element(img(
                e.text(),
                format!("{TWEMOJI_SVG_CDN}{}.svg", e.file),
                name,
            )),
            EmojiGenerator::Png => Shortcode::Element(img(
                e.text(),
                format!("{TWEMOJI_PNG_CDN}{}.png", e.file),
                name,
            )),
            EmojiGenerator::Alt | EmojiGenerator::Other => Shortcode::Text(e.text()),
        };
    }
    if opts.index != EmojiIndex::MaterialTwemoji || !icons::is_icon_shortcode(name) {
        return Shortcode::Unknown;
    }
    let Some(svg) = icons::shortcode_svg(name) else {
        return Shortcode::UnknownIcon;
    };
    match opts.generator {
        EmojiGenerator::Svg => Shortcode::Element(Element {
            tag: "span",
            attrs: vec![("class".into(), "twemoji".into())],
            inner: Some(svg),
        }),
        // pymdownx's to_png given an icon (no code points): the shortcode as alt and file.
        EmojiGenerator::Png => Shortcode::Element(img(
            format!(":{name}:"),
            format!("{TWEMOJI_PNG_CDN}{name}.png"),
            name,
        )),
        // to_alt writes the shortcode itself.
        EmojiGenerator::Alt | EmojiGenerator::Other => Shortcode::Unknown,
    }
}

impl super::Renderer<'_, '_> {
    /// Reports the page's unknown icon shortcodes (info: pymdownx leaves them as text without
    /// a word) at their lines, and records the ids attr_list gave to emoji.
    pub(super) fn emoji_findings(&mut self) {
        let found = std::mem::take(&mut *self.inline.found.borrow_mut());
        for id in found.ids {
            self.rendered.ids.insert(id.clone());
            self.used_ids.insert(id);
        }
        if found.unknown_icons.is_empty() {
            return;
        }
        // Where each unknown name stands in the parsed source, found in one pass: the n-th
        // report of a name takes its n-th place (code spans are never reported, so a name
        // also written in code may take that line; the count stays right).
        let wanted: std::collections::HashSet<&str> =
            found.unknown_icons.iter().map(String::as_str).collect();
        let mut places: std::collections::HashMap<&str, std::collections::VecDeque<usize>> =
            std::collections::HashMap::new();
        let text = self.src.text.as_ref();
        let mut at = 0;
        while let Some(k) = memchr::memchr(b':', &text.as_bytes()[at..]) {
            let start = at + k;
            // The name as the shortcode pattern reads it (`[+\-\w]+`).
            let name_len: usize = text[start + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+'))
                .map(char::len_utf8)
                .sum();
            let end = start + 1 + name_len;
            if name_len > 0 && text.as_bytes().get(end) == Some(&b':') {
                if let Some(name) = wanted.get(&text[start + 1..end]) {
                    places.entry(name).or_default().push_back(start);
                    at = end + 1;
                    continue;
                }
            }
            at = start + 1;
        }
        for name in &found.unknown_icons {
            let offset = places
                .get_mut(name.as_str())
                .and_then(|q| q.pop_front())
                .unwrap_or(0);
            self.report(
                crate::config::Level::Info,
                "icon-unknown",
                offset,
                format!(
                    "`:{name}:` names no icon of mkdocs-material's sets (material, fontawesome, \
                     octicons, simple) and is left as text, as mkdocs-material leaves it"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_shortcodes() {
        assert_eq!(lookup("smile"), Some("😄"));
        assert_eq!(lookup("+1"), Some("👍"));
        assert_eq!(lookup("thumbsup"), Some("👍"));
        assert_eq!(lookup("rocket"), Some("🚀"));
        assert_eq!(lookup("tada"), Some("🎉"));
        assert_eq!(lookup("white_check_mark"), Some("✅"));
        assert_eq!(lookup("material-github"), None);
    }

    #[test]
    fn attributes_merge_and_sort() {
        let mut e = img("x".into(), "s".into(), "n");
        let a = super::super::attrs::parse("#z .q title=\"t\"").unwrap();
        e.apply(&a);
        assert_eq!(
            e.to_html(),
            "<img alt=\"x\" class=\"twemoji q\" id=\"z\" src=\"s\" title=\"t\" />"
        );
    }
}
