//! The highlight cache: syntect's output for a code block, keyed by a 128-bit hash of the
//! blogen binary's identity, the language and the code, so a cached entry can only ever stand in
//! for exactly the output it was made from. Kept in one file between runs
//! (`.blogen-cache/highlight.bin`), read on the first lookup, so a run that highlights nothing
//! never reads it. `save` keeps the entries this run used or was told to `keep` (those of pages
//! taken over from an earlier run), so the file does not grow without bound.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

const MAGIC: &[u8; 8] = b"BLGNHL01";

#[derive(Debug)]
pub struct HighlightCache {
    /// Mixed into every key: changes whenever the binary (and so the highlighter) changes.
    salt: String,
    /// The file the entries are read from on first use; None starts empty.
    file: Option<PathBuf>,
    entries: OnceLock<Mutex<HashMap<u128, Arc<str>>>>,
    /// Keys of the entries to keep when saving.
    used: Mutex<HashSet<u128>>,
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
    /// An empty cache.
    pub fn new(salt: impl Into<String>) -> Self {
        HighlightCache {
            salt: salt.into(),
            file: None,
            entries: OnceLock::new(),
            used: Mutex::default(),
            added: Default::default(),
        }
    }

    /// The cache kept in `path`, read when first needed. A missing, truncated or corrupt file
    /// gives an empty cache; an entry whose checksum does not match is dropped.
    pub fn open(path: &Path, salt: impl Into<String>) -> Self {
        HighlightCache {
            file: Some(path.to_path_buf()),
            ..HighlightCache::new(salt)
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

    /// The key and cached HTML for (`lang`, `code`), or `make()`'s, which is then cached.
    pub fn get_or_insert(
        &self,
        lang: &str,
        code: &str,
        make: impl FnOnce() -> String,
    ) -> (u128, Arc<str>) {
        let key = self.key(lang, code);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
        if let Some(html) = self.lock().get(&key) {
            return (key, html.clone());
        }
        let html: Arc<str> = make().into();
        self.lock().insert(key, html.clone());
        self.added
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (key, html)
    }

    /// Keeps these entries on `save` though this run did not look them up.
    pub fn keep(&self, keys: &[u128]) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(keys.iter().copied());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, Arc<str>>> {
        self.entries
            .get_or_init(|| Mutex::new(self.file.as_deref().map(read).unwrap_or_default()))
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the entries to keep, when the run added any or some are no longer needed. A
    /// cache never read is left as it is.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let Some(entries) = self.entries.get() else {
            return Ok(());
        };
        let entries = entries.lock().unwrap_or_else(|e| e.into_inner());
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<&u128> = entries.keys().filter(|k| used.contains(k)).collect();
        if self.added.load(std::sync::atomic::Ordering::Relaxed) == 0 && keys.len() == entries.len()
        {
            return Ok(());
        }
        keys.sort();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("tmp");
        let mut out = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        out.write_all(MAGIC)?;
        for k in keys {
            let v = entries[k].as_bytes();
            out.write_all(&k.to_le_bytes())?;
            out.write_all(&xxh3_64(v).to_le_bytes())?;
            out.write_all(&(v.len() as u32).to_le_bytes())?;
            out.write_all(v)?;
        }
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(tmp, path)
    }
}

/// The entries of a cache file (none when it is missing or not one).
fn read(path: &Path) -> HashMap<u128, Arc<str>> {
    let mut bytes = Vec::new();
    let ok = std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .is_ok();
    let mut map = HashMap::new();
    if !ok || bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return map;
    }
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
                map.insert(key, s.into());
            }
        }
        rest = &rest[28 + len..];
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_salt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/highlight.bin");
        let c = HighlightCache::new("v1");
        assert_eq!(&*c.get_or_insert("rust", "fn a(){}", || "A".into()).1, "A");
        assert_eq!(
            &*c.get_or_insert("rust", "fn a(){}", || "B".into()).1,
            "A",
            "second call is a hit"
        );
        c.save(&path).unwrap();
        let again = HighlightCache::open(&path, "v1");
        assert_eq!(again.len(), 1);
        assert_eq!(
            &*again.get_or_insert("rust", "fn a(){}", || "C".into()).1,
            "A"
        );
        // Another binary (salt) never sees these entries.
        let other = HighlightCache::open(&path, "v2");
        assert_eq!(
            &*other.get_or_insert("rust", "fn a(){}", || "D".into()).1,
            "D"
        );
    }

    #[test]
    fn save_keeps_used_and_kept_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        let c = HighlightCache::new("v1");
        let (a, _) = c.get_or_insert("py", "a = 1", || "A".into());
        let (b, _) = c.get_or_insert("py", "b = 2", || "B".into());
        c.get_or_insert("py", "c = 3", || "C".into());
        c.save(&path).unwrap();
        // A run that highlights `a` and takes over a page whose block was `b`.
        let next = HighlightCache::open(&path, "v1");
        next.keep(&[b]);
        assert_eq!(
            next.get_or_insert("py", "a = 1", || "X".into()),
            (a, "A".into())
        );
        next.save(&path).unwrap();
        let last = HighlightCache::open(&path, "v1");
        assert_eq!(last.len(), 2, "the entry neither used nor kept is gone");
        assert_eq!(&*last.get_or_insert("py", "b = 2", || "X".into()).1, "B");
        // A run that looks nothing up never reads or rewrites the file.
        let idle = HighlightCache::open(&dir.path().join("absent.bin"), "v1");
        idle.keep(&[a]);
        idle.save(&dir.path().join("absent.bin")).unwrap();
        assert!(!dir.path().join("absent.bin").exists());
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
        let loaded = HighlightCache::open(&path, "v1");
        assert!(loaded.is_empty(), "the tampered entry is not trusted");
        std::fs::write(&path, b"garbage").unwrap();
        assert!(HighlightCache::open(&path, "v1").is_empty());
    }
}
