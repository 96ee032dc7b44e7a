//! Feeds of the blog: RSS 2.0 (`rss` crate), Atom (`atom_syndication`) and, where
//! mkdocs-rss-plugin is configured, a JSON Feed under its file name. Newest posts first by date,
//! `length` of them, with the excerpt or the full post (`extra.blogen.feed_full_content`), every
//! URL absolute from `site_url`. Dates are written by `rfc2822` / `rfc3339`, which cannot panic
//! (front matter only allows years 1 to 9999; other years are clamped here, never passed on).

use crate::config::Config;
use crate::content::Content;
use crate::markdown::page::PageOut;
use crate::plan::{urls, Plan};
use crate::site::Blog;
use crate::url::{absolute, absolutize, site_base};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// One post as the feeds show it.
struct Item {
    title: String,
    url: String,
    html: String,
    date: NaiveDateTime,
    updated: Option<NaiveDateTime>,
    authors: Vec<(String, Option<String>)>,
    categories: Vec<String>,
}

fn base_url(config: &Config) -> Option<String> {
    config.site_url.as_deref().map(site_base)
}

fn items(
    config: &Config,
    content: &Content,
    plan: &Plan,
    blog: &Blog,
    pages: &[Option<PageOut>],
    base: &str,
) -> Vec<Item> {
    let mut posts: Vec<usize> = blog.posts.clone();
    let post = |i: usize| plan.entries[i].post.as_ref().expect("post");
    posts.sort_by(|&a, &b| {
        post(b)
            .date
            .cmp(&post(a).date)
            .then(plan.entries[a].url.cmp(&plan.entries[b].url))
    });
    posts.truncate(config.feeds.length);
    posts
        .into_iter()
        .filter_map(|i| {
            let e = &plan.entries[i];
            let out = pages[i].as_ref()?;
            let p = post(i);
            let html = if config.feeds.full_content {
                out.rendered.html.as_str()
            } else {
                out.rendered
                    .excerpt
                    .as_deref()
                    .unwrap_or(&out.rendered.html)
            };
            Some(Item {
                title: out.title.clone(),
                url: absolute(base, &e.url),
                html: absolutize(html, base),
                date: p.date,
                updated: p.updated,
                authors: p
                    .authors
                    .iter()
                    .map(|a| match content.authors.get(a) {
                        Some(au) => (au.name.clone(), au.url.clone()),
                        None => (a.clone(), None),
                    })
                    .collect(),
                categories: p.categories.clone(),
            })
        })
        .collect()
}

/// `d` as UTC, its year clamped into 1..=9999: RFC 2822 (chrono panics beyond it), RFC 3339 and
/// Atom readers have no other years. `parse_datetime` refuses such dates, so this is a guard.
fn utc(d: &NaiveDateTime) -> chrono::DateTime<Utc> {
    use crate::content::date::{MAX_YEAR, MIN_YEAR};
    let first = NaiveDate::from_ymd_opt(MIN_YEAR, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let last = NaiveDate::from_ymd_opt(MAX_YEAR, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 59));
    let d = match (first, last) {
        (Some(first), _) if d.year() < MIN_YEAR => first,
        (_, Some(last)) if d.year() > MAX_YEAR => last,
        _ => *d,
    };
    Utc.from_utc_datetime(&d)
}

/// A post date as RFC 2822 (RSS `pubDate`), e.g. `Mon, 1 Jan 0001 00:00:00 +0000`.
pub fn rfc2822(d: &NaiveDateTime) -> String {
    utc(d).to_rfc2822()
}

/// A post date as RFC 3339 (JSON Feed), e.g. `0001-01-01T00:00:00+00:00`.
pub fn rfc3339(d: &NaiveDateTime) -> String {
    utc(d).to_rfc3339()
}

/// The feed files: (site-relative path, content). Empty without `site_url` (feeds need
/// absolute URLs) or without posts.
pub fn feeds(
    config: &Config,
    content: &Content,
    plan: &Plan,
    blog: &Blog,
    pages: &[Option<PageOut>],
) -> Vec<(String, Vec<u8>)> {
    let Some(base) = base_url(config) else {
        return vec![];
    };
    let items = items(config, content, plan, blog, pages, &base);
    let (rss_name, atom_name) = urls::feed_names(config);
    let blog_url = config
        .blog
        .as_ref()
        .map(|b| format!("{base}{}", urls::view_url(config, b, "", 1)))
        .unwrap_or_else(|| base.clone());
    let description = config
        .site_description
        .clone()
        .unwrap_or_else(|| format!("Posts from {}", config.site_name));
    let newest = items.iter().map(|i| i.updated.unwrap_or(i.date)).max();
    let mut out = vec![(
        rss_name.clone(),
        rss(config, &items, &blog_url, &description, newest),
    )];
    match atom_name {
        Some(name) => out.push((
            name.clone(),
            atom(
                config,
                &items,
                &blog_url,
                &format!("{base}{name}"),
                &description,
                newest,
            ),
        )),
        None => out.push((
            "feed_json_created.json".into(),
            json_feed(
                config,
                &items,
                &blog_url,
                &format!("{base}feed_json_created.json"),
                &description,
            ),
        )),
    }
    out
}

fn rss(
    config: &Config,
    items: &[Item],
    link: &str,
    description: &str,
    newest: Option<NaiveDateTime>,
) -> Vec<u8> {
    let rss_items: Vec<rss::Item> = items
        .iter()
        .map(|i| {
            let mut it = rss::Item::default();
            it.set_title(i.title.clone());
            it.set_link(i.url.clone());
            it.set_guid(rss::Guid {
                value: i.url.clone(),
                permalink: true,
            });
            it.set_pub_date(rfc2822(&i.date));
            if !i.authors.is_empty() {
                it.set_author(
                    i.authors
                        .iter()
                        .map(|a| a.0.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            it.set_categories(
                i.categories
                    .iter()
                    .map(|c| rss::Category {
                        name: c.clone(),
                        domain: None,
                    })
                    .collect::<Vec<_>>(),
            );
            it.set_description(i.html.clone());
            it
        })
        .collect();
    let mut ch = rss::Channel::default();
    ch.set_title(config.site_name.clone());
    ch.set_link(link.to_string());
    ch.set_description(description.to_string());
    ch.set_generator("blogen".to_string());
    ch.set_language("en".to_string());
    if let Some(n) = newest {
        ch.set_last_build_date(rfc2822(&n));
    }
    ch.set_items(rss_items);
    ch.to_string().into_bytes()
}

fn atom(
    config: &Config,
    items: &[Item],
    link: &str,
    self_url: &str,
    description: &str,
    newest: Option<NaiveDateTime>,
) -> Vec<u8> {
    use atom_syndication as a;
    let entries: Vec<a::Entry> = items
        .iter()
        .map(|i| {
            let mut e = a::Entry::default();
            e.set_id(i.url.clone());
            e.set_title(i.title.clone());
            e.set_updated(utc(&i.updated.unwrap_or(i.date)).fixed_offset());
            e.set_published(Some(utc(&i.date).fixed_offset()));
            e.set_links(vec![a::Link {
                href: i.url.clone(),
                rel: "alternate".into(),
                ..Default::default()
            }]);
            e.set_authors(
                i.authors
                    .iter()
                    .map(|(name, uri)| a::Person {
                        name: name.clone(),
                        email: None,
                        uri: uri.clone(),
                        ..Default::default()
                    })
                    .collect::<Vec<_>>(),
            );
            e.set_categories(
                i.categories
                    .iter()
                    .map(|c| a::Category {
                        term: c.clone(),
                        ..Default::default()
                    })
                    .collect::<Vec<_>>(),
            );
            e.set_content(Some(a::Content {
                value: Some(i.html.clone()),
                content_type: Some("html".into()),
                ..Default::default()
            }));
            e
        })
        .collect();
    let mut f = a::Feed::default();
    f.set_id(link.to_string());
    f.set_title(config.site_name.clone());
    f.set_subtitle(Some(a::Text::plain(description.to_string())));
    f.set_links(vec![
        a::Link {
            href: link.to_string(),
            rel: "alternate".into(),
            ..Default::default()
        },
        a::Link {
            href: self_url.to_string(),
            rel: "self".into(),
            ..Default::default()
        },
    ]);
    f.set_generator(Some(a::Generator {
        value: "blogen".into(),
        ..Default::default()
    }));
    let updated = newest
        .map(|n| utc(&n))
        .unwrap_or_else(|| Utc.timestamp_opt(0, 0).single().expect("epoch"));
    f.set_updated(updated.fixed_offset());
    f.set_entries(entries);
    f.to_string().into_bytes()
}

fn json_feed(
    config: &Config,
    items: &[Item],
    link: &str,
    self_url: &str,
    description: &str,
) -> Vec<u8> {
    let v = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.site_name,
        "home_page_url": link,
        "feed_url": self_url,
        "description": description,
        "items": items.iter().map(|i| serde_json::json!({
            "id": i.url,
            "url": i.url,
            "title": i.title,
            "content_html": i.html,
            "date_published": rfc3339(&i.date),
            "date_modified": i.updated.map(|u| rfc3339(&u)),
            "authors": i.authors.iter().map(|(n, u)| serde_json::json!({"name": n, "url": u})).collect::<Vec<_>>(),
            "tags": i.categories,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_vec_pretty(&v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    #[test]
    fn any_date_formats_without_panic() {
        assert_eq!(rfc2822(&at(1, 1, 1)), "Mon, 1 Jan 0001 00:00:00 +0000");
        assert_eq!(rfc3339(&at(1, 1, 1)), "0001-01-01T00:00:00+00:00");
        assert_eq!(
            rfc2822(&at(9999, 12, 31)),
            "Fri, 31 Dec 9999 00:00:00 +0000"
        );
        // Not accepted from front matter, clamped if they ever get here.
        assert_eq!(rfc2822(&at(0, 1, 1)), "Mon, 1 Jan 0001 00:00:00 +0000");
        assert_eq!(rfc2822(&at(-1, 1, 1)), "Mon, 1 Jan 0001 00:00:00 +0000");
        assert_eq!(rfc2822(&at(10000, 1, 1)), "Fri, 31 Dec 9999 23:59:59 +0000");
        assert_eq!(rfc3339(&NaiveDateTime::MIN), "0001-01-01T00:00:00+00:00");
        assert_eq!(rfc3339(&NaiveDateTime::MAX), "9999-12-31T23:59:59+00:00");
    }
}
