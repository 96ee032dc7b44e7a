//! Small HTML helpers shared by the Markdown transforms: escaping text and attribute values,
//! and extracting plain text from an HTML fragment.

/// Escapes `&`, `<`, `>` (text content).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped_text(&mut out, s);
    out
}

pub fn push_escaped_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes `&`, `<`, `>` and `"` (attribute values in double quotes).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of an HTML fragment: tags removed, common entities decoded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// The text of an HTML fragment for search: tags removed, entities decoded, `¶` permalinks
/// dropped, runs of whitespace folded to one space, trimmed. One pass.
pub fn search_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut space = false;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if c != '¶' {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let chunk = &rest[..lt];
        if chunk.contains('&') {
            decode_entities(chunk)
                .chars()
                .for_each(|c| push(&mut out, c));
        } else {
            chunk.chars().for_each(|c| push(&mut out, c));
        }
        rest = match rest[lt..].find('>') {
            Some(gt) => &rest[lt + gt + 1..],
            None => "",
        };
    }
    decode_entities(rest)
        .chars()
        .for_each(|c| push(&mut out, c));
    out
}

pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A `;` within the next 10 bytes (not searched further: a run of `&` without `;`
        // made this quadratic).
        let end = rest.as_bytes()[..rest.len().min(11)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "para" => Some('¶'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_folds_whitespace_and_drops_permalinks() {
        let html = "<h1 id=\"a\">Title<a href=\"#a\">&para;</a></h1>\n<p>One  &amp;\n two</p>";
        assert_eq!(search_text(html), "Title One & two");
        assert_eq!(
            search_text(html),
            strip_tags(html)
                .replace('¶', "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
    }

    #[test]
    fn strips_and_decodes() {
        assert_eq!(
            strip_tags("<code>a &amp; b</code> &lt;c&gt; &#39;"),
            "a & b <c> '"
        );
        assert_eq!(escape_attr("a\"<b>&"), "a&quot;&lt;b&gt;&amp;");
        // `;` is looked for in the next 10 bytes only (a run of `&` was quadratic).
        assert_eq!(decode_entities("&&amp;&#x41;&#65;&nbsp"), "&&AA&nbsp");
        assert_eq!(
            decode_entities("&averyverylongname;"),
            "&averyverylongname;"
        );
        assert_eq!(decode_entities(&"&a".repeat(3)), "&a&a&a");
        assert_eq!(decode_entities("&é;&"), "&é;&");
    }
}
