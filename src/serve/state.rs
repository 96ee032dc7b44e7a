//! The one piece of state the preview server shares between its threads: the site being
//! served, the errors of the last rebuild, and the open event streams. The rebuild loop
//! replaces the site and the errors; the HTTP workers only read them.

use super::live::{self, Clients, ErrorView};
use super::site::ServedSite;
use serde_json::json;
use std::sync::{Arc, RwLock};

pub struct Status {
    /// Build number of the site being served.
    pub build: u64,
    pub errors: Vec<ErrorView>,
    /// The overlay for `errors` (empty without errors).
    pub overlay: String,
}

pub struct State {
    /// URL path the site is served under: `/`, or the path of site_url (`/docs/`).
    pub mount: String,
    site: RwLock<Arc<ServedSite>>,
    status: RwLock<Arc<Status>>,
    pub clients: Clients,
}

impl State {
    pub fn new(mount: String) -> State {
        State {
            mount,
            site: RwLock::new(Arc::new(ServedSite::default())),
            status: RwLock::new(Arc::new(Status {
                build: 0,
                errors: vec![],
                overlay: String::new(),
            })),
            clients: Clients::default(),
        }
    }

    pub fn site(&self) -> Arc<ServedSite> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn status(&self) -> Arc<Status> {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The `hello` / `errors` event data and the status endpoint's answer.
    pub fn status_json(status: &Status) -> serde_json::Value {
        json!({
            "build": status.build,
            "errors": status.errors,
            "overlay": status.overlay,
        })
    }

    /// Serves `site` from now on (when given) and shows `errors`, then tells the open pages:
    /// `errors` when the errors changed, `reload` with the changed files when the site
    /// changed. Returns the changed files.
    pub fn publish(&self, site: Option<ServedSite>, errors: Vec<ErrorView>) -> Vec<String> {
        let mut changed = Vec::new();
        let old_status = self.status();
        let mut build = old_status.build;
        if let Some(site) = site {
            let old = self.site();
            changed = site.changed_since(&old);
            if !changed.is_empty() || old.is_empty() {
                build = site.build;
                *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
            }
        }
        let errors_changed = errors != old_status.errors;
        let status = Arc::new(Status {
            build,
            overlay: live::overlay_html(&errors),
            errors,
        });
        *self.status.write().unwrap_or_else(|e| e.into_inner()) = status.clone();
        if errors_changed {
            self.clients.send("errors", &Self::status_json(&status));
        }
        if !changed.is_empty() {
            self.clients
                .send("reload", &json!({"build": build, "changed": changed}));
        }
        changed
    }
}
