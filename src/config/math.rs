//! pymdownx.arithmatex's options (`generic`, `smart_dollar`, `inline_syntax`, `block_syntax`,
//! `preview`, `tex_inline_wrap`, `tex_block_wrap`, `inline_tag`, `block_tag`), read leniently
//! as the extension reads them: a value of another type keeps the default.

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArithmatexOptions {
    /// `generic: true`: `\(…\)` / `\[…\]` text for KaTeX or MathJax 3; false: MathJax 2
    /// `<script type="math/tex">` elements. Default false.
    pub generic: bool,
    /// Default true: `$` opens only before a non-space and closes only after one.
    pub smart_dollar: bool,
    /// `inline_syntax` has `dollar` / `round`; default both.
    pub inline_dollar: bool,
    pub inline_round: bool,
    /// `block_syntax` has `dollar` / `square` / `begin`; default all.
    pub block_dollar: bool,
    pub block_square: bool,
    pub block_begin: bool,
    /// MathJax 2 previews; default true.
    pub preview: bool,
    pub inline_wrap: (String, String),
    pub block_wrap: (String, String),
    pub inline_tag: String,
    pub block_tag: String,
}

impl Default for ArithmatexOptions {
    fn default() -> Self {
        ArithmatexOptions {
            generic: false,
            smart_dollar: true,
            inline_dollar: true,
            inline_round: true,
            block_dollar: true,
            block_square: true,
            block_begin: true,
            preview: true,
            inline_wrap: ("\\(".into(), "\\)".into()),
            block_wrap: ("\\[".into(), "\\]".into()),
            inline_tag: "span".into(),
            block_tag: "div".into(),
        }
    }
}

impl ArithmatexOptions {
    /// The options in `m` (the extension's mapping in `markdown_extensions`).
    pub fn read(m: &Mapping) -> ArithmatexOptions {
        let mut o = ArithmatexOptions::default();
        let flag = |k: &str, d: bool| m.get(k).and_then(Value::as_bool).unwrap_or(d);
        o.generic = flag("generic", o.generic);
        o.smart_dollar = flag("smart_dollar", o.smart_dollar);
        o.preview = flag("preview", o.preview);
        let names = |k: &str| -> Option<Vec<String>> {
            m.get(k)?.as_sequence().map(|s| {
                s.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
        };
        if let Some(s) = names("inline_syntax") {
            o.inline_dollar = s.iter().any(|x| x == "dollar");
            o.inline_round = s.iter().any(|x| x == "round");
        }
        if let Some(s) = names("block_syntax") {
            o.block_dollar = s.iter().any(|x| x == "dollar");
            o.block_square = s.iter().any(|x| x == "square");
            o.block_begin = s.iter().any(|x| x == "begin");
        }
        let wrap = |k: &str| -> Option<(String, String)> {
            match names(k)?.as_slice() {
                [a, b] => Some((a.clone(), b.clone())),
                _ => None,
            }
        };
        if let Some(w) = wrap("tex_inline_wrap") {
            o.inline_wrap = w;
        }
        if let Some(w) = wrap("tex_block_wrap") {
            o.block_wrap = w;
        }
        let tag = |k: &str| {
            m.get(k)
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()))
                .map(String::from)
        };
        if let Some(t) = tag("inline_tag") {
            o.inline_tag = t;
        }
        if let Some(t) = tag("block_tag") {
            o.block_tag = t;
        }
        o
    }
}
