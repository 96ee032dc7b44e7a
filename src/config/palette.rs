//! `theme.palette`: one palette or a list of them (each with a `scheme`, `primary` and
//! `accent` colour name, and for a list a `toggle` and a `media` query), read as
//! mkdocs-material reads it. Colour names it does not know are kept and reported as info.

use super::load::Source;
use super::spans::Seg;
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use serde_yaml::Value;

/// The primary colour names mkdocs-material 9 styles (`primary: NAME`).
pub const PRIMARY_COLORS: &[&str] = &[
    "red",
    "pink",
    "purple",
    "deep-purple",
    "indigo",
    "blue",
    "light-blue",
    "cyan",
    "teal",
    "green",
    "light-green",
    "lime",
    "yellow",
    "amber",
    "orange",
    "deep-orange",
    "brown",
    "grey",
    "blue-grey",
    "black",
    "white",
    "custom",
];

/// The accent colour names mkdocs-material 9 styles (`accent: NAME`).
pub const ACCENT_COLORS: &[&str] = &[
    "red",
    "pink",
    "purple",
    "deep-purple",
    "indigo",
    "blue",
    "light-blue",
    "cyan",
    "teal",
    "green",
    "light-green",
    "lime",
    "yellow",
    "amber",
    "orange",
    "deep-orange",
    "custom",
];

/// The colour schemes: mkdocs-material's light `default` and dark `slate`.
pub const SCHEMES: &[&str] = &["default", "slate"];

/// The switch to the next palette of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Toggle {
    /// An icon name (`material/brightness-7`); default none (a generic icon is shown).
    pub icon: Option<String>,
    /// The button's label (`Switch to dark mode`); default none.
    pub name: Option<String>,
}

/// One palette.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Palette {
    /// `default` (light) or `slate` (dark); default `default`.
    pub scheme: String,
    /// Default `indigo`.
    pub primary: String,
    /// Default `indigo`.
    pub accent: String,
    /// A media query (`(prefers-color-scheme: dark)`) that picks this palette on a first visit.
    pub media: Option<String>,
    pub toggle: Option<Toggle>,
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            scheme: "default".into(),
            primary: "indigo".into(),
            accent: "indigo".into(),
            media: None,
            toggle: None,
        }
    }
}

impl Palette {
    /// Whether the scheme is the dark one.
    pub fn dark(&self) -> bool {
        self.scheme == "slate"
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Colour names are matched as mkdocs-material writes them: lower case, `-` between words.
fn colour_name(s: &str) -> String {
    s.trim().to_lowercase().replace(' ', "-")
}

/// Reads `theme.palette`: a mapping (one palette) or a list of mappings. Items that are not
/// mappings are skipped with an info line; unknown names and keys get info lines at their
/// place.
pub fn parse(v: &Value, src: &Source) -> Vec<Palette> {
    match v {
        Value::Mapping(_) => vec![one(v, src, &[Seg::Key("theme"), Seg::Key("palette")])],
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let at = [Seg::Key("theme"), Seg::Key("palette"), Seg::Item(i)];
                if item.is_mapping() {
                    Some(one(item, src, &at))
                } else {
                    src.push(
                        Diagnostic::info(
                            "theme-setting-ignored",
                            "a palette must be a mapping (`scheme`, `primary`, `accent`); this one is ignored",
                        ),
                        &at,
                    );
                    None
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn one(v: &Value, src: &Source, at: &[Seg]) -> Palette {
    let mut p = Palette::default();
    let Value::Mapping(m) = v else {
        return p;
    };
    let info = |key: &str, code: &'static str, what: String| {
        let mut path = at.to_vec();
        path.push(Seg::Key(key));
        src.push(Diagnostic::info(code, what), &path);
    };
    for (k, val) in m {
        let Some(key) = k.as_str() else { continue };
        match key {
            "scheme" => {
                if let Some(s) = text(val) {
                    if !SCHEMES.contains(&s.as_str()) {
                        info(
                            key,
                            "theme-palette-unknown",
                            format!("scheme `{s}` is neither `default` nor `slate`: the page uses it as `data-md-color-scheme` and blogen's light colours"),
                        );
                    }
                    p.scheme = s;
                }
            }
            "primary" | "accent" => {
                if let Some(s) = text(val) {
                    let name = colour_name(&s);
                    let known = if key == "primary" {
                        PRIMARY_COLORS
                    } else {
                        ACCENT_COLORS
                    };
                    if !known.contains(&name.as_str()) {
                        info(
                            key,
                            "theme-palette-unknown",
                            format!("{key} colour `{s}` is not one of mkdocs-material's colour names; the default colour is shown"),
                        );
                    }
                    if key == "primary" {
                        p.primary = name;
                    } else {
                        p.accent = name;
                    }
                }
            }
            "media" => p.media = text(val).filter(|s| !s.is_empty()),
            "toggle" => {
                if let Value::Mapping(t) = val {
                    let get = |k: &str| t.get(k).and_then(text).filter(|s| !s.is_empty());
                    p.toggle = Some(Toggle {
                        icon: get("icon"),
                        name: get("name"),
                    });
                }
            }
            other => info(
                other,
                "theme-setting-ignored",
                format!(
                    "palette setting `{other}` is not supported by blogen's theme and is ignored"
                ),
            ),
        }
    }
    p
}
