//! The excerpt of a post as mkdocs-material shows it on index pages: the events before the
//! separator, headings one level down and linked to the post (no permalinks), `#` links
//! pointed at the post, and the page title as first heading when the post has no h1.

use super::html::{escape_attr, escape_text};
use super::{ExcerptSpec, Renderer};
use crate::content::slug::slugify;
use crate::url::marked;
use pulldown_cmark::Event;
use std::collections::HashMap;

impl<'a, 'e> Renderer<'a, 'e> {
    /// The excerpt from the page's events: cut at the separator, headings one level down and
    /// linked to the post, `#` links pointed at the post. A page without an h1 gets its title
    /// as the excerpt's first heading, as mkdocs-material prepends `# title`.
    pub(super) fn excerpt(&mut self, mut events: Vec<Event>, spec: &ExcerptSpec) -> String {
        let cut = events.iter().position(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => h.contains(spec.separator),
            _ => false,
        });
        self.rendered.more = cut.is_some();
        events.truncate(cut.unwrap_or(events.len()));
        let url = self.input.url;
        let mut html = String::new();
        let prepend = self.rendered.h1.is_none();
        if prepend {
            let toc = &self.env.config.toc;
            let id = slugify(&toc.slugify, spec.title, &toc.separator);
            let id = if id.is_empty() { "_1".to_string() } else { id };
            html.push_str(&excerpt_heading(
                1,
                &id,
                "",
                &escape_text(spec.title),
                url,
                true,
            ));
        }
        // Each heading's event found through a map of their HTML (one pass over the events).
        let headings = std::mem::take(&mut self.excerpt_headings);
        let mut by_html: HashMap<&str, usize> = HashMap::with_capacity(headings.len());
        for (k, h) in headings.iter().enumerate() {
            by_html.entry(h.0.as_str()).or_insert(k);
        }
        for e in events.iter_mut() {
            let Event::Html(h) = e else { continue };
            if let Some(k) = by_html.remove(h.as_ref()) {
                let (_, lvl, id, extra, inner) = &headings[k];
                let first = k == 0 && !prepend;
                *e = Event::Html(excerpt_heading(*lvl, id, extra, inner, url, first).into());
            }
        }
        let post_anchor = format!("<a href=\"{}#", marked(url));
        for e in events.iter_mut() {
            if let Event::InlineHtml(h) = e {
                if h.starts_with("<a href=\"#") {
                    *e = Event::InlineHtml(h.replacen("<a href=\"#", &post_anchor, 1).into());
                }
            }
        }
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }
}

/// A heading as excerpts show it: one level down, its text a link to the post (the first
/// heading to the post itself, later ones to their anchor), no permalink.
fn excerpt_heading(
    lvl: u8,
    id: &str,
    extra: &str,
    inner: &str,
    post_url: &str,
    first: bool,
) -> String {
    let l = (lvl + 1).min(6);
    let href = if first {
        marked(post_url)
    } else {
        marked(&format!("{post_url}#{id}"))
    };
    format!(
        "<h{l} id=\"{}\"{extra}><a class=\"toclink\" href=\"{}\">{inner}</a></h{l}>\n",
        escape_attr(id),
        escape_attr(&href)
    )
}
