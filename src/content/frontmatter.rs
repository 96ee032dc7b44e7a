//! YAML front matter: splitting it off the Markdown body, parsing the keys blogen
//! understands (with the file line of each key, for diagnostics) and keeping every other
//! key for templates. Key positions come from the span index of `config::spans`; they and
//! YAML error positions are mapped to lines of the whole file.

use super::date::parse_datetime;
use crate::config::spans::{Positions, Seg};
use crate::config::{repeated_key, yaml_error, yaml_to_json};
use crate::diagnostics::Diagnostic;
use chrono::NaiveDateTime;
use serde_yaml::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct PostDate {
    pub created: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<PostDate>,
    pub draft: Option<bool>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub pin: bool,
    pub readtime: Option<u32>,
    pub template: Option<String>,
    /// Every key as written, for templates (`page.meta`).
    pub raw: serde_json::Map<String, serde_json::Value>,
    /// File line (1-based) of each top-level key (its last line when it is written twice).
    pub key_lines: HashMap<String, usize>,
    /// The YAML was a mapping: mkdocs takes the front matter off a page only then (a page
    /// whose front matter is empty, a list or a scalar shows it as text).
    pub mapping: bool,
}

impl FrontMatter {
    /// Line of `key` in the file, or 1 when the key is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(1)
    }
}

/// A document split into front matter and body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// Number of file lines before the body (so body line n is file line n + body_line_offset).
    pub body_line_offset: usize,
}

/// Splits `---\n...\n---` (or `...` as closing fence) off the start of the text, as mkdocs does.
pub fn split(text: &str) -> Split<'_> {
    let none = Split {
        yaml: None,
        body: text,
        body_line_offset: 0,
    };
    let text_nobom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first_nl) = text_nobom.find('\n') else {
        return none;
    };
    if text_nobom[..first_nl].trim_end() != "---" {
        return none;
    }
    let start = first_nl + 1;
    let mut pos = start;
    let mut lines = 1;
    while pos <= text_nobom.len() {
        let end = text_nobom[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text_nobom.len());
        let line = text_nobom[pos..end].trim_end();
        lines += 1;
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text_nobom.len());
            return Split {
                yaml: Some(&text_nobom[start..pos]),
                body: &text_nobom[body_start..],
                body_line_offset: lines,
            };
        }
        if end == text_nobom.len() {
            break;
        }
        pos = end + 1;
    }
    none
}

/// Parses front matter YAML. `file` names the file in diagnostics. On a YAML error the
/// diagnostic points at the offending line of the file; the caller decides how to go on.
pub fn parse(yaml: &str, file: &Path) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
    let mut fm = FrontMatter::default();
    let mut diags = Vec::new();
    if let Some(line) = yaml.lines().position(|l| l.starts_with('\t')) {
        return Err(Diagnostic::error(
            "front-matter-yaml",
            "invalid YAML front matter: a tab is used for indentation",
        )
        .at(file, line + 2, 1)
        .with_hint("YAML allows only spaces for indentation"));
    }
    let value: Value = if yaml.trim().is_empty() {
        Value::Null
    } else {
        crate::config::yaml::from_str(yaml).map_err(|e| {
            yaml_error(
                &e,
                "front-matter-yaml",
                "invalid YAML front matter",
                file,
                FENCE_LINES,
            )
        })?
    };
    let positions = Positions::of(yaml);
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok((fm, diags)),
        _ => {
            return Err(Diagnostic::error(
                "front-matter-yaml",
                "front matter must be a YAML mapping of keys to values",
            )
            .at(file, 2, 1))
        }
    };
    fm.mapping = true;
    for r in positions.repeated() {
        diags.push(repeated_key(
            "front-matter-duplicate-key",
            r,
            file,
            FENCE_LINES,
        ));
    }
    for (k, line) in positions.top_level_keys() {
        fm.key_lines.insert(k.to_string(), line + FENCE_LINES);
    }
    for (k, v) in &map {
        let Some(key) = k.as_str() else { continue };
        fm.raw.insert(key.to_string(), yaml_to_json(v));
        let line = fm.line_of(key);
        let bad = |want: &str| {
            Diagnostic::warning(
                "front-matter-type",
                format!("front matter key `{key}` must be {want}"),
            )
            .at(file, line, 1)
        };
        match key {
            "title" => fm.title = scalar_string(v),
            "description" => fm.description = scalar_string(v),
            "slug" => fm.slug = scalar_string(v),
            "template" => fm.template = scalar_string(v),
            "draft" => match v {
                Value::Bool(b) => fm.draft = Some(*b),
                _ => diags.push(bad("true or false")),
            },
            "pin" => match v {
                Value::Bool(b) => fm.pin = *b,
                _ => diags.push(bad("true or false")),
            },
            "readtime" => match v.as_u64() {
                Some(n) => fm.readtime = Some(n as u32),
                None => diags.push(bad("a whole number of minutes")),
            },
            "authors" | "author" => match string_list(v) {
                Some(list) => fm.authors.extend(list),
                None => diags.push(bad("a list of author ids")),
            },
            "categories" => match string_list(v) {
                Some(list) => fm.categories = list,
                None => diags.push(bad("a list of category names")),
            },
            "tags" => match string_list(v) {
                Some(list) => fm.tags = list,
                None => diags.push(bad("a list of tags")),
            },
            "date" => match parse_date_value(v) {
                Ok(d) => fm.date = Some(d),
                Err((msg, sub)) => diags.push(
                    Diagnostic::error("post-date-invalid", msg)
                        .at(file, date_line(&positions, sub).unwrap_or(line), 1)
                        .with_hint("write the date as YYYY-MM-DD, a datetime, or a map with `created` (and `updated`)"),
                ),
            },
            _ => {}
        }
    }
    Ok((fm, diags))
}

/// The lines of the opening `---` before the YAML: YAML line n is file line n + 1.
const FENCE_LINES: usize = 1;

/// The file line of the `date` map's key `sub` (None for the date itself).
fn date_line(positions: &Positions, sub: Option<&str>) -> Option<usize> {
    let p = positions.find(&[Seg::Key("date"), Seg::Key(sub?)])?;
    Some(p.line + FENCE_LINES)
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Null => Some(vec![]),
        Value::Sequence(s) => s.iter().map(scalar_string).collect(),
        other => scalar_string(other).map(|s| vec![s]),
    }
}

/// The date, or what is wrong with it and under which key of a date map (`created`,
/// `updated`) when it is there.
fn parse_date_value(v: &Value) -> Result<PostDate, (String, Option<&'static str>)> {
    match v {
        Value::Mapping(m) => {
            let created = m
                .get("created")
                .ok_or(("the date map has no `created` key".to_string(), None))?;
            let at = |key: &'static str| move |e: String| (e, Some(key));
            let created = parse_datetime(
                &scalar_string(created)
                    .ok_or_else(|| at("created")("`created` must be a date".into()))?,
            )
            .map_err(at("created"))?;
            let updated = match m.get("updated") {
                Some(u) => Some(
                    parse_datetime(
                        &scalar_string(u)
                            .ok_or_else(|| at("updated")("`updated` must be a date".into()))?,
                    )
                    .map_err(at("updated"))?,
                ),
                None => None,
            };
            Ok(PostDate { created, updated })
        }
        other => {
            let s = scalar_string(other)
                .ok_or(("`date` must be a date such as 2024-01-31".to_string(), None))?;
            Ok(PostDate {
                created: parse_datetime(&s).map_err(|e| (e, None))?,
                updated: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: x\n---\n# Body\n");
        assert_eq!(s.yaml, Some("title: x\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 3);
        assert!(split("# no front matter\n").yaml.is_none());
        assert!(split("---\nunclosed: true\n").yaml.is_none());
    }

    #[test]
    fn parses_keys_and_lines() {
        let (fm, d) = parse(
            "date:\n  created: 2024-01-02\n  updated: 2024-02-03\nauthors: [ada]\ncategories:\n  - Rust\ndraft: true\nfoo: bar\n",
            Path::new("p.md"),
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!(
            fm.date.as_ref().unwrap().updated.unwrap().to_string(),
            "2024-02-03 00:00:00"
        );
        assert_eq!(fm.authors, ["ada"]);
        assert_eq!(fm.categories, ["Rust"]);
        assert_eq!(fm.draft, Some(true));
        assert_eq!(fm.line_of("categories"), 6);
        assert_eq!(fm.raw["foo"], "bar");
    }

    #[test]
    fn yaml_error_line_is_file_line() {
        let e = parse("title: ok\ndate: [2024\n", Path::new("p.md")).unwrap_err();
        assert_eq!(e.code, "front-matter-yaml");
        assert!(e.line >= 3, "{e:?}");
    }

    #[test]
    fn bad_date_is_reported_at_its_key() {
        let (_, d) = parse("title: x\ndate: 2026-13-45\n", Path::new("p.md")).unwrap();
        assert_eq!((d[0].code, d[0].line), ("post-date-invalid", 3));
    }
}
