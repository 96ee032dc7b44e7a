//! A small set of inline SVG icons the theme draws itself (logo, social links, repository,
//! palette toggle, edit / view buttons), keyed by mkdocs-material's icon names. `named` is
//! the one way in, so it can later be routed to a full icon set.

/// Generic shapes, each a 24×24 SVG body drawn in `currentColor`.
const RSS: &str = r#"<circle cx="6" cy="18" r="2.2"/><path d="M4 10.5a9.5 9.5 0 0 1 9.5 9.5h-2.6A6.9 6.9 0 0 0 4 13.1z"/><path d="M4 4.5A15.5 15.5 0 0 1 19.5 20h-2.6A12.9 12.9 0 0 0 4 7.1z"/>"#;
const LINK: &str = r#"<path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0z"/><path d="M8.5 20a4.5 4.5 0 0 1-3.2-7.7l2.1-2.1 1.4 1.4-2.1 2.1a2.5 2.5 0 0 0 3.5 3.5l2.1-2.1 1.4 1.4-2.1 2.1A4.5 4.5 0 0 1 8.5 20zm8.1-6.2-1.4-1.4 2.1-2.1a2.5 2.5 0 0 0-3.5-3.5l-2.1 2.1-1.4-1.4 2.1-2.1a4.5 4.5 0 0 1 6.4 6.4z"/>"#;
const EMAIL: &str = r#"<path d="M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2.4V17h16V7.4l-8 5.2z M5.2 7 12 11.4 18.8 7z"/>"#;
const SUN: &str = r#"<circle cx="12" cy="12" r="4.2"/><path d="M11 1h2v3.5h-2zm0 18.5h2V23h-2zM1 11h3.5v2H1zm18.5 0H23v2h-3.5zM4.2 2.8l2.5 2.5-1.4 1.4-2.5-2.5zm13.1 13.1 2.5 2.5-1.4 1.4-2.5-2.5zM2.8 19.8l2.5-2.5 1.4 1.4-2.5 2.5zM15.9 6.7l2.5-2.5 1.4 1.4-2.5 2.5z"/>"#;
const MOON: &str = r#"<path d="M14.5 2.5A9.5 9.5 0 1 0 21.5 16 7.5 7.5 0 0 1 14.5 2.5z"/>"#;
const AUTO: &str = r#"<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2v16a8 8 0 0 1 0-16z"/>"#;
const BOOK: &str = r#"<path d="M4 3.5A1.5 1.5 0 0 1 5.5 2H19a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H6a.9.9 0 0 0 0 1.8h14V22H6a2.8 2.8 0 0 1-2-.8zM8 6v2h8V6z"/>"#;
const REPO: &str = r#"<path d="M21.6 11 13 2.4a1.4 1.4 0 0 0-2 0L9.2 4.2l2.3 2.3a1.7 1.7 0 0 1 2.1 2.1l2.2 2.2a1.7 1.7 0 1 1-1 1l-2.1-2.1v5.4a1.7 1.7 0 1 1-1.4 0V9.6a1.7 1.7 0 0 1-.9-2.2L8.2 5.2 2.4 11a1.4 1.4 0 0 0 0 2l8.6 8.6a1.4 1.4 0 0 0 2 0l8.6-8.6a1.4 1.4 0 0 0 0-2z"/>"#;
const EDIT: &str = r#"<path d="M3 17.2V21h3.8L17.8 10 14 6.2zM20.7 7a1 1 0 0 0 0-1.4l-2.3-2.3a1 1 0 0 0-1.4 0l-1.8 1.8L19 8.8z"/>"#;
const VIEW: &str = r#"<path d="M12 5C7 5 3 8.5 1.5 12 3 15.5 7 19 12 19s9-3.5 10.5-7C21 8.5 17 5 12 5zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9zm0-2.2a2.3 2.3 0 1 0 0-4.6 2.3 2.3 0 0 0 0 4.6z"/>"#;
const ARROW_UP: &str = r#"<path d="M13 20h-2V8l-5.5 5.5-1.4-1.4L12 4.2l7.9 7.9-1.4 1.4L13 8z"/>"#;
const HOME: &str = r#"<path d="M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8z"/>"#;

/// A brand mark blogen draws itself (not the brand's logo): a rounded outline with the
/// brand's initials.
fn badge(text: &'static str) -> String {
    let size = if text.len() > 1 { 9 } else { 13 };
    format!(
        r#"<rect x="2" y="2" width="20" height="20" rx="5" fill="none" stroke="currentColor" stroke-width="2"/><text x="12" y="{y}" text-anchor="middle" font-family="system-ui, sans-serif" font-weight="700" font-size="{size}">{text}</text>"#,
        y = if text.len() > 1 { 15.2 } else { 16.6 }
    )
}

/// The body of icon `name` (mkdocs-material's names: `material/…`, `fontawesome/brands/…`,
/// `fontawesome/solid/…`, `octicons/…`), or None when blogen's small set lacks it.
fn body(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches(".svg");
    let (set, icon) = name.rsplit_once('/').unwrap_or(("", name));
    let brand = |t: &'static str| Some(badge(t));
    let fixed = |b: &'static str| Some(b.to_string());
    let _ = set;
    match icon {
        "github" | "github-alt" | "github-square" | "mark-github" | "mark-github-16" => brand("GH"),
        "gitlab" | "square-gitlab" => brand("GL"),
        "bitbucket" => brand("B"),
        "x-twitter" | "square-x-twitter" | "twitter" | "twitter-square" => brand("X"),
        "mastodon" => brand("M"),
        "bluesky" | "butterfly" => brand("BS"),
        "linkedin" | "linkedin-in" => brand("in"),
        "youtube" | "square-youtube" => brand("YT"),
        "discord" => brand("D"),
        "facebook" | "facebook-f" | "square-facebook" => brand("f"),
        "instagram" => brand("IG"),
        "reddit" | "reddit-alien" => brand("R"),
        "telegram" => brand("T"),
        "slack" => brand("S"),
        "docker" => brand("DK"),
        "python" => brand("Py"),
        "rust" => brand("Rs"),
        "npm" => brand("npm"),
        "stack-overflow" => brand("SO"),
        "matrix-org" => brand("[m]"),
        "rss" | "rss-box" | "square-rss" | "feed" => fixed(RSS),
        "link" | "link-variant" | "web" | "globe" | "earth" => fixed(LINK),
        "email" | "email-outline" | "envelope" | "at" | "mail" => fixed(EMAIL),
        "brightness-7"
        | "weather-sunny"
        | "sun"
        | "white-balance-sunny"
        | "lightbulb"
        | "toggle-switch-off-outline"
        | "toggle-switch-off" => fixed(SUN),
        "brightness-4" | "weather-night" | "moon" | "lightbulb-outline" | "toggle-switch" => {
            fixed(MOON)
        }
        "brightness-auto" | "theme-light-dark" | "circle-half-full" => fixed(AUTO),
        "library" | "book" | "book-open-page-variant" | "book-open-variant" | "notebook" => {
            fixed(BOOK)
        }
        "git" | "git-alt" | "source-repository" | "repo" | "source-branch" => fixed(REPO),
        "pencil" | "file-edit-outline" | "pencil-outline" => fixed(EDIT),
        "eye" | "file-eye-outline" | "eye-outline" => fixed(VIEW),
        "arrow-up" | "arrow-up-thin" => fixed(ARROW_UP),
        "home" => fixed(HOME),
        _ => None,
    }
}

/// Icon `name` as an inline `<svg>` (24×24, `currentColor`, hidden from screen readers), or
/// None when blogen's small set does not have it.
pub fn named(name: &str) -> Option<String> {
    body(name).map(|b| {
        format!(r#"<svg class="icon" viewBox="0 0 24 24" width="24" height="24" fill="currentColor" aria-hidden="true" focusable="false">{b}</svg>"#)
    })
}

/// The icon of a repository link, by its host, as mkdocs-material picks it by default.
pub fn for_repo(url: &str) -> &'static str {
    let host = url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if host.contains("github") {
        "fontawesome/brands/github"
    } else if host.contains("gitlab") {
        "fontawesome/brands/gitlab"
    } else if host.contains("bitbucket") {
        "fontawesome/brands/bitbucket"
    } else {
        "fontawesome/brands/git-alt"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_material_set() {
        for n in [
            "fontawesome/brands/github",
            "fontawesome/brands/x-twitter",
            "fontawesome/brands/mastodon",
            "material/rss",
            "material/brightness-7",
        ] {
            assert!(named(n).is_some_and(|s| s.starts_with("<svg")), "{n}");
        }
        assert_eq!(named("material/no-such-icon"), None);
        assert_eq!(
            for_repo("https://gitlab.com/a/b"),
            "fontawesome/brands/gitlab"
        );
        assert_eq!(
            for_repo("https://git.example.org/a"),
            "fontawesome/brands/git-alt"
        );
    }
}
