//! The blog around the posts, once pages are rendered (`Blog`): ordering, index pages with
//! pagination, archive, category and author views, previous/next links; the navigation
//! (`nav`) and read times (`readtime`). Where each page is published is the plan's
//! (`crate::plan`). No I/O and no HTML here.

pub mod nav;
pub mod readtime;

use crate::config::{BlogConfig, Config};
use crate::content::date::format_date;
use crate::content::slug::slugify;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Sink};
use crate::plan::{urls, Plan};
use std::collections::{BTreeMap, HashMap};

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
    let post = |i: usize| post_of(plan, i);
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
        archive_views(config, b, plan, &listing, &mut out);
    }
    if b.categories {
        category_views(config, b, content, plan, &listing, &mut out, sink);
    }
    if b.authors && b.authors_profiles {
        author_views(config, b, content, plan, &listing, &mut out);
    }
    tag_view(config, b, plan, &listing, &mut out);
    out.posts = listing;
    out
}

/// The post data of plan entry `i` (a post by construction: callers pass listed posts).
fn post_of(plan: &Plan, i: usize) -> &crate::plan::PostInfo {
    plan.entries[i]
        .post
        .as_ref()
        .expect("listed entries are posts")
}

/// The archive: one view per year, in the order each year's first post appears in the listing.
fn archive_views(config: &Config, b: &BlogConfig, plan: &Plan, listing: &[usize], out: &mut Blog) {
    let post = |i: usize| post_of(plan, i);
    // Years in the order their first post appears in the listing (pinned first), and each
    // year's posts in listing order, as mkdocs-material builds its archive.
    let mut years: Vec<(String, String, Vec<usize>)> = Vec::new();
    for &i in listing {
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

/// One view per category (those outside `categories_allowed` are reported and skipped).
fn category_views(
    config: &Config,
    b: &BlogConfig,
    content: &Content,
    plan: &Plan,
    listing: &[usize],
    out: &mut Blog,
    sink: &Sink,
) {
    let post = |i: usize| post_of(plan, i);
    let mut cats: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in listing {
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
        let slug = slugify(&b.categories_slugify, name, &b.categories_slugify_separator);
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

/// One view per author with posts (`authors_profiles`).
fn author_views(
    config: &Config,
    b: &BlogConfig,
    content: &Content,
    plan: &Plan,
    listing: &[usize],
    out: &mut Blog,
) {
    let post = |i: usize| post_of(plan, i);
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

/// The tags page, when any post has tags.
fn tag_view(config: &Config, b: &BlogConfig, plan: &Plan, listing: &[usize], out: &mut Blog) {
    let post = |i: usize| post_of(plan, i);
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in listing {
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
