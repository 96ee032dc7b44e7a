//! pymdownx.arithmatex: math left for MathJax / KaTeX exactly as arithmatex writes it. The
//! block pre-pass finds `$$…$$`, `\[…\]` and `\begin{env}…\end{env}` blocks (written out as
//! raw HTML lines here) and inline `$…$` / `\(…\)` (replaced by a marker element carrying the
//! math, so emphasis and escapes never touch it; the renderer swaps the marker for the HTML).
//! Also the ```` ```math ```` fence of superfences' `arithmatex_fenced_format`.

use super::html::{decode_entities, escape_attr};
use crate::config::math::ArithmatexOptions;

/// Starts the inline marker: `<x-blogen-math m="MATH"></x-blogen-math>`.
const MARK: &str = "<x-blogen-math m=\"";
pub const MARK_CLOSE: &str = "</x-blogen-math>";

/// Whether `body` may hold math for these options (a cheap test before any work).
pub fn present(body: &str, o: &ArithmatexOptions) -> bool {
    ((o.inline_dollar || o.block_dollar) && body.contains('$'))
        || (o.inline_round && body.contains("\\("))
        || (o.block_square && body.contains("\\["))
        || (o.block_begin && body.contains("\\begin{"))
}

/// `&<>"` escaped (arithmatex's `_escape`).
fn escape_all(s: &str) -> String {
    escape_attr(s)
}

/// `&<>` escaped (the serializer's escaping of element text).
fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The HTML arithmatex writes for inline math.
pub fn inline_html(math: &str, o: &ArithmatexOptions) -> String {
    let tag = &o.inline_tag;
    if o.generic {
        format!(
            "<{tag} class=\"arithmatex\">{}</{tag}>",
            escape_text(&format!("{}{math}{}", o.inline_wrap.0, o.inline_wrap.1))
        )
    } else {
        let e = escape_all(math);
        let preview = if o.preview {
            format!("<span class=\"MathJax_Preview\">{e}</span>")
        } else {
            String::new()
        };
        format!(
            "<{tag} class=\"arithmatex\">{preview}<script type=\"math/tex\">{e}</script></{tag}>"
        )
    }
}

/// The HTML arithmatex writes for a math block (`math` between its delimiters, or the whole
/// `\begin…\end` text).
pub fn block_html(math: &str, o: &ArithmatexOptions) -> String {
    let tag = &o.block_tag;
    if o.generic {
        format!(
            "<{tag} class=\"arithmatex\">{}{}{}</{tag}>",
            escape_text(&o.block_wrap.0),
            escape_all(math),
            escape_text(&o.block_wrap.1)
        )
    } else {
        let preview = if o.preview {
            format!(
                "<div class=\"MathJax_Preview\">{}</div>\n",
                escape_text(math)
            )
        } else {
            String::new()
        };
        format!(
            "<{tag} class=\"arithmatex\">\n{preview}<script type=\"math/tex; mode=display\">{}</script>\n</{tag}>",
            escape_all(math)
        )
    }
}

/// A ```` ```math ```` fence formatted by `arithmatex_fenced_format(mode, tag)`.
pub fn fence_html(code: &str, generic: bool, tag: &str) -> String {
    let code = code.strip_suffix('\n').unwrap_or(code);
    if generic {
        format!(
            "<{tag} class=\"arithmatex\">\\[\n{}\n\\]</{tag}>\n",
            escape_all(code)
        )
    } else {
        format!(
            "<{tag} class=\"arithmatex\">\n<script type=\"math/tex; mode=display\">\n{}\n</script>\n</{tag}>\n",
            escape_all(code)
        )
    }
}

/// The math of a whole block, if the block is one math block: `$$…$$`, `\[…\]` or
/// `\begin{env}…\end{env}`, followed only by spaces. Returns the math as arithmatex keeps it.
pub fn block_math<'t>(block: &'t str, o: &ArithmatexOptions) -> Option<&'t str> {
    if o.block_dollar {
        if let Some(rest) = block.strip_prefix("$$") {
            if let Some(end) = scan_close(rest, "$$", true) {
                return Some(&rest[..end]);
            }
        }
    }
    if o.block_square {
        if let Some(rest) = block.strip_prefix("\\[") {
            if let Some(end) = scan_close(rest, "\\]", false) {
                return Some(&rest[..end]);
            }
        }
    }
    if o.block_begin {
        if let Some(rest) = block.strip_prefix("\\begin{") {
            let name_len = rest.bytes().take_while(|b| b.is_ascii_lowercase()).count();
            let mut after = name_len;
            if rest[after..].starts_with('*') {
                after += 1;
            }
            if name_len > 0 && rest[after..].starts_with('}') {
                let close = format!("\\end{{{}}}", &rest[..after]);
                let body = &rest[after + 1..];
                if let Some(end) = scan_close(body, &close, true) {
                    let total = "\\begin{".len() + after + 1 + end + close.len();
                    return Some(&block[..total]);
                }
            }
        }
    }
    None
}

/// Where `close` ends the block's content `s` (at least one character), with only spaces
/// after it. A backslash takes the next character with it (`\\.`); with `any_escape` false
/// (`\[…\]`), a backslash before `]` is the close or nothing.
fn scan_close(s: &str, close: &str, any_escape: bool) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if i > 0 && s[i..].starts_with(close) && s[i + close.len()..].bytes().all(|c| c == b' ') {
            return Some(i);
        }
        if b[i] == b'\\' {
            if !any_escape && b.get(i + 1) == Some(&b']') {
                return None;
            }
            i += 1;
            if i >= b.len() {
                return None;
            }
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// `line` with its inline math replaced by markers; None when it has none. Code spans are
/// left alone; an odd run of backslashes escapes the delimiter after it.
pub fn inline_line(line: &str, o: &ArithmatexOptions) -> Option<String> {
    let dollar = o.inline_dollar && line.contains('$');
    if !(dollar || (o.inline_round && line.contains("\\("))) {
        return None;
    }
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 32);
    let mut copied = 0;
    let mut i = 0;
    let mut found = false;
    // Positions from which no close was found: later opens find none either.
    let mut no_dollar_close_after = usize::MAX;
    let mut no_round_close_after = usize::MAX;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let ticks = &line[i..i + n];
                i += n;
                // The matching run of exactly n backticks ends the code span.
                let mut j = i;
                let mut end = None;
                while let Some(k) = line[j..].find(ticks) {
                    let at = j + k;
                    let m = b[at..].iter().take_while(|&&c| c == b'`').count();
                    if m == n {
                        end = Some(at + n);
                        break;
                    }
                    j = at + m;
                }
                if let Some(e) = end {
                    i = e;
                }
            }
            b'\\' => {
                let n = b[i..].iter().take_while(|&&c| c == b'\\').count();
                let next = b.get(i + n).copied();
                if o.inline_round
                    && n % 2 == 1
                    && next == Some(b'(')
                    && i + n > no_round_close_after
                {
                    i += n + 1;
                } else if o.inline_round && n % 2 == 1 && next == Some(b'(') {
                    let open = i + n - 1;
                    match round_close(line, open + 2) {
                        Some(end) => {
                            out.push_str(&line[copied..open]);
                            push_marker(&mut out, &line[open + 2..end]);
                            i = end + 2;
                            copied = i;
                            found = true;
                        }
                        None => {
                            no_round_close_after = open;
                            i += n + 1;
                        }
                    }
                } else if next == Some(b'$') && n % 2 == 1 {
                    // An escaped dollar.
                    i += n + 1;
                } else {
                    i += n;
                }
            }
            b'$' if o.inline_dollar => {
                if i >= no_dollar_close_after {
                    i += 1;
                    continue;
                }
                match dollar_close(line, i + 1, o.smart_dollar) {
                    Ok(end) => {
                        out.push_str(&line[copied..i]);
                        push_marker(&mut out, &line[i + 1..end]);
                        i = end + 1;
                        copied = i;
                        found = true;
                    }
                    Err(true) => {
                        no_dollar_close_after = i;
                        i += 1;
                    }
                    Err(false) => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    if !found {
        return None;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

fn push_marker(out: &mut String, math: &str) {
    out.push_str(MARK);
    out.push_str(&escape_attr(math));
    out.push_str("\">");
    out.push_str(MARK_CLOSE);
}

/// The `$` closing inline math whose content starts at `from`: Ok(its index), Err(true) when
/// no `$` follows at all (no later open can close either), Err(false) when this one cannot.
fn dollar_close(line: &str, from: usize, smart: bool) -> Result<usize, bool> {
    let b = line.as_bytes();
    if smart && b.get(from).is_some_and(|c| c.is_ascii_whitespace()) {
        return Err(false);
    }
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'$' => {
                if i == from || (smart && b[i - 1].is_ascii_whitespace()) {
                    return Err(false);
                }
                return Ok(i);
            }
            _ => i += 1,
        }
    }
    Err(true)
}

/// The `\)` closing `\(` math whose content starts at `from` (at least one character).
fn round_close(line: &str, from: usize) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = from;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b')') {
                return (i > from).then_some(i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

/// The HTML for an inline marker element (`<x-blogen-math m="…">`), if `html` is one.
pub fn marker_html(html: &str, o: &ArithmatexOptions) -> Option<String> {
    let m = html.strip_prefix(MARK)?.strip_suffix("\">")?;
    Some(inline_html(&decode_entities(m), o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic() -> ArithmatexOptions {
        ArithmatexOptions {
            generic: true,
            ..Default::default()
        }
    }

    #[test]
    fn inline_spans() {
        let o = generic();
        let l = inline_line("a $x_1 * y$ b `$c$` \\$d\\$ \\(e\\)", &o).unwrap();
        assert_eq!(
            l,
            "a <x-blogen-math m=\"x_1 * y\"></x-blogen-math> b `$c$` \\$d\\$ <x-blogen-math m=\"e\"></x-blogen-math>"
        );
        assert_eq!(inline_line("$ 5 and $10", &o), None);
        let mut plain = generic();
        plain.smart_dollar = false;
        assert!(inline_line("$ 5 and $10", &plain).is_some());
        assert!(inline_line("\\\\$x$", &o)
            .unwrap()
            .starts_with("\\\\<x-blogen"));
    }

    #[test]
    fn blocks() {
        let o = generic();
        assert_eq!(block_math("$$\nx\n$$", &o), Some("\nx\n"));
        assert_eq!(block_math("$$x$$ y", &o), None);
        assert_eq!(block_math("\\[a\\]  ", &o), Some("a"));
        assert_eq!(
            block_math("\\begin{align*}\na\n\\end{align*}", &o),
            Some("\\begin{align*}\na\n\\end{align*}")
        );
        assert_eq!(block_math("\\begin{a}\nx\n\\end{b}", &o), None);
    }
}
