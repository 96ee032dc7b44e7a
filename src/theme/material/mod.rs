//! mkdocs-material overrides in `theme.custom_dir`: templates written for Material are told
//! from blogen's own (`detect`), read with minijinja (`render`), and what they add (comments,
//! announce bar, head and script additions, footer, content additions, `template:` pages) is
//! handed to blogen's templates as `overrides.*`. What cannot be honoured is one info line per
//! file (`theme-override-ignored`); a Material override never fails a build.

pub mod detect;
pub mod render;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Sink};
use minijinja::value::Value as MValue;
use render::SUPER;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

pub const CODE: &str = "theme-override-ignored";

/// A Material template of custom_dir as `Theme::load` hands it over.
pub struct Override {
    /// The template's text; empty when it is not UTF-8 (`readable` false).
    pub text: String,
    pub readable: bool,
    /// The file as diagnostics name it.
    pub shown: PathBuf,
    /// Why it was taken for Material's (`detect::Kind::Material`).
    pub why: String,
}

/// The Material templates of custom_dir, ready to render.
pub struct Material {
    env: minijinja::Environment<'static>,
    /// Every Material template of custom_dir (also those not used), name -> file shown.
    shown: BTreeMap<String, PathBuf>,
    /// The user's analytics partial for `extra.analytics.provider`, when there is one.
    analytics: Option<String>,
    /// Why each was taken for Material's.
    why: BTreeMap<String, String>,
    /// Those that compiled and are rendered.
    usable: BTreeSet<String>,
    config: MValue,
    /// Files whose render failed and were reported already (one line per file).
    reported: Mutex<BTreeSet<String>>,
}

/// Blocks whose output goes to `overrides.extrahead` (with `{{ super() }}` as nothing).
const HEAD_BLOCKS: &[&str] = &["libs", "styles", "fonts", "analytics", "extrahead"];

/// The partials blogen renders by themselves when the user has them.
const PARTIALS_USED: &[&str] = &[
    "partials/comments.html",
    "partials/footer.html",
    "partials/copyright.html",
];

/// The analytics partial Material includes for `extra.analytics.provider` (e.g. `custom`).
fn analytics_partial(config: &Config) -> Option<String> {
    let provider = config.extra.get("analytics")?.get("provider")?.as_str()?;
    let ok = !provider.is_empty()
        && provider
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| format!("partials/integrations/analytics/{provider}.html"))
}

fn config_value(config: &Config) -> MValue {
    let mut theme = match &config.theme_settings {
        Value::Object(m) => m.clone(),
        _ => Default::default(),
    };
    theme.insert("name".into(), json!(config.theme_name));
    theme.entry("language").or_insert(json!("en"));
    theme.entry("features").or_insert(json!([]));
    theme.entry("palette").or_insert(json!({}));
    let repo_name = config
        .repo_url
        .as_deref()
        .and_then(|u| u.split("://").nth(1))
        .map(|rest| {
            rest.split_once('/')
                .map_or("", |(_, path)| path)
                .trim_end_matches('/')
                .to_string()
        });
    render::to_value(&json!({
        "site_name": config.site_name,
        "site_url": config.site_url,
        "site_description": config.site_description,
        "site_author": config.site_author,
        "copyright": config.copyright,
        "repo_url": config.repo_url,
        "repo_name": repo_name,
        "extra": config.extra,
        "extra_css": config.extra_css,
        "extra_javascript": config.extra_javascript,
        "use_directory_urls": config.use_directory_urls,
        "theme": Value::Object(theme),
    }))
}

impl Material {
    /// Reads the Material templates of custom_dir (`files`, name -> file). Reports, one info
    /// line per file, what of it is not used and why. None when there are none.
    pub fn load(
        files: BTreeMap<String, Override>,
        config: &Config,
        sink: &Sink,
    ) -> Option<Material> {
        if files.is_empty() {
            return None;
        }
        let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut usable: BTreeMap<String, String> = BTreeMap::new();
        for (name, f) in &files {
            if !f.readable {
                notes
                    .entry(name.clone())
                    .or_default()
                    .push("it is not valid UTF-8, so it is not read".into());
                continue;
            }
            if let Some((line, what)) = crate::theme::recursion::too_deep(&f.text) {
                notes
                    .entry(name.clone())
                    .or_default()
                    .push(format!("line {line} has {what}, so it is not read"));
                continue;
            }
            match render::compile_error(name, &f.text) {
                Some(e) => notes
                    .entry(name.clone())
                    .or_default()
                    .push(format!("it cannot be read as a Jinja template: {e}")),
                None => {
                    usable.insert(name.clone(), f.text.clone());
                }
            }
        }
        // What blogen renders: main.html, 404.html, `template:` pages (any top-level
        // template), the partials it places itself, and what those extend, include or import.
        let mut used: BTreeSet<String> = BTreeSet::new();
        let analytics = analytics_partial(config);
        let mut queue: Vec<String> = usable
            .keys()
            .filter(|n| {
                !n.contains('/')
                    || PARTIALS_USED.contains(&n.as_str())
                    || analytics.as_deref() == Some(n.as_str())
            })
            .filter(|n| n.as_str() != "base.html")
            .cloned()
            .collect();
        while let Some(n) = queue.pop() {
            if !used.insert(n.clone()) {
                continue;
            }
            if let Some(text) = usable.get(&n) {
                for r in detect::references(text) {
                    if usable.contains_key(r) && !used.contains(r) {
                        queue.push(r.to_string());
                    }
                }
            }
        }
        for (name, text) in &usable {
            let note = notes.entry(name.clone()).or_default();
            if name == "base.html" {
                note.push(
                    "it is a copy of Material's page frame, which blogen's theme replaces with its own"
                        .into(),
                );
                continue;
            }
            if name == "partials/language.html" {
                note.push("blogen gives `lang.t` its own English strings".into());
                continue;
            }
            if !used.contains(name) {
                note.push(
                    "blogen's theme has no place for it (it draws that part of the page itself)"
                        .into(),
                );
                continue;
            }
            let skipped: Vec<String> = detect::blocks(text)
                .into_iter()
                .filter(|b| render::NOT_HONOURED.contains(&b.as_str()))
                .map(|b| format!("`{b}`"))
                .collect();
            if !skipped.is_empty() {
                note.push(format!(
                    "block {} is not used: blogen's theme draws that part itself",
                    skipped.join(", ")
                ));
            }
            if text.contains(".icons/") {
                note.push(
                    "Material's icons (`.icons/…`) are not part of blogen and are left out".into(),
                );
            }
        }
        usable.retain(|n, _| n != "base.html" && n != "partials/language.html");
        let env = render::environment(&usable);
        let why = files
            .iter()
            .map(|(n, f)| (n.clone(), f.why.clone()))
            .collect();
        let material = Material {
            env,
            why,
            analytics,
            shown: files.into_iter().map(|(n, f)| (n, f.shown)).collect(),
            usable: usable.into_keys().collect(),
            config: config_value(config),
            reported: Mutex::new(BTreeSet::new()),
        };
        // A trial render of each template blogen renders by itself, so what fails (an unknown
        // filter, a missing include) is told once here, whether or not pages are re-rendered.
        let sample = minijinja::context! {
            config => material.config.clone(),
            page => minijinja::context! { title => "", url => "", kind => "page", meta => minijinja::context! {}, content => "" },
            base_url => ".",
        };
        for name in used.iter().filter(|n| material.usable.contains(*n)) {
            if let Err((culprit, msg)) = material.try_render(name, &sample) {
                notes.entry(culprit).or_default().push(msg);
            }
        }
        let mut reported = BTreeSet::new();
        for (name, note) in notes.into_iter().filter(|(_, n)| !n.is_empty()) {
            let (Some(shown), Some(why)) = (material.shown.get(&name), material.why.get(&name))
            else {
                continue;
            };
            sink.push(
                Diagnostic::info(
                    CODE,
                    format!("read as a Material template ({why}); {}", note.join("; ")),
                )
                .in_file(shown.clone()),
            );
            reported.insert(name);
        }
        *material.reported.lock().unwrap_or_else(|e| e.into_inner()) = reported;
        Some(material)
    }

    /// Whether `name` is one of the Material templates of custom_dir.
    pub fn knows(&self, name: &str) -> bool {
        self.shown.contains_key(name)
    }

    /// One info line for `file` (the first time only in this theme's life).
    fn report(&self, file: &str, what: String, sink: &Sink) {
        let file = if self.shown.contains_key(file) {
            file
        } else {
            return;
        };
        let first = self
            .reported
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_string());
        if first {
            sink.push(Diagnostic::info(CODE, what).in_file(self.shown[file].clone()));
        }
    }

    /// Renders `name`; on failure, the user's file to blame and what to tell.
    fn try_render(&self, name: &str, ctx: &MValue) -> Result<String, (String, String)> {
        let result = self
            .env
            .get_template(name)
            .and_then(|t| t.render(ctx.clone()));
        result.map_err(|e| {
            let culprit = e
                .name()
                .filter(|n| self.shown.contains_key(*n))
                .unwrap_or(name)
                .to_string();
            let msg = format!(
                "it could not be rendered ({}); what it adds is left out",
                render::error_text(&e)
            );
            (culprit, msg)
        })
    }

    fn render(&self, name: &str, ctx: &MValue, sink: &Sink) -> Option<String> {
        match self.try_render(name, ctx) {
            Ok(s) => Some(s),
            Err((culprit, msg)) => {
                let why = self.why.get(&culprit).cloned().unwrap_or_default();
                self.report(
                    &culprit,
                    format!("read as a Material template ({why}); {msg}"),
                    sink,
                );
                None
            }
        }
    }

    /// Renders what the Material templates add to the page whose tera context is `ctx`
    /// (`template` is the tera template chosen for it). Puts `overrides` into `ctx` (and the
    /// new `page.content` when a template changes it). Returns the tera template to use
    /// instead when `template` is a Material template (a `template:` page).
    pub fn apply(&self, template: &str, ctx: &mut tera::Context, sink: &Sink) -> Option<String> {
        let mut page = ctx.get("page").cloned().unwrap_or(Value::Null);
        let kind = page["kind"].as_str().unwrap_or("").to_string();
        let is_entry = kind == "page" || kind == "post";
        let fallback = || match kind.as_str() {
            "post" => "post.html".to_string(),
            "404" => "404.html".to_string(),
            _ => "page.html".to_string(),
        };
        let mut replace = None;
        let mut chain: Option<String> = None;
        if template != "main.html" && self.knows(template) {
            replace = Some(fallback());
            if self.usable.contains(template) {
                chain = Some(template.to_string());
            } else {
                self.report(
                    template,
                    format!("pages name it in `template:` but it cannot be used; they are rendered with blogen's {}", fallback()),
                    sink,
                );
            }
        } else if kind == "404" && self.usable.contains("404.html") {
            chain = Some("404.html".into());
        }
        let content = page["content"].as_str().unwrap_or("").to_string();
        let mut mpage = page.clone();
        if let Value::Object(m) = &mut mpage {
            m.remove("toc");
            m.insert(
                "canonical_url".into(),
                ctx.get("canonical_url").cloned().unwrap_or(Value::Null),
            );
            m.insert("is_page".into(), json!(is_entry));
        }
        let base_url = ctx.get("base_url").cloned().unwrap_or(json!("."));
        let mctx = minijinja::context! {
            config => self.config.clone(),
            page => render::to_value(&mpage),
            base_url => render::to_value(&base_url),
            features => self.config.get_attr("theme").ok().and_then(|t| t.get_attr("features").ok()).unwrap_or_default(),
        };
        let main = self.usable.contains("main.html").then_some("main.html");
        let mut blocks = BTreeMap::new();
        let mut used_chain = false;
        for name in chain.iter().map(String::as_str).chain(main) {
            if let Some(out) = self.render(name, &mctx, sink) {
                blocks = render::split_blocks(&out);
                used_chain = chain.as_deref() == Some(name);
                break;
            }
        }
        if chain.is_some() && !used_chain {
            if let Some(c) = &chain {
                if kind != "404" {
                    self.report(
                        c,
                        format!(
                            "pages naming it in `template:` are rendered with blogen's {}",
                            fallback()
                        ),
                        sink,
                    );
                }
            }
        }
        let take = |b: &str| blocks.get(b).map(|s| s.replace(SUPER, ""));
        let mut ov = serde_json::Map::new();
        let mut head: String = HEAD_BLOCKS.iter().filter_map(|b| take(b)).collect();
        if let Some(a) = self
            .analytics
            .as_deref()
            .filter(|a| self.usable.contains(*a))
        {
            head.push_str(&self.render(a, &mctx, sink).unwrap_or_default());
        }
        ov.insert("extrahead".into(), json!(head));
        ov.insert(
            "announce".into(),
            json!(take("announce").unwrap_or_default()),
        );
        ov.insert(
            "outdated".into(),
            json!(take("outdated")
                .map(|o| format!(
                    "<div class=\"outdated\" data-md-component=\"outdated\" hidden>{o}</div>"
                ))
                .unwrap_or_default()),
        );
        let hero: String = ["tabs", "hero"].iter().filter_map(|b| take(b)).collect();
        ov.insert("hero".into(), json!(hero));
        let mut scripts = String::new();
        let mut footer = String::new();
        match blocks.get("footer") {
            Some(f) if f.contains(SUPER) => scripts.push_str(&f.replace(SUPER, "")),
            Some(f) => footer = f.clone(),
            None => {}
        }
        if footer.is_empty()
            && !blocks.contains_key("footer")
            && self.usable.contains("partials/footer.html")
        {
            footer = self
                .render("partials/footer.html", &mctx, sink)
                .unwrap_or_default();
        }
        scripts.push_str(&take("scripts").unwrap_or_default());
        ov.insert("scripts".into(), json!(scripts));
        ov.insert("footer".into(), json!(footer));
        let copyright = if self.usable.contains("partials/copyright.html") {
            self.render("partials/copyright.html", &mctx, sink)
                .unwrap_or_default()
        } else {
            String::new()
        };
        ov.insert("copyright".into(), json!(copyright));
        let comments = if is_entry && self.usable.contains("partials/comments.html") {
            self.render("partials/comments.html", &mctx, sink)
                .unwrap_or_default()
        } else {
            String::new()
        };
        ov.insert("comments".into(), json!(comments));
        let content_block = is_entry || (kind == "404" && used_chain);
        if let (true, Some(c)) = (content_block, blocks.get("content")) {
            page["content"] = json!(c.replace(SUPER, &content));
            ctx.insert("page", &page);
        }
        ctx.insert("overrides", &Value::Object(ov));
        replace
    }
}

/// Sorts the files read from custom_dir (`over`, path -> bytes): each file mkdocs publishes
/// goes to `statics` at its own path; templates go to blogen's (returned first, to compile
/// with tera) or Material's (returned second) by `detect::classify`. Left in `over` are only
/// the files under `static/`, blogen's own static-file overrides. `templates` are blogen's
/// templates so far (embedded, and `templates/` beside mkdocs.yml).
pub fn sort_custom_dir(
    over: &mut BTreeMap<String, Vec<u8>>,
    templates: &BTreeMap<String, Vec<u8>>,
    statics: &mut BTreeMap<String, Vec<u8>>,
    shown: &dyn Fn(&str) -> PathBuf,
) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Override>) {
    let mut html: BTreeMap<String, String> = BTreeMap::new();
    let mut unreadable = BTreeMap::new();
    for (rel, bytes) in std::mem::take(over) {
        if rel.ends_with(".html") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    html.insert(rel, text);
                }
                Err(_) => {
                    let f = Override {
                        text: String::new(),
                        readable: false,
                        shown: shown(&rel),
                        why: "it is a template of custom_dir".into(),
                    };
                    unreadable.insert(rel, f);
                }
            }
            continue;
        }
        if detect::published(&rel) {
            statics.insert(rel.clone(), bytes.clone());
        }
        if rel.starts_with("static/") {
            over.insert(rel, bytes);
        }
    }
    let names: BTreeSet<String> = templates.keys().cloned().collect();
    let base = templates
        .get("base.html")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let base_blocks: BTreeSet<String> = detect::blocks(&base).into_iter().collect();
    let kinds = detect::classify(&html, &names, &base_blocks);
    let mut blogen = BTreeMap::new();
    let mut material = unreadable;
    for (name, text) in html {
        match kinds.get(&name) {
            Some(detect::Kind::Blogen) => {
                blogen.insert(name, text.into_bytes());
            }
            Some(detect::Kind::Material(why)) => {
                let f = Override {
                    readable: true,
                    shown: shown(&name),
                    why: why.clone(),
                    text,
                };
                material.insert(name, f);
            }
            None => {}
        }
    }
    (blogen, material)
}
