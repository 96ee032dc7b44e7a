//! Code: fenced and indented blocks (highlighted with `highlight.rs`, passed through such as
//! Mermaid, or plain as mkdocs' built-in fenced_code writes them), their options (`title`,
//! `linenums`, `hl_lines`, classes and an id), and inline code (pymdownx.inlinehilite's
//! `#!lang code`, or attr_list after it).

use super::highlight::{self, FenceOptions};
use super::html::{escape_attr, escape_text};
use super::{Pass, Renderer};
use pulldown_cmark::{CodeBlockKind, CowStr, Event};

impl<'a, 'e> Renderer<'a, 'e> {
    /// A code block starting at `i`: its HTML in place of all its events. Returns the next index.
    pub(super) fn fence<'x>(
        &mut self,
        p: &mut Pass<'_, 'x>,
        i: usize,
        kind: &CodeBlockKind,
    ) -> usize {
        let end = p.tree.end(i);
        let mut code = String::new();
        for (e, _) in &p.events[i + 1..end] {
            if let Event::Text(t) = e {
                code.push_str(t);
            }
        }
        let info = match kind {
            CodeBlockKind::Fenced(info) => info.to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let indented = matches!(kind, CodeBlockKind::Indented);
        p.out
            .push(Event::Html(self.code_block(&code, &info, indented).into()));
        end + 1
    }

    /// Inline code at `i`: highlighted (`#!lang`), with attr_list attributes, or as it is.
    pub(super) fn code_span<'x>(&mut self, p: &mut Pass<'_, 'x>, i: usize, code: &CowStr<'x>) {
        let hilite = if self.env.config.has("pymdownx.inlinehilite") {
            highlight::inline_code(code, &self.env.config.highlight)
        } else {
            None
        };
        let attrs = self.trailing_attrs(p.events, i);
        match (hilite, attrs) {
            (Some(html), _) => p.out.push(Event::InlineHtml(html.into())),
            (None, Some((a, used))) => {
                self.note_attrs(&a);
                p.out.push(Event::InlineHtml(
                    format!("<code{}>{}</code>", a.to_html(), escape_text(code)).into(),
                ));
                p.skip_prefix.insert(i + 1, used);
            }
            (None, None) => p.out.push(Event::Code(code.clone())),
        }
    }

    fn code_block(&mut self, code: &str, info: &str, indented: bool) -> String {
        let info = info.trim();
        // `{ .python title="x" }` as well as `python title="x"`.
        let info = match info.strip_prefix('{') {
            Some(rest) => rest.trim_end().trim_end_matches('}').trim(),
            None => info,
        };
        let (lang, opts_str) = match info.find(char::is_whitespace) {
            Some(i) => (&info[..i], info[i..].trim()),
            None => (info, ""),
        };
        // ` title="x"` alone: no language.
        let (lang, opts_str) = if lang.contains('=') {
            ("", info)
        } else {
            (lang, opts_str)
        };
        let lang = lang.trim_start_matches('.');
        if let Some((_, generic, tag)) = self
            .env
            .config
            .math_fences
            .iter()
            .find(|(name, ..)| name == lang)
        {
            return super::math::fence_html(code, *generic, tag);
        }
        if let Some((_, class)) = self
            .env
            .config
            .passthrough_fences
            .iter()
            .find(|(name, _)| name == lang)
        {
            if class == "mermaid" || lang == "mermaid" {
                self.rendered.has_mermaid = true;
            }
            // pymdownx.superfences' fence_code_format: only `&<>` escaped, no final newline.
            let code = code.strip_suffix('\n').unwrap_or(code);
            return format!(
                "<pre class=\"{}\"><code>{}</code></pre>\n",
                escape_attr(class),
                escape_text(code)
            );
        }
        let cfg = self.env.config;
        if !(cfg.has("pymdownx.highlight")
            || cfg.has("pymdownx.superfences")
            || cfg.has("codehilite"))
        {
            // mkdocs' built-in fenced_code: no highlighting.
            let class = if lang.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", escape_attr(lang))
            };
            return format!("<pre><code{class}>{}</code></pre>\n", escape_attr(code));
        }
        let mut opts = parse_fence_options(opts_str);
        if !cfg.has("attr_list") {
            opts.data.clear();
        }
        // Line anchors number the fenced blocks only (pymdownx gives indented ones none).
        opts.indented = indented;
        opts.number = self.code_blocks;
        self.code_blocks += usize::from(!indented);
        // `{ .sh .no-copy }`: further classes go on the wrapper.
        for t in opts_str.split_whitespace() {
            if let Some(c) = t
                .strip_prefix('.')
                .filter(|c| !c.is_empty() && !c.contains(['=', '"']))
            {
                opts.classes.push(c.to_string());
            } else if let Some(id) = t.strip_prefix('#').filter(|c| !c.is_empty()) {
                opts.id = Some(id.to_string());
            }
        }
        let cache = self
            .env
            .highlight_cache
            .map(|c| (c, &mut self.rendered.highlight_keys));
        highlight::highlight_block(code, lang, &opts, &cfg.highlight, cfg.linenums, cache)
    }
}

/// `title="x.py" linenums="1" hl_lines="2 3"` (quotes optional).
fn parse_fence_options(s: &str) -> FenceOptions {
    let mut o = FenceOptions::default();
    let mut rest = s.trim().trim_end_matches('}');
    while let Some(eq) = rest.find('=') {
        // The word before `=` (`.sh .no-copy hl_lines="2"`).
        let key = rest[..eq]
            .trim()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(c) => (&after[1..c + 1], &after[c + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let e = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
        };
        match key {
            "title" => o.title = Some(value.to_string()),
            k if k.starts_with("data-") => o.data.push((k.to_string(), value.to_string())),
            "linenums" => o.linenums = value.split_whitespace().next().and_then(|n| n.parse().ok()),
            "hl_lines" => {
                for part in value.split_whitespace() {
                    if let Some((a, b)) = part.split_once('-') {
                        // Kept as a range: `highlight` clamps it to the block's lines.
                        if let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) {
                            o.hl_lines.push((a, b));
                        }
                    } else if let Ok(n) = part.parse() {
                        o.hl_lines.push((n, n));
                    }
                }
            }
            _ => {}
        }
        rest = next;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hl_lines_are_parsed_as_ranges() {
        let o = parse_fence_options(
            "hl_lines=\"1-99999999999 3 x 5-2\" linenums=\"18446744073709551615\"",
        );
        assert_eq!(o.hl_lines, vec![(1, 99_999_999_999), (3, 3), (5, 2)]);
        assert_eq!(o.linenums, Some(usize::MAX));
    }
}
