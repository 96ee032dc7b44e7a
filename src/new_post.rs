//! `blogen new`: creates `<post_dir>/<date>_<slug>/main.md` with front matter (date, draft,
//! the first author of the authors file, no categories) and the title as its heading, never
//! over an existing file, and tells where the post will be published. The URL comes from the
//! same planning step `build` uses, run on the new file.

use crate::config::{Config, ExcerptMode};
use crate::content::{self, slug::slugify, Content};
use crate::diagnostics::{Diagnostic, Sink};
use crate::plan::{self, Mode};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

/// A post that was created.
#[derive(Debug)]
pub struct NewPost {
    /// The Markdown file (docs_dir joined with its docs-relative path).
    pub path: PathBuf,
    /// Site-root URL (`blog/2026/11/29/my-title/`).
    pub url: String,
}

/// The first author of the blog's authors file, in file order.
fn first_author(config: &Config) -> Option<String> {
    let blog = config.blog.as_ref()?;
    // Read as the build reads it: a regular file of bounded size (a FIFO would block).
    let text = crate::content::read::read_regular_string(
        &config.docs_dir.join(blog.authors_file()),
        crate::content::read::MAX_INPUT_BYTES,
    )
    .ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    let authors = value.get("authors")?.as_mapping()?;
    authors.keys().find_map(|k| k.as_str().map(str::to_string))
}

/// The text of a new post.
pub fn post_text(
    title: &str,
    date: NaiveDate,
    draft: bool,
    author: Option<&str>,
    excerpt: Option<&str>,
) -> String {
    let mut s = format!("---\ndate: {}\ndraft: {draft}\n", date.format("%Y-%m-%d"));
    match author {
        Some(a) => s.push_str(&format!("authors:\n  - {}\n", yaml_scalar(a))),
        None => s.push_str("authors: []\n"),
    }
    s.push_str("categories: []\n---\n\n");
    s.push_str(&format!("# {title}\n\n"));
    if let Some(sep) = excerpt {
        s.push_str(&format!("{sep}\n"));
    }
    s
}

/// A YAML plain scalar when `s` is safe as one, else double-quoted. Words that YAML 1.1
/// (PyYAML, so mkdocs) reads as booleans or null are quoted too.
fn yaml_scalar(s: &str) -> String {
    const YAML11: [&str; 12] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf",
    ];
    let plain = !s.is_empty()
        && !YAML11.contains(&s.to_ascii_lowercase().as_str())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && serde_yaml::from_str::<serde_yaml::Value>(s).ok()
            == Some(serde_yaml::Value::String(s.into()));
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// Creates the post. Errors (no blog, an unusable title, an existing file) are diagnostics.
pub fn create(
    config: &Config,
    title: &str,
    date: NaiveDate,
    draft: bool,
) -> Result<NewPost, Diagnostic> {
    let config_file = config.config_display();
    let Some(blog) = config.blog.as_ref().filter(|b| b.enabled) else {
        return Err(
            Diagnostic::error("new-no-blog", "the blog plugin is not enabled")
                .in_file(config_file)
                .with_hint("add `- blog` under `plugins:` in mkdocs.yml"),
        );
    };
    let title = title.trim();
    if title.is_empty() || title.contains(['\n', '\r']) {
        return Err(Diagnostic::error(
            "new-title",
            "the title must be one line of text",
        ));
    }
    let slug = slugify(&blog.post_slugify, title, &blog.post_slugify_separator);
    let slug = slug.trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace());
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "new-title",
            format!("the title `{title}` has no letters or digits to name the post after"),
        ));
    }
    let post_dir = blog.post_dir();
    let folder = format!("{}_{slug}", date.format("%Y-%m-%d"));
    let rel = if post_dir.is_empty() {
        format!("{folder}/main.md")
    } else {
        format!("{post_dir}/{folder}/main.md")
    };
    let path = config.docs_dir.join(&rel);
    let excerpt = (blog.post_excerpt == ExcerptMode::Required)
        .then_some(blog.post_excerpt_separator.as_str());
    let text = post_text(title, date, draft, first_author(config).as_deref(), excerpt);
    let display = content::display_path(config, &path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Diagnostic::error("new-write", format!("cannot create the folder: {e}"))
                .in_file(&display)
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    "new-exists",
                    "the post already exists; it was left as it is",
                )
                .in_file(&display)
                .with_hint("choose another title or date, or edit the existing post")
            } else {
                Diagnostic::error("new-write", format!("cannot create the post: {e}"))
                    .in_file(&display)
            }
        })?;
    file.write_all(text.as_bytes()).map_err(|e| {
        Diagnostic::error("new-write", format!("cannot write the post: {e}")).in_file(&display)
    })?;
    drop(file);
    let url = planned_url(config, &rel, &path)?;
    Ok(NewPost { path, url })
}

/// The URL `build` gives the post at `rel`: its file is read and planned like any post.
fn planned_url(config: &Config, rel: &str, abs: &std::path::Path) -> Result<String, Diagnostic> {
    let sink = Sink::new();
    let doc = content::read_doc(config, rel, abs, true, &sink);
    let content = Content {
        docs: doc.into_iter().collect(),
        ..Default::default()
    };
    let now = chrono::Local::now().naive_local();
    let plan = plan::plan(config, &content, Mode::Serve, now, &sink);
    plan.entries.first().map(|e| e.url.clone()).ok_or_else(|| {
        Diagnostic::error("new-url", "the new post could not be planned").in_file(rel)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_has_front_matter_and_title() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(
            post_text("Hello: world", d, true, Some("ada"), None),
            "---\ndate: 2026-11-29\ndraft: true\nauthors:\n  - ada\ncategories: []\n---\n\n# Hello: world\n\n"
        );
        assert!(post_text("X", d, false, None, Some("<!-- more -->")).contains("authors: []\n"));
        assert!(post_text("X", d, false, None, Some("<!-- more -->"))
            .ends_with("# X\n\n<!-- more -->\n"));
    }

    #[test]
    fn odd_author_ids_are_quoted() {
        assert_eq!(yaml_scalar("ada"), "ada");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("a b"), "\"a b\"");
        assert_eq!(yaml_scalar("123"), "\"123\"");
    }
}
