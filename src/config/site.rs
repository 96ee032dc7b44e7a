//! The site section of mkdocs.yml: the top-level keys that name the site, where its files
//! are, how URLs look, the nav, and the extra CSS and JavaScript every page links.

use super::de;
use super::spans::Seg;
use super::yaml::{string_list, yaml_key};
use serde::{Deserialize, Deserializer, Serialize};
use serde_yaml::Value;

/// A nav entry from `mkdocs.yml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum NavItem {
    /// A page: optional title and path relative to docs_dir.
    Page { title: Option<String>, path: String },
    /// A link to an external URL.
    Link { title: String, url: String },
    Section {
        title: String,
        children: Vec<NavItem>,
    },
}

/// The top-level site options as written. Every key is optional; `Config::defaults` holds
/// what is used when one is absent. A number or boolean where a string is expected is taken
/// as its text, as PyYAML-loaded mkdocs does when it formats it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SiteSection {
    /// Default `My Docs`.
    #[serde(deserialize_with = "de::opt_text")]
    pub site_name: Option<String>,
    /// Default none; an empty string is none.
    #[serde(deserialize_with = "de::opt_text")]
    pub site_url: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub site_description: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub site_author: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub copyright: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub repo_url: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub repo_name: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub edit_uri: Option<String>,
    /// Default `docs`, relative to the folder of mkdocs.yml.
    #[serde(deserialize_with = "de::opt_text")]
    pub docs_dir: Option<String>,
    /// Default `site`, relative to the folder of mkdocs.yml.
    #[serde(deserialize_with = "de::opt_text")]
    pub site_dir: Option<String>,
    /// Default `true`.
    #[serde(deserialize_with = "de::opt_flag")]
    pub use_directory_urls: Option<bool>,
    /// mkdocs 1.6 `exclude_docs`, `draft_docs`, `not_in_nav`: gitignore lines; default none.
    #[serde(deserialize_with = "de::opt_text")]
    pub exclude_docs: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub draft_docs: Option<String>,
    #[serde(deserialize_with = "de::opt_text")]
    pub not_in_nav: Option<String>,
    /// Default: the folder structure. Read by `parse_nav`, which says which entry is wrong.
    #[serde(deserialize_with = "de::any")]
    pub nav: Option<Value>,
    /// Default none: strings or `{path: ...}` entries; other entries are skipped.
    #[serde(deserialize_with = "paths")]
    pub extra_css: Vec<String>,
    /// Strings or `{path, type, defer, async}` entries (mkdocs 1.5+).
    #[serde(deserialize_with = "scripts")]
    pub extra_javascript: Vec<ExtraScript>,
}

/// One `extra_javascript` entry, as mkdocs' `script_tag` writes it: a string is a path with no
/// attributes (a `.mjs` one is `type="module"`); a mapping may add `type`, `defer`, `async`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExtraScript {
    pub path: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub defer: bool,
    #[serde(rename = "async")]
    pub is_async: bool,
}

fn scripts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ExtraScript>, D::Error> {
    let v = Value::deserialize(d)?;
    let entry = |x: &Value| match x {
        Value::String(s) => Some(ExtraScript {
            kind: if s.ends_with(".mjs") {
                "module".into()
            } else {
                String::new()
            },
            path: s.clone(),
            ..Default::default()
        }),
        Value::Mapping(m) => Some(ExtraScript {
            path: m.get("path")?.as_str()?.to_string(),
            kind: m
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            defer: m.get("defer").and_then(Value::as_bool).unwrap_or(false),
            is_async: m.get("async").and_then(Value::as_bool).unwrap_or(false),
        }),
        _ => None,
    };
    Ok(match &v {
        Value::Sequence(s) => s.iter().filter_map(entry).collect(),
        Value::String(_) => entry(&v).into_iter().collect(),
        _ => vec![],
    })
}

fn paths<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(string_list(Some(&Value::deserialize(d)?)))
}

/// A nav that is not a list of pages, links and sections: what it must be, and where the
/// entry that is not is (list items and section titles from `nav` down).
#[derive(Debug)]
pub struct NavError {
    pub want: &'static str,
    pub at: Vec<NavStep>,
}

#[derive(Debug, Clone)]
pub enum NavStep {
    Item(usize),
    Title(String),
}

impl NavError {
    /// The path of the entry under the top-level `nav` key.
    pub fn path(&self) -> Vec<Seg<'_>> {
        std::iter::once(Seg::Key("nav"))
            .chain(self.at.iter().map(|s| match s {
                NavStep::Item(i) => Seg::Item(*i),
                NavStep::Title(t) => Seg::Key(t),
            }))
            .collect()
    }
}

const NAV_ENTRY: &str = "a list of pages, `Title: page.md` entries or sections";

/// `nav:` as written (null is an empty nav).
pub fn parse_nav(v: &Value) -> Result<Vec<NavItem>, NavError> {
    parse_list(v).map_err(|mut e| {
        // The steps were collected from the entry up.
        e.at.reverse();
        e
    })
}

fn parse_list(v: &Value) -> Result<Vec<NavItem>, NavError> {
    let seq = match v {
        Value::Sequence(s) => s,
        Value::Null => return Ok(vec![]),
        _ => {
            return Err(NavError {
                want: "a list",
                at: vec![],
            })
        }
    };
    seq.iter()
        .enumerate()
        .map(|(i, item)| {
            parse_nav_item(item).map_err(|mut e| {
                e.at.push(NavStep::Item(i));
                e
            })
        })
        .collect()
}

fn parse_nav_item(item: &Value) -> Result<NavItem, NavError> {
    let bad = || NavError {
        want: NAV_ENTRY,
        at: vec![],
    };
    match item {
        Value::String(s) => Ok(nav_leaf(None, s)),
        Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next().ok_or_else(bad)?;
            let title = yaml_key(k);
            match v {
                Value::String(s) => Ok(nav_leaf(Some(title), s)),
                Value::Sequence(_) => {
                    let children = parse_list(v).map_err(|mut e| {
                        e.at.push(NavStep::Title(title.clone()));
                        e
                    })?;
                    Ok(NavItem::Section { title, children })
                }
                _ => Err(bad()),
            }
        }
        _ => Err(bad()),
    }
}

fn nav_leaf(title: Option<String>, target: &str) -> NavItem {
    if target.contains("://") || target.starts_with('/') || target.starts_with("mailto:") {
        NavItem::Link {
            title: title.unwrap_or_else(|| target.to_string()),
            url: target.to_string(),
        }
    } else {
        NavItem::Page {
            title,
            path: target.trim_start_matches("./").to_string(),
        }
    }
}
