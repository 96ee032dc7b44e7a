//! Deterministic corpus generator for benchmarks: an mkdocs-material blog of N posts over ten
//! years, each about 1,000 words with four fenced code blocks in several languages (no block
//! repeated verbatim), a Mermaid diagram, a table, an admonition, links to other posts, an image,
//! authors and categories.
//!
//! Usage: `cargo run --release --example gen_corpus -- N DIR`

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: a small deterministic PRNG, so the corpus is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "build",
    "cache",
    "page",
    "render",
    "template",
    "latency",
    "throughput",
    "index",
    "post",
    "writer",
    "reader",
    "pipeline",
    "stage",
    "thread",
    "parser",
    "token",
    "markdown",
    "syntax",
    "highlight",
    "output",
    "folder",
    "link",
    "anchor",
    "heading",
    "archive",
    "category",
    "author",
    "feed",
    "server",
    "browser",
    "reload",
    "config",
    "option",
    "default",
    "value",
    "error",
    "warning",
    "line",
    "column",
    "file",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "it",
    "that",
    "we",
    "with",
    "for",
    "on",
    "this",
    "as",
    "was",
    "but",
    "not",
    "when",
    "every",
    "because",
    "then",
    "again",
];
const CATEGORIES: &[&str] = &[
    "Performance",
    "Guides",
    "Releases",
    "Internals",
    "Community",
    "Tooling",
];
const AUTHORS: &[&str] = &["ada", "lin", "sam", "kim"];
const ADMONITIONS: &[&str] = &["note", "tip", "warning", "info"];

// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(r.pick(WORDS));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => s,
    }
}

fn paragraph(r: &mut Rng, words: usize) -> String {
    let mut p = String::new();
    let mut left = words;
    while left > 0 {
        let n = (6 + r.below(12)).min(left);
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&sentence(r, n));
        left -= n;
    }
    p
}

/// A code block whose content depends on the post and block number, so no two are the same.
fn code_block(r: &mut Rng, post: usize, k: usize) -> String {
    let n = post * 7 + k;
    let name = format!("{}_{}", r.pick(WORDS), n);
    match (post + k) % 6 {
        0 => format!("```rust\nfn {name}(input: &[u32]) -> u64 {{\n    let mut total = {n}u64;\n    for (i, x) in input.iter().enumerate() {{\n        total = total.wrapping_mul(31).wrapping_add(*x as u64 ^ i as u64);\n    }}\n    total\n}}\n```\n"),
        1 => format!("```python\ndef {name}(items):\n    \"\"\"Sum the {} items.\"\"\"\n    seen = set()\n    for i, item in enumerate(items):\n        if item % {} == 0:\n            seen.add(i * {n})\n    return sorted(seen)\n```\n", r.pick(WORDS), 2 + k),
        2 => format!("```javascript\nexport function {name}(list) {{\n  const out = [];\n  for (const [i, v] of list.entries()) {{\n    if (v > {n}) out.push({{ i, v, label: \"{}\" }});\n  }}\n  return out;\n}}\n```\n", r.pick(WORDS)),
        3 => format!("```bash\n#!/usr/bin/env bash\nset -euo pipefail\nfor i in $(seq 1 {n}); do\n  echo \"{} $i\" >> /tmp/{name}.log\ndone\ngrep -c {} /tmp/{name}.log\n```\n", r.pick(WORDS), r.pick(WORDS)),
        4 => format!("```yaml\n{name}:\n  enabled: true\n  retries: {n}\n  paths:\n    - docs/{}\n    - docs/{}\n```\n", r.pick(WORDS), r.pick(WORDS)),
        _ => format!("```go\nfunc {name}(xs []int) int {{\n\tsum := {n}\n\tfor _, x := range xs {{\n\t\tsum += x * {}\n\t}}\n\treturn sum\n}}\n```\n", k + 3),
    }
}

fn date_of(i: usize, n: usize) -> (u32, u32, u32) {
    // Spread over ten years, 2016..2025, oldest first.
    let day_index = (i as u64 * 3650 / n.max(1) as u64) as u32;
    let year = 2016 + day_index / 365;
    let doy = day_index % 365;
    let month = 1 + (doy / 31).min(11);
    let day = 1 + (doy % 28);
    (year, month, day)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus N DIR");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    let posts = root.join("docs/blog/posts");
    std::fs::create_dir_all(&posts).expect("create folders");
    std::fs::write(
        root.join("mkdocs.yml"),
        "site_name: Benchmark blog\nsite_url: https://bench.example.org/\ntheme:\n  name: material\nplugins:\n  - search\n  - blog\nmarkdown_extensions:\n  - attr_list\n  - admonition\n  - pymdownx.details\n  - pymdownx.highlight\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n  - tables\n  - toc:\n      permalink: true\nnav:\n  - Home: index.md\n  - Blog:\n    - blog/index.md\n",
    )
    .expect("write mkdocs.yml");
    std::fs::write(
        root.join("docs/index.md"),
        "# Benchmark blog\n\nA generated blog. See the [posts](blog/index.md).\n",
    )
    .expect("write");
    std::fs::write(root.join("docs/blog/index.md"), "# Blog\n").expect("write");
    let mut authors = String::from("authors:\n");
    for a in AUTHORS {
        let _ = write!(authors, "  {a}:\n    name: {} Example\n    description: Writes about builds\n    avatar: https://example.org/{a}.png\n", a.to_uppercase());
    }
    std::fs::write(root.join("docs/blog/.authors.yml"), authors).expect("write");
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let dirs: Vec<String> = (0..n)
        .map(|i| {
            let (y, m, d) = date_of(i, n);
            format!("{y:04}-{m:02}-{d:02}_post-{i:05}")
        })
        .collect();
    for (i, name) in dirs.iter().enumerate() {
        let (y, m, d) = date_of(i, n);
        let mut s = String::new();
        let cat1 = r.pick(CATEGORIES);
        let cat2 = r.pick(CATEGORIES);
        let _ = write!(
            s,
            "---\ndate: {y:04}-{m:02}-{d:02}\nauthors:\n  - {}\ncategories:\n  - {cat1}\n{}---\n\n# Post {i}: {} {} {}\n\n",
            r.pick(AUTHORS),
            if cat2 != cat1 { format!("  - {cat2}\n") } else { String::new() },
            r.pick(WORDS),
            r.pick(WORDS),
            r.pick(WORDS)
        );
        let _ = write!(
            s,
            "![Cover](cover.png)\n\n{}\n\n<!-- more -->\n\n",
            paragraph(&mut r, 60)
        );
        for k in 0..4 {
            let _ = write!(
                s,
                "## Section {k}: {}\n\n{}\n\n",
                r.pick(WORDS),
                paragraph(&mut r, 150)
            );
            s.push_str(&code_block(&mut r, i, k));
            s.push('\n');
            if k == 1 && i > 0 {
                let other = r.below(i);
                let _ = write!(
                    s,
                    "As discussed in [an earlier post](../{}/main.md), {}\n\n",
                    dirs[other],
                    paragraph(&mut r, 30)
                );
            }
        }
        let _ = write!(
            s,
            "```mermaid\nflowchart LR\n    A{i}[Source] --> B{i}[Render]\n    B{i} --> C{i}[Write]\n```\n\n| Stage | Time (ms) | Share |\n|---|---:|---:|\n| parse | {} | {}% |\n| render | {} | {}% |\n| write | {} | {}% |\n\n",
            r.below(100),
            r.below(50),
            r.below(100),
            r.below(50),
            r.below(100),
            r.below(50)
        );
        let _ = write!(
            s,
            "!!! {} \"Takeaway {i}\"\n    {}\n\n",
            r.pick(ADMONITIONS),
            paragraph(&mut r, 40)
        );
        let _ = write!(
            s,
            "{}\n\nSee [the project](https://example.org/{i}){{ target=_blank }}.\n",
            paragraph(&mut r, 120)
        );
        let pdir = posts.join(name);
        std::fs::create_dir_all(&pdir).expect("create post folder");
        std::fs::write(pdir.join("main.md"), s).expect("write post");
        std::fs::write(pdir.join("cover.png"), PNG).expect("write image");
    }
    eprintln!("wrote {n} posts to {}", root.display());
}
