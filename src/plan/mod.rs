//! The plan stage: which source is published where, decided before anything is rendered:
//! every page's and post's URL (`urls`), which drafts are published in this mode, where assets
//! go, and the link index (`links`) the Markdown stage resolves links with. Pure: it reads the
//! content, never the disk.

pub mod links;
pub mod urls;

use crate::config::{BlogConfig, Config};
use crate::content::slug::slugify;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Severity, Sink};
use chrono::NaiveDateTime;
use links::LinkIndex;
use std::collections::{HashMap, HashSet};

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
    /// Published entries another one is written over (`url-conflict`): they are listed as
    /// mkdocs-material lists them, but their page is not written.
    pub overwritten: HashSet<usize>,
    /// Indices into `assets` of files a page is written over.
    pub overwritten_assets: HashSet<usize>,
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
    report_conflicts(config, content, &mut plan, sink);
    plan
}

/// Two published sources (or a source and an asset) that would be written to one file. mkdocs
/// builds the pages in the order it walks docs_dir (`mkdocs_order`), after copying the other
/// files, so the page last in that order is the one the site gets; blogen publishes the same
/// one and leaves the others out (`Plan::overwritten`). mkdocs says nothing about it, except
/// for two files of one folder with one destination (`a.md` and `a.markdown`, `index.md` and
/// `README.md`), where it warns that it excludes the first: those are warnings, the others info.
fn report_conflicts(config: &Config, content: &Content, plan: &mut Plan, sink: &Sink) {
    let mut by_out: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in plan.entries.iter().enumerate().filter(|(_, e)| e.published) {
        by_out.entry(urls::output_path(&e.url)).or_default().push(i);
    }
    let mut groups: Vec<(String, Vec<usize>)> =
        by_out.into_iter().filter(|(_, v)| v.len() > 1).collect();
    groups.sort();
    for (_, mut group) in groups {
        group.sort_by(|a, b| {
            let (a, b) = (&plan.entries[*a], &plan.entries[*b]);
            mkdocs_order(&content.docs[a.doc].rel).cmp(&mkdocs_order(&content.docs[b.doc].rel))
        });
        let Some((&winner, losers)) = group.split_last() else {
            continue;
        };
        let won = &content.docs[plan.entries[winner].doc];
        for &i in losers {
            let e = &plan.entries[i];
            let doc = &content.docs[e.doc];
            let same_folder = parent(&doc.rel) == parent(&won.rel)
                && urls::page_url(&doc.rel, true) == urls::page_url(&won.rel, true);
            let severity = if same_folder {
                Severity::Warning
            } else {
                Severity::Info
            };
            let line = e
                .post
                .as_ref()
                .map(|_| doc.front.line_of("date"))
                .unwrap_or(1);
            sink.push(
                Diagnostic::new(
                    severity,
                    "url-conflict",
                    format!(
                        "`{}` and `{}` are both published at `/{}`; `{}` is the one written, as with mkdocs (the last in docs order), and `{}` is left out",
                        doc.rel, won.rel, e.url, won.rel, doc.rel
                    ),
                )
                .at(&doc.display, line, 1)
                .with_hint("give one of them another title or a `slug` in its front matter"),
            );
            plan.overwritten.insert(i);
        }
    }
    let written: HashMap<String, usize> = plan
        .entries
        .iter()
        .enumerate()
        .filter(|(i, e)| e.published && !plan.overwritten.contains(i))
        .map(|(i, e)| (urls::output_path(&e.url), i))
        .collect();
    for (k, (i, out)) in plan.assets.iter().enumerate() {
        if let Some(&page) = written.get(out) {
            sink.push(
                Diagnostic::info(
                    "url-conflict",
                    format!(
                        "the file `{}` and the page `{}` are both published at `/{out}`; the page is the one written, as with mkdocs",
                        content.assets[*i].rel,
                        content.docs[plan.entries[page].doc].rel
                    ),
                )
                .in_file(crate::content::display_path(
                    config,
                    &content.assets[*i].abs,
                )),
            );
            plan.overwritten_assets.insert(k);
        }
    }
}

/// Where mkdocs' walk of docs_dir puts a file (`get_files`): a folder's files before its
/// subfolders, folders by name, and in a folder `index` and `README` first, then by name
/// (Python compares strings by code point, as `str` does).
fn mkdocs_order(rel: &str) -> (Vec<&str>, bool, &str) {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    (parts, !(stem == "index" || stem == "README"), name)
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
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
