//! Tables as Python-Markdown's tables extension writes their cells: `<th>`/`<td>` with
//! `style="text-align: …;"` (with the `;`) for aligned columns.

use super::Pass;
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// The table being rendered.
#[derive(Default)]
pub(super) struct Table {
    aligns: Vec<Alignment>,
    /// In the head row.
    head: bool,
    /// The index of the current cell in its row.
    cell: usize,
}

impl Pass<'_, '_> {
    /// A table event at `i`.
    pub(super) fn table_event(&mut self, i: usize) {
        let ev = &self.events[i].0;
        let t = &mut self.table;
        match ev {
            Event::Start(Tag::Table(aligns)) => {
                *t = Table {
                    aligns: aligns.clone(),
                    head: false,
                    cell: 0,
                }
            }
            Event::Start(Tag::TableHead) => {
                t.head = true;
                t.cell = 0;
            }
            Event::End(TagEnd::TableHead) => t.head = false,
            Event::Start(Tag::TableRow) => t.cell = 0,
            Event::End(TagEnd::TableCell) => t.cell += 1,
            Event::Start(Tag::TableCell) => {
                let align = match t.aligns.get(t.cell) {
                    Some(Alignment::Left) => "left",
                    Some(Alignment::Center) => "center",
                    Some(Alignment::Right) => "right",
                    _ => "",
                };
                let tag = if t.head { "th" } else { "td" };
                let html = if align.is_empty() {
                    format!("<{tag}>")
                } else {
                    format!("<{tag} style=\"text-align: {align};\">")
                };
                self.out.push(Event::Html(html.into()));
                return;
            }
            _ => {}
        }
        self.out.push(ev.clone());
    }
}
