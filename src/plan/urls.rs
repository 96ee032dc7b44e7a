//! Where each file of the site is published: page URLs and output paths as mkdocs computes
//! them, post URLs from the blog plugin's `post_url_format` and blog view URLs as
//! mkdocs-material computes them, and the feeds' file names (which templates link to).

use crate::config::{BlogConfig, Config};
use crate::content::date::format_date;
use crate::content::slug::slugify;
use chrono::NaiveDateTime;

/// URL (site-root relative, no leading slash) of a Markdown source path (docs-relative, `.md`)
/// as mkdocs maps it: `index.md` -> ``, `a.md` -> `a/`, `d/index.md` -> `d/`
/// (or `a.html`, `d/index.html` without directory URLs).
pub fn page_url(src: &str, use_directory_urls: bool) -> String {
    let stem = src
        .strip_suffix(".md")
        .or_else(|| src.strip_suffix(".markdown"))
        .unwrap_or(src);
    let (dir, name) = match stem.rfind('/') {
        Some(i) => (&stem[..i + 1], &stem[i + 1..]),
        None => ("", stem),
    };
    let is_index = name == "index" || name == "README";
    if use_directory_urls {
        if is_index {
            dir.to_string()
        } else {
            format!("{dir}{name}/")
        }
    } else if is_index {
        format!("{dir}index.html")
    } else {
        format!("{dir}{name}.html")
    }
}

/// Output file (relative to site_dir) for a page URL.
pub fn output_path(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// The virtual source path mkdocs-material gives a post (`blog/2024/01/31/slug.md`), from
/// which its URL follows like any page's.
pub fn post_virtual_src(
    blog: &BlogConfig,
    date: &NaiveDateTime,
    slug: &str,
    categories: &[String],
    file_stem: &str,
) -> String {
    let cats: Vec<String> = categories
        .iter()
        .take(blog.post_url_max_categories)
        .map(|c| {
            slugify(
                &blog.categories_slugify,
                c,
                &blog.categories_slugify_separator,
            )
        })
        .collect();
    let path = blog
        .post_url_format
        .replace("{date}", &format_date(date, &blog.post_url_date_format))
        .replace("{slug}", slug)
        .replace("{categories}", &cats.join("/"))
        .replace("{file}", file_stem);
    let path = normalize(&path);
    let blog_dir = blog.blog_dir();
    if blog_dir.is_empty() {
        format!("{path}.md")
    } else {
        format!("{blog_dir}/{path}.md")
    }
}

/// posixpath.normpath on a relative path, without leading or trailing slashes.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.trim_matches('/').split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// URL of a blog view, as mkdocs-material places its generated files: the index view is
/// `{blog}/index.md` with page N at `{blog}/page/N/index.md`; other views (archive, category,
/// author) are `{blog}/{path}.md` with page N at `{blog}/{path}/page/N.md`.
pub fn view_url(config: &Config, blog: &BlogConfig, path: &str, page: usize) -> String {
    let blog_dir = blog.blog_dir();
    let join = |a: &str, b: &str| -> String {
        match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_string(),
            (_, true) => a.to_string(),
            _ => format!("{a}/{b}"),
        }
    };
    let base = join(&blog_dir, &normalize(path));
    let is_index = normalize(path).is_empty();
    let pag = normalize(
        &blog
            .pagination_url_format
            .replace("{page}", &page.to_string()),
    );
    let src = match (is_index, page > 1) {
        (true, false) => join(&base, "index.md"),
        (true, true) => join(&join(&base, &pag), "index.md"),
        (false, false) => format!("{base}.md"),
        (false, true) => format!("{}.md", join(&base, &pag)),
    };
    page_url(&src, config.use_directory_urls)
}

/// RSS and Atom feed paths (site-root relative): mkdocs-rss-plugin's names when that plugin is
/// configured (it writes no Atom feed; blogen writes its JSON feed instead), otherwise
/// `feed_rss_created.xml` and `feed_atom.xml`.
pub fn feed_names(config: &Config) -> (String, Option<String>) {
    let rss = "feed_rss_created.xml".to_string();
    if config.feeds.rss_plugin {
        (rss, None)
    } else {
        (rss, Some("feed_atom.xml".to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::date::parse_datetime;

    #[test]
    fn page_urls() {
        assert_eq!(page_url("index.md", true), "");
        assert_eq!(page_url("about.md", true), "about/");
        assert_eq!(page_url("blog/index.md", true), "blog/");
        assert_eq!(page_url("about.md", false), "about.html");
        assert_eq!(page_url("blog/index.md", false), "blog/index.html");
        assert_eq!(output_path("about/"), "about/index.html");
        assert_eq!(output_path(""), "index.html");
        assert_eq!(output_path("about.html"), "about.html");
    }

    #[test]
    fn post_paths() {
        let blog = BlogConfig::default();
        let d = parse_datetime("2024-01-31").unwrap();
        assert_eq!(
            post_virtual_src(&blog, &d, "hello", &[], "main"),
            "blog/2024/01/31/hello.md"
        );
        let blog = BlogConfig {
            post_url_format: "{categories}/{slug}".into(),
            ..BlogConfig::default()
        };
        assert_eq!(
            post_virtual_src(
                &blog,
                &d,
                "hello",
                &["Rust Tips".into(), "B".into()],
                "main"
            ),
            "blog/rust-tips/hello.md"
        );
        assert_eq!(
            post_virtual_src(&blog, &d, "hello", &[], "main"),
            "blog/hello.md"
        );
    }

    #[test]
    fn view_urls() {
        // Expected from mkdocs-material 9.8.2 (site1 and site2 fixtures).
        let mut cfg = Config::defaults(std::path::Path::new("."));
        let b = BlogConfig::default();
        assert_eq!(view_url(&cfg, &b, "", 1), "blog/");
        assert_eq!(view_url(&cfg, &b, "", 2), "blog/page/2/");
        assert_eq!(view_url(&cfg, &b, "archive/2024", 1), "blog/archive/2024/");
        assert_eq!(
            view_url(&cfg, &b, "archive/2024", 2),
            "blog/archive/2024/page/2/"
        );
        cfg.use_directory_urls = false;
        assert_eq!(view_url(&cfg, &b, "", 2), "blog/page/2/index.html");
        assert_eq!(
            view_url(&cfg, &b, "category/misc", 1),
            "blog/category/misc.html"
        );
        assert_eq!(
            view_url(&cfg, &b, "category/misc", 2),
            "blog/category/misc/page/2.html"
        );
    }
}
