//! The theme settings of mkdocs.yml as templates see them (`theme`, `lang`, `page.edit_url`):
//! palettes, logo, favicon, fonts, words, social links, analytics, the repository link and the
//! features, with every URL made relative to the page being rendered.

use super::icons;
use crate::config::palette::Palette;
use crate::config::{Config, Font};
use crate::url::relative_url;
use serde_json::{json, Value};

/// Where named fonts are loaded from unless `extra.blogen.font_url` says otherwise.
pub const GOOGLE_FONTS_URL: &str = "https://fonts.googleapis.com/css";

/// The palettes offered when mkdocs.yml sets none: light and dark in indigo, the reader's
/// system preference picking one on a first visit.
fn default_palettes() -> Vec<Palette> {
    let p = |scheme: &str, media: &str, icon: &str, name: &str| Palette {
        scheme: scheme.into(),
        media: Some(media.into()),
        toggle: Some(crate::config::palette::Toggle {
            icon: Some(icon.into()),
            name: Some(name.into()),
        }),
        ..Palette::default()
    };
    vec![
        p(
            "default",
            "(prefers-color-scheme: light)",
            "material/brightness-7",
            "Switch to dark mode",
        ),
        p(
            "slate",
            "(prefers-color-scheme: dark)",
            "material/brightness-4",
            "Switch to light mode",
        ),
    ]
}

/// A docs path or URL of the config, as the page at `page_url` links it.
fn asset(page_url: &str, target: &str) -> String {
    if target.contains("://") || target.starts_with('/') || target.starts_with("data:") {
        target.to_string()
    } else {
        relative_url(page_url, target.trim_start_matches("./"))
    }
}

/// `repo_name` as mkdocs derives it from the host of `repo_url` when it is not set.
pub fn repo_name(c: &Config) -> Option<String> {
    if let Some(n) = &c.repo_name {
        return Some(n.clone());
    }
    let host = host_of(c.repo_url.as_deref()?);
    Some(match host.as_str() {
        "github.com" => "GitHub".into(),
        "gitlab.com" => "GitLab".into(),
        "bitbucket.org" => "Bitbucket".into(),
        h => {
            let first = h.split('.').next().unwrap_or(h);
            let mut cs = first.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        }
    })
}

fn host_of(url: &str) -> String {
    url.split_once("://")
        .map(|(_, r)| r)
        .unwrap_or("")
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// `edit_uri` as mkdocs sets it: as written (with a trailing `/`), else `edit/master/docs/`
/// for github.com and gitlab.com and `src/default/docs/` for bitbucket.org.
pub fn edit_uri(c: &Config) -> Option<String> {
    let uri = match &c.edit_uri {
        Some(u) => u.clone(),
        None => match host_of(c.repo_url.as_deref()?).as_str() {
            "github.com" | "gitlab.com" => "edit/master/docs/".into(),
            "bitbucket.org" => "src/default/docs/".into(),
            _ => return None,
        },
    };
    if uri.is_empty() {
        return None;
    }
    Some(if uri.ends_with('/') {
        uri
    } else {
        format!("{uri}/")
    })
}

/// The edit URL of the docs file `src` (relative to docs_dir), as mkdocs joins `repo_url` and
/// `edit_uri` (a URL join: an absolute `edit_uri` stands alone, one starting with `/` keeps
/// only the repository's host).
pub fn edit_url(c: &Config, src: &str) -> Option<String> {
    let file_uri = format!("{}{}", edit_uri(c)?, src);
    if file_uri.contains("://") {
        return Some(file_uri);
    }
    let repo = c.repo_url.as_deref()?;
    if file_uri.starts_with('/') {
        let (scheme, rest) = repo.split_once("://")?;
        let host = rest.split('/').next().unwrap_or(rest);
        return Some(format!("{scheme}://{host}{file_uri}"));
    }
    if file_uri.starts_with(['?', '#']) {
        return Some(format!("{repo}{file_uri}"));
    }
    let repo = if repo.ends_with('/') {
        repo.to_string()
    } else {
        format!("{repo}/")
    };
    Some(format!("{repo}{file_uri}"))
}

/// The "view source" URL mkdocs-material makes of an edit URL: `blob` (else `edit`) becomes
/// `raw`.
pub fn view_url(edit: &str) -> String {
    let part = if edit.contains("/blob/") {
        "blob"
    } else {
        "edit"
    };
    edit.replace(part, "raw")
}

/// The Google Fonts (or `extra.blogen.font_url`) stylesheet for the named fonts; None when
/// no font is named.
fn font_value(c: &Config) -> Value {
    let Font::Named { text, code } = &c.theme.font else {
        return Value::Null;
    };
    if text.is_none() && code.is_none() {
        return Value::Null;
    }
    let own = c
        .extra
        .get("blogen")
        .and_then(|b| b.get("font_url"))
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    let url = match own {
        Some(u) => u.to_string(),
        None => {
            let family = |f: &str, w: &str| format!("{}:{w}", f.replace(' ', "+"));
            let families: Vec<String> = [
                text.as_deref()
                    .map(|t| family(t, "300,300i,400,400i,700,700i")),
                code.as_deref().map(|t| family(t, "400,400i,700,700i")),
            ]
            .into_iter()
            .flatten()
            .collect();
            format!(
                "{GOOGLE_FONTS_URL}?family={}&display=fallback",
                families.join("%7C")
            )
        }
    };
    json!({"text": text, "code": code, "url": url})
}

fn palette_value(p: &Palette) -> Value {
    let toggle = p.toggle.as_ref().map(|t| {
        let svg = t.icon.as_deref().and_then(icons::named).or_else(|| {
            icons::named(if p.dark() {
                "material/brightness-4"
            } else {
                "material/brightness-7"
            })
        });
        json!({"name": t.name, "svg": svg})
    });
    json!({
        "scheme": p.scheme,
        "primary": p.primary,
        "accent": p.accent,
        "media": p.media,
        "dark": p.dark(),
        "toggle": toggle,
    })
}

/// `extra.social` as links with their icons; entries without a `link` are skipped.
fn social(c: &Config) -> Vec<Value> {
    let Some(items) = c.extra.get("social").and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|s| {
            let link = s.get("link").and_then(Value::as_str)?;
            let icon = s.get("icon").and_then(Value::as_str).unwrap_or("");
            let svg = icons::named(icon).or_else(|| icons::named("material/link"));
            let name = s
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| host_of(link));
            Some(json!({"link": link, "name": name, "svg": svg}))
        })
        .collect()
}

/// `extra.analytics`: Google Analytics with a `property`, or Plausible with a `domain`;
/// anything else (or an incomplete one) is none, so no script is loaded.
fn analytics(c: &Config) -> Value {
    let Some(a) = c.extra.get("analytics") else {
        return Value::Null;
    };
    let get = |k: &str| a.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    match get("provider") {
        Some("google") => match get("property") {
            Some(p) => json!({"provider": "google", "property": p}),
            None => Value::Null,
        },
        Some("plausible") => match get("domain") {
            Some(d) => json!({
                "provider": "plausible",
                "domain": d,
                "src": get("src").unwrap_or("https://plausible.io/js/script.js"),
            }),
            None => Value::Null,
        },
        _ => Value::Null,
    }
}

/// The `theme` value of every page at `page_url`.
pub fn theme_value(c: &Config, page_url: &str, static_url: &str) -> Value {
    let t = &c.theme;
    let palettes = if t.palette.is_empty() {
        default_palettes()
    } else {
        t.palette.clone()
    };
    let palette: Vec<Value> = palettes.iter().map(palette_value).collect();
    let logo = match (&t.logo, &t.icon_logo) {
        (Some(l), _) => json!({"url": asset(page_url, l)}),
        (None, Some(i)) => {
            json!({"svg": icons::named(i).or_else(|| icons::named("material/library"))})
        }
        (None, None) => json!({"svg": icons::named("material/library")}),
    };
    let favicon = match &t.favicon {
        Some(f) => asset(page_url, f),
        None => format!("{static_url}favicon.svg"),
    };
    let favicon_type = match favicon.rsplit('.').next().map(str::to_ascii_lowercase) {
        Some(e) if e == "svg" => "image/svg+xml",
        Some(e) if e == "png" => "image/png",
        Some(e) if e == "ico" => "image/x-icon",
        _ => "",
    };
    let repo = c.repo_url.as_ref().map(|u| {
        let icon = t
            .icon_repo
            .clone()
            .unwrap_or_else(|| icons::for_repo(u).into());
        json!({
            "url": u,
            "name": repo_name(c),
            "svg": icons::named(&icon).or_else(|| icons::named("fontawesome/brands/git-alt")),
        })
    });
    json!({
        "palette": palette,
        "palette_json": serde_json::to_string(&palettes.iter().map(|p| json!({
            "scheme": p.scheme, "primary": p.primary, "accent": p.accent, "media": p.media,
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "toggle": palettes.len() > 1,
        "first": palette.first(),
        "logo": logo,
        "favicon": favicon,
        "favicon_type": favicon_type,
        "font": font_value(c),
        "language": t.language,
        "features": t.features,
        "features_attr": t.features.join(" "),
        "social": social(c),
        "analytics": analytics(c),
        "repo": repo,
        "icons": {
            "edit": icons::named("material/file-edit-outline"),
            "view": icons::named("material/file-eye-outline"),
            "top": icons::named("material/arrow-up"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(repo: &str, edit: Option<&str>) -> Config {
        let mut c = Config::defaults(std::path::Path::new("/r"));
        c.repo_url = Some(repo.into());
        c.edit_uri = edit.map(str::to_string);
        c
    }

    #[test]
    fn edit_urls_as_mkdocs_joins_them() {
        let c = cfg("https://github.com/o/r", None);
        assert_eq!(
            edit_url(&c, "blog/posts/a.md").as_deref(),
            Some("https://github.com/o/r/edit/master/docs/blog/posts/a.md")
        );
        assert_eq!(repo_name(&c).as_deref(), Some("GitHub"));
        let c = cfg("https://git.example.org/o/r/", Some("src/main/docs"));
        assert_eq!(
            edit_url(&c, "a.md").as_deref(),
            Some("https://git.example.org/o/r/src/main/docs/a.md")
        );
        assert_eq!(repo_name(&c).as_deref(), Some("Git"));
        assert_eq!(
            edit_url(&cfg("https://git.example.org/o", None), "a.md"),
            None
        );
        let c = cfg("https://github.com/o/r", Some("/o/r/blob/main/docs/"));
        let e = edit_url(&c, "a.md").unwrap();
        assert_eq!(e, "https://github.com/o/r/blob/main/docs/a.md");
        assert_eq!(view_url(&e), "https://github.com/o/r/raw/main/docs/a.md");
    }
}
