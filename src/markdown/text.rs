//! The plain text of rendered Markdown, taken from its events as the page renders: text events
//! are already decoded by pulldown-cmark and go straight to the text; raw and generated HTML
//! goes through a small streaming tokenizer (quoted attribute values, comments, `script` and
//! `style` content, every HTML5 named entity from `htmlize`). The walk over the events writes the
//! same tags and line breaks as `pulldown_cmark::html::push_html`, so the text is the one of the
//! page's HTML. Feeding an HTML string alone (`of_html`, `plain_of_html`) gives the same result
//! for HTML that does not come from Markdown.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashMap;

/// Where a piece of text sits in the page.
#[derive(Clone, Copy, Debug, Default)]
pub struct Place {
    /// Inside `object`, `script`, `style` or `svg`: not read, so not counted for read time.
    pub skipped: bool,
    /// Inside a diagram (`<pre class="mermaid">`): its source is not searched.
    pub diagram: bool,
}

/// Receives the text of a page as the tokenizer finds it.
pub trait Sink {
    fn text(&mut self, s: &str, place: Place);
    /// An `<img>` start tag.
    fn image(&mut self) {}
}

/// The elements whose text read time leaves out.
const SKIP: [&str; 4] = ["object", "script", "style", "svg"];
/// Elements without an end tag (never on the open-element stack).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// How a diagram block starts (the passthrough fence's HTML).
const DIAGRAM: &str = "<pre class=\"mermaid\">";

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Data,
    /// After `<`.
    Lt,
    /// After `</`.
    LtSlash,
    /// In a tag's name.
    Name,
    /// In a tag, after its name (attribute names, `=`, whitespace).
    Attrs,
    /// After an attribute's `=`.
    BeforeValue,
    /// In a quoted attribute value.
    Quoted(u8),
    /// In an unquoted attribute value.
    Unquoted,
    /// After `<!`, and after `<!-`.
    Bang,
    BangDash,
    /// In a comment; the number of `-` just seen (2 right after `<!--`, so `<!-->` closes it).
    Comment(u8),
    /// `<?…>`, `<!DOCTYPE …>`, `</ …>`: up to the next `>`.
    Bogus,
    /// The content of `script` or `style`: text up to its end tag.
    RawText,
}

/// A streaming HTML tokenizer that hands the text it finds to a `Sink`. Input may arrive in
/// pieces (a tag may span two pieces); every byte is looked at a bounded number of times.
pub struct Tokenizer {
    state: State,
    /// The current tag's name, lowercased.
    name: String,
    end_tag: bool,
    /// The current start tag began a diagram block.
    opens_diagram: bool,
    /// Names of the open elements, one after the other in `names`, starting at `stack[k]`.
    names: String,
    stack: Vec<usize>,
    skip_depth: usize,
    diagram: bool,
    /// The element whose raw text is being read (`script` or `style`).
    raw: &'static str,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            state: State::Data,
            name: String::new(),
            end_tag: false,
            opens_diagram: false,
            names: String::new(),
            stack: Vec::new(),
            skip_depth: 0,
            diagram: false,
            raw: "",
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl Tokenizer {
    fn place(&self) -> Place {
        Place {
            skipped: self.skip_depth > 0,
            diagram: self.diagram,
        }
    }

    /// Whether text handed over now would be text of the page (not inside a tag or comment).
    pub fn in_text(&self) -> bool {
        self.state == State::Data
    }

    /// Text that is already plain (a Markdown text event) while `in_text()`.
    pub fn plain(&self, s: &str, sink: &mut impl Sink) {
        sink.text(s, self.place());
    }

    /// Tokenizes the next piece of HTML.
    pub fn html(&mut self, s: &str, sink: &mut impl Sink) {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match self.state {
                State::Data => {
                    let Some(k) = memchr::memchr2(b'<', b'&', &b[i..]) else {
                        sink.text(&s[i..], self.place());
                        return;
                    };
                    if k > 0 {
                        sink.text(&s[i..i + k], self.place());
                    }
                    i += k;
                    if b[i] == b'&' {
                        i = self.entity(s, i, sink);
                    } else {
                        self.opens_diagram = s[i..].starts_with(DIAGRAM);
                        self.state = State::Lt;
                        i += 1;
                    }
                }
                State::Lt => {
                    let c = b[i];
                    if c.is_ascii_alphabetic() {
                        self.start_name(false);
                    } else if c == b'/' {
                        self.state = State::LtSlash;
                        i += 1;
                    } else if c == b'!' {
                        self.state = State::Bang;
                        i += 1;
                    } else if c == b'?' {
                        self.state = State::Bogus;
                        i += 1;
                    } else {
                        // Not a tag: the `<` is text.
                        sink.text("<", self.place());
                        self.state = State::Data;
                    }
                }
                State::LtSlash => {
                    let c = b[i];
                    if c.is_ascii_alphabetic() {
                        self.start_name(true);
                    } else if c == b'>' {
                        // `</>` is dropped.
                        self.state = State::Data;
                        i += 1;
                    } else {
                        self.state = State::Bogus;
                    }
                }
                State::Name => {
                    let end = b[i..]
                        .iter()
                        .position(|&c| is_space(c) || c == b'/' || c == b'>')
                        .map_or(b.len(), |k| i + k);
                    self.name.push_str(&s[i..end].to_ascii_lowercase());
                    i = end;
                    if i < b.len() {
                        self.state = State::Attrs;
                    }
                }
                State::Attrs => {
                    match b[i] {
                        b'>' => self.tag_end(sink),
                        b'=' => self.state = State::BeforeValue,
                        _ => {}
                    }
                    i += 1;
                }
                State::BeforeValue => {
                    match b[i] {
                        c if is_space(c) => {}
                        q @ (b'"' | b'\'') => self.state = State::Quoted(q),
                        b'>' => self.tag_end(sink),
                        _ => self.state = State::Unquoted,
                    }
                    i += 1;
                }
                State::Quoted(q) => match memchr::memchr(q, &b[i..]) {
                    Some(k) => {
                        i += k + 1;
                        self.state = State::Attrs;
                    }
                    None => return,
                },
                State::Unquoted => {
                    match b[i] {
                        c if is_space(c) => self.state = State::Attrs,
                        b'>' => self.tag_end(sink),
                        _ => {}
                    }
                    i += 1;
                }
                State::Bang => {
                    self.state = if b[i] == b'-' {
                        i += 1;
                        State::BangDash
                    } else {
                        State::Bogus
                    };
                }
                State::BangDash => {
                    self.state = if b[i] == b'-' {
                        i += 1;
                        State::Comment(2)
                    } else {
                        State::Bogus
                    };
                }
                State::Comment(dashes) => {
                    self.state = match b[i] {
                        b'-' => State::Comment(dashes.saturating_add(1).min(2)),
                        b'>' if dashes >= 2 => State::Data,
                        _ => State::Comment(0),
                    };
                    i += 1;
                }
                State::Bogus => match memchr::memchr(b'>', &b[i..]) {
                    Some(k) => {
                        i += k + 1;
                        self.state = State::Data;
                    }
                    None => return,
                },
                State::RawText => {
                    // Up to `</name` followed by whitespace, `/`, `>` or the end of the piece.
                    let mut from = i;
                    let close = loop {
                        match memchr::memmem::find(&b[from..], b"</") {
                            Some(k) => {
                                let at = from + k;
                                let after = at + 2 + self.raw.len();
                                let named = b
                                    .get(at + 2..after)
                                    .is_some_and(|n| n.eq_ignore_ascii_case(self.raw.as_bytes()));
                                let ends = b
                                    .get(after)
                                    .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>');
                                if named && ends {
                                    break Some((at, after));
                                }
                                from = at + 2;
                            }
                            None => break None,
                        }
                    };
                    let Some((at, after)) = close else {
                        sink.text(&s[i..], self.place());
                        return;
                    };
                    if at > i {
                        sink.text(&s[i..at], self.place());
                    }
                    self.name.clear();
                    self.name.push_str(self.raw);
                    self.end_tag = true;
                    self.opens_diagram = false;
                    self.state = State::Attrs;
                    i = after;
                }
            }
        }
    }

    fn start_name(&mut self, end_tag: bool) {
        self.name.clear();
        self.end_tag = end_tag;
        if end_tag {
            self.opens_diagram = false;
        }
        self.state = State::Name;
    }

    /// A `&` at `i` in text: the entity's text, or the `&` itself. Returns where the text goes
    /// on.
    fn entity(&self, s: &str, i: usize, sink: &mut impl Sink) -> usize {
        let place = self.place();
        match entity_at(s, i, |t| sink.text(t, place)) {
            Some(len) => i + len,
            None => {
                sink.text("&", place);
                i + 1
            }
        }
    }

    /// The `>` of a tag.
    fn tag_end(&mut self, sink: &mut impl Sink) {
        self.state = State::Data;
        let name = std::mem::take(&mut self.name);
        if self.end_tag {
            let top = self.stack.last().map(|&at| &self.names[at..]);
            if top == Some(name.as_str()) {
                if let Some(at) = self.stack.pop() {
                    self.names.truncate(at);
                }
                if SKIP.contains(&name.as_str()) {
                    self.skip_depth = self.skip_depth.saturating_sub(1);
                }
            }
            if name == "pre" {
                self.diagram = false;
            }
        } else {
            if name == "img" {
                sink.image();
            }
            if !VOID.contains(&name.as_str()) {
                if SKIP.contains(&name.as_str()) {
                    self.skip_depth += 1;
                }
                self.stack.push(self.names.len());
                self.names.push_str(&name);
                if let Some(raw) = ["script", "style"].into_iter().find(|r| *r == name) {
                    self.raw = raw;
                    self.state = State::RawText;
                }
            }
            if self.opens_diagram {
                self.diagram = true;
            }
        }
        self.opens_diagram = false;
        self.name = name;
    }
}

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

/// The entity (`&name;`, `&#N;`, `&#xN;`) that starts at byte `i` of `s` (a `&`): hands its
/// text to `push` and returns its length. Looks at most `htmlize::ENTITY_MAX_LENGTH` bytes ahead.
pub fn entity_at(s: &str, i: usize, push: impl FnOnce(&str)) -> Option<usize> {
    let b = s.as_bytes();
    let window = &b[i..b.len().min(i + htmlize::ENTITY_MAX_LENGTH)];
    let semi = memchr::memchr(b';', window)?;
    let whole = &window[..=semi];
    let name = &whole[1..semi];
    if let Some(num) = name.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x' | b'X') => (&num[1..], 16),
            _ => (num, 10),
        };
        let n = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| u32::from_str_radix(d, radix).ok())?;
        let mut buf = [0u8; 4];
        push(char::from_u32(n)?.encode_utf8(&mut buf));
    } else {
        push(std::str::from_utf8(htmlize::ENTITIES.get(whole)?).ok()?);
    }
    Some(semi + 1)
}
