//! How pages load Mermaid: from `extra.blogen.mermaid_url` (an ES module; by default the CDN),
//! or, with `extra.blogen.mermaid: local`, from a copy of Mermaid embedded in the binary
//! (`vendor/mermaid/`, refreshed by its `update.sh`) and published with the site, so diagrams
//! draw offline. The template (`partials/mermaid.html`) shows a note where a diagram cannot be
//! drawn.

use crate::config::Config;

/// Where the local copy is published (site-relative).
pub const LOCAL_PATH: &str = "assets/blogen/mermaid.min.js";

static LOCAL_GZ: &[u8] = include_bytes!("../../vendor/mermaid/mermaid.min.js.gz");

/// The local copy's bytes.
pub fn local_script() -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(4 << 20);
    flate2::read::GzDecoder::new(LOCAL_GZ).read_to_end(&mut out)?;
    Ok(out)
}

/// How the page at `page_url` loads Mermaid: (the URL, whether it is a classic script that
/// defines `window.mermaid` rather than an ES module). A relative or root-absolute configured
/// URL names a file of the site (so it works under a site_url sub-path), written relative to
/// the page; a full URL is kept.
pub fn script_for(config: &Config, page_url: &str) -> (String, bool) {
    if config.mermaid_local {
        return (crate::url::relative_url(page_url, LOCAL_PATH), true);
    }
    let url = &config.mermaid_url;
    if url.contains("://") || url.starts_with("//") || url.starts_with("data:") {
        return (url.clone(), false);
    }
    let in_site = url.trim_start_matches('/');
    (crate::url::relative_url(page_url, in_site), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_copy_is_the_mermaid_bundle() {
        let js = local_script().unwrap();
        assert!(js.len() > 1_000_000);
        assert!(String::from_utf8_lossy(&js[..4096]).contains("mermaid"));
    }

    #[test]
    fn configured_urls_are_resolved_against_the_site() {
        let mut c = Config::defaults(std::path::Path::new("."));
        c.mermaid_url = "js/mermaid.esm.min.mjs".into();
        assert_eq!(
            script_for(&c, "blog/2024/01/02/x/").0,
            "../../../../../js/mermaid.esm.min.mjs"
        );
        c.mermaid_url = "/js/mermaid.esm.min.mjs".into();
        assert_eq!(script_for(&c, "a/").0, "../js/mermaid.esm.min.mjs");
        c.mermaid_url = "https://cdn.example/m.mjs".into();
        assert_eq!(script_for(&c, "a/").0, "https://cdn.example/m.mjs");
        c.mermaid_local = true;
        assert_eq!(
            script_for(&c, "a/"),
            ("../assets/blogen/mermaid.min.js".into(), true)
        );
    }
}
