//! `extra:` is passed to templates as written; `extra.blogen` holds blogen's own options
//! (where Mermaid is loaded from, the feeds' length and content, the on-disk cache). All of
//! them are read leniently: a value of another type leaves the default.

use super::de;
use serde::{Deserialize, Serialize};

/// Where pages load Mermaid from unless `extra.blogen.mermaid_url` says otherwise.
pub const DEFAULT_MERMAID_URL: &str = "https://unpkg.com/mermaid@11/dist/mermaid.esm.min.mjs";

/// The RSS and Atom feeds.
#[derive(Debug, Clone, Serialize)]
pub struct FeedConfig {
    /// How many posts a feed lists: `extra.blogen.feed_length`, else the rss plugin's
    /// `length`; default 20.
    pub length: usize,
    /// `extra.blogen.feed_full_content`: whole posts instead of excerpts; default false.
    pub full_content: bool,
    /// mkdocs-rss-plugin is configured: use its file names.
    pub rss_plugin: bool,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            length: 20,
            full_content: false,
            rss_plugin: false,
        }
    }
}

/// `extra.blogen`, every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BlogenOptions {
    /// Default `DEFAULT_MERMAID_URL`.
    #[serde(deserialize_with = "de::lenient_str")]
    pub mermaid_url: Option<String>,
    /// `local`: pages load the copy of Mermaid published with the site.
    #[serde(deserialize_with = "de::lenient_str")]
    pub mermaid: Option<String>,
    #[serde(deserialize_with = "de::lenient_count")]
    pub feed_length: Option<usize>,
    #[serde(deserialize_with = "de::lenient_bool")]
    pub feed_full_content: Option<bool>,
    /// Whether the on-disk cache may be used; default true.
    #[serde(deserialize_with = "de::lenient_bool")]
    pub cache: Option<bool>,
}

impl BlogenOptions {
    /// `extra.blogen` of `extra` (the defaults when it is absent or not a mapping).
    pub fn of(extra: &serde_json::Value) -> BlogenOptions {
        extra
            .get("blogen")
            .and_then(|b| BlogenOptions::deserialize(b).ok())
            .unwrap_or_default()
    }
}
