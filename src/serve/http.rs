//! The preview's HTTP side, on axum (hyper) in a small tokio runtime of its own: GET and HEAD
//! are answered from the in-memory site (content type from the file name, the site's 404
//! page, `dir` redirected to `dir/`), HTML gets the live-reload script, and the event stream
//! sends `hello` and then every event of `State::clients`. Nothing is cached by the browser,
//! so a reload always shows the latest build.

use super::live::{self, PageState, EVENTS_PATH, STATUS_PATH};
use super::site::{decode_path, Body, Resolved};
use super::state::State;
use axum::extract::State as Shared;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::StreamExt;
use std::convert::Infallible;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::oneshot;

/// Open connections get this long to finish when the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

pub struct Http {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Starts listening on `addr` (host:port; port 0 picks a free one).
pub fn start(addr: &str, state: Arc<State>) -> Result<Http, String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("blogen-http")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the HTTP server: {e}"))?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = Router::new().fallback(handle).with_state(state);
    let thread = std::thread::Builder::new()
        .name("blogen-http".into())
        .spawn(move || {
            rt.block_on(async move {
                let (graceful, graceful_rx) = oneshot::channel::<()>();
                let server = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = graceful_rx.await;
                    })
                    .into_future();
                let server = tokio::spawn(server);
                let _ = stopped.await;
                let _ = graceful.send(());
                let _ = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
            });
            rt.shutdown_timeout(SHUTDOWN_GRACE);
        })
        .map_err(|e| format!("cannot start the HTTP server: {e}"))?;
    Ok(Http {
        addr: local,
        stop: Some(stop),
        thread: Some(thread),
    })
}

impl Http {
    /// Stops serving; event streams end when `State::clients` is closed first.
    pub fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
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

fn plain(code: StatusCode, text: &str) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

async fn handle(Shared(state): Shared<Arc<State>>, method: Method, uri: Uri) -> Response {
    let mut resp = answer(&state, &method, &uri).await;
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

async fn answer(state: &Arc<State>, method: &Method, uri: &Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD",
        )
            .into_response();
    }
    let raw = uri.path();
    let Some(rest) = raw.strip_prefix(state.mount.as_str()) else {
        if raw == "/" {
            return (StatusCode::FOUND, [(header::LOCATION, state.mount.clone())]).into_response();
        }
        return plain(
            StatusCode::NOT_FOUND,
            &format!("Not found: the site is served under {}", state.mount),
        );
    };
    if rest == EVENTS_PATH {
        return events(state.clone());
    }
    if rest == STATUS_PATH {
        return (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            State::status_json(&state.status()).to_string(),
        )
            .into_response();
    }
    let Some(path) = decode_path(rest) else {
        return plain(StatusCode::BAD_REQUEST, "Bad request path");
    };
    let site = state.site();
    match site.resolve(&path) {
        Resolved::File(file) => match site.get(&file) {
            Some(body) => file_response(state, &file, body, StatusCode::OK, Some(&file)).await,
            None => plain(StatusCode::NOT_FOUND, "404 Not Found"),
        },
        // Keep the path as the client wrote it, only add the slash.
        Resolved::Redirect(_) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("{}{rest}/", state.mount))],
        )
            .into_response(),
        Resolved::NotFound => match site.get("404.html") {
            Some(body) => file_response(state, "404.html", body, StatusCode::NOT_FOUND, None).await,
            None => plain(StatusCode::NOT_FOUND, "404 Not Found"),
        },
    }
}

async fn file_response(
    state: &State,
    name: &str,
    body: &Body,
    code: StatusCode,
    page: Option<&str>,
) -> Response {
    let ctype = content_type(name);
    let data = match body {
        Body::Bytes(bytes) if ctype.starts_with("text/html") => {
            let status = state.status();
            let page_state = PageState {
                build: status.build,
                page,
                events: format!("{}{EVENTS_PATH}", state.mount),
            };
            live::inject(bytes, &page_state, &status.overlay)
        }
        Body::Bytes(bytes) => bytes.to_vec(),
        Body::File(path, _) => match tokio::fs::read(path).await {
            Ok(b) => b,
            Err(_) => return plain(StatusCode::NOT_FOUND, "404 Not Found (the file is gone)"),
        },
    };
    (code, [(header::CONTENT_TYPE, ctype)], data).into_response()
}

/// The event stream: `hello` with the current build and errors, then every event sent to
/// `State::clients`, with a keep-alive comment when idle. A stream that fell behind gets a
/// new `hello` (the page then reloads if it is outdated).
fn events(state: Arc<State>) -> Response {
    let Some(rx) = state.clients.subscribe() else {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping");
    };
    let hello = |state: &State| {
        Event::default()
            .event("hello")
            .data(State::status_json(&state.status()).to_string())
    };
    let first = hello(&state).retry(Duration::from_millis(500));
    let rest = futures_util::stream::unfold((rx, state), move |(mut rx, state)| async move {
        let event = match rx.recv().await {
            Ok(msg) => Event::default().event(&msg.0).data(&msg.1),
            Err(RecvError::Lagged(_)) => hello(&state),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(event), (rx, state)))
    });
    let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(first) }).chain(rest);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/x.css"), "text/css; charset=utf-8");
        assert!(content_type("x.js").ends_with("javascript; charset=utf-8"));
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
