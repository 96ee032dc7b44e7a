//! Material's templates through minijinja: the environment (the user's files, stand-ins for
//! Material's base.html, main.html, language strings and partials), the context shaped like
//! Material's, and the blocks of one render split apart.

use minijinja::value::Value as MValue;
use minijinja::{Environment, State, UndefinedBehavior};
use serde_json::Value;
use std::collections::BTreeMap;

/// Separates the blocks in the stand-in base.html's output: `\u{1e}NAME\u{1f}BODY`.
const BLOCK: char = '\u{1e}';
const NAME_END: char = '\u{1f}';
/// What `{{ super() }}` gives inside a block of the stand-in base.html: replaced afterwards by
/// blogen's own HTML for the block (the page's content for `content`, nothing elsewhere).
pub const SUPER: &str = "\u{1a}blogen-super\u{1a}";

/// The blocks of Material's base.html.
pub const BLOCKS: &[&str] = &[
    "htmltitle",
    "site_meta",
    "libs",
    "styles",
    "fonts",
    "extrahead",
    "analytics",
    "announce",
    "outdated",
    "config",
    "header",
    "hero",
    "tabs",
    "site_nav",
    "container",
    "content",
    "footer",
    "scripts",
];

/// Blocks whose output blogen has no place for: its theme draws these parts itself.
pub const NOT_HONOURED: &[&str] = &[
    "htmltitle",
    "site_meta",
    "config",
    "header",
    "site_nav",
    "container",
];

/// Material's partials, each a stand-in that renders nothing unless the user has it, so an
/// override that includes one still renders. (`partials/content.html` gives the page's
/// content, `partials/copyright.html` the copyright line.)
const PARTIALS: &[&str] = &[
    "actions",
    "alternate",
    "comments",
    "consent",
    "feedback",
    "footer",
    "header",
    "icons",
    "integrations/analytics",
    "javascripts/announce",
    "javascripts/base",
    "javascripts/consent",
    "javascripts/content",
    "javascripts/outdated",
    "javascripts/palette",
    "logo",
    "nav",
    "nav-item",
    "pagination",
    "palette",
    "path",
    "path-item",
    "post",
    "progress",
    "search",
    "social",
    "source",
    "source-file",
    "tabs",
    "tabs-item",
    "tags",
    "toc",
    "toc-item",
    "top",
];

/// English strings for `lang.t(key)`, written for blogen; an unknown key gives the key.
const ENGLISH: &[(&str, &str)] = &[
    ("language", "en"),
    ("direction", "ltr"),
    ("action.edit", "Edit this page"),
    ("action.skip", "Skip to content"),
    ("action.view", "View the source of this page"),
    ("announce.dismiss", "Do not show this again"),
    ("blog.archive", "Archive"),
    ("blog.authors", "Authors"),
    ("blog.categories", "Categories"),
    ("blog.categories.in", "in"),
    ("blog.continue", "Continue reading"),
    ("blog.draft", "Draft"),
    ("blog.index", "Back to all posts"),
    ("blog.meta", "Metadata"),
    ("blog.references", "Related links"),
    ("clipboard.copy", "Copy"),
    ("clipboard.copied", "Copied"),
    ("consent.accept", "Accept"),
    ("consent.manage", "Manage settings"),
    ("consent.reject", "Reject"),
    ("footer", "Footer"),
    ("footer.next", "Next"),
    ("footer.previous", "Previous"),
    ("header", "Header"),
    ("meta.comments", "Comments"),
    ("meta.source", "Source"),
    ("nav", "Navigation"),
    ("readtime.one", "1 min read"),
    ("readtime.other", "# min read"),
    ("rss.created", "RSS feed"),
    ("rss.updated", "RSS feed of updated posts"),
    ("search", "Search"),
    ("search.placeholder", "Search"),
    ("search.reset", "Clear"),
    ("search.share", "Share"),
    ("select.language", "Language"),
    ("select.version", "Version"),
    ("source", "Repository"),
    ("source.file.contributors", "Contributors"),
    ("source.file.date.created", "Created"),
    ("source.file.date.updated", "Last updated"),
    ("tabs", "Tabs"),
    ("toc", "Contents"),
    ("top", "Back to top"),
];

/// Instructions (about 64 bytes each) one render may spend: ample for any real override, and
/// a bound on a template that loops without end.
const FUEL: u64 = 2_000_000;
/// minijinja's own recursion limit (includes and macros count ten or more).
const RECURSION: usize = 200;

/// The stand-in for Material's base.html: every block in a row, each marked, each giving
/// `SUPER` when not filled.
fn stand_in_base() -> String {
    let mut s = String::new();
    for b in BLOCKS {
        s.push(BLOCK);
        s.push_str(b);
        s.push(NAME_END);
        s.push_str(&format!("{{% block {b} %}}{SUPER}{{% endblock %}}"));
    }
    s
}

fn lang_t(key: String) -> String {
    ENGLISH
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
        .unwrap_or(key)
}

/// mkdocs' `url` filter: a URL relative to the site made relative to the page being rendered;
/// absolute URLs, `/…` and `#…` are left alone.
fn url_filter(state: &State, value: String) -> String {
    if value.contains("://") || value.starts_with('/') || value.starts_with('#') {
        return value;
    }
    let page = state.lookup("page");
    let field = |name: &str| {
        page.as_ref()
            .and_then(|p| p.get_attr(name).ok())
            .and_then(|u| u.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    if field("kind") == "404" {
        // Served at any URL: links from the site's root path (`base_url`), as mkdocs writes them.
        let base = state
            .lookup("base_url")
            .and_then(|b| b.as_str().map(str::to_string))
            .unwrap_or_default();
        return format!(
            "{}/{}",
            base.trim_end_matches('/'),
            value.trim_start_matches("./")
        );
    }
    let page = field("url");
    let rel = crate::url::relative_url(&page, value.trim_start_matches("./"));
    if rel.is_empty() {
        ".".into()
    } else {
        rel
    }
}

/// mkdocs' `script_tag` filter, for an `extra_javascript` entry given as a path.
fn script_tag(state: &State, value: String) -> MValue {
    let src = url_filter(state, value);
    MValue::from_safe_string(format!(
        "<script src=\"{}\"></script>",
        crate::markdown::html::escape_text(&src)
    ))
}

/// The environment: `files` (name -> text) are the user's Material templates that compile
/// (checked by the caller through `compile_error`); stand-ins fill in the rest.
pub fn environment(files: &BTreeMap<String, String>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION);
    // mkdocs' Jinja environment does not escape what it prints; Material's templates expect so.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_filter("url", url_filter);
    env.add_filter("script_tag", script_tag);
    env.add_function("lang_t", lang_t);
    let mut lang = BTreeMap::new();
    lang.insert("t".to_string(), MValue::from_function(lang_t));
    env.add_global("lang", MValue::from(lang));
    let mut stand_ins: BTreeMap<String, String> = BTreeMap::new();
    stand_ins.insert("base.html".into(), stand_in_base());
    stand_ins.insert("main.html".into(), "{% extends \"base.html\" %}".into());
    stand_ins.insert(
        "partials/language.html".into(),
        "{% macro t(key) %}{{ lang_t(key) }}{% endmacro %}".into(),
    );
    stand_ins.insert("partials/content.html".into(), SUPER.into());
    for p in PARTIALS {
        stand_ins.insert(format!("partials/{p}.html"), String::new());
    }
    stand_ins.insert(
        "partials/copyright.html".into(),
        "{% if config.copyright %}<div class=\"md-copyright__highlight\">{{ config.copyright | safe }}</div>{% endif %}".into(),
    );
    // The user's base.html (a copy of Material's page frame) is not used: blogen draws its own.
    for (name, text) in files.iter().filter(|(n, _)| n.as_str() != "base.html") {
        stand_ins.insert(name.clone(), text.clone());
    }
    for (name, text) in stand_ins {
        // Each was compiled once by the caller, or is a stand-in, so this cannot fail.
        let _ = env.add_template_owned(name, text);
    }
    // Material's icons (`.icons/…svg`) are not part of blogen: they render as nothing.
    env.set_loader(|name| {
        Ok(if name.starts_with(".icons/") {
            Some(String::new())
        } else {
            None
        })
    });
    env
}

/// Why minijinja cannot compile `text`, if it cannot.
pub fn compile_error(name: &str, text: &str) -> Option<String> {
    let env = Environment::new();
    match env.template_from_named_str(name, text) {
        Ok(_) => None,
        Err(e) => Some(error_text(&e)),
    }
}

/// A minijinja error in one line, with the line it names.
pub fn error_text(e: &minijinja::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg.replace('\n', " ")
}

/// A JSON value as a template value.
pub fn to_value(v: &Value) -> MValue {
    match v {
        Value::Null => MValue::from(()),
        Value::Bool(b) => MValue::from(*b),
        Value::Number(n) => n
            .as_i64()
            .map(MValue::from)
            .or_else(|| n.as_f64().map(MValue::from))
            .unwrap_or_default(),
        Value::String(s) => MValue::from(s.as_str()),
        Value::Array(a) => MValue::from(a.iter().map(to_value).collect::<Vec<_>>()),
        Value::Object(m) => MValue::from(
            m.iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect::<BTreeMap<String, MValue>>(),
        ),
    }
}

/// One render's blocks: name -> output, only the blocks the templates filled (output other
/// than the bare `SUPER`).
pub fn split_blocks(out: &str) -> BTreeMap<String, String> {
    let mut blocks = BTreeMap::new();
    for part in out.split(BLOCK).skip(1) {
        let Some((name, body)) = part.split_once(NAME_END) else {
            continue;
        };
        if body != SUPER {
            blocks.insert(name.to_string(), body.to_string());
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(files: &[(&str, &str)], entry: &str) -> Result<String, minijinja::Error> {
        let files: BTreeMap<String, String> = files
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let env = environment(&files);
        let ctx = minijinja::context! { page => minijinja::context!{ url => "blog/x/" } };
        env.get_template(entry)?.render(ctx)
    }

    #[test]
    fn blocks_split_with_super() {
        let out = render(
            &[(
                "main.html",
                "{% extends \"base.html\" %}{% block scripts %}{{ super() }}<script>x</script>{% endblock %}{% block announce %}{{ lang.t('meta.comments') }}{% endblock %}",
            )],
            "main.html",
        )
        .unwrap();
        let b = split_blocks(&out);
        assert_eq!(b["scripts"], format!("{SUPER}<script>x</script>"));
        assert_eq!(b["announce"], "Comments");
        assert!(!b.contains_key("content"));
    }

    #[test]
    fn imports_and_macros() {
        let out = render(
            &[(
                "main.html",
                "{% extends \"base.html\" %}{% import \"partials/language.html\" as lang with context %}{% macro m(a, b='two') %}{{ a }}-{{ b }}{% endmacro %}{% block extrahead %}{{ m('one') }} {{ lang.t('toc') }} {{ 'assets/x.css' | url }} {{ nothing.at.all }}{% include '.icons/x.svg' %}{% endblock %}",
            )],
            "main.html",
        )
        .unwrap();
        assert_eq!(
            split_blocks(&out)["extrahead"],
            "one-two Contents ../../assets/x.css "
        );
    }

    #[test]
    fn endless_loops_run_out_of_fuel() {
        let r = render(
            &[(
                "main.html",
                "{% extends \"base.html\" %}{% block content %}{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}{% endblock %}",
            )],
            "main.html",
        );
        assert!(r.is_err());
        let r = render(
            &[(
                "main.html",
                "{% extends \"base.html\" %}{% macro f(n) %}{{ f(n) }}{% endmacro %}{% block content %}{{ f(1) }}{% endblock %}",
            )],
            "main.html",
        );
        assert!(r.is_err());
    }
}
