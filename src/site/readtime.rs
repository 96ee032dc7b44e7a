//! Reading time as mkdocs-material computes it: the text of the rendered page (outside
//! script, style, svg and object), split on runs of non-word characters, at N words a minute,
//! plus 12 s for the first image, 11 s for the second, ... down to 3 s each; rounded up to minutes.
//! The words and images are counted while the page renders (`markdown::text`).

use crate::markdown::text::{page_of_html, PageText};

/// The read time of an HTML page.
pub fn readtime(html: &str, words_per_minute: usize) -> u32 {
    readtime_of(&page_of_html(html), words_per_minute)
}

/// The read time of a page from its counted words and images.
pub fn readtime_of(text: &PageText, words_per_minute: usize) -> u32 {
    let wpm = words_per_minute.max(1) as f64;
    let mut seconds = (text.words as f64 / wpm * 60.0).ceil() as u64;
    let mut delta = 12;
    for _ in 0..text.images {
        seconds += delta;
        if delta > 3 {
            delta -= 1;
        }
    }
    seconds.div_ceil(60) as u32
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

    #[test]
    fn quoted_angle_brackets_entities_and_script_content() {
        // `>` inside an attribute value does not end the tag: its rest is not text.
        assert_eq!(
            page_of_html("<p><a title=\"a > b c d e f\">x</a></p>").words,
            page_of_html("<p><a>x</a></p>").words
        );
        // `&hellip;` and `&#x27;` are characters, not words.
        assert_eq!(
            page_of_html("it&#x27;s&hellip;").words,
            page_of_html("it's…").words
        );
        // A `<` inside a script does not open a tag that hides the rest of the page.
        let t = page_of_html("<script>if (a<b) {}</script><p>one two</p>");
        assert_eq!(t.words, page_of_html("<p>one two</p>").words);
        assert_eq!(page_of_html("<img src=x><p>a</p><img alt='>'>").images, 2);
    }
}
