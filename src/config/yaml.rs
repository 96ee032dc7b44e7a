//! YAML values as mkdocs reads them: PyYAML's custom tags (`!ENV`, `!!python/name:...`)
//! resolved to plain values, conversion to JSON for templates, and the `name` /
//! `{name: options}` lists that plugins and extensions are written as.

use super::spans::Seg;
use serde_yaml::Value;

/// The config text with `!!python/…` tags written as local tags (`!python/…`): the YAML
/// parser expands `!!` to `tag:yaml.org,2002:`, which serde_yaml then drops with the tag, so
/// the function a `!!python/name:` names would be lost. Lines and their count are unchanged.
pub fn local_python_tags(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains("!!python/") {
        text.replace("!!python/", "!python/").into()
    } else {
        text.into()
    }
}

/// `!!python/name:...` and other tags are kept as their plain value; `!ENV` reads the environment.
pub fn resolve_tags(v: Value) -> Value {
    match v {
        Value::Tagged(t) => {
            let tag = t.tag.to_string();
            if tag == "!ENV" {
                let (names, default) = match &t.value {
                    Value::String(s) => (vec![s.clone()], Value::Null),
                    Value::Sequence(seq) => {
                        let mut names: Vec<String> = seq
                            .iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect();
                        let default = if seq.len() > 1 {
                            names.pop().map(Value::String).unwrap_or(Value::Null)
                        } else {
                            Value::Null
                        };
                        (names, default)
                    }
                    _ => (vec![], Value::Null),
                };
                names
                    .iter()
                    .find_map(|n| std::env::var(n).ok())
                    .map(Value::String)
                    .unwrap_or(default)
            } else {
                let inner = resolve_tags(t.value);
                // `!!python/…` reads as `!tag:yaml.org,2002:python/…`.
                let bare = tag.trim_start_matches('!');
                let bare = bare.strip_prefix("tag:yaml.org,2002:").unwrap_or(bare);
                let apply = bare.strip_prefix("python/object/apply:");
                match inner {
                    Value::Null | Value::String(_) if bare.starts_with("python/name:") => {
                        Value::String(tag.rsplit(':').next().unwrap_or("").to_string())
                    }
                    // A call (`{kwds: …}`, or a list of arguments): its arguments, and the
                    // callable's name under `toc::APPLY_KEY`.
                    Value::Mapping(mut m) if apply.is_some() => {
                        m.insert(super::toc::APPLY_KEY.into(), apply.unwrap_or("").into());
                        Value::Mapping(m)
                    }
                    v @ (Value::Sequence(_) | Value::Null) if apply.is_some() => {
                        let mut m = serde_yaml::Mapping::new();
                        m.insert(super::toc::APPLY_KEY.into(), apply.unwrap_or("").into());
                        if !v.is_null() {
                            m.insert("args".into(), v);
                        }
                        Value::Mapping(m)
                    }
                    other => other,
                }
            }
        }
        Value::Mapping(m) => {
            Value::Mapping(m.into_iter().map(|(k, v)| (k, resolve_tags(v))).collect())
        }
        Value::Sequence(s) => Value::Sequence(s.into_iter().map(resolve_tags).collect()),
        other => other,
    }
}

pub fn yaml_to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                serde_json::Value::from(i)
            } else if let Some(u) = n.as_u64() {
                serde_json::Value::from(u)
            } else {
                n.as_f64()
                    .map(serde_json::Value::from)
                    .unwrap_or(serde_json::Value::Null)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(s) => serde_json::Value::Array(s.iter().map(yaml_to_json).collect()),
        Value::Mapping(m) => serde_json::Value::Object(
            m.iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Value::Tagged(t) => yaml_to_json(&t.value),
    }
}

pub fn yaml_key(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => serde_yaml::to_string(k)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// A list of paths, as `extra_css` is written: strings, or `{path: ...}` entries; one string
/// is a list of one. Anything else is skipped.
pub fn string_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Sequence(s)) => s
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Mapping(m) => m.get("path").and_then(|p| p.as_str()).map(String::from),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    }
}

/// One entry of a `plugins` or `markdown_extensions` list.
pub struct Named<'a> {
    pub name: String,
    /// Its options (Null when it has none).
    pub options: Value,
    /// Where the entry is, under the list's own key.
    pub at: Seg<'a>,
}

/// Entries of a list (or map) of `name` / `{name: options}` items, as plugins and extensions
/// are written.
pub fn named_entries(v: &Value) -> Vec<Named<'_>> {
    match v {
        Value::Sequence(seq) => seq
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Value::String(s) => Some(Named {
                    name: s.clone(),
                    options: Value::Null,
                    at: Seg::Item(i),
                }),
                Value::Mapping(m) if m.len() == 1 => {
                    let (k, v) = m.iter().next()?;
                    Some(Named {
                        name: k.as_str()?.to_string(),
                        options: v.clone(),
                        at: Seg::Item(i),
                    })
                }
                _ => None,
            })
            .collect(),
        Value::Mapping(m) => m
            .iter()
            .filter_map(|(k, v)| {
                let name = k.as_str()?;
                Some(Named {
                    name: name.to_string(),
                    options: v.clone(),
                    at: Seg::Key(name),
                })
            })
            .collect(),
        _ => vec![],
    }
}

impl Named<'_> {
    /// The path of this entry's options under the list key `list`.
    pub fn options_path<'s>(&'s self, list: &'s str) -> Vec<Seg<'s>> {
        match self.at {
            Seg::Item(i) => vec![Seg::Key(list), Seg::Item(i), Seg::Key(&self.name)],
            Seg::Key(k) => vec![Seg::Key(list), Seg::Key(k)],
        }
    }
}
