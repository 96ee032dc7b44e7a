//! The site navigation: from `nav` in mkdocs.yml, or from the folder structure when it is
//! absent (index first, then files, then folders as sections, as mkdocs orders them).
//! Reports nav entries that name no page and pages missing from an explicit nav.

use crate::config::{line_of_key, Config, Level, NavItem};
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Severity, Sink};
use crate::plan::{file_title, Entry, Plan};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, serde::Serialize)]
pub struct NavNode {
    pub title: String,
    /// Site-root URL of a page, or an external URL; None for a section.
    pub url: Option<String>,
    pub external: bool,
    pub children: Vec<NavNode>,
}

pub fn build(config: &Config, content: &Content, plan: &Plan, sink: &Sink) -> Vec<NavNode> {
    let by_src: HashMap<&str, &Entry> = plan
        .entries
        .iter()
        .filter(|e| e.published)
        .map(|e| (content.docs[e.doc].rel.as_str(), e))
        .collect();
    match &config.nav {
        Some(items) => {
            let mut listed = Vec::new();
            let nodes = from_config(config, items, &by_src, &mut listed, sink);
            report_omitted(config, content, plan, &listed, sink);
            nodes
        }
        None => from_folders(content, plan),
    }
}

fn level_severity(l: Level) -> Option<Severity> {
    match l {
        Level::Ignore => None,
        Level::Info => Some(Severity::Info),
        Level::Warn => Some(Severity::Warning),
    }
}

fn from_config(
    config: &Config,
    items: &[NavItem],
    by_src: &HashMap<&str, &Entry>,
    listed: &mut Vec<String>,
    sink: &Sink,
) -> Vec<NavNode> {
    let mut out = Vec::new();
    for item in items {
        match item {
            NavItem::Page { title, path } => {
                listed.push(path.clone());
                match by_src.get(path.as_str()) {
                    Some(e) => out.push(NavNode {
                        title: title.clone().unwrap_or_else(|| e.title.clone()),
                        url: Some(e.url.clone()),
                        external: false,
                        children: vec![],
                    }),
                    None => {
                        if let Some(sev) = level_severity(config.validation.nav_not_found) {
                            let text = config
                                .config_file
                                .as_ref()
                                .and_then(|f| {
                                    crate::content::read::read_regular_string(
                                        f,
                                        crate::content::read::MAX_CONFIG_BYTES,
                                    )
                                    .ok()
                                })
                                .unwrap_or_default();
                            let line = text
                                .lines()
                                .position(|l| l.contains(path.as_str()))
                                .map(|i| i + 1)
                                .unwrap_or_else(|| line_of_key(&text, "nav"));
                            sink.push(
                                Diagnostic::new(
                                    sev,
                                    "nav-not-found",
                                    format!(
                                        "the nav names `{path}`, which is not in the docs folder"
                                    ),
                                )
                                .at(
                                    config.config_display(),
                                    line,
                                    1,
                                ),
                            );
                        }
                    }
                }
            }
            NavItem::Link { title, url } => out.push(NavNode {
                title: title.clone(),
                url: Some(url.clone()),
                external: true,
                children: vec![],
            }),
            NavItem::Section { title, children } => out.push(NavNode {
                title: title.clone(),
                url: None,
                external: false,
                children: from_config(config, children, by_src, listed, sink),
            }),
        }
    }
    out
}

fn report_omitted(config: &Config, content: &Content, plan: &Plan, listed: &[String], sink: &Sink) {
    let Some(sev) = level_severity(config.validation.nav_omitted_files) else {
        return;
    };
    // One pass over the entries against a set of the listed paths: linear in the pages.
    let listed: std::collections::HashSet<&str> = listed.iter().map(String::as_str).collect();
    let mut missing: Vec<&crate::content::Doc> = plan
        .entries
        .iter()
        .filter(|e| e.published && e.post.is_none())
        .map(|e| &content.docs[e.doc])
        .filter(|d| !listed.contains(d.rel.as_str()) && !content.not_in_nav.contains(&d.rel))
        .collect();
    missing.sort_by(|a, b| a.rel.cmp(&b.rel));
    for doc in missing {
        sink.push(
            Diagnostic::new(sev, "nav-omitted", "the page is not in the `nav` of mkdocs.yml; it is built but not linked from the navigation")
                .in_file(&doc.display),
        );
    }
}

fn from_folders(content: &Content, plan: &Plan) -> Vec<NavNode> {
    #[derive(Default)]
    struct Dir<'a> {
        pages: Vec<(&'a str, &'a Entry)>,
        dirs: BTreeMap<&'a str, Dir<'a>>,
    }
    let mut root = Dir::default();
    for e in plan
        .entries
        .iter()
        .filter(|e| e.published && e.post.is_none())
    {
        let rel = content.docs[e.doc].rel.as_str();
        let mut parts: Vec<&str> = rel.split('/').collect();
        let file = parts.pop().unwrap_or(rel);
        let mut d = &mut root;
        for p in parts {
            d = d.dirs.entry(p).or_default();
        }
        d.pages.push((file, e));
    }
    fn to_nodes(d: &Dir) -> Vec<NavNode> {
        let mut pages: Vec<&(&str, &Entry)> = d.pages.iter().collect();
        pages.sort_by_key(|(f, _)| (!(f.starts_with("index.") || f.starts_with("README.")), *f));
        let mut out: Vec<NavNode> = pages
            .iter()
            .map(|(_, e)| NavNode {
                title: e.title.clone(),
                url: Some(e.url.clone()),
                external: false,
                children: vec![],
            })
            .collect();
        for (name, sub) in &d.dirs {
            let children = to_nodes(sub);
            if children.is_empty() {
                continue;
            }
            out.push(NavNode {
                title: file_title(name),
                url: None,
                external: false,
                children,
            });
        }
        out
    }
    to_nodes(&root)
}
