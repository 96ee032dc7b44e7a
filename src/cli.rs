//! The command line: `build`, `check` (and `serve`, `new`), their flags, and how a run's
//! diagnostics become output and an exit code. `main.rs` only calls `run`.

use crate::check::report::{self, Format};
use crate::check::{exit_code, Sink};
use crate::config::Config;
use crate::plan::Mode;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "blogen",
    version,
    about = "Build an mkdocs-material blog as a static site, fast, with the same URLs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into site_dir.
    Build(BuildArgs),
    /// Validate the docs (links, images, front matter, authors, ...) without writing the site.
    Check(CommonArgs),
    /// Preview the site: serve it, rebuild what changes on save, and reload the browser.
    Serve(ServeArgs),
    /// Create a new post in the blog's post folder.
    New(NewArgs),
}

#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// The config file.
    #[arg(short = 'f', long = "config-file", default_value = "mkdocs.yml")]
    pub config_file: PathBuf,
    /// Fail (exit 1) on any warning, after reporting everything.
    #[arg(short = 's', long)]
    pub strict: bool,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Show info lines too.
    #[arg(short, long)]
    pub verbose: bool,
    /// Show errors only.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Write the site here instead of site_dir.
    #[arg(short = 'd', long = "site-dir")]
    pub site_dir: Option<PathBuf>,
    /// Do not read or write the cache (.blogen-cache/ beside mkdocs.yml: pages, highlighted
    /// code, the previous site): build everything from nothing.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The config file.
    #[arg(short = 'f', long = "config-file", default_value = "mkdocs.yml")]
    pub config_file: PathBuf,
    /// Address to serve on, host:port (port 0 picks a free port).
    #[arg(short = 'a', long = "dev-addr", default_value = "127.0.0.1:8000")]
    pub dev_addr: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Show info lines too.
    #[arg(short, long)]
    pub verbose: bool,
    /// Show errors only.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
}

#[derive(Args, Debug, Clone)]
pub struct NewArgs {
    /// The post's title.
    pub title: String,
    /// The post's date, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// Publish the post at the next build (`draft: false`). Without it the post is a draft:
    /// `serve` shows it, `build` leaves it out until its front matter says `draft: false`.
    #[arg(long, conflicts_with = "draft")]
    pub publish: bool,
    /// Create the post as a draft (the default; kept for scripts that pass it).
    #[arg(long, hide = true)]
    pub draft: bool,
    /// The config file.
    #[arg(short = 'f', long = "config-file", default_value = "mkdocs.yml")]
    pub config_file: PathBuf,
}

/// Loads the config named on the command line; prints the problem and gives exit code 2 when
/// it cannot be used.
pub fn load_config(args: &CommonArgs, sink: &Sink) -> Result<Config, i32> {
    let explicit = args.config_file != Path::new("mkdocs.yml");
    match Config::load(&args.config_file, explicit, sink) {
        Ok(c) => Ok(c),
        Err(d) => {
            sink.push(d);
            let diags = sink.take_sorted();
            let root = args.config_file.parent().unwrap_or(Path::new("."));
            report::print(&diags, args.format, root, args.verbose, args.quiet);
            Err(2)
        }
    }
}

pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Serve(args) => serve(&args),
        Command::New(args) => new_post(&args),
    }
}

fn serve(args: &ServeArgs) -> i32 {
    crate::serve::run(&crate::serve::Options {
        common: CommonArgs {
            config_file: args.config_file.clone(),
            strict: false,
            format: Format::Human,
            verbose: args.verbose,
            quiet: args.quiet,
        },
        addr: args.dev_addr.clone(),
        open: args.open,
    })
}

fn new_post(args: &NewArgs) -> i32 {
    let common = CommonArgs {
        config_file: args.config_file.clone(),
        strict: false,
        format: Format::Human,
        verbose: false,
        quiet: false,
    };
    let sink = Sink::new();
    let config = match load_config(&common, &sink) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let draft = !args.publish;
    match crate::new_post::create(&config, &args.title, date, draft) {
        Ok(post) => {
            let url = match &config.site_url {
                Some(base) => format!("{}/{}", base.trim_end_matches('/'), post.url),
                None => format!("/{}", post.url),
            };
            let path = post.path.strip_prefix(".").unwrap_or(&post.path);
            println!("Created {}", path.display());
            println!("URL: {url}");
            if draft {
                eprintln!(
                    "The post is a draft: `blogen serve` shows it, `blogen build` leaves it out \
                     until its front matter says `draft: false` (or create it with --publish)."
                );
            }
            0
        }
        Err(d) => {
            report::print(&[d], Format::Human, &config.root, false, false);
            1
        }
    }
}

fn build(args: &BuildArgs) -> i32 {
    let sink = Sink::new();
    let mut config = match load_config(&args.common, &sink) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Some(d) = &args.site_dir {
        config.site_dir = d.clone();
    }
    let start = std::time::Instant::now();
    let progress = Progress::new(!args.common.quiet);
    let run = crate::pipeline::Run::new(&config, Mode::Build, &sink).with_cache(!args.no_cache);
    let report = crate::pipeline::build_with(&run, args.common.strict, &|| progress.file());
    progress.finish();
    let c = &args.common;
    report::print(
        &report.diagnostics,
        c.format,
        &config.root,
        c.verbose,
        c.quiet,
    );
    if report.refused {
        return 2;
    }
    let code = exit_code(&report.diagnostics, c.strict);
    if report.written {
        if !c.quiet {
            let kept = match report.reused.outputs {
                0 => String::new(),
                n => format!(" ({} unchanged since the last build)", count(n, "file")),
            };
            eprintln!(
                "Built {} ({}) into {} in {:.2?}{kept}",
                count(report.pages, "page"),
                count(report.posts, "post"),
                config.site_dir.display(),
                start.elapsed()
            );
        }
    } else {
        eprintln!(
            "The site was not written: {}",
            not_written(&report.diagnostics, c)
        );
    }
    code
}

/// A count of the files written, shown on a terminal once a build has taken half a second
/// (nothing when stderr is not a terminal, or with -q).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    const DELAY: std::time::Duration = std::time::Duration::from_millis(500);

    fn new(wanted: bool) -> Progress {
        use std::io::IsTerminal;
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} building: {pos} files written [{elapsed}]",
            ) {
                bar.set_style(style);
            }
            // Shown only when the build is still running after the delay.
            let shown = bar.downgrade();
            std::thread::spawn(move || {
                std::thread::sleep(Self::DELAY);
                if let Some(bar) = shown.upgrade().filter(|b| !b.is_finished()) {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(std::time::Duration::from_millis(100));
                }
            });
            bar
        });
        Progress { bar }
    }

    fn file(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// "1 page", "2 pages".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Why the site was not written, pointing at diagnostics that were printed or saying how to see
/// the ones `-q` hid.
fn not_written(diagnostics: &[crate::check::Diagnostic], c: &CommonArgs) -> String {
    use crate::check::Severity;
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if errors > 0 {
        return format!("fix the {} above", count(errors, "error"));
    }
    if c.quiet {
        format!(
            "{} failed the run (--strict fails on warnings); -q hid them: run without -q to see them",
            count(warnings, "warning")
        )
    } else {
        format!(
            "fix the {} above (--strict fails on warnings)",
            count(warnings, "warning")
        )
    }
}

fn check(args: &CommonArgs) -> i32 {
    let sink = Sink::new();
    let config = match load_config(args, &sink) {
        Ok(c) => c,
        Err(code) => return code,
    };
    crate::pipeline::generate(
        &config,
        crate::pipeline::RunOptions {
            mode: Mode::Build,
            render_theme: false,
        },
        &sink,
    );
    let diags = sink.take_sorted();
    report::print(&diags, args.format, &config.root, args.verbose, args.quiet);
    exit_code(&diags, args.strict)
}
