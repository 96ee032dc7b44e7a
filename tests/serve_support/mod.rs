//! Helpers for the `serve` tests: a copy of the sample blog, a `blogen serve` child process on
//! a free loopback port (stopped when dropped), HTTP requests, and the event stream. Waits are
//! bounded and generous; nothing here measures time.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(60);

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A copy of the repository's sample blog (mkdocs.yml and docs/) in a temporary folder.
pub fn sample_blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("mkdocs.yml"), dir.path().join("mkdocs.yml")).unwrap();
    copy_dir(&repo().join("docs"), &dir.path().join("docs"));
    dir
}

pub const PERF_POST: &str = "docs/blog/posts/2026-11-03_40x-faster/main.md";
pub const PERF_URL: &str = "blog/2026/11/03/how-we-made-blogen-40x-faster-a-post-mortem/";
pub const PERF_FILE: &str =
    "blog/2026/11/03/how-we-made-blogen-40x-faster-a-post-mortem/index.html";

/// Polls `f` until it holds or `timeout` passes.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// `blogen serve` on 127.0.0.1 and a free port, for one test.
pub struct Server {
    child: Child,
    pub base: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_blogen"))
            .args(["serve", "-a", "127.0.0.1:0", "-f"])
            .arg(root.join("mkdocs.yml"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start blogen serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.split("Serving on ").nth(1) {
                    let _ = tx.send(url.split(' ').next().unwrap_or("").to_string());
                }
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let base = match rx.recv_timeout(WAIT) {
            Ok(b) => b,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not start:\n{}", log.lock().unwrap());
            }
        };
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Server { child, base, log }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn get(&self, path: &str) -> Response {
        let url = format!("{}{}", self.base, path.trim_start_matches('/'));
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(30))
            .redirects(0)
            .build();
        let resp = match agent.get(&url).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("GET {url}: {e}\n{}", self.log()),
        };
        Response {
            status: resp.status(),
            content_type: resp.header("Content-Type").unwrap_or("").to_string(),
            body: resp.into_string().unwrap_or_default(),
        }
    }

    /// Sends `request_line` as written (no URL normalisation) and returns the status code.
    pub fn raw_status(&self, request_line: &str) -> u16 {
        let addr = self
            .base
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "{request_line}\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out.split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }

    pub fn events(&self) -> Events {
        Events::open(&format!("{}__blogen/events", self.base))
    }

    /// Sends Ctrl-C (SIGINT) and waits for the process to end.
    pub fn interrupt(&mut self) -> Option<ExitStatus> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-s", "INT", &pid]).status();
        let end = Instant::now() + WAIT;
        while Instant::now() < end {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server-sent events of one stream: (event name, data).
pub struct Events {
    rx: Receiver<(String, serde_json::Value)>,
}

impl Events {
    fn open(url: &str) -> Events {
        let resp = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(30))
            .timeout_read(Duration::from_secs(120))
            .build()
            .get(url)
            .call()
            .expect("event stream");
        assert!(resp
            .header("Content-Type")
            .unwrap_or("")
            .starts_with("text/event-stream"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(resp.into_reader()).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    let v = serde_json::from_str(d).expect("JSON data");
                    if tx.send((name.clone(), v)).is_err() {
                        break;
                    }
                }
            }
        });
        Events { rx }
    }

    /// The next event named `name` for which `pred` holds; events before it are skipped.
    pub fn wait_for(
        &self,
        name: &str,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let end = Instant::now() + WAIT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((n, v)) if n == name && pred(&v) => return v,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event came"),
            }
        }
    }
}

/// `changed` of a reload event includes `file`.
pub fn changed(v: &serde_json::Value, file: &str) -> bool {
    v["changed"]
        .as_array()
        .is_some_and(|a| a.iter().any(|p| p == file))
}

/// Writes `text` to `path` as editors that save atomically do: a temporary file, then rename.
pub fn atomic_write(path: &Path, text: &str) {
    let tmp = path.with_extension("md.blogen-tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}
