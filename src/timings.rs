//! Stage timings for profiling: with `BLOGEN_TIMINGS=1` in the environment, each stage of the
//! pipeline prints to stderr how long after the start of the run (`begin`) it ended. Off by
//! default, and then costs one environment lookup per process.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BLOGEN_TIMINGS").is_some())
}

static START: Mutex<Option<Instant>> = Mutex::new(None);

/// Starts the clock of a run (when timings are on); true when this call started it, and is
/// to `end` it. A run already timed keeps its start, so a build's stages are timed from the
/// build's start, not from the pipeline's.
pub fn begin() -> bool {
    if !enabled() {
        return false;
    }
    let mut start = START.lock().unwrap_or_else(|e| e.into_inner());
    let started = start.is_none();
    start.get_or_insert_with(Instant::now);
    started
}

/// Ends the run: the next `begin` starts a new clock.
pub fn end() {
    if enabled() {
        *START.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// Notes that `stage` ended now.
pub fn mark(stage: &str) {
    if !enabled() {
        return;
    }
    if let Some(t) = *START.lock().unwrap_or_else(|e| e.into_inner()) {
        eprintln!(
            "blogen timing: {stage:<20} {:8.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
