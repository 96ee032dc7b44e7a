//! The `theme:` section as blogen's built-in theme honours it: the name and `custom_dir`
//! (template and static file overrides), `palette` (see `palette`), `logo`, `icon.logo`,
//! `icon.repo`, `favicon`, `font`, `language` and `features`. Settings and features it does
//! not honour are reported once each as info lines, so a user can see which have no effect.

use super::de;
use super::load::Source;
use super::palette::{self, Palette};
use super::spans::Seg;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The theme settings blogen honours.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ThemeConfig {
    /// `theme.name` (or `theme: NAME`); default `material`. blogen always renders its own
    /// mkdocs-material-like theme: another name is reported as ignored.
    pub name: String,
    /// `theme.custom_dir`, resolved against the folder of mkdocs.yml; default none.
    pub custom_dir: Option<PathBuf>,
    /// `theme.palette`; default none (blogen then offers a light / dark switch, see the
    /// theme's README section).
    pub palette: Vec<Palette>,
    /// `theme.logo`: an image path inside docs (or a URL); default none.
    pub logo: Option<String>,
    /// `theme.icon.logo`: an icon name shown when there is no `logo`; default none.
    pub icon_logo: Option<String>,
    /// `theme.icon.repo`: the icon of the repository link; default: by the repository's host.
    pub icon_repo: Option<String>,
    /// `theme.favicon`: an image path inside docs; default blogen's own favicon.
    pub favicon: Option<String>,
    pub font: Font,
    /// `theme.language`; default `en`.
    pub language: String,
    /// `theme.features` that blogen's theme honours, in file order.
    pub features: Vec<String>,
}

/// `theme.font`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub enum Font {
    /// Not set: system fonts, no request (mkdocs-material would load Roboto from Google Fonts).
    #[default]
    System,
    /// `font: false`: system fonts, no request.
    Off,
    /// `font: {text, code}`: these families, loaded from Google Fonts or
    /// `extra.blogen.font_url`.
    Named {
        text: Option<String>,
        code: Option<String>,
    },
}

/// The theme blogen's built-in templates stand in for.
pub const THEME_NAME: &str = "material";

/// Features of mkdocs-material that blogen's theme honours.
pub const FEATURES: &[&str] = &[
    "announce.dismiss",
    "content.action.edit",
    "content.action.view",
    "content.code.annotate",
    "content.code.copy",
    "content.tabs.link",
    "navigation.footer",
    "navigation.indexes",
    "navigation.sections",
    "navigation.tabs",
    "navigation.top",
    "search.highlight",
    "search.suggest",
    "toc.follow",
    "toc.integrate",
];

/// Features mkdocs-material 9 knows that blogen's theme does not (yet) honour.
const OTHER_MATERIAL_FEATURES: &[&str] = &[
    "content.code.select",
    "content.footnote.tooltips",
    "content.tooltips",
    "header.autohide",
    "navigation.expand",
    "navigation.instant",
    "navigation.instant.prefetch",
    "navigation.instant.preview",
    "navigation.instant.progress",
    "navigation.path",
    "navigation.prune",
    "navigation.tabs.sticky",
    "navigation.tracking",
    "search.share",
];

/// The languages whose words blogen's theme has (others fall back to English).
pub const LANGUAGES: &[&str] = &["en", "de", "fr", "es", "it", "zh", "ja"];

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig {
            name: THEME_NAME.into(),
            custom_dir: None,
            palette: Vec::new(),
            logo: None,
            icon_logo: None,
            icon_repo: None,
            favicon: None,
            font: Font::System,
            language: "en".into(),
            features: Vec::new(),
        }
    }
}

impl ThemeConfig {
    /// Whether `features` lists `name`.
    pub fn feature(&self, name: &str) -> bool {
        self.features.iter().any(|f| f == name)
    }
}

const HONOURED: &str = "blogen's built-in theme honours `name: material`, `custom_dir`, `palette`, `logo`, `icon.logo`, `icon.repo`, `favicon`, `font`, `language` and `features`";

/// `theme:` as a mapping. Values of other types than expected are treated as not set.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ThemeSection {
    #[serde(deserialize_with = "de::lenient_str")]
    name: Option<String>,
    #[serde(deserialize_with = "de::lenient_str")]
    custom_dir: Option<String>,
    #[serde(deserialize_with = "de::any")]
    palette: Option<Value>,
    #[serde(deserialize_with = "de::lenient_str")]
    logo: Option<String>,
    #[serde(deserialize_with = "de::any")]
    icon: Option<Value>,
    #[serde(deserialize_with = "de::lenient_str")]
    favicon: Option<String>,
    #[serde(deserialize_with = "de::any")]
    font: Option<Value>,
    #[serde(deserialize_with = "de::opt_text_lenient")]
    language: Option<String>,
    #[serde(deserialize_with = "de::any")]
    features: Option<Value>,
}

/// Reads `theme:` (a name or a mapping; anything else is left at the defaults). Each
/// setting the theme does not honour gets an info line at its key.
pub fn parse(v: &Value, root: &Path, src: &Source) -> ThemeConfig {
    let mut theme = ThemeConfig::default();
    let info = |key: &str, what: String| {
        src.push(
            Diagnostic::info("theme-setting-ignored", what).with_hint(HONOURED),
            &[Seg::Key("theme"), Seg::Key(key)],
        )
    };
    let name_ignored = |name: &str| {
        format!(
            "theme `{name}` is not available: blogen renders its own mkdocs-material-like theme"
        )
    };
    match v {
        Value::String(s) => {
            theme.name = s.clone();
            if s != THEME_NAME {
                src.push(
                    Diagnostic::info("theme-setting-ignored", name_ignored(s)).with_hint(HONOURED),
                    &[Seg::Key("theme")],
                );
            }
        }
        Value::Mapping(m) => {
            let mut ignored = std::collections::HashSet::new();
            // Every field is lenient, so reading cannot fail.
            let section: ThemeSection = de::read(m, |k| {
                ignored.insert(k.to_string());
            })
            .unwrap_or_default();
            // In file order: the name when it is not the built-in theme's, then the rest.
            for key in m.keys().filter_map(Value::as_str) {
                match &section.name {
                    Some(n) if key == "name" && n != THEME_NAME => info("name", name_ignored(n)),
                    _ if ignored.contains(key) => info(
                        key,
                        format!("theme setting `{key}` is not supported by blogen's theme and is ignored"),
                    ),
                    _ => {}
                }
            }
            if let Some(n) = section.name {
                theme.name = n;
            }
            theme.custom_dir = section.custom_dir.map(|d| root.join(d));
            if let Some(p) = &section.palette {
                theme.palette = palette::parse(p, src);
            }
            theme.logo = section.logo.filter(|s| !s.is_empty());
            theme.favicon = section.favicon.filter(|s| !s.is_empty());
            if let Some(Value::Mapping(icons)) = &section.icon {
                for (k, val) in icons {
                    let Some(k) = k.as_str() else { continue };
                    let name = val.as_str().map(str::to_string);
                    match k {
                        "logo" => theme.icon_logo = name,
                        "repo" => theme.icon_repo = name,
                        _ => src.push(
                            Diagnostic::info(
                                "theme-setting-ignored",
                                format!("theme setting `icon.{k}` is not supported by blogen's theme and is ignored"),
                            )
                            .with_hint(HONOURED),
                            &[Seg::Key("theme"), Seg::Key("icon"), Seg::Key(k)],
                        ),
                    }
                }
            }
            theme.font = match &section.font {
                Some(Value::Bool(false)) => Font::Off,
                Some(Value::Mapping(f)) => {
                    let get = |k: &str| {
                        f.get(k)
                            .and_then(Value::as_str)
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                    };
                    Font::Named {
                        text: get("text"),
                        code: get("code"),
                    }
                }
                _ => Font::System,
            };
            if let Some(lang) = section.language.filter(|l| !l.trim().is_empty()) {
                let lang = lang.trim().to_string();
                if !LANGUAGES.contains(&base_language(&lang)) {
                    src.push(
                        Diagnostic::info(
                            "theme-language-unsupported",
                            format!("blogen's theme has no words in language `{lang}`: they are in English (`<html lang>` says `{lang}`)"),
                        )
                        .with_hint(format!("blogen's theme has words in {}", LANGUAGES.join(", "))),
                        &[Seg::Key("theme"), Seg::Key("language")],
                    );
                }
                theme.language = lang;
            }
            if let Some(Value::Sequence(fs)) = &section.features {
                theme.features = features(fs, src);
            }
        }
        _ => {}
    }
    theme
}

/// `zh-TW` -> `zh`; the words are looked up by the language alone.
pub fn base_language(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// The honoured features of `theme.features`; the others get an info line at their item.
fn features(items: &[Value], src: &Source) -> Vec<String> {
    let mut out = Vec::new();
    for (i, f) in items.iter().enumerate() {
        let at = [Seg::Key("theme"), Seg::Key("features"), Seg::Item(i)];
        let Some(name) = f.as_str().map(str::trim) else {
            continue;
        };
        if FEATURES.contains(&name) {
            if !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
        } else if OTHER_MATERIAL_FEATURES.contains(&name) {
            src.push(
                Diagnostic::info(
                    "theme-setting-ignored",
                    format!("feature `{name}` is not supported by blogen's theme and is ignored"),
                )
                .with_hint(format!("blogen's theme honours {}", FEATURES.join(", "))),
                &at,
            );
        } else {
            src.push(
                Diagnostic::info(
                    "theme-feature-unknown",
                    format!("`{name}` is not a feature of mkdocs-material; it is ignored"),
                )
                .with_hint(format!("blogen's theme honours {}", FEATURES.join(", "))),
                &at,
            );
        }
    }
    out
}
