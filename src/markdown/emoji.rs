//! pymdownx.emoji shortcodes (`:smile:`) as Unicode characters, looked up in the GitHub
//! (gemoji) shortcode table of the `emojis` crate. Unknown shortcodes (including
//! mkdocs-material's icon shortcodes such as `:material-github:`) are left as text.

/// The emoji for a shortcode name (without colons).
pub fn lookup(name: &str) -> Option<&'static str> {
    if let Some(e) = emojis::get_by_shortcode(name) {
        return Some(e.as_str());
    }
    // Names of the Twemoji/EmojiOne index that gemoji spells differently.
    let alias = match name {
        "thumbsup" => "+1",
        "thumbsdown" => "-1",
        "slight_smile" => "slightly_smiling_face",
        "heart_eyes" => "heart_eyes",
        "grinning_face" => "grinning",
        _ => return None,
    };
    emojis::get_by_shortcode(alias).map(|e| e.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_shortcodes() {
        assert_eq!(lookup("smile"), Some("😄"));
        assert_eq!(lookup("+1"), Some("👍"));
        assert_eq!(lookup("thumbsup"), Some("👍"));
        assert_eq!(lookup("rocket"), Some("🚀"));
        assert_eq!(lookup("tada"), Some("🎉"));
        assert_eq!(lookup("white_check_mark"), Some("✅"));
        assert_eq!(lookup("material-github"), None);
    }
}
