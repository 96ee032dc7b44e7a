//! The search index, made incrementally. `publish::search::index` stays the one place that knows
//! the format: it is asked once for the frame around the entries (with no page) and once per
//! version of each page for that page's entry (with a one-page plan); the file is the frame
//! with the kept entries joined in, byte for byte what the whole index would be. When the
//! format is not a JSON object with a `docs` list, the whole index is made every time.

use crate::plan::Plan;
use crate::publish;
use crate::theme::context::SiteData;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

const HOLE: &str = "\u{1}blogen-search-docs\u{1}";

/// The file name and the text before and after the list of entries.
type Frame = (String, String, String);

#[derive(Default)]
pub struct SearchCache {
    /// Made once per config (a new mkdocs.yml starts a new cache); None inside when the
    /// format cannot be split.
    frame: Mutex<Option<Option<Frame>>>,
    /// docs-relative source -> (key of the page version, its entry; empty when not indexed).
    entries: Mutex<HashMap<String, (u64, Arc<str>)>>,
}

fn frame(data: &SiteData) -> Option<Frame> {
    let (path, bytes) = publish::search::index(data.config, data.content, &Plan::default(), &[]);
    let original = String::from_utf8(bytes).ok()?;
    let mut v: Value = serde_json::from_str(&original).ok()?;
    let docs = v.get_mut("docs")?;
    if !docs.as_array()?.is_empty() {
        return None;
    }
    *docs = Value::String(HOLE.into());
    let text = serde_json::to_string(&v).ok()?;
    let hole = serde_json::to_string(HOLE).ok()?;
    let (before, after) = text.split_once(&hole)?;
    (format!("{before}[]{after}") == original)
        .then(|| (path, before.to_string(), after.to_string()))
}

/// The entry of page `i` alone, as `publish::search::index` writes it ("" when it has none).
fn entry(data: &SiteData, i: usize) -> Option<Arc<str>> {
    let plan = Plan {
        entries: vec![data.plan.entries[i].clone()],
        ..Default::default()
    };
    let pages = [data.pages[i].clone()];
    let (_, bytes) = publish::search::index(data.config, data.content, &plan, &pages);
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    match v.get("docs")?.as_array()?.as_slice() {
        [] => Some("".into()),
        [one] => Some(serde_json::to_string(one).ok()?.into()),
        _ => None,
    }
}

impl SearchCache {
    pub fn index(&self, data: &SiteData) -> (String, Vec<u8>) {
        let whole = || publish::search::index(data.config, data.content, data.plan, data.pages);
        let frame = self
            .frame
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(|| frame(data))
            .clone();
        let Some((path, before, after)) = frame else {
            return whole();
        };
        let keys: Vec<(usize, &str, u64)> = data
            .plan
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| data.pages[*i].is_some())
            .map(|(i, e)| {
                let rel = data.content.docs[e.doc].rel.as_str();
                let mut h = DefaultHasher::new();
                data.pages[i].as_ref().map(|p| p.digest).hash(&mut h);
                xxhash_rust::xxh3::xxh3_64(data.content.docs[e.doc].text.as_bytes()).hash(&mut h);
                e.url.hash(&mut h);
                e.title.hash(&mut h);
                format!("{:?}", e.post).hash(&mut h);
                (i, rel, h.finish())
            })
            .collect();
        let mut kept = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<&(usize, &str, u64)> = keys
            .iter()
            .filter(|(_, rel, key)| kept.get(*rel).is_none_or(|(k, _)| k != key))
            .collect();
        let made: Vec<Option<(String, u64, Arc<str>)>> = missing
            .par_iter()
            .map(|(i, rel, key)| entry(data, *i).map(|e| (rel.to_string(), *key, e)))
            .collect();
        for m in made {
            let Some((rel, key, e)) = m else {
                return whole();
            };
            kept.insert(rel, (key, e));
        }
        let mut out = String::with_capacity(before.len() + after.len() + 16 * 1024 * keys.len());
        out.push_str(&before);
        out.push('[');
        let mut first = true;
        for (_, rel, _) in &keys {
            let e = &kept[*rel].1;
            if e.is_empty() {
                continue;
            }
            if !first {
                out.push(',');
            }
            out.push_str(e);
            first = false;
        }
        out.push(']');
        out.push_str(&after);
        let present: std::collections::HashSet<&str> =
            keys.iter().map(|(_, rel, _)| *rel).collect();
        kept.retain(|rel, _| present.contains(rel.as_str()));
        (path, out.into_bytes())
    }
}
