//! Cross-page checks, run once every page is rendered: anchors of links between pages and
//! within a page, and post authors missing from the authors file. Checks of one page alone
//! are made where the page is read or rendered.

use crate::config::{Config, Level};
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Severity, Sink};
use crate::markdown::page::PageOut;
use crate::plan::Plan;

/// Checks that need every page: anchors of links between pages, unknown authors.
pub fn check_references(
    config: &Config,
    content: &Content,
    plan: &Plan,
    pages: &[Option<PageOut>],
    sink: &Sink,
) {
    let by_src: std::collections::HashMap<&str, usize> = plan
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (content.docs[e.doc].rel.as_str(), i))
        .collect();
    let anchor_sev = match config.validation.links_anchors {
        Level::Ignore => None,
        Level::Info => Some(Severity::Info),
        Level::Warn => Some(Severity::Warning),
    };
    let authors_on = config.blog.as_ref().is_some_and(|b| b.enabled && b.authors);
    for (i, e) in plan.entries.iter().enumerate() {
        let Some(out) = &pages[i] else { continue };
        let doc = &content.docs[e.doc];
        if let Some(sev) = anchor_sev {
            for link in &out.rendered.page_links {
                if link.fragment.is_empty() {
                    continue;
                }
                let target = by_src
                    .get(link.src.as_str())
                    .and_then(|&t| pages[t].as_ref());
                if let Some(t) = target {
                    if !t.rendered.ids.contains(&link.fragment) {
                        sink.push(
                            Diagnostic::new(
                                sev,
                                "anchor-missing",
                                format!("`{}` has no anchor `#{}`", link.src, link.fragment),
                            )
                            .at(&doc.display, link.line, 1),
                        );
                    }
                }
            }
            for (frag, line) in &out.rendered.self_anchors {
                if !frag.is_empty() && !out.rendered.ids.contains(frag) && !frag.starts_with("fn") {
                    sink.push(
                        Diagnostic::new(
                            sev,
                            "anchor-missing",
                            format!("this page has no anchor `#{frag}`"),
                        )
                        .at(&doc.display, *line, 1),
                    );
                }
            }
        }
        if let (true, Some(p)) = (authors_on, &e.post) {
            for a in &p.authors {
                if !content.authors.contains_key(a) {
                    let file = config
                        .blog
                        .as_ref()
                        .map(|b| b.authors_file())
                        .unwrap_or_default();
                    sink.push(
                        Diagnostic::warning(
                            "author-unknown",
                            format!("author `{a}` is not defined in `{file}`"),
                        )
                        .at(
                            &doc.display,
                            doc.front
                                .line_of("authors")
                                .max(doc.front.line_of("author")),
                            1,
                        )
                        .with_hint(if content.authors.is_empty() {
                            format!("create `{file}` with an `authors:` map")
                        } else {
                            format!(
                                "known authors: {}",
                                content
                                    .authors
                                    .keys()
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                    );
                }
            }
        }
    }
}
