//! The page source as the Markdown parser sees it after the line-based pre-passes (includes,
//! admonitions, details, tabs, md_in_html, abbreviation definitions), with a map from each of
//! its lines back to the page's own lines, so that diagnostics still name file lines.

use std::borrow::Cow;
use std::cell::Cell;

/// Where a line of the rewritten source comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// 0-based line of the page body (an included line maps to its include directive).
    pub line: usize,
    /// Columns removed in front of the line (by dedenting); negative when some were added.
    pub shift: isize,
}

/// One line of the rewritten source (without its newline).
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub text: Cow<'a, str>,
    pub origin: Origin,
}

impl<'a> Line<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>, origin: Origin) -> Self {
        Line {
            text: text.into(),
            origin,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Columns of leading whitespace (a tab advances to the next multiple of 4, as
    /// Python-Markdown expands tabs).
    pub fn indent(&self) -> usize {
        indent_of(&self.text)
    }

    /// The line without its first `n` columns of indentation (blank lines become empty).
    pub fn dedent(&self, n: usize) -> Line<'a> {
        if self.is_blank() {
            return Line::new("", self.origin);
        }
        let origin = Origin {
            line: self.origin.line,
            shift: self.origin.shift + n as isize,
        };
        let t: &str = &self.text;
        let mut col = 0;
        for (i, c) in t.char_indices() {
            if col >= n {
                return Line::new(t[i..].to_string(), origin);
            }
            match c {
                ' ' => col += 1,
                '\t' => {
                    let next = (col / 4 + 1) * 4;
                    if next > n {
                        // A tab that straddles the cut: keep the rest as spaces.
                        return Line::new(
                            format!("{}{}", " ".repeat(next - n), &t[i + 1..]),
                            origin,
                        );
                    }
                    col = next;
                }
                _ => return Line::new(t[i..].to_string(), origin),
            }
        }
        Line::new("", origin)
    }

    /// The line with `n` spaces in front (blank lines stay empty).
    pub fn prefixed(self, n: usize) -> Line<'a> {
        if n == 0 || self.is_blank() {
            return self;
        }
        let origin = Origin {
            line: self.origin.line,
            shift: self.origin.shift - n as isize,
        };
        Line::new(format!("{}{}", " ".repeat(n), self.text), origin)
    }
}

/// Columns of leading whitespace of `s`.
pub fn indent_of(s: &str) -> usize {
    let mut col = 0;
    for c in s.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col = (col / 4 + 1) * 4,
            _ => break,
        }
    }
    col
}

/// The lines of a page body, each mapped to itself.
pub fn split(body: &str) -> Vec<Line<'_>> {
    body.split('\n')
        .enumerate()
        .map(|(i, l)| {
            Line::new(
                l.strip_suffix('\r').unwrap_or(l),
                Origin { line: i, shift: 0 },
            )
        })
        .collect()
}

/// The text handed to the Markdown parser and its map back to the body.
pub struct Mapped<'a> {
    pub text: Cow<'a, str>,
    /// Per line of `text`; `None` when `text` is the body itself.
    origins: Option<Vec<Origin>>,
    line_starts: Vec<usize>,
    /// The last column computed: (line index, byte offset, chars from the line start), so
    /// positions asked in increasing order along one long line cost its length once in all.
    last_col: Cell<(usize, usize, usize)>,
}

impl<'a> Mapped<'a> {
    /// The body unchanged.
    pub fn identity(body: &'a str) -> Self {
        Self::with(Cow::Borrowed(body), None)
    }

    pub fn from_lines(lines: Vec<Line<'_>>) -> Mapped<'static> {
        let mut text = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
        let mut origins = Vec::with_capacity(lines.len());
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&l.text);
            origins.push(l.origin);
        }
        text.push('\n');
        Mapped::with(Cow::Owned(text), Some(origins))
    }

    fn with(text: Cow<'a, str>, origins: Option<Vec<Origin>>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Mapped {
            text,
            origins,
            line_starts,
            last_col: Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// The index of the line of `text` holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The number of lines of `text` (a final newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of line `idx` of `text`, without its newline.
    pub fn line_range(&self, idx: usize) -> std::ops::Range<usize> {
        let start = self
            .line_starts
            .get(idx)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(idx + 1)
            .map_or(self.text.len(), |&n| n - 1);
        start..end.max(start)
    }

    /// The body line (0-based) and column (1-based, in chars) of a byte offset in `text`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let idx = self.line_index(offset);
        let start = self.line_starts[idx];
        let end = offset.min(self.text.len());
        let (last_idx, last_end, last_chars) = self.last_col.get();
        let (from, base) = if last_idx == idx && last_end <= end {
            (last_end, last_chars)
        } else {
            (start, 0)
        };
        let chars = match self.text.get(from..end) {
            Some(s) => {
                let chars = base + s.chars().count();
                self.last_col.set((idx, end, chars));
                chars
            }
            None => self.text.get(start..end).map_or(0, |s| s.chars().count()),
        };
        let col = chars + 1;
        match &self.origins {
            None => (idx, col),
            Some(o) => match o.get(idx).or(o.last()) {
                Some(origin) => (origin.line, (col as isize + origin.shift).max(1) as usize),
                None => (0, col),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_and_prefix_keep_the_map() {
        let lines = split("a\n        b\n\tc\r\n");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[2].text, "\tc");
        let d = lines[1].dedent(4);
        assert_eq!((d.text.as_ref(), d.origin.shift), ("    b", 4));
        assert_eq!(lines[2].dedent(4).text, "c");
        assert_eq!(lines[2].indent(), 4);
        let p = d.prefixed(2);
        assert_eq!((p.text.as_ref(), p.origin.shift), ("      b", 2));
    }

    #[test]
    fn positions_map_back() {
        let m = Mapped::identity("ab\ncd\n");
        assert_eq!(m.position(4), (1, 2));
        let lines = vec![
            Line::new("x", Origin { line: 5, shift: 0 }),
            Line::new("yz", Origin { line: 7, shift: 4 }),
        ];
        let m = Mapped::from_lines(lines);
        assert_eq!(m.text, "x\nyz\n");
        assert_eq!(m.position(3), (7, 6));
    }

    #[test]
    fn columns_counted_incrementally_match_a_fresh_count() {
        let text = "aé日b\nxé\n";
        let m = Mapped::identity(text);
        let fresh = |o: usize| {
            let start = text[..o].rfind('\n').map_or(0, |p| p + 1);
            text[start..o].chars().count() + 1
        };
        // In order, backwards, across lines and again.
        for o in [0, 1, 3, 6, 7, 3, 0, 8, 9, 12, 8, 7] {
            assert_eq!(m.position(o).1, fresh(o), "offset {o}");
        }
        assert_eq!((m.line_index(8), m.line_range(1)), (1, 8..11));
        assert_eq!(m.line_count(), 3);
    }
}
