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
pub mod hlcache;
pub mod html;
pub mod includes;
pub mod inline;
pub mod links;
pub mod md_in_html;
pub mod source;
pub mod tabbed;
pub mod text;

use crate::check::{Diagnostic, Severity};
use crate::config::{Level, MarkdownConfig, Validation};
use crate::content::slug::{toc_slugify, unique_id};
use highlight::FenceOptions;
use html::{escape_attr, escape_text};
use links::{marked, LinkIndex, Target};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use source::Mapped;
use std::collections::{HashMap, HashSet};
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
    /// Highlighted code from earlier runs; None highlights every block.
    pub highlight_cache: Option<&'a hlcache::HighlightCache>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link from this page to another page, kept for anchor checks once all pages are rendered.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageLink {
    pub src: String,
    pub fragment: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
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
    /// The highlight cache entries the page's code blocks came from (`hlcache`), so a later
    /// run that reuses the page keeps them.
    pub highlight_keys: Vec<u128>,
    /// Every link and image URL the page resolved, with what the link index made of it: the
    /// page renders the same while each still resolves the same.
    pub links: Vec<(String, links::Target)>,
    /// The page's text, for read time and search.
    pub text: text::PageText,
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
        abbr_matcher: if cfg.has("abbr") {
            inline::abbr_matcher(abbrs)
        } else {
            None
        },
    }
}

/// The source after the line-based pre-passes, and what they found.
struct Pre<'a> {
    src: Mapped<'a>,
    problems: Vec<includes::Problem>,
    abbrs: Vec<(String, String)>,
    /// The tags of the marked paragraphs (see `blocks.rs`).
    spans: Vec<(String, String)>,
}

fn preprocess<'a>(body: &'a str, env: &Env) -> Pre<'a> {
    let cfg = env.config;
    let mut problems = Vec::new();
    let mut lines: Option<Vec<source::Line>> = None;
    let (inc, snip) = (
        cfg.has("markdown_include.include"),
        cfg.has("pymdownx.snippets"),
    );
    if let Some(resolver) = env.includes {
        if includes::present(body, inc, snip) {
            let mut ex = includes::Expander::new(resolver, inc, snip);
            lines = Some(ex.expand(source::split(body)));
            problems.append(&mut ex.problems);
        }
    }
    let mut blocks = blocks::Blocks::new(cfg);
    let present = match &lines {
        Some(l) => l.iter().any(|l| blocks.present(&l.text)),
        None => blocks.present(body),
    };
    if present {
        lines = Some(blocks.process(lines.unwrap_or_else(|| source::split(body))));
        if let Some(origin) = blocks.too_deep {
            problems.push(includes::Problem {
                code: "nesting-limit",
                origin,
                col: 1,
                message: format!(
                    "admonitions, tabs and md_in_html elements nest at most {} deep; deeper ones are left as text",
                    blocks::MAX_DEPTH
                ),
            });
        }
    }
    Pre {
        src: match lines {
            Some(l) => Mapped::from_lines(l),
            None => Mapped::identity(body),
        },
        problems,
        abbrs: blocks.abbrs,
        spans: blocks.spans,
    }
}

/// Renders one page.
pub fn render(input: &Input, env: &Env) -> Rendered {
    let pre = preprocess(input.body, env);
    let mut r = Renderer::new(input, env, &pre.src, inline_exts(env.config, &pre.abbrs));
    r.spans = &pre.spans;
    for p in &pre.problems {
        r.report_line(Level::Warn, p.code, p.origin.line, p.col, p.message.clone());
    }
    let mut events: Vec<(Event, Range<usize>)> =
        merge_text(Parser::new_ext(&pre.src.text, options(env.config)).into_offset_iter());
    if footnotes::present(&events) {
        events = footnotes::apply(events, &mut r.rendered.ids);
    }
    let out = r.transform(events);
    r.rendered.text = text::page_of_events(&out);
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.iter().cloned());
    if let Some(spec) = &input.excerpt {
        r.rendered.excerpt = Some(r.excerpt(out, spec));
    }
    r.rendered.html = html;
    r.rendered
}

/// Joins adjacent text events (pulldown-cmark splits text at special characters). A run is
/// gathered in one growing `String`, not copied at each join (linear in its length).
fn merge_text<'a>(
    iter: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    // The run being joined, once it has more than one event: its text and range.
    let mut run: Option<(String, Range<usize>)> = None;
    for (ev, range) in iter {
        if let Event::Text(t) = &ev {
            if let Some((s, r)) = &mut run {
                s.push_str(t);
                r.end = range.end;
                continue;
            }
            if let Some((Event::Text(prev), prange)) = out.last() {
                let mut s = String::with_capacity(prev.len() + t.len());
                s.push_str(prev);
                s.push_str(t);
                run = Some((s, prange.start..range.end));
                out.pop();
                continue;
            }
        } else if let Some((s, r)) = run.take() {
            out.push((Event::Text(CowStr::from(s)), r));
        }
        out.push((ev, range));
    }
    if let Some((s, r)) = run {
        out.push((Event::Text(CowStr::from(s)), r));
    }
    out
}

struct Renderer<'a, 'e> {
    input: &'a Input<'a>,
    env: &'a Env<'e>,
    /// The source pulldown-cmark parsed (offsets of events point into it).
    src: &'a Mapped<'a>,
    inline: inline::Inline<'a>,
    /// Tags of the marked paragraphs (titles, labels, span elements).
    spans: &'a [(String, String)],
    used_ids: HashSet<String>,
    /// For a heading slug: the last id its suffix chain (`x`, `x_1`, `x_2`, ...) reached, so
    /// the next identical heading starts there (ids are only ever added to `used_ids`).
    id_chain: HashMap<String, String>,
    /// The URLs already in `rendered.links`.
    seen_links: HashSet<String>,
    /// See `blank_prefix`.
    blank_prefix: Vec<usize>,
    /// Headings of the top level, for their excerpt form: (the heading's HTML event, level, id,
    /// extra attributes, inner HTML). Found by their HTML, which the unique id makes unique
    /// (event indices move when the inline extensions split text).
    excerpt_headings: Vec<(String, u8, String, String, String)>,
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
            spans: &[],
            used_ids: HashSet::new(),
            id_chain: HashMap::new(),
            seen_links: HashSet::new(),
            blank_prefix: Vec::new(),
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
    fn report_line(
        &mut self,
        level: Level,
        code: &'static str,
        line: usize,
        col: usize,
        msg: String,
    ) {
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

    /// Records an attr_list id, so anchors to it resolve and headings do not reuse it.
    fn note_attrs(&mut self, a: &attrs::Attrs) {
        if let Some(id) = &a.id {
            self.rendered.ids.insert(id.clone());
            self.used_ids.insert(id.clone());
        }
    }

    fn transform<'x>(&mut self, events: Vec<(Event<'x>, Range<usize>)>) -> Vec<Event<'x>> {
        let cfg = self.env.config;
        let attr_list = cfg.has("attr_list");
        let mut out = Vec::with_capacity(events.len());
        // Text events whose leading attr_list block was consumed by the element before them.
        let mut skip_prefix: HashMap<usize, usize> = HashMap::new();
        // Events consumed by an element before them (a paragraph's attr_list line).
        let mut skip: HashSet<usize> = HashSet::new();
        // End events replaced by other HTML (the closing tag of a marked paragraph).
        let mut ends: HashMap<usize, String> = HashMap::new();
        // Each element's end event and each list's items, found once (not per element: deep
        // nesting made that quadratic).
        let tree = Tree::of(&events);
        // The table being rendered: column alignments, in the head, cell index.
        let mut table: (Vec<pulldown_cmark::Alignment>, bool, usize) = (Vec::new(), false, 0);
        let mut i = 0;
        while i < events.len() {
            if let Some(close) = ends.remove(&i) {
                out.push(Event::Html(close.into()));
                i += 1;
                continue;
            }
            if skip.remove(&i) {
                i += 1;
                continue;
            }
            let (ev, range) = &events[i];
            match ev {
                Event::Start(Tag::Heading { level, .. }) => {
                    let end = tree.end(i);
                    self.depth += 1;
                    let mut inner_events = events[i + 1..end].to_vec();
                    let mut heading_attrs = attrs::Attrs::default();
                    if let Some((Event::Text(t), _)) = inner_events.last_mut() {
                        // Python-Markdown drops trailing `#`s even without a space before them.
                        if t.ends_with('#')
                            && self.src.text[range.clone()].trim_start().starts_with('#')
                        {
                            *t = t.trim_end_matches('#').trim_end().to_string().into();
                        }
                        if attr_list {
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
                    let id = match heading_attrs.id.take() {
                        Some(id) => {
                            self.used_ids.insert(id.clone());
                            id
                        }
                        None => self.heading_id(toc_slugify(&text, "-")),
                    };
                    let lvl = heading_num(*level);
                    if lvl == 1 && self.rendered.h1.is_none() {
                        self.rendered.h1 = Some(text.trim().to_string());
                    }
                    self.rendered.ids.insert(id.clone());
                    self.rendered.toc.push(TocEntry {
                        level: lvl,
                        id: id.clone(),
                        title: toc_label.unwrap_or_else(|| text.trim().to_string()),
                    });
                    let extra = heading_attrs.to_html();
                    let mut h =
                        format!("<h{lvl} id=\"{}\"{extra}>{}", escape_attr(&id), inner_html);
                    if let Some(sym) = &cfg.toc_permalink {
                        h.push_str(&format!(
                            "<a class=\"headerlink\" href=\"#{}\" title=\"{}\">{}</a>",
                            escape_attr(&id),
                            escape_attr(&cfg.toc_permalink_title),
                            sym
                        ));
                    }
                    h.push_str(&format!("</h{lvl}>\n"));
                    if self.depth == 0 && self.input.excerpt.is_some() {
                        self.excerpt_headings.push((
                            h.clone(),
                            lvl,
                            id.clone(),
                            extra.clone(),
                            inner_html.clone(),
                        ));
                    }
                    out.push(Event::Html(h.into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Paragraph) if matches!(events.get(i + 1), Some((Event::InlineHtml(h), _)) if blocks::marker_index(h).is_some()) =>
                {
                    // A title, tab label or span element: its tags instead of `<p>`.
                    let end = tree.end(i);
                    let k = match &events[i + 1].0 {
                        Event::InlineHtml(h) => blocks::marker_index(h).unwrap_or(0),
                        _ => 0,
                    };
                    let (open, close) = self.spans.get(k).cloned().unwrap_or_default();
                    out.push(Event::Html(open.into()));
                    skip.insert(i + 1);
                    if matches!(events.get(i + 2), Some((Event::InlineHtml(h), _)) if h.as_ref() == "</x-blogen>")
                    {
                        skip.insert(i + 2);
                    }
                    ends.insert(end, close);
                }
                Event::Start(Tag::Paragraph) if attr_list => {
                    // `{ .class }` alone on the paragraph's last line.
                    let end = tree.end(i);
                    let before = |k: usize| end.checked_sub(k).and_then(|e| events.get(e));
                    let block = match (before(2), before(1)) {
                        (Some((Event::SoftBreak, _)), Some((Event::Text(t), _)))
                            if end >= i + 3 =>
                        {
                            attrs::block(t)
                        }
                        _ => None,
                    };
                    match block {
                        Some(a) => {
                            self.note_attrs(&a);
                            out.push(Event::Html(format!("<p{}>", a.to_html()).into()));
                            skip.extend([end - 2, end - 1]);
                        }
                        None => out.push(ev.clone()),
                    }
                }
                Event::Start(Tag::Table(aligns)) => {
                    table = (aligns.clone(), false, 0);
                    out.push(ev.clone());
                }
                Event::Start(Tag::TableHead) => {
                    table.1 = true;
                    table.2 = 0;
                    out.push(ev.clone());
                }
                Event::End(TagEnd::TableHead) => {
                    table.1 = false;
                    out.push(ev.clone());
                }
                Event::Start(Tag::TableRow) => {
                    table.2 = 0;
                    out.push(ev.clone());
                }
                Event::End(TagEnd::TableCell) => {
                    table.2 += 1;
                    out.push(ev.clone());
                }
                Event::Start(Tag::TableCell) => {
                    // Python-Markdown's tables: `style="text-align: right;"` (with the `;`).
                    use pulldown_cmark::Alignment;
                    let align = match table.0.get(table.2) {
                        Some(Alignment::Left) => "left",
                        Some(Alignment::Center) => "center",
                        Some(Alignment::Right) => "right",
                        _ => "",
                    };
                    let tag = if table.1 { "th" } else { "td" };
                    let html = if align.is_empty() {
                        format!("<{tag}>")
                    } else {
                        format!("<{tag} style=\"text-align: {align};\">")
                    };
                    out.push(Event::Html(html.into()));
                }
                Event::Start(Tag::DefinitionListDefinition) => {
                    // Python-Markdown wraps a definition's first paragraph in `<p>` only when a
                    // blank line stands between it and its term.
                    out.push(ev.clone());
                    if let Some((Event::Start(Tag::Paragraph), _)) = events.get(i + 1) {
                        let line = self.src.line_index(range.start);
                        if line > 0 && !self.is_blank_line(line - 1) {
                            skip.extend([i + 1, tree.end(i + 1)]);
                        }
                    }
                }
                Event::Start(Tag::List(start)) => {
                    self.python_list_paragraphs(&events, &tree, i, &mut skip);
                    if !cfg.has("pymdownx.tasklist") {
                        out.push(ev.clone());
                        i += 1;
                        continue;
                    }
                    if tree.items(i).iter().any(|&k| is_task_item(&events, k)) {
                        let tag = match start {
                            None => "<ul class=\"task-list\">\n".to_string(),
                            Some(1) => "<ol class=\"task-list\">\n".to_string(),
                            Some(n) => format!("<ol class=\"task-list\" start=\"{n}\">\n"),
                        };
                        out.push(Event::Html(tag.into()));
                    } else {
                        out.push(ev.clone());
                    }
                }
                Event::Start(Tag::Item) if is_task_item(&events, i) => {
                    out.push(Event::Html("<li class=\"task-list-item\">".into()));
                }
                Event::TaskListMarker(checked) => {
                    let input = if *checked {
                        "<input type=\"checkbox\" disabled checked/>"
                    } else {
                        "<input type=\"checkbox\" disabled/>"
                    };
                    let html = if cfg.tasklist_custom_checkbox {
                        format!("<label class=\"task-list-control\">{input}<span class=\"task-list-indicator\"></span></label> ")
                    } else {
                        format!("{input} ")
                    };
                    out.push(Event::InlineHtml(html.into()));
                }
                Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                    let end = tree.end(i);
                    match self.trailing_attrs(&events, end) {
                        Some((a, used)) => {
                            let name = match tag {
                                Tag::Emphasis => "em",
                                Tag::Strong => "strong",
                                _ => "del",
                            };
                            self.note_attrs(&a);
                            out.push(Event::InlineHtml(format!("<{name}{}>", a.to_html()).into()));
                            skip_prefix.insert(end + 1, used);
                        }
                        None => out.push(ev.clone()),
                    }
                }
                Event::Code(code) => {
                    let hilite = if cfg.has("pymdownx.inlinehilite") {
                        highlight::inline_code(code)
                    } else {
                        None
                    };
                    let attrs = self.trailing_attrs(&events, i);
                    match (hilite, attrs) {
                        (Some(html), _) => out.push(Event::InlineHtml(html.into())),
                        (None, Some((a, used))) => {
                            self.note_attrs(&a);
                            out.push(Event::InlineHtml(
                                format!("<code{}>{}</code>", a.to_html(), escape_text(code)).into(),
                            ));
                            skip_prefix.insert(i + 1, used);
                        }
                        (None, None) => out.push(ev.clone()),
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = tree.end(i);
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
                    let end = tree.end(i);
                    let href = self.rewrite_url(dest_url, range.start, false);
                    let mut tag = format!("<a href=\"{}\"", escape_attr(&href));
                    if !title.is_empty() {
                        tag.push_str(&format!(" title=\"{}\"", escape_attr(title)));
                    }
                    if let Some((attrs, used)) = self.trailing_attrs(&events, end) {
                        self.note_attrs(&attrs);
                        tag.push_str(&attrs.to_html());
                        skip_prefix.insert(end + 1, used);
                    }
                    tag.push('>');
                    out.push(Event::InlineHtml(tag.into()));
                }
                Event::End(TagEnd::Link) => {
                    out.push(Event::InlineHtml("</a>".into()));
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = tree.end(i);
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
                        self.note_attrs(&attrs);
                        tag.push_str(&attrs.to_html());
                        skip_prefix.insert(end + 1, used);
                    }
                    tag.push_str(" />");
                    out.push(Event::InlineHtml(tag.into()));
                    i = end + 1;
                    continue;
                }
                Event::Text(t) => {
                    if let Some(&used) = skip_prefix.get(&i) {
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
        self.inline.apply(out)
    }

    /// Python-Markdown decides per item whether its text is a paragraph: only an item next to
    /// a blank line of the list (before it, inside it, or before the next item) gets `<p>`,
    /// where CommonMark makes every item of such a list loose. Adds to `skip` the paragraph
    /// tags of the items that Python-Markdown keeps tight.
    fn python_list_paragraphs(
        &mut self,
        events: &[(Event, Range<usize>)],
        tree: &Tree,
        start: usize,
        skip: &mut HashSet<usize>,
    ) {
        let items = tree.items(start);
        if !items
            .iter()
            .any(|&k| matches!(events.get(k + 1), Some((Event::Start(Tag::Paragraph), _))))
        {
            return;
        }
        // By line numbers (not by scanning the text around each item, which deep nesting on
        // one line made quadratic).
        let blank_before: Vec<bool> = items
            .iter()
            .map(|&k| {
                let line = self.src.line_index(events[k].1.start);
                line > 0 && self.is_blank_line(line - 1)
            })
            .collect();
        for (n, &k) in items.iter().enumerate() {
            let r = &events[k].1;
            let text = self.src.text.as_ref();
            let end = r.end.min(text.len());
            let body_len = text.get(r.start..end).map_or(0, |b| b.trim_end().len());
            // A blank line strictly after the item's first line and before its last.
            let blank_inside = body_len > 0 && {
                let first = self.src.line_index(r.start);
                let last = self.src.line_index(r.start + body_len - 1);
                last > first + 1 && self.blank_lines_between(first + 1, last) > 0
            };
            let loose = (n > 0 && blank_before[n])
                || blank_inside
                || blank_before.get(n + 1).copied().unwrap_or(false);
            if !loose {
                if let Some((Event::Start(Tag::Paragraph), _)) = events.get(k + 1) {
                    skip.extend([k + 1, tree.end(k + 1)]);
                }
            }
        }
    }

    /// The number of blank lines of the parsed source among lines `from..to`.
    fn blank_lines_between(&mut self, from: usize, to: usize) -> usize {
        let prefix = self.blank_prefix();
        let at = |i: usize| prefix.get(i).or(prefix.last()).copied().unwrap_or(0);
        at(to).saturating_sub(at(from))
    }

    fn is_blank_line(&mut self, line: usize) -> bool {
        self.blank_lines_between(line, line + 1) > 0
    }

    /// `prefix[i]`: how many of the lines before line `i` are blank (computed once).
    fn blank_prefix(&mut self) -> &[usize] {
        if self.blank_prefix.is_empty() {
            let n = self.src.line_count();
            let mut prefix = Vec::with_capacity(n + 1);
            prefix.push(0);
            let mut count = 0;
            for i in 0..n {
                let r = self.src.line_range(i);
                if self.src.text[r].trim().is_empty() {
                    count += 1;
                }
                prefix.push(count);
            }
            self.blank_prefix = prefix;
        }
        &self.blank_prefix
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
        // `{ .python title="x" }` as well as `python title="x"`.
        let info = match info.strip_prefix('{') {
            Some(rest) => rest.trim_end().trim_end_matches('}').trim(),
            None => info,
        };
        let (lang, opts_str) = match info.find(char::is_whitespace) {
            Some(i) => (&info[..i], info[i..].trim()),
            None => (info, ""),
        };
        // ` title="x"` alone: no language.
        let (lang, opts_str) = if lang.contains('=') {
            ("", info)
        } else {
            (lang, opts_str)
        };
        let lang = lang.trim_start_matches('.');
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
        let cfg = self.env.config;
        if !(cfg.has("pymdownx.highlight")
            || cfg.has("pymdownx.superfences")
            || cfg.has("codehilite"))
        {
            // mkdocs' built-in fenced_code: no highlighting.
            let class = if lang.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", escape_attr(lang))
            };
            return format!("<pre><code{class}>{}</code></pre>\n", escape_attr(code));
        }
        let mut opts = parse_fence_options(opts_str);
        // `{ .sh .no-copy }`: further classes go on the wrapper.
        for t in opts_str.split_whitespace() {
            if let Some(c) = t
                .strip_prefix('.')
                .filter(|c| !c.is_empty() && !c.contains(['=', '"']))
            {
                opts.classes.push(c.to_string());
            } else if let Some(id) = t.strip_prefix('#').filter(|c| !c.is_empty()) {
                opts.id = Some(id.to_string());
            }
        }
        let cache = self
            .env
            .highlight_cache
            .map(|c| (c, &mut self.rendered.highlight_keys));
        highlight::highlight_block(code, lang, &opts, cfg.linenums, cache)
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

/// Whether the item starting at `k` begins with a task marker (`[ ]`, `[x]`).
fn is_task_item(events: &[(Event, Range<usize>)], k: usize) -> bool {
    match events.get(k + 1) {
        Some((Event::TaskListMarker(_), _)) => true,
        Some((Event::Start(Tag::Paragraph), _)) => {
            matches!(events.get(k + 2), Some((Event::TaskListMarker(_), _)))
        }
        _ => false,
    }
}

/// The element structure of an event list, found in one pass: the `End` event of each
/// `Start`, and the items directly inside each list.
struct Tree {
    /// For a `Start` at `i`: the index of its `End` (the last event when unbalanced).
    end: Vec<usize>,
    /// A list's start index -> its direct items' start indices.
    items: HashMap<usize, Vec<usize>>,
}

impl Tree {
    fn of(events: &[(Event, Range<usize>)]) -> Tree {
        let last = events.len().saturating_sub(1);
        let mut end: Vec<usize> = (0..events.len()).collect();
        let mut items: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut open: Vec<usize> = Vec::new();
        for (j, (e, _)) in events.iter().enumerate() {
            match e {
                Event::Start(t) => {
                    if let (Tag::Item, Some(&parent)) = (t, open.last()) {
                        if matches!(events[parent].0, Event::Start(Tag::List(_))) {
                            items.entry(parent).or_default().push(j);
                        }
                    }
                    open.push(j);
                }
                Event::End(_) => {
                    if let Some(s) = open.pop() {
                        end[s] = j;
                    }
                }
                _ => {}
            }
        }
        for s in open {
            end[s] = last;
        }
        Tree { end, items }
    }

    fn end(&self, start: usize) -> usize {
        self.end.get(start).copied().unwrap_or(start)
    }

    fn items(&self, list: usize) -> &[usize] {
        self.items.get(&list).map_or(&[], Vec::as_slice)
    }
}

/// `title="x.py" linenums="1" hl_lines="2 3"` (quotes optional).
fn parse_fence_options(s: &str) -> FenceOptions {
    let mut o = FenceOptions::default();
    let mut rest = s.trim().trim_end_matches('}');
    while let Some(eq) = rest.find('=') {
        // The word before `=` (`.sh .no-copy hl_lines="2"`).
        let key = rest[..eq]
            .trim()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
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
                        // Kept as a range: `highlight` clamps it to the block's lines.
                        if let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) {
                            o.hl_lines.push((a, b));
                        }
                    } else if let Ok(n) = part.parse() {
                        o.hl_lines.push((n, n));
                    }
                }
            }
            _ => {}
        }
        rest = next;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_runs_merge_into_one_event() {
        let src = "a_ b_ c] < d *e*";
        let events = merge_text(Parser::new(src).into_offset_iter());
        let texts: Vec<(String, Range<usize>)> = events
            .iter()
            .filter_map(|(e, r)| match e {
                Event::Text(t) => Some((t.to_string(), r.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                ("a_ b_ c] < d ".to_string(), 0..13),
                ("e".to_string(), 14..15)
            ]
        );
    }

    #[test]
    fn tree_finds_ends_and_direct_items() {
        let src = "- a\n  - b\n  - c\n- d\n";
        let events: Vec<_> = Parser::new(src).into_offset_iter().collect();
        let tree = Tree::of(&events);
        for (i, (e, _)) in events.iter().enumerate() {
            if let Event::Start(_) = e {
                let mut depth = 0i32;
                let end = (i..events.len())
                    .find(|&j| {
                        match events[j].0 {
                            Event::Start(_) => depth += 1,
                            Event::End(_) => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .unwrap();
                assert_eq!(tree.end(i), end, "event {i}");
            }
        }
        assert_eq!(tree.items(0).len(), 2);
        let inner = events
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, (e, _))| matches!(e, Event::Start(Tag::List(_))))
            .map(|(k, _)| k)
            .unwrap();
        assert_eq!(tree.items(inner).len(), 2);
    }

    #[test]
    fn hl_lines_are_parsed_as_ranges() {
        let o = parse_fence_options(
            "hl_lines=\"1-99999999999 3 x 5-2\" linenums=\"18446744073709551615\"",
        );
        assert_eq!(o.hl_lines, vec![(1, 99_999_999_999), (3, 3), (5, 2)]);
        assert_eq!(o.linenums, Some(usize::MAX));
    }
}
