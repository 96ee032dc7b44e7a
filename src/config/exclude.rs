//! What mkdocs.yml says to leave out of the site: mkdocs 1.6's `exclude_docs`, `draft_docs` and
//! `not_in_nav` (gitignore lines) and the `exclude` plugin's `glob` and `regex` lists. Matching
//! them against files is content's (`content::exclude`).

/// The patterns as mkdocs.yml writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ExcludeConfig {
    /// `exclude_docs`: gitignore lines.
    pub exclude_docs: String,
    /// `draft_docs`: gitignore lines.
    pub draft_docs: String,
    /// `not_in_nav`: gitignore lines.
    pub not_in_nav: String,
    /// The `exclude` plugin's `glob` list.
    pub plugin_globs: Vec<String>,
    /// The `exclude` plugin's `regex` list.
    pub plugin_regex: Vec<String>,
}
