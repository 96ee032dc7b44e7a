//! The icon sets mkdocs-material bundles (Material Design Icons, Font Awesome Free, Octicons,
//! Simple Icons) and the Twemoji shortcode index, embedded as deflated data built by
//! `tools/icons/build.mjs` and inflated once, on the first page that uses an icon or emoji.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// Lines `set/path<TAB>svg` (licences: `icons/LICENSE-*.txt`).
static ICONS: &[u8] = include_bytes!("icons/icons.deflate");
/// Lines `name<TAB>file<TAB>code points`, or `alias<TAB>=<TAB>name`.
static TWEMOJI: &[u8] = include_bytes!("icons/twemoji.deflate");

/// Inflated data lives as long as the process (it is inflated at most once).
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

fn icons() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        inflate(ICONS)
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
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
    let p = set_path.strip_suffix(".svg").unwrap_or(set_path);
    icons().get(p).copied()
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
    icons().get(path.as_str()).copied()
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
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{p}");
            assert!(svg.ends_with("</svg>"), "{p}");
        }
        assert_eq!(icon_svg("material/rocket.svg"), icon_svg("material/rocket"));
        assert_eq!(icon_svg("material/no-such-icon"), None);
        assert_eq!(icon_svg(""), None);
        // 7447 + 2806 + 720 + 3369 icons, as mkdocs-material 9.8.2 ships them.
        assert_eq!(icons().len(), 14342);
    }

    #[test]
    fn shortcodes_map_to_paths() {
        assert_eq!(
            shortcode_svg("fontawesome-brands-x-twitter"),
            icon_svg("fontawesome/brands/x-twitter")
        );
        assert!(shortcode_svg("fontawesome-brands-x-twitter").is_some());
        assert_eq!(shortcode_svg("material-rocket"), icon_svg("material/rocket"));
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
