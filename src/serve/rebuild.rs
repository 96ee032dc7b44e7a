//! One rebuild of the preview: applies what the watcher saw (a new mkdocs.yml, a theme
//! change, changed docs) to the config and the cache, runs the pipeline in `Mode::Serve`
//! through the cache and times it. A mkdocs.yml that cannot be used keeps the previous config
//! and stays an error of every run until it is fixed.

use super::cache::{Cache, Stats};
use super::watch::Changes;
use crate::check::{Diagnostic, Sink};
use crate::cli::CommonArgs;
use crate::config::Config;
use crate::output::OutFile;
use crate::pipeline;
use crate::plan::Mode;
use std::path::Path;
use std::time::{Duration, Instant};

pub struct Builder {
    args: CommonArgs,
    pub config: Config,
    cache: Cache,
    config_error: Option<Diagnostic>,
}

/// The result of one rebuild.
pub struct Run {
    /// The whole site, None when an error stopped the pipeline.
    pub files: Option<Vec<(String, OutFile)>>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    pub took: Duration,
    pub pages: usize,
    pub posts: usize,
    /// Time per stage, in milliseconds.
    pub timings: Vec<(&'static str, f64)>,
}

impl Builder {
    pub fn new(args: CommonArgs, config: Config) -> Builder {
        Builder {
            args,
            config,
            cache: Cache::new(),
            config_error: None,
        }
    }

    /// Takes in a batch of changes. Returns the diagnostics of reading a new mkdocs.yml
    /// (information lines), and whether the config was replaced (the watches then change).
    pub fn apply(&mut self, changes: &Changes) -> (Vec<Diagnostic>, bool) {
        let mut notes = Vec::new();
        let mut replaced = false;
        if changes.config {
            let sink = Sink::new();
            let explicit = self.args.config_file != Path::new("mkdocs.yml");
            match Config::load(&self.args.config_file, explicit, &sink) {
                Ok(c) => {
                    self.config = c;
                    self.cache = Cache::new();
                    self.config_error = None;
                    replaced = true;
                }
                Err(d) => self.config_error = Some(d),
            }
            notes = sink.take_sorted();
        }
        if changes.theme {
            self.cache.theme_changed();
        }
        self.cache.touched(changes.docs.iter().cloned());
        (notes, replaced)
    }

    pub fn run(&mut self) -> Run {
        let start = Instant::now();
        let sink = Sink::new();
        if let Some(d) = &self.config_error {
            sink.push(d.clone());
        }
        let run = pipeline::Run::new(&self.config, Mode::Serve, &sink);
        let generated = pipeline::generate_run(&run, true, &mut self.cache);
        let (files, stats, pages, posts) = match generated {
            Some(mut g) => {
                let stats = self.cache.commit(&mut g.files);
                (Some(g.files), stats, g.pages, g.posts)
            }
            None => (None, Stats::default(), 0, 0),
        };
        Run {
            files,
            diagnostics: sink.take_sorted(),
            stats,
            took: start.elapsed(),
            pages,
            posts,
            timings: self.cache.timings(),
        }
    }
}
