//! The plain text of rendered Markdown, taken from its events as the page renders: text events
//! are already decoded by pulldown-cmark and go straight to the text; raw and generated HTML
//! goes through the streaming tokenizer (`tokenizer.rs`). The walk over the events writes the
//! same tags and line breaks as `pulldown_cmark::html::push_html`, so the text is the one of
//! the page's HTML. Feeding an HTML string alone (`page_of_html`, `plain_of_html`) gives the
//! same result for HTML that does not come from Markdown.

pub use super::tokenizer::{entity_at, Place, Sink, Tokenizer};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashMap;

/// Walks rendered events as `push_html` writes them, feeding the tokenizer.
pub struct Walker<'s, S: Sink> {
    tok: Tokenizer,
    sink: &'s mut S,
    /// The last output ended with a line break (`push_html`'s `end_newline`).
    end_newline: bool,
    in_table_head: bool,
    /// Inside an image's alt text (its events are an attribute, not text): the nesting depth.
    in_image: usize,
    in_metadata: bool,
    /// Footnote numbers in order of first use, as `push_html` numbers them.
    numbers: HashMap<String, usize>,
}

impl<'s, S: Sink> Walker<'s, S> {
    pub fn new(sink: &'s mut S) -> Self {
        Walker {
            tok: Tokenizer::default(),
            sink,
            end_newline: true,
            in_table_head: false,
            in_image: 0,
            in_metadata: false,
            numbers: HashMap::new(),
        }
    }

    /// HTML written as it is.
    fn write(&mut self, s: &str) {
        self.tok.html(s, self.sink);
        if !s.is_empty() {
            self.end_newline = s.ends_with('\n');
        }
    }

    /// `push_html` starts a block on a new line.
    fn block(&mut self, s: &str) {
        if !self.end_newline {
            self.write("\n");
        }
        self.write(s);
    }

    /// Plain text (a text event): straight to the sink in text, else as the HTML `push_html`
    /// writes for it.
    fn text(&mut self, t: &str) {
        if self.tok.in_text() {
            self.tok.plain(t, self.sink);
        } else {
            let mut escaped = String::with_capacity(t.len());
            super::html::push_escaped_text(&mut escaped, t);
            self.tok.html(&escaped, self.sink);
        }
    }

    fn footnote_number(&mut self, name: &str) -> String {
        let len = self.numbers.len() + 1;
        self.numbers
            .entry(name.to_string())
            .or_insert(len)
            .to_string()
    }

    pub fn event(&mut self, e: &Event) {
        if self.in_image > 0 {
            match e {
                Event::Start(_) => self.in_image += 1,
                Event::End(_) => self.in_image -= 1,
                _ => {}
            }
            return;
        }
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(t) => {
                if !self.in_metadata {
                    self.text(t);
                    self.end_newline = t.ends_with('\n');
                }
            }
            Event::Code(t) => {
                self.write("<code>");
                self.text(t);
                self.write("</code>");
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.write("<span>");
                self.text(t);
                self.write("</span>");
            }
            Event::Html(h) | Event::InlineHtml(h) => self.write(h),
            Event::SoftBreak => self.write("\n"),
            Event::HardBreak => self.write("<br />\n"),
            Event::Rule => self.block("<hr />\n"),
            Event::FootnoteReference(name) => {
                self.write("<sup><a>");
                let n = self.footnote_number(name);
                self.text(&n);
                self.write("</a></sup>");
            }
            Event::TaskListMarker(_) => self.write("<input/>\n"),
        }
    }

    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::HtmlBlock => {}
            Tag::Paragraph => self.block("<p>"),
            Tag::Heading { level, .. } => self.block(&format!("<{level}>")),
            Tag::Table(_) => self.write("<table>"),
            Tag::TableHead => {
                self.in_table_head = true;
                self.write("<thead><tr>");
            }
            Tag::TableRow => self.write("<tr>"),
            Tag::TableCell => self.write(if self.in_table_head { "<th>" } else { "<td>" }),
            Tag::BlockQuote(_) => self.block("<blockquote>\n"),
            Tag::CodeBlock(_) => self.block("<pre><code>"),
            Tag::List(Some(_)) => self.block("<ol>\n"),
            Tag::List(None) => self.block("<ul>\n"),
            Tag::Item => self.block("<li>"),
            Tag::DefinitionList => self.block("<dl>\n"),
            Tag::DefinitionListTitle => self.block("<dt>"),
            Tag::DefinitionListDefinition => self.block("<dd>"),
            Tag::Subscript => self.write("<sub>"),
            Tag::Superscript => self.write("<sup>"),
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            Tag::Link { .. } => self.write("<a>"),
            Tag::Image { .. } => {
                self.write("<img />");
                self.in_image = 1;
            }
            Tag::FootnoteDefinition(name) => {
                self.block("<div><sup>");
                let n = self.footnote_number(name);
                self.text(&n);
                self.write("</sup>");
            }
            Tag::MetadataBlock(_) => self.in_metadata = true,
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let html = match tag {
            TagEnd::HtmlBlock | TagEnd::Image => return,
            TagEnd::MetadataBlock(_) => {
                self.in_metadata = false;
                return;
            }
            TagEnd::Paragraph => "</p>\n",
            TagEnd::Heading(level) => {
                self.write(&format!("</{level}>\n"));
                return;
            }
            TagEnd::Table => "</tbody></table>\n",
            TagEnd::TableHead => {
                self.in_table_head = false;
                "</tr></thead><tbody>\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell if self.in_table_head => "</th>",
            TagEnd::TableCell => "</td>",
            TagEnd::BlockQuote(_) => "</blockquote>\n",
            TagEnd::CodeBlock => "</code></pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::DefinitionList => "</dl>\n",
            TagEnd::DefinitionListTitle => "</dt>\n",
            TagEnd::DefinitionListDefinition => "</dd>\n",
            TagEnd::Emphasis => "</em>",
            TagEnd::Superscript => "</sup>",
            TagEnd::Subscript => "</sub>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Link => "</a>",
            TagEnd::FootnoteDefinition => "</div>\n",
        };
        self.write(html);
    }
}

/// What the page's text gives the site: read time's word and image counts, and the search
/// text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// `len(re.split(r"\W+", text))` of the text outside `SKIP` elements, as read time counts.
    pub words: usize,
    /// `<img>` tags.
    pub images: usize,
    /// The text for search: diagrams and `¶` left out, runs of whitespace folded to one space,
    /// trimmed.
    pub search: String,
}

/// Builds a `PageText` from the text as it comes.
#[derive(Default)]
struct PageSink {
    text: PageText,
    /// The last character counted for read time was a separator.
    in_sep: bool,
    /// Whitespace is pending before the next search character.
    space: bool,
}

impl Sink for PageSink {
    fn text(&mut self, s: &str, place: Place) {
        if !place.skipped {
            for c in s.chars() {
                let sep = !(c.is_alphanumeric() || c == '_');
                if sep && !self.in_sep {
                    self.text.words += 1;
                }
                self.in_sep = sep;
            }
        }
        if !place.diagram {
            let out = &mut self.text.search;
            for c in s.chars() {
                if c.is_whitespace() {
                    self.space = !out.is_empty();
                } else if c != '¶' {
                    if self.space {
                        out.push(' ');
                        self.space = false;
                    }
                    out.push(c);
                }
            }
        }
    }

    fn image(&mut self) {
        self.text.images += 1;
    }
}

impl PageSink {
    fn new(capacity: usize) -> Self {
        PageSink {
            text: PageText {
                // `re.split` gives one more piece than there are separator runs.
                words: 1,
                images: 0,
                search: String::with_capacity(capacity),
            },
            in_sep: false,
            space: false,
        }
    }
}

/// All the text, as it is.
struct Plain(String);

impl Sink for Plain {
    fn text(&mut self, s: &str, _place: Place) {
        self.0.push_str(s);
    }
}

/// The text of a page from its rendered events (the ones `push_html` writes).
pub fn page_of_events(events: &[Event]) -> PageText {
    let mut sink = PageSink::new(1024);
    let mut w = Walker::new(&mut sink);
    for e in events {
        w.event(e);
    }
    sink.text
}

/// The text of an HTML page.
pub fn page_of_html(html: &str) -> PageText {
    let mut sink = PageSink::new(html.len() / 2);
    Tokenizer::default().html(html, &mut sink);
    sink.text
}

/// All the text of rendered events (a heading's), as it is.
pub fn plain_of_events(events: &[Event]) -> String {
    let mut sink = Plain(String::new());
    let mut w = Walker::new(&mut sink);
    for e in events {
        w.event(e);
    }
    sink.0
}

/// All the text of an HTML fragment, as it is.
pub fn plain_of_html(html: &str) -> String {
    let mut sink = Plain(String::with_capacity(html.len()));
    Tokenizer::default().html(html, &mut sink);
    sink.0
}
