//! The highlight cache: syntect's output for a code block, keyed by a 128-bit hash of the
//! blogen binary's identity, the language and the code, so a cached entry can only ever stand in
//! for exactly the output it was made from. Kept in memory during a run; `load` / `save` keep it
//! in one file between runs (`.blogen-cache/highlight.bin`). Entries not used by a run are not
//! saved, so the file does not grow without bound.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

const MAGIC: &[u8; 8] = b"BLGNHL01";

#[derive(Debug, Default)]
struct Entry {
    html: Arc<str>,
    used: bool,
}

#[derive(Debug)]
pub struct HighlightCache {
    /// Mixed into every key: changes whenever the binary (and so the highlighter) changes.
    salt: String,
    entries: Mutex<HashMap<u128, Entry>>,
    added: std::sync::atomic::AtomicUsize,
}

/// Identifies the running binary: version plus the executable's size and modification time.
/// None when the executable cannot be inspected (the cache is then not used).
pub fn binary_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "blogen {} {} {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        mtime.as_nanos()
    ))
}

impl HighlightCache {
    pub fn new(salt: impl Into<String>) -> Self {
        HighlightCache {
            salt: salt.into(),
            entries: Mutex::default(),
            added: Default::default(),
        }
    }

    fn key(&self, lang: &str, code: &str) -> u128 {
        let mut buf = String::with_capacity(self.salt.len() + lang.len() + code.len() + 2);
        buf.push_str(&self.salt);
        buf.push('\0');
        buf.push_str(lang);
        buf.push('\0');
        buf.push_str(code);
        xxh3_128(buf.as_bytes())
    }

    /// The cached HTML for (`lang`, `code`), or `make()`'s, which is then cached.
    pub fn get_or_insert(&self, lang: &str, code: &str, make: impl FnOnce() -> String) -> Arc<str> {
        let key = self.key(lang, code);
        if let Some(e) = self.lock().get_mut(&key) {
            e.used = true;
            return e.html.clone();
        }
        let html: Arc<str> = make().into();
        self.lock().insert(
            key,
            Entry {
                html: html.clone(),
                used: true,
            },
        );
        self.added
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        html
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads the cache file. A missing, truncated or corrupt file gives an empty cache; an entry
    /// whose checksum does not match is dropped.
    pub fn load(path: &Path, salt: impl Into<String>) -> Self {
        let cache = HighlightCache::new(salt);
        let mut bytes = Vec::new();
        let ok = std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .is_ok();
        if !ok || bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return cache;
        }
        let mut map = HashMap::new();
        let mut rest = &bytes[MAGIC.len()..];
        while rest.len() >= 28 {
            let key = u128::from_le_bytes(rest[..16].try_into().expect("16 bytes"));
            let sum = u64::from_le_bytes(rest[16..24].try_into().expect("8 bytes"));
            let len = u32::from_le_bytes(rest[24..28].try_into().expect("4 bytes")) as usize;
            let Some(value) = rest.get(28..28 + len) else {
                break;
            };
            if xxh3_64(value) == sum {
                if let Ok(s) = std::str::from_utf8(value) {
                    map.insert(
                        key,
                        Entry {
                            html: s.into(),
                            used: false,
                        },
                    );
                }
            }
            rest = &rest[28 + len..];
        }
        *cache.lock() = map;
        cache
    }

    /// Writes the entries used by this run, when the run added any or left some unused.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let entries = self.lock();
        let unused = entries.values().any(|e| !e.used);
        if self.added.load(std::sync::atomic::Ordering::Relaxed) == 0 && !unused {
            return Ok(());
        }
        let mut keys: Vec<&u128> = entries
            .iter()
            .filter(|(_, e)| e.used)
            .map(|(k, _)| k)
            .collect();
        keys.sort();
        let mut out =
            Vec::with_capacity(entries.values().map(|e| e.html.len() + 28).sum::<usize>() + 8);
        out.extend_from_slice(MAGIC);
        for k in keys {
            let v = entries[k].html.as_bytes();
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&xxh3_64(v).to_le_bytes());
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(v);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        std::fs::File::create(&tmp)?.write_all(&out)?;
        std::fs::rename(tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_salt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/highlight.bin");
        let c = HighlightCache::new("v1");
        assert_eq!(&*c.get_or_insert("rust", "fn a(){}", || "A".into()), "A");
        assert_eq!(
            &*c.get_or_insert("rust", "fn a(){}", || "B".into()),
            "A",
            "second call is a hit"
        );
        c.save(&path).unwrap();
        let again = HighlightCache::load(&path, "v1");
        assert_eq!(again.len(), 1);
        assert_eq!(
            &*again.get_or_insert("rust", "fn a(){}", || "C".into()),
            "A"
        );
        // Another binary (salt) never sees these entries.
        let other = HighlightCache::load(&path, "v2");
        assert_eq!(
            &*other.get_or_insert("rust", "fn a(){}", || "D".into()),
            "D"
        );
    }

    #[test]
    fn corrupt_entries_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        let c = HighlightCache::new("v1");
        c.get_or_insert("py", "x = 1", || "<span>x</span> = 1".into());
        c.save(&path).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&path, &bytes).unwrap();
        let loaded = HighlightCache::load(&path, "v1");
        assert!(loaded.is_empty(), "the tampered entry is not trusted");
        std::fs::write(&path, b"garbage").unwrap();
        assert!(HighlightCache::load(&path, "v1").is_empty());
    }
}
