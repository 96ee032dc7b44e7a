//! The highlight cache: syntect's output for a code block, keyed by a 128-bit hash of the
//! blogen binary's identity, the language, the highlight options and the code, so a cached entry
//! can only ever stand in for exactly the output it was made from. Kept in one file between runs
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
    entries: OnceLock<Mutex<Entries>>,
    /// Keys of the entries to keep when saving.
    used: Mutex<HashSet<u128>>,
    added: std::sync::atomic::AtomicUsize,
}

/// The entries read from the file stay where they are in its bytes until looked up (so
/// opening the cache costs one read and an index, not a copy and a check of every entry).
#[derive(Debug, Default)]
struct Entries {
    file: Vec<u8>,
    map: HashMap<u128, Entry>,
}

#[derive(Debug)]
enum Entry {
    /// In `Entries::file`, not yet checked against its checksum.
    Stored {
        at: usize,
        len: usize,
        sum: u64,
    },
    Ready(Arc<str>),
}

impl Entries {
    /// The entry's HTML, checked on first use; None when it is not there or damaged.
    fn get(&mut self, key: u128) -> Option<Arc<str>> {
        let entry = self.map.get_mut(&key)?;
        if let Entry::Stored { at, len, sum } = *entry {
            let bytes = &self.file[at..at + len];
            match std::str::from_utf8(bytes) {
                Ok(s) if xxh3_64(bytes) == sum => *entry = Entry::Ready(s.into()),
                _ => {
                    self.map.remove(&key);
                    return None;
                }
            }
        }
        match self.map.get(&key) {
            Some(Entry::Ready(html)) => Some(html.clone()),
            _ => None,
        }
    }

    /// The bytes and checksum to save for `key`.
    fn saved(&self, key: u128) -> Option<(&[u8], u64)> {
        match self.map.get(&key)? {
            Entry::Stored { at, len, sum } => Some((&self.file[*at..*at + *len], *sum)),
            Entry::Ready(html) => Some((html.as_bytes(), xxh3_64(html.as_bytes()))),
        }
    }
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

    fn key(&self, lang: &str, options: &str, code: &str) -> u128 {
        let mut buf =
            String::with_capacity(self.salt.len() + lang.len() + options.len() + code.len() + 3);
        buf.push_str(&self.salt);
        buf.push('\0');
        buf.push_str(lang);
        buf.push('\0');
        buf.push_str(options);
        buf.push('\0');
        buf.push_str(code);
        xxh3_128(buf.as_bytes())
    }

    /// The key and cached HTML for (`lang`, `options`, `code`), or `make()`'s, which is then
    /// cached. `options` stands for every setting the HTML depends on besides the language
    /// and the code (the highlight options), so blocks under other settings never share an entry.
    pub fn get_or_insert(
        &self,
        lang: &str,
        options: &str,
        code: &str,
        make: impl FnOnce() -> String,
    ) -> (u128, Arc<str>) {
        let key = self.key(lang, options, code);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
        if let Some(html) = self.lock().get(key) {
            return (key, html);
        }
        let html: Arc<str> = make().into();
        self.lock().map.insert(key, Entry::Ready(html.clone()));
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .get_or_init(|| Mutex::new(self.file.as_deref().map(read).unwrap_or_default()))
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.lock().map.len()
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
        let mut keys: Vec<u128> = entries
            .map
            .keys()
            .filter(|k| used.contains(k))
            .copied()
            .collect();
        if self.added.load(std::sync::atomic::Ordering::Relaxed) == 0
            && keys.len() == entries.map.len()
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
            let Some((v, sum)) = entries.saved(k) else {
                continue;
            };
            out.write_all(&k.to_le_bytes())?;
            out.write_all(&sum.to_le_bytes())?;
            out.write_all(&(v.len() as u32).to_le_bytes())?;
            out.write_all(v)?;
        }
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(tmp, path)
    }
}

/// The entries of a cache file (none when it is missing or not one), indexed in place.
fn read(path: &Path) -> Entries {
    let mut file = Vec::new();
    let ok = std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut file))
        .is_ok();
    if !ok || !file.starts_with(MAGIC) {
        return Entries::default();
    }
    let mut map = HashMap::new();
    let mut at = MAGIC.len();
    while let Some(head) = file.get(at..at + 28) {
        let key = u128::from_le_bytes(head[..16].try_into().expect("16 bytes"));
        let sum = u64::from_le_bytes(head[16..24].try_into().expect("8 bytes"));
        let len = u32::from_le_bytes(head[24..28].try_into().expect("4 bytes")) as usize;
        if file.len() < at + 28 + len {
            break;
        }
        map.insert(
            key,
            Entry::Stored {
                at: at + 28,
                len,
                sum,
            },
        );
        at += 28 + len;
    }
    Entries { file, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_salt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/highlight.bin");
        let c = HighlightCache::new("v1");
        assert_eq!(
            &*c.get_or_insert("rust", "", "fn a(){}", || "A".into()).1,
            "A"
        );
        assert_eq!(
            &*c.get_or_insert("rust", "", "fn a(){}", || "B".into()).1,
            "A",
            "second call is a hit"
        );
        c.save(&path).unwrap();
        let again = HighlightCache::open(&path, "v1");
        assert_eq!(again.len(), 1);
        assert_eq!(
            &*again.get_or_insert("rust", "", "fn a(){}", || "C".into()).1,
            "A"
        );
        // Another binary (salt) never sees these entries.
        let other = HighlightCache::open(&path, "v2");
        assert_eq!(
            &*other.get_or_insert("rust", "", "fn a(){}", || "D".into()).1,
            "D"
        );
    }

    #[test]
    fn save_keeps_used_and_kept_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        let c = HighlightCache::new("v1");
        let (a, _) = c.get_or_insert("py", "", "a = 1", || "A".into());
        let (b, _) = c.get_or_insert("py", "", "b = 2", || "B".into());
        c.get_or_insert("py", "", "c = 3", || "C".into());
        c.save(&path).unwrap();
        // A run that highlights `a` and takes over a page whose block was `b`.
        let next = HighlightCache::open(&path, "v1");
        next.keep(&[b]);
        assert_eq!(
            next.get_or_insert("py", "", "a = 1", || "X".into()),
            (a, "A".into())
        );
        next.save(&path).unwrap();
        let last = HighlightCache::open(&path, "v1");
        assert_eq!(last.len(), 2, "the entry neither used nor kept is gone");
        assert_eq!(
            &*last.get_or_insert("py", "", "b = 2", || "X".into()).1,
            "B"
        );
        // A run that looks nothing up never reads or rewrites the file.
        let idle = HighlightCache::open(&dir.path().join("absent.bin"), "v1");
        idle.keep(&[a]);
        idle.save(&dir.path().join("absent.bin")).unwrap();
        assert!(!dir.path().join("absent.bin").exists());
    }

    #[test]
    fn options_are_part_of_the_key() {
        let c = HighlightCache::new("v1");
        let (a, _) = c.get_or_insert("py", "spans", "x = 1", || "A".into());
        let (b, html) = c.get_or_insert("py", "", "x = 1", || "B".into());
        assert_ne!(a, b);
        assert_eq!(&*html, "B", "an entry made under other options is not used");
    }

    #[test]
    fn corrupt_entries_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        let c = HighlightCache::new("v1");
        c.get_or_insert("py", "", "x = 1", || "<span>x</span> = 1".into());
        c.save(&path).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&path, &bytes).unwrap();
        let loaded = HighlightCache::open(&path, "v1");
        assert_eq!(
            &*loaded.get_or_insert("py", "", "x = 1", || "fresh".into()).1,
            "fresh",
            "the tampered entry is not trusted"
        );
        std::fs::write(&path, b"garbage").unwrap();
        assert!(HighlightCache::open(&path, "v1").is_empty());
    }
}
