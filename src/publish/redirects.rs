//! The `redirects` plugin (`redirect_maps`): an HTML page at each old path that sends the reader
//! to the new one (canonical link, meta refresh, a script that keeps the `#fragment`, and a plain
//! link), with the paths and relative targets mkdocs-redirects 1.2 computes. Targets are checked
//! like links: a target that is neither an absolute http(s) URL nor a published page is reported
//! and skipped. The options are read by config (`config::redirects`).

pub use crate::config::redirects::Redirect;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Sink};
use crate::markdown::html::escape_attr;
use crate::plan::links::LinkIndex;
use crate::plan::urls::{output_path, page_url};
use crate::plan::Plan;
use crate::url::relative_url;

/// The file (relative to site_dir) mkdocs writes for a docs path: pages get their HTML path,
/// any other name is used as it is (mkdocs-redirects writes the page there all the same).
pub fn old_path(from: &str, use_directory_urls: bool) -> String {
    let from = from.trim_start_matches('/');
    if from.ends_with(".md") || from.ends_with(".markdown") {
        output_path(&page_url(from, use_directory_urls))
    } else {
        from.to_string()
    }
}

/// Where the page at `old` (a site_dir-relative file) should send the reader: `to` as written
/// when it is an http(s) URL, else the new page's URL relative to `old`. None when `to` names no
/// published page.
pub fn target(old: &str, to: &str, links: &LinkIndex) -> Option<String> {
    let lower = to.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(to.to_string());
    }
    let (path, fragment) = match to.find('#') {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    let (url, draft) = links.pages.get(path.trim_start_matches('/'))?;
    if *draft {
        return None;
    }
    Some(format!("{}{fragment}", relative_url(old, url)))
}

/// The redirect page itself.
pub fn page(url: &str) -> String {
    let attr = escape_attr(url);
    let js = serde_json::to_string(url).unwrap_or_else(|_| "\"\"".into());
    // `</` cannot end the script early: a URL holding `</script>` stays inside the string.
    let js = js.replace("</", "<\\/");
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Redirecting…</title>\n  <link rel=\"canonical\" href=\"{attr}\">\n  <meta http-equiv=\"refresh\" content=\"0; url={attr}\">\n  <script>var h = location.hash; location.replace({js} + (h && {js}.indexOf(\"#\") < 0 ? h : \"\"));</script>\n  <meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n  <p>This page has moved to <a href=\"{attr}\">{text}</a>.</p>\n</body>\n</html>\n",
        text = crate::markdown::html::escape_text(url),
    )
}

/// A redirect page: its path relative to site_dir, and its HTML.
pub type RedirectPage = (String, String);
/// A problem with one entry: the entry's old path as written, and the diagnostic.
pub type Problem = (String, Diagnostic);

/// The redirect pages of a build: (site_dir-relative path, HTML), and the problems found, each
/// with the redirect's old path (the caller places it in mkdocs.yml).
pub fn pages(
    redirects: &[Redirect],
    links: &LinkIndex,
    use_directory_urls: bool,
) -> (Vec<RedirectPage>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for r in redirects {
        if !(r.from.ends_with(".md") || r.from.ends_with(".markdown")) {
            problems.push((
                r.from.clone(),
                Diagnostic::warning(
                    "redirect-not-markdown",
                    format!("redirect_maps: `{}` is not a Markdown file name; the redirect page is written at that path as it is", r.from),
                )
                .with_hint("name the old page by its docs path, e.g. `old/page.md`"),
            ));
        }
        let old = old_path(&r.from, use_directory_urls);
        if old.is_empty() || old.split('/').any(|p| p == "..") {
            problems.push((
                r.from.clone(),
                Diagnostic::warning(
                    "redirect-outside-site",
                    format!(
                        "redirect_maps: `{}` leads outside the site; no redirect is written",
                        r.from
                    ),
                ),
            ));
            continue;
        }
        match target(&old, &r.to, links) {
            Some(url) => out.push((old, page(&url))),
            None => problems.push((
                r.from.clone(),
                Diagnostic::warning(
                    "redirect-target-missing",
                    format!("redirect_maps: the target `{}` of `{}` is not a published page; no redirect is written", r.to, r.from),
                )
                .with_hint("name a Markdown file of the docs folder (`new/page.md`, optionally `#section`) or an http(s) URL"),
            )),
        }
    }
    (out, problems)
}

/// The redirect pages to write, leaving out any whose path a published page already takes
/// (`report` says so).
pub fn files(config: &Config, plan: &Plan) -> Vec<(String, Vec<u8>)> {
    if config.redirects.is_empty() {
        return Vec::new();
    }
    let taken = page_files(plan);
    pages(&config.redirects, &plan.links, config.use_directory_urls)
        .0
        .into_iter()
        .filter(|(path, _)| !taken.contains(path.as_str()))
        .map(|(path, html)| (path, html.into_bytes()))
        .collect()
}

/// The problems of `redirect_maps`, each at its line in mkdocs.yml.
pub fn report(config: &Config, plan: &Plan, sink: &Sink) {
    if config.redirects.is_empty() {
        return;
    }
    let line_of = |from: &str| {
        config
            .redirects
            .iter()
            .find(|r| r.from == from)
            .map_or(1, |r| r.line)
    };
    let place = |d: Diagnostic, from: &str| match config.config_file {
        Some(_) => d.at(config.config_display(), line_of(from), 1),
        None => config.about_config(d),
    };
    let (made, problems) = pages(&config.redirects, &plan.links, config.use_directory_urls);
    for (from, d) in problems {
        sink.push(place(d, &from));
    }
    let taken = page_files(plan);
    for (path, _) in made.iter().filter(|(p, _)| taken.contains(p.as_str())) {
        let r = config
            .redirects
            .iter()
            .find(|r| old_path(&r.from, config.use_directory_urls) == *path);
        let from = r.map_or("", |r| r.from.as_str());
        sink.push(place(
            Diagnostic::info(
                "redirect-over-page",
                format!("redirect_maps: `{from}` is still a page of the docs folder; the page is published and no redirect is written at {path}"),
            )
            .with_hint("delete the old page, or remove its redirect"),
            from,
        ));
    }
}

fn page_files(plan: &Plan) -> std::collections::HashSet<String> {
    plan.entries
        .iter()
        .filter(|e| e.published)
        .map(|e| output_path(&e.url))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(dir_urls: bool) -> LinkIndex {
        let mut idx = LinkIndex::default();
        let post = if dir_urls {
            "blog/2024/03/04/hello/"
        } else {
            "blog/2024/03/04/hello.html"
        };
        for src in ["index.md", "new.md", "guide/setup.md"] {
            idx.pages
                .insert(src.into(), (page_url(src, dir_urls), false));
        }
        idx.pages
            .insert("blog/posts/hello.md".into(), (post.into(), false));
        idx.pages
            .insert("blog/posts/draft.md".into(), ("blog/d/".into(), true));
        idx
    }

    // Expected values: what mkdocs 1.6.1 + mkdocs-material 9 + mkdocs-redirects 1.2.3 wrote for
    // the same redirect_maps (the href of each redirect page), with and without
    // use_directory_urls.
    const CASES: &[(&str, &str, &str, &str, &str, &str)] = &[
        // from, to, dir-urls file, dir-urls href, flat file, flat href
        (
            "old.md",
            "new.md",
            "old/index.html",
            "../new/",
            "old.html",
            "new.html",
        ),
        (
            "deep/old/page.md",
            "guide/setup.md",
            "deep/old/page/index.html",
            "../../../guide/setup/",
            "deep/old/page.html",
            "../../guide/setup.html",
        ),
        (
            "guide/moved.md",
            "blog/posts/hello.md",
            "guide/moved/index.html",
            "../../blog/2024/03/04/hello/",
            "guide/moved.html",
            "../blog/2024/03/04/hello.html",
        ),
        (
            "post.md",
            "blog/posts/hello.md#part",
            "post/index.html",
            "../blog/2024/03/04/hello/#part",
            "post.html",
            "blog/2024/03/04/hello.html#part",
        ),
        (
            "ext.md",
            "https://example.com/elsewhere",
            "ext/index.html",
            "https://example.com/elsewhere",
            "ext.html",
            "https://example.com/elsewhere",
        ),
        (
            "home-old.md",
            "index.md",
            "home-old/index.html",
            "../",
            "home-old.html",
            "index.html",
        ),
        (
            "guide/index.md",
            "new.md",
            "guide/index.html",
            "../new/",
            "guide/index.html",
            "../new.html",
        ),
    ];

    #[test]
    fn paths_and_targets_match_mkdocs_redirects() {
        for dir_urls in [true, false] {
            let links = index(dir_urls);
            let redirects: Vec<Redirect> = CASES
                .iter()
                .map(|c| Redirect {
                    from: c.0.into(),
                    to: c.1.into(),
                    line: 1,
                })
                .collect();
            let (pages, problems) = pages(&redirects, &links, dir_urls);
            assert!(problems.is_empty(), "{problems:?}");
            for (c, (path, html)) in CASES.iter().zip(&pages) {
                let (file, href) = if dir_urls { (c.2, c.3) } else { (c.4, c.5) };
                assert_eq!(path, file, "{c:?}");
                assert!(
                    html.contains(&format!("<a href=\"{href}\">")),
                    "{c:?}\n{html}"
                );
                assert!(html.contains(&format!("rel=\"canonical\" href=\"{href}\"")));
                assert!(html.contains(&format!("content=\"0; url={href}\"")));
            }
        }
    }

    #[test]
    fn missing_draft_and_non_markdown_entries_are_reported() {
        // mkdocs-redirects: "Redirect target 'missing.md' does not exist!" (skipped) and
        // "'notmd.txt' is not a valid markdown file!" (written at that path all the same).
        let links = index(true);
        let r = |from: &str, to: &str| Redirect {
            from: from.into(),
            to: to.into(),
            line: 1,
        };
        let (pages, problems) = pages(
            &[
                r("gone.md", "missing.md"),
                r("notmd.txt", "new.md"),
                r("d.md", "blog/posts/draft.md"),
                r("../up.md", "new.md"),
            ],
            &links,
            true,
        );
        let codes: Vec<_> = problems.iter().map(|(f, d)| (f.as_str(), d.code)).collect();
        assert_eq!(
            codes,
            [
                ("gone.md", "redirect-target-missing"),
                ("notmd.txt", "redirect-not-markdown"),
                ("d.md", "redirect-target-missing"),
                ("../up.md", "redirect-outside-site"),
            ]
        );
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, "notmd.txt");
    }

    #[test]
    fn the_page_escapes_what_it_quotes() {
        let html = page("https://x.org/a?b=1&c=\"</script><b>");
        assert!(!html.contains("</script><b>"));
        assert!(html.contains("&amp;c=&quot;"));
        assert!(html.contains("location.replace("));
    }
}
