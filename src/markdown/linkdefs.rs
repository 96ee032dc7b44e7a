//! Link reference and footnote definitions indented under the end of a list: Python-Markdown
//! takes them out of the list (it stays tight), where CommonMark keeps them in its last item.
//! The block pre-pass (`blocks.rs`) moves such a run of definitions out, unless more item
//! content follows it.

use super::blocks::LIST_RE;
use super::source::Line;
use regex::Regex;
use std::sync::LazyLock;

static LINK_DEF_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\]]+\]:[ \t]*\S").unwrap());
static FOOTNOTE_DEF_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[\^[^\]]+\]:").unwrap());

/// The definitions starting at line `i`, indented `indent` under a list, moved out of it into
/// `out` when nothing of the list follows them: returns the line after them. A run found to
/// stay is remembered in `stay` (indent, end of the run), so its later lines are not asked again.
pub fn move_out<'a>(
    lines: &[Line<'a>],
    i: usize,
    indent: usize,
    stay: &mut Option<(usize, usize)>,
    out: &mut Vec<Line<'a>>,
) -> Option<usize> {
    let rest = lines[i].text.trim_start();
    if !(LINK_DEF_RE.is_match(rest) || FOOTNOTE_DEF_RE.is_match(rest))
        || stay.is_some_and(|(at, end)| at == indent && i < end)
    {
        return None;
    }
    match link_defs_end(lines, i) {
        Err(end) => {
            // Every later definition of this run stays too: the run ends at `end`.
            *stay = Some((indent, end));
            None
        }
        Ok(end) => {
            // Definitions indented under the end of a list: out of the list, where they do not
            // make its last item loose.
            for l in &lines[i..end] {
                // Definition lines move out; a footnote's indented body stays as is.
                if l.indent() == indent {
                    out.push(l.dedent(indent));
                } else {
                    out.push(l.clone());
                }
            }
            Some(end)
        }
    }
}

/// End (exclusive) of the link reference definitions from `from`, when only blank lines and
/// then an unindented line (or the end) follow them; otherwise `Err` with the end of the run.
fn link_defs_end(lines: &[Line], from: usize) -> Result<usize, usize> {
    let indent = lines[from].indent();
    let mut j = from;
    // Whether the lines after the current run of blank lines continue the definitions, and
    // where that run ends (asked once per run, not once per blank line).
    let mut blank_run: Option<(usize, bool)> = None;
    while j < lines.len() {
        let l = &lines[j];
        let t = l.text.trim_start();
        let def = l.indent() == indent && (LINK_DEF_RE.is_match(t) || FOOTNOTE_DEF_RE.is_match(t));
        let mut blank_continues = || match blank_run {
            Some((end, c)) if j < end => c,
            _ => {
                let end = (j..lines.len())
                    .find(|&k| !lines[k].is_blank())
                    .unwrap_or(lines.len());
                let c = continues(lines, j, indent);
                blank_run = Some((end, c));
                c
            }
        };
        // A footnote's body (indented deeper), or blank lines before more of the same.
        let body = j > from && (l.indent() > indent || (l.is_blank() && blank_continues()));
        if !(def || body) {
            break;
        }
        j += 1;
    }
    let mut k = j;
    while k < lines.len() && lines[k].is_blank() {
        k += 1;
    }
    let ends_list = k == lines.len()
        || (lines[k].indent() == 0 && !LIST_RE.is_match(lines[k].text.trim_start()));
    if ends_list {
        Ok(j)
    } else {
        Err(j)
    }
}

/// Whether the next non-blank line after `j` is indented deeper than `indent`, or is another
/// definition at `indent`.
fn continues(lines: &[Line], j: usize, indent: usize) -> bool {
    lines[j..].iter().find(|l| !l.is_blank()).is_some_and(|l| {
        let t = l.text.trim_start();
        l.indent() > indent
            || (l.indent() == indent && (LINK_DEF_RE.is_match(t) || FOOTNOTE_DEF_RE.is_match(t)))
    })
}
