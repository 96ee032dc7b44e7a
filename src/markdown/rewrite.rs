//! Links and images: each URL written in the page resolved through the link index (pages,
//! assets, anchors) and checked, with the problems reported; the `<a>` and `<img>` tags written
//! with their title and attr_list attributes. Resolved URLs carry `links::MARK` until the page
//! that shows them is known.

use super::html::escape_attr;
use super::{Level, PageLink, Pass, Renderer};
use crate::plan::links::Target;
use crate::url::marked;
use pulldown_cmark::{Event, Tag};

impl<'a, 'e> Renderer<'a, 'e> {
    /// The start of a link at `i`.
    pub(super) fn link<'x>(&mut self, p: &mut Pass<'_, 'x>, i: usize) {
        let (ev, range) = &p.events[i];
        let Event::Start(Tag::Link {
            dest_url, title, ..
        }) = ev
        else {
            return;
        };
        let end = p.tree.end(i);
        let href = self.rewrite_url(dest_url, range.start, false);
        let mut tag = format!("<a href=\"{}\"", escape_attr(&href));
        if !title.is_empty() {
            tag.push_str(&format!(" title=\"{}\"", escape_attr(title)));
        }
        if let Some((attrs, used)) = self.trailing_attrs(p.events, end) {
            self.note_attrs(&attrs);
            tag.push_str(&attrs.to_html());
            p.skip_prefix.insert(end + 1, used);
        }
        tag.push('>');
        p.out.push(Event::InlineHtml(tag.into()));
    }

    /// An image at `i`: one `<img>` tag for all its events. Returns the next index.
    pub(super) fn image<'x>(&mut self, p: &mut Pass<'_, 'x>, i: usize) -> usize {
        let (ev, range) = &p.events[i];
        let end = p.tree.end(i);
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = ev
        else {
            return i + 1;
        };
        let src = self.rewrite_url(dest_url, range.start, true);
        let mut alt = String::new();
        for (e, _) in &p.events[i + 1..end] {
            if let Event::Text(t) | Event::Code(t) = e {
                alt.push_str(t);
            }
        }
        let mut tag = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape_attr(&src),
            escape_attr(&alt)
        );
        if !title.is_empty() {
            tag.push_str(&format!(" title=\"{}\"", escape_attr(title)));
        }
        if let Some((attrs, used)) = self.trailing_attrs(p.events, end) {
            self.note_attrs(&attrs);
            tag.push_str(&attrs.to_html());
            p.skip_prefix.insert(end + 1, used);
        }
        tag.push_str(" />");
        p.out.push(Event::InlineHtml(tag.into()));
        end + 1
    }

    /// Rewrites a link or image URL written in the page; reports links that lead nowhere.
    fn rewrite_url(&mut self, url: &str, offset: usize, image: bool) -> String {
        let v = self.env.validation;
        let target = self.env.links.resolve(self.input.rel, url);
        if self.seen_links.insert(url.to_string()) {
            self.rendered.links.push((url.to_string(), target.clone()));
        }
        match target {
            Target::Keep => {
                if let Some(frag) = url.strip_prefix('#') {
                    let line = self.line_of(offset);
                    self.rendered.self_anchors.push((frag.to_string(), line));
                }
                url.to_string()
            }
            Target::Absolute => {
                self.report(
                    v.links_absolute,
                    "link-absolute",
                    offset,
                    format!("absolute link `{url}` is left as is; it breaks when the site is not served from the domain root"),
                );
                url.to_string()
            }
            Target::Escapes => {
                let code = if image {
                    "image-outside-docs"
                } else {
                    "link-outside-docs"
                };
                self.report(
                    Level::Warn,
                    code,
                    offset,
                    format!("`{url}` points outside the docs folder"),
                );
                url.to_string()
            }
            Target::Excluded { src } => {
                // mkdocs 1.6: "contains a link to 'x.md' which is excluded from the built site" (info).
                self.report(
                    Level::Info,
                    "link-to-excluded",
                    offset,
                    format!("link `{url}` points to `{src}`, which is excluded from the site (exclude_docs / draft_docs); it is left as is"),
                );
                url.to_string()
            }
            Target::Unloaded { src } => {
                let what = if image { "image" } else { "link" };
                self.report(
                    v.links_not_found,
                    "link-to-unloaded",
                    offset,
                    format!("{what} `{url}`: the page `{src}` failed to load (see its error), so this link goes nowhere"),
                );
                url.to_string()
            }
            Target::Missing { resolved }
                if !image && !resolved.rsplit('/').next().unwrap_or("").contains('.') =>
            {
                self.report(
                    v.links_unrecognized,
                    "link-unrecognized",
                    offset,
                    format!("link `{url}` names no file of the docs folder; it is left as is"),
                );
                url.to_string()
            }
            Target::Missing { resolved } => {
                let code = if image {
                    "image-missing"
                } else {
                    "link-missing"
                };
                let what = if image { "image" } else { "link" };
                self.report(
                    v.links_not_found,
                    code,
                    offset,
                    format!("{what} `{url}`: the target `{resolved}` is not in the docs folder"),
                );
                url.to_string()
            }
            Target::Asset { url: u } => {
                let suffix = url.find(['#', '?']).map(|i| &url[i..]).unwrap_or("");
                marked(&format!("{u}{suffix}"))
            }
            Target::Page {
                src,
                url: u,
                fragment,
                draft,
            } => {
                if draft {
                    self.report(
                        Level::Warn,
                        "link-to-draft",
                        offset,
                        format!("link `{url}` points to a draft post, which is not published"),
                    );
                }
                let line = self.line_of(offset);
                self.rendered.page_links.push(PageLink {
                    src,
                    fragment: fragment.clone(),
                    line,
                });
                if fragment.is_empty() {
                    marked(&u)
                } else {
                    marked(&format!("{u}#{fragment}"))
                }
            }
        }
    }
}
