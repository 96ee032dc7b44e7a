//! `mkdocs.yml` -> `Config`: the site options blogen reads, the blog plugin's options with
//! mkdocs-material's defaults, and the Markdown extensions that are switched on.
//! Reading the file and reporting YAML errors with their line is done here; nothing else parses YAML config.

use crate::check::{Diagnostic, Sink};
use serde_yaml::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A nav entry from `mkdocs.yml`.
#[derive(Debug, Clone, PartialEq)]
pub enum NavItem {
    /// A page: optional title and path relative to docs_dir.
    Page { title: Option<String>, path: String },
    /// A link to an external URL.
    Link { title: String, url: String },
    Section {
        title: String,
        children: Vec<NavItem>,
    },
}

/// mkdocs 1.6 `validation:` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ignore,
    Info,
    Warn,
}

#[derive(Debug, Clone)]
pub struct Validation {
    pub nav_omitted_files: Level,
    pub nav_not_found: Level,
    pub links_not_found: Level,
    pub links_anchors: Level,
    pub links_absolute: Level,
    pub links_unrecognized: Level,
}

impl Default for Validation {
    fn default() -> Self {
        Validation {
            nav_omitted_files: Level::Info,
            nav_not_found: Level::Warn,
            links_not_found: Level::Warn,
            links_anchors: Level::Info,
            links_absolute: Level::Info,
            links_unrecognized: Level::Info,
        }
    }
}

/// The blog plugin's options. Defaults are mkdocs-material 9.x's.
#[derive(Debug, Clone)]
pub struct BlogConfig {
    pub enabled: bool,
    pub blog_dir: String,
    pub blog_toc: bool,
    pub post_dir: String,
    pub post_date_format: String,
    pub post_url_date_format: String,
    pub post_url_format: String,
    pub post_url_max_categories: usize,
    pub post_slugify_separator: String,
    pub post_excerpt: ExcerptMode,
    pub post_excerpt_max_authors: usize,
    pub post_excerpt_max_categories: usize,
    pub post_excerpt_separator: String,
    pub post_readtime: bool,
    pub post_readtime_words_per_minute: usize,
    pub archive: bool,
    pub archive_name: String,
    pub archive_date_format: String,
    pub archive_url_date_format: String,
    pub archive_url_format: String,
    pub archive_pagination: bool,
    pub archive_pagination_per_page: usize,
    pub archive_toc: bool,
    pub categories: bool,
    pub categories_name: String,
    pub categories_url_format: String,
    pub categories_slugify_separator: String,
    pub categories_allowed: Vec<String>,
    pub categories_sort_by: String,
    pub categories_sort_reverse: bool,
    pub categories_pagination: bool,
    pub categories_pagination_per_page: usize,
    pub categories_toc: bool,
    pub authors: bool,
    pub authors_file: String,
    pub authors_profiles: bool,
    pub authors_profiles_name: String,
    pub authors_profiles_url_format: String,
    pub authors_profiles_pagination: bool,
    pub authors_profiles_pagination_per_page: usize,
    pub authors_profiles_toc: bool,
    pub pagination: bool,
    pub pagination_per_page: usize,
    pub pagination_url_format: String,
    pub pagination_format: String,
    pub pagination_if_single_page: bool,
    pub pagination_keep_content: bool,
    pub draft: bool,
    pub draft_on_serve: bool,
    pub draft_if_future_date: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcerptMode {
    Optional,
    Required,
}

impl Default for BlogConfig {
    fn default() -> Self {
        BlogConfig {
            enabled: true,
            blog_dir: "blog".into(),
            blog_toc: false,
            post_dir: "{blog}/posts".into(),
            post_date_format: "long".into(),
            post_url_date_format: "yyyy/MM/dd".into(),
            post_url_format: "{date}/{slug}".into(),
            post_url_max_categories: 1,
            post_slugify_separator: "-".into(),
            post_excerpt: ExcerptMode::Optional,
            post_excerpt_max_authors: 1,
            post_excerpt_max_categories: 5,
            post_excerpt_separator: "<!-- more -->".into(),
            post_readtime: true,
            post_readtime_words_per_minute: 265,
            archive: true,
            archive_name: "Archive".into(),
            archive_date_format: "yyyy".into(),
            archive_url_date_format: "yyyy".into(),
            archive_url_format: "archive/{date}".into(),
            archive_pagination: true,
            archive_pagination_per_page: 10,
            archive_toc: false,
            categories: true,
            categories_name: "Categories".into(),
            categories_url_format: "category/{slug}".into(),
            categories_slugify_separator: "-".into(),
            categories_allowed: vec![],
            categories_sort_by: "title".into(),
            categories_sort_reverse: false,
            categories_pagination: true,
            categories_pagination_per_page: 10,
            categories_toc: false,
            authors: true,
            authors_file: "{blog}/.authors.yml".into(),
            authors_profiles: false,
            authors_profiles_name: "Authors".into(),
            authors_profiles_url_format: "author/{slug}".into(),
            authors_profiles_pagination: true,
            authors_profiles_pagination_per_page: 10,
            authors_profiles_toc: false,
            pagination: true,
            pagination_per_page: 10,
            pagination_url_format: "page/{page}".into(),
            pagination_format: "~2~".into(),
            pagination_if_single_page: false,
            pagination_keep_content: false,
            draft: false,
            draft_on_serve: true,
            draft_if_future_date: false,
        }
    }
}

impl BlogConfig {
    /// post_dir with `{blog}` expanded, relative to docs_dir, without trailing slash.
    pub fn post_dir(&self) -> String {
        expand_blog(&self.post_dir, &self.blog_dir)
    }
    pub fn authors_file(&self) -> String {
        expand_blog(&self.authors_file, &self.blog_dir)
    }
    /// blog_dir normalised: "" for the docs root, else "blog" (no slashes at the ends).
    pub fn blog_dir(&self) -> String {
        norm_dir(&self.blog_dir)
    }
}

fn expand_blog(s: &str, blog_dir: &str) -> String {
    norm_dir(&s.replace("{blog}", &norm_dir(blog_dir)))
}

fn norm_dir(s: &str) -> String {
    let parts: Vec<&str> = s
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    parts.join("/")
}

/// Markdown extensions switched on in `markdown_extensions`, with the options blogen reads.
#[derive(Debug, Clone, Default)]
pub struct MarkdownConfig {
    pub extensions: BTreeSet<String>,
    pub toc_permalink: Option<String>,
    pub toc_permalink_title: String,
    pub linenums: bool,
    /// Custom fences (superfences) whose content is passed through as `<pre class="..."><code>`.
    pub passthrough_fences: Vec<(String, String)>,
    pub include_base_path: String,
    pub snippets_base_path: Vec<String>,
    /// pymdownx.tasklist `custom_checkbox`.
    pub tasklist_custom_checkbox: bool,
    /// pymdownx.highlight's options besides `linenums`.
    pub highlight: crate::markdown::highlight::HighlightOptions,
}

impl MarkdownConfig {
    pub fn has(&self, ext: &str) -> bool {
        self.extensions.contains(ext)
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The file the config was read from (None when defaults were used).
    pub config_file: Option<PathBuf>,
    /// The directory relative paths are resolved against.
    pub root: PathBuf,
    pub site_name: String,
    pub site_url: Option<String>,
    pub site_description: Option<String>,
    pub site_author: Option<String>,
    pub copyright: Option<String>,
    pub repo_url: Option<String>,
    pub docs_dir: PathBuf,
    pub site_dir: PathBuf,
    pub use_directory_urls: bool,
    pub nav: Option<Vec<NavItem>>,
    pub custom_dir: Option<PathBuf>,
    pub theme_name: String,
    pub extra: serde_json::Value,
    pub extra_css: Vec<String>,
    pub extra_javascript: Vec<String>,
    pub markdown: MarkdownConfig,
    pub blog: Option<BlogConfig>,
    pub validation: Validation,
    pub mermaid_url: String,
    /// `extra.blogen.mermaid: local`: pages load the copy of Mermaid published with the site.
    pub mermaid_local: bool,
    pub feeds: FeedConfig,
    /// Whether the on-disk cache (`.blogen-cache/` beside mkdocs.yml) may be used
    /// (`extra.blogen.cache`, default true; `--no-cache` turns it off).
    pub use_cache: bool,
    /// Run state, not configuration: the highlight cache of this run, when caching is on.
    pub highlight_cache: Option<std::sync::Arc<crate::markdown::hlcache::HighlightCache>>,
}

#[derive(Debug, Clone)]
pub struct FeedConfig {
    pub length: usize,
    pub full_content: bool,
    /// mkdocs-rss-plugin is configured: use its file names.
    pub rss_plugin: bool,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            length: 20,
            full_content: false,
            rss_plugin: false,
        }
    }
}

pub const DEFAULT_MERMAID_URL: &str = "https://unpkg.com/mermaid@11/dist/mermaid.esm.min.mjs";

impl Config {
    /// Defaults for a directory without mkdocs.yml.
    pub fn defaults(root: &Path) -> Config {
        Config {
            config_file: None,
            root: root.to_path_buf(),
            site_name: "My Docs".into(),
            site_url: None,
            site_description: None,
            site_author: None,
            copyright: None,
            repo_url: None,
            docs_dir: root.join("docs"),
            site_dir: root.join("site"),
            use_directory_urls: true,
            nav: None,
            custom_dir: None,
            theme_name: "material".into(),
            extra: serde_json::Value::Object(Default::default()),
            extra_css: vec![],
            extra_javascript: vec![],
            markdown: MarkdownConfig {
                toc_permalink_title: "Permanent link".into(),
                ..Default::default()
            },
            blog: None,
            validation: Validation::default(),
            mermaid_url: DEFAULT_MERMAID_URL.into(),
            mermaid_local: false,
            feeds: FeedConfig::default(),
            use_cache: true,
            highlight_cache: None,
        }
    }

    /// Where the highlight cache is kept.
    pub fn highlight_cache_path(&self) -> std::path::PathBuf {
        self.cache_dir().join("highlight.bin")
    }

    /// The folder of the on-disk cache (whether or not it is used).
    pub fn cache_dir(&self) -> std::path::PathBuf {
        self.root.join(".blogen-cache")
    }

    /// A hash of the whole configuration (run state aside): pages made under another digest
    /// may differ.
    pub fn digest(&self) -> u64 {
        let mut c = self.clone();
        c.highlight_cache = None;
        c.use_cache = false;
        xxhash_rust::xxh3::xxh3_64(format!("{c:?}").as_bytes())
    }

    /// The config file path relative to root, for diagnostics.
    /// `d`, placed in the config file; without one, its message says that the defaults are in
    /// use (there is no mkdocs.yml to blame).
    pub fn about_config(&self, d: crate::check::Diagnostic) -> crate::check::Diagnostic {
        if self.config_file.is_some() {
            return d.in_file(self.config_display());
        }
        let mut d = d;
        d.message
            .push_str(" (there is no mkdocs.yml: blogen's defaults are in use)");
        d
    }

    pub fn config_display(&self) -> PathBuf {
        self.config_file
            .as_ref()
            .and_then(|f| f.file_name().map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("mkdocs.yml"))
    }

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
        use crate::content::read::{read_regular, ReadError, MAX_CONFIG_BYTES};
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

    pub fn parse(
        text: &str,
        root: &Path,
        display: &Path,
        sink: &Sink,
    ) -> Result<Config, Diagnostic> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| {
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            Diagnostic::error(
                "config-yaml",
                format!("invalid YAML: {}", strip_location(&e.to_string())),
            )
            .at(display, line, col)
        })?;
        let value = resolve_tags(value);
        let map = match &value {
            Value::Mapping(m) => m.clone(),
            Value::Null => Default::default(),
            _ => {
                return Err(
                    Diagnostic::error("config-type", "the config must be a YAML mapping")
                        .at(display, 1, 1),
                )
            }
        };
        let mut cfg = Config::defaults(root);
        let bad = |key: &str, want: &str| {
            Diagnostic::error("config-type", format!("`{key}` must be {want}")).at(
                display,
                line_of_key(text, key),
                1,
            )
        };
        let get_str = |key: &str| -> Result<Option<String>, Diagnostic> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Bool(b)) => Ok(Some(b.to_string())),
                Some(Value::Number(n)) => Ok(Some(n.to_string())),
                Some(_) => Err(bad(key, "a string")),
            }
        };
        if let Some(s) = get_str("site_name")? {
            cfg.site_name = s;
        }
        cfg.site_url = get_str("site_url")?.filter(|s| !s.is_empty());
        cfg.site_description = get_str("site_description")?;
        cfg.site_author = get_str("site_author")?;
        cfg.copyright = get_str("copyright")?;
        cfg.repo_url = get_str("repo_url")?;
        if let Some(d) = get_str("docs_dir")? {
            cfg.docs_dir = root.join(d);
        }
        if let Some(d) = get_str("site_dir")? {
            cfg.site_dir = root.join(d);
        }
        match map.get("use_directory_urls") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => cfg.use_directory_urls = *b,
            Some(_) => return Err(bad("use_directory_urls", "true or false")),
        }
        if let Some(nav) = map.get("nav") {
            cfg.nav = Some(parse_nav(nav).map_err(|m| bad("nav", &m))?);
        }
        match map.get("theme") {
            Some(Value::String(s)) => cfg.theme_name = s.clone(),
            Some(Value::Mapping(t)) => {
                if let Some(Value::String(n)) = t.get("name") {
                    cfg.theme_name = n.clone();
                }
                if let Some(Value::String(d)) = t.get("custom_dir") {
                    cfg.custom_dir = Some(root.join(d));
                }
            }
            _ => {}
        }
        if let Some(extra) = map.get("extra") {
            cfg.extra = yaml_to_json(extra);
            if let Some(url) = cfg
                .extra
                .get("blogen")
                .and_then(|b| b.get("mermaid_url"))
                .and_then(|u| u.as_str())
            {
                cfg.mermaid_url = url.to_string();
            }
            cfg.mermaid_local = cfg
                .extra
                .get("blogen")
                .and_then(|b| b.get("mermaid"))
                .and_then(|m| m.as_str())
                == Some("local");
        }
        cfg.extra_css = string_list(map.get("extra_css"));
        cfg.extra_javascript = string_list(map.get("extra_javascript"));
        if let Some(exts) = map.get("markdown_extensions") {
            parse_extensions(exts, &mut cfg.markdown, display, text, sink);
        }
        if let Some(v) = map.get("validation") {
            parse_validation(v, &mut cfg.validation);
        }
        if let Some(plugins) = map.get("plugins") {
            for (name, opts) in named_entries(plugins) {
                match name.as_str() {
                    "blog" | "material/blog" => {
                        let mut blog = BlogConfig::default();
                        if let Value::Mapping(o) = &opts {
                            apply_blog_options(&mut blog, o, display, text, sink)?;
                            inherit_view_options(&mut blog, o);
                        }
                        cfg.blog = Some(blog);
                    }
                    "rss" => {
                        cfg.feeds.rss_plugin = true;
                        if let Value::Mapping(o) = &opts {
                            if let Some(n) = o.get("length").and_then(Value::as_u64) {
                                cfg.feeds.length = n as usize;
                            }
                        }
                    }
                    "search" | "material/search" | "tags" | "material/tags" => {}
                    other => sink.push(
                        Diagnostic::info(
                            "config-plugin",
                            format!("plugin `{other}` is not supported by blogen and is ignored"),
                        )
                        .at(display, line_of_key(text, other), 1),
                    ),
                }
            }
        }
        if let Some(b) = cfg.extra.get("blogen") {
            if let Some(n) = b.get("feed_length").and_then(|v| v.as_u64()) {
                cfg.feeds.length = n as usize;
            }
            if let Some(f) = b.get("feed_full_content").and_then(|v| v.as_bool()) {
                cfg.feeds.full_content = f;
            }
            if let Some(c) = b.get("cache").and_then(|v| v.as_bool()) {
                cfg.use_cache = c;
            }
        }
        if cfg.markdown.toc_permalink_title.is_empty() {
            cfg.markdown.toc_permalink_title = "Permanent link".into();
        }
        Ok(cfg)
    }
}

/// serde_yaml's messages end with " at line X column Y"; the location is reported separately.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn line_of_offset_bytes(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The first line where `key:` appears, for diagnostics about a key (1 when not found).
pub fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(key) && t[key.len()..].trim_start().starts_with(':')
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// `!!python/name:...` and other tags are kept as their plain value; `!ENV` reads the environment.
fn resolve_tags(v: Value) -> Value {
    match v {
        Value::Tagged(t) => {
            let tag = t.tag.to_string();
            if tag == "!ENV" {
                let (names, default) = match &t.value {
                    Value::String(s) => (vec![s.clone()], Value::Null),
                    Value::Sequence(seq) => {
                        let mut names: Vec<String> = seq
                            .iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect();
                        let default = if seq.len() > 1 {
                            names.pop().map(Value::String).unwrap_or(Value::Null)
                        } else {
                            Value::Null
                        };
                        (names, default)
                    }
                    _ => (vec![], Value::Null),
                };
                names
                    .iter()
                    .find_map(|n| std::env::var(n).ok())
                    .map(Value::String)
                    .unwrap_or(default)
            } else {
                let inner = resolve_tags(t.value);
                match inner {
                    Value::Null | Value::String(_)
                        if tag.starts_with("!!python/name:")
                            || tag.starts_with("tag:yaml.org,2002:python/name:") =>
                    {
                        Value::String(tag.rsplit(':').next().unwrap_or("").to_string())
                    }
                    other => other,
                }
            }
        }
        Value::Mapping(m) => {
            Value::Mapping(m.into_iter().map(|(k, v)| (k, resolve_tags(v))).collect())
        }
        Value::Sequence(s) => Value::Sequence(s.into_iter().map(resolve_tags).collect()),
        other => other,
    }
}

pub fn yaml_to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                serde_json::Value::from(i)
            } else if let Some(u) = n.as_u64() {
                serde_json::Value::from(u)
            } else {
                n.as_f64()
                    .map(serde_json::Value::from)
                    .unwrap_or(serde_json::Value::Null)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(s) => serde_json::Value::Array(s.iter().map(yaml_to_json).collect()),
        Value::Mapping(m) => serde_json::Value::Object(
            m.iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Value::Tagged(t) => yaml_to_json(&t.value),
    }
}

fn yaml_key(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => serde_yaml::to_string(k)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Sequence(s)) => s
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Mapping(m) => m.get("path").and_then(|p| p.as_str()).map(String::from),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    }
}

/// Entries of a list (or map) of `name` / `{name: options}` items, as plugins and extensions are written.
fn named_entries(v: &Value) -> Vec<(String, Value)> {
    match v {
        Value::Sequence(seq) => seq
            .iter()
            .filter_map(|item| match item {
                Value::String(s) => Some((s.clone(), Value::Null)),
                Value::Mapping(m) if m.len() == 1 => {
                    let (k, v) = m.iter().next()?;
                    Some((k.as_str()?.to_string(), v.clone()))
                }
                _ => None,
            })
            .collect(),
        Value::Mapping(m) => m
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.clone())))
            .collect(),
        _ => vec![],
    }
}

/// The extensions blogen implements; others are reported once as info and ignored.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "extra",
    "footnotes",
    "markdown_include.include",
    "md_in_html",
    "meta",
    "tables",
    "toc",
    "fenced_code",
    "codehilite",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.mark",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
];

fn parse_extensions(v: &Value, md: &mut MarkdownConfig, display: &Path, text: &str, sink: &Sink) {
    for (name, opts) in named_entries(v) {
        let name = name.trim_start_matches("markdown.extensions.").to_string();
        if !SUPPORTED_EXTENSIONS.contains(&name.as_str()) {
            sink.push(
                Diagnostic::info(
                    "config-extension",
                    format!(
                        "Markdown extension `{name}` is not supported by blogen and is ignored"
                    ),
                )
                .at(
                    display,
                    line_of_key(text, &name).max(line_of_str(text, &name)),
                    1,
                ),
            );
        }
        let o = match &opts {
            Value::Mapping(o) => Some(o),
            _ => None,
        };
        match name.as_str() {
            "toc" => {
                if let Some(o) = o {
                    match o.get("permalink") {
                        Some(Value::Bool(true)) => md.toc_permalink = Some("&para;".into()),
                        Some(Value::String(s)) => md.toc_permalink = Some(s.clone()),
                        _ => {}
                    }
                    if let Some(Value::String(t)) = o.get("permalink_title") {
                        md.toc_permalink_title = t.clone();
                    }
                }
            }
            "pymdownx.highlight" | "codehilite" => {
                if let Some(Value::Bool(true)) = o.and_then(|o| o.get("linenums")) {
                    md.linenums = true;
                }
                if let (Some(o), "pymdownx.highlight") = (o, name.as_str()) {
                    let (options, problems) = crate::markdown::highlight::HighlightOptions::read(o);
                    md.highlight = options;
                    for (key, problem) in problems {
                        sink.push(
                            Diagnostic::warning(
                                "config-type",
                                format!(
                                    "pymdownx.highlight `{key}` {problem}; its default is used"
                                ),
                            )
                            .at(display, line_of_key(text, &key), 1),
                        );
                    }
                }
            }
            "pymdownx.superfences" => {
                if let Some(Value::Sequence(fences)) = o.and_then(|o| o.get("custom_fences")) {
                    for f in fences {
                        let name = f.get("name").and_then(Value::as_str);
                        let class = f.get("class").and_then(Value::as_str);
                        if let (Some(n), Some(c)) = (name, class) {
                            md.passthrough_fences.push((n.to_string(), c.to_string()));
                        }
                    }
                }
            }
            "pymdownx.tasklist" => {
                if let Some(Value::Bool(b)) = o.and_then(|o| o.get("custom_checkbox")) {
                    md.tasklist_custom_checkbox = *b;
                }
            }
            "markdown_include.include" => {
                if let Some(Value::String(b)) = o.and_then(|o| o.get("base_path")) {
                    md.include_base_path = b.clone();
                }
            }
            "pymdownx.snippets" => match o.and_then(|o| o.get("base_path")) {
                Some(Value::String(b)) => md.snippets_base_path = vec![b.clone()],
                Some(Value::Sequence(s)) => {
                    md.snippets_base_path = s
                        .iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                }
                _ => {}
            },
            _ => {}
        }
        if name == "extra" {
            for e in [
                "abbr",
                "attr_list",
                "def_list",
                "fenced_code",
                "footnotes",
                "md_in_html",
                "tables",
            ] {
                md.extensions.insert(e.into());
            }
        }
        md.extensions.insert(name);
    }
}

fn line_of_str(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or(1)
}

fn parse_level(v: &Value) -> Option<Level> {
    match v.as_str()? {
        "ignore" => Some(Level::Ignore),
        "info" => Some(Level::Info),
        "warn" => Some(Level::Warn),
        _ => None,
    }
}

fn parse_validation(v: &Value, val: &mut Validation) {
    let set = |target: &mut Level, v: Option<&Value>| {
        if let Some(l) = v.and_then(parse_level) {
            *target = l;
        }
    };
    // Shorthand keys apply to both nav and links, as in mkdocs 1.6.
    set(&mut val.nav_omitted_files, v.get("omitted_files"));
    set(&mut val.nav_not_found, v.get("not_found"));
    set(&mut val.links_not_found, v.get("not_found"));
    set(&mut val.links_absolute, v.get("absolute_links"));
    set(&mut val.links_unrecognized, v.get("unrecognized_links"));
    set(&mut val.links_anchors, v.get("anchors"));
    if let Some(nav) = v.get("nav") {
        set(&mut val.nav_omitted_files, nav.get("omitted_files"));
        set(&mut val.nav_not_found, nav.get("not_found"));
    }
    if let Some(links) = v.get("links") {
        set(&mut val.links_not_found, links.get("not_found"));
        set(&mut val.links_absolute, links.get("absolute_links"));
        set(&mut val.links_unrecognized, links.get("unrecognized_links"));
        set(&mut val.links_anchors, links.get("anchors"));
    }
}

fn parse_nav(v: &Value) -> Result<Vec<NavItem>, String> {
    let seq = match v {
        Value::Sequence(s) => s,
        Value::Null => return Ok(vec![]),
        _ => return Err("a list".into()),
    };
    seq.iter().map(parse_nav_item).collect()
}

fn parse_nav_item(item: &Value) -> Result<NavItem, String> {
    match item {
        Value::String(s) => Ok(nav_leaf(None, s)),
        Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next().expect("one entry");
            let title = yaml_key(k);
            match v {
                Value::String(s) => Ok(nav_leaf(Some(title), s)),
                Value::Sequence(_) => Ok(NavItem::Section {
                    title,
                    children: parse_nav(v)?,
                }),
                _ => Err("a list of pages, `Title: page.md` entries or sections".into()),
            }
        }
        _ => Err("a list of pages, `Title: page.md` entries or sections".into()),
    }
}

fn nav_leaf(title: Option<String>, target: &str) -> NavItem {
    if target.contains("://") || target.starts_with('/') || target.starts_with("mailto:") {
        NavItem::Link {
            title: title.unwrap_or_else(|| target.to_string()),
            url: target.to_string(),
        }
    } else {
        NavItem::Page {
            title,
            path: target.trim_start_matches("./").to_string(),
        }
    }
}

/// Archive, category and author views take the general pagination and toc options unless
/// their own are given (mkdocs-material leaves them unset and falls back).
fn inherit_view_options(b: &mut BlogConfig, o: &serde_yaml::Mapping) {
    let set = |k: &str| o.contains_key(k);
    for (view, pag, per, toc) in [
        (
            "archive",
            &mut b.archive_pagination,
            &mut b.archive_pagination_per_page,
            &mut b.archive_toc,
        ),
        (
            "categories",
            &mut b.categories_pagination,
            &mut b.categories_pagination_per_page,
            &mut b.categories_toc,
        ),
        (
            "authors_profiles",
            &mut b.authors_profiles_pagination,
            &mut b.authors_profiles_pagination_per_page,
            &mut b.authors_profiles_toc,
        ),
    ] {
        if !set(&format!("{view}_pagination")) {
            *pag = b.pagination;
        }
        if !set(&format!("{view}_pagination_per_page")) {
            *per = b.pagination_per_page;
        }
        if !set(&format!("{view}_toc")) {
            *toc = b.blog_toc;
        }
    }
}

fn apply_blog_options(
    b: &mut BlogConfig,
    o: &serde_yaml::Mapping,
    display: &Path,
    text: &str,
    sink: &Sink,
) -> Result<(), Diagnostic> {
    for (k, v) in o {
        let Some(key) = k.as_str() else { continue };
        let bad = |want: &str| {
            Diagnostic::error("config-type", format!("blog option `{key}` must be {want}")).at(
                display,
                line_of_key(text, key),
                1,
            )
        };
        macro_rules! s {
            ($f:ident) => {
                b.$f = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(bad("a string")),
                }
            };
        }
        macro_rules! flag {
            ($f:ident) => {
                b.$f = v.as_bool().ok_or_else(|| bad("true or false"))?
            };
        }
        macro_rules! num {
            ($f:ident) => {
                b.$f = v.as_u64().ok_or_else(|| bad("a whole number"))? as usize
            };
        }
        match key {
            "enabled" => flag!(enabled),
            "blog_dir" => s!(blog_dir),
            "blog_toc" => flag!(blog_toc),
            "post_dir" => s!(post_dir),
            "post_date_format" => s!(post_date_format),
            "post_url_date_format" => s!(post_url_date_format),
            "post_url_format" => s!(post_url_format),
            "post_url_max_categories" => num!(post_url_max_categories),
            "post_slugify_separator" => s!(post_slugify_separator),
            "post_excerpt" => {
                b.post_excerpt = match v.as_str() {
                    Some("optional") => ExcerptMode::Optional,
                    Some("required") => ExcerptMode::Required,
                    _ => return Err(bad("`optional` or `required`")),
                }
            }
            "post_excerpt_max_authors" => num!(post_excerpt_max_authors),
            "post_excerpt_max_categories" => num!(post_excerpt_max_categories),
            "post_excerpt_separator" => s!(post_excerpt_separator),
            "post_readtime" => flag!(post_readtime),
            "post_readtime_words_per_minute" => num!(post_readtime_words_per_minute),
            "archive" => flag!(archive),
            "archive_name" => s!(archive_name),
            "archive_date_format" => s!(archive_date_format),
            "archive_url_date_format" => s!(archive_url_date_format),
            "archive_url_format" => s!(archive_url_format),
            "archive_pagination" => flag!(archive_pagination),
            "archive_pagination_per_page" => num!(archive_pagination_per_page),
            "archive_toc" => flag!(archive_toc),
            "categories" => flag!(categories),
            "categories_name" => s!(categories_name),
            "categories_url_format" => s!(categories_url_format),
            "categories_slugify_separator" => s!(categories_slugify_separator),
            "categories_allowed" => b.categories_allowed = string_list(Some(v)),
            "categories_sort_by" => s!(categories_sort_by),
            "categories_sort_reverse" => flag!(categories_sort_reverse),
            "categories_pagination" => flag!(categories_pagination),
            "categories_pagination_per_page" => num!(categories_pagination_per_page),
            "categories_toc" => flag!(categories_toc),
            "authors" => flag!(authors),
            "authors_file" => s!(authors_file),
            "authors_profiles" => flag!(authors_profiles),
            "authors_profiles_name" => s!(authors_profiles_name),
            "authors_profiles_url_format" => s!(authors_profiles_url_format),
            "authors_profiles_pagination" => flag!(authors_profiles_pagination),
            "authors_profiles_pagination_per_page" => num!(authors_profiles_pagination_per_page),
            "authors_profiles_toc" => flag!(authors_profiles_toc),
            "pagination" => flag!(pagination),
            "pagination_per_page" => num!(pagination_per_page),
            "pagination_url_format" => s!(pagination_url_format),
            "pagination_format" => s!(pagination_format),
            "pagination_if_single_page" => flag!(pagination_if_single_page),
            "pagination_keep_content" => flag!(pagination_keep_content),
            "draft" => flag!(draft),
            "draft_on_serve" => flag!(draft_on_serve),
            "draft_if_future_date" => flag!(draft_if_future_date),
            // Options whose value is a Python callable or that only affect mkdocs' own machinery.
            "post_slugify"
            | "categories_slugify"
            | "authors_profiles_toc_title"
            | "archive_toc_title"
            | "post_url_max_categories_separator"
            | "categories_toc_title" => {}
            other => sink.push(
                Diagnostic::info(
                    "config-blog-option",
                    format!("blog option `{other}` is not supported by blogen and is ignored"),
                )
                .at(display, line_of_key(text, other), 1),
            ),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Config {
        Config::parse(text, Path::new("/r"), Path::new("mkdocs.yml"), &Sink::new()).unwrap()
    }

    #[test]
    fn python_name_tags_parse() {
        let cfg = parse(
            "site_name: X\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n",
        );
        assert_eq!(
            cfg.markdown.passthrough_fences,
            vec![("mermaid".to_string(), "mermaid".to_string())]
        );
    }

    #[test]
    fn blog_defaults_and_overrides() {
        let cfg = parse(
            "plugins:\n  - search\n  - blog:\n      blog_dir: news\n      pagination_per_page: 5\n",
        );
        let b = cfg.blog.unwrap();
        assert_eq!(b.blog_dir(), "news");
        assert_eq!(b.post_dir(), "news/posts");
        assert_eq!(b.authors_file(), "news/.authors.yml");
        assert_eq!(b.pagination_per_page, 5);
        assert_eq!(b.post_url_format, "{date}/{slug}");
    }

    #[test]
    fn yaml_error_has_line() {
        let e = Config::parse(
            "site_name: x\nnav:\n  - a: [\n",
            Path::new("/r"),
            Path::new("mkdocs.yml"),
            &Sink::new(),
        )
        .unwrap_err();
        assert_eq!(e.code, "config-yaml");
        assert!(e.line >= 3, "{e:?}");
    }

    #[test]
    fn wrong_type_is_reported_on_its_line() {
        let e = Config::parse(
            "site_name: x\nuse_directory_urls: maybe\n",
            Path::new("/r"),
            Path::new("mkdocs.yml"),
            &Sink::new(),
        )
        .unwrap_err();
        assert_eq!((e.code, e.line), ("config-type", 2));
    }

    #[test]
    fn nav_parses_sections_and_links() {
        let cfg = parse("nav:\n  - index.md\n  - Blog: blog/index.md\n  - More:\n    - About: about.md\n    - GH: https://x.org/\n");
        let nav = cfg.nav.unwrap();
        assert_eq!(nav.len(), 3);
        assert_eq!(
            nav[1],
            NavItem::Page {
                title: Some("Blog".into()),
                path: "blog/index.md".into()
            }
        );
        match &nav[2] {
            NavItem::Section { children, .. } => {
                assert!(matches!(children[1], NavItem::Link { .. }))
            }
            _ => panic!(),
        }
    }
}
