//! The toc extension's options that shape heading ids and the page toc (`slugify`,
//! `separator`, `toc_depth`, permalink text, class and title), and the slug functions a config
//! may name as `!!python/name:…` or `!!python/object/apply:pymdownx.slugs.slugify {kwds: …}`.

use serde::{Deserialize, Serialize};
use serde_yaml::Value;

/// Key under which `resolve_tags` keeps the callable of a `!!python/object/apply:NAME` tag.
pub const APPLY_KEY: &str = "!!python/object/apply";

/// Case handling of pymdownx.slugs' slugify (`case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Case {
    /// `none`: kept as written.
    Keep,
    /// `lower`.
    Lower,
    /// `lower-ascii`: only A-Z lowered (GitHub's way).
    LowerAscii,
    /// `fold`: Unicode case folding.
    Fold,
}

/// Unicode normalisation form (`normalize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

/// A slug function as mkdocs.yml names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Slugify {
    /// Python-Markdown's `toc.slugify` (ASCII only) or, with `unicode`, `toc.slugify_unicode`.
    Toc { unicode: bool },
    /// pymdownx.slugs' slugify (and the older uslugify / gfm names it replaced).
    Pymdownx {
        case: Case,
        percent_encode: bool,
        form: Form,
    },
}

impl Default for Slugify {
    fn default() -> Self {
        Slugify::Toc { unicode: false }
    }
}

impl Slugify {
    /// `pymdownx.slugs.slugify(case="lower")`: mkdocs-material's blog default for post and
    /// category slugs.
    pub const PY_LOWER: Slugify = Slugify::Pymdownx {
        case: Case::Lower,
        percent_encode: false,
        form: Form::Nfc,
    };

    /// The slug function a config value names: a `!!python/name:` string (kept as the name
    /// by `resolve_tags`) or a `!!python/object/apply:` mapping. Err carries the name when it
    /// is a function blogen does not know.
    pub fn from_value(v: &Value) -> Result<Slugify, String> {
        match v {
            Value::String(name) => by_name(name).ok_or_else(|| name.clone()),
            Value::Mapping(m) => {
                let name = m.get(APPLY_KEY).and_then(Value::as_str).unwrap_or("");
                if !matches!(
                    name,
                    "pymdownx.slugs.slugify" | "pymdownx.slugs.uslugify_factory"
                ) {
                    return Err(name.to_string());
                }
                let kwds = m.get("kwds");
                let get = |k: &str| kwds.and_then(|w| w.get(k));
                let case = match get("case").and_then(Value::as_str) {
                    None | Some("none") => Case::Keep,
                    Some("lower") => Case::Lower,
                    Some("lower-ascii") => Case::LowerAscii,
                    Some("fold") => Case::Fold,
                    Some(other) => return Err(format!("{name}(case={other:?})")),
                };
                let percent_encode = get("percent_encode")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let form = match get("normalize").and_then(Value::as_str) {
                    None | Some("NFC") => Form::Nfc,
                    Some("NFD") => Form::Nfd,
                    Some("NFKC") => Form::Nfkc,
                    Some("NFKD") => Form::Nfkd,
                    Some(other) => return Err(format!("{name}(normalize={other:?})")),
                };
                Ok(Slugify::Pymdownx {
                    case,
                    percent_encode,
                    form,
                })
            }
            _ => Err(String::new()),
        }
    }
}

/// The functions known by their dotted name. The `uslugify*` and `gfm*` names are those of
/// pymdown-extensions before 10 (they are `slugify` with fixed options).
fn by_name(name: &str) -> Option<Slugify> {
    let py = |case, percent_encode| Slugify::Pymdownx {
        case,
        percent_encode,
        form: Form::Nfc,
    };
    Some(match name.trim_start_matches("markdown.extensions.") {
        "toc.slugify" => Slugify::Toc { unicode: false },
        "toc.slugify_unicode" => Slugify::Toc { unicode: true },
        "pymdownx.slugs.uslugify" => py(Case::Lower, false),
        "pymdownx.slugs.uslugify_encoded" => py(Case::Lower, true),
        "pymdownx.slugs.uslugify_cased" => py(Case::Keep, false),
        "pymdownx.slugs.uslugify_cased_encoded" => py(Case::Keep, true),
        "pymdownx.slugs.gfm" => py(Case::LowerAscii, false),
        "pymdownx.slugs.gfm_encoded" => py(Case::LowerAscii, true),
        _ => return None,
    })
}

/// toc's options that blogen reads.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TocOptions {
    pub slugify: Slugify,
    /// `separator`; default `-`.
    pub separator: String,
    /// `toc_depth` as (top, bottom): headings outside get an id and permalink but no toc
    /// entry, as with Python-Markdown. Default 1-6.
    pub depth: (u8, u8),
    /// `permalink_class`; default `headerlink`.
    pub permalink_class: String,
}

impl Default for TocOptions {
    fn default() -> Self {
        TocOptions {
            slugify: Slugify::default(),
            separator: "-".into(),
            depth: (1, 6),
            permalink_class: "headerlink".into(),
        }
    }
}

/// `toc_depth`: an integer N (1-N) or a string "T-B"; None when it is neither.
pub fn depth_of(v: &Value) -> Option<(u8, u8)> {
    let num = |s: &str| s.trim().parse::<i64>().ok();
    let (top, bottom) = match v {
        Value::Number(n) => (1, n.as_i64()?),
        Value::String(s) => match s.split_once('-') {
            Some((t, b)) => (num(t)?, num(b)?),
            None => (1, num(s)?),
        },
        _ => return None,
    };
    let clamp = |x: i64| x.clamp(0, 7) as u8;
    Some((clamp(top), clamp(bottom)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        let text = crate::config::yaml::local_python_tags(s);
        crate::config::yaml::resolve_tags(serde_yaml::from_str(&text).unwrap())
    }

    #[test]
    fn slug_functions_as_configs_write_them() {
        let v = yaml("!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}");
        assert_eq!(Slugify::from_value(&v), Ok(Slugify::PY_LOWER));
        let v = yaml("!!python/object/apply:pymdownx.slugs.slugify\n  kwds:\n    case: lower-ascii\n    percent_encode: true\n    normalize: NFD\n");
        assert_eq!(
            Slugify::from_value(&v),
            Ok(Slugify::Pymdownx {
                case: Case::LowerAscii,
                percent_encode: true,
                form: Form::Nfd
            })
        );
        let v = yaml("!!python/name:markdown.extensions.toc.slugify_unicode");
        assert_eq!(Slugify::from_value(&v), Ok(Slugify::Toc { unicode: true }));
        let v = yaml("!!python/name:pymdownx.slugs.uslugify");
        assert_eq!(Slugify::from_value(&v), Ok(Slugify::PY_LOWER));
        let v = yaml("!!python/name:my.module.slug");
        assert_eq!(Slugify::from_value(&v), Err("my.module.slug".into()));
    }

    #[test]
    fn toc_depth_forms() {
        assert_eq!(depth_of(&yaml("3")), Some((1, 3)));
        assert_eq!(depth_of(&yaml("\"2-4\"")), Some((2, 4)));
        assert_eq!(depth_of(&yaml("2-4")), Some((2, 4)));
        assert_eq!(depth_of(&yaml("x")), None);
    }
}
