//! Footnotes laid out as Python-Markdown's footnotes extension does: references become
//! `<sup id="fnref:x"><a class="footnote-ref" href="#fn:x">N</a></sup>` (later references to
//! the same note `fnref2:x`, …), numbered in the order the notes are defined, and the notes
//! move to a `<div class="footnote"><hr /><ol>` at the end of the page, each ending with one
//! back link per reference. A reference to an undefined note stays as text.

use super::html::escape_attr;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

type Ev<'a> = (Event<'a>, Range<usize>);

/// Whether the events hold any footnote.
pub fn present(events: &[Ev]) -> bool {
    events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    })
}

/// Rewrites references and moves the definitions to the end; the ids used go to `ids`.
pub fn apply<'a>(events: Vec<Ev<'a>>, ids: &mut HashSet<String>) -> Vec<Ev<'a>> {
    // Split the definitions off.
    let mut body: Vec<Ev<'a>> = Vec::with_capacity(events.len());
    let mut defs: Vec<(String, Vec<Ev<'a>>, Range<usize>)> = Vec::new();
    let mut labels: HashSet<String> = HashSet::new();
    let mut iter = events.into_iter();
    while let Some((e, r)) = iter.next() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &e {
            let mut depth = 1;
            let mut inner = Vec::new();
            for (e2, r2) in iter.by_ref() {
                match &e2 {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                inner.push((e2, r2));
            }
            // The first definition of a label counts (a set: 100,000 notes were quadratic).
            if labels.insert(label.to_string()) {
                defs.push((label.to_string(), inner, r));
            }
            continue;
        }
        body.push((e, r));
    }
    let number: HashMap<String, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, (l, _, _))| (l.clone(), i + 1))
        .collect();
    let mut refs: HashMap<String, usize> = HashMap::new();
    let mut rewrite = |evs: Vec<Ev<'a>>, ids: &mut HashSet<String>| -> Vec<Ev<'a>> {
        evs.into_iter()
            .map(|(e, r)| match e {
                Event::FootnoteReference(label) => match number.get(label.as_ref()) {
                    Some(n) => {
                        let k = refs.entry(label.to_string()).or_insert(0);
                        *k += 1;
                        let id = ref_id(&label, *k);
                        ids.insert(id.clone());
                        let html = format!(
                            "<sup id=\"{}\"><a class=\"footnote-ref\" href=\"#fn:{}\">{n}</a></sup>",
                            escape_attr(&id),
                            escape_attr(&label)
                        );
                        (Event::InlineHtml(html.into()), r)
                    }
                    None => (Event::Text(format!("[^{label}]").into()), r),
                },
                e => (e, r),
            })
            .collect()
    };
    let mut out = rewrite(body, ids);
    if defs.is_empty() {
        return out;
    }
    let defs: Vec<_> = defs
        .into_iter()
        .map(|(l, inner, r)| {
            let inner = rewrite(inner, ids);
            (l, inner, r)
        })
        .collect();
    let end = out.last().map_or(0..0, |(_, r)| r.end..r.end);
    out.push((
        Event::Html("<div class=\"footnote\">\n<hr />\n<ol>\n".into()),
        end.clone(),
    ));
    for (label, mut inner, r) in defs {
        let n = number[&label];
        let id = format!("fn:{label}");
        ids.insert(id.clone());
        out.push((
            Event::Html(format!("<li id=\"{}\">\n", escape_attr(&id)).into()),
            r.clone(),
        ));
        let count = refs.get(&label).copied().unwrap_or(0).max(1);
        let mut back = String::from("&#160;");
        for k in 1..=count {
            back.push_str(&format!(
                "<a class=\"footnote-backref\" href=\"#{}\" title=\"Jump back to footnote {n} in the text\">&#8617;</a>",
                escape_attr(&ref_id(&label, k))
            ));
        }
        match inner.last() {
            Some((Event::End(TagEnd::Paragraph), _)) => {
                let at = inner.len() - 1;
                inner.insert(at, (Event::InlineHtml(back.into()), r.clone()));
            }
            _ => inner.push((Event::Html(format!("<p>{back}</p>\n").into()), r.clone())),
        }
        out.extend(inner);
        out.push((Event::Html("</li>\n".into()), r));
    }
    out.push((Event::Html("</ol>\n</div>\n".into()), end));
    out
}

fn ref_id(label: &str, k: usize) -> String {
    if k == 1 {
        format!("fnref:{label}")
    } else {
        format!("fnref{k}:{label}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    #[test]
    fn python_markdown_layout() {
        let src = "A[^b] B[^a] again[^b] C[^c]\n\n[^a]: ay\n\n[^b]: bee\n";
        let events: Vec<Ev> = Parser::new_ext(src, Options::ENABLE_FOOTNOTES)
            .into_offset_iter()
            .collect();
        assert!(present(&events));
        let mut ids = HashSet::new();
        let out = apply(events, &mut ids);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter().map(|(e, _)| e));
        assert_eq!(
            html,
            "<p>A<sup id=\"fnref:b\"><a class=\"footnote-ref\" href=\"#fn:b\">2</a></sup> B<sup id=\"fnref:a\"><a class=\"footnote-ref\" href=\"#fn:a\">1</a></sup> again<sup id=\"fnref2:b\"><a class=\"footnote-ref\" href=\"#fn:b\">2</a></sup> C[^c]</p>\n<div class=\"footnote\">\n<hr />\n<ol>\n<li id=\"fn:a\">\n<p>ay&#160;<a class=\"footnote-backref\" href=\"#fnref:a\" title=\"Jump back to footnote 1 in the text\">&#8617;</a></p>\n</li>\n<li id=\"fn:b\">\n<p>bee&#160;<a class=\"footnote-backref\" href=\"#fnref:b\" title=\"Jump back to footnote 2 in the text\">&#8617;</a><a class=\"footnote-backref\" href=\"#fnref2:b\" title=\"Jump back to footnote 2 in the text\">&#8617;</a></p>\n</li>\n</ol>\n</div>\n"
        );
        assert!(ids.contains("fn:a") && ids.contains("fnref2:b"));
    }

    #[test]
    fn the_first_definition_of_a_label_counts() {
        let src = "x[^a]\n\n[^a]: first\n\n[^a]: second\n";
        let events: Vec<Ev> = Parser::new_ext(src, Options::ENABLE_FOOTNOTES)
            .into_offset_iter()
            .collect();
        let out = apply(events, &mut HashSet::new());
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter().map(|(e, _)| e));
        assert!(html.contains("first") && !html.contains("second"), "{html}");
    }
}
