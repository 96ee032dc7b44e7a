//! Headings: the text (trailing `#`s and an attr_list block removed), the id (attr_list's, or
//! the toc slug made unique as Python-Markdown's toc does), the toc entry (`data-toc-label`),
//! the page's h1, the permalink, and the heading's form for the excerpt.

use super::html::escape_attr;
use super::{attrs, text, Pass, Renderer, TocEntry};
use crate::content::slug::{slugify, unique_id};
use pulldown_cmark::{Event, HeadingLevel};

impl<'a, 'e> Renderer<'a, 'e> {
    /// The heading starting at `i`: one HTML event for all its events. Returns the next index.
    pub(super) fn heading<'x>(
        &mut self,
        p: &mut Pass<'_, 'x>,
        i: usize,
        level: HeadingLevel,
    ) -> usize {
        let end = p.tree.end(i);
        self.depth += 1;
        let mut inner_events = p.events[i + 1..end].to_vec();
        let mut heading_attrs = attrs::Attrs::default();
        if let Some((Event::Text(t), _)) = inner_events.last_mut() {
            // Python-Markdown drops trailing `#`s even without a space before them.
            if t.ends_with('#')
                && self.src.text[p.events[i].1.clone()]
                    .trim_start()
                    .starts_with('#')
            {
                *t = t.trim_end_matches('#').trim_end().to_string().into();
            }
            if p.attr_list {
                if let Some((before, a)) = attrs::trailing(t) {
                    heading_attrs = a;
                    *t = before.to_string().into();
                }
            }
        }
        let inner = self.transform(inner_events);
        self.depth -= 1;
        let text = text::plain_of_events(&inner);
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
        // toc's `data-toc-label`: the entry's title, not an attribute of the heading.
        let toc_label = heading_attrs
            .pairs
            .iter()
            .position(|(k, _)| k == "data-toc-label")
            .map(|p| heading_attrs.pairs.remove(p).1);
        let lvl = heading_num(level);
        let given = heading_attrs.id.take();
        let extra = heading_attrs.to_html();
        let (id, h) = self.heading_html(lvl, given, &extra, &inner_html, &text, toc_label);
        if self.depth == 0 && self.input.excerpt.is_some() {
            self.excerpt_headings.push((
                h.clone(),
                lvl,
                id.clone(),
                extra.clone(),
                inner_html.clone(),
            ));
        }
        p.out.push(Event::Html(h.into()));
        end + 1
    }

    /// A heading's HTML `<hN id>inner</hN>` with its permalink, its id (`given`, or the
    /// slug of its text made unique) and its toc entry (within `toc_depth`). Also serves the
    /// raw `<hN>` elements md_in_html gives ids to. Returns (id, HTML).
    pub(super) fn heading_html(
        &mut self,
        lvl: u8,
        given: Option<String>,
        extra: &str,
        inner_html: &str,
        text: &str,
        toc_label: Option<String>,
    ) -> (String, String) {
        let cfg = self.env.config;
        // toc slugifies the heading's text with runs of whitespace as one space.
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let id = match given {
            Some(id) => {
                self.used_ids.insert(id.clone());
                id
            }
            None => self.heading_id(slugify(&cfg.toc.slugify, &name, &cfg.toc.separator)),
        };
        if lvl == 1 && self.rendered.h1.is_none() {
            self.rendered.h1 = Some(text.trim().to_string());
        }
        self.rendered.ids.insert(id.clone());
        let (top, bottom) = cfg.toc.depth;
        if (top..=bottom).contains(&lvl) {
            self.rendered.toc.push(TocEntry {
                level: lvl,
                id: id.clone(),
                title: toc_label.unwrap_or(name),
            });
        }
        let mut h = format!("<h{lvl} id=\"{}\"{extra}>{}", escape_attr(&id), inner_html);
        if let Some(sym) = &cfg.toc_permalink {
            h.push_str(&format!(
                "<a class=\"{}\" href=\"#{}\" title=\"{}\">{}</a>",
                escape_attr(&cfg.toc.permalink_class),
                escape_attr(&id),
                escape_attr(&cfg.toc_permalink_title),
                sym
            ));
        }
        h.push_str(&format!("</h{lvl}>\n"));
        (id, h)
    }

    /// A heading's unique id from its slug, as `unique_id` makes it, but starting from where
    /// the previous heading of the same slug stopped (5,000 identical headings were
    /// quadratic).
    fn heading_id(&mut self, slug: String) -> String {
        let from = self
            .id_chain
            .get(&slug)
            .cloned()
            .unwrap_or_else(|| slug.clone());
        let id = unique_id(from, &mut self.used_ids);
        self.id_chain.insert(slug, id.clone());
        id
    }
}

pub(super) fn heading_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
