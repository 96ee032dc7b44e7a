//! The theme: tera templates and static files embedded in the binary (the repo's `templates/`
//! and `static/`), each overridable file by file from `theme.custom_dir` or a `templates/`
//! folder beside mkdocs.yml. Reading override files happens once, in `Theme::load`, which also
//! refuses templates that would recurse without end (see `recursion`).

pub mod context;
pub mod icons;
pub mod lang;
pub mod material;
pub mod mermaid;
pub mod recursion;
pub mod settings;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Sink};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
static STATIC: Dir = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Where the theme's static files are published.
pub const STATIC_PREFIX: &str = "assets/blogen";

pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (relative to site_dir) -> bytes, for the theme's static files.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// A hash of every template's name and text: pages rendered with another digest may differ.
    pub digest: u64,
    /// Some macro may call itself: renders get a thread with a large stack.
    recursive: bool,
    /// The Material templates of `theme.custom_dir`, if any (`material`).
    pub material: Option<material::Material>,
}

/// The folders whose files override the embedded theme, in increasing priority.
pub fn override_dirs(config: &Config) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let beside = config.root.join("templates");
    if beside.is_dir() {
        dirs.push(beside);
    }
    if let Some(d) = &config.custom_dir {
        dirs.push(d.clone());
    }
    dirs
}

fn collect_embedded(dir: &'static Dir, out: &mut BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        out.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            f.contents().to_vec(),
        );
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Reads every file below `base`. Links are followed while their real path stays inside `base`
/// (`symlink-outside` otherwise); FIFOs and devices are skipped (`file-not-regular`) without
/// being opened, and files over 50 MB (`file-too-large`).
fn collect_dir(base: &Path, out: &mut BTreeMap<String, Vec<u8>>, sink: &Sink, config: &Config) {
    use crate::read::{leaves, not_regular_warning, read_regular, MAX_INPUT_BYTES};
    let shown = |p: &Path| crate::content::display_path(config, p);
    let real_base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let walker = walkdir::WalkDir::new(base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.path_is_symlink() {
                return true;
            }
            match leaves(e.path(), &real_base) {
                None => true,
                Some(target) => {
                    sink.push(
                        Diagnostic::warning(
                            "symlink-outside",
                            format!(
                                "symbolic link to {}, outside the theme folder; it is not followed",
                                target.display()
                            ),
                        )
                        .in_file(shown(e.path())),
                    );
                    false
                }
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                sink.push(
                    Diagnostic::warning("theme-file", format!("cannot read theme file: {e}"))
                        .in_file(e.path().map(shown).unwrap_or_default()),
                );
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            sink.push(not_regular_warning(file_type).in_file(shown(entry.path())));
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(base) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match read_regular(entry.path(), MAX_INPUT_BYTES) {
            Ok(bytes) => {
                out.insert(rel, bytes);
            }
            Err(e) => sink.push(
                Diagnostic::warning(e.code(), format!("theme file: {e}"))
                    .in_file(shown(entry.path())),
            ),
        }
    }
}

/// tera's default escaping also escapes `/`, which makes every URL unreadable in the HTML;
/// this escapes what HTML needs and leaves `/` alone (`'` as `&#x27;`, as tera writes it).
fn escape_html(s: &str) -> String {
    crate::markdown::html::escape_with(s, &[('"', "&quot;"), ('\'', "&#x27;")])
}

impl Theme {
    /// Loads the embedded theme and the user's overrides. A template that does not compile is
    /// an error diagnostic naming the file and line.
    pub fn load(config: &Config, sink: &Sink) -> Option<Theme> {
        let mut templates = BTreeMap::new();
        collect_embedded(&TEMPLATES, &mut templates);
        let mut statics_src = BTreeMap::new();
        collect_embedded(&STATIC, &mut statics_src);
        let mut origin: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut custom_statics = BTreeMap::new();
        let mut material_files = BTreeMap::new();
        for dir in override_dirs(config) {
            let mut over = BTreeMap::new();
            collect_dir(&dir, &mut over, sink, config);
            if Some(&dir) == config.custom_dir.as_ref() {
                let shown = |rel: &str| crate::content::display_path(config, &dir.join(rel));
                let (blogen, mat) =
                    material::sort_custom_dir(&mut over, &templates, &mut custom_statics, &shown);
                for name in blogen.keys() {
                    origin.insert(name.clone(), dir.join(name));
                }
                templates.extend(blogen);
                material_files.extend(mat);
            }
            for (rel, bytes) in over {
                if rel.ends_with(".html") || rel.ends_with(".xml") {
                    origin.insert(rel.clone(), dir.join(&rel));
                    templates.insert(rel, bytes);
                } else {
                    let rel = rel.strip_prefix("static/").unwrap_or(&rel).to_string();
                    statics_src.insert(rel, bytes);
                }
            }
        }
        let mut digest = xxhash_rust::xxh3::Xxh3::new();
        let material_texts = material_files.iter().map(|(n, f)| (n, f.text.as_bytes()));
        for (name, bytes) in templates
            .iter()
            .map(|(n, b)| (n, b.as_slice()))
            .chain(material_texts)
        {
            for part in [name.as_bytes(), bytes] {
                digest.update(&(part.len() as u64).to_le_bytes());
                digest.update(part);
            }
        }
        let material = material::Material::load(material_files, config, sink);
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(escape_html);
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut raw = Vec::new();
        let shown = |name: &str| {
            origin
                .get(name)
                .map(|p| crate::content::display_path(config, p))
                .unwrap_or_else(|| PathBuf::from(name))
        };
        let mut refused = false;
        for (name, bytes) in &templates {
            match String::from_utf8(bytes.clone()) {
                Ok(s) => {
                    // tera's parser recurses per level: too deep would overflow the stack.
                    if let Some((line, what)) = recursion::too_deep(&s) {
                        sink.push(
                            Diagnostic::error(
                                "template",
                                format!("the template has {what}; it is not read"),
                            )
                            .at(shown(name), line, 1),
                        );
                        refused = true;
                    }
                    raw.push((name.clone(), s))
                }
                Err(_) => sink.push(
                    Diagnostic::error("template-utf8", "the template is not valid UTF-8").in_file(
                        origin
                            .get(name)
                            .map(|p| crate::content::display_path(config, p))
                            .unwrap_or_else(|| PathBuf::from(name)),
                    ),
                ),
            }
        }
        if refused {
            return None;
        }
        if let Err(e) = tera.add_raw_templates(raw) {
            sink.push(template_error(config, &origin, &e));
            return None;
        }
        if let Some(cycle) = recursion::find_cycle(&tera.templates) {
            // Told from the user's file on the cycle, which is the one to change.
            let cycle = match cycle.path.iter().find(|n| origin.contains_key(*n)) {
                Some(n) => cycle.starting_at(n),
                None => cycle,
            };
            let file = origin
                .get(&cycle.path[0])
                .map(|p| crate::content::display_path(config, p))
                .unwrap_or_else(|| PathBuf::from(format!("templates/{}", cycle.path[0])));
            sink.push(
                Diagnostic::error("template", cycle.to_string())
                    .in_file(file)
                    .with_hint("remove the include or import that leads back to the template"),
            );
            return None;
        }
        let recursive = recursion::may_recurse(&tera.templates);
        recursion::instrument(&mut tera);
        // custom_dir's files at the paths mkdocs publishes them, then blogen's own.
        let mut statics = custom_statics;
        statics.extend(
            statics_src
                .into_iter()
                .map(|(rel, bytes)| (format!("{STATIC_PREFIX}/{rel}"), bytes)),
        );
        Some(Theme {
            tera,
            statics,
            digest: digest.digest(),
            recursive,
            material,
        })
    }

    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, tera::Error> {
        if !self.recursive {
            recursion::reset();
            return self.tera.render(template, ctx);
        }
        std::thread::scope(|s| {
            let worker = std::thread::Builder::new()
                .name("blogen-render".into())
                .stack_size(recursion::RENDER_STACK)
                .spawn_scoped(s, || {
                    recursion::reset();
                    self.tera.render(template, ctx)
                });
            match worker {
                Ok(w) => w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Err(e) => Err(tera::Error::msg(format!(
                    "cannot start a thread to render {template}: {e}"
                ))),
            }
        })
    }

    /// Adds what the Material templates of custom_dir give the page to `ctx` (`overrides`);
    /// returns the template to render (another one for a `template:` naming a Material file).
    pub fn prepare(&self, template: String, ctx: &mut tera::Context, sink: &Sink) -> String {
        match &self.material {
            Some(m) => m.apply(&template, ctx, sink).unwrap_or(template),
            None => template,
        }
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
    }
}

/// A tera error as a diagnostic: the template file and, when tera gives one, the line.
pub fn template_error(
    config: &Config,
    origin: &BTreeMap<String, PathBuf>,
    e: &tera::Error,
) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    let name = msg.split('\'').nth(1).unwrap_or("").to_string();
    let file = origin
        .get(&name)
        .map(|p| crate::content::display_path(config, p))
        .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    let line = msg
        .split("-->")
        .nth(1)
        .and_then(|s| s.trim().split(':').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(1);
    Diagnostic::error("template", msg.replace('\n', " ")).at(file, line, 1)
}
