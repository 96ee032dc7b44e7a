//! `extra.blogen.validation`: how loud each of blogen's diagnostic codes is, `{code: ignore |
//! info | warn}`, applied by the diagnostics `Sink` to every diagnostic of that code that is not
//! an error. mkdocs' own `validation:` section is `config::validation`.

use super::load::Source;
use super::spans::Seg;
use super::Level;
use crate::diagnostics::{Diagnostic, Severity};
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};

/// Every code blogen reports, so that a name in the map that is none of them is pointed out.
pub const CODES: &[&str] = &[
    "anchor-missing",
    "author-unknown",
    "authors-duplicate-key",
    "authors-file",
    "category-not-allowed",
    "config-blog-option",
    "config-duplicate-key",
    "config-exclude",
    "config-extension",
    "config-plugin",
    "config-read",
    "config-type",
    "config-utf8",
    "config-validation",
    "config-yaml",
    "docs-dir-missing",
    "excerpt-missing",
    "file-name-utf8",
    "file-not-regular",
    "file-not-utf8",
    "file-too-large",
    "file-unreadable",
    "front-matter-duplicate-key",
    "front-matter-type",
    "front-matter-yaml",
    "image-missing",
    "image-outside-docs",
    "include-cycle",
    "include-limit",
    "include-missing",
    "include-outside",
    "link-absolute",
    "link-missing",
    "link-outside-docs",
    "link-to-draft",
    "link-to-excluded",
    "link-to-unloaded",
    "link-unrecognized",
    "nav-not-found",
    "nav-omitted",
    "nesting-limit",
    "output",
    "post-date-invalid",
    "post-date-missing",
    "post-title-missing",
    "redirect-not-markdown",
    "redirect-outside-site",
    "redirect-over-page",
    "redirect-target-missing",
    "site-dir-refused",
    "site-url-missing",
    "symlink-outside",
    "template",
    "template-utf8",
    "theme-file",
    "theme-setting-ignored",
    "url-conflict",
];

/// The levels set in `extra.blogen.validation`, by code (only the codes it names).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Checks {
    pub levels: BTreeMap<String, Level>,
}

impl Checks {
    /// The levels as the diagnostics sink applies them: None drops the diagnostic.
    pub fn sink_levels(&self) -> HashMap<String, Option<Severity>> {
        self.levels
            .iter()
            .map(|(code, level)| {
                let severity = match level {
                    Level::Ignore => None,
                    Level::Info => Some(Severity::Info),
                    Level::Warn => Some(Severity::Warning),
                };
                (code.clone(), severity)
            })
            .collect()
    }
}

/// Reads `extra.blogen.validation` out of the `extra` section. A code blogen does not report,
/// or a level other than `ignore`, `info` and `warn`, is left out with an info line at its key
/// (mkdocs, which does not read `extra`, says nothing about it).
pub fn parse(extra: &Value, src: &Source) -> Checks {
    let mut checks = Checks::default();
    let Some(section) = extra.get("blogen").and_then(|b| b.get("validation")) else {
        return checks;
    };
    let base = [
        Seg::Key("extra"),
        Seg::Key("blogen"),
        Seg::Key("validation"),
    ];
    let Value::Mapping(map) = section else {
        if !section.is_null() {
            src.push(
                Diagnostic::info(
                    "config-validation",
                    "extra.blogen.validation must be a mapping of diagnostic codes to ignore, info or warn; it is ignored",
                ),
                &base,
            );
        }
        return checks;
    };
    for (k, v) in map {
        let Some(code) = k.as_str() else { continue };
        let at = [base[0], base[1], base[2], Seg::Key(code)];
        if !CODES.contains(&code) {
            src.push(
                Diagnostic::info(
                    "config-validation",
                    format!("extra.blogen.validation: `{code}` is not a diagnostic code of blogen; it is ignored"),
                )
                .with_hint("the codes are listed in the README, under \"Checking docs in CI\""),
                &at,
            );
            continue;
        }
        let level = match v.as_str() {
            Some("ignore") => Level::Ignore,
            Some("info") => Level::Info,
            Some("warn") => Level::Warn,
            _ => {
                src.push(
                    Diagnostic::info(
                        "config-validation",
                        format!("extra.blogen.validation: the level of `{code}` must be ignore, info or warn; it is ignored"),
                    ),
                    &at,
                );
                continue;
            }
        };
        checks.levels.insert(code.to_string(), level);
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::spans::Positions;
    use crate::diagnostics::Sink;
    use std::path::Path;

    fn read(text: &str) -> (Checks, Vec<Diagnostic>) {
        let sink = Sink::new();
        let src = Source {
            display: Path::new("mkdocs.yml"),
            positions: Positions::of(text),
            sink: &sink,
            text,
        };
        let v: Value = serde_yaml::from_str(text).unwrap();
        let checks = parse(v.get("extra").unwrap_or(&Value::Null), &src);
        (checks, sink.take_sorted())
    }

    #[test]
    fn reads_levels_and_reports_unknown_codes_at_their_line() {
        let (c, d) = read(
            "extra:\n  blogen:\n    validation:\n      url-conflict: warn\n      no-such-code: info\n      include-missing: loud\n      nesting-limit: ignore\n",
        );
        assert_eq!(c.levels.get("url-conflict"), Some(&Level::Warn));
        assert_eq!(c.levels.get("nesting-limit"), Some(&Level::Ignore));
        assert_eq!(c.levels.len(), 2);
        let at: Vec<(&str, usize, Severity)> =
            d.iter().map(|d| (d.code, d.line, d.severity)).collect();
        assert_eq!(
            at,
            [
                ("config-validation", 5, Severity::Info),
                ("config-validation", 6, Severity::Info)
            ]
        );
        assert_eq!(
            c.sink_levels().get("nesting-limit"),
            Some(&None::<Severity>)
        );
    }

    #[test]
    fn no_section_sets_nothing() {
        let (c, d) = read("extra:\n  blogen:\n    cache: false\n");
        assert!(c.levels.is_empty() && d.is_empty());
        let (c, d) = read("extra:\n  blogen:\n    validation: [url-conflict]\n");
        assert!(c.levels.is_empty());
        assert_eq!((d[0].code, d[0].line), ("config-validation", 3));
    }
}
