//! Pages rendered through the theme, kept in memory and reused while their fingerprint
//! (`cache::stamps`) is unchanged.

use crate::cache::stamps::Stamps;
use crate::output::OutFile;
use crate::pipeline::OutputRef;
use crate::theme::context::SiteData;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Default)]
pub struct OutputCache {
    kept: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// Fingerprints of the pages this run renders, by output path.
    pending: Mutex<HashMap<String, u64>>,
    stamps: OnceLock<Stamps>,
    pub rendered: AtomicUsize,
    pub reused: AtomicUsize,
}

impl OutputCache {
    pub fn begin_run(&mut self) {
        self.stamps = OnceLock::new();
        self.pending
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The bytes of `page` from an earlier run, when its fingerprint is unchanged; `theme` is
    /// the digest of the theme of this run.
    pub fn get(&self, data: &SiteData, theme: u64, page: OutputRef, path: &str) -> Option<OutFile> {
        let stamps = self.stamps.get_or_init(|| Stamps::of(data, theme));
        let fp = stamps.fingerprint(data, page, path);
        if let Some((kept, bytes)) = self.kept.get(path) {
            if *kept == fp {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Some(OutFile::Shared(bytes.clone()));
            }
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), fp);
        None
    }

    pub fn commit(&mut self, files: &mut [(String, OutFile)]) {
        let pending = std::mem::take(self.pending.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut kept = HashMap::new();
        for (path, f) in files.iter_mut() {
            match f {
                OutFile::Bytes(b) => {
                    if let Some(&fp) = pending.get(path) {
                        let bytes = Arc::new(std::mem::take(b));
                        *f = OutFile::Shared(bytes.clone());
                        kept.insert(path.clone(), (fp, bytes));
                    }
                }
                OutFile::Shared(b) => {
                    if let Some((fp, old)) = self.kept.get(path) {
                        if Arc::ptr_eq(old, b) {
                            kept.insert(path.clone(), (*fp, b.clone()));
                        }
                    }
                }
                OutFile::Copy(_) | OutFile::Kept => {}
            }
        }
        self.kept = kept;
    }
}
