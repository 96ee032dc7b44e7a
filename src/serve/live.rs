//! The browser side of `serve`: the script added before `</body>` of every HTML page it sends
//! (never to the built site), the error overlay, and the server-sent events that tell open
//! pages to reload (`reload`), to show or clear errors (`errors`), and where they stand on
//! connecting (`hello`).

use crate::check::Diagnostic;
use crate::markdown::html::escape_text;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Where pages listen for events, below the site's mount point.
pub const EVENTS_PATH: &str = "__blogen/events";
/// The current build and errors as JSON (for tools and tests).
pub const STATUS_PATH: &str = "__blogen/status";

/// An error as the overlay and the events show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorView {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Diagnostic> for ErrorView {
    fn from(d: &Diagnostic) -> Self {
        ErrorView {
            file: d
                .file
                .as_ref()
                .map(|f| f.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default(),
            line: d.line,
            col: d.col,
            code: d.code.to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// The overlay listing `errors`; empty when there are none. Styled inline, so it looks the
/// same whatever the theme.
pub fn overlay_html(errors: &[ErrorView]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for e in errors {
        let place = match (e.file.is_empty(), e.line) {
            (true, _) => String::new(),
            (false, 0) => e.file.clone(),
            (false, l) => format!("{}:{}:{}", e.file, l, e.col.max(1)),
        };
        items.push_str(&format!(
            "<li style=\"margin:0 0 .8em\"><code style=\"font-weight:bold\">{}</code> <span style=\"opacity:.7\">[{}]</span><br>{}{}</li>",
            escape_text(&place),
            escape_text(&e.code),
            escape_text(&e.message),
            e.hint
                .as_ref()
                .map(|h| format!("<br><span style=\"opacity:.8\">hint: {}</span>", escape_text(h)))
                .unwrap_or_default()
        ));
    }
    let n = errors.len();
    format!(
        "<div id=\"__blogen-overlay\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5a0000;border-bottom:4px solid #d00;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)\"><p style=\"margin:0 0 .8em;font-weight:bold\">blogen: {n} error{} in the last change. This page shows the last good build; fix the file and save.</p><ul style=\"margin:0;padding-left:1.2em\">{items}</ul></div>",
        if n == 1 { "" } else { "s" }
    )
}

/// What a page is told about itself when it is sent.
#[derive(Serialize)]
pub struct PageState<'a> {
    pub build: u64,
    /// The site file sent, None for the 404 page (any change may create the page).
    pub page: Option<&'a str>,
    /// URL of the event stream.
    pub events: String,
}

const CLIENT_JS: &str = r#"(function () {
  var S = window.__blogen;
  function overlay(html) {
    var old = document.getElementById("__blogen-overlay");
    if (old) old.remove();
    if (html) document.body.insertAdjacentHTML("beforeend", html);
  }
  function concerns(changed) {
    if (S.page === null) return changed.length > 0;
    for (var i = 0; i < changed.length; i++) {
      if (changed[i] === S.page || !/\.html$/.test(changed[i])) return true;
    }
    return false;
  }
  var es = new EventSource(S.events);
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    overlay(d.overlay);
    if (d.build !== S.build) location.reload();
  });
  es.addEventListener("errors", function (e) {
    overlay(JSON.parse(e.data).overlay);
  });
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (concerns(d.changed)) location.reload();
    else S.build = d.build;
  });
  window.addEventListener("pagehide", function () { es.close(); });
})();"#;

/// JSON that is safe inside a `<script>` element.
fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

/// Adds the overlay (when there are errors) and the live-reload script before the last
/// `</body>` of `html`, or at its end.
pub fn inject(html: &[u8], state: &PageState, overlay: &str) -> Vec<u8> {
    let snippet = format!(
        "{overlay}<script data-blogen-live>window.__blogen = {};\n{CLIENT_JS}</script>\n",
        script_json(state)
    );
    let at = find_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_body_end(html: &[u8]) -> Option<usize> {
    const END: &[u8] = b"</body>";
    (0..=html.len().checked_sub(END.len())?)
        .rev()
        .find(|&i| html[i..i + END.len()].eq_ignore_ascii_case(END))
}

/// An event: its name and its data.
pub type Message = Arc<(String, String)>;
type Sender = broadcast::Sender<Message>;

/// The open event streams: every rebuild's events go to all of them.
pub struct Clients {
    tx: Mutex<Option<Sender>>,
}

impl Default for Clients {
    fn default() -> Self {
        Clients {
            tx: Mutex::new(Some(broadcast::channel(64).0)),
        }
    }
}

impl Clients {
    /// A new stream of (event name, data); None once the server is stopping.
    pub fn subscribe(&self) -> Option<broadcast::Receiver<Message>> {
        self.lock().as_ref().map(|tx| tx.subscribe())
    }

    /// Sends an event to every open stream.
    pub fn send(&self, name: &str, data: &serde_json::Value) {
        if let Some(tx) = self.lock().as_ref() {
            let _ = tx.send(Arc::new((name.to_string(), data.to_string())));
        }
    }

    /// Ends every stream (at shutdown).
    pub fn close(&self) {
        self.lock().take();
    }

    pub fn count(&self) -> usize {
        self.lock().as_ref().map_or(0, |tx| tx.receiver_count())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Sender>> {
        self.tx.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> PageState<'static> {
        PageState {
            build: 7,
            page: Some("a/index.html"),
            events: "/__blogen/events".into(),
        }
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, &state(), "")).unwrap();
        let script = out.find("<script data-blogen-live>").unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.contains("\"build\":7"));
        let plain = String::from_utf8(inject(b"no body", &state(), "")).unwrap();
        assert!(plain.starts_with("no body<script"));
    }

    #[test]
    fn overlay_names_file_and_line_and_escapes() {
        let errors = vec![ErrorView {
            file: "docs/a.md".into(),
            line: 3,
            col: 1,
            code: "front-matter".into(),
            message: "bad <yaml>".into(),
            hint: None,
        }];
        let html = overlay_html(&errors);
        assert!(html.contains("id=\"__blogen-overlay\""));
        assert!(html.contains("docs/a.md:3:1"));
        assert!(html.contains("bad &lt;yaml&gt;"));
        assert_eq!(overlay_html(&[]), "");
    }

    #[test]
    fn state_json_cannot_close_the_script() {
        let s = PageState {
            build: 1,
            page: Some("</script><script>alert(1)</script>"),
            events: String::new(),
        };
        let out = String::from_utf8(inject(b"<body></body>", &s, "")).unwrap();
        assert_eq!(out.matches("</script>").count(), 1);
    }

    #[test]
    fn events_reach_streams_until_closed() {
        let c = Clients::default();
        let mut rx = c.subscribe().unwrap();
        c.send("reload", &serde_json::json!({"build": 2}));
        let msg = rx.try_recv().unwrap();
        assert_eq!(
            (msg.0.as_str(), msg.1.as_str()),
            ("reload", "{\"build\":2}")
        );
        c.close();
        assert!(c.subscribe().is_none());
        assert!(rx.try_recv().is_err());
    }
}
