//! The search index, in mkdocs' `search/search_index.json` format (`docs: [{location, title,
//! text}]`), read by the default theme's client-side search (static/search.js): no server and
//! no third-party service involved.

use crate::config::Config;
use crate::content::Content;
use crate::markdown::html::search_text;
use crate::site::Plan;
use crate::theme::context::PageOut;
use rayon::prelude::*;

pub const INDEX_PATH: &str = "search/search_index.json";

pub fn index(
    _config: &Config,
    _content: &Content,
    plan: &Plan,
    pages: &[Option<PageOut>],
) -> (String, Vec<u8>) {
    let docs: Vec<serde_json::Value> = plan
        .entries
        .par_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let out = pages[i].as_ref()?;
            let text = search_text(&out.rendered.html);
            Some(serde_json::json!({"location": e.url, "title": out.title, "text": text}))
        })
        .collect();
    let v = serde_json::json!({
        "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
        "docs": docs,
    });
    (
        INDEX_PATH.to_string(),
        serde_json::to_vec(&v).unwrap_or_default(),
    )
}
