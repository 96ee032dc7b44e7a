//! Markdown -> HTML for one page, as Python-Markdown with mkdocs-material's usual extensions
//! renders it. First line-based pre-passes (`includes.rs`, then `blocks.rs` for admonitions,
//! details, tabs, md_in_html and abbreviation definitions) rewrite the source, keeping a map
//! back to the page's lines (`source.rs`); then one pulldown-cmark parse, footnotes laid out
//! (`footnotes.rs`), and one pass over its events (`transform`, the driver kept here) that
//! hands each event to the handler of its construct, each in its own file: headings and the
//! toc (`headings.rs`), attr_list on paragraphs and inline elements (`attrs.rs`), the marked
//! paragraphs of the pre-pass (`blocks.rs`), tables (`tables.rs`), lists, task lists and
//! definitions (`lists.rs`), code blocks and inline code (`code.rs`), links and images
//! (`rewrite.rs`); then the inline extensions (`inline.rs`), the page's text (`text.rs`) and
//! the excerpt (`excerpt.rs`). Only extensions enabled in `markdown_extensions` change the
//! output. Pure: it reads no files (included files come from `Env::includes`) and returns
//! what it found (title, toc, links, text, problems) alongside the HTML.

pub mod admonition;
pub mod attrs;
pub mod blocks;
mod code;
pub mod emoji;
mod excerpt;
pub mod footnotes;
mod headings;
pub mod highlight;
pub mod hlcache;
pub mod html;
pub mod icons;
pub mod includes;
pub mod inline;
pub mod languages;
mod linkdefs;
mod lists;
pub mod math;
pub mod md_in_html;
pub mod page;
mod rewrite;
pub mod source;
pub mod tabbed;
mod tables;
pub mod text;
mod tokenizer;

use crate::config::{Level, MarkdownConfig, Validation};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::links::{self, LinkIndex};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
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
        emoji_options: cfg.emoji,
        attr_list: cfg.has("attr_list"),
        found: Default::default(),
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
            ex.snippet_check_paths = cfg.snippets_check_paths;
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
                severity: Severity::Warning,
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
        let level = match p.severity {
            Severity::Info => Level::Info,
            _ => Level::Warn,
        };
        r.report_line(level, p.code, p.origin.line, p.col, p.message.clone());
        if p.severity == Severity::Error {
            if let Some(d) = r.rendered.diagnostics.last_mut() {
                d.severity = Severity::Error;
            }
        }
    }
    let mut events: Vec<(Event, Range<usize>)> =
        merge_text(Parser::new_ext(&pre.src.text, options(env.config)).into_offset_iter());
    if footnotes::present(&events) {
        events = footnotes::apply(events, &mut r.rendered.ids);
    }
    let out = r.transform(events);
    r.emoji_findings();
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
    /// Highlighted code blocks so far (they number their line anchors).
    code_blocks: usize,
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
            code_blocks: 0,
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

    /// Applies the handlers of the constructs to a list of events (a page's, or a heading's
    /// content), then the inline extensions.
    fn transform<'x>(&mut self, events: Vec<(Event<'x>, Range<usize>)>) -> Vec<Event<'x>> {
        let mut p = Pass {
            events: &events,
            tree: Tree::of(&events),
            out: Vec::with_capacity(events.len()),
            attr_list: self.env.config.has("attr_list"),
            skip_prefix: HashMap::new(),
            skip: HashSet::new(),
            ends: HashMap::new(),
            table: tables::Table::default(),
        };
        let mut i = 0;
        while i < events.len() {
            if let Some(close) = p.ends.remove(&i) {
                p.out.push(Event::Html(close.into()));
                i += 1;
            } else if p.skip.remove(&i) {
                i += 1;
            } else {
                i = self.event(&mut p, i);
            }
        }
        let out = p.out;
        self.inline.apply(out)
    }

    /// Hands the event at `i` to the handler of its construct; returns the next index.
    fn event<'x>(&mut self, p: &mut Pass<'_, 'x>, i: usize) -> usize {
        let events = p.events;
        let ev = &events[i].0;
        match ev {
            Event::Start(Tag::Heading { level, .. }) => return self.heading(p, i, *level),
            Event::Start(Tag::CodeBlock(kind)) => return self.fence(p, i, kind),
            Event::Start(Tag::Image { .. }) => return self.image(p, i),
            Event::Start(Tag::Paragraph) => match blocks::marked_at(events, i) {
                Some(k) => return self.marked_paragraph(p, i, k),
                None if p.attr_list => self.paragraph_attrs(p, i),
                None => p.out.push(ev.clone()),
            },
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(TagEnd::TableHead | TagEnd::TableCell) => p.table_event(i),
            Event::Start(Tag::DefinitionListDefinition) => self.definition(p, i),
            Event::Start(Tag::List(start)) => self.list(p, i, *start),
            Event::Start(Tag::Item) if lists::is_task_item(events, i) => {
                p.out
                    .push(Event::Html("<li class=\"task-list-item\">".into()));
            }
            Event::TaskListMarker(checked) => self.task_marker(p, *checked),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                self.inline_attrs(p, i);
            }
            Event::InlineHtml(h) | Event::Html(h) if h.starts_with("<x-blogen-math") => {
                if let Some(m) = math::marker_html(h, &self.env.config.arithmatex) {
                    p.out.push(Event::InlineHtml(m.into()));
                }
            }
            Event::InlineHtml(h) | Event::Html(h) if h.as_ref() == math::MARK_CLOSE => {}
            Event::Html(h) if md_in_html::raw_heading_index(h).is_some() => {
                self.raw_heading(p, md_in_html::raw_heading_index(h).unwrap_or(0));
            }
            Event::Code(code) => self.code_span(p, i, code),
            Event::Start(Tag::Link { .. }) => self.link(p, i),
            Event::End(TagEnd::Link) => p.out.push(Event::InlineHtml("</a>".into())),
            Event::Text(t) => match p.skip_prefix.get(&i) {
                Some(&used) => {
                    let rest = &t[used..];
                    if !rest.is_empty() {
                        p.out.push(Event::Text(rest.to_string().into()));
                    }
                }
                None => p.out.push(ev.clone()),
            },
            other => p.out.push(other.clone()),
        }
        i + 1
    }
}

/// One pass of `transform` over a list of events: what its handlers share.
struct Pass<'p, 'x> {
    events: &'p [(Event<'x>, Range<usize>)],
    /// Each element's end event and each list's items, found once (not per element: deep
    /// nesting made that quadratic).
    tree: Tree,
    out: Vec<Event<'x>>,
    attr_list: bool,
    /// Text events whose leading attr_list block was consumed by the element before them.
    skip_prefix: HashMap<usize, usize>,
    /// Events consumed by an element before them (a paragraph's attr_list line).
    skip: HashSet<usize>,
    /// End events replaced by other HTML (the closing tag of a marked paragraph).
    ends: HashMap<usize, String>,
    table: tables::Table,
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
}
