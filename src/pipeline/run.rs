//! `Run`: the state of one command, made once when it starts and handed to every stage that
//! needs more than the config: the mode, the clock (read once, so every page of a run is judged
//! by the same time), whether the on-disk cache may be used, the highlight cache, and the
//! diagnostics sink. `Config` stays what mkdocs.yml says.

use crate::check::Sink;
use crate::config::Config;
use crate::markdown::hlcache::HighlightCache;
use crate::plan::Mode;
use chrono::NaiveDateTime;
use std::sync::Arc;

#[derive(Clone)]
pub struct Run<'a> {
    pub config: &'a Config,
    pub mode: Mode,
    /// The time drafts and future posts are judged by.
    pub now: NaiveDateTime,
    /// Whether the on-disk cache (`.blogen-cache/` beside mkdocs.yml) may be read and written:
    /// `extra.blogen.cache` (default true), turned off by `--no-cache`.
    pub use_cache: bool,
    /// The highlight cache of this run, when `build` opened one.
    pub highlight_cache: Option<Arc<HighlightCache>>,
    /// Where every stage reports.
    pub sink: &'a Sink,
}

impl<'a> Run<'a> {
    /// A run of `config` in `mode` starting now, reporting to `sink`.
    pub fn new(config: &'a Config, mode: Mode, sink: &'a Sink) -> Run<'a> {
        // The levels of `extra.blogen.validation` (already set when the config was read into
        // this sink).
        sink.set_levels(config.checks.sink_levels());
        Run {
            config,
            mode,
            now: chrono::Local::now().naive_local(),
            use_cache: cache_allowed(config),
            highlight_cache: None,
            sink,
        }
    }

    /// This run with the on-disk cache allowed or not (`--no-cache` turns it off; it cannot
    /// turn on what the config turned off).
    pub fn with_cache(mut self, allowed: bool) -> Run<'a> {
        self.use_cache &= allowed;
        self
    }
}

/// What mkdocs.yml says about the on-disk cache: `extra.blogen.cache`, true unless set false.
fn cache_allowed(config: &Config) -> bool {
    config
        .extra
        .get("blogen")
        .and_then(|b| b.get("cache"))
        .and_then(|c| c.as_bool())
        .unwrap_or(true)
}
