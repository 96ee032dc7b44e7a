//! Which `.html` files of `theme.custom_dir` are blogen's own tera templates and which were
//! written for mkdocs-material (Jinja), and which other files mkdocs publishes from the folder.
//! The rule is documented in the README ("Themes and templates").

use std::collections::{BTreeMap, BTreeSet};

/// What a template file of custom_dir is taken for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A tera template for blogen's theme.
    Blogen,
    /// A Jinja template for Material; the reason it was told apart.
    Material(String),
}

/// The `{{ … }}` and `{% … %}` tags of `text` (their inner text), in order; one linear pass.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let at = rest.find('{')?;
        let after = &rest[at..];
        let close = match after.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = &rest[at + 1..];
                continue;
            }
        };
        let end = after[2..].find(close).map(|i| i + 2).unwrap_or(after.len());
        let inner = &after[2..end];
        rest = &after[(end + 2).min(after.len())..];
        return Some(inner.trim_matches(['-', '+', '~']).trim());
    })
}

/// The first word of a statement tag (`block`, `extends`, …).
fn keyword(tag: &str) -> &str {
    tag.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
}

/// The first quoted string of a tag: the template an `extends`/`include`/`import` names.
fn quoted(tag: &str) -> Option<&str> {
    let start = tag.find(['"', '\''])?;
    let q = tag[start..].chars().next()?;
    let rest = &tag[start + 1..];
    rest.find(q).map(|end| &rest[..end])
}

/// The names of the blocks `text` defines, in order, each once.
pub fn blocks(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags(text) {
        if keyword(tag) == "block" {
            let name = tag["block".len()..].trim();
            let name = keyword(name);
            if !name.is_empty() && !out.iter().any(|b| b == name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The template `text` extends, if any.
pub fn extends(text: &str) -> Option<&str> {
    tags(text)
        .find(|t| keyword(t) == "extends")
        .and_then(quoted)
}

/// The templates `text` extends, includes or imports.
pub fn references(text: &str) -> Vec<&str> {
    tags(text)
        .filter(|t| matches!(keyword(t), "extends" | "include" | "import" | "from"))
        .filter_map(quoted)
        .collect()
}

/// Why `text` is a Material template, if it shows a sign of one: it extends `main.html`, or
/// extends `base.html` and fills a block blogen's base.html does not have, imports Material's
/// `partials/language.html`, calls `lang.t(…)`, reads `config.…` (blogen's context has no
/// `config`), uses `self.…` or `with context`.
pub fn material_sign(text: &str, blogen_blocks: &BTreeSet<String>) -> Option<String> {
    let parent = extends(text);
    if parent == Some("main.html") {
        return Some("it extends Material's main.html".into());
    }
    if parent == Some("base.html") {
        if let Some(b) = blocks(text)
            .into_iter()
            .find(|b| !blogen_blocks.contains(b))
        {
            return Some(format!(
                "it extends base.html and fills block `{b}`, which blogen's base.html does not have"
            ));
        }
    }
    for tag in tags(text) {
        let sign = if tag.contains("partials/language.html") {
            "it imports Material's partials/language.html"
        } else if tag.contains("lang.t(") {
            "it calls Material's `lang.t`"
        } else if tag.contains("with context") || tag.contains("without context") {
            "it uses Jinja's `with context`"
        } else if has_word(tag, "config.") {
            "it reads `config`, which only Material's templates are given"
        } else if has_word(tag, "self.") {
            "it calls a block through Jinja's `self`"
        } else {
            continue;
        };
        return Some(sign.into());
    }
    None
}

/// `word` occurs in `tag` not preceded by an identifier character (`page.config.x` is not
/// `config.`).
fn has_word(tag: &str, word: &str) -> bool {
    tag.match_indices(word).any(|(i, _)| {
        tag[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'))
    })
}

/// Whether tera reads `text` (without resolving the templates it names); None if so, else
/// why not (first line of tera's message).
fn tera_refuses(name: &str, text: &str) -> Option<String> {
    if let Some((line, what)) = crate::theme::recursion::too_deep(text) {
        return Some(format!("line {line} has {what}"));
    }
    match tera::Template::new(name, None, text) {
        Ok(_) => None,
        Err(e) => {
            let mut msg = e.to_string();
            if let Some(s) = std::error::Error::source(&e) {
                msg = s.to_string();
            }
            let first = msg
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|'))
                .unwrap_or("")
                .to_string();
            Some(first)
        }
    }
}

/// Sorts the template files of custom_dir. A file is blogen's (tera) when its path is one of
/// blogen's templates (`blogen_names`), or it is extended, included or imported by a file
/// that is blogen's, and it shows no Material sign and tera reads it. Every other file is
/// Material's. `files` holds UTF-8 text only.
pub fn classify(
    files: &BTreeMap<String, String>,
    blogen_names: &BTreeSet<String>,
    blogen_blocks: &BTreeSet<String>,
) -> BTreeMap<String, Kind> {
    let mut kinds: BTreeMap<String, Kind> = BTreeMap::new();
    let judge = |name: &str, text: &str| -> Kind {
        if let Some(why) = material_sign(text, blogen_blocks) {
            return Kind::Material(why);
        }
        match tera_refuses(name, text) {
            Some(why) => Kind::Material(format!("tera cannot read it ({why})")),
            None => Kind::Blogen,
        }
    };
    let mut queue: Vec<&str> = Vec::new();
    for (name, text) in files {
        if blogen_names.contains(name) {
            let kind = judge(name, text);
            if kind == Kind::Blogen {
                queue.push(name);
            }
            kinds.insert(name.clone(), kind);
        }
    }
    while let Some(name) = queue.pop() {
        for r in references(&files[name]) {
            if kinds.contains_key(r) {
                continue;
            }
            if let Some(text) = files.get(r) {
                let kind = judge(r, text);
                if kind == Kind::Blogen {
                    queue.push(files.get_key_value(r).map(|(k, _)| k.as_str()).unwrap_or(r));
                }
                kinds.insert(r.to_string(), kind);
            }
        }
    }
    for name in files.keys() {
        kinds.entry(name.clone()).or_insert_with(|| {
            Kind::Material("it is not one of blogen's templates nor used by one".into())
        });
    }
    kinds
}

/// Whether mkdocs publishes the custom_dir file at `rel` (path inside the folder, `/`
/// separated) as a static file: every file but templates (`*.html`), dot files, Python files,
/// anything named like a readme, `mkdocs_theme.yml`, `locales/`, Markdown files and
/// Material's static templates (`404.html`, `sitemap.xml`), as mkdocs' theme file filter
/// does (patterns matched on the lower-cased path).
pub fn published(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let hidden = lower.starts_with('.') || lower.contains("/.");
    let ext = |e: &str| lower.ends_with(e);
    !(hidden
        || ext(".py")
        || ext(".pyc")
        || ext(".html")
        || lower.contains("readme")
        || lower == "mkdocs_theme.yml"
        || lower.starts_with("locales/")
        || [".md", ".markdown", ".mdown", ".mkdn", ".mkd"]
            .iter()
            .any(|e| ext(e))
        || lower == "sitemap.xml"
        || lower == "sitemap.xml.gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn signs() {
        let b = set(&["head", "main"]);
        assert!(material_sign("{% extends \"main.html\" %}", &b).is_some());
        assert!(material_sign(
            "{% extends \"base.html\" %}{% block extrahead %}{% endblock %}",
            &b
        )
        .is_some());
        assert!(material_sign(
            "{% extends \"base.html\" %}{% block main %}x{% endblock %}",
            &b
        )
        .is_none());
        assert!(material_sign("{{ lang.t('toc') }}", &b).is_some());
        assert!(material_sign("{{ config.site_name }}", &b).is_some());
        assert!(material_sign("{{ page.config.date }}", &b).is_none());
        assert!(material_sign("config.site_name outside tags", &b).is_none());
    }

    #[test]
    fn classification() {
        let mut files = BTreeMap::new();
        files.insert(
            "base.html".to_string(),
            "{% include \"partials/x.html\" %}".to_string(),
        );
        files.insert(
            "partials/x.html".to_string(),
            "<p>{{ site.name }}</p>".to_string(),
        );
        files.insert(
            "main.html".to_string(),
            "{% extends \"base.html\" %}".to_string(),
        );
        files.insert(
            "page.html".to_string(),
            "{% import \"a.html\" as a with context %}".to_string(),
        );
        let kinds = classify(
            &files,
            &set(&["base.html", "page.html"]),
            &set(&["head", "main"]),
        );
        assert_eq!(kinds["base.html"], Kind::Blogen);
        assert_eq!(kinds["partials/x.html"], Kind::Blogen);
        assert!(matches!(kinds["main.html"], Kind::Material(_)));
        assert!(matches!(kinds["page.html"], Kind::Material(_)));
    }

    #[test]
    fn publishing() {
        assert!(published("assets/x.css"));
        assert!(published("static/blogen.css"));
        assert!(!published("main.html"));
        assert!(!published(".hidden/x.css"));
        assert!(!published("assets/.x.css"));
        assert!(!published("README.md"));
        assert!(!published("hooks/x.py"));
    }
}
