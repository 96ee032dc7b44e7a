//! Reading time as mkdocs-material computes it: the text of the rendered HTML (outside
//! script, style, svg and object), split on runs of non-word characters, at N words a minute,
//! plus 12 s for the first image, 11 s for the second, ... down to 3 s each; rounded up to minutes.

pub fn readtime(html: &str, words_per_minute: usize) -> u32 {
    let (text, images) = text_and_images(html);
    // len(re.split(r"\W+", text)): one more than the number of non-word runs.
    let mut words = 1usize;
    let mut in_sep = false;
    for c in text.chars() {
        let sep = !(c.is_alphanumeric() || c == '_');
        if sep && !in_sep {
            words += 1;
        }
        in_sep = sep;
    }
    let wpm = words_per_minute.max(1) as f64;
    let mut seconds = (words as f64 / wpm * 60.0).ceil() as u64;
    let mut delta = 12;
    for _ in 0..images {
        seconds += delta;
        if delta > 3 {
            delta -= 1;
        }
    }
    seconds.div_ceil(60) as u32
}

const SKIP: [&str; 4] = ["object", "script", "style", "svg"];
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The text of `html` outside skipped elements (entities decoded) and the number of `<img>`.
/// Tag names are compared in place (no allocation per tag: highlighted code has thousands).
fn text_and_images(html: &str) -> (String, usize) {
    let mut text = String::with_capacity(html.len() / 2);
    let mut images = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut skip_depth = 0usize;
    let mut rest = html;
    let push_text = |text: &mut String, chunk: &str| {
        if chunk.contains('&') {
            text.push_str(&crate::markdown::html::decode_entities(chunk));
        } else {
            text.push_str(chunk);
        }
    };
    while let Some(lt) = rest.find('<') {
        if skip_depth == 0 {
            push_text(&mut text, &rest[..lt]);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = after;
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            if stack
                .last()
                .is_some_and(|top| top.eq_ignore_ascii_case(name))
            {
                stack.pop();
                if SKIP.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                    skip_depth = skip_depth.saturating_sub(1);
                }
            }
            continue;
        }
        let end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = &tag[..end];
        if name.eq_ignore_ascii_case("img") {
            images += 1;
        }
        if !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            if SKIP.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                skip_depth += 1;
            }
            stack.push(name);
        }
    }
    if skip_depth == 0 {
        push_text(&mut text, rest);
    }
    (text, images)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_and_images() {
        // 265 words -> 60 s -> 1 min; + one image (12 s) -> 2 min.
        let words = "word ".repeat(264);
        assert_eq!(readtime(&format!("<p>{words}</p>"), 265), 1);
        assert_eq!(readtime(&format!("<p>{words}</p><img src=x>"), 265), 2);
        assert_eq!(
            readtime("<p>a</p><script>lots of words here</script>", 1),
            1
        );
    }
}
