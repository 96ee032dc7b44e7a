//! The plan stage: which source is published where, decided before anything is rendered:
//! every page's and post's URL (`urls`), which drafts are published in this mode, where assets
//! go, and the link index (`links`) the Markdown stage resolves links with. Pure: it reads the
//! content, never the disk.

pub mod links;
pub mod urls;

use crate::check::{Diagnostic, Sink};
use crate::config::{BlogConfig, Config};
use crate::content::slug::slugify;
use crate::content::Content;
use chrono::NaiveDateTime;
use links::LinkIndex;
use std::collections::HashMap;

/// What a run is for: `build` leaves drafts out, `serve` may show them (`draft_on_serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Build,
    Serve,
}

#[derive(Debug, Clone)]
pub struct PostInfo {
    pub date: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub pin: bool,
    pub draft: bool,
    pub slug: String,
}

/// One Markdown source and where it is published.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into `Content::docs`.
    pub doc: usize,
    /// Site-root URL (`blog/2024/01/31/slug/`).
    pub url: String,
    /// Title known before rendering (front matter, first `# ` line, or file name).
    pub title: String,
    pub post: Option<PostInfo>,
    /// False for drafts left out of this build.
    pub published: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
    pub links: LinkIndex,
    /// (index into `Content::assets`, output path relative to site_dir)
    pub assets: Vec<(usize, String)>,
    /// Where the site name and the 404 page link to: the docs' own home page when there is one,
    /// else the blog index, else the first page (mkdocs links to the site root even when nothing
    /// is there, which gives a broken link).
    pub home: String,
}

/// mkdocs' `get_markdown_title`: the first non-blank line if it is a `# ` heading, as written.
pub fn markdown_title(body: &str) -> Option<String> {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    if !line.starts_with("# ") {
        return None;
    }
    Some(line.trim_start_matches(['#', ' ']).to_string())
}

/// mkdocs' title from a file name: `my_post.md` -> `My post`.
pub fn file_title(rel: &str) -> String {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    let stem = if stem == "README" { "index" } else { stem };
    let t = stem.replace(['-', '_'], " ");
    if t.to_lowercase() == t {
        let mut c = t.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => t,
        }
    } else {
        t
    }
}

/// Where a non-Markdown file is published: files under post_dir move to blog_dir, as
/// mkdocs-material does (`blog/posts/x/cover.png` -> `blog/x/cover.png`); others stay.
pub fn asset_output(rel: &str, blog: Option<&BlogConfig>) -> String {
    if let Some(b) = blog.filter(|b| b.enabled) {
        let post_dir = b.post_dir();
        if let Some(rest) = rel
            .strip_prefix(&post_dir)
            .and_then(|r| r.strip_prefix('/'))
        {
            let blog_dir = b.blog_dir();
            return if blog_dir.is_empty() {
                rest.to_string()
            } else {
                format!("{blog_dir}/{rest}")
            };
        }
    }
    rel.to_string()
}

/// Decides the URL of every page and post, which drafts are published, and where assets go.
pub fn plan(
    config: &Config,
    content: &Content,
    mode: Mode,
    now: NaiveDateTime,
    sink: &Sink,
) -> Plan {
    let blog = config.blog.as_ref().filter(|b| b.enabled);
    let mut plan = Plan::default();
    // Posts read but not placed (no usable date): links to them say so, as for unread files.
    let mut unplaced = Vec::new();
    for (i, doc) in content.docs.iter().enumerate() {
        let fm = &doc.front;
        let url_title = fm
            .title
            .clone()
            .or_else(|| markdown_title(doc.body()))
            .unwrap_or_else(|| file_title(&doc.rel));
        let (url, post, published) = match (blog, doc.is_post) {
            (Some(b), true) => {
                let Some(date) = &fm.date else {
                    if !fm.key_lines.contains_key("date") {
                        sink.push(
                            Diagnostic::error(
                                "post-date-missing",
                                "the post has no `date` in its front matter",
                            )
                            .at(&doc.display, 1, 1)
                            .with_hint("add `date: YYYY-MM-DD` to the front matter"),
                        );
                    }
                    unplaced.push(doc.rel.clone());
                    continue;
                };
                let future = date.created > now;
                // An explicit `draft: false` publishes a future post even with draft_if_future_date.
                let draft = fm.draft.unwrap_or(b.draft_if_future_date && future);
                let published = !draft || b.draft || (mode == Mode::Serve && b.draft_on_serve);
                let slug = fm.slug.clone().unwrap_or_else(|| {
                    slugify(&b.post_slugify, &url_title, &b.post_slugify_separator)
                });
                let stem = doc
                    .rel
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md");
                let stem = if stem == "README" { "index" } else { stem };
                let src = urls::post_virtual_src(b, &date.created, &slug, &fm.categories, stem);
                let info = PostInfo {
                    date: date.created,
                    updated: date.updated,
                    authors: fm.authors.clone(),
                    categories: fm.categories.clone(),
                    tags: fm.tags.clone(),
                    pin: fm.pin,
                    draft,
                    slug,
                };
                (
                    urls::page_url(&src, config.use_directory_urls),
                    Some(info),
                    published,
                )
            }
            _ => (
                urls::page_url(&doc.rel, config.use_directory_urls),
                None,
                true,
            ),
        };
        plan.links
            .pages
            .insert(doc.rel.clone(), (url.clone(), !published));
        plan.entries.push(Entry {
            doc: i,
            url,
            title: url_title,
            post,
            published,
        });
    }
    for (i, a) in content.assets.iter().enumerate() {
        let out = asset_output(&a.rel, blog);
        plan.links.assets.insert(a.rel.clone(), out.clone());
        plan.assets.push((i, out));
    }
    plan.links.unloaded = content.unloaded.iter().cloned().chain(unplaced).collect();
    plan.links.excluded = content.excluded.iter().cloned().collect();
    plan.home = home_url(config, &plan);
    report_conflicts(config, content, &plan, sink);
    plan
}

/// Two published sources (or a source and an asset) that would be written to one file.
fn report_conflicts(config: &Config, content: &Content, plan: &Plan, sink: &Sink) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for e in plan.entries.iter().filter(|e| e.published) {
        let out = urls::output_path(&e.url);
        let rel = content.docs[e.doc].rel.as_str();
        if let Some(prev) = seen.insert(out.clone(), rel) {
            sink.push(
                Diagnostic::warning(
                    "url-conflict",
                    format!("`{rel}` and `{prev}` are both published at `/{}`; one overwrites the other", e.url),
                )
                .at(&content.docs[e.doc].display, e.post.as_ref().map(|_| content.docs[e.doc].front.line_of("date")).unwrap_or(1), 1)
                .with_hint("give one of them another title or a `slug` in its front matter"),
            );
        }
    }
    for (i, out) in &plan.assets {
        if let Some(prev) = seen.get(out) {
            sink.push(
                Diagnostic::warning(
                    "url-conflict",
                    format!(
                        "the file `{}` and the page `{prev}` are both published at `/{out}`",
                        content.assets[*i].rel
                    ),
                )
                .in_file(crate::content::display_path(
                    config,
                    &content.assets[*i].abs,
                )),
            );
        }
    }
}

fn home_url(config: &Config, plan: &Plan) -> String {
    let published = || plan.entries.iter().filter(|e| e.published);
    if published().any(|e| e.url.is_empty()) {
        return String::new();
    }
    if let Some(b) = config.blog.as_ref().filter(|b| b.enabled) {
        let index = urls::view_url(config, b, "", 1);
        if published().any(|e| e.post.is_some() || e.url == index) {
            return index;
        }
    }
    published()
        .next()
        .map(|e| e.url.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_before_render() {
        // Expected from mkdocs 1.6.1 / mkdocs-material 9.8.2 (closed.md -> closed-heading-).
        assert_eq!(
            markdown_title("\n# Closed heading #\n\ntext").as_deref(),
            Some("Closed heading #")
        );
        assert_eq!(markdown_title("intro\n# Late title"), None);
        assert_eq!(file_title("blog/posts/titleless.md"), "Titleless");
        assert_eq!(file_title("a/my_first-post.md"), "My first post");
        assert_eq!(file_title("a/MyPost.md"), "MyPost");
    }

    #[test]
    fn assets_beside_posts_move_to_blog_dir() {
        let b = BlogConfig::default();
        // Expected from mkdocs-material 9.8.2: blog/posts/2024-01-01_hello/cover.png -> blog/2024-01-01_hello/cover.png
        assert_eq!(
            asset_output("blog/posts/2024-01-01_hello/cover.png", Some(&b)),
            "blog/2024-01-01_hello/cover.png"
        );
        assert_eq!(
            asset_output("blog/posts/2024-01-01_hello/img/x.png", Some(&b)),
            "blog/2024-01-01_hello/img/x.png"
        );
        assert_eq!(asset_output("assets/a.png", Some(&b)), "assets/a.png");
        assert_eq!(asset_output("blog/posts/x.png", None), "blog/posts/x.png");
    }
}
