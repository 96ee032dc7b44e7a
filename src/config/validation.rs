//! `validation:` (mkdocs 1.6): how loud each nav and link check is. The shorthand keys at the
//! top of the section apply to both `nav` and `links`, as in mkdocs; the nested ones win.
//! Values other than `ignore`, `info` and `warn` leave the default.

use serde::{Deserialize, Deserializer, Serialize};
use serde_yaml::Value;

/// mkdocs 1.6 `validation:` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Level {
    Ignore,
    Info,
    Warn,
}

#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    /// `nav.omitted_files`; default info.
    pub nav_omitted_files: Level,
    /// `nav.not_found`; default warn.
    pub nav_not_found: Level,
    /// `links.not_found`; default warn.
    pub links_not_found: Level,
    /// `links.anchors`; default info.
    pub links_anchors: Level,
    /// `links.absolute_links`; default info.
    pub links_absolute: Level,
    /// `links.unrecognized_links`; default info.
    pub links_unrecognized: Level,
}

impl Default for Validation {
    fn default() -> Self {
        Validation {
            nav_omitted_files: Level::Info,
            nav_not_found: Level::Warn,
            links_not_found: Level::Warn,
            links_anchors: Level::Info,
            links_absolute: Level::Info,
            links_unrecognized: Level::Info,
        }
    }
}

/// A level as written; anything else is "not set".
fn level<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Level>, D::Error> {
    Ok(match Value::deserialize(d)?.as_str() {
        Some("ignore") => Some(Level::Ignore),
        Some("info") => Some(Level::Info),
        Some("warn") => Some(Level::Warn),
        _ => None,
    })
}

/// A nested group (`nav:` or `links:`); a value that is not a mapping sets nothing.
fn group<'de, D: Deserializer<'de>>(d: D) -> Result<Levels, D::Error> {
    match Value::deserialize(d)? {
        Value::Mapping(m) => Ok(super::de::read(&m, |_| {}).unwrap_or_default()),
        _ => Ok(Levels::default()),
    }
}

/// The keys of one level of the section (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Levels {
    #[serde(deserialize_with = "level")]
    omitted_files: Option<Level>,
    #[serde(deserialize_with = "level")]
    not_found: Option<Level>,
    #[serde(deserialize_with = "level")]
    absolute_links: Option<Level>,
    #[serde(deserialize_with = "level")]
    unrecognized_links: Option<Level>,
    #[serde(deserialize_with = "level")]
    anchors: Option<Level>,
}

/// The nested groups of the section.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Groups {
    #[serde(deserialize_with = "group")]
    nav: Levels,
    #[serde(deserialize_with = "group")]
    links: Levels,
}

/// Reads `validation:` over the defaults.
pub fn parse(v: &Value) -> Validation {
    let mut val = Validation::default();
    let Value::Mapping(m) = v else {
        return val;
    };
    // Every field is lenient, so reading cannot fail.
    let shorthand: Levels = super::de::read(m, |_| {}).unwrap_or_default();
    let groups: Groups = super::de::read(m, |_| {}).unwrap_or_default();
    let set = |target: &mut Level, l: Option<Level>| {
        if let Some(l) = l {
            *target = l;
        }
    };
    let s = &shorthand;
    set(&mut val.nav_omitted_files, s.omitted_files);
    set(&mut val.nav_not_found, s.not_found);
    set(&mut val.links_not_found, s.not_found);
    set(&mut val.links_absolute, s.absolute_links);
    set(&mut val.links_unrecognized, s.unrecognized_links);
    set(&mut val.links_anchors, s.anchors);
    let (nav, links) = (&groups.nav, &groups.links);
    set(&mut val.nav_omitted_files, nav.omitted_files);
    set(&mut val.nav_not_found, nav.not_found);
    set(&mut val.links_not_found, links.not_found);
    set(&mut val.links_absolute, links.absolute_links);
    set(&mut val.links_unrecognized, links.unrecognized_links);
    set(&mut val.links_anchors, links.anchors);
    val
}
