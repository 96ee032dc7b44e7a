//! Loading mkdocs.yml: reading the file (bounded, regular files only), parsing the YAML,
//! and handing each section to its reader with a `Source` that turns key paths into file
//! positions for diagnostics. A YAML syntax error in a quote or bracket that is never closed
//! is reported where that construct opens.

use super::blog::parse_plugins;
use super::de;
use super::extra::BlogenOptions;
use super::markdown::{parse_extensions, DEFAULT_PERMALINK_TITLE};
use super::site::{parse_nav, SiteSection};
use super::spans::{Positions, Seg};
use super::yaml::{resolve_tags, yaml_to_json};
use super::{theme, validation, Config};
use crate::diagnostics::{Diagnostic, Sink};
use crate::read::{read_regular, ReadError, MAX_CONFIG_BYTES};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The config text being read: where diagnostics go and how to place them.
pub struct Source<'a> {
    /// The file name shown in diagnostics.
    pub display: &'a Path,
    pub positions: Positions,
    pub sink: &'a Sink,
    /// The config's text (a `!!python/name:` tag is read from it: serde_yaml drops it).
    pub text: &'a str,
}

impl Source<'_> {
    /// Line and column of `path` (or of its nearest ancestor in the text).
    pub fn line_col(&self, path: &[Seg]) -> (usize, usize) {
        let p = self.positions.locate(path);
        (p.line, p.col)
    }

    /// `d`, placed at `path`.
    pub fn at(&self, d: Diagnostic, path: &[Seg]) -> Diagnostic {
        let (line, col) = self.line_col(path);
        d.at(self.display, line, col)
    }

    /// Reports `d` at `path`.
    pub fn push(&self, d: Diagnostic, path: &[Seg]) {
        self.sink.push(self.at(d, path));
    }
}

/// A serde_yaml syntax error as a diagnostic with `code`. For a quote or bracket that is
/// never closed the YAML parser notices the problem where it gives up (often the end of the
/// text); the diagnostic points at where the construct opens and says where the parser stopped.
pub fn yaml_error(
    e: &serde_yaml::Error,
    code: &'static str,
    what: &str,
    file: &Path,
    line_offset: usize,
) -> Diagnostic {
    let msg = e.to_string();
    let stopped = e.location().map(|l| (l.line(), l.column()));
    let opened = unclosed_start(&msg);
    let (line, col) = opened.or(stopped).unwrap_or((1, 1));
    let d = Diagnostic::error(code, format!("{what}: {}", strip_locations(&msg))).at(
        file,
        line + line_offset,
        col,
    );
    match (opened, stopped) {
        (Some(_), Some((l, _))) if l != line => d.with_hint(format!(
            "it is not closed: the YAML parser stopped at line {}",
            l + line_offset
        )),
        _ => d,
    }
}

/// Where the unclosed construct named by the context of a libyaml message starts: serde_yaml
/// writes it as `PROBLEM at line L column C, while CONTEXT at line L2 column C2`.
fn unclosed_start(msg: &str) -> Option<(usize, usize)> {
    const UNCLOSED: &[&str] = &[
        "while scanning a quoted scalar",
        "while parsing a flow sequence",
        "while parsing a flow mapping",
    ];
    let (_, context) = msg.split_once(", while ")?;
    let context = format!("while {context}");
    let prefix = UNCLOSED.iter().find(|c| context.starts_with(*c))?;
    let rest = context[prefix.len()..].strip_prefix(" at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// serde_yaml's messages carry " at line X column Y" (and " at position N") for the problem
/// and its context; the diagnostic places them itself.
fn strip_locations(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let skip = location_len(after);
        if skip == 0 {
            out.push_str(" at ");
        }
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// The length of `line N column M` or `position N` at the start of `s` (0 when neither).
fn location_len(s: &str) -> usize {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(t) = s.strip_prefix("line ") {
        let n = digits(t);
        if n > 0 {
            if let Some(u) = t[n..].strip_prefix(" column ") {
                let m = digits(u);
                if m > 0 {
                    return "line ".len() + n + " column ".len() + m;
                }
            }
        }
    } else if let Some(t) = s.strip_prefix("position ") {
        let n = digits(t);
        if n > 0 {
            return "position ".len() + n;
        }
    }
    0
}

/// An info line for a key written again in its mapping (PyYAML, and so mkdocs, keeps the last
/// value without a word; so does blogen), at the later key. `line_offset` is added to lines.
pub fn repeated_key(
    code: &'static str,
    r: &super::spans::Repeat,
    file: &Path,
    line_offset: usize,
) -> Diagnostic {
    Diagnostic::info(
        code,
        format!(
            "the key `{}` is written again (first at line {}); the last value is used",
            r.key,
            r.before.line + line_offset
        ),
    )
    .at(file, r.at.line + line_offset, r.at.col)
}

fn line_of_offset_bytes(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

impl Config {
    /// Load `path`. When it does not exist and `required` is false, the defaults for its
    /// directory are used. Errors (unreadable file, broken YAML, wrong types) are diagnostics.
    pub fn load(path: &Path, required: bool, sink: &Sink) -> Result<Config, Diagnostic> {
        let root = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let display = path.file_name().map(PathBuf::from).unwrap_or_default();
        // A FIFO or a device (`-f /dev/zero`) is refused before it is opened; the size is bound.
        let text = match read_regular(path, MAX_CONFIG_BYTES) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                Diagnostic::error("config-utf8", "the config file is not valid UTF-8").at(
                    &display,
                    line_of_offset_bytes(e.as_bytes(), e.utf8_error().valid_up_to()),
                    1,
                )
            })?,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::defaults(&root));
            }
            Err(e @ (ReadError::NotRegular(_) | ReadError::TooLarge(..))) => {
                return Err(Diagnostic::error(
                    "config-read",
                    format!("the config file {} is {e}", path.display()),
                )
                .with_hint("pass a mkdocs.yml file with -f"));
            }
            Err(ReadError::Io(e)) => {
                return Err(Diagnostic::error(
                    "config-read",
                    format!("cannot read {}: {e}", path.display()),
                )
                .with_hint("pass the config file with -f, or run blogen in the folder that holds mkdocs.yml"));
            }
        };
        let mut cfg = Config::parse(&text, &root, &display, sink)?;
        cfg.config_file = Some(path.to_path_buf());
        Ok(cfg)
    }

    /// The config in `text`, read from `display` in `root`. Unsupported settings are
    /// reported to `sink` as info lines; the first wrong value is the error.
    pub fn parse(
        text: &str,
        root: &Path,
        display: &Path,
        sink: &Sink,
    ) -> Result<Config, Diagnostic> {
        let value: Value = super::yaml::from_str(&super::yaml::local_python_tags(text))
            .map_err(|e| yaml_error(&e, "config-yaml", "invalid YAML", display, 0))?;
        let src = Source {
            display,
            positions: Positions::of(text),
            sink,
            text,
        };
        for r in src.positions.repeated() {
            sink.push(repeated_key("config-duplicate-key", r, display, 0));
        }
        let map = match resolve_tags(value) {
            Value::Mapping(m) => m,
            Value::Null => Default::default(),
            _ => {
                return Err(
                    Diagnostic::error("config-type", "the config must be a YAML mapping")
                        .at(display, 1, 1),
                )
            }
        };
        let mut cfg = Config::defaults(root);
        let site: SiteSection = de::read(&map, |_| {}).map_err(|e| {
            src.at(
                Diagnostic::error("config-type", format!("`{}` must be {}", e.key, e.want)),
                &[Seg::Key(&e.key)],
            )
        })?;
        if let Some(nav) = &site.nav {
            cfg.nav = Some(parse_nav(nav).map_err(|e| {
                src.at(
                    Diagnostic::error("config-type", format!("`nav` must be {}", e.want)),
                    &e.path(),
                )
            })?);
        }
        cfg.apply_site(site, root);
        if let Some(t) = map.get("theme") {
            cfg.theme_settings = yaml_to_json(t);
            let t = theme::parse(t, root, &src);
            cfg.theme_name = t.name.clone();
            cfg.custom_dir = t.custom_dir.clone();
            cfg.theme = t;
        }
        if let Some(extra) = map.get("extra") {
            cfg.extra = yaml_to_json(extra);
            cfg.checks = super::checks::parse(extra, &src);
        }
        if let Some(exts) = map.get("markdown_extensions") {
            parse_extensions(exts, &mut cfg.markdown, &src);
        }
        if let Some(v) = map.get("validation") {
            cfg.validation = validation::parse(v);
        }
        if let Some(plugins) = map.get("plugins") {
            parse_plugins(
                plugins,
                &src,
                &mut cfg.blog,
                &mut cfg.feeds,
                &mut cfg.redirects,
                &mut cfg.exclude,
            )?;
        }
        let blogen = BlogenOptions::of(&cfg.extra);
        if let Some(url) = blogen.mermaid_url {
            cfg.mermaid_url = url;
        }
        cfg.mermaid_local = blogen.mermaid.as_deref() == Some("local");
        if let Some(n) = blogen.feed_length {
            cfg.feeds.length = n;
        }
        if let Some(f) = blogen.feed_full_content {
            cfg.feeds.full_content = f;
        }
        if cfg.markdown.toc_permalink_title.is_empty() {
            cfg.markdown.toc_permalink_title = DEFAULT_PERMALINK_TITLE.into();
        }
        sink.set_levels(cfg.checks.sink_levels());
        Ok(cfg)
    }

    fn apply_site(&mut self, s: SiteSection, root: &Path) {
        if let Some(n) = s.site_name {
            self.site_name = n;
        }
        self.site_url = s.site_url.filter(|u| !u.is_empty());
        self.site_description = s.site_description;
        self.site_author = s.site_author;
        self.copyright = s.copyright;
        self.repo_url = s.repo_url;
        self.repo_name = s.repo_name;
        self.edit_uri = s.edit_uri;
        if let Some(d) = s.docs_dir {
            self.docs_dir = root.join(d);
        }
        if let Some(d) = s.site_dir {
            self.site_dir = root.join(d);
        }
        if let Some(u) = s.use_directory_urls {
            self.use_directory_urls = u;
        }
        self.extra_css = s.extra_css;
        self.extra_javascript = s.extra_javascript;
        self.exclude.exclude_docs = s.exclude_docs.unwrap_or_default();
        self.exclude.draft_docs = s.draft_docs.unwrap_or_default();
        self.exclude.not_in_nav = s.not_in_nav.unwrap_or_default();
    }
}
