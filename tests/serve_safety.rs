//! `blogen serve` keeps serving through saves that once crashed or hung a build: each hostile
//! post below is saved into the sample blog, followed by a visible change to show the rebuild
//! ran, and the server must still answer with the last good site plus that change. A symlink
//! out of docs_dir is never served.

mod serve_support;
use serve_support::*;

#[test]
fn hostile_saves_keep_the_server_up() {
    let blog = sample_blog();
    let mut server = Server::start(blog.path());
    let events = server.events();
    events.wait_for("hello", |_| true);
    let post = blog.path().join("docs/blog/posts/hostile.md");
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "percent before a multi-byte character",
            "2024-01-01",
            "[x](%aé.md) [y](%) [z](%e9)".into(),
        ),
        (
            "a huge hl_lines range",
            "2024-01-01",
            "```python hl_lines=\"1-99999999999\" linenums=\"1\"\nx = 1\n```".into(),
        ),
        ("the first representable date", "0001-01-01", "Old.".into()),
        ("emphasis runs", "2024-01-01", "*a".repeat(20_000)),
        (
            "nested brackets",
            "2024-01-01",
            "[".repeat(20_000) + "a" + &"]".repeat(20_000),
        ),
        (
            "footnote references",
            "2024-01-01",
            "[^1]".repeat(20_000) + "\n\n[^1]: note",
        ),
    ];
    for (k, (what, date, body)) in cases.iter().enumerate() {
        let canary = format!("Canary number {k}");
        let text = format!("---\ndate: {date}\n---\n# Hostile\n\n{canary}\n\n{body}\n");
        std::fs::write(&post, text).unwrap();
        let (y, m, d) = (&date[..4], &date[5..7], &date[8..10]);
        let url = format!("blog/{y}/{m}/{d}/hostile/");
        assert!(
            wait_until(WAIT, || server.get(&url).body.contains(&canary)),
            "{what}: the rebuilt page never came\n{}",
            server.log()
        );
        assert_eq!(server.get("").status, 200, "{what}: the site is served");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", blog.path().join("docs/leak.md")).unwrap();
        std::fs::write(
            &post,
            "---\ndate: 2024-01-01\n---\n# Hostile\n\nCanary last\n",
        )
        .unwrap();
        assert!(wait_until(WAIT, || server
            .get("blog/2024/01/01/hostile/")
            .body
            .contains("Canary last")));
        assert_eq!(
            server.get("leak/").status,
            404,
            "a symlink out is not served"
        );
        assert!(!server
            .get("search/search_index.json")
            .body
            .contains("root:x:0:0"));
    }
    let status = server.interrupt().expect("serve stops on Ctrl-C");
    assert!(status.success(), "{status:?}\n{}", server.log());
}
