//! Lists as Python-Markdown renders them: per item whether its text is a paragraph (from the
//! blank lines around it), pymdownx.tasklist's task items and checkboxes, and def_list's
//! definitions, whose first paragraph has `<p>` only after a blank line.

use super::{Pass, Renderer, Tree};
use pulldown_cmark::{Event, Tag};
use std::collections::HashSet;
use std::ops::Range;

impl<'a, 'e> Renderer<'a, 'e> {
    /// The start of a list at `i`: its items' paragraphs decided, a task list's class.
    pub(super) fn list<'x>(&mut self, p: &mut Pass<'_, 'x>, i: usize, start: Option<u64>) {
        let ev = &p.events[i].0;
        self.python_list_paragraphs(p.events, &p.tree, i, &mut p.skip);
        if !self.env.config.has("pymdownx.tasklist") {
            p.out.push(ev.clone());
            return;
        }
        if p.tree.items(i).iter().any(|&k| is_task_item(p.events, k)) {
            let tag = match start {
                None => "<ul class=\"task-list\">\n".to_string(),
                Some(1) => "<ol class=\"task-list\">\n".to_string(),
                Some(n) => format!("<ol class=\"task-list\" start=\"{n}\">\n"),
            };
            p.out.push(Event::Html(tag.into()));
        } else {
            p.out.push(ev.clone());
        }
    }

    /// A task list's checkbox.
    pub(super) fn task_marker(&mut self, p: &mut Pass, checked: bool) {
        let input = if checked {
            "<input type=\"checkbox\" disabled checked/>"
        } else {
            "<input type=\"checkbox\" disabled/>"
        };
        let html = if self.env.config.tasklist_custom_checkbox {
            format!("<label class=\"task-list-control\">{input}<span class=\"task-list-indicator\"></span></label> ")
        } else {
            format!("{input} ")
        };
        p.out.push(Event::InlineHtml(html.into()));
    }

    /// The start of a definition at `i`. Python-Markdown wraps a definition's first paragraph
    /// in `<p>` only when a blank line stands between it and its term.
    pub(super) fn definition<'x>(&mut self, p: &mut Pass<'_, 'x>, i: usize) {
        let (ev, range) = &p.events[i];
        p.out.push(ev.clone());
        if let Some((Event::Start(Tag::Paragraph), _)) = p.events.get(i + 1) {
            let line = self.src.line_index(range.start);
            if line > 0 && !self.is_blank_line(line - 1) {
                p.skip.extend([i + 1, p.tree.end(i + 1)]);
            }
        }
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

    pub(super) fn is_blank_line(&mut self, line: usize) -> bool {
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
}

/// Whether the item starting at `k` begins with a task marker (`[ ]`, `[x]`).
pub(super) fn is_task_item(events: &[(Event, Range<usize>)], k: usize) -> bool {
    match events.get(k + 1) {
        Some((Event::TaskListMarker(_), _)) => true,
        Some((Event::Start(Tag::Paragraph), _)) => {
            matches!(events.get(k + 2), Some((Event::TaskListMarker(_), _)))
        }
        _ => false,
    }
}
