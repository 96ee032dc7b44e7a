//! Markdown -> HTML for one page, as Python-Markdown with mkdocs-material's usual extensions
//! renders it. First line-based pre-passes (`includes.rs`, then `blocks.rs` for admonitions,
//! details, tabs, md_in_html and abbreviation definitions) rewrite the source, keeping a map
//! back to the page's lines (`source.rs`); then one pulldown-cmark parse, footnotes laid out
//! (`footnotes.rs`), and a series of small transforms over its events: heading ids, attr_list
//! and permalinks, paragraphs' attr_list, task lists, fenced code (highlight or pass-through
//! such as Mermaid), link and image rewriting with attr_list, the inline extensions
//! (`inline.rs`) and the excerpt split. Only extensions enabled in `markdown_extensions` change
//! the output. Pure: it reads no files (included files come from `Env::includes`) and returns
//! what it found (title, toc, links, problems) alongside the HTML.

pub mod admonition;
pub mod attrs;
pub mod blocks;
pub mod emoji;
pub mod footnotes;
pub mod highlight;
pub mod html;
pub mod includes;
pub mod inline;
pub mod links;
pub mod md_in_html;
pub mod source;
pub mod tabbed;

use crate::check::{Diagnostic, Severity};
use crate::config::{Level, MarkdownConfig, Validation};
use crate::content::slug::{toc_slugify, unique_id};
use highlight::FenceOptions;
use html::{escape_attr, escape_text, strip_tags};
use links::{marked, LinkIndex, Target};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use source::Mapped;
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

/// One page's source and where it sits.
pub struct Input<'a> {
    /// docs-relative source path, the base of relative links.
    pub rel: &'a str,
    /// Path shown in diagnostics.
    pub display: &'a Path,
    pub body: &'a str,
    /// File lines before `body` (front matter), so diagnostics name file lines.
    pub line_offset: usize,
    /// Site-root URL of the page (excerpt headings link to it).
    pub url: &'a str,
    /// For posts: the excerpt to cut out.
    pub excerpt: Option<ExcerptSpec<'a>>,
}

/// How a post's excerpt is made: cut at `separator` (or the whole post without one), headings
/// one level down and linked to the post, no permalinks, as mkdocs-material renders excerpts.
pub struct ExcerptSpec<'a> {
    pub separator: &'a str,
    /// The page title, shown as the excerpt's heading when the post has no h1.
    pub title: &'a str,
}

/// Site-wide settings for rendering.
pub struct Env<'a> {
    pub config: &'a MarkdownConfig,
    pub links: &'a LinkIndex,
    pub validation: &'a Validation,
    /// Reads the files of `{!…!}` and `--8<--` includes; None leaves the directives as text.
    pub includes: Option<&'a dyn includes::Resolver>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link from this page to another page, kept for anchor checks once all pages are rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLink {
    pub src: String,
    pub fragment: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Full HTML; resolved links carry `links::MARK` + site-root URL.
    pub html: String,
    /// The excerpt's HTML (posts only): before the separator, or the whole post without one.
    pub excerpt: Option<String>,
    /// The post has content after the excerpt separator ("Continue reading").
    pub more: bool,
    /// Text of the first `# ` heading.
    pub h1: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every element id on the page (headings and attr_list ids), for anchor checks.
    pub ids: HashSet<String>,
    pub page_links: Vec<PageLink>,
    /// `#fragment` links within the page, with their line.
    pub self_anchors: Vec<(String, usize)>,
    pub has_mermaid: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// pulldown-cmark's options for the enabled extensions (mkdocs always enables `tables`;
/// attr_list on headings is handled by `Renderer`, not by pulldown's heading attributes).
fn options(cfg: &MarkdownConfig) -> Options {
    let mut o = Options::ENABLE_TABLES;
    if cfg.has("footnotes") {
        o |= Options::ENABLE_FOOTNOTES;
    }
    if cfg.has("pymdownx.tilde") {
        o |= Options::ENABLE_STRIKETHROUGH;
    }
    if cfg.has("pymdownx.tasklist") {
        o |= Options::ENABLE_TASKLISTS;
    }
    if cfg.has("def_list") {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    o
}

/// The inline extensions enabled in `cfg`.
fn inline_exts<'a>(cfg: &MarkdownConfig, abbrs: &'a [(String, String)]) -> inline::Inline<'a> {
    inline::Inline {
        mark: cfg.has("pymdownx.mark"),
        caret: cfg.has("pymdownx.caret"),
        tilde: cfg.has("pymdownx.tilde"),
        emoji: cfg.has("pymdownx.emoji"),
        abbrs,
    }
}

/// Inline Markdown (an admonition title, a tab label) as HTML, without a paragraph.
fn inline_html(src: &str, env: &Env) -> String {
    let src = src.trim();
    // Keep block syntax from starting: a title is never a heading, list or quote.
    let guarded;
    let src = match src.as_bytes().first() {
        Some(b'#' | b'>' | b'=' | b'|' | b'`' | b'~') => {
            guarded = format!("\\{src}");
            &guarded
        }
        Some(b'-' | b'+' | b'*') if src.len() == 1 || src.as_bytes()[1].is_ascii_whitespace() => {
            guarded = format!("\\{src}");
            &guarded
        }
        Some(b'0'..=b'9') => {
            let digits = src.bytes().take_while(u8::is_ascii_digit).count();
            if matches!(src.as_bytes().get(digits), Some(b'.' | b')')) {
                guarded = format!("{}\\{}", &src[..digits], &src[digits..]);
                &guarded
            } else {
                src
            }
        }
        _ => src,
    };
    let events: Vec<Event> = merge_text(Parser::new_ext(src, options(env.config)).into_offset_iter())
        .into_iter()
        .map(|(e, _)| e)
        .filter(|e| !matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)))
        .collect();
    let events = inline_exts(env.config, &[]).apply(events);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html.trim_end().to_string()
}

/// The source after the line-based pre-passes, with its problems and abbreviations.
fn preprocess<'a>(
    body: &'a str,
    env: &Env,
    problems: &mut Vec<includes::Problem>,
    abbrs: &mut Vec<(String, String)>,
) -> Mapped<'a> {
    let cfg = env.config;
    let mut lines: Option<Vec<source::Line>> = None;
    let (inc, snip) = (cfg.has("markdown_include.include"), cfg.has("pymdownx.snippets"));
    if let Some(resolver) = env.includes {
        if includes::present(body, inc, snip) {
            let mut ex = includes::Expander::new(resolver, inc, snip);
            lines = Some(ex.expand(source::split(body)));
            problems.append(&mut ex.problems);
        }
    }
    let title = |t: &str| inline_html(t, env);
    let mut blocks = blocks::Blocks {
        admonition: cfg.has("admonition"),
        details: cfg.has("pymdownx.details"),
        tabbed: cfg.has("pymdownx.tabbed"),
        md_in_html: cfg.has("md_in_html"),
        abbr: cfg.has("abbr"),
        inline: &title,
        tab_sets: 0,
        abbrs: Vec::new(),
    };
    let present = match &lines {
        Some(l) => l.iter().any(|l| blocks.present(&l.text)),
        None => blocks.present(body),
    };
    if present {
        lines = Some(blocks.process(lines.unwrap_or_else(|| source::split(body))));
        *abbrs = std::mem::take(&mut blocks.abbrs);
    }
    match lines {
        Some(l) => Mapped::from_lines(l),
        None => Mapped::identity(body),
    }
}

/// Renders one page.
pub fn render(input: &Input, env: &Env) -> Rendered {
    let mut problems = Vec::new();
    let mut abbrs = Vec::new();
    let src = preprocess(input.body, env, &mut problems, &mut abbrs);
    let mut r = Renderer::new(input, env, &src, inline_exts(env.config, &abbrs));
    for p in problems {
        r.report_line(Level::Warn, p.code, p.origin.line, p.col, p.message);
    }
    let mut events: Vec<(Event, Range<usize>)> =
        merge_text(Parser::new_ext(&src.text, options(env.config)).into_offset_iter());
    if footnotes::present(&events) {
        events = footnotes::apply(events, &mut r.rendered.ids);
    }
    let out = r.transform(events);
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.iter().cloned());
    if let Some(spec) = &input.excerpt {
        r.rendered.excerpt = Some(r.excerpt(out, spec));
    }
    r.rendered.html = html;
    r.rendered
}

/// Joins adjacent text events (pulldown-cmark splits text at special characters).
fn merge_text<'a>(
    iter: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (ev, range) in iter {
        if let (Event::Text(t), Some((Event::Text(prev), prange))) = (&ev, out.last_mut()) {
            let mut s = prev.to_string();
            s.push_str(t);
            *prev = CowStr::from(s);
            prange.end = range.end;
            continue;
        }
        out.push((ev, range));
    }
    out
}

struct Renderer<'a, 'e> {
    input: &'a Input<'a>,
    env: &'a Env<'e>,
    /// The source pulldown-cmark parsed (offsets of events point into it).
    src: &'a Mapped<'a>,
    inline: inline::Inline<'a>,
    used_ids: HashSet<String>,
    /// Headings of the top level, for their excerpt form: (index in the output, level, id,
    /// extra attributes, inner HTML).
    excerpt_headings: Vec<(usize, u8, String, String, String)>,
    depth: usize,
    rendered: Rendered,
}

impl<'a, 'e> Renderer<'a, 'e> {
    fn new(
        input: &'a Input<'a>,
        env: &'a Env<'e>,
        src: &'a Mapped<'a>,
        inline: inline::Inline<'a>,
    ) -> Self {
        Renderer {
            input,
            env,
            src,
            inline,
            used_ids: HashSet::new(),
            excerpt_headings: Vec::new(),
            depth: 0,
            rendered: Rendered::default(),
        }
    }

    /// The file line (1-based) of an offset in the parsed source.
    fn line_of(&self, offset: usize) -> usize {
        self.src.position(offset).0 + 1 + self.input.line_offset
    }

    fn report(&mut self, level: Level, code: &'static str, offset: usize, msg: String) {
        let (line, col) = self.src.position(offset);
        self.report_line(level, code, line, col, msg);
    }

    /// Reports at a 0-based body line and 1-based column.
    fn report_line(&mut self, level: Level, code: &'static str, line: usize, col: usize, msg: String) {
        let severity = match level {
            Level::Ignore => return,
            Level::Info => Severity::Info,
            Level::Warn => Severity::Warning,
        };
        let d = Diagnostic::new(severity, code, msg).at(
            self.input.display,
            line + 1 + self.input.line_offset,
            col,
        );
        self.rendered.diagnostics.push(d);
    }

    /// Records an attr_list id, so anchors to it resolve and headings do not reuse it.
    fn note_attrs(&mut self, a: &attrs::Attrs) {
        if let Some(id) = &a.id {
            self.rendered.ids.insert(id.clone());
            self.used_ids.insert(id.clone());
        }
    }

    fn transform<'x>(&mut self, events: Vec<(Event<'x>, Range<usize>)>) -> Vec<Event<'x>> {
        let mut out = Vec::with_capacity(events.len());
        // Text events whose leading attr_list block was consumed by the element before them.
        let mut skip_prefix: Vec<(usize, usize)> = Vec::new();
        let mut link_stack: Vec<()> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let (ev, range) = &events[i];
            match ev {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let end = find_end(&events, i);
                    self.depth += 1;
                    let mut inner_events = events[i + 1..end].to_vec();
                    // Python-Markdown drops trailing `#`s even without a space before them.
                    if let Some((Event::Text(t), _)) = inner_events.last_mut() {
                        if t.ends_with('#') && self.input.body[range.clone()].trim_start().starts_with('#') {
                            *t = t.trim_end_matches('#').trim_end().to_string().into();
                        }
                    }
                    let inner = self.transform(inner_events);
                    self.depth -= 1;
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                    let text = strip_tags(&inner_html);
                    let id = match id {
                        Some(id) => {
                            self.used_ids.insert(id.to_string());
                            id.to_string()
                        }
                        None => unique_id(toc_slugify(&text, "-"), &mut self.used_ids),
                    };
                    let lvl = heading_num(*level);
                    if lvl == 1 && self.rendered.h1.is_none() {
                        self.rendered.h1 = Some(text.trim().to_string());
                    }
                    self.rendered.ids.insert(id.clone());
                    self.rendered.toc.push(TocEntry {
                        level: lvl,
                        id: id.clone(),
                        title: text.trim().to_string(),
                    });
                    let mut extra = String::new();
                    if !classes.is_empty() {
                        let cls: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                        extra.push_str(&format!(" class=\"{}\"", escape_attr(&cls.join(" "))));
                    }
                    for (k, v) in attrs {
                        extra.push_str(&format!(
                            " {}=\"{}\"",
                            k,
                            escape_attr(v.as_deref().unwrap_or(""))
                        ));
                    }
                    let mut h =
                        format!("<h{lvl} id=\"{}\"{extra}>{}", escape_attr(&id), inner_html);
                    if let Some(sym) = &self.env.config.toc_permalink {
                        h.push_str(&format!(
                            "<a class=\"headerlink\" href=\"#{}\" title=\"{}\">{}</a>",
                            escape_attr(&id),
                            escape_attr(&self.env.config.toc_permalink_title),
                            sym
                        ));
                    }
                    h.push_str(&format!("</h{lvl}>\n"));
                    if self.depth == 0 && self.input.excerpt.is_some() {
                        self.excerpt_headings.push((out.len(), lvl, id.clone(), extra.clone(), inner_html.clone()));
                    }
                    out.push(Event::Html(h.into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = find_end(&events, i);
                    let mut code = String::new();
                    for (e, _) in &events[i + 1..end] {
                        if let Event::Text(t) = e {
                            code.push_str(t);
                        }
                    }
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    out.push(Event::Html(self.code_block(&code, &info).into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) => {
                    let end = find_end(&events, i);
                    let href = self.rewrite_url(dest_url, range.start, false);
                    let mut tag = format!("<a href=\"{}\"", escape_attr(&href));
                    if !title.is_empty() {
                        tag.push_str(&format!(" title=\"{}\"", escape_attr(title)));
                    }
                    if let Some((attrs, used)) = self.trailing_attrs(&events, end) {
                        tag.push_str(&attrs.to_html());
                        skip_prefix.push((end + 1, used));
                    }
                    tag.push('>');
                    out.push(Event::InlineHtml(tag.into()));
                    link_stack.push(());
                }
                Event::End(TagEnd::Link) => {
                    link_stack.pop();
                    out.push(Event::InlineHtml("</a>".into()));
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = find_end(&events, i);
                    let src = self.rewrite_url(dest_url, range.start, true);
                    let mut alt = String::new();
                    for (e, _) in &events[i + 1..end] {
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
                    if let Some((attrs, used)) = self.trailing_attrs(&events, end) {
                        tag.push_str(&attrs.to_html());
                        skip_prefix.push((end + 1, used));
                    }
                    tag.push_str(" />");
                    out.push(Event::InlineHtml(tag.into()));
                    i = end + 1;
                    continue;
                }
                Event::Text(t) => {
                    if let Some(&(_, used)) = skip_prefix.iter().find(|(idx, _)| *idx == i) {
                        let rest = &t[used..];
                        if !rest.is_empty() {
                            out.push(Event::Text(rest.to_string().into()));
                        }
                    } else {
                        out.push(ev.clone());
                    }
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out
    }

    /// The excerpt from the page's events: cut at the separator, headings one level down and
    /// linked to the post, `#` links pointed at the post. A page without an h1 gets its title
    /// as the excerpt's first heading, as mkdocs-material prepends `# title`.
    fn excerpt(&mut self, mut events: Vec<Event>, spec: &ExcerptSpec) -> String {
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
            let id = toc_slugify(spec.title, "-");
            let id = if id.is_empty() { "_1".to_string() } else { id };
            html.push_str(&excerpt_heading(1, &id, "", &escape_text(spec.title), url, true));
        }
        for (k, (idx, lvl, id, extra, inner)) in std::mem::take(&mut self.excerpt_headings).into_iter().enumerate() {
            if idx < events.len() {
                let first = k == 0 && !prepend;
                events[idx] = Event::Html(excerpt_heading(lvl, &id, &extra, &inner, url, first).into());
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

    /// An attr_list block right after the element that ends at `end`: the attributes and the
    /// number of bytes of the following text event it uses.
    fn trailing_attrs(
        &self,
        events: &[(Event, Range<usize>)],
        end: usize,
    ) -> Option<(attrs::Attrs, usize)> {
        if !self.env.config.has("attr_list") {
            return None;
        }
        let Some((Event::Text(next), _)) = events.get(end + 1) else {
            return None;
        };
        let (attrs, rest) = attrs::leading(next)?;
        Some((attrs, next.len() - rest.len()))
    }

    fn code_block(&mut self, code: &str, info: &str) -> String {
        let info = info.trim();
        let (lang, opts_str) = match info.find(char::is_whitespace) {
            Some(i) => (&info[..i], info[i..].trim()),
            None => (info, ""),
        };
        let lang = lang.trim_start_matches('{').trim_start_matches('.');
        if let Some((_, class)) = self
            .env
            .config
            .passthrough_fences
            .iter()
            .find(|(name, _)| name == lang)
        {
            if class == "mermaid" || lang == "mermaid" {
                self.rendered.has_mermaid = true;
            }
            // pymdownx.superfences' fence_code_format: only `&<>` escaped, no final newline.
            let code = code.strip_suffix('\n').unwrap_or(code);
            return format!(
                "<pre class=\"{}\"><code>{}</code></pre>\n",
                escape_attr(class),
                escape_text(code)
            );
        }
        let opts = parse_fence_options(opts_str);
        highlight::highlight_block(code, lang, &opts, self.env.config.linenums)
    }

    /// Rewrites a link or image URL written in the page; reports links that lead nowhere.
    fn rewrite_url(&mut self, url: &str, offset: usize, image: bool) -> String {
        let v = self.env.validation;
        match self.env.links.resolve(self.input.rel, url) {
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

fn heading_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Index of the `End` event matching the `Start` at `start`.
fn find_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// `title="x.py" linenums="1" hl_lines="2 3"` (quotes optional).
fn parse_fence_options(s: &str) -> FenceOptions {
    let mut o = FenceOptions::default();
    let mut rest = s.trim().trim_end_matches('}');
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(c) => (&after[1..c + 1], &after[c + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let e = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
        };
        match key {
            "title" => o.title = Some(value.to_string()),
            "linenums" => o.linenums = value.split_whitespace().next().and_then(|n| n.parse().ok()),
            "hl_lines" => {
                for part in value.split_whitespace() {
                    if let Some((a, b)) = part.split_once('-') {
                        if let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) {
                            o.hl_lines.extend(a..=b);
                        }
                    } else if let Ok(n) = part.parse() {
                        o.hl_lines.push(n);
                    }
                }
            }
            _ => {}
        }
        rest = next;
    }
    o
}
