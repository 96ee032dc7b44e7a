//! `mkdocs.yml` -> `Config`: what the file says, section by section (site, theme, the blog
//! plugin and other plugins, Markdown extensions, validation, `extra`), with mkdocs' and
//! mkdocs-material's defaults for what it leaves out. Each section is read with serde in its
//! own file; `load` reads the file and `spans` places every diagnostic at its key's line.
//! Nothing else parses YAML config.

mod blog;
pub mod checks;
mod de;
pub mod exclude;
mod extra;
pub mod highlight;
mod load;
mod markdown;
pub mod math;
pub mod palette;
pub mod redirects;
mod site;
pub mod spans;
mod theme;
pub mod toc;
mod validation;
pub mod yaml;

pub use blog::{BlogConfig, ExcerptMode};
pub use checks::Checks;
pub use extra::{FeedConfig, DEFAULT_MERMAID_URL};
pub use load::{repeated_key, yaml_error};
pub use markdown::{
    EmojiGenerator, EmojiIndex, EmojiOptions, MarkdownConfig, DEFAULT_PERMALINK_TITLE,
    SUPPORTED_EXTENSIONS,
};
pub use site::{ExtraScript, NavItem};
pub use spans::line_of_key;
pub use theme::{
    base_language as theme_base_language, Font, ThemeConfig, LANGUAGES as THEME_LANGUAGES,
    THEME_NAME,
};
pub use validation::{Level, Validation};
pub use yaml::yaml_to_json;

use serde::{Serialize, Serializer};
use std::path::{Path, PathBuf};

/// What mkdocs.yml says, with blogen's defaults for what it leaves out.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The file the config was read from (None when defaults were used).
    #[serde(serialize_with = "opt_path_bytes")]
    pub config_file: Option<PathBuf>,
    /// The directory relative paths are resolved against.
    #[serde(serialize_with = "path_bytes")]
    pub root: PathBuf,
    pub site_name: String,
    pub site_url: Option<String>,
    pub site_description: Option<String>,
    pub site_author: Option<String>,
    pub copyright: Option<String>,
    pub repo_url: Option<String>,
    /// `repo_name`; default from the host of `repo_url` (GitHub, GitLab, Bitbucket, ...).
    pub repo_name: Option<String>,
    /// `edit_uri`; default `edit/master/docs/` for GitHub and GitLab, as mkdocs sets it.
    pub edit_uri: Option<String>,
    #[serde(serialize_with = "path_bytes")]
    pub docs_dir: PathBuf,
    #[serde(serialize_with = "path_bytes")]
    pub site_dir: PathBuf,
    pub use_directory_urls: bool,
    pub nav: Option<Vec<NavItem>>,
    #[serde(serialize_with = "opt_path_bytes")]
    pub custom_dir: Option<PathBuf>,
    pub theme_name: String,
    /// The `theme:` settings the built-in theme honours.
    pub theme: ThemeConfig,
    /// The `theme:` mapping as written (for Material templates in custom_dir); default none.
    pub theme_settings: serde_json::Value,
    pub extra: serde_json::Value,
    pub extra_css: Vec<String>,
    pub extra_javascript: Vec<site::ExtraScript>,
    pub markdown: MarkdownConfig,
    pub blog: Option<BlogConfig>,
    pub validation: Validation,
    /// `extra.blogen.validation`: the level of each blogen code it names.
    pub checks: Checks,
    pub mermaid_url: String,
    /// `extra.blogen.mermaid: local`: pages load the copy of Mermaid published with the site.
    pub mermaid_local: bool,
    pub feeds: FeedConfig,
    /// The `redirects` plugin's `redirect_maps`, in the order written; default none.
    pub redirects: Vec<redirects::Redirect>,
    /// What is left out of the site (`exclude_docs`, `draft_docs`, `not_in_nav`, the exclude
    /// plugin); default: only mkdocs' built-in `.*` and `/templates/`.
    pub exclude: exclude::ExcludeConfig,
}

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
            repo_name: None,
            edit_uri: None,
            docs_dir: root.join("docs"),
            site_dir: root.join("site"),
            use_directory_urls: true,
            nav: None,
            custom_dir: None,
            theme_name: theme::THEME_NAME.into(),
            theme: ThemeConfig::default(),
            theme_settings: serde_json::Value::Null,
            extra: serde_json::Value::Object(Default::default()),
            extra_css: vec![],
            extra_javascript: vec![],
            markdown: MarkdownConfig {
                toc_permalink_title: DEFAULT_PERMALINK_TITLE.into(),
                ..Default::default()
            },
            blog: None,
            validation: Validation::default(),
            checks: Checks::default(),
            mermaid_url: DEFAULT_MERMAID_URL.into(),
            mermaid_local: false,
            feeds: FeedConfig::default(),
            redirects: Vec::new(),
            exclude: exclude::ExcludeConfig::default(),
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
        let mut h = HashWriter(xxhash_rust::xxh3::Xxh3::new());
        // Writing into a hasher cannot fail, and every field serializes (paths as bytes).
        if let Err(e) = serde_json::to_writer(&mut h, self) {
            h.0.update(e.to_string().as_bytes());
        }
        h.0.digest()
    }

    /// The config file path relative to root, for diagnostics.
    /// `d`, placed in the config file; without one, its message says that the defaults are in
    /// use (there is no mkdocs.yml to blame).
    pub fn about_config(
        &self,
        d: crate::diagnostics::Diagnostic,
    ) -> crate::diagnostics::Diagnostic {
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
}

/// Paths are hashed as their bytes, so a path that is not UTF-8 still has a digest.
fn path_bytes<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(p.as_os_str().as_encoded_bytes())
}

fn opt_path_bytes<S: Serializer>(p: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(p) => s.serialize_some(&PathBytes(p)),
        None => s.serialize_none(),
    }
}

struct PathBytes<'a>(&'a Path);

impl Serialize for PathBytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        path_bytes(self.0, s)
    }
}

/// Feeds serialized bytes into the digest.
struct HashWriter(xxhash_rust::xxh3::Xxh3);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
