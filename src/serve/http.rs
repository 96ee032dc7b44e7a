//! The preview's HTTP side, on tiny_http: a few worker threads answer GET and HEAD from the
//! in-memory site (content type from the file name, the site's 404 page, redirects from
//! `dir` to `dir/`), add the live-reload script to HTML, and hold the event streams open.
//! Nothing is cached by the browser, so a reload always shows the latest build.

use super::live::{self, PageState, EVENTS_PATH, STATUS_PATH};
use super::site::{decode_path, Body, Resolved};
use super::state::State;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

const WORKERS: usize = 4;
/// A comment is sent on idle event streams this often, so closed tabs are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

pub struct Http {
    server: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
    pub addr: SocketAddr,
}

/// Starts listening on `addr` (host:port; port 0 picks a free one).
pub fn start(addr: &str, state: Arc<State>) -> Result<Http, String> {
    let server =
        tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| format!("{addr} is not an IP address"))?;
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let workers = (0..WORKERS)
        .map(|n| {
            let server = server.clone();
            let state = state.clone();
            let stopping = stopping.clone();
            std::thread::Builder::new()
                .name(format!("blogen-http-{n}"))
                .spawn(move || loop {
                    match server.recv() {
                        Ok(rq) => handle(rq, &state, &stopping),
                        Err(_) if stopping.load(Ordering::SeqCst) => break,
                        Err(_) => std::thread::sleep(Duration::from_millis(10)),
                    }
                })
                .expect("spawn an HTTP worker")
        })
        .collect();
    Ok(Http {
        server,
        workers,
        stopping,
        addr: local,
    })
}

impl Http {
    /// Stops the workers; open event streams end when `State::clients` is closed.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        for _ in &self.workers {
            self.server.unblock();
        }
        for w in self.workers {
            let _ = w.join();
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn send<R: std::io::Read>(rq: Request, resp: Response<R>) {
    let resp = resp.with_header(header("Cache-Control", "no-store"));
    let _ = rq.respond(resp);
}

fn plain(rq: Request, code: u16, text: &str) {
    let resp = Response::from_string(text)
        .with_status_code(StatusCode(code))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"));
    send(rq, resp);
}

fn handle(rq: Request, state: &Arc<State>, stopping: &Arc<AtomicBool>) {
    if !matches!(rq.method(), Method::Get | Method::Head) {
        let resp = Response::from_string("only GET and HEAD")
            .with_status_code(StatusCode(405))
            .with_header(header("Allow", "GET, HEAD"));
        return send(rq, resp);
    }
    let url = rq.url().to_string();
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = raw.strip_prefix(state.mount.as_str()) else {
        if raw == "/" || raw.is_empty() {
            let resp =
                Response::empty(StatusCode(302)).with_header(header("Location", &state.mount));
            return send(rq, resp);
        }
        return plain(
            rq,
            404,
            &format!("Not found: the site is served under {}", state.mount),
        );
    };
    if rest == EVENTS_PATH {
        let state = state.clone();
        let stopping = stopping.clone();
        let _ = std::thread::Builder::new()
            .name("blogen-events".into())
            .spawn(move || events(rq, &state, &stopping));
        return;
    }
    if rest == STATUS_PATH {
        let body = State::status_json(&state.status()).to_string();
        let resp = Response::from_string(body)
            .with_header(header("Content-Type", "application/json; charset=utf-8"));
        return send(rq, resp);
    }
    let Some(path) = decode_path(rest) else {
        return plain(rq, 400, "Bad request path");
    };
    let site = state.site();
    match site.resolve(&path) {
        Resolved::File(file) => {
            let body = site.get(&file).expect("resolved");
            file_response(rq, state, &file, body, 200, Some(&file));
        }
        Resolved::Redirect(_) => {
            // Keep the path as the client wrote it, only add the slash.
            let location = format!("{}{}/", state.mount, rest);
            let resp = Response::empty(StatusCode(301)).with_header(header("Location", &location));
            send(rq, resp);
        }
        Resolved::NotFound => match site.get("404.html") {
            Some(body) => file_response(rq, state, "404.html", body, 404, None),
            None => plain(rq, 404, "404 Not Found"),
        },
    }
}

fn file_response(
    rq: Request,
    state: &State,
    name: &str,
    body: &Body,
    code: u16,
    page: Option<&str>,
) {
    let ctype = content_type(name);
    match body {
        Body::Bytes(bytes) => {
            let data = if ctype.starts_with("text/html") {
                let status = state.status();
                let page_state = PageState {
                    build: status.build,
                    page,
                    events: format!("{}{EVENTS_PATH}", state.mount),
                };
                live::inject(bytes, &page_state, &status.overlay)
            } else {
                bytes.to_vec()
            };
            let resp = Response::from_data(data)
                .with_status_code(StatusCode(code))
                .with_header(header("Content-Type", &ctype));
            send(rq, resp);
        }
        Body::File(path, _) => match std::fs::File::open(path) {
            Ok(f) => {
                let resp = Response::from_file(f)
                    .with_status_code(StatusCode(code))
                    .with_header(header("Content-Type", &ctype));
                send(rq, resp);
            }
            Err(_) => plain(rq, 404, "404 Not Found (the file was removed)"),
        },
    }
}

/// Holds an event stream open: `hello` first, then every event of `State::clients`, with a
/// keep-alive comment when idle. tiny_http would buffer a streamed body, so the response is
/// written to the connection directly and flushed after each event.
fn events(rq: Request, state: &State, stopping: &AtomicBool) {
    let rx = state.clients.subscribe();
    let hello = live::event("hello", &State::status_json(&state.status()));
    let mut w = rq.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes()).is_err()
        || w.write_all(hello.as_bytes()).is_err()
        || w.flush().is_err()
    {
        return;
    }
    loop {
        let chunk: std::borrow::Cow<str> = match rx.recv_timeout(KEEPALIVE) {
            Ok(msg) => msg.to_string().into(),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".into(),
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if stopping.load(Ordering::SeqCst)
            || w.write_all(chunk.as_bytes()).is_err()
            || w.flush().is_err()
        {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/x.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.js"), "text/javascript; charset=utf-8");
        assert_eq!(
            content_type("feed_rss_created.xml"),
            "text/xml; charset=utf-8"
        );
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("a.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(
            content_type("search.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("blob"), "application/octet-stream");
    }
}
