//! The site's structure: which page is published where (`plan`), and, once pages are
//! rendered, the blog around the posts (`Blog`): ordering, index pages with pagination,
//! archive, category and author views, previous/next links. No I/O and no HTML here.

pub mod nav;
pub mod readtime;
pub mod urls;

use crate::check::{Diagnostic, Sink};
use crate::config::{BlogConfig, Config};
use crate::content::date::format_date;
use crate::content::slug::py_slugify;
use crate::content::Content;
use crate::markdown::links::LinkIndex;
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};

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
                    continue;
                };
                let future = date.created > now;
                // An explicit `draft: false` publishes a future post even with draft_if_future_date.
                let draft = fm.draft.unwrap_or(b.draft_if_future_date && future);
                let published = !draft || b.draft || (mode == Mode::Serve && b.draft_on_serve);
                let slug = fm
                    .slug
                    .clone()
                    .unwrap_or_else(|| py_slugify(&url_title, &b.post_slugify_separator));
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

/// A list page of the blog: the index, an archive year, a category or an author, one page
/// of its pagination.
#[derive(Debug, Clone)]
pub struct View {
    pub kind: ViewKind,
    pub title: String,
    pub url: String,
    /// Entry indices of the posts on this page.
    pub posts: Vec<usize>,
    /// 1-based page number and the URLs of all pages of this view.
    pub page: usize,
    pub page_urls: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ViewKind {
    /// The blog index; carries the entry of `blog/index.md` when it exists.
    Index(Option<usize>),
    Archive,
    Category,
    Author(String),
    /// The tag index: every tag with its posts.
    Tags,
}

/// A category or archive link for templates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default)]
pub struct Blog {
    /// Published posts, in listing order (pinned first, then newest first).
    pub posts: Vec<usize>,
    pub views: Vec<View>,
    /// Entry index -> (previous = newer, next = older) post.
    pub neighbours: HashMap<usize, (Option<usize>, Option<usize>)>,
    /// Category name -> URL of its first page.
    pub category_urls: BTreeMap<String, String>,
    pub archive: Vec<Link>,
    pub categories: Vec<Link>,
    /// Author id -> URL of the profile page.
    pub author_urls: BTreeMap<String, String>,
    /// Tags in alphabetical order with their posts (listing order).
    pub tags: Vec<(String, Vec<usize>)>,
    /// URL of the tag index page, when any post has tags.
    pub tags_url: Option<String>,
}

/// Builds the blog structure from the published posts of `plan`.
pub fn blog(config: &Config, content: &Content, plan: &Plan, sink: &Sink) -> Blog {
    let Some(b) = config.blog.as_ref().filter(|b| b.enabled) else {
        return Blog::default();
    };
    let mut out = Blog::default();
    let mut posts: Vec<usize> = (0..plan.entries.len())
        .filter(|&i| plan.entries[i].published && plan.entries[i].post.is_some())
        .collect();
    let post = |i: usize| plan.entries[i].post.as_ref().expect("post");
    // Newest first; the source path breaks ties so the order never depends on the walk.
    posts.sort_by(|&x, &y| {
        post(y).date.cmp(&post(x).date).then_with(|| {
            content.docs[plan.entries[x].doc]
                .rel
                .cmp(&content.docs[plan.entries[y].doc].rel)
        })
    });
    // Chronological neighbours (pinning does not change them).
    for (k, &i) in posts.iter().enumerate() {
        let newer = if k > 0 { Some(posts[k - 1]) } else { None };
        let older = posts.get(k + 1).copied();
        out.neighbours.insert(i, (newer, older));
    }
    let mut listing: Vec<usize> = posts.iter().copied().filter(|&i| post(i).pin).collect();
    listing.extend(posts.iter().copied().filter(|&i| !post(i).pin));

    let index_src = if b.blog_dir().is_empty() {
        "index.md".to_string()
    } else {
        format!("{}/index.md", b.blog_dir())
    };
    let index_entry = plan
        .entries
        .iter()
        .position(|e| content.docs[e.doc].rel == index_src);
    let index_title = index_entry
        .map(|i| plan.entries[i].title.clone())
        .unwrap_or_else(|| "Blog".to_string());
    let per_page = if b.pagination {
        b.pagination_per_page.max(1)
    } else {
        usize::MAX
    };
    paginate(
        config,
        b,
        &mut out.views,
        ViewKind::Index(index_entry),
        &index_title,
        "",
        &listing,
        per_page,
    );

    if b.archive {
        // Years in the order their first post appears in the listing (pinned first), and each
        // year's posts in listing order, as mkdocs-material builds its archive.
        let mut years: Vec<(String, String, Vec<usize>)> = Vec::new();
        for &i in &listing {
            let d = &post(i).date;
            let key = format_date(d, &b.archive_url_date_format);
            match years.iter_mut().find(|(k, _, _)| *k == key) {
                Some(y) => y.2.push(i),
                None => years.push((key, format_date(d, &b.archive_date_format), vec![i])),
            }
        }
        let per = if b.archive_pagination {
            b.archive_pagination_per_page.max(1)
        } else {
            usize::MAX
        };
        for (key, title, list) in &years {
            let path = b.archive_url_format.replace("{date}", key);
            let url = paginate(
                config,
                b,
                &mut out.views,
                ViewKind::Archive,
                title,
                &path,
                list,
                per,
            );
            out.archive.push(Link {
                title: title.clone(),
                url,
            });
        }
    }

    if b.categories {
        let mut cats: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &listing {
            for c in &post(i).categories {
                if !b.categories_allowed.is_empty() && !b.categories_allowed.contains(c) {
                    let doc = &content.docs[plan.entries[i].doc];
                    sink.push(
                        Diagnostic::warning(
                            "category-not-allowed",
                            format!("category `{c}` is not in `categories_allowed`"),
                        )
                        .at(&doc.display, doc.front.line_of("categories"), 1)
                        .with_hint(format!("allowed: {}", b.categories_allowed.join(", "))),
                    );
                    continue;
                }
                let list = cats.entry(c.clone()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut names: Vec<&String> = cats.keys().collect();
        if b.categories_sort_by != "title" {
            // Any other key sorts by number of posts (mkdocs-material's `length`).
            names.sort_by_key(|n| std::cmp::Reverse(cats[*n].len()));
        }
        if b.categories_sort_reverse {
            names.reverse();
        }
        let per = if b.categories_pagination {
            b.categories_pagination_per_page.max(1)
        } else {
            usize::MAX
        };
        for name in names {
            let slug = py_slugify(name, &b.categories_slugify_separator);
            let path = b.categories_url_format.replace("{slug}", &slug);
            let url = paginate(
                config,
                b,
                &mut out.views,
                ViewKind::Category,
                name,
                &path,
                &cats[name],
                per,
            );
            out.category_urls.insert(name.clone(), url.clone());
            out.categories.push(Link {
                title: name.clone(),
                url,
            });
        }
    }

    if b.authors && b.authors_profiles {
        let per = if b.authors_profiles_pagination {
            b.authors_profiles_pagination_per_page.max(1)
        } else {
            usize::MAX
        };
        for (id, author) in &content.authors {
            let list: Vec<usize> = listing
                .iter()
                .copied()
                .filter(|&i| post(i).authors.contains(id))
                .collect();
            if list.is_empty() {
                continue;
            }
            let path = b
                .authors_profiles_url_format
                .replace("{slug}", &author.slug)
                .replace("{name}", &author.name);
            let url = paginate(
                config,
                b,
                &mut out.views,
                ViewKind::Author(id.clone()),
                &author.name,
                &path,
                &list,
                per,
            );
            out.author_urls.insert(id.clone(), url);
        }
    }
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &listing {
        for t in &post(i).tags {
            tags.entry(t.clone()).or_default().push(i);
        }
    }
    if !tags.is_empty() {
        let url = urls::view_url(config, b, "tags", 1);
        let all: Vec<usize> = listing
            .iter()
            .copied()
            .filter(|&i| !post(i).tags.is_empty())
            .collect();
        out.views.push(View {
            kind: ViewKind::Tags,
            title: "Tags".into(),
            url: url.clone(),
            posts: all,
            page: 1,
            page_urls: vec![url.clone()],
        });
        out.tags_url = Some(url);
        out.tags = tags.into_iter().collect();
    }
    out.posts = listing;
    out
}

/// Adds the pages of one view; returns the URL of its first page.
#[allow(clippy::too_many_arguments)]
fn paginate(
    config: &Config,
    b: &BlogConfig,
    views: &mut Vec<View>,
    kind: ViewKind,
    title: &str,
    path: &str,
    posts: &[usize],
    per_page: usize,
) -> String {
    let chunks: Vec<&[usize]> = if posts.is_empty() {
        vec![&[][..]]
    } else {
        posts.chunks(per_page).collect()
    };
    let page_urls: Vec<String> = (1..=chunks.len())
        .map(|n| urls::view_url(config, b, path, n))
        .collect();
    for (n, chunk) in chunks.iter().enumerate() {
        views.push(View {
            kind: kind.clone(),
            title: title.to_string(),
            url: page_urls[n].clone(),
            posts: chunk.to_vec(),
            page: n + 1,
            page_urls: page_urls.clone(),
        });
    }
    page_urls[0].clone()
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
