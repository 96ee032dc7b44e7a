//! blogen: builds an mkdocs-material blog (same mkdocs.yml, same posts, same URLs) as a
//! static site. The pipeline runs config -> content -> site plan -> markdown -> blog
//! structure -> theme -> output; `generate` runs all but the last step, so `build`, `check`
//! and `serve` share it.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod incremental;
pub mod markdown;
pub mod new_post;
pub mod output;
pub mod serve;
pub mod site;
pub mod theme;
pub mod timings;

use check::{Diagnostic, Severity, Sink};
use config::{Config, ExcerptMode, Level};
use content::Content;
use markdown::{links::relativize, Env, ExcerptSpec, Input};
use output::OutFile;
use rayon::prelude::*;
use site::{Mode, Plan};
use theme::context::{PageOut, SiteData};
use theme::Theme;

/// The whole site in memory, ready to be written.
pub struct Generated {
    /// Site-relative path -> content, sorted by path.
    pub files: Vec<(String, OutFile)>,
    pub pages: usize,
    pub posts: usize,
}

/// Options of one run of the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub mode: Mode,
    /// Render the pages (false for `check`, which only validates).
    pub render_theme: bool,
}

/// Work a run can take over from an earlier run. `check`, and `build` without the cache, start
/// from nothing (`Fresh`); `build` with the cache takes over what the last build kept on disk
/// (`incremental::Persisted`); `serve` keeps its caches in memory (`serve::cache`). Each
/// default does the work, so the pipeline in `generate_into` is the same for every command.
pub trait Reuse: Sync {
    /// The docs folder's content.
    fn content(&mut self, config: &Config, sink: &Sink) -> Content {
        content::load(config, sink)
    }
    /// The rendered Markdown of entry `i` of the plan (see `render_entry`).
    fn page(
        &self,
        config: &Config,
        content: &Content,
        plan: &Plan,
        i: usize,
        sink: &Sink,
    ) -> Option<PageOut> {
        render_entry(config, content, plan, i, sink)
    }
    /// A page of the site as an earlier run rendered it to `path`, when nothing it shows has
    /// changed since; None renders it.
    fn output(&self, _data: &SiteData, _page: OutputRef, _path: &str) -> Option<OutFile> {
        None
    }
    /// The theme (`Theme::load`).
    fn theme(&mut self, config: &Config, sink: &Sink) -> Option<std::sync::Arc<Theme>> {
        Theme::load(config, sink).map(std::sync::Arc::new)
    }
    /// The search index (`site::search::index`).
    fn search_index(&self, data: &SiteData) -> (String, OutFile) {
        let (path, bytes) = site::search::index(data.config, data.content, data.plan, data.pages);
        (path, OutFile::Bytes(bytes))
    }
    /// Takes back what the run is done with, for the next run; by default it is dropped.
    fn finish(&mut self, _content: Content, _plan: &Plan, _pages: Vec<Option<PageOut>>) {}
}

/// Nothing to reuse: every run does all the work.
pub struct Fresh;

impl Reuse for Fresh {}

/// A page of the site rendered through the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputRef {
    /// The page of entry `i` of the plan.
    Entry(usize),
    /// Page `k` of `Blog::views`.
    View(usize),
    NotFound,
}

/// Runs the pipeline up to the files to write. Returns None when an error stops it
/// (everything found is in `sink`).
pub fn generate(config: &Config, opts: RunOptions, sink: &Sink) -> Option<Generated> {
    generate_with(config, opts, &mut Fresh, sink)
}

/// `generate`, taking over from `reuse` what an earlier run already did.
pub fn generate_with(
    config: &Config,
    opts: RunOptions,
    reuse: &mut dyn Reuse,
    sink: &Sink,
) -> Option<Generated> {
    let files = std::sync::Mutex::new(Vec::new());
    let emit = |path: String, f: OutFile| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, f))
    };
    let (pages, posts) = generate_into(config, opts, reuse, sink, &|_| true, &emit)?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    Some(Generated {
        files,
        pages,
        posts,
    })
}

/// Something that takes the files of the site as they are rendered, from many threads.
pub type Emit<'a> = dyn Fn(String, OutFile) + Sync + 'a;

/// The pipeline, handing each file of the site to `emit` as soon as it is rendered (so `build`
/// writes pages while others are still rendering and never holds the whole site in memory).
/// `proceed` is asked, once everything is checked and before anything is rendered through the
/// theme, whether to go on. Returns the number of pages and posts, or None when it stopped.
pub fn generate_into(
    config: &Config,
    opts: RunOptions,
    reuse: &mut dyn Reuse,
    sink: &Sink,
    proceed: &dyn Fn(&Sink) -> bool,
    emit: &Emit,
) -> Option<(usize, usize)> {
    let timed = timings::begin();
    let content = reuse.content(config, sink);
    timings::mark("content");
    let now = chrono::Local::now().naive_local();
    let plan = site::plan(config, &content, opts.mode, now, sink);
    timings::mark("plan");
    let pages = render_pages(config, &content, &plan, &*reuse, sink);
    timings::mark("markdown");
    let blog = site::blog(config, &content, &plan, sink);
    check_references(config, &content, &plan, &pages, sink);
    let nav = site::nav::build(config, &content, &plan, sink);
    timings::mark("blog, checks, nav");
    let theme = if opts.render_theme && proceed(sink) {
        reuse.theme(config, sink)
    } else {
        None
    };
    let Some(theme) = theme else {
        reuse.finish(content, &plan, pages);
        if timed {
            timings::end();
        }
        return None;
    };
    let data = SiteData {
        config,
        content: &content,
        plan: &plan,
        blog: &blog,
        pages: &pages,
        nav: &nav,
        mode: opts.mode,
    };
    timings::mark("theme loaded");
    assemble(&data, &theme, &*reuse, sink, emit);
    let posts = plan
        .entries
        .iter()
        .filter(|e| e.published && e.post.is_some())
        .count();
    let page_count = plan.entries.iter().filter(|e| e.published).count();
    reuse.finish(content, &plan, pages);
    if timed {
        timings::end();
    }
    Some((page_count, posts))
}

/// Renders every published page's Markdown, in parallel.
fn render_pages(
    config: &Config,
    content: &Content,
    plan: &Plan,
    reuse: &dyn Reuse,
    sink: &Sink,
) -> Vec<Option<PageOut>> {
    (0..plan.entries.len())
        .into_par_iter()
        .map(|i| reuse.page(config, content, plan, i, sink))
        .collect()
}

/// Renders the Markdown of entry `i` of the plan; None when it is not published.
pub fn render_entry(
    config: &Config,
    content: &Content,
    plan: &Plan,
    i: usize,
    sink: &Sink,
) -> Option<PageOut> {
    let includes = content::includes::FsIncludes::new(config);
    let env = Env {
        config: &config.markdown,
        links: &plan.links,
        validation: &config.validation,
        includes: Some(&includes),
        highlight_cache: config.highlight_cache.as_deref(),
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
        .unwrap_or_else(|| site::file_title(&doc.rel));
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
    let title = doc
        .front
        .title
        .clone()
        .or_else(|| rendered.h1.clone().filter(|t| !t.is_empty()))
        .unwrap_or_else(|| site::file_title(&doc.rel));
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
    if is_post && doc.front.title.is_none() && rendered.h1.is_none() {
        sink.push(
            Diagnostic::warning(
                "post-title-missing",
                format!("the post has no title; it is called `{title}` after its file name"),
            )
            .at(&doc.display, doc.body_line_offset + 1, 1)
            .with_hint("start the post with a `# Title` line or set `title:` in the front matter"),
        );
    }
    Some(PageOut::new(rendered, title, readtime))
}

/// Checks that need every page: anchors of links between pages, unknown authors.
fn check_references(
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

/// Renders all pages through the theme and collects every file of the site.
fn assemble(data: &SiteData, theme: &Theme, reuse: &dyn Reuse, sink: &Sink, emit: &Emit) {
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
        let path = site::urls::output_path(url);
        if let Some(f) = reuse.output(data, which, &path) {
            return emit(path, f);
        }
        let (template, ctx) = context();
        if let Some(html) = render(&template, &ctx, url) {
            emit(path, OutFile::Bytes(html.into_bytes()));
        }
    };
    data.plan
        .entries
        .par_iter()
        .enumerate()
        .filter(|(i, e)| e.published && Some(*i) != blog_index)
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
        } else if let Some(html) = render("404.html", &data.not_found_context(), "") {
            emit("404.html".into(), OutFile::Bytes(html.into_bytes()));
        }
    }
    data.plan.assets.par_iter().for_each(|(i, out)| {
        emit(
            out.clone(),
            OutFile::Copy(data.content.assets[*i].abs.clone()),
        )
    });
    for (path, bytes) in &theme.statics {
        emit(path.clone(), OutFile::Bytes(bytes.clone()));
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
    let extra = site::feeds::feeds(config, data.content, data.plan, data.blog, data.pages)
        .into_iter()
        .chain(site::sitemap::sitemap(config, data.plan, data.blog));
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

/// Checks, before anything is written, that `config.site_dir` can be replaced by a build
/// without touching the sources, the project or files blogen did not write (`output::guard`).
pub fn site_dir_allowed(config: &Config) -> Result<(), output::guard::Refusal> {
    let templates = config.root.join("templates");
    let cache = config.cache_dir();
    let mut protected = output::guard::Protected {
        root: &config.root,
        docs_dir: &config.docs_dir,
        templates: vec![&templates],
        cache_dir: &cache,
    };
    if let Some(custom) = &config.custom_dir {
        protected.templates.push(custom);
    }
    output::guard::check_site_dir(&config.site_dir, &protected)
}

/// Result of `build`: the diagnostics and whether the site was written.
#[derive(Default)]
pub struct BuildReport {
    /// The site folder was refused (`site_dir_allowed`): nothing was read or written.
    pub refused: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub written: bool,
    pub pages: usize,
    pub posts: usize,
    /// What was taken over from the previous build (nothing without the cache).
    pub reused: incremental::Reused,
}

/// Builds the site into `config.site_dir`. The site is written only when no error was found
/// (and, with `strict`, no warning), so a bad run leaves the previous site whole.
pub fn build(config: &Config, mode: Mode, strict: bool, sink: &Sink) -> BuildReport {
    build_watched(config, mode, strict, sink, &|| {})
}

/// `build`, calling `on_file` each time a file of the new site is written or kept (for a
/// progress display).
pub fn build_watched(
    config: &Config,
    mode: Mode,
    strict: bool,
    sink: &Sink,
    on_file: &(dyn Fn() + Sync),
) -> BuildReport {
    if let Err(refusal) = site_dir_allowed(config) {
        sink.push(
            config
                .about_config(Diagnostic::error("site-dir-refused", refusal.message))
                .with_hint(refusal.hint),
        );
        return BuildReport {
            diagnostics: sink.take_sorted(),
            refused: true,
            ..Default::default()
        };
    }
    let timed = timings::begin();
    // The cache is used when the config allows it and the binary can be identified.
    let cache_salt = config
        .use_cache
        .then(markdown::hlcache::binary_identity)
        .flatten();
    let mut cached_config;
    let config = match &cache_salt {
        Some(salt) if config.highlight_cache.is_none() => {
            cached_config = config.clone();
            let cache = markdown::hlcache::HighlightCache::open(
                &config.highlight_cache_path(),
                salt.clone(),
            );
            cached_config.highlight_cache = Some(std::sync::Arc::new(cache));
            &cached_config
        }
        _ => config,
    };
    let blocked = |sink: &Sink| sink.has_errors() || (strict && has_warnings(sink));
    let spare = cache_salt.as_ref().map(|_| config.cache_dir().join("site"));
    let output_error = |e: std::io::Error| {
        Diagnostic::error(
            "output",
            format!(
                "cannot write the site to {}: {e}",
                config.site_dir.display()
            ),
        )
    };
    let staging =
        match output::Staging::begin(&config.site_dir, spare.as_deref(), cache_salt.as_deref()) {
            Ok(s) => s,
            Err(e) => {
                sink.push(output_error(e));
                return BuildReport {
                    diagnostics: sink.take_sorted(),
                    ..Default::default()
                };
            }
        };
    timings::mark("output started");
    let write_error = std::sync::Mutex::new(None);
    let emit = |path: String, f: OutFile| {
        on_file();
        if let Err(e) = staging.put(&path, &f) {
            write_error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    };
    let opts = RunOptions {
        mode,
        render_theme: true,
    };
    let mut persisted = cache_salt
        .as_deref()
        .map(|salt| incremental::Persisted::load(config, &staging, salt));
    timings::mark("cache read");
    let reuse: &mut dyn Reuse = match &mut persisted {
        Some(p) => p,
        None => &mut Fresh,
    };
    let counts = generate_into(config, opts, reuse, sink, &|s| !blocked(s), &emit);
    timings::mark("generated");
    let (reused, save_pages) = persisted
        .map(|p| p.finish_run())
        .map_or((Default::default(), None), |(r, s)| (r, Some(s)));
    let mut written = false;
    let (mut pages, mut posts) = (0, 0);
    let failed = write_error.into_inner().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|threads| {
        // The caches are saved beside the commit, whether or not the site is written: what
        // they hold is right for its sources either way. One that cannot be written only
        // costs speed next time.
        if let Some(save) = save_pages {
            threads.spawn(move || save.run());
        }
        if let Some(cache) = &config.highlight_cache {
            threads.spawn(|| cache.save(&config.highlight_cache_path()));
        }
        match (counts, failed) {
            (Some(_), Some(e)) => {
                staging.abort();
                sink.push(output_error(e));
            }
            (Some(c), None) if !blocked(sink) => match staging.commit() {
                Ok(()) => {
                    (pages, posts) = c;
                    written = true;
                }
                Err(e) => sink.push(output_error(e)),
            },
            _ => staging.abort(),
        }
        timings::mark("committed");
    });
    timings::mark("caches saved");
    if timed {
        timings::end();
    }
    BuildReport {
        diagnostics: sink.take_sorted(),
        written,
        pages,
        posts,
        reused,
        refused: false,
    }
}

fn has_warnings(sink: &Sink) -> bool {
    let all = sink.take_sorted();
    let any = all.iter().any(|d| d.severity == Severity::Warning);
    sink.extend(all);
    any
}
