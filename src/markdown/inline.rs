//! Inline extensions over pulldown-cmark events: pymdownx.mark (`==mark==`), pymdownx.caret
//! (`^^ins^^`, `^sup^`), pymdownx.tilde's subscript (`~sub~`; `~~del~~` is pulldown's
//! strikethrough), pymdownx.emoji shortcodes (`:smile:`, `:material-rocket:`; `emoji.rs`) and abbr (`<abbr>` around
//! every defined abbreviation). `==` and `^^` pair across inline elements of the same parent
//! (`==**bold**==`); the others stay within one text run. Text in code is never touched.

use super::emoji::{self, Shortcode};
use super::html::escape_attr;
use crate::config::EmojiOptions;
use aho_corasick::AhoCorasick;
use pulldown_cmark::{CowStr, Event};
use regex::Regex;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

static SINGLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\^((?:\\.|[^\s\^\\])+)\^|~((?:\\.|[^\s~\\])+)~|:([+\-\w]+):").unwrap()
});

/// The automaton that finds the page's abbreviations, with the index in `abbrs` of each of
/// its patterns (empty abbreviations left out).
pub fn abbr_matcher(abbrs: &[(String, String)]) -> Option<(AhoCorasick, Vec<usize>)> {
    let (index, patterns): (Vec<usize>, Vec<&str>) = abbrs
        .iter()
        .enumerate()
        .filter(|(_, (a, _))| !a.is_empty())
        .map(|(k, (a, _))| (k, a.as_str()))
        .unzip();
    if patterns.is_empty() {
        return None;
    }
    Some((AhoCorasick::new(patterns).ok()?, index))
}

/// The enabled inline extensions of a page.
pub struct Inline<'a> {
    pub mark: bool,
    pub caret: bool,
    pub tilde: bool,
    pub emoji: bool,
    /// pymdownx.emoji's index and generator.
    pub emoji_options: EmojiOptions,
    /// attr_list is on: a `{ … }` block right after an emoji element applies to it.
    pub attr_list: bool,
    /// What the emoji shortcodes left for the renderer to report.
    pub found: RefCell<Found>,
    /// (abbreviation, title), from the page's `*[X]: title` lines.
    pub abbrs: &'a [(String, String)],
    /// Finds the abbreviations (`abbr_matcher(abbrs)`: None without abbreviations).
    pub abbr_matcher: Option<(AhoCorasick, Vec<usize>)>,
}

/// Unknown icon shortcodes (names, in the order met) and attr_list ids given to emoji.
#[derive(Debug, Default)]
pub struct Found {
    pub unknown_icons: Vec<String>,
    pub ids: Vec<String>,
}

/// The longest attr_list block looked for after an emoji: Python-Markdown's ends on its line,
/// and a bound keeps a long line of `:x:{` linear.
const MAX_ATTR_BLOCK: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Mark,
    Ins,
}

struct Delim {
    ev: usize,
    pos: usize,
    kind: Kind,
    open: bool,
    close: bool,
    /// The element instance the delimiter is in.
    depth: usize,
}

impl Inline<'_> {
    fn triggers(&self, t: &str) -> bool {
        (self.mark && t.contains("=="))
            || (self.caret && t.contains('^'))
            || (self.tilde && t.contains('~'))
            || (self.emoji && t.contains(':'))
            || self
                .abbr_matcher
                .as_ref()
                .is_some_and(|(m, _)| m.is_match(t))
    }

    /// The events with the extensions applied (unchanged, without copying text, when no text
    /// run contains a trigger).
    pub fn apply<'x>(&self, events: Vec<Event<'x>>) -> Vec<Event<'x>> {
        if !events
            .iter()
            .any(|e| matches!(e, Event::Text(t) if self.triggers(t)))
        {
            return events;
        }
        let events = if self.mark || self.caret {
            self.pair(events)
        } else {
            events
        };
        let mut out = Vec::with_capacity(events.len() + 8);
        for e in events {
            match e {
                Event::Text(t) if self.triggers(&t) => self.split_text(&t, &mut out),
                e => out.push(e),
            }
        }
        out
    }

    /// `==…==` and `^^…^^`, matched at the same nesting depth.
    fn pair<'x>(&self, events: Vec<Event<'x>>) -> Vec<Event<'x>> {
        let reps = pair_delims(&self.delims(&events));
        if reps.is_empty() {
            return events;
        }
        splice(events, reps)
    }

    /// The `==` and `^^` delimiters of the events' text, with the element each is in.
    fn delims(&self, events: &[Event]) -> Vec<Delim> {
        let mut delims: Vec<Delim> = Vec::new();
        // The element each delimiter is in: a number per element instance, so that delimiters
        // of two paragraphs never pair.
        let mut parents: Vec<usize> = vec![0];
        let mut next_parent = 1;
        for (k, e) in events.iter().enumerate() {
            let depth = *parents.last().unwrap_or(&0);
            match e {
                Event::Start(_) => {
                    parents.push(next_parent);
                    next_parent += 1;
                }
                Event::End(_) if parents.len() > 1 => {
                    parents.pop();
                }
                // Raw HTML blocks separate runs of text too.
                Event::Html(_) => {
                    if let Some(top) = parents.last_mut() {
                        *top = next_parent;
                        next_parent += 1;
                    }
                }
                Event::Text(t) => {
                    let b = t.as_bytes();
                    let mut p = 0;
                    while p < b.len() {
                        let c = b[p];
                        let kind = match c {
                            b'=' if self.mark => Kind::Mark,
                            b'^' if self.caret => Kind::Ins,
                            _ => {
                                p += 1;
                                continue;
                            }
                        };
                        let run = b[p..].iter().take_while(|x| **x == c).count();
                        if run == 2 {
                            let before = if p == 0 {
                                boundary_before(events, k)
                            } else {
                                t[..p].chars().next_back()
                            };
                            let after = if p + 2 == b.len() {
                                boundary_after(events, k)
                            } else {
                                t[p + 2..].chars().next()
                            };
                            delims.push(Delim {
                                ev: k,
                                pos: p,
                                kind,
                                open: after.is_some_and(|c| !c.is_whitespace()),
                                close: before.is_some_and(|c| !c.is_whitespace()),
                                depth,
                            });
                        }
                        p += run;
                    }
                }
                _ => {}
            }
        }
        delims
    }
}

/// The matched delimiters: (event, byte position, html), in the order found.
fn pair_delims(delims: &[Delim]) -> Vec<(usize, usize, &'static str)> {
    // (event, byte position, html) of the matched delimiters.
    let mut reps: Vec<(usize, usize, &'static str)> = Vec::new();
    // The open delimiters, and per (kind, element) their positions in `stack`: the closer's
    // opener is the top of its own list (searching the whole stack for it was quadratic
    // with many openers of another kind).
    let mut stack: Vec<usize> = Vec::new();
    let mut by_key: HashMap<(Kind, usize), Vec<usize>> = HashMap::new();
    for (d, delim) in delims.iter().enumerate() {
        if delim.close {
            let key = (delim.kind, delim.depth);
            if let Some(&si) = by_key.get(&key).and_then(|v| v.last()) {
                let o = stack[si];
                // The opener and those above it close (each leaves its own list's top).
                for &x in stack[si..].iter().rev() {
                    if let Some(v) = by_key.get_mut(&(delims[x].kind, delims[x].depth)) {
                        v.pop();
                    }
                }
                stack.truncate(si);
                let (open, close) = match delim.kind {
                    Kind::Mark => ("<mark>", "</mark>"),
                    Kind::Ins => ("<ins>", "</ins>"),
                };
                reps.push((delims[o].ev, delims[o].pos, open));
                reps.push((delim.ev, delim.pos, close));
                continue;
            }
        }
        if delim.open {
            by_key
                .entry((delim.kind, delim.depth))
                .or_default()
                .push(stack.len());
            stack.push(d);
        }
    }
    reps
}

/// The events with the matched delimiters' text replaced by their tags.
fn splice<'x>(
    events: Vec<Event<'x>>,
    mut reps: Vec<(usize, usize, &'static str)>,
) -> Vec<Event<'x>> {
    reps.sort_by_key(|r| (r.0, r.1));
    let mut out = Vec::with_capacity(events.len() + reps.len() * 2);
    let mut r = 0;
    for (k, e) in events.into_iter().enumerate() {
        if r < reps.len() && reps[r].0 == k {
            let Event::Text(t) = &e else { unreachable!() };
            let mut last = 0;
            while r < reps.len() && reps[r].0 == k {
                let (_, pos, html) = reps[r];
                if pos > last {
                    out.push(Event::Text(CowStr::from(t[last..pos].to_string())));
                }
                out.push(Event::InlineHtml(html.into()));
                last = pos + 2;
                r += 1;
            }
            if last < t.len() {
                out.push(Event::Text(CowStr::from(t[last..].to_string())));
            }
        } else {
            out.push(e);
        }
    }
    out
}

impl Inline<'_> {
    /// `^sup^`, `~sub~`, `:emoji:` and abbreviations within one text run.
    fn split_text<'x>(&self, t: &str, out: &mut Vec<Event<'x>>) {
        let mut last = 0;
        for c in SINGLE_RE.captures_iter(t) {
            let m = c.get(0).unwrap();
            // Inside an attr_list block an emoji element took.
            if m.start() < last {
                continue;
            }
            let (open, inner, close) = if let (Some(s), true) = (c.get(1), self.caret) {
                ("<sup>", unescape(s.as_str()), "</sup>")
            } else if let (Some(s), true) = (c.get(2), self.tilde) {
                ("<sub>", unescape(s.as_str()), "</sub>")
            } else if let (Some(s), true) = (c.get(3), self.emoji) {
                match emoji::resolve(s.as_str(), &self.emoji_options) {
                    Shortcode::Text(e) => ("", e, ""),
                    Shortcode::Element(mut el) => {
                        let mut end = m.end();
                        if let Some((a, used)) = self.attr_block(&t[end..]) {
                            el.apply(&a);
                            if let Some(id) = a.id {
                                self.found.borrow_mut().ids.push(id);
                            }
                            end += used;
                        }
                        self.abbr_text(&t[last..m.start()], out);
                        out.push(Event::InlineHtml(el.to_html().into()));
                        last = end;
                        continue;
                    }
                    Shortcode::UnknownIcon => {
                        let name = s.as_str().to_string();
                        self.found.borrow_mut().unknown_icons.push(name);
                        continue;
                    }
                    Shortcode::Unknown => continue,
                }
            } else {
                continue;
            };
            self.abbr_text(&t[last..m.start()], out);
            if !open.is_empty() {
                out.push(Event::InlineHtml(open.into()));
            }
            self.abbr_text(&inner, out);
            if !close.is_empty() {
                out.push(Event::InlineHtml(close.into()));
            }
            last = m.end();
        }
        self.abbr_text(&t[last..], out);
    }

    /// An attr_list block at the start of `t` (on its line, at most `MAX_ATTR_BLOCK` bytes):
    /// the attributes and the bytes it takes.
    fn attr_block(&self, t: &str) -> Option<(super::attrs::Attrs, usize)> {
        if !self.attr_list || !t.starts_with('{') {
            return None;
        }
        let mut cut = t.len().min(MAX_ATTR_BLOCK);
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = &t[..cut];
        let head = &head[..head.find('\n').unwrap_or(head.len())];
        let (a, rest) = super::attrs::leading(head)?;
        Some((a, head.len() - rest.len()))
    }

    fn abbr_text<'x>(&self, t: &str, out: &mut Vec<Event<'x>>) {
        if t.is_empty() {
            return;
        }
        let Some((matcher, index)) = &self.abbr_matcher else {
            out.push(Event::Text(CowStr::from(t.to_string())));
            return;
        };
        // Every occurrence of every abbreviation with a word boundary on both sides, in one
        // pass of the automaton (a search per abbreviation and position was quadratic), by
        // start and then longest first.
        let mut found: Vec<(usize, usize, usize)> = matcher
            .find_overlapping_iter(t)
            .filter(|m| {
                is_boundary(t[..m.start()].chars().next_back())
                    && is_boundary(t[m.end()..].chars().next())
            })
            .map(|m| (m.start(), m.end(), index[m.pattern().as_usize()]))
            .collect();
        found.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut last = 0;
        // The earliest, then longest, abbreviation at or after the end of the previous one.
        for (s, e, k) in found {
            if s < last {
                continue;
            }
            let title = self.abbrs[k].1.as_str();
            if s > last {
                out.push(Event::Text(CowStr::from(t[last..s].to_string())));
            }
            out.push(Event::InlineHtml(
                format!("<abbr title=\"{}\">", escape_attr(title)).into(),
            ));
            out.push(Event::Text(CowStr::from(t[s..e].to_string())));
            out.push(Event::InlineHtml("</abbr>".into()));
            last = e;
        }
        if last < t.len() {
            out.push(Event::Text(CowStr::from(t[last..].to_string())));
        }
    }
}

fn is_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
}

/// `\ ` is an escaped space inside `^…^` and `~…~` (other escapes were the parser's).
fn unescape(s: &str) -> String {
    s.replace("\\ ", " ")
}

/// The character before a delimiter at the start of event `k`: an element or code before it
/// counts as text, the start of the parent as a boundary.
fn boundary_before(events: &[Event], k: usize) -> Option<char> {
    match k.checked_sub(1).map(|j| &events[j]) {
        Some(Event::Text(t)) => t.chars().next_back(),
        Some(Event::End(_) | Event::Code(_) | Event::InlineHtml(_)) => Some('a'),
        _ => None,
    }
}

fn boundary_after(events: &[Event], k: usize) -> Option<char> {
    match events.get(k + 1) {
        Some(Event::Text(t)) => t.chars().next(),
        Some(Event::Start(_) | Event::Code(_) | Event::InlineHtml(_)) => Some('a'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html::push_html, Parser};

    fn render(src: &str, abbrs: &[(String, String)]) -> String {
        let i = Inline {
            mark: true,
            caret: true,
            tilde: true,
            emoji: true,
            emoji_options: EmojiOptions::default(),
            attr_list: true,
            found: RefCell::default(),
            abbrs,
            abbr_matcher: abbr_matcher(abbrs),
        };
        let events: Vec<Event> = Parser::new(src).collect();
        let mut merged: Vec<Event> = Vec::new();
        for e in events {
            if let (Event::Text(t), Some(Event::Text(p))) = (&e, merged.last_mut()) {
                *p = CowStr::from(format!("{p}{t}"));
                continue;
            }
            merged.push(e);
        }
        let mut html = String::new();
        push_html(&mut html, i.apply(merged).into_iter());
        html
    }

    #[test]
    fn mark_caret_tilde() {
        assert_eq!(
            render("==mark== ^^ins^^ H~2~O x^2^ ==**bold mark**== a == b", &[]),
            "<p><mark>mark</mark> <ins>ins</ins> H<sub>2</sub>O x<sup>2</sup> <mark><strong>bold mark</strong></mark> a == b</p>\n"
        );
        assert_eq!(
            render("`==code==` ==x", &[]),
            "<p><code>==code==</code> ==x</p>\n"
        );
    }

    #[test]
    fn a_closed_pair_drops_the_openers_inside_it() {
        assert_eq!(
            render("==a ^^b== c^^ ^^d ==e^^", &[]),
            "<p><mark>a ^^b</mark> c^^ <ins>d ==e</ins></p>\n"
        );
    }

    #[test]
    fn abbreviations_earliest_then_longest_at_word_boundaries() {
        let abbrs: Vec<(String, String)> =
            [("ML", "m"), ("HTML", "h"), ("HTML 5", "h5"), ("", "e")]
                .iter()
                .map(|(a, t)| (a.to_string(), t.to_string()))
                .collect();
        assert_eq!(
            render("HTML 5 and HTML ML HTMLX xML", &abbrs),
            "<p><abbr title=\"h5\">HTML 5</abbr> and <abbr title=\"h\">HTML</abbr> <abbr title=\"m\">ML</abbr> HTMLX xML</p>\n"
        );
    }

    #[test]
    fn emoji_and_abbr() {
        let abbrs = vec![("HTML".to_string(), "Hyper \"Text\"".to_string())];
        assert_eq!(
            render(":smile: :nope: HTML, HTMLX and (HTML)", &abbrs),
            "<p>😄 :nope: <abbr title=\"Hyper &quot;Text&quot;\">HTML</abbr>, HTMLX and (<abbr title=\"Hyper &quot;Text&quot;\">HTML</abbr>)</p>\n"
        );
    }
}
