//! Small HTML helpers shared by the Markdown transforms and the site: escaping text and
//! attribute values (with `pulldown-cmark-escape`, as pulldown-cmark escapes the rest of the
//! page), decoding entities, and the plain text of an HTML fragment (`text.rs`).

use pulldown_cmark_escape::escape_html_body_text;

/// Escapes `&`, `<`, `>` (text content).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped_text(&mut out, s);
    out
}

pub fn push_escaped_text(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html_body_text(&mut *out, s);
}

/// Escapes `&`, `<`, `>` and `"` (attribute values in double quotes). Not the crate's
/// `escape_html`: that also writes `'` as `&#39;`, where Python-Markdown leaves it.
pub fn escape_attr(s: &str) -> String {
    escape_with(s, &[('"', "&quot;")])
}

/// Escapes `&`, `<`, `>` with the crate, and each character of `extra` as its entity.
pub fn escape_with(s: &str, extra: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| extra.iter().any(|(e, _)| *e == c)) {
        push_escaped_text(&mut out, &rest[..i]);
        let c = rest[i..].chars().next().unwrap_or('"');
        let entity = extra.iter().find(|(e, _)| *e == c).map_or("", |(_, e)| *e);
        out.push_str(entity);
        rest = &rest[i + c.len_utf8()..];
    }
    push_escaped_text(&mut out, rest);
    out
}

/// The text of an HTML fragment: tags removed, entities decoded.
pub fn strip_tags(html: &str) -> String {
    super::text::plain_of_html(html)
}

/// The text of an HTML fragment for search: tags removed, entities decoded, `¶` permalinks
/// dropped, runs of whitespace folded to one space, trimmed, diagrams left out.
pub fn search_text(html: &str) -> String {
    super::text::page_of_html(html).search
}

/// `s` with its entities (`&name;` for every HTML5 name, `&#N;`, `&#xN;`) decoded.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        match super::text::entity_at(rest, i, |t| out.push_str(t)) {
            Some(len) => rest = &rest[i + len..],
            None => {
                out.push('&');
                rest = &rest[i + 1..];
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
        // `;` is looked for in a bounded window only (a run of `&` was quadratic).
        assert_eq!(decode_entities("&&amp;&#x41;&#65;&nbsp"), "&&AA&nbsp");
        assert_eq!(
            decode_entities("&averyverylongname;"),
            "&averyverylongname;"
        );
        assert_eq!(decode_entities(&"&a".repeat(3)), "&a&a&a");
        assert_eq!(decode_entities("&é;&"), "&é;&");
    }

    #[test]
    fn escapes_match_the_hand_written_ones() {
        let s = "a&b<c>d\"e'f é";
        assert_eq!(escape_text(s), "a&amp;b&lt;c&gt;d\"e'f é");
        assert_eq!(escape_attr(s), "a&amp;b&lt;c&gt;d&quot;e'f é");
        assert_eq!(
            escape_with(s, &[('"', "&quot;"), ('\'', "&#x27;")]),
            "a&amp;b&lt;c&gt;d&quot;e&#x27;f é"
        );
    }

    #[test]
    fn quoted_angle_brackets_and_all_named_entities() {
        assert_eq!(strip_tags("<a title=\"x>y\">A</a> B"), "A B");
        assert_eq!(strip_tags("<a title='x>y' b=c>A</a>"), "A");
        assert_eq!(
            strip_tags("Wait&hellip; it&#x27;s &copy; &notanentity;"),
            "Wait… it's © &notanentity;"
        );
        assert_eq!(
            decode_entities("&hellip;&#x27;&CounterClockwiseContourIntegral;"),
            "…'∳"
        );
        assert_eq!(strip_tags("a <!-- x > y --> b <!--> c"), "a  b  c");
        assert_eq!(
            strip_tags("1 < 2 <3 </ x> <script>if (a<b) {}</script>"),
            "1 < 2 <3  if (a<b) {}"
        );
    }
}
