//! The `theme:` section: the theme's name and `custom_dir` (template and static file
//! overrides) are what blogen's built-in theme honours. Every other setting mkdocs-material
//! knows (palette, logo, features, ...) is accepted and reported once as an info line, so a
//! user can see which settings have no effect.

use super::de;
use super::load::Source;
use super::spans::Seg;
use crate::check::Diagnostic;
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
}

/// The theme blogen's built-in templates stand in for.
pub const THEME_NAME: &str = "material";

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig {
            name: THEME_NAME.into(),
            custom_dir: None,
        }
    }
}

const HONOURED: &str =
    "blogen's built-in theme honours only `theme.name: material` and `theme.custom_dir`";

/// `theme:` as a mapping. Values of other types than strings are treated as not set.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ThemeSection {
    #[serde(deserialize_with = "de::lenient_str")]
    name: Option<String>,
    #[serde(deserialize_with = "de::lenient_str")]
    custom_dir: Option<String>,
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
        }
        _ => {}
    }
    theme
}
