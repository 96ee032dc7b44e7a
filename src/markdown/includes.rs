//! Includes, expanded before anything else as the Python preprocessors do: markdown_include's
//! `{!path!}` (optionally `{!path!lines=1 3-5}`) anywhere in a line, and pymdownx.snippets'
//! `--8<-- "path"` line (with `path:start:end` line ranges and `path:section` sections, the
//! `--8<--` block form listing one file a line, and `;--8<--` to escape). File contents come from
//! a `Resolver` (defined by content, which reads them): this module reads nothing. A missing file, a path the
//! resolver refuses and an include cycle are problems reported at the directive's line; the
//! directive is then dropped, so a cycle never hangs. Expansion is bounded: at most
//! `MAX_DEPTH` files deep and `MAX_INCLUDED_BYTES` of included text per page (a file that
//! includes another twice, 22 levels deep, once expanded four million times); past a bound the
//! directive is dropped with an `include-limit` warning. The snippets syntax is in
//! `includes/snippets.rs`.

use super::source::{Line, Origin};
use crate::diagnostics::Severity;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

mod snippets;

pub use crate::content::includes::{IncludeError, Included, Kind, Resolver};

/// A problem found while expanding, at a line of the page.
#[derive(Debug, Clone)]
pub struct Problem {
    pub code: &'static str,
    /// A warning, but for snippets as pymdownx treats them: left out without a word (info),
    /// or, with `check_paths`, failing the build (error).
    pub severity: Severity,
    pub origin: Origin,
    pub col: usize,
    pub message: String,
}

/// Whether the body may contain a directive of an enabled syntax.
pub fn present(body: &str, include: bool, snippets: bool) -> bool {
    (include && body.contains("{!")) || (snippets && body.contains("8<"))
}

/// Whether `body` may include other files under the extensions `cfg` enables. What a page
/// includes is not tracked, so the caches render such a page every time.
pub fn may_include(cfg: &crate::config::MarkdownConfig, body: &str) -> bool {
    present(
        body,
        cfg.has("markdown_include.include"),
        cfg.has("pymdownx.snippets"),
    )
}

static INCLUDE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{!\s*(.+?)\s*!(?:lines=([0-9 \-]+))?\}").unwrap());
/// Files included within included files, at most this deep.
pub const MAX_DEPTH: usize = 16;
/// Included text per page at most (bytes read, and indentation added to snippet lines).
pub const MAX_INCLUDED_BYTES: usize = 10 * 1024 * 1024;

pub struct Expander<'r> {
    pub resolver: &'r dyn Resolver,
    pub include: bool,
    pub snippets: bool,
    pub problems: Vec<Problem>,
    /// pymdownx.snippets `check_paths`: a snippet that is not found is an error (else info).
    pub snippet_check_paths: bool,
    stack: Vec<String>,
    /// Bytes of included text so far, against `max_bytes`.
    included: usize,
    pub max_bytes: usize,
    /// An `include-limit` warning was given (once per page: past the bound, every further
    /// directive is dropped).
    limit_reported: bool,
}

impl<'r> Expander<'r> {
    pub fn new(resolver: &'r dyn Resolver, include: bool, snippets: bool) -> Self {
        Expander {
            resolver,
            include,
            snippets,
            problems: Vec::new(),
            snippet_check_paths: false,
            stack: Vec::new(),
            included: 0,
            max_bytes: MAX_INCLUDED_BYTES,
            limit_reported: false,
        }
    }

    /// Expands every directive of `lines`; included lines map to their directive's line.
    pub fn expand<'a>(&mut self, lines: Vec<Line<'a>>) -> Vec<Line<'a>> {
        let mut out = Vec::with_capacity(lines.len());
        let mut i = 0;
        while i < lines.len() {
            let line = &lines[i];
            let origin = line.origin;
            if self.snippets && line.text.contains("8<") {
                if let Some(next) = self.snippet_directive(&lines, i, &mut out) {
                    i = next;
                    continue;
                }
            }
            if self.include && line.text.contains("{!") {
                let text = self.include_in_line(&line.text, origin, None);
                let mut parts = text.split('\n');
                // The text before the directive keeps the line's column map.
                if let Some(first) = parts.next() {
                    out.push(Line::new(first.to_string(), origin));
                }
                for p in parts {
                    out.push(Line::new(
                        p.to_string(),
                        Origin {
                            line: origin.line,
                            shift: 0,
                        },
                    ));
                }
                i += 1;
                continue;
            }
            out.push(line.clone());
            i += 1;
        }
        out
    }

    /// `line` with its `{!path!}` directives replaced by the (expanded) files.
    /// `col_base` is None at the page level (columns are the line's own).
    fn include_in_line(&mut self, line: &str, origin: Origin, col_base: Option<usize>) -> String {
        let mut out = String::with_capacity(line.len());
        let mut last = 0;
        // Characters of `line` before byte `last` (counted once along the line, not from its
        // start at each directive).
        let mut chars_before = 0;
        for c in INCLUDE_RE.captures_iter(line) {
            let Some(m) = c.get(0) else { continue };
            out.push_str(&line[last..m.start()]);
            chars_before += line[last..m.start()].chars().count();
            let col = col_base.unwrap_or(chars_before + 1);
            chars_before += m.as_str().chars().count();
            last = m.end();
            let path = c[1].trim();
            let Some(file) = self.open(Kind::MarkdownInclude, path, origin, col) else {
                continue;
            };
            let mut text = file.text.replace("\r\n", "\n");
            if let Some(spec) = c.get(2) {
                text = select_lines(&text, spec.as_str());
            }
            self.stack.push(file.key);
            let expanded = self.expand_nested(&text, origin);
            self.stack.pop();
            out.push_str(expanded.trim());
        }
        out.push_str(&line[last..]);
        out
    }

    /// Expands directives inside included text (problems go to the page's directive line).
    fn expand_nested(&mut self, text: &str, origin: Origin) -> String {
        if !present(text, self.include, self.snippets) {
            return text.to_string();
        }
        let base = Origin {
            line: origin.line,
            shift: 0,
        };
        let lines: Vec<Line> = text
            .split('\n')
            .map(|l| Line::new(Cow::Borrowed(l), base))
            .collect();
        let expanded = self.expand_inner(lines);
        let mut s = String::with_capacity(text.len());
        for (i, l) in expanded.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&l.text);
        }
        s
    }

    fn expand_inner<'a>(&mut self, lines: Vec<Line<'a>>) -> Vec<Line<'a>> {
        // Columns inside included files do not exist in the page: report column 1.
        let before = self.problems.len();
        let out = self.expand(lines);
        for p in &mut self.problems[before..] {
            p.col = 1;
        }
        out
    }

    fn open(&mut self, kind: Kind, path: &str, origin: Origin, col: usize) -> Option<Included> {
        let what = match kind {
            Kind::MarkdownInclude => "include",
            Kind::Snippet => "snippet",
        };
        // pymdownx leaves out a snippet it cannot find (or will not read) without a word, or
        // stops the build with `check_paths`; it skips one already being included silently.
        let (missing, cycle) = match kind {
            Kind::MarkdownInclude => (Severity::Warning, Severity::Warning),
            Kind::Snippet if self.snippet_check_paths => (Severity::Error, Severity::Info),
            Kind::Snippet => (Severity::Info, Severity::Info),
        };
        if path.contains("://") {
            self.problems.push(Problem {
                code: "include-missing",
                severity: missing,
                origin,
                col,
                message: format!("{what} `{path}`: remote files are not supported"),
            });
            return None;
        }
        match self.resolver.read(kind, path) {
            Err(e) => {
                self.problems.push(Problem {
                    code: e.code,
                    // A file blogen will not read (a device, a huge file) is its own refusal.
                    severity: if matches!(e.code, "include-missing" | "include-outside") {
                        missing
                    } else {
                        Severity::Warning
                    },
                    origin,
                    col,
                    message: e.message,
                });
                None
            }
            Ok(file) => {
                if self.stack.len() >= MAX_DEPTH && !self.stack.contains(&file.key) {
                    self.limit(
                        origin,
                        col,
                        format!("{what} `{path}` is nested more than {MAX_DEPTH} files deep; it is left out"),
                    );
                    return None;
                }
                if !self.charge(file.text.len(), path, origin, col) {
                    return None;
                }
                if self.stack.contains(&file.key) {
                    let mut chain = self.stack.clone();
                    chain.push(file.key.clone());
                    self.problems.push(Problem {
                        code: "include-cycle",
                        severity: cycle,
                        origin,
                        col,
                        message: format!(
                            "{what} `{path}` is part of an include cycle ({}); it is left out",
                            chain.join(" -> ")
                        ),
                    });
                    return None;
                }
                Some(file)
            }
        }
    }
}

impl Expander<'_> {
    /// Counts `bytes` more of included text; false (with the warning) past the page's bound.
    fn charge(&mut self, bytes: usize, path: &str, origin: Origin, col: usize) -> bool {
        self.included = self.included.saturating_add(bytes);
        if self.included <= self.max_bytes {
            return true;
        }
        let max = self.max_bytes;
        self.limit(
            origin,
            col,
            format!("`{path}` is left out: the page's includes expand to more than {max} bytes"),
        );
        false
    }

    fn limit(&mut self, origin: Origin, col: usize, message: String) {
        if !self.limit_reported {
            self.limit_reported = true;
            self.problems.push(Problem {
                code: "include-limit",
                severity: Severity::Warning,
                origin,
                col,
                message,
            });
        }
    }
}

/// markdown_include's `lines=1 3-5` (1-based, inclusive).
fn select_lines(text: &str, spec: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    let mut out: Vec<&str> = Vec::new();
    for part in spec.split_whitespace() {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.parse().unwrap_or(1), b.parse().unwrap_or(n)),
            None => {
                let a: usize = part.parse().unwrap_or(1);
                (a, a)
            }
        };
        let (a, b) = (a.clamp(1, n.max(1)), b.min(n));
        if a <= b {
            out.extend_from_slice(&lines[a - 1..b]);
        }
    }
    out.join("\n")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::markdown::source::split;
    use std::collections::HashMap;

    /// Files by path, the same for both kinds.
    pub struct MapResolver(pub HashMap<&'static str, &'static str>);

    impl Resolver for MapResolver {
        fn read(&self, _kind: Kind, path: &str) -> Result<Included, IncludeError> {
            if path.starts_with("..") {
                return Err(IncludeError {
                    code: "include-outside",
                    message: format!("`{path}` is outside the base folder"),
                });
            }
            match self.0.get(path) {
                Some(t) => Ok(Included {
                    key: path.to_string(),
                    text: t.to_string(),
                }),
                None => Err(IncludeError {
                    code: "include-missing",
                    message: format!("`{path}` not found"),
                }),
            }
        }
    }

    fn run(files: &[(&'static str, &'static str)], body: &str) -> (String, Vec<Problem>) {
        let r = MapResolver(files.iter().cloned().collect());
        let mut e = Expander::new(&r, true, true);
        let out = e.expand(split(body));
        let text: Vec<String> = out.iter().map(|l| l.text.to_string()).collect();
        (text.join("\n"), e.problems)
    }

    #[test]
    fn columns_of_several_directives_on_a_line() {
        let (_, p) = run(&[], "é {!a.md!} ü {!b.md!}");
        let cols: Vec<usize> = p.iter().map(|p| p.col).collect();
        assert_eq!(cols, vec![3, 14]);
    }

    #[test]
    fn markdown_include_inline_and_lines() {
        let (t, p) = run(
            &[("a.md", "one\ntwo\nthree\n")],
            "x {!a.md!} y\n{! a.md !lines=2-3}",
        );
        assert_eq!(t, "x one\ntwo\nthree y\ntwo\nthree");
        assert!(p.is_empty());
    }

    #[test]
    fn snippets_indent_ranges_sections_escape_and_blocks() {
        let files = [
            ("a.md", "A1\n--8<-- [start:s]\nS\n--8<-- [end:s]\nA2\n"),
            ("b.md", "B\n"),
        ];
        let body = "  --8<-- \"a.md\"\n--8<-- \"a.md:s\"\n--8<-- 'a.md:1:1'\n;--8<-- \"a.md\"\n--8<--\nb.md\n; a.md\n--8<--";
        let (t, p) = run(&files, body);
        assert_eq!(t, "  A1\n  S\n  A2\nS\nA1\n--8<-- \"a.md\"\nB");
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn missing_outside_and_cycles_are_problems_not_hangs() {
        let files = [("a.md", "--8<-- \"b.md\"\n"), ("b.md", "{!a.md!}\n")];
        let (t, p) = run(
            &files,
            "x\n--8<-- \"a.md\"\n{!nope.md!}\n--8<-- \"../x.md\"",
        );
        assert_eq!(t, "x\n\n");
        let codes: Vec<(&str, usize)> = p.iter().map(|p| (p.code, p.origin.line)).collect();
        assert_eq!(
            codes,
            vec![
                ("include-cycle", 1),
                ("include-missing", 2),
                ("include-outside", 3)
            ]
        );
        assert_eq!(p[1].col, 1);
    }

    /// `f{k}` includes `f{k+1}` twice (by both syntaxes), down to `f{levels}`: 2^levels
    /// expansions without a bound.
    fn doubling(levels: usize) -> HashMap<&'static str, &'static str> {
        let mut files = HashMap::new();
        for k in 0..levels {
            let name: &'static str = format!("f{k}.md").leak();
            let text: &'static str =
                format!("a {{!f{n}.md!}} b\n--8<-- \"f{n}.md\"\n", n = k + 1).leak();
            files.insert(name, text);
        }
        let last: &'static str = format!("f{levels}.md").leak();
        files.insert(last, "leaf text\n");
        files
    }

    #[test]
    fn doubling_includes_stop_at_the_byte_bound() {
        let r = MapResolver(doubling(22));
        let mut e = Expander::new(&r, true, true);
        e.max_bytes = 64 * 1024;
        let out = e.expand(split("intro\n{!f0.md!}\nend"));
        let bytes: usize = out.iter().map(|l| l.text.len()).sum();
        assert!(bytes < 2 * 64 * 1024, "{bytes}");
        let limits: Vec<&Problem> = e
            .problems
            .iter()
            .filter(|p| p.code == "include-limit")
            .collect();
        assert_eq!(limits.len(), 1, "{:?}", e.problems);
        assert_eq!(limits[0].origin.line, 1);
        // With the default bound too, the page ends (it expanded four million times before).
        let mut e = Expander::new(&r, true, true);
        e.expand(split("--8<-- \"f0.md\""));
        assert!(e.problems.iter().any(|p| p.code == "include-limit"));
    }

    #[test]
    fn deep_includes_stop_at_the_depth_bound() {
        let mut files = HashMap::new();
        for k in 0..40 {
            let name: &'static str = format!("d{k}.md").leak();
            let text: &'static str = format!("{k} {{!d{}.md!}}", k + 1).leak();
            files.insert(name, text);
        }
        let r = MapResolver(files);
        let mut e = Expander::new(&r, true, false);
        let out = e.expand(split("x\n\n{!d0.md!}"));
        let text = out
            .iter()
            .map(|l| l.text.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains(&format!("{}", MAX_DEPTH - 1)), "{text}");
        assert!(!text.contains(&format!(" {} ", MAX_DEPTH + 1)), "{text}");
        let codes: Vec<(&str, usize)> =
            e.problems.iter().map(|p| (p.code, p.origin.line)).collect();
        assert_eq!(codes, vec![("include-limit", 2)]);
    }
}
