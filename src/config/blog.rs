//! The blog plugin (`plugins: - blog:` or `material/blog`) and the other plugins blogen knows:
//! the blog's options with mkdocs-material 9.x's defaults, and `rss` (mkdocs-rss-plugin),
//! whose presence switches the feed file names. Other plugins are reported as ignored.

use super::de;
use super::extra::FeedConfig;
use super::load::Source;
use super::spans::Seg;
use super::yaml::named_entries;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Deserializer, Serialize};
use serde_yaml::{Mapping, Value};

/// The blog plugin's options. Defaults are mkdocs-material 9.x's; a number where a string is
/// expected is taken as its text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct BlogConfig {
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub enabled: bool,
    /// Default `blog`.
    #[serde(deserialize_with = "de::text")]
    pub blog_dir: String,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub blog_toc: bool,
    /// Default `{blog}/posts`.
    #[serde(deserialize_with = "de::text")]
    pub post_dir: String,
    /// Default `long`.
    #[serde(deserialize_with = "de::text")]
    pub post_date_format: String,
    /// Default `yyyy/MM/dd`.
    #[serde(deserialize_with = "de::text")]
    pub post_url_date_format: String,
    /// Default `{date}/{slug}`.
    #[serde(deserialize_with = "de::text")]
    pub post_url_format: String,
    /// Default `1`.
    #[serde(deserialize_with = "de::count")]
    pub post_url_max_categories: usize,
    /// Default `-`.
    #[serde(deserialize_with = "de::text")]
    pub post_slugify_separator: String,
    /// `post_slugify` (and `categories_slugify`): default pymdownx.slugs.slugify(case="lower");
    /// a function blogen does not know keeps the default.
    #[serde(deserialize_with = "slug_fn")]
    pub post_slugify: super::toc::Slugify,
    #[serde(deserialize_with = "slug_fn")]
    pub categories_slugify: super::toc::Slugify,
    /// Default `optional`.
    #[serde(deserialize_with = "excerpt")]
    pub post_excerpt: ExcerptMode,
    /// Default `1`.
    #[serde(deserialize_with = "de::count")]
    pub post_excerpt_max_authors: usize,
    /// Default `5`.
    #[serde(deserialize_with = "de::count")]
    pub post_excerpt_max_categories: usize,
    /// Default `<!-- more -->`.
    #[serde(deserialize_with = "de::text")]
    pub post_excerpt_separator: String,
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub post_readtime: bool,
    /// Default `265`.
    #[serde(deserialize_with = "de::count")]
    pub post_readtime_words_per_minute: usize,
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub archive: bool,
    /// Default `Archive`.
    #[serde(deserialize_with = "de::text")]
    pub archive_name: String,
    /// Default `yyyy`.
    #[serde(deserialize_with = "de::text")]
    pub archive_date_format: String,
    /// Default `yyyy`.
    #[serde(deserialize_with = "de::text")]
    pub archive_url_date_format: String,
    /// Default `archive/{date}`.
    #[serde(deserialize_with = "de::text")]
    pub archive_url_format: String,
    /// Default: the value of `pagination` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::flag")]
    pub archive_pagination: bool,
    /// Default: the value of `pagination_per_page` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::count")]
    pub archive_pagination_per_page: usize,
    /// Default: the value of `blog_toc` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::flag")]
    pub archive_toc: bool,
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub categories: bool,
    /// Default `Categories`.
    #[serde(deserialize_with = "de::text")]
    pub categories_name: String,
    /// Default `category/{slug}`.
    #[serde(deserialize_with = "de::text")]
    pub categories_url_format: String,
    /// Default `-`.
    #[serde(deserialize_with = "de::text")]
    pub categories_slugify_separator: String,
    /// Default empty: any category.
    #[serde(deserialize_with = "names")]
    pub categories_allowed: Vec<String>,
    /// Default `title`.
    #[serde(deserialize_with = "de::text")]
    pub categories_sort_by: String,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub categories_sort_reverse: bool,
    /// Default: the value of `pagination` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::flag")]
    pub categories_pagination: bool,
    /// Default: the value of `pagination_per_page` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::count")]
    pub categories_pagination_per_page: usize,
    /// Default: the value of `blog_toc` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::flag")]
    pub categories_toc: bool,
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub authors: bool,
    /// Default `{blog}/.authors.yml`.
    #[serde(deserialize_with = "de::text")]
    pub authors_file: String,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub authors_profiles: bool,
    /// Default `Authors`.
    #[serde(deserialize_with = "de::text")]
    pub authors_profiles_name: String,
    /// Default `author/{slug}`.
    #[serde(deserialize_with = "de::text")]
    pub authors_profiles_url_format: String,
    /// Default: the value of `pagination` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::flag")]
    pub authors_profiles_pagination: bool,
    /// Default: the value of `pagination_per_page` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::count")]
    pub authors_profiles_pagination_per_page: usize,
    /// Default: the value of `blog_toc` (mkdocs-material falls back to it).
    #[serde(deserialize_with = "de::flag")]
    pub authors_profiles_toc: bool,
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub pagination: bool,
    /// Default `10`.
    #[serde(deserialize_with = "de::count")]
    pub pagination_per_page: usize,
    /// Default `page/{page}`.
    #[serde(deserialize_with = "de::text")]
    pub pagination_url_format: String,
    /// Default `~2~`.
    #[serde(deserialize_with = "de::text")]
    pub pagination_format: String,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub pagination_if_single_page: bool,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub pagination_keep_content: bool,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub draft: bool,
    /// Default `true`.
    #[serde(deserialize_with = "de::flag")]
    pub draft_on_serve: bool,
    /// Default `false`.
    #[serde(deserialize_with = "de::flag")]
    pub draft_if_future_date: bool,
}

/// `post_excerpt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExcerptMode {
    Optional,
    Required,
}

fn excerpt<'de, D: Deserializer<'de>>(d: D) -> Result<ExcerptMode, D::Error> {
    match Value::deserialize(d)?.as_str() {
        Some("optional") => Ok(ExcerptMode::Optional),
        Some("required") => Ok(ExcerptMode::Required),
        _ => Err(serde::de::Error::custom("`optional` or `required`")),
    }
}

fn slug_fn<'de, D: Deserializer<'de>>(d: D) -> Result<super::toc::Slugify, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(super::toc::Slugify::from_value(&v).unwrap_or(super::toc::Slugify::PY_LOWER))
}

/// A list of names (strings or `{path: ...}` entries, or one string); anything else is none.
fn names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(super::yaml::string_list(Some(&Value::deserialize(d)?)))
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
            post_slugify: super::toc::Slugify::PY_LOWER,
            categories_slugify: super::toc::Slugify::PY_LOWER,
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

/// Options of the blog plugin that only steer mkdocs' own machinery or name a Python
/// callable: accepted without a word.
const MKDOCS_ONLY_OPTIONS: &[&str] = &[
    "authors_profiles_toc_title",
    "archive_toc_title",
    "post_url_max_categories_separator",
    "categories_toc_title",
];

/// Reads `plugins:`: the blog plugin's options into `blog` (None when it is not listed),
/// `rss` into `feeds`; other plugins get an info line.
pub fn parse_plugins(
    v: &Value,
    src: &Source,
    blog: &mut Option<BlogConfig>,
    feeds: &mut FeedConfig,
    redirects: &mut Vec<super::redirects::Redirect>,
    exclude: &mut super::exclude::ExcludeConfig,
) -> Result<(), Diagnostic> {
    for entry in named_entries(v) {
        let at = entry.options_path("plugins");
        match entry.name.as_str() {
            "blog" | "material/blog" => {
                *blog = Some(match &entry.options {
                    Value::Mapping(o) => blog_options(o, &at, src)?,
                    _ => BlogConfig::default(),
                });
            }
            "rss" => {
                feeds.rss_plugin = true;
                if let Value::Mapping(o) = &entry.options {
                    if let Some(n) = o.get("length").and_then(Value::as_u64) {
                        feeds.length = n as usize;
                    }
                }
            }
            "redirects" => {
                let (mut found, bad) = super::redirects::parse(&entry.options);
                let line_of = |key: &str| {
                    let mut p = at.clone();
                    p.push(Seg::Key("redirect_maps"));
                    p.push(Seg::Key(key));
                    src.line_col(&p)
                };
                for r in &mut found {
                    r.line = line_of(&r.from).0;
                }
                for key in bad {
                    let (line, col) = line_of(&key);
                    src.sink.push(
                        Diagnostic::warning(
                            "config-type",
                            format!("redirects: the entry `{key}` must map a docs path to a docs path or URL; it is ignored"),
                        )
                        .at(src.display, line, col),
                    );
                }
                redirects.extend(found);
            }
            "exclude" => {
                let list = |key: &str| -> Vec<String> {
                    match entry.options.get(key) {
                        Some(Value::String(s)) => vec![s.clone()],
                        Some(Value::Sequence(v)) => v
                            .iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect(),
                        _ => Vec::new(),
                    }
                };
                exclude.plugin_globs.extend(list("glob"));
                exclude.plugin_regex.extend(list("regex"));
            }
            "search" | "material/search" | "tags" | "material/tags" => {}
            other => src.push(
                Diagnostic::info(
                    "config-plugin",
                    format!("plugin `{other}` is not supported by blogen and is ignored"),
                ),
                &[Seg::Key("plugins"), entry.at],
            ),
        }
    }
    Ok(())
}

/// The blog plugin's options `o`, found at `at`.
fn blog_options(o: &Mapping, at: &[Seg], src: &Source) -> Result<BlogConfig, Diagnostic> {
    let under = |key: &str| {
        let mut p = at.to_vec();
        p.push(Seg::Key(key));
        src.line_col(&p)
    };
    let mut b: BlogConfig = de::read(o, |key| {
        if !MKDOCS_ONLY_OPTIONS.contains(&key) {
            let (line, col) = under(key);
            src.sink.push(
                Diagnostic::info(
                    "config-blog-option",
                    format!("blog option `{key}` is not supported by blogen and is ignored"),
                )
                .at(src.display, line, col),
            );
        }
    })
    .map_err(|e| {
        let (line, col) = under(&e.key);
        Diagnostic::error(
            "config-type",
            format!("blog option `{}` must be {}", e.key, e.want),
        )
        .at(src.display, line, col)
    })?;
    inherit_view_options(&mut b, o);
    Ok(b)
}
