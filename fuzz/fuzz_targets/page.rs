//! cargo-fuzz target over the input stages of one page: any bytes as a Markdown file (front
//! matter + body) go through front matter parsing, post date formatting (page dates, feeds) and
//! the Markdown renderer with every extension on and includes read from memory, the same entry
//! points as tests/fuzz_props.rs. It must never panic, overflow or hang.
//!
//! Run (from the repository root, nightly toolchain and `cargo install cargo-fuzz`):
//!     cargo +nightly fuzz run page -- -dict=fuzz/page.dict -max_len=4096
//! Add `-fork=1 -ignore_crashes=1 -max_total_time=1200` to keep going after a crash; inputs
//! that crash are saved under fuzz/artifacts/page/.
#![no_main]

use blogen::config::{MarkdownConfig, Validation};
use blogen::content::{date, frontmatter};
use blogen::markdown::includes::{IncludeError, Included, Kind, Resolver};
use blogen::plan::links::LinkIndex;
use blogen::markdown::{self, Env, ExcerptSpec, Input};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// Included files, by name: plain, multi-byte, with sections, including itself or each other.
const FILES: &[(&str, &str)] = &[
    ("inc.md", "Included *text* [^n]\n\n[^n]: note\n"),
    (
        "snip.md",
        "line 1\nline 2\n--8<-- [start:s]\nsection é\n--8<-- [end:s]\nline 6\n",
    ),
    (
        "multi.md",
        "日本語 🚀 é\n[x](%C3%A9.md){: #id } [y](é 日.md)\n",
    ),
    ("self.md", "again {!self.md!}\n--8<-- \"self.md\"\n"),
    ("a.md", "{!b.md!}\n"),
    ("b.md", "{!a.md!} --8<-- \"a.md\"\n"),
    (
        "code.md",
        "```python hl_lines=\"1-3\" linenums=\"1\"\nx = 1\ny = 2\n```\n",
    ),
];

struct Memory;

impl Resolver for Memory {
    fn read(&self, _kind: Kind, path: &str) -> Result<Included, IncludeError> {
        let name = path.split(':').next().unwrap_or(path);
        match FILES.iter().find(|(n, _)| *n == name) {
            Some((n, text)) => Ok(Included {
                key: n.to_string(),
                text: text.to_string(),
            }),
            None => Err(IncludeError {
                code: "include-missing",
                message: format!("`{path}` not found"),
            }),
        }
    }
}

fn all_extensions() -> MarkdownConfig {
    let mut md = MarkdownConfig {
        toc_permalink: Some("&para;".into()),
        toc_permalink_title: "Permanent link".into(),
        linenums: true,
        tasklist_custom_checkbox: true,
        ..Default::default()
    };
    for e in blogen::config::SUPPORTED_EXTENSIONS {
        md.extensions.insert(e.to_string());
    }
    md.passthrough_fences
        .push(("mermaid".into(), "mermaid".into()));
    md
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let split = frontmatter::split(&text);
    if let Some(yaml) = split.yaml {
        if let Ok((fm, _)) = frontmatter::parse(yaml, Path::new("p.md")) {
            if let Some(d) = fm.date {
                for d in std::iter::once(d.created).chain(d.updated) {
                    for f in ["full", "long", "medium", "short", "yyyy/MM/dd EEEE h:mm a"] {
                        let _ = date::format_date(&d, f);
                    }
                    let _ = blogen::publish::feeds::rfc2822(&d);
                    let _ = blogen::publish::feeds::rfc3339(&d);
                }
            }
        }
    }
    let md = all_extensions();
    let mut links = LinkIndex::default();
    links.pages.insert(
        "blog/posts/x.md".into(),
        ("blog/2024/01/01/x/".into(), false),
    );
    links.pages.insert(
        "blog/posts/é 日.md".into(),
        ("blog/2024/01/01/e/".into(), false),
    );
    let validation = Validation::default();
    let env = Env {
        config: &md,
        links: &links,
        validation: &validation,
        includes: Some(&Memory),
        highlight_cache: None,
    };
    let input = Input {
        rel: "blog/posts/p.md",
        display: Path::new("docs/blog/posts/p.md"),
        body: split.body,
        line_offset: split.body_line_offset,
        url: "blog/2024/01/01/p/",
        excerpt: Some(ExcerptSpec {
            separator: "<!-- more -->",
            title: "P",
        }),
    };
    let r = markdown::render(&input, &env);
    for d in &r.diagnostics {
        assert!(d.line >= 1, "{d:?}");
    }
});
