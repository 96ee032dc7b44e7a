//! `markdown_extensions`: which extensions are switched on and the options of each that the
//! Markdown renderer reads (toc permalinks, line numbers, custom fences, task lists, include
//! base paths). Option types live here; the renderer only reads them.

use super::de;
use super::load::Source;
use super::spans::Seg;
use super::toc::{self, Slugify};
use super::yaml::named_entries;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Deserializer, Serialize};
use serde_yaml::Value;
use std::collections::BTreeSet;

/// Markdown extensions switched on in `markdown_extensions`, with the options blogen reads.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MarkdownConfig {
    /// Names as written (without a `markdown.extensions.` prefix); `extra` adds the
    /// extensions it bundles.
    pub extensions: BTreeSet<String>,
    /// toc `permalink`: `true` is `&para;`; default none.
    pub toc_permalink: Option<String>,
    /// toc `permalink_title`; default `Permanent link`.
    pub toc_permalink_title: String,
    /// pymdownx.highlight / codehilite `linenums: true`; default false.
    pub linenums: bool,
    /// Custom fences (superfences) whose content is passed through as `<pre class="..."><code>`.
    pub passthrough_fences: Vec<(String, String)>,
    /// markdown_include.include `base_path`; default empty (the folder of mkdocs.yml).
    pub include_base_path: String,
    /// pymdownx.snippets `base_path` (one path or a list); default none.
    pub snippets_base_path: Vec<String>,
    /// pymdownx.snippets `check_paths`: a snippet that cannot be found fails the build;
    /// default false (it is left out without a word).
    pub snippets_check_paths: bool,
    /// pymdownx.tasklist `custom_checkbox`; default false.
    pub tasklist_custom_checkbox: bool,
    /// pymdownx.highlight's options besides `linenums`.
    pub highlight: crate::config::highlight::HighlightOptions,
    /// pymdownx.emoji `emoji_index` and `emoji_generator`.
    pub emoji: EmojiOptions,
    /// toc's `slugify`, `separator`, `toc_depth`, `permalink_class`.
    pub toc: crate::config::toc::TocOptions,
    /// pymdownx.arithmatex's options.
    pub arithmatex: crate::config::math::ArithmatexOptions,
    /// Custom fences formatted by `pymdownx.arithmatex.arithmatex_fenced_format`: (name,
    /// generic mode, tag).
    pub math_fences: Vec<(String, bool, String)>,
}

/// pymdownx.emoji's index and generator, by the function each names (`!!python/name:...`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EmojiOptions {
    pub index: EmojiIndex,
    pub generator: EmojiGenerator,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum EmojiIndex {
    /// pymdownx's emojione or gemoji index (or another): shortcodes become Unicode text.
    #[default]
    Other,
    /// `pymdownx.emoji.twemoji`.
    Twemoji,
    /// `material.extensions.emoji.twemoji`: Twemoji and mkdocs-material's icon sets.
    MaterialTwemoji,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum EmojiGenerator {
    /// None or another function: Unicode text.
    #[default]
    Other,
    /// `to_svg` (pymdownx's or mkdocs-material's).
    Svg,
    /// `to_png`.
    Png,
    /// `to_alt`.
    Alt,
}

impl EmojiOptions {
    fn read(index: Option<&str>, generator: Option<&str>) -> EmojiOptions {
        let index = match index {
            Some(i) if i.ends_with(".twemoji") && i.starts_with("material.") => {
                EmojiIndex::MaterialTwemoji
            }
            Some(i) if i.ends_with(".twemoji") => EmojiIndex::Twemoji,
            _ => EmojiIndex::Other,
        };
        let generator = match generator.and_then(|g| g.rsplit('.').next()) {
            Some("to_svg") => EmojiGenerator::Svg,
            Some("to_png") => EmojiGenerator::Png,
            Some("to_alt") => EmojiGenerator::Alt,
            _ => EmojiGenerator::Other,
        };
        EmojiOptions { index, generator }
    }
}

impl MarkdownConfig {
    pub fn has(&self, ext: &str) -> bool {
        self.extensions.contains(ext)
    }
}

/// The title of toc permalinks when none is given (Python-Markdown's).
pub const DEFAULT_PERMALINK_TITLE: &str = "Permanent link";

/// The extensions blogen implements; others are reported once as info and ignored.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "extra",
    "footnotes",
    "markdown_include.include",
    "md_in_html",
    "meta",
    "tables",
    "toc",
    "fenced_code",
    "codehilite",
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.mark",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
];

/// The options of the extensions blogen reads options of, all read leniently: a value of
/// another type is treated as not set, as before an extension checks its options.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ExtensionOptions {
    /// toc.
    #[serde(deserialize_with = "de::any")]
    permalink: Option<Value>,
    #[serde(deserialize_with = "de::lenient_str")]
    permalink_title: Option<String>,
    #[serde(deserialize_with = "de::lenient_str")]
    permalink_class: Option<String>,
    #[serde(deserialize_with = "de::any")]
    slugify: Option<Value>,
    #[serde(deserialize_with = "de::lenient_str")]
    separator: Option<String>,
    #[serde(deserialize_with = "de::any")]
    toc_depth: Option<Value>,
    /// pymdownx.highlight, codehilite.
    #[serde(deserialize_with = "de::lenient_bool")]
    linenums: Option<bool>,
    /// pymdownx.superfences: `{name, class}` entries.
    #[serde(deserialize_with = "fences")]
    custom_fences: Vec<(String, String)>,
    /// pymdownx.tasklist.
    #[serde(deserialize_with = "de::lenient_bool")]
    custom_checkbox: Option<bool>,
    /// markdown_include.include (a string) and pymdownx.snippets (a string or a list).
    #[serde(deserialize_with = "de::any")]
    base_path: Option<Value>,
    /// pymdownx.snippets.
    #[serde(deserialize_with = "de::lenient_bool")]
    check_paths: Option<bool>,
    /// pymdownx.emoji (`!!python/name:` values read as the name).
    #[serde(deserialize_with = "de::lenient_str")]
    emoji_index: Option<String>,
    #[serde(deserialize_with = "de::lenient_str")]
    emoji_generator: Option<String>,
}

/// Entries with a string `name` and `class`; others are skipped.
fn fences<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    let Value::Sequence(list) = Value::deserialize(d)? else {
        return Ok(vec![]);
    };
    Ok(list
        .iter()
        .filter_map(|f| {
            let name = f.get("name").and_then(Value::as_str)?;
            let class = f.get("class").and_then(Value::as_str)?;
            Some((name.to_string(), class.to_string()))
        })
        .collect())
}

/// Custom fences whose `format` is `arithmatex_fenced_format` (as `!!python/name:` or
/// `!!python/object/apply:` with `kwds: {mode, tag}`; mode `generic` by default).
fn math_fences(m: &serde_yaml::Mapping) -> Vec<(String, bool, String)> {
    let Some(Value::Sequence(list)) = m.get("custom_fences") else {
        return vec![];
    };
    list.iter()
        .filter_map(|f| {
            let name = f.get("name").and_then(Value::as_str)?;
            let format = f.get("format")?;
            let func = match format {
                Value::String(s) => s.as_str(),
                Value::Mapping(a) => a.get(toc::APPLY_KEY).and_then(Value::as_str)?,
                _ => return None,
            };
            if !func.ends_with("arithmatex.arithmatex_fenced_format") {
                return None;
            }
            let kw = |k: &str| {
                format
                    .get("kwds")
                    .and_then(|w| w.get(k))
                    .and_then(Value::as_str)
            };
            let generic = kw("mode").is_none_or(|m| m == "generic");
            let tag = kw("tag")
                .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()))
                .unwrap_or("div");
            Some((name.to_string(), generic, tag.to_string()))
        })
        .collect()
}

/// The extensions `extra` switches on.
const EXTRA_BUNDLE: &[&str] = &[
    "abbr",
    "attr_list",
    "def_list",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "tables",
];

/// Reads `markdown_extensions` into `md`; extensions blogen does not implement get an info line.
pub fn parse_extensions(v: &Value, md: &mut MarkdownConfig, src: &Source) {
    for entry in named_entries(v) {
        let name = entry
            .name
            .trim_start_matches("markdown.extensions.")
            .to_string();
        if !SUPPORTED_EXTENSIONS.contains(&name.as_str()) {
            src.push(
                Diagnostic::info(
                    "config-extension",
                    format!(
                        "Markdown extension `{name}` is not supported by blogen and is ignored"
                    ),
                ),
                &[Seg::Key("markdown_extensions"), entry.at],
            );
        }
        if let (Value::Mapping(m), "pymdownx.highlight") = (&entry.options, name.as_str()) {
            let (options, problems) = crate::config::highlight::HighlightOptions::read(m);
            md.highlight = options;
            for (key, problem) in problems {
                src.push(
                    Diagnostic::warning(
                        "config-type",
                        format!("pymdownx.highlight `{key}` {problem}; its default is used"),
                    ),
                    &match entry.at {
                        Seg::Item(_) => vec![
                            Seg::Key("markdown_extensions"),
                            entry.at,
                            Seg::Key(&entry.name),
                            Seg::Key(&key),
                        ],
                        _ => vec![Seg::Key("markdown_extensions"), entry.at, Seg::Key(&key)],
                    },
                );
            }
        }
        if let Value::Mapping(m) = &entry.options {
            match name.as_str() {
                "pymdownx.arithmatex" => {
                    md.arithmatex = crate::config::math::ArithmatexOptions::read(m)
                }
                "pymdownx.superfences" => md.math_fences.extend(math_fences(m)),
                _ => {}
            }
        }
        let o: ExtensionOptions = match &entry.options {
            // Every field is lenient, so reading cannot fail.
            Value::Mapping(m) => de::read(m, |_| {}).unwrap_or_default(),
            _ => ExtensionOptions::default(),
        };
        let mut o = o;
        if name == "pymdownx.emoji" {
            for (key, value) in [
                ("emoji_index", &mut o.emoji_index),
                ("emoji_generator", &mut o.emoji_generator),
            ] {
                if value.as_deref().is_none_or(str::is_empty) {
                    let path = match entry.at {
                        Seg::Item(_) => vec![
                            Seg::Key("markdown_extensions"),
                            entry.at,
                            Seg::Key(&entry.name),
                            Seg::Key(key),
                        ],
                        _ => vec![Seg::Key("markdown_extensions"), entry.at, Seg::Key(key)],
                    };
                    if let Some(found) = python_name_at(src, &path) {
                        *value = Some(found);
                    }
                }
            }
        }
        if name == "toc" {
            if let Some(Err(f)) = o.slugify.as_ref().map(Slugify::from_value) {
                let mut at = entry.options_path("markdown_extensions");
                at.push(Seg::Key("slugify"));
                src.push(
                    Diagnostic::info(
                        "config-slugify",
                        format!("toc `slugify` `{f}` is not a slug function blogen knows; heading ids are made by toc's default slugify"),
                    ),
                    &at,
                );
            }
        }
        apply(&name, o, md);
        if name == "extra" {
            md.extensions
                .extend(EXTRA_BUNDLE.iter().map(|e| e.to_string()));
        }
        md.extensions.insert(name);
    }
}

/// The name of a `!!python/name:NAME` tag written as the value of the key at `path` (on the
/// key's line), which serde_yaml reads as an empty string.
fn python_name_at(src: &Source, path: &[Seg]) -> Option<String> {
    let pos = src.positions.find(path)?;
    let line = src.text.lines().nth(pos.line.checked_sub(1)?)?;
    let after_key = line
        .char_indices()
        .nth(pos.col.saturating_sub(1))
        .map(|(i, _)| i)?;
    let rest = &line[after_key..];
    let tag = rest.find("!!python/name:")? + "!!python/name:".len();
    let name: String = rest[tag..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '}' | ']' | '#'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The options of extension `name` that blogen reads, into `md`.
fn apply(name: &str, o: ExtensionOptions, md: &mut MarkdownConfig) {
    match name {
        "toc" => {
            match o.permalink {
                Some(Value::Bool(true)) => md.toc_permalink = Some("&para;".into()),
                Some(Value::String(s)) => md.toc_permalink = Some(s),
                _ => {}
            }
            if let Some(t) = o.permalink_title {
                md.toc_permalink_title = t;
            }
            if let Some(c) = o.permalink_class {
                md.toc.permalink_class = c;
            }
            if let Some(Ok(f)) = o.slugify.as_ref().map(Slugify::from_value) {
                md.toc.slugify = f;
            }
            if let Some(sep) = o.separator {
                md.toc.separator = sep;
            }
            if let Some(d) = o.toc_depth.as_ref().and_then(toc::depth_of) {
                md.toc.depth = d;
            }
        }
        "pymdownx.highlight" | "codehilite" if o.linenums == Some(true) => md.linenums = true,
        "pymdownx.superfences" => md.passthrough_fences.extend(o.custom_fences),
        "pymdownx.tasklist" => {
            if let Some(b) = o.custom_checkbox {
                md.tasklist_custom_checkbox = b;
            }
        }
        "markdown_include.include" => {
            if let Some(Value::String(b)) = o.base_path {
                md.include_base_path = b;
            }
        }
        "pymdownx.emoji" => {
            md.emoji = EmojiOptions::read(o.emoji_index.as_deref(), o.emoji_generator.as_deref())
        }
        "pymdownx.snippets" => {
            md.snippets_check_paths = o.check_paths.unwrap_or(false);
            snippets_base(o.base_path, md)
        }
        _ => {}
    }
}

fn snippets_base(base_path: Option<Value>, md: &mut MarkdownConfig) {
    match base_path {
        Some(Value::String(b)) => md.snippets_base_path = vec![b],
        Some(Value::Sequence(s)) => {
            md.snippets_base_path = s
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        }
        _ => {}
    }
}
