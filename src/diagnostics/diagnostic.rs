//! The diagnostics model: one `Diagnostic` per problem, pushed by every stage into one `Sink`.
//! Rendering the collected diagnostics for people and CI lives in `diagnostics::report`;
//! deciding what they mean for the exit code is `diagnostics::exit_code`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found in the input. `file` is relative to the config directory
/// when it lies inside it, so messages stay short and stable across machines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Diagnostic {
    pub file: Option<PathBuf>,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// A diagnostic as read back from a cache file.
#[derive(serde::Deserialize)]
struct Stored {
    file: Option<PathBuf>,
    line: usize,
    col: usize,
    severity: Severity,
    code: String,
    message: String,
    hint: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Diagnostic, D::Error> {
        <Stored as serde::Deserialize>::deserialize(d).map(Diagnostic::from)
    }
}

impl From<Stored> for Diagnostic {
    /// Codes are `&'static str`: one read back is interned, so each distinct code is allocated
    /// once per process however many diagnostics carry it.
    fn from(s: Stored) -> Diagnostic {
        static CODES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
        let mut codes = CODES.lock().unwrap_or_else(|e| e.into_inner());
        let code = match codes.iter().find(|c| **c == s.code) {
            Some(c) => *c,
            None => {
                let leaked: &'static str = Box::leak(s.code.into_boxed_str());
                codes.push(leaked);
                leaked
            }
        };
        Diagnostic {
            file: s.file,
            line: s.line,
            col: s.col,
            severity: s.severity,
            code,
            message: s.message,
            hint: s.hint,
        }
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            line: 0,
            col: 0,
            severity,
            code,
            message: message.into(),
            hint: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn at(mut self, file: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        self.file = Some(file.into());
        self.line = line;
        self.col = col;
        self
    }
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Collects diagnostics from all stages, from any thread. Once the config is read it holds
/// the level of each code the user set (`extra.blogen.validation`): a diagnostic of such a code
/// that is not an error is dropped (`None`) or takes that severity, as it comes in. Errors keep
/// theirs: they stop what they are about.
#[derive(Debug, Default)]
pub struct Sink {
    items: Mutex<Vec<Diagnostic>>,
    levels: std::sync::OnceLock<HashMap<String, Option<Severity>>>,
}

impl Sink {
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the level of each code in `levels`, for what was collected so far and everything
    /// that comes after. Only the first call counts (one sink serves one config).
    pub fn set_levels(&self, levels: HashMap<String, Option<Severity>>) {
        if self.levels.set(levels).is_ok() {
            let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
            let all = std::mem::take(&mut *items);
            items.extend(all.into_iter().filter_map(|d| self.leveled(d)));
        }
    }
    /// `d` at the level the user set for its code (None: dropped).
    fn leveled(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        if d.severity == Severity::Error {
            return Some(d);
        }
        match self.levels.get().and_then(|l| l.get(d.code)) {
            None => Some(d),
            Some(None) => None,
            Some(Some(s)) => {
                d.severity = *s;
                Some(d)
            }
        }
    }
    pub fn push(&self, d: Diagnostic) {
        if let Some(d) = self.leveled(d) {
            self.items.lock().unwrap_or_else(|e| e.into_inner()).push(d);
        }
    }
    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        let ds: Vec<Diagnostic> = ds.into_iter().filter_map(|d| self.leveled(d)).collect();
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(ds);
    }
    /// The diagnostics sorted by file, line and column, without duplicates.
    pub fn take_sorted(&self) -> Vec<Diagnostic> {
        let mut v = std::mem::take(&mut *self.items.lock().unwrap_or_else(|e| e.into_inner()));
        v.sort();
        v.dedup();
        v
    }
    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_apply_to_what_came_before_and_after_but_never_to_errors() {
        let sink = Sink::new();
        sink.push(Diagnostic::info("url-conflict", "before"));
        sink.push(Diagnostic::error("include-missing", "an error"));
        let levels: HashMap<String, Option<Severity>> = [
            ("url-conflict".to_string(), Some(Severity::Warning)),
            ("include-missing".to_string(), None),
            ("nesting-limit".to_string(), Some(Severity::Info)),
        ]
        .into_iter()
        .collect();
        sink.set_levels(levels);
        sink.push(Diagnostic::warning("nesting-limit", "after"));
        sink.extend([Diagnostic::info("include-missing", "dropped")]);
        // A second map is not applied (one sink serves one config).
        sink.set_levels(HashMap::new());
        sink.push(Diagnostic::info("url-conflict", "later"));
        let got: Vec<(&str, Severity, String)> = sink
            .take_sorted()
            .into_iter()
            .map(|d| (d.code, d.severity, d.message))
            .collect();
        assert_eq!(
            got,
            // Sorted by position, then severity.
            [
                ("nesting-limit", Severity::Info, "after".to_string()),
                ("url-conflict", Severity::Warning, "before".to_string()),
                ("url-conflict", Severity::Warning, "later".to_string()),
                ("include-missing", Severity::Error, "an error".to_string()),
            ]
        );
    }
}
