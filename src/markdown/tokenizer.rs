//! A streaming HTML tokenizer for the text of a page: it tells text from tags (quoted
//! attribute values may hold `>`), comments, declarations and the raw content of `script` and
//! `style`, decodes entities (every HTML5 name, from `htmlize`, and numeric references), and
//! keeps the open elements that decide where text sits (read time skips `object`, `script`,
//! `style` and `svg`; search skips diagrams). Input may come in pieces; each byte is looked at
//! a bounded number of times.

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
        let mut i = 0;
        while i < s.len() {
            i = self.step(s, i, sink);
        }
    }

    /// Goes on from byte `i` in the current state; returns where the next step starts.
    fn step(&mut self, s: &str, i: usize, sink: &mut impl Sink) -> usize {
        let b = s.as_bytes();
        match self.state {
            State::Data => return self.data(s, i, sink),
            State::Lt => {
                let c = b[i];
                if c.is_ascii_alphabetic() {
                    self.start_name(false);
                    return i;
                }
                self.state = match c {
                    b'/' => State::LtSlash,
                    b'!' => State::Bang,
                    b'?' => State::Bogus,
                    _ => {
                        // Not a tag: the `<` is text.
                        sink.text("<", self.place());
                        self.state = State::Data;
                        return i;
                    }
                };
            }
            State::LtSlash => {
                let c = b[i];
                if c.is_ascii_alphabetic() {
                    self.start_name(true);
                    return i;
                }
                if c != b'>' {
                    self.state = State::Bogus;
                    return i;
                }
                // `</>` is dropped.
                self.state = State::Data;
            }
            State::Name => {
                let end = b[i..]
                    .iter()
                    .position(|&c| is_space(c) || c == b'/' || c == b'>')
                    .map_or(b.len(), |k| i + k);
                self.name.push_str(&s[i..end].to_ascii_lowercase());
                if end < b.len() {
                    self.state = State::Attrs;
                }
                return end;
            }
            State::Attrs => match b[i] {
                b'>' => self.tag_end(sink),
                b'=' => self.state = State::BeforeValue,
                _ => {}
            },
            State::BeforeValue => match b[i] {
                c if is_space(c) => {}
                q @ (b'"' | b'\'') => self.state = State::Quoted(q),
                b'>' => self.tag_end(sink),
                _ => self.state = State::Unquoted,
            },
            State::Quoted(q) => {
                return match memchr::memchr(q, &b[i..]) {
                    Some(k) => {
                        self.state = State::Attrs;
                        i + k + 1
                    }
                    None => b.len(),
                };
            }
            State::Unquoted => match b[i] {
                c if is_space(c) => self.state = State::Attrs,
                b'>' => self.tag_end(sink),
                _ => {}
            },
            State::Bang | State::BangDash => {
                if b[i] != b'-' {
                    self.state = State::Bogus;
                    return i;
                }
                self.state = if self.state == State::Bang {
                    State::BangDash
                } else {
                    State::Comment(2)
                };
            }
            State::Comment(dashes) => {
                self.state = match b[i] {
                    b'-' => State::Comment(dashes.saturating_add(1).min(2)),
                    b'>' if dashes >= 2 => State::Data,
                    _ => State::Comment(0),
                };
            }
            State::Bogus => {
                return match memchr::memchr(b'>', &b[i..]) {
                    Some(k) => {
                        self.state = State::Data;
                        i + k + 1
                    }
                    None => b.len(),
                };
            }
            State::RawText => return self.raw_text(s, i, sink),
        }
        i + 1
    }

    /// Text up to the next `<` or `&`.
    fn data(&mut self, s: &str, i: usize, sink: &mut impl Sink) -> usize {
        let b = s.as_bytes();
        let Some(k) = memchr::memchr2(b'<', b'&', &b[i..]) else {
            sink.text(&s[i..], self.place());
            return b.len();
        };
        if k > 0 {
            sink.text(&s[i..i + k], self.place());
        }
        let at = i + k;
        if b[at] == b'&' {
            return self.entity(s, at, sink);
        }
        self.opens_diagram = s[at..].starts_with(DIAGRAM);
        self.state = State::Lt;
        at + 1
    }

    /// The content of a `script` or `style` element: text up to `</name` followed by
    /// whitespace, `/`, `>` or the end of the piece.
    fn raw_text(&mut self, s: &str, i: usize, sink: &mut impl Sink) -> usize {
        let b = s.as_bytes();
        let mut from = i;
        let close = loop {
            let Some(k) = memchr::memmem::find(&b[from..], b"</") else {
                break None;
            };
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
        };
        let Some((at, after)) = close else {
            sink.text(&s[i..], self.place());
            return b.len();
        };
        if at > i {
            sink.text(&s[i..at], self.place());
        }
        self.name.clear();
        self.name.push_str(self.raw);
        self.end_tag = true;
        self.opens_diagram = false;
        self.state = State::Attrs;
        after
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
