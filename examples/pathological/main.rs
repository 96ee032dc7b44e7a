//! Pathological-input benchmark: every case of `cases.rs` at 10,000 and 100,000 repetitions,
//! timed, with the ratio of the two times, which stays near 10 for a linear pipeline (≈100 is
//! quadratic). Each run is a child process with a time limit, so a runaway case is reported
//! instead of hanging the benchmark.
//!
//! Usage (see `bench/pathological.sh`):
//!   pathological [--blogen PATH] [--work DIR] [--timeout SECS] [--only SUBSTR] [--sizes A,B]
//! With `--blogen`, each case is a one-post mkdocs blog in `--work` and the time is that of
//! `blogen build`, less the build of the same blog with an empty post; without it, the time is
//! that of the Markdown pipeline (`markdown::render` and the read time) in a child process.
//!   pathological render CASE N     (the child: prints the seconds of one render)

#[path = "cases.rs"]
mod cases;

use blogen::config::{MarkdownConfig, Validation, SUPPORTED_EXTENSIONS};
use blogen::markdown::{self, Env, ExcerptSpec, Input};
use blogen::plan::links::LinkIndex;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A ratio above this between the 100k and the 10k time flags the case as superlinear.
const RATIO_LIMIT: f64 = 30.0;
/// A large-size time below this (seconds, net of the baseline) is too small to judge.
const NOISE_FLOOR: f64 = 0.1;
/// The small-size time is taken as at least this in the ratio (a few milliseconds are mostly
/// noise: the ratio of two noise figures means nothing).
const SMALL_FLOOR: f64 = 0.01;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("render") {
        let case = find(&args[1]);
        let n: usize = args[2].parse().expect("N");
        println!("{:.6}", render_once(&(case.make)(n)));
        return;
    }
    let mut blogen: Option<PathBuf> = None;
    let mut work = PathBuf::from("target/pathological");
    let mut timeout = 60.0;
    let mut only: Option<String> = None;
    let mut sizes = (10_000usize, 100_000usize);
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--blogen" => blogen = Some(PathBuf::from(val())),
            "--work" => work = PathBuf::from(val()),
            "--timeout" => timeout = val().parse().expect("--timeout SECS"),
            "--only" => only = Some(val()),
            "--sizes" => {
                let v = val();
                let (a, b) = v.split_once(',').expect("--sizes A,B");
                sizes = (a.parse().expect("size"), b.parse().expect("size"));
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let runner = Runner {
        blogen,
        work,
        timeout: Duration::from_secs_f64(timeout),
    };
    let baseline = runner.baseline();
    println!(
        "mode: {}; sizes {} and {}; times in seconds{}; limit {timeout} s",
        if runner.blogen.is_some() {
            "blogen build"
        } else {
            "markdown pipeline"
        },
        sizes.0,
        sizes.1,
        if runner.blogen.is_some() {
            format!(", net of an empty build ({baseline:.3} s)")
        } else {
            String::new()
        },
    );
    println!(
        "{:<28} {:>10} {:>10} {:>8}  check (ratio {}/{} should be ≈{}, flagged above {RATIO_LIMIT}; small times count as at least {SMALL_FLOOR} s)",
        "case", "small", "large", "ratio", sizes.1, sizes.0, sizes.1 / sizes.0
    );
    let mut bad = Vec::new();
    for case in cases::CASES {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        let small = runner.time(case, sizes.0).map(|t| (t - baseline).max(0.0));
        let large = match small {
            Some(_) => runner.time(case, sizes.1).map(|t| (t - baseline).max(0.0)),
            None => None,
        };
        let show = |t: Option<f64>| t.map_or("FAIL".to_string(), |t| format!("{t:.3}"));
        let (ratio, verdict) = match (small, large) {
            (Some(s), Some(l)) if l < NOISE_FLOOR => (l / s.max(SMALL_FLOOR), "ok (fast)"),
            (Some(s), Some(l)) => {
                let r = l / s.max(SMALL_FLOOR);
                (r, if r > RATIO_LIMIT { "SUPERLINEAR" } else { "ok" })
            }
            _ => (f64::NAN, "TIMEOUT/FAIL"),
        };
        if verdict != "ok" && verdict != "ok (fast)" {
            bad.push(case.name);
        }
        println!(
            "{:<28} {:>10} {:>10} {:>8.1}  {verdict}",
            case.name,
            show(small),
            show(large),
            ratio
        );
    }
    if bad.is_empty() {
        println!("all cases linear");
    } else {
        println!("superlinear or timed out: {}", bad.join(", "));
        std::process::exit(1);
    }
}

fn find(name: &str) -> &'static cases::Case {
    cases::CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

fn all_extensions() -> MarkdownConfig {
    let mut md = MarkdownConfig {
        toc_permalink: Some("&para;".into()),
        toc_permalink_title: "Permanent link".into(),
        ..Default::default()
    };
    for e in SUPPORTED_EXTENSIONS {
        md.extensions.insert(e.to_string());
    }
    md.passthrough_fences
        .push(("mermaid".into(), "mermaid".into()));
    md
}

/// One render of `body` as a blog post with every extension on, and its read time: seconds.
fn render_once(body: &str) -> f64 {
    let md = all_extensions();
    let links = LinkIndex::default();
    let validation = Validation::default();
    let env = Env {
        config: &md,
        links: &links,
        validation: &validation,
        includes: None,
        highlight_cache: None,
    };
    let input = Input {
        rel: "blog/posts/case.md",
        display: Path::new("docs/blog/posts/case.md"),
        body,
        line_offset: 0,
        url: "blog/2024/01/01/case/",
        excerpt: Some(ExcerptSpec {
            separator: "<!-- more -->",
            title: "Case",
        }),
    };
    let start = Instant::now();
    let r = markdown::render(&input, &env);
    let _ = blogen::site::readtime::readtime(&r.html, 265);
    start.elapsed().as_secs_f64()
}

struct Runner {
    blogen: Option<PathBuf>,
    work: PathBuf,
    timeout: Duration,
}

const MKDOCS_YML: &str = "site_name: Pathological
site_url: https://example.com/
theme:
  name: material
plugins:
  - search
  - blog
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.caret
  - pymdownx.details
  - pymdownx.emoji
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.mark
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.tilde
";

impl Runner {
    /// The time of a build with an empty post (0 for the in-process mode).
    fn baseline(&self) -> f64 {
        if self.blogen.is_none() {
            return 0.0;
        }
        let dir = self.project("baseline", "");
        (0..3)
            .filter_map(|_| self.build(&dir))
            .fold(f64::INFINITY, f64::min)
    }

    fn project(&self, name: &str, body: &str) -> PathBuf {
        let dir = self.work.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        let posts = dir.join("docs/blog/posts");
        std::fs::create_dir_all(&posts).expect("create the project");
        std::fs::write(dir.join("mkdocs.yml"), MKDOCS_YML).expect("write mkdocs.yml");
        std::fs::write(dir.join("docs/index.md"), "# Home\n").expect("write index.md");
        std::fs::write(dir.join("docs/blog/index.md"), "# Blog\n").expect("write blog/index.md");
        let post = format!("---\ndate: 2024-01-01\n---\n\n{body}");
        std::fs::write(posts.join("case.md"), post).expect("write the post");
        dir
    }

    fn build(&self, dir: &Path) -> Option<f64> {
        let bin = self.blogen.as_ref()?;
        let mut cmd = Command::new(bin);
        cmd.args(["build", "-q", "--no-cache", "-f"])
            .arg(dir.join("mkdocs.yml"));
        let start = Instant::now();
        self.run(cmd, false)?;
        Some(start.elapsed().as_secs_f64())
    }

    /// Seconds for `case` at `n` repetitions, the best of three when a run is under a second;
    /// None when it ran past the time limit or failed.
    fn time(&self, case: &cases::Case, n: usize) -> Option<f64> {
        let first = self.time_once(case, n)?;
        if first >= 1.0 {
            return Some(first);
        }
        Some(
            (0..2)
                .filter_map(|_| self.time_once(case, n))
                .fold(first, f64::min),
        )
    }

    fn time_once(&self, case: &cases::Case, n: usize) -> Option<f64> {
        if self.blogen.is_some() {
            let dir = self.project(&format!("{}-{n}", case.name), &(case.make)(n));
            let t = self.build(&dir);
            let _ = std::fs::remove_dir_all(&dir);
            return t;
        }
        let mut cmd = Command::new(std::env::current_exe().expect("current exe"));
        cmd.args(["render", case.name, &n.to_string()]);
        self.run(cmd, true)?.trim().parse().ok()
    }

    /// Runs `cmd` to its end or the time limit; its standard output (when `capture`: the child
    /// prints a line), None past the limit or when the child failed.
    fn run(&self, mut cmd: Command, capture: bool) -> Option<String> {
        let mut child = cmd
            .stdout(if capture {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait for the child") {
                let mut out = String::new();
                if let Some(mut o) = child.stdout.take() {
                    let _ = std::io::Read::read_to_string(&mut o, &mut out);
                }
                if !status.success() {
                    eprintln!("child failed ({status}): {cmd:?}");
                    return None;
                }
                return Some(out);
            }
            if start.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
