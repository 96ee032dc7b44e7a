//! The search index, in mkdocs' `search/search_index.json` format (`docs: [{location, title,
//! text}]`), read by the default theme's client-side search (static/search.js): no server and
//! no third-party service involved.

use crate::config::Config;
use crate::content::Content;
use crate::markdown::page::PageOut;
use crate::plan::Plan;
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
            let text = &out.rendered.text.search;
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

#[cfg(test)]
mod tests {
    use crate::markdown::html::search_text;

    #[test]
    fn diagrams_are_left_out_of_the_text() {
        let html =
            "<p>Before</p><pre class=\"mermaid\"><code>graph LR\nA --> B</code></pre><p>After</p>";
        assert_eq!(search_text(html), search_text("<p>Before</p><p>After</p>"));
        assert_eq!(search_text("<pre class=\"mermaid\">x"), search_text(""));
        assert_eq!(search_text("<p>x</p>"), "x");
    }
}
