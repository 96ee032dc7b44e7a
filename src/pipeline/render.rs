//! The Markdown stage of the pipeline: each published entry of the plan rendered to a
//! `PageOut` (HTML, title, read time) with its page-level warnings. Cross-page checks are in
//! `check::references`.

use super::{Reuse, Run};
use crate::check::{Diagnostic, Sink};
use crate::config::ExcerptMode;
use crate::content::{self, Content};
use crate::markdown::page::PageOut;
use crate::markdown::{self, Env, ExcerptSpec, Input};
use crate::plan::{self, Plan};
use crate::site;
use rayon::prelude::*;

/// Renders every published page's Markdown, in parallel.
pub(super) fn render_pages(
    run: &Run,
    content: &Content,
    plan: &Plan,
    reuse: &dyn Reuse,
) -> Vec<Option<PageOut>> {
    (0..plan.entries.len())
        .into_par_iter()
        .map(|i| reuse.page(run, content, plan, i, run.sink))
        .collect()
}

/// Renders the Markdown of entry `i` of the plan; None when it is not published. Its
/// diagnostics go to `sink` (the run's, or one a cache keeps them from).
pub fn render_entry(
    run: &Run,
    content: &Content,
    plan: &Plan,
    i: usize,
    sink: &Sink,
) -> Option<PageOut> {
    let config = run.config;
    let files = content::includes::FsIncludes::new(config);
    let includes = content::includes::Recording::new(&files);
    let env = Env {
        config: &config.markdown,
        links: &plan.links,
        validation: &config.validation,
        includes: Some(&includes),
        highlight_cache: run.highlight_cache.as_deref(),
    };
    let blog = config.blog.as_ref().filter(|b| b.enabled);
    let e = &plan.entries[i];
    if !e.published {
        return None;
    }
    let doc = &content.docs[e.doc];
    let is_post = e.post.is_some();
    let fallback_title = doc
        .front
        .title
        .clone()
        .unwrap_or_else(|| plan::file_title(&doc.rel));
    let excerpt = blog.filter(|_| is_post).map(|b| ExcerptSpec {
        separator: &b.post_excerpt_separator,
        title: &fallback_title,
    });
    let input = Input {
        rel: &doc.rel,
        display: &doc.display,
        body: doc.body(),
        line_offset: doc.body_line_offset,
        url: &e.url,
        excerpt,
    };
    let mut rendered = markdown::render(&input, &env);
    sink.extend(std::mem::take(&mut rendered.diagnostics));
    // mkdocs names a page after its h1 only when the h1 is the page's first element (a page
    // that shows its broken front matter as text starts with a rule, and is named after its file).
    let h1 = rendered
        .h1
        .clone()
        .filter(|t| !t.is_empty() && rendered.html.trim_start().starts_with("<h1"));
    let title = doc
        .front
        .title
        .clone()
        .or_else(|| h1.clone())
        .unwrap_or_else(|| plan::file_title(&doc.rel));
    let readtime = match blog {
        Some(b) if is_post && b.post_readtime => Some(doc.front.readtime.unwrap_or_else(|| {
            site::readtime::readtime_of(&rendered.text, b.post_readtime_words_per_minute)
        })),
        _ => None,
    };
    if let Some(b) = blog.filter(|_| is_post) {
        if b.post_excerpt == ExcerptMode::Required && !rendered.more {
            sink.push(
                Diagnostic::warning("excerpt-missing", format!("the post has no excerpt separator `{}`", b.post_excerpt_separator))
                    .at(&doc.display, doc.body_line_offset + 1, 1)
                    .with_hint("`post_excerpt: required` is set in mkdocs.yml; add the separator after the first paragraph"),
            );
        }
    }
    // mkdocs-material names such a post after its file without a word, so this is an info line
    // (a warning would fail `--strict` where mkdocs passes).
    if is_post && doc.front.title.is_none() && h1.is_none() {
        sink.push(
            Diagnostic::info(
                "post-title-missing",
                format!("the post has no title; it is called `{title}` after its file name"),
            )
            .at(&doc.display, doc.body_line_offset + 1, 1)
            .with_hint("start the post with a `# Title` line or set `title:` in the front matter"),
        );
    }
    let mut out = PageOut::new(rendered, title, readtime);
    out.includes = includes.into_reads();
    Some(out)
}
