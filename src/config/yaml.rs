//! YAML values as mkdocs reads them: PyYAML's custom tags (`!ENV`, `!!python/name:...`)
//! resolved to plain values, conversion to JSON for templates, and the `name` /
//! `{name: options}` lists that plugins and extensions are written as; `from_str` reads a
//! YAML text as PyYAML does where serde_yaml would refuse it (a repeated key: the last wins).

use super::spans::Seg;
use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// The YAML `text` as a value, a repeated key of a mapping (at any depth) keeping its first
/// place and its last value, as PyYAML (and so mkdocs) reads it; serde_yaml's own `Value`
/// refuses such a mapping. Where the repeated keys are is for `spans::Positions::repeated`.
pub fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<LastWins>(text).map(|v| v.0)
}

/// A YAML value read with last-wins mappings.
struct LastWins(Value);

impl<'de> Deserialize<'de> for LastWins {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LastWins, D::Error> {
        d.deserialize_any(LastWinsVisitor).map(LastWins)
    }
}

struct LastWinsVisitor;

impl<'de> de::Visitor<'de> for LastWinsVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        LastWins::deserialize(d).map(|v| v.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(LastWins(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut m = Mapping::new();
        while let Some((LastWins(k), LastWins(v))) = map.next_entry()? {
            // `insert` keeps an existing key's place and replaces its value, as a Python dict.
            m.insert(k, v);
        }
        Ok(Value::Mapping(m))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let LastWins(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::spans::{Pos, Positions};

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value_at_every_depth() {
        let text = "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 4\n";
        let v = from_str(text).unwrap();
        let keys: Vec<&str> = v
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(|k| k.as_str())
            .collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(v["a"], Value::from(4));
        assert_eq!(v["b"]["x"], Value::from(3));
        assert_eq!(v["b"]["y"], Value::from(2));
        // serde_yaml alone refuses the text.
        assert!(serde_yaml::from_str::<Value>(text).is_err());
        let p = Positions::of(text);
        let at: Vec<(&str, usize, usize)> = p
            .repeated()
            .iter()
            .map(|r| (r.key.as_str(), r.at.line, r.before.line))
            .collect();
        assert_eq!(at, [("x", 5, 3), ("a", 6, 1)]);
        assert_eq!(
            p.find(&[Seg::Key("b"), Seg::Key("x")]),
            Some(Pos { line: 5, col: 3 })
        );
        assert_eq!(p.find(&[Seg::Key("a")]), Some(Pos { line: 6, col: 1 }));
    }

    #[test]
    fn a_repeated_map_is_replaced_whole() {
        let text =
            "date:\n  created: 2024-01-01\n  updated: 2024-02-02\ndate:\n  created: 2025-01-01\n";
        let v = from_str(text).unwrap();
        assert_eq!(v["date"].as_mapping().unwrap().len(), 1);
        let p = Positions::of(text);
        assert_eq!(p.find(&[Seg::Key("date"), Seg::Key("updated")]), None);
        assert_eq!(p.line(&[Seg::Key("date"), Seg::Key("created")]), 5);
    }

    #[test]
    fn tags_and_scalars_read_as_serde_yaml_reads_them() {
        let text = "a: !ENV [NO_SUCH_VAR_FOR_BLOGEN, fallback]\nb: !!python/name:pkg.fn\nc: [1, 2.5, true, ~, 'x']\nd: {e: f}\n";
        let ours = from_str(text).unwrap();
        let theirs: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(resolve_tags(ours)["a"], Value::from("fallback"));
        assert!(from_str("a: [unclosed\n").is_err());
    }
}
