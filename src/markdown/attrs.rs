//! Python-Markdown's attr_list syntax: `{ #id .class key="value" key=value }` (also `{: … }`),
//! parsed into attributes and written back as HTML attributes; where it may stand: right after
//! an inline element (`leading`), at the end of a heading (`trailing`), or alone on the last
//! line of a paragraph (`block`). The renderer's attr_list handlers: paragraphs, emphasis and
//! the other inline elements followed by a block, and the ids they define.

use super::html::escape_attr;
use pulldown_cmark::{Event, Tag};
use std::ops::Range;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Attrs {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
}

impl Attrs {
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.classes.is_empty() && self.pairs.is_empty()
    }

    /// ` id="x" class="a b" k="v"` (with a leading space), or "" when empty.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        if let Some(id) = &self.id {
            out.push_str(&format!(" id=\"{}\"", escape_attr(id)));
        }
        if !self.classes.is_empty() {
            out.push_str(&format!(
                " class=\"{}\"",
                escape_attr(&self.classes.join(" "))
            ));
        }
        for (k, v) in &self.pairs {
            if v.is_empty() {
                out.push_str(&format!(" {k}"));
            } else {
                out.push_str(&format!(" {}=\"{}\"", k, escape_attr(v)));
            }
        }
        out
    }
}

/// Parses the inside of `{ ... }` (without the braces). `None` when it is not attr_list syntax,
/// so that ordinary text in braces is left alone.
pub fn parse(inner: &str) -> Option<Attrs> {
    let mut attrs = Attrs::default();
    let s = inner.trim();
    if s.is_empty() {
        return None;
    }
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix('#') {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            attrs.id = Some(r[..end].to_string());
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            attrs.classes.push(r[..end].to_string());
            rest = &r[end..];
        } else {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let eq = match rest[..word_end].find('=') {
                Some(eq) => eq,
                None => {
                    // A bare word is a valueless attribute (`{ data-preview }`).
                    let key = &rest[..word_end];
                    if !key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
                    {
                        return None;
                    }
                    attrs.pairs.push((key.to_string(), String::new()));
                    rest = &rest[word_end..];
                    continue;
                }
            };
            let key = &rest[..eq];
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
            {
                return None;
            }
            let after = &rest[eq + 1..];
            let (value, next) =
                if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let close = after[1..].find(q)? + 1;
                    (&after[1..close], &after[close + 1..])
                } else {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                };
            if key == "class" {
                attrs
                    .classes
                    .extend(value.split_whitespace().map(String::from));
            } else if key == "id" {
                attrs.id = Some(value.to_string());
            } else {
                attrs.pairs.push((key.to_string(), value.to_string()));
            }
            rest = next;
        }
    }
    Some(attrs)
}

/// If `text` starts with an attr_list block `{...}`, returns the attributes and the rest of the text.
pub fn leading(text: &str) -> Option<(Attrs, &str)> {
    let t = text.strip_prefix('{')?;
    let close = t.find('}')?;
    let attrs = parse(strip_colon(&t[..close]))?;
    Some((attrs, &t[close + 1..]))
}

/// If `text` ends with an attr_list block `{...}` after a space (or alone), as a heading may,
/// returns the text before it and the attributes.
pub fn trailing(text: &str) -> Option<(&str, Attrs)> {
    let t = text.trim_end();
    let t = t.strip_suffix('}')?;
    let open = t.rfind('{')?;
    let before = &t[..open];
    if !(before.is_empty() || before.ends_with([' ', '\t'])) {
        return None;
    }
    let attrs = parse(strip_colon(&t[open + 1..]))?;
    Some((before.trim_end(), attrs))
}

/// A paragraph line that is only an attr_list block.
pub fn block(line: &str) -> Option<Attrs> {
    let t = line.trim();
    let inner = t.strip_prefix('{')?.strip_suffix('}')?;
    if inner.contains(['{', '}']) {
        return None;
    }
    parse(strip_colon(inner))
}

fn strip_colon(s: &str) -> &str {
    s.strip_prefix(':').unwrap_or(s)
}

impl<'a, 'e> super::Renderer<'a, 'e> {
    /// Records an attr_list id, so anchors to it resolve and headings do not reuse it.
    pub(super) fn note_attrs(&mut self, a: &Attrs) {
        if let Some(id) = &a.id {
            self.rendered.ids.insert(id.clone());
            self.used_ids.insert(id.clone());
        }
    }

    /// An attr_list block right after the element that ends at `end`: the attributes and the
    /// number of bytes of the following text event it uses.
    pub(super) fn trailing_attrs(
        &self,
        events: &[(Event, Range<usize>)],
        end: usize,
    ) -> Option<(Attrs, usize)> {
        if !self.env.config.has("attr_list") {
            return None;
        }
        let Some((Event::Text(next), _)) = events.get(end + 1) else {
            return None;
        };
        let (attrs, rest) = leading(next)?;
        Some((attrs, next.len() - rest.len()))
    }

    /// A paragraph at `i` whose last line is an attr_list block (`{ .class }`): `<p>` with
    /// the attributes, the block left out.
    pub(super) fn paragraph_attrs<'x>(&mut self, p: &mut super::Pass<'_, 'x>, i: usize) {
        let end = p.tree.end(i);
        let before = |k: usize| end.checked_sub(k).and_then(|e| p.events.get(e));
        let block = match (before(2), before(1)) {
            (Some((Event::SoftBreak, _)), Some((Event::Text(t), _))) if end >= i + 3 => block(t),
            _ => None,
        };
        match block {
            Some(a) => {
                self.note_attrs(&a);
                p.out
                    .push(Event::Html(format!("<p{}>", a.to_html()).into()));
                p.skip.extend([end - 2, end - 1]);
            }
            None => p.out.push(p.events[i].0.clone()),
        }
    }

    /// The start of an emphasis, strong or strikethrough element at `i`, with the attributes
    /// of an attr_list block right after its end.
    pub(super) fn inline_attrs<'x>(&mut self, p: &mut super::Pass<'_, 'x>, i: usize) {
        let ev = &p.events[i].0;
        let end = p.tree.end(i);
        match self.trailing_attrs(p.events, end) {
            Some((a, used)) => {
                let name = match ev {
                    Event::Start(Tag::Emphasis) => "em",
                    Event::Start(Tag::Strong) => "strong",
                    _ => "del",
                };
                self.note_attrs(&a);
                p.out
                    .push(Event::InlineHtml(format!("<{name}{}>", a.to_html()).into()));
                p.skip_prefix.insert(end + 1, used);
            }
            None => p.out.push(ev.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        let a = parse(" target=_blank ").unwrap();
        assert_eq!(a.to_html(), " target=\"_blank\"");
        let a = parse("#id .c1 .c2 key=\"a value\" w='5'").unwrap();
        assert_eq!(
            a.to_html(),
            " id=\"id\" class=\"c1 c2\" key=\"a value\" w=\"5\""
        );
        assert_eq!(
            parse("x data-preview").unwrap().to_html(),
            " x data-preview"
        );
        assert!(parse("not attrs!").is_none());
        assert!(parse("").is_none());
    }

    #[test]
    fn leading_and_trailing() {
        let (a, rest) = leading("{target=_blank} and more").unwrap();
        assert_eq!(a.pairs, vec![("target".to_string(), "_blank".to_string())]);
        assert_eq!(rest, " and more");
        let (text, a) = trailing("Title { #custom }").unwrap();
        assert_eq!((text, a.id.as_deref()), ("Title", Some("custom")));
        assert!(leading("{ x! }").is_none());
        let (text, a) = trailing("U {: #u }").unwrap();
        assert_eq!((text, a.id.as_deref()), ("U", Some("u")));
        assert!(trailing("V{#v}").is_none());
        assert_eq!(
            block(" { .para #pid } ").unwrap().to_html(),
            " id=\"pid\" class=\"para\""
        );
        assert!(block("{ .a } b").is_none());
    }
}
