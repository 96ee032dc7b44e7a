//! The icon sets mkdocs-material bundles (Material Design Icons, Font Awesome Free, Octicons,
//! Simple Icons) and the Twemoji shortcode index, embedded as deflated data built by
//! `tools/icons/build.mjs` and inflated once, on the first page that uses an icon or emoji.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// The icon sets (format: `tools/icons/build.mjs`; licences: `icons/LICENSE-*.txt`).
static ICONS: &[u8] = include_bytes!("icons/icons.bin");
/// Lines `name<TAB>file<TAB>code points`, or `alias<TAB>=<TAB>name`.
static TWEMOJI: &[u8] = include_bytes!("icons/twemoji.deflate");

/// Inflated data lives as long as the process (each part is inflated at most once).
fn inflate(data: &[u8]) -> &'static str {
    let mut out = String::new();
    if flate2::read::DeflateDecoder::new(data)
        .read_to_string(&mut out)
        .is_err()
    {
        out.clear();
    }
    out.leak()
}

/// The icon index: each path's chunk and place in it, and the chunks, inflated on first use.
struct IconIndex {
    places: HashMap<&'static str, (usize, usize)>,
    /// Each chunk's deflated bytes, and its SVGs once inflated.
    chunks: Vec<(&'static [u8], OnceLock<Vec<&'static str>>)>,
}

fn icon_index() -> &'static IconIndex {
    static INDEX: OnceLock<IconIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = IconIndex {
            places: HashMap::new(),
            chunks: Vec::new(),
        };
        let Some((len, rest)) = ICONS.split_first_chunk::<4>() else {
            return index;
        };
        let len = u32::from_le_bytes(*len) as usize;
        let Some((head, mut data)) = rest.split_at_checked(len) else {
            return index;
        };
        let text = inflate(head);
        let (table, mut keys) = text.split_once('\n').unwrap_or(("", ""));
        for (k, entry) in table.split(',').enumerate() {
            let Some((size, count)) = entry.split_once(':') else {
                break;
            };
            let (Ok(size), Ok(count)) = (size.parse::<usize>(), count.parse::<usize>()) else {
                break;
            };
            let Some((bytes, next)) = data.split_at_checked(size) else {
                break;
            };
            data = next;
            index.chunks.push((bytes, OnceLock::new()));
            for place in 0..count {
                let Some((key, next)) = keys.split_once('\n') else {
                    break;
                };
                keys = next;
                index.places.insert(key, (k, place));
            }
        }
        index
    })
}

/// The SVG at an icon path (`material/rocket`), inflating its chunk on first use.
fn icon(path: &str) -> Option<&'static str> {
    let index = icon_index();
    let &(chunk, place) = index.places.get(path)?;
    let (bytes, svgs) = index.chunks.get(chunk)?;
    let svgs = svgs.get_or_init(|| inflate(bytes).lines().collect());
    svgs.get(place).copied()
}

/// A Twemoji emoji: its file name on the CDN (code points joined by `-`) and the code points
/// of its alt text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Twemoji {
    pub file: &'static str,
    pub code_points: &'static str,
}

impl Twemoji {
    /// The emoji as text.
    pub fn text(&self) -> String {
        self.code_points
            .split('-')
            .filter_map(|c| u32::from_str_radix(c, 16).ok().and_then(char::from_u32))
            .collect()
    }
}

struct Index {
    emoji: HashMap<&'static str, Twemoji>,
    aliases: HashMap<&'static str, &'static str>,
}

fn twemoji_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Index {
            emoji: HashMap::new(),
            aliases: HashMap::new(),
        };
        for line in inflate(TWEMOJI).lines() {
            let mut f = line.splitn(3, '\t');
            let (Some(name), Some(file), Some(rest)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            if file == "=" {
                index.aliases.insert(name, rest);
            } else {
                index.emoji.insert(
                    name,
                    Twemoji {
                        file,
                        code_points: rest,
                    },
                );
            }
        }
        index
    })
}

/// The SVG of an icon by mkdocs-material's path for it (`material/rocket`,
/// `fontawesome/brands/github`, `octicons/mark-github-16`, `simple/github`), as
/// `theme.icon.*` and `extra.social` name icons. A `.svg` ending is allowed.
pub fn icon_svg(set_path: &str) -> Option<&'static str> {
    icon(set_path.strip_suffix(".svg").unwrap_or(set_path))
}

/// The icon sets' shortcode prefixes: `:material-…:`, `:fontawesome-…:`, `:octicons-…:`,
/// `:simple-…:`.
pub fn is_icon_shortcode(name: &str) -> bool {
    ["material-", "fontawesome-", "octicons-", "simple-"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The SVG of an icon shortcode's name (without colons): the path with `/` written as `-`
/// (`fontawesome-brands-github` is `fontawesome/brands/github`).
pub fn shortcode_svg(name: &str) -> Option<&'static str> {
    let (set, rest) = name.split_once('-')?;
    let path = match set {
        "material" | "octicons" | "simple" => format!("{set}/{rest}"),
        "fontawesome" => {
            let (style, icon) = rest.split_once('-')?;
            format!("fontawesome/{style}/{icon}")
        }
        _ => return None,
    };
    icon(&path)
}

/// The Twemoji emoji of a shortcode name (without colons; aliases followed), in the names
/// pymdownx's twemoji index gives them (JoyPixels' shortcodes).
pub fn twemoji(name: &str) -> Option<Twemoji> {
    let index = twemoji_index();
    let name = index.aliases.get(name).copied().unwrap_or(name);
    index.emoji.get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_is_in_the_bundle() {
        for p in [
            "material/rocket",
            "fontawesome/brands/github",
            "fontawesome/solid/heart",
            "fontawesome/regular/star",
            "octicons/mark-github-16",
            "octicons/heart-24",
            "simple/github",
        ] {
            let svg = icon_svg(p).unwrap_or_else(|| panic!("{p}"));
            assert!(
                svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
                "{p}"
            );
            assert!(svg.ends_with("</svg>"), "{p}");
        }
        assert_eq!(icon_svg("material/rocket.svg"), icon_svg("material/rocket"));
        assert_eq!(icon_svg("material/no-such-icon"), None);
        assert_eq!(icon_svg(""), None);
        // 7447 + 2806 + 720 + 3369 icons, as mkdocs-material 9.8.2 ships them.
        assert_eq!(icon_index().places.len(), 14342);
        // The last icon of the last chunk is there too.
        assert!(icon_svg("simple/zyte").is_some());
        for key in icon_index().places.keys() {
            assert!(
                icon(key).is_some_and(|s| s.starts_with("<svg") && s.ends_with("</svg>")),
                "{key}"
            );
        }
    }

    #[test]
    fn shortcodes_map_to_paths() {
        assert_eq!(
            shortcode_svg("fontawesome-brands-x-twitter"),
            icon_svg("fontawesome/brands/x-twitter")
        );
        assert!(shortcode_svg("fontawesome-brands-x-twitter").is_some());
        assert_eq!(
            shortcode_svg("material-rocket"),
            icon_svg("material/rocket")
        );
        assert_eq!(shortcode_svg("fontawesome-github"), None);
        assert_eq!(shortcode_svg("smile"), None);
        assert!(is_icon_shortcode("simple-x") && !is_icon_shortcode("smile"));
    }

    #[test]
    fn twemoji_names_and_aliases() {
        let smile = twemoji("smile").unwrap();
        assert_eq!((smile.file, smile.text().as_str()), ("1f604", "😄"));
        assert!(twemoji("+1").is_some());
        assert_eq!(twemoji("+1"), twemoji("thumbsup"));
        assert_eq!(twemoji("heart").unwrap().text(), "\u{2764}");
        assert_eq!(twemoji("asterisk").unwrap().file, "2a-20e3");
        assert_eq!(twemoji("material-rocket"), None);
    }
}
