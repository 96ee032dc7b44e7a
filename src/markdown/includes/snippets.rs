//! pymdownx.snippets: `--8<-- "path"` lines (with `path:start:end` line ranges and
//! `path:section` sections), the `--8<--` block form listing one file a line, and `;--8<--`
//! to escape a directive. Expanded by the include pre-pass (`includes.rs`), with its bounds.

use super::{Expander, Kind, Problem};
use crate::diagnostics::Severity;
use crate::markdown::source::{Line, Origin};
use regex::Regex;
use std::sync::LazyLock;

static SNIPPET_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^([ \t]*)(;*)-+8<-+[ \t]+(?:"([^"\n]+)"|'([^'\n]+)')[ \t]*$"#).unwrap()
});
static SNIPPET_BLOCK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([ \t]*)(;*)-+8<-+[ \t]*$").unwrap());
static SECTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^.*?-+8<-+[ \t]+\[(start|end):([A-Za-z][\w\-]*)\][ \t]*$").unwrap()
});
static SNIPPET_SPEC_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)(?::(-?\d*)(?::(-?\d*))?|:([A-Za-z][\w\-]*))?$").unwrap());

impl Expander<'_> {
    /// A pymdownx.snippets directive at line `i` (a `--8<-- "file"` line, a block listing one
    /// file a line, or an escaped one) expanded into `out`: the next line, or None when line `i`
    /// is no directive.
    pub(super) fn snippet_directive<'a>(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        out: &mut Vec<Line<'a>>,
    ) -> Option<usize> {
        let line = &lines[i];
        let origin = line.origin;
        if let Some(c) = SNIPPET_BLOCK_RE.captures(&line.text) {
            if c[2].is_empty() {
                if let Some(close) =
                    (i + 1..lines.len()).find(|&j| SNIPPET_BLOCK_RE.is_match(&lines[j].text))
                {
                    let prefix = c[1].to_string();
                    for l in &lines[i + 1..close] {
                        let name = l.text.trim();
                        if name.is_empty() || name.starts_with(';') {
                            continue;
                        }
                        let col = l.text.find(name).unwrap_or(0) + 1;
                        for t in self.snippet(name, &prefix, l.origin, col) {
                            out.push(Line::new(t, l.origin));
                        }
                    }
                    return Some(close + 1);
                }
            } else {
                out.push(Line::new(unescape(&line.text), origin));
                return Some(i + 1);
            }
        } else if let Some(c) = SNIPPET_RE.captures(&line.text) {
            if !c[2].is_empty() {
                out.push(Line::new(unescape(&line.text), origin));
            } else {
                let path = c.get(3).or(c.get(4)).map_or("", |m| m.as_str());
                let col = c.get(3).or(c.get(4)).map_or(1, |m| m.start());
                let prefix = c[1].to_string();
                for t in self.snippet(path, &prefix, origin, col) {
                    out.push(Line::new(t, origin));
                }
            }
            return Some(i + 1);
        }
        None
    }

    /// The lines a snippet directive stands for (empty when it cannot be included).
    fn snippet(&mut self, spec: &str, prefix: &str, origin: Origin, col: usize) -> Vec<String> {
        let (path, range, section) = match SNIPPET_SPEC_RE.captures(spec) {
            Some(c) if !c[1].is_empty() => {
                let range = c.get(2).map(|s| {
                    (
                        s.as_str().parse::<i64>().ok(),
                        c.get(3).and_then(|e| e.as_str().parse::<i64>().ok()),
                        c.get(3).is_some(),
                    )
                });
                (
                    c.get(1).unwrap().as_str(),
                    range,
                    c.get(4).map(|s| s.as_str()),
                )
            }
            _ => (spec, None, None),
        };
        let Some(file) = self.open(Kind::Snippet, path.trim(), origin, col) else {
            return Vec::new();
        };
        let text = file.text.replace("\r\n", "\n");
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let all: Vec<&str> = text.split('\n').collect();
        let mut chosen: Vec<&str> = match (range, section) {
            (Some((start, end, has_end)), _) => {
                let n = all.len() as i64;
                let s = start.unwrap_or(1).clamp(1, n.max(1));
                let e = if has_end { end.unwrap_or(n) } else { s }.clamp(0, n);
                if s <= e {
                    all[(s - 1) as usize..e as usize].to_vec()
                } else {
                    Vec::new()
                }
            }
            (None, Some(name)) => {
                let mut inside = false;
                let mut found = false;
                let mut v = Vec::new();
                for l in &all {
                    if let Some(c) = SECTION_RE.captures(l) {
                        if &c[2] == name {
                            inside = &c[1] == "start";
                            found = true;
                        }
                        continue;
                    }
                    if inside {
                        v.push(*l);
                    }
                }
                if !found {
                    self.problems.push(Problem {
                        code: "include-missing",
                        severity: if self.snippet_check_paths {
                            Severity::Error
                        } else {
                            Severity::Info
                        },
                        origin,
                        col,
                        message: format!("snippet `{path}` has no section `{name}`"),
                    });
                }
                v
            }
            (None, None) => all,
        };
        chosen.retain(|l| !SECTION_RE.is_match(l));
        if !self.charge(prefix.len().saturating_mul(chosen.len()), path, origin, col) {
            return Vec::new();
        }
        let body = chosen.join("\n");
        self.stack.push(file.key);
        let expanded = self.expand_nested(&body, origin);
        self.stack.pop();
        expanded
            .split('\n')
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("{prefix}{l}")
                }
            })
            .collect()
    }
}

/// A `;`-escaped snippet line: one `;` removed, nothing included.
fn unescape(line: &str) -> String {
    line.replacen(";-", "-", 1)
}
