//! The search index, in mkdocs' `search/search_index.json` format (`docs: [{location, title,
//! text}]`), read by the default theme's client-side search (static/search.js): no server and
//! no third-party service involved.

use crate::config::Config;
use crate::content::Content;
use crate::markdown::html::search_text;
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
            let text = search_text(&without_diagrams(&out.rendered.html));
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

/// `html` without its Mermaid blocks (`<pre class="mermaid">…</pre>`): a diagram's source is
/// not text a reader searches for. One pass.
fn without_diagrams(html: &str) -> std::borrow::Cow<'_, str> {
    const OPEN: &str = "<pre class=\"mermaid\">";
    if !html.contains(OPEN) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find("</pre>") {
            Some(j) => rest = &after[j + "</pre>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagrams_are_left_out_of_the_text() {
        let html =
            "<p>Before</p><pre class=\"mermaid\"><code>graph LR\nA --> B</code></pre><p>After</p>";
        assert_eq!(without_diagrams(html), "<p>Before</p><p>After</p>");
        assert_eq!(without_diagrams("<pre class=\"mermaid\">x"), "");
        assert_eq!(without_diagrams("<p>x</p>"), "<p>x</p>");
    }
}
