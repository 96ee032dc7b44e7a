//! The theme and publish steps of the pipeline: every page and blog view through the
//! templates, the assets and theme files, then feeds, sitemap and search index, each file
//! handed to `emit` as soon as it is made.

use super::{Emit, OutputRef, Reuse};
use crate::check::{Diagnostic, Sink};
use crate::markdown;
use crate::output::OutFile;
use crate::publish;
use crate::site;
use crate::theme::context::SiteData;
use crate::theme::{self, Theme};
use crate::timings;
use crate::url::relativize;
use rayon::prelude::*;

/// Renders all pages through the theme and collects every file of the site.
pub(super) fn assemble(
    data: &SiteData,
    theme: &Theme,
    reuse: &dyn Reuse,
    sink: &Sink,
    emit: &Emit,
) {
    let config = data.config;
    let blog_index = data.blog.views.iter().find_map(|v| match v.kind {
        site::ViewKind::Index(e) => e,
        _ => None,
    });
    let render = |template: &str, ctx: &tera::Context, url: &str| -> Option<String> {
        match theme.render(template, ctx) {
            Ok(html) => Some(relativize(&html, url)),
            Err(e) => {
                sink.push(theme::template_error(config, &Default::default(), &e));
                None
            }
        }
    };
    // One page through the theme, unless `reuse` still has it from an earlier run.
    let page = |which: OutputRef, url: &str, context: &dyn Fn() -> (String, tera::Context)| {
        let path = crate::plan::urls::output_path(url);
        if let Some(f) = reuse.output(data, which, &path) {
            return emit(path, f);
        }
        let (template, mut ctx) = context();
        let template = theme.prepare(template, &mut ctx, sink);
        if let Some(html) = render(&template, &ctx, url) {
            emit(path, OutFile::Bytes(html.into_bytes()));
        }
    };
    data.plan
        .entries
        .par_iter()
        .enumerate()
        .filter(|(i, e)| {
            e.published && Some(*i) != blog_index && !data.plan.overwritten.contains(i)
        })
        .for_each(|(i, e)| page(OutputRef::Entry(i), &e.url, &|| data.entry_context(i)));
    timings::mark("pages");
    data.blog
        .views
        .par_iter()
        .enumerate()
        .for_each(|(k, v)| page(OutputRef::View(k), &v.url, &|| data.view_context(v)));
    timings::mark("blog views");
    if theme.has("404.html") {
        if let Some(f) = reuse.output(data, OutputRef::NotFound, "404.html") {
            emit("404.html".into(), f);
        } else {
            let mut ctx = data.not_found_context();
            let template = theme.prepare("404.html".into(), &mut ctx, sink);
            if let Some(html) = render(&template, &ctx, "") {
                emit("404.html".into(), OutFile::Bytes(html.into_bytes()));
            }
        }
    }
    data.plan
        .assets
        .par_iter()
        .enumerate()
        .filter(|(k, _)| !data.plan.overwritten_assets.contains(k))
        .for_each(|(_, (i, out))| {
            emit(
                out.clone(),
                OutFile::Copy(data.content.assets[*i].abs.clone()),
            )
        });
    // A file of the docs folder wins over a theme file of the same path, as in mkdocs.
    let docs_files: std::collections::HashSet<&str> = data
        .plan
        .assets
        .iter()
        .map(|(_, out)| out.as_str())
        .collect();
    for (path, bytes) in &theme.statics {
        if !docs_files.contains(path.as_str()) {
            emit(path.clone(), OutFile::Bytes(bytes.clone()));
        }
    }
    if config.site_url.is_none() {
        sink.push(
            config
                .about_config(Diagnostic::info(
                    "site-url-missing",
                    "feeds and sitemap.xml need absolute URLs; they are not written",
                ))
                .with_hint("set `site_url` in mkdocs.yml, e.g. `site_url: https://example.org/`"),
        );
    }
    let extra = publish::feeds::feeds(config, data.content, data.plan, data.blog, data.pages)
        .into_iter()
        .chain(publish::sitemap::sitemap(config, data.plan, data.blog))
        .chain(publish::redirects::files(config, data.plan));
    timings::mark("assets");
    let extra = extra.map(|(path, bytes)| (path, OutFile::Bytes(bytes)));
    let (search_path, search) = reuse.search_index(data);
    for (path, f) in extra.chain(std::iter::once((search_path, search))) {
        emit(path, f);
    }
    timings::mark("feeds, sitemap, search");
    emit(
        format!("{}/highlight.css", theme::STATIC_PREFIX),
        OutFile::Bytes(markdown::highlight::stylesheet().into_bytes()),
    );
    if data.config.mermaid_local {
        match theme::mermaid::local_script() {
            Ok(js) => emit(theme::mermaid::LOCAL_PATH.into(), OutFile::Bytes(js)),
            Err(e) => sink.push(Diagnostic::error(
                "output",
                format!("the embedded copy of Mermaid cannot be read: {e}"),
            )),
        }
    }
}
