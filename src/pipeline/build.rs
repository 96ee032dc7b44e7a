//! `blogen build`: the pipeline run into a staging copy of the site, with the on-disk caches
//! (page store, highlight cache, previous site) when they may be used, and the new site
//! committed only when nothing stops it.

use super::{generate_into, Fresh, Reuse, Run};
use crate::cache;
use crate::check::{Diagnostic, Severity, Sink};
use crate::config::Config;
use crate::markdown;
use crate::output::{self, OutFile};
use crate::plan::Mode;
use crate::timings;

/// Checks, before anything is written, that `config.site_dir` can be replaced by a build
/// without touching the sources, the project or files blogen did not write (`output::guard`).
pub fn site_dir_allowed(config: &Config) -> Result<(), output::guard::Refusal> {
    let templates = config.root.join("templates");
    let cache = config.cache_dir();
    let mut protected = output::guard::Protected {
        root: &config.root,
        docs_dir: &config.docs_dir,
        templates: vec![&templates],
        cache_dir: &cache,
    };
    if let Some(custom) = &config.custom_dir {
        protected.templates.push(custom);
    }
    output::guard::check_site_dir(&config.site_dir, &protected)
}

/// Result of `build`: the diagnostics and whether the site was written.
#[derive(Default)]
pub struct BuildReport {
    /// The site folder was refused (`site_dir_allowed`): nothing was read or written.
    pub refused: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub written: bool,
    pub pages: usize,
    pub posts: usize,
    /// What was taken over from the previous build (nothing without the cache).
    pub reused: cache::Reused,
}

/// Builds the site into `config.site_dir`. The site is written only when no error was found
/// (and, with `strict`, no warning), so a bad run leaves the previous site whole.
/// (A run of `config` made now; `build_with` takes a run already made.)
pub fn build(config: &Config, mode: Mode, strict: bool, sink: &Sink) -> BuildReport {
    build_with(&Run::new(config, mode, sink), strict, &|| {})
}

/// `build` of `run`, calling `on_file` each time a file of the new site is written or kept
/// (for a progress display).
pub fn build_with(run: &Run, strict: bool, on_file: &(dyn Fn() + Sync)) -> BuildReport {
    let (config, sink) = (run.config, run.sink);
    if let Err(refusal) = site_dir_allowed(config) {
        sink.push(
            config
                .about_config(Diagnostic::error("site-dir-refused", refusal.message))
                .with_hint(refusal.hint),
        );
        return BuildReport {
            diagnostics: sink.take_sorted(),
            refused: true,
            ..Default::default()
        };
    }
    let timed = timings::begin();
    // The cache is used when the config allows it and the binary can be identified.
    let cache_salt = run
        .use_cache
        .then(markdown::hlcache::binary_identity)
        .flatten();
    let mut run = run.clone();
    if let (Some(salt), None) = (&cache_salt, &run.highlight_cache) {
        let cache =
            markdown::hlcache::HighlightCache::open(&config.highlight_cache_path(), salt.clone());
        run.highlight_cache = Some(std::sync::Arc::new(cache));
    }
    let run = &run;
    let blocked = |sink: &Sink| sink.has_errors() || (strict && has_warnings(sink));
    let spare = cache_salt.as_ref().map(|_| config.cache_dir().join("site"));
    let output_error = |e: std::io::Error| {
        Diagnostic::error(
            "output",
            format!(
                "cannot write the site to {}: {e}",
                config.site_dir.display()
            ),
        )
    };
    let staging =
        match output::Staging::begin(&config.site_dir, spare.as_deref(), cache_salt.as_deref()) {
            Ok(s) => s,
            Err(e) => {
                sink.push(output_error(e));
                return BuildReport {
                    diagnostics: sink.take_sorted(),
                    ..Default::default()
                };
            }
        };
    timings::mark("output started");
    let write_error = std::sync::Mutex::new(None);
    let emit = |path: String, f: OutFile| {
        on_file();
        if let Err(e) = staging.put(&path, &f) {
            write_error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    };
    let mut persisted = cache_salt
        .as_deref()
        .map(|salt| cache::Persisted::load(config, &staging, salt));
    timings::mark("cache read");
    let reuse: &mut dyn Reuse = match &mut persisted {
        Some(p) => p,
        None => &mut Fresh,
    };
    let counts = generate_into(run, true, reuse, &|s| !blocked(s), &emit);
    timings::mark("generated");
    let (reused, save_pages) = persisted
        .map(|p| p.finish_run())
        .map_or((Default::default(), None), |(r, s)| (r, Some(s)));
    let mut written = false;
    let (mut pages, mut posts) = (0, 0);
    let failed = write_error.into_inner().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|threads| {
        // The caches are saved beside the commit, whether or not the site is written: what
        // they hold is right for its sources either way. One that cannot be written only
        // costs speed next time.
        if let Some(save) = save_pages {
            threads.spawn(move || save.run());
        }
        if let Some(cache) = &run.highlight_cache {
            threads.spawn(|| cache.save(&config.highlight_cache_path()));
        }
        match (counts, failed) {
            (Some(_), Some(e)) => {
                staging.abort();
                sink.push(output_error(e));
            }
            (Some(c), None) if !blocked(sink) => match staging.commit() {
                Ok(()) => {
                    (pages, posts) = c;
                    written = true;
                }
                Err(e) => sink.push(output_error(e)),
            },
            _ => staging.abort(),
        }
        timings::mark("committed");
    });
    timings::mark("caches saved");
    if timed {
        timings::end();
    }
    BuildReport {
        diagnostics: sink.take_sorted(),
        written,
        pages,
        posts,
        reused,
        refused: false,
    }
}

fn has_warnings(sink: &Sink) -> bool {
    let all = sink.take_sorted();
    let any = all.iter().any(|d| d.severity == Severity::Warning);
    sink.extend(all);
    any
}
