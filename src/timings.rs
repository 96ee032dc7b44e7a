//! Stage timings for profiling a build: with `BLOGEN_TIMINGS=1` in the environment, each stage
//! of the pipeline prints to stderr how long after the start of the run it ended. Off by
//! default, and then costs one environment lookup per run.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("BLOGEN_TIMINGS").map(|_| Instant::now()))
}

/// Starts the clock (when timings are on).
pub fn begin() {
    start();
}

/// Notes that `stage` ended now.
pub fn mark(stage: &str) {
    if let Some(t) = start() {
        eprintln!(
            "blogen timing: {stage:<20} {:8.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
