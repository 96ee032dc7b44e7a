//! `blogen serve`: the live preview. The site is generated in memory in `Mode::Serve` (drafts
//! shown, marked) and served over HTTP (`http`) from one shared `state::State`; the sources
//! are watched (`watch`) and each change rebuilds only what it reaches (`rebuild`, `cache`);
//! open pages then reload or show the errors (`live`). A rebuild with errors keeps the last
//! good site served. Ctrl-C stops the server.

pub mod cache;
pub mod http;
pub mod live;
pub mod rebuild;
pub mod site;
pub mod state;
pub mod watch;

use crate::check::report;
use crate::check::{Diagnostic, Severity, Sink};
use crate::cli::{self, CommonArgs};
use crate::config::Config;
use live::ErrorView;
use rebuild::{Builder, Run};
use site::ServedSite;
use state::State;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use watch::{Changes, Layout, Msg};

/// How long a changed Markdown file may stay empty before the rebuild goes ahead anyway:
/// editors that truncate and then write should not flash an error.
const EMPTY_FILE_GRACE: Duration = Duration::from_millis(200);

/// Options of `blogen serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub common: CommonArgs,
    /// host:port to listen on.
    pub addr: String,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// The URL path the site is served under: the path of site_url, as `mkdocs serve` does.
pub fn mount_point(config: &Config) -> String {
    let path = config
        .site_url
        .as_deref()
        .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    }
}

/// Terminal output of the rebuild loop.
struct Terminal {
    root: PathBuf,
    verbose: bool,
    quiet: bool,
    shown: HashSet<Diagnostic>,
}

impl Terminal {
    /// Prints the errors, and the warnings (info lines with -v) not printed after the last
    /// build; repeating every warning of a large blog on each save would bury the news.
    fn diagnostics(&mut self, diags: &[Diagnostic]) {
        let show: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| match d.severity {
                Severity::Error => true,
                Severity::Warning => !self.quiet && !self.shown.contains(*d),
                Severity::Info => self.verbose && !self.shown.contains(*d),
            })
            .collect();
        if !show.is_empty() {
            let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                codespan_reporting::term::termcolor::ColorChoice::Auto
            } else {
                codespan_reporting::term::termcolor::ColorChoice::Never
            };
            let mut out = codespan_reporting::term::termcolor::StandardStream::stderr(choice);
            report::human(&show, &self.root, &mut out);
        }
        self.shown = diags.iter().cloned().collect();
    }

    fn line(&self, msg: &str) {
        eprintln!("[{}] {msg}", chrono::Local::now().format("%H:%M:%S"));
    }
}

/// The rebuild loop's state: the builder, what is being served, and where it is shown.
struct Session {
    builder: Builder,
    state: Arc<State>,
    term: Terminal,
    /// The site being served came from a build without errors.
    served_good: bool,
    /// The last rebuild had errors.
    had_errors: bool,
    next_build: u64,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl Session {
    /// Rebuilds, serves the result unless it has errors and a good site is being served,
    /// tells the open pages, and reports on the terminal.
    fn rebuild(&mut self, first: bool) {
        let Run {
            files,
            diagnostics,
            stats,
            took,
            pages,
            posts,
            timings,
        } = self.builder.run();
        let errors: Vec<ErrorView> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ErrorView::from)
            .collect();
        let serve_it = files.is_some() && (errors.is_empty() || !self.served_good);
        let site = match files {
            Some(files) if serve_it => {
                self.next_build += 1;
                self.served_good = errors.is_empty();
                Some(ServedSite::new(self.next_build, files))
            }
            _ => None,
        };
        let n_errors = errors.len();
        let had_errors = std::mem::replace(&mut self.had_errors, n_errors > 0);
        let publish_start = Instant::now();
        let changed = self.state.publish(site, errors);
        if self.term.verbose {
            let stages: Vec<String> = timings
                .iter()
                .map(|(s, ms)| format!("{s} {ms:.1}"))
                .chain(std::iter::once(format!(
                    "publish {:.1}",
                    publish_start.elapsed().as_secs_f64() * 1000.0
                )))
                .collect();
            self.term
                .line(&format!("stages (ms): {}", stages.join(", ")));
        }
        self.term.diagnostics(&diagnostics);
        let ms = took.as_secs_f64() * 1000.0;
        if first {
            self.term.line(&format!(
                "built {} ({}, drafts included) in {ms:.0} ms",
                plural(pages, "page"),
                plural(posts, "post")
            ));
        } else if n_errors > 0 {
            self.term.line(&format!(
                "{} in {ms:.0} ms: {}",
                plural(n_errors, "error"),
                if serve_it {
                    "serving what could be built"
                } else {
                    "still serving the last good site"
                }
            ));
        } else if had_errors && changed.is_empty() {
            self.term
                .line(&format!("rebuilt in {ms:.0} ms: fixed, no page changed"));
        } else if changed.is_empty() {
            self.term
                .line(&format!("rebuilt in {ms:.0} ms: no page changed"));
        } else {
            self.term.line(&format!(
                "rebuilt in {ms:.0} ms: {} changed ({} rendered, {} reused, {} Markdown)",
                plural(changed.len(), "file"),
                stats.rendered,
                stats.reused,
                stats.markdown
            ));
        }
    }
}

/// Waits while a changed Markdown file is empty (an editor between truncating and writing),
/// taking in whatever else arrives, for at most `EMPTY_FILE_GRACE`. Returns false on Stop.
fn settle(
    changes: &mut Changes,
    layout: &Layout,
    docs_dir: &std::path::Path,
    rx: &Receiver<Msg>,
) -> bool {
    let deadline = Instant::now() + EMPTY_FILE_GRACE;
    loop {
        let empty = changes.docs.iter().any(|rel| {
            rel.ends_with(".md")
                && std::fs::metadata(docs_dir.join(rel)).is_ok_and(|m| m.is_file() && m.len() == 0)
        });
        let left = deadline.saturating_duration_since(Instant::now());
        if !empty || left.is_zero() {
            return true;
        }
        match rx.recv_timeout(left.min(Duration::from_millis(20))) {
            Ok(Msg::Paths(p)) => changes.merge(layout.classify(&p)),
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
            Ok(Msg::WatchError(_)) | Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

fn open_browser(url: &str) {
    #[cfg(target_os = "macos")]
    let cmd = ("open", vec![url]);
    #[cfg(windows)]
    let cmd = ("cmd", vec!["/C", "start", "", url]);
    #[cfg(not(any(target_os = "macos", windows)))]
    let cmd = ("xdg-open", vec![url]);
    let spawned = std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!(
            "cannot open a browser ({}: {e}); open {url} yourself",
            cmd.0
        );
    }
}

/// Runs the preview until Ctrl-C. Returns the exit code.
pub fn run(opts: &Options) -> i32 {
    let sink = Sink::new();
    let config = match cli::load_config(&opts.common, &sink) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let notes = sink.take_sorted();
    let mut session = Session {
        state: Arc::new(State::new(mount_point(&config))),
        term: Terminal {
            root: config.root.clone(),
            verbose: opts.common.verbose,
            quiet: opts.common.quiet,
            shown: HashSet::new(),
        },
        builder: Builder::new(opts.common.clone(), config),
        served_good: false,
        had_errors: false,
        // Build numbers start from the clock, so a page from an earlier run of the server
        // never takes a new build for its own.
        next_build: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(1),
    };
    session.term.diagnostics(&notes);
    // Watch before the first build, so nothing saved from now on is missed.
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    }) {
        eprintln!("warning: Ctrl-C is not handled ({e}); stop the process another way");
    }
    let mut layout = Layout::of(&session.builder.config);
    let mut watcher = match watch::start(&layout, tx.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: {e}; changes will not be picked up");
            None
        }
    };
    session.rebuild(true);
    let http = match http::start(&opts.addr, session.state.clone()) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  = hint: pass another address with -a, e.g. -a 127.0.0.1:8001");
            return 1;
        }
    };
    let url = format!("http://{}{}", http.addr, session.state.mount);
    if !http.addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach",
            http.addr.ip()
        );
    }
    eprintln!("Serving on {url} (Ctrl-C to stop)");
    if opts.open {
        open_browser(&url);
    }
    'outer: loop {
        let mut changes = match rx.recv() {
            Ok(Msg::Paths(p)) => layout.classify(&p),
            Ok(Msg::WatchError(e)) => {
                eprintln!("warning: watching the sources: {e}");
                continue;
            }
            Ok(Msg::Stop) | Err(_) => break,
        };
        // Take in whatever else arrived during the last rebuild.
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Msg::Paths(p) => changes.merge(layout.classify(&p)),
                Msg::WatchError(e) => eprintln!("warning: watching the sources: {e}"),
                Msg::Stop => break 'outer,
            }
        }
        if changes.is_empty() {
            continue;
        }
        if session.term.verbose {
            session.term.line(&format!("changed: {changes:?}"));
        }
        if !settle(&mut changes, &layout, &session.builder.config.docs_dir, &rx) {
            break;
        }
        let (notes, replaced) = session.builder.apply(&changes);
        session.term.diagnostics(&notes);
        if replaced || changes.rewatch {
            drop(watcher.take());
            layout = Layout::of(&session.builder.config);
            watcher = watch::start(&layout, tx.clone())
                .map_err(|e| eprintln!("warning: {e}; changes will not be picked up"))
                .ok();
        }
        session.rebuild(false);
    }
    drop(watcher);
    session.state.clients.close();
    http.stop();
    eprintln!("Stopped.");
    0
}
