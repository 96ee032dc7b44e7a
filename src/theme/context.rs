//! The data each template gets (documented in the README): site, page, nav, post, posts,
//! pagination. All URLs in it are already relative to the page being rendered, as mkdocs
//! writes them, so templates and their output work from any folder and from `file://`.

use crate::config::Config;
use crate::content::date::format_date;
use crate::content::slug::py_slugify;
use crate::content::{Author, Content};
use crate::markdown::page::PageOut;
use crate::markdown::TocEntry;
use crate::plan::{urls, Mode, Plan};
use crate::site::nav::NavNode;
use crate::site::{Blog, View, ViewKind};
use crate::url::{relative_url, site_base};
use serde::Serialize;
use serde_json::{json, Value};

/// A page of the site rendered through the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputRef {
    /// The page of entry `i` of the plan.
    Entry(usize),
    /// Page `k` of `Blog::views`.
    View(usize),
    NotFound,
}

/// Everything templates may draw on, shared by all pages of one build.
pub struct SiteData<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub plan: &'a Plan,
    pub blog: &'a Blog,
    /// Per entry of `plan.entries`; None for entries not rendered (unpublished drafts).
    pub pages: &'a [Option<PageOut>],
    pub nav: &'a [NavNode],
    pub mode: Mode,
}

#[derive(Serialize)]
struct NavOut {
    title: String,
    url: Option<String>,
    external: bool,
    active: bool,
    /// The entry of the page itself (not of a section holding it).
    current: bool,
    /// With `navigation.indexes`: this page is its section's index (linked by the section).
    is_index: bool,
    /// With `navigation.indexes`: the section's index page.
    index_url: Option<String>,
    children: Vec<NavOut>,
}

/// `navigation.indexes`: a section whose first child is an index page (`…/` or
/// `…index.html`) links to it from its title, and the child is not listed again.
fn apply_indexes(nodes: &mut [NavOut]) {
    for n in nodes {
        apply_indexes(&mut n.children);
        if let Some(first) = n.children.first_mut() {
            let is_index = !first.external
                && first.children.is_empty()
                && first
                    .url
                    .as_deref()
                    .is_some_and(|u| u.ends_with('/') || u.ends_with("index.html") || u == ".");
            if is_index {
                first.is_index = true;
                n.index_url = first.url.clone();
                n.current = n.current || first.current;
            }
        }
    }
}

/// The pages of the nav in order (sections flattened), for `navigation.footer`.
fn nav_pages(nodes: &[NavOut], out: &mut Vec<(String, String, bool)>) {
    for n in nodes {
        if let (Some(u), false) = (&n.url, n.external) {
            out.push((n.title.clone(), u.clone(), n.current));
        }
        nav_pages(&n.children, out);
    }
}

fn nav_out(nodes: &[NavNode], page_url: &str, active_url: &str) -> Vec<NavOut> {
    nodes
        .iter()
        .map(|n| {
            let children = nav_out(&n.children, page_url, active_url);
            let own = n.url.as_deref() == Some(active_url) && !n.external;
            NavOut {
                title: n.title.clone(),
                url: n.url.as_ref().map(|u| {
                    if n.external {
                        u.clone()
                    } else {
                        relative_url(page_url, u)
                    }
                }),
                external: n.external,
                active: own || children.iter().any(|c| c.active),
                current: own,
                is_index: false,
                index_url: None,
                children,
            }
        })
        .collect()
}

/// Root-relative asset reference from config (`extra_css`) made relative to the page.
fn rel_ref(page_url: &str, target: &str) -> String {
    if target.contains("://") || target.starts_with('/') {
        target.to_string()
    } else {
        relative_url(page_url, target)
    }
}

impl<'a> SiteData<'a> {
    /// The absolute URL of a page, when site_url is set.
    pub fn absolute_url(&self, url: &str) -> Option<String> {
        let base = self.config.site_url.as_deref().map(site_base)?;
        Some(crate::url::absolute(&base, url))
    }

    /// Context shared by all templates. `url` is the page's site-root URL; `nav_url` the URL
    /// whose nav entry is marked active.
    fn base(&self, url: &str, nav_url: &str, title: &str) -> Ctx {
        let c = self.config;
        let mut ctx = Ctx::default();
        let base_url = relative_url(url, "");
        let base_url = base_url.trim_end_matches('/');
        let base_url = if base_url == "." || base_url.is_empty() {
            "."
        } else {
            base_url
        };
        ctx.insert("base_url", base_url);
        ctx.insert("home_url", &relative_url(url, &self.plan.home));
        ctx.put(
            "site",
            json!({
                "name": c.site_name,
                "url": c.site_url,
                "description": c.site_description,
                "author": c.site_author,
                "copyright": c.copyright,
                "repo_url": c.repo_url,
                "extra": c.extra,
            }),
        );
        let mut nav = nav_out(self.nav, url, nav_url);
        if c.theme.feature("navigation.indexes") {
            apply_indexes(&mut nav);
        }
        if c.theme.feature("navigation.footer") {
            let mut pages = Vec::new();
            nav_pages(&nav, &mut pages);
            if let Some(i) = pages.iter().position(|p| p.2) {
                let link = |p: &(String, String, bool)| json!({"title": p.0, "url": p.1});
                ctx.put(
                    "footer_nav",
                    json!({
                        "prev": i.checked_sub(1).map(|j| link(&pages[j])),
                        "next": pages.get(i + 1).map(link),
                    }),
                );
            }
        }
        ctx.insert("nav", &nav);
        let static_url = relative_url(url, &format!("{}/", super::STATIC_PREFIX));
        ctx.put("theme", super::settings::theme_value(c, url, &static_url));
        ctx.put("lang", super::lang::words(&c.theme.language));
        ctx.insert(
            "extra_css",
            &c.extra_css
                .iter()
                .map(|s| rel_ref(url, s))
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "extra_javascript",
            &c.extra_javascript
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "src": rel_ref(url, &s.path),
                        "type": s.kind,
                        "defer": s.defer,
                        "async": s.is_async,
                    })
                })
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "static_url",
            &relative_url(url, &format!("{}/", super::STATIC_PREFIX)),
        );
        let (mermaid_url, mermaid_classic) = super::mermaid::script_for(c, url);
        ctx.insert("mermaid_url", &mermaid_url);
        ctx.insert("mermaid_classic", &mermaid_classic);
        ctx.insert("serve", &(self.mode == Mode::Serve));
        ctx.insert("title", title);
        ctx.insert("canonical_url", &self.absolute_url(url));
        ctx.insert("feeds", &self.feed_links(url));
        if let Some(b) = c.blog.as_ref().filter(|b| b.enabled) {
            let blog_url = urls::view_url(c, b, "", 1);
            ctx.put(
                "blog",
                json!({
                    "url": relative_url(url, &blog_url),
                    "archive": self.blog.archive.iter().map(|l| json!({"title": l.title, "url": relative_url(url, &l.url)})).collect::<Vec<_>>(),
                    "categories": self.blog.categories.iter().map(|l| json!({"title": l.title, "url": relative_url(url, &l.url)})).collect::<Vec<_>>(),
                    "archive_name": b.archive_name,
                    "categories_name": b.categories_name,
                }),
            );
        }
        ctx
    }

    /// `page.edit_url` and `page.view_url` of the docs file `doc`, as mkdocs and
    /// mkdocs-material make them from `repo_url` and `edit_uri`.
    fn add_edit_url(&self, page: &mut Value, doc: usize) {
        let rel = &self.content.docs[doc].rel;
        if let Some(edit) = super::settings::edit_url(self.config, rel) {
            page["view_url"] = json!(super::settings::view_url(&edit));
            page["edit_url"] = json!(edit);
        }
    }

    fn feed_links(&self, url: &str) -> Value {
        // No site_url: the feeds are not written (see the `site-url-missing` info line).
        if self.config.blog.as_ref().is_none_or(|b| !b.enabled) || self.config.site_url.is_none() {
            return Value::Null;
        }
        let (rss, atom) = urls::feed_names(self.config);
        json!({
            "rss": relative_url(url, &rss),
            "atom": atom.map(|a| relative_url(url, &a)),
        })
    }

    fn author_value(&self, page_url: &str, id: &str) -> Value {
        let a = self
            .content
            .authors
            .get(id)
            .cloned()
            .unwrap_or_else(|| Author {
                id: id.to_string(),
                name: id.to_string(),
                slug: id.to_string(),
                ..Default::default()
            });
        let avatar = if a.avatar.is_empty() {
            String::new()
        } else {
            rel_ref(page_url, &a.avatar)
        };
        json!({
            "id": a.id,
            "name": a.name,
            "description": a.description,
            "avatar": avatar,
            "url": a.url,
            "profile_url": self.blog.author_urls.get(id).map(|u| relative_url(page_url, u)),
        })
    }

    /// The post's metadata as templates see it, with URLs relative to `page_url`.
    fn post_value(&self, entry: usize, page_url: &str, excerpt: bool) -> Value {
        let e = &self.plan.entries[entry];
        let p = e.post.as_ref().expect("post");
        let b = self.config.blog.as_ref().expect("blog");
        let out = self.pages[entry].as_ref();
        let max_authors = if excerpt {
            b.post_excerpt_max_authors
        } else {
            usize::MAX
        };
        let max_categories = if excerpt {
            b.post_excerpt_max_categories
        } else {
            usize::MAX
        };
        let categories: Vec<Value> = p
            .categories
            .iter()
            .filter(|c| self.blog.category_urls.contains_key(*c))
            .take(max_categories)
            .map(
                |c| json!({"title": c, "url": relative_url(page_url, &self.blog.category_urls[c])}),
            )
            .collect();
        json!({
            "title": out.map(|o| o.title.clone()).unwrap_or_else(|| e.title.clone()),
            "url": relative_url(page_url, &e.url),
            "date": format_date(&p.date, &b.post_date_format),
            "date_iso": p.date.format("%Y-%m-%d %H:%M:%S+00:00").to_string(),
            "updated": p.updated.map(|u| format_date(&u, &b.post_date_format)),
            "updated_iso": p.updated.map(|u| u.format("%Y-%m-%d %H:%M:%S+00:00").to_string()),
            "authors": p.authors.iter().take(max_authors).map(|a| self.author_value(page_url, a)).collect::<Vec<_>>(),
            "categories": categories,
            "tags": p.tags.iter().map(|t| json!({
                "name": t,
                "url": self.blog.tags_url.as_ref().map(|u| format!("{}#{}", relative_url(page_url, u), py_slugify(t, "-"))),
            })).collect::<Vec<_>>(),
            "readtime": out.and_then(|o| o.readtime),
            "pin": p.pin,
            "draft": p.draft,
            "excerpt": out.and_then(|o| o.rendered.excerpt.clone()),
            "more": out.map(|o| o.rendered.more).unwrap_or(false),
            "meta": self.content.docs[e.doc].front.raw,
        })
    }

    fn link(&self, entry: Option<usize>, page_url: &str) -> Value {
        match entry {
            Some(i) => {
                let e = &self.plan.entries[i];
                let title = self.pages[i]
                    .as_ref()
                    .map(|o| o.title.clone())
                    .unwrap_or_else(|| e.title.clone());
                json!({"title": title, "url": relative_url(page_url, &e.url)})
            }
            None => Value::Null,
        }
    }

    fn page_value(
        &self,
        url: &str,
        title: &str,
        kind: &str,
        out: Option<&PageOut>,
        meta: Value,
    ) -> Value {
        let toc: &[TocEntry] = out.map(|o| o.rendered.toc.as_slice()).unwrap_or(&[]);
        json!({
            "title": title,
            "url": url,
            "kind": kind,
            "is_homepage": url.is_empty(),
            "content": out.map(|o| o.rendered.html.as_str()).unwrap_or(""),
            "toc": toc,
            "meta": meta,
            "description": meta.get("description").cloned().or_else(|| self.config.site_description.clone().map(Value::String)),
            "has_mermaid": out.is_some_and(|o| o.rendered.has_mermaid),
            "has_h1": out.is_some_and(|o| o.rendered.h1.is_some()),
        })
    }

    /// Template name and context for a page or post (not the blog index, which is a view).
    pub fn entry_context(&self, entry: usize) -> (String, tera::Context) {
        let e = &self.plan.entries[entry];
        let out = self.pages[entry].as_ref();
        let doc = &self.content.docs[e.doc];
        let title = out
            .map(|o| o.title.clone())
            .unwrap_or_else(|| e.title.clone());
        let kind = if e.post.is_some() { "post" } else { "page" };
        let meta = Value::Object(doc.front.raw.clone());
        let nav_url = if e.post.is_some() {
            self.config
                .blog
                .as_ref()
                .map(|b| urls::view_url(self.config, b, "", 1))
                .unwrap_or_default()
        } else {
            e.url.clone()
        };
        let mut ctx = self.base(&e.url, &nav_url, &title);
        let mut page = self.page_value(&e.url, &title, kind, out, meta);
        self.add_edit_url(&mut page, e.doc);
        ctx.put("page", page);
        // `main.html` is Material's default page template: blogen's own page or post template
        // (with a custom_dir main.html's blocks applied by the Material overrides).
        let template = doc
            .front
            .template
            .clone()
            .filter(|t| t.ends_with(".html") && t != "main.html");
        if e.post.is_some() {
            ctx.put("post", self.post_value(entry, &e.url, false));
            let (newer, older) = self
                .blog
                .neighbours
                .get(&entry)
                .copied()
                .unwrap_or((None, None));
            ctx.put("prev_post", self.link(newer, &e.url));
            ctx.put("next_post", self.link(older, &e.url));
            (
                template
                    .filter(|t| t != "blog-post.html")
                    .unwrap_or_else(|| "post.html".into()),
                ctx.finish(),
            )
        } else {
            (template.unwrap_or_else(|| "page.html".into()), ctx.finish())
        }
    }

    /// Template name and context for one page of a blog view.
    pub fn view_context(&self, view: &View) -> (String, tera::Context) {
        let url = &view.url;
        let index_entry = match view.kind {
            ViewKind::Index(e) => e,
            _ => None,
        };
        let b = self.config.blog.as_ref().expect("blog");
        let keep_content = view.page == 1 || b.pagination_keep_content;
        let out = index_entry
            .filter(|_| keep_content)
            .and_then(|i| self.pages[i].as_ref());
        let title = if view.page > 1 {
            format!("{} - Page {}", view.title, view.page)
        } else {
            view.title.clone()
        };
        let nav_url = urls::view_url(self.config, b, "", 1);
        let mut ctx = self.base(url, &nav_url, &title);
        let kind = match &view.kind {
            ViewKind::Index(_) => "blog",
            ViewKind::Archive => "archive",
            ViewKind::Category => "category",
            ViewKind::Author(_) => "author",
            ViewKind::Tags => "tags",
        };
        let meta = index_entry
            .map(|i| {
                Value::Object(
                    self.content.docs[self.plan.entries[i].doc]
                        .front
                        .raw
                        .clone(),
                )
            })
            .unwrap_or(Value::Object(Default::default()));
        let mut page = self.page_value(url, &view.title, kind, out, meta);
        if let Some(i) = index_entry.filter(|_| view.page == 1) {
            self.add_edit_url(&mut page, self.plan.entries[i].doc);
        }
        page["has_mermaid"] = json!(
            out.is_some_and(|o| o.rendered.has_mermaid)
                || view
                    .posts
                    .iter()
                    .any(|&p| self.pages[p].as_ref().is_some_and(|o| {
                        o.rendered.has_mermaid
                            && o.rendered
                                .excerpt
                                .as_deref()
                                .is_some_and(|x| x.contains("class=\"mermaid\""))
                    }))
        );
        if out.is_none()
            && matches!(
                view.kind,
                ViewKind::Archive | ViewKind::Category | ViewKind::Author(_)
            )
        {
            // A kicker above the title says what the page lists ("Archive" over "2024").
            let listed = match view.kind {
                ViewKind::Archive => "Archive",
                ViewKind::Category => "Category",
                _ => "Author",
            };
            page["content"] = json!(format!(
                "<p class=\"list-kind\">{listed}</p>\n<h1>{}</h1>\n",
                crate::markdown::html::escape_text(&view.title)
            ));
        }
        ctx.put("page", page);
        if let ViewKind::Author(id) = &view.kind {
            ctx.put("author", self.author_value(url, id));
        }
        ctx.put(
            "posts",
            Value::Array(
                view.posts
                    .iter()
                    .map(|&p| self.post_value(p, url, true))
                    .collect(),
            ),
        );
        let show_pagination = view.page_urls.len() > 1 || b.pagination_if_single_page;
        if show_pagination {
            let radius = pagination_radius(&b.pagination_format);
            let pages: Vec<Value> = visible_pages(view.page, view.page_urls.len(), radius)
                .into_iter()
                .map(|n| match n {
                    Some(n) => json!({"number": n, "url": relative_url(url, &view.page_urls[n - 1]), "current": n == view.page, "gap": false}),
                    None => json!({"gap": true}),
                })
                .collect();
            let n = view.page;
            ctx.put(
                "pagination",
                json!({
                    "page": n,
                    "page_count": view.page_urls.len(),
                    "pages": pages,
                    "prev_url": if n > 1 { Some(relative_url(url, &view.page_urls[n - 2])) } else { None },
                    "next_url": view.page_urls.get(n).map(|u| relative_url(url, u)),
                }),
            );
        }
        if view.kind == ViewKind::Tags {
            let tags: Vec<Value> = self
                .blog
                .tags
                .iter()
                .map(|(name, posts)| {
                    json!({
                        "name": name,
                        "slug": py_slugify(name, "-"),
                        "posts": posts.iter().map(|&p| self.link(Some(p), url)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            ctx.put("tags", Value::Array(tags));
            return ("tags.html".into(), ctx.finish());
        }
        ("blog.html".into(), ctx.finish())
    }

    /// The 404 page: served at any URL, so its links are absolute from the site's path.
    pub fn not_found_context(&self) -> tera::Context {
        let mut ctx = self.base("", "", "Page not found");
        let root = self
            .config
            .site_url
            .as_deref()
            .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
            .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_else(|| "/".into());
        let root = if root.ends_with('/') {
            root
        } else {
            format!("{root}/")
        };
        ctx.insert("base_url", root.trim_end_matches('/'));
        ctx.insert("home_url", &format!("{root}{}", self.plan.home));
        ctx.insert("static_url", &format!("{root}{}/", super::STATIC_PREFIX));
        let mut theme = super::settings::theme_value(
            self.config,
            "",
            &format!("{root}{}/", super::STATIC_PREFIX),
        );
        // Docs paths (logo, favicon) from the site's root, as the page is served at any URL.
        for key in [&["logo", "url"][..], &["favicon"][..]] {
            let slot = key.iter().try_fold(&mut theme, |v, k| v.get_mut(*k));
            if let Some(v) = slot {
                if let Some(u) = v
                    .as_str()
                    .filter(|u| !u.contains("://") && !u.starts_with('/'))
                {
                    *v = json!(format!("{root}{u}"));
                }
            }
        }
        ctx.put("theme", theme);
        let nav_abs = absolutize_nav(&nav_out(self.nav, "", "-"), &root);
        ctx.insert("nav", &nav_abs);
        ctx.put(
            "page",
            self.page_value("404.html", "Page not found", "404", None, json!({})),
        );
        ctx.finish()
    }
}

/// A template context built by moving values in: `tera::Context::insert` serialises a copy
/// of what it is given, which for pages and post lists would copy their HTML once more.
#[derive(Default)]
struct Ctx(serde_json::Map<String, Value>);

impl Ctx {
    fn put(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_string(), value);
    }

    /// For small values that are not `Value`s yet.
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.put(key, serde_json::to_value(value).unwrap_or(Value::Null));
    }

    fn finish(self) -> tera::Context {
        tera::Context::from_value(Value::Object(self.0)).unwrap_or_default()
    }
}

/// The radius of paginate's `~N~` format (mkdocs-material's `pagination_format`, default `~2~`).
fn pagination_radius(format: &str) -> usize {
    format.trim_matches('~').trim().parse().unwrap_or(2)
}

/// Page numbers to link: the first, the last, and those within `radius` of the current one;
/// `None` marks a gap (shown as `..`), as paginate renders `~2~`.
pub fn visible_pages(current: usize, count: usize, radius: usize) -> Vec<Option<usize>> {
    let lo = current.saturating_sub(radius).max(1);
    let hi = (current + radius).min(count);
    let mut out = Vec::new();
    if lo > 1 {
        out.push(Some(1));
        if lo > 2 {
            out.push(None);
        }
    }
    out.extend((lo..=hi).map(Some));
    if hi < count {
        if hi + 1 < count {
            out.push(None);
        }
        out.push(Some(count));
    }
    out
}

fn absolutize_nav(nodes: &[NavOut], root: &str) -> Vec<NavOut> {
    nodes
        .iter()
        .map(|n| NavOut {
            title: n.title.clone(),
            url: n.url.as_ref().map(|u| {
                if n.external {
                    u.clone()
                } else {
                    format!("{root}{}", u.trim_start_matches("./"))
                }
            }),
            external: n.external,
            active: false,
            current: false,
            is_index: n.is_index,
            index_url: n
                .index_url
                .as_ref()
                .map(|u| format!("{root}{}", u.trim_start_matches("./"))),
            children: absolutize_nav(&n.children, root),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::visible_pages;

    #[test]
    fn pagination_window() {
        let show = |c, n| {
            visible_pages(c, n, 2)
                .iter()
                .map(|p| p.map(|n| n.to_string()).unwrap_or("..".into()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(1, 3), "1 2 3");
        assert_eq!(show(1, 10), "1 2 3 .. 10");
        assert_eq!(show(5, 10), "1 .. 3 4 5 6 7 .. 10");
        assert_eq!(show(10, 10), "1 .. 8 9 10");
        assert_eq!(show(4, 10), "1 2 3 4 5 6 .. 10");
    }
}
