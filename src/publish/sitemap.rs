//! `sitemap.xml` and `sitemap.xml.gz` as mkdocs writes them: one `<url>` per published page,
//! post and blog view, absolute from `site_url`. Posts carry their date as `<lastmod>` (mkdocs
//! uses file times, which would make two builds differ).

use crate::config::Config;
use crate::markdown::html::escape_text;
use crate::plan::Plan;
use crate::site::Blog;
use crate::url::{absolute, site_base};
use std::io::Write;

pub fn sitemap(config: &Config, plan: &Plan, blog: &Blog) -> Vec<(String, Vec<u8>)> {
    let Some(site_url) = &config.site_url else {
        return vec![];
    };
    let base = site_base(site_url);
    let mut urls: Vec<(String, Option<String>)> = plan
        .entries
        .iter()
        .filter(|e| e.published)
        .map(|e| {
            let lastmod = e
                .post
                .as_ref()
                .map(|p| p.updated.unwrap_or(p.date).format("%Y-%m-%d").to_string());
            (e.url.clone(), lastmod)
        })
        .collect();
    urls.extend(blog.views.iter().map(|v| (v.url.clone(), None)));
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod) in urls {
        xml.push_str("    <url>\n         <loc>");
        xml.push_str(&escape_text(&absolute(&base, &url)));
        xml.push_str("</loc>\n");
        if let Some(d) = lastmod {
            xml.push_str(&format!("         <lastmod>{d}</lastmod>\n"));
        }
        xml.push_str("    </url>\n");
    }
    xml.push_str("</urlset>\n");
    // mtime 0 in the gzip header keeps the file identical between builds.
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(xml.as_bytes());
    let gz = gz.finish().unwrap_or_default();
    vec![
        ("sitemap.xml".into(), xml.into_bytes()),
        ("sitemap.xml.gz".into(), gz),
    ]
}
