//! Printing diagnostics: rustc-style for people (codespan-reporting, with the source line and
//! a caret, colour only on a terminal), JSON lines, or GitHub Actions workflow commands.

use super::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Prints `diags` (already sorted) to stderr. `root` is the folder file paths are relative to.
/// Info lines are shown only when `verbose`; warnings and errors unless `quiet` hides warnings.
pub fn print(diags: &[Diagnostic], format: Format, root: &Path, verbose: bool, quiet: bool) {
    let shown: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| match d.severity {
            Severity::Info => verbose,
            Severity::Warning => !quiet,
            Severity::Error => true,
        })
        .collect();
    match format {
        Format::Human => {
            let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            };
            let mut out = StandardStream::stderr(choice);
            human(&shown, root, &mut out);
            let _ = writeln!(out, "{}", summary(diags));
        }
        Format::Json => {
            let mut err = std::io::stderr().lock();
            for d in shown {
                let _ = writeln!(err, "{}", json_line(d));
            }
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in shown {
                let _ = writeln!(out, "{}", github_line(d));
            }
            let _ = writeln!(std::io::stderr(), "{}", summary(diags));
        }
    }
}

/// `blogen: 1 error, 2 warnings` (info lines counted too).
pub fn summary(diags: &[Diagnostic]) -> String {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(e, "error"),
        plural(w, "warning"),
        plural(i, "info line")
    )
}

pub fn human(diags: &[&Diagnostic], root: &Path, out: &mut dyn WriteColor) {
    let mut files = SimpleFiles::new();
    let mut ids: HashMap<&Path, Option<usize>> = HashMap::new();
    let config = codespan_reporting::term::Config::default();
    for d in diags {
        let sev = match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
            Severity::Info => codespan_reporting::diagnostic::Severity::Note,
        };
        let mut cs = CsDiagnostic::new(sev)
            .with_code(d.code)
            .with_message(&d.message);
        let mut located = false;
        if let Some(file) = &d.file {
            let id = *ids.entry(file.as_path()).or_insert_with(|| {
                // Only a regular file of bounded size: a diagnostic may name a FIFO, a device or
                // a link to one (`file-not-regular`, `symlink-outside`), which must not be read.
                if d.line == 0 {
                    return None;
                }
                let limit = crate::read::MAX_INPUT_BYTES;
                let text = crate::read::read_regular(&root.join(file), limit)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).replace("\r\n", "\n"))?;
                Some(files.add(file.display().to_string(), text))
            });
            if let (Some(id), true) = (id, d.line > 0) {
                if let Some(range) = span(
                    files.get(id).map(|f| f.source().as_str()).unwrap_or(""),
                    d.line,
                    d.col,
                ) {
                    cs = cs.with_labels(vec![Label::primary(id, range)]);
                    located = true;
                }
            }
            if !located {
                let loc = if d.line > 0 {
                    format!("{}:{}", file.display(), d.line)
                } else {
                    file.display().to_string()
                };
                cs = cs.with_notes(vec![format!("in {loc}")]);
            }
        }
        if let Some(h) = &d.hint {
            cs.notes.push(format!("help: {h}"));
        }
        let _ = codespan_reporting::term::emit(out, &config, &files, &cs);
    }
}

/// Byte range of the caret: from the column to the end of the word (or line) there.
fn span(text: &str, line: usize, col: usize) -> Option<std::ops::Range<usize>> {
    let start_of_line = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_text = text[start_of_line..].split('\n').next().unwrap_or("");
    let col_byte = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let rest = &line_text[col_byte..];
    let len = if rest.is_empty() { 0 } else { rest.len() };
    Some(start_of_line + col_byte..start_of_line + col_byte + len)
}

pub fn json_line(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": d.severity,
        "code": d.code,
        "file": d.file.as_ref().map(|f| f.display().to_string()),
        "line": d.line,
        "column": d.col,
        "message": d.message,
        "hint": d.hint,
    })
    .to_string()
}

/// GitHub Actions workflow command: `::warning file=F,line=L,col=C,title=CODE::message`.
pub fn github_line(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = Vec::new();
    if let Some(f) = &d.file {
        props.push(format!("file={}", gh_prop(&f.display().to_string())));
        if d.line > 0 {
            props.push(format!("line={}", d.line));
        }
        if d.col > 0 {
            props.push(format!("col={}", d.col));
        }
    }
    props.push(format!("title={}", gh_prop(d.code)));
    let mut msg = d.message.clone();
    if let Some(h) = &d.hint {
        msg.push_str(&format!("\nhelp: {h}"));
    }
    format!("::{kind} {}::{}", props.join(","), gh_data(&msg))
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_and_json_lines() {
        let d = Diagnostic::warning("link-missing", "link `a.md`: missing, really")
            .at("docs/x.md", 3, 5)
            .with_hint("fix it");
        assert_eq!(
            github_line(&d),
            "::warning file=docs/x.md,line=3,col=5,title=link-missing::link `a.md`: missing, really%0Ahelp: fix it"
        );
        let v: serde_json::Value = serde_json::from_str(&json_line(&d)).unwrap();
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["line"], 3);
        assert_eq!(v["file"], "docs/x.md");
    }

    #[test]
    fn human_output_shows_source_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.md"), "line one\nsee [x](missing.md)\n").unwrap();
        let d = Diagnostic::warning("link-missing", "link `missing.md` is broken").at("p.md", 2, 5);
        let mut buf = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        human(&[&d], dir.path(), &mut buf);
        let text = String::from_utf8(buf.into_inner()).unwrap();
        assert!(
            text.contains("warning[link-missing]: link `missing.md` is broken"),
            "{text}"
        );
        assert!(text.contains("p.md:2:5"), "{text}");
        assert!(text.contains("see [x](missing.md)"), "{text}");
    }
}
