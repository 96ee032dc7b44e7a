//! `blogen serve` end to end over HTTP, with the real binary on a free loopback port: pages,
//! content types, 404 and path checks; an edit reaches the page and the reload event; a broken
//! front matter keeps the last good page and shows the overlay, and fixing it clears it;
//! drafts carry their mark; deleting, renaming, adding, atomic saves, bursts of saves and a
//! briefly empty file; Ctrl-C stops the server.

mod serve_support;
use serve_support::*;
use std::time::Duration;

#[test]
fn serves_the_site_with_types_404_and_no_way_out() {
    let blog = sample_blog();
    let server = Server::start(blog.path());
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", server.log());
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(
        home.body.contains("<script data-blogen-live>"),
        "the live-reload script is added"
    );
    let post = server.get(PERF_URL);
    assert_eq!(post.status, 200);
    assert!(post.body.contains("How we made blogen 40x faster"));
    assert!(post.body.contains("class=\"mermaid\""));
    assert_eq!(
        server.get("/blog").status,
        301,
        "a folder without its slash redirects"
    );
    let css = server.get("/assets/blogen/blogen.css");
    assert_eq!(
        (css.status, css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let feed = server.get("/feed_rss_created.xml");
    assert_eq!(feed.status, 200);
    assert!(feed.content_type.contains("xml"), "{}", feed.content_type);
    let png = server.get("/blog/2026-11-03_40x-faster/cover.png");
    assert_eq!((png.status, png.content_type.as_str()), (200, "image/png"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
    assert!(missing.body.contains("data-blogen-live"));
    // Nothing outside the site, however the path is written.
    assert_ne!(server.raw_status("GET /../mkdocs.yml HTTP/1.1"), 200);
    assert_ne!(server.raw_status("GET /%2e%2e/mkdocs.yml HTTP/1.1"), 200);
    assert_ne!(server.raw_status("GET /..%2fmkdocs.yml HTTP/1.1"), 200);
    assert_ne!(server.raw_status("GET /docs/index.md HTTP/1.1"), 200);
    assert_eq!(server.raw_status("POST / HTTP/1.1"), 405);
    // The built site on disk is not touched: serve keeps the site in memory.
    assert!(!blog.path().join("site").exists());
}

#[test]
fn edit_reloads_and_a_broken_edit_shows_the_overlay_until_fixed() {
    let blog = sample_blog();
    let mut server = Server::start(blog.path());
    let events = server.events();
    let hello = events.wait_for("hello", |_| true);
    assert_eq!(hello["errors"], serde_json::json!([]));
    let path = blog.path().join(PERF_POST);
    let good = std::fs::read_to_string(&path).unwrap();

    // An edit: the page changes and open pages are told to reload.
    let edited = good.replace("In October a user", "In December a user");
    assert_ne!(edited, good);
    std::fs::write(&path, &edited).unwrap();
    let reload = events.wait_for("reload", |v| changed(v, PERF_FILE));
    assert!(reload["build"].as_u64().unwrap() > hello["build"].as_u64().unwrap());
    let page = server.get(PERF_URL);
    assert!(page.body.contains("In December a user"), "{}", server.log());
    assert!(!page.body.contains("id=\"__blogen-overlay\""));

    // A broken front matter: the overlay names the file and line; the page stays as it was.
    let broken = edited.replace("date: 2026-11-03", "date: [2026-11-03");
    std::fs::write(&path, &broken).unwrap();
    let errors = events.wait_for("errors", |v| {
        v["errors"].as_array().is_some_and(|a| !a.is_empty())
    });
    let e = &errors["errors"][0];
    assert!(
        e["file"]
            .as_str()
            .unwrap()
            .ends_with("2026-11-03_40x-faster/main.md"),
        "{e}"
    );
    assert!(e["line"].as_u64().unwrap() >= 2, "{e}");
    let page = server.get(PERF_URL);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("In December a user"),
        "the last good page is still served"
    );
    assert!(page.body.contains("id=\"__blogen-overlay\""));
    assert!(
        page.body.contains("2026-11-03_40x-faster/main.md:"),
        "the overlay names the file and line"
    );
    let status = server.get("/__blogen/status");
    assert!(status.body.contains("2026-11-03_40x-faster/main.md"));

    // Fixed: the overlay goes away.
    std::fs::write(&path, &good).unwrap();
    events.wait_for("errors", |v| v["errors"] == serde_json::json!([]));
    let page = server.get(PERF_URL);
    assert!(!page.body.contains("id=\"__blogen-overlay\""));
    assert!(page.body.contains("In October a user"));

    // The terminal shows the same diagnostics.
    assert!(
        wait_until(WAIT, || server.log().contains("front-matter")),
        "{}",
        server.log()
    );

    // Ctrl-C stops the server cleanly.
    let status = server.interrupt().expect("serve stops on Ctrl-C");
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(server.log().contains("Stopped."));
}

#[test]
fn drafts_are_shown_with_their_mark() {
    let blog = sample_blog();
    let dir = blog.path().join("docs/blog/posts/2026-12-24_draft-notes");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.md"),
        "---\ndate: 2026-12-24\ndraft: true\nauthors:\n  - ada\n---\n\n# Draft notes\n\nNot yet.\n",
    )
    .unwrap();
    let server = Server::start(blog.path());
    let page = server.get("blog/2026/12/24/draft-notes/");
    assert_eq!(page.status, 200, "{}", server.log());
    assert!(
        page.body.contains("class=\"draft-mark\""),
        "drafts carry a visible mark"
    );
}

#[test]
fn survives_deletes_renames_new_folders_atomic_saves_bursts_and_empty_files() {
    let blog = sample_blog();
    let server = Server::start(blog.path());
    let events = server.events();
    events.wait_for("hello", |_| true);
    let posts = blog.path().join("docs/blog/posts");

    // A new post folder.
    let new_dir = posts.join("2026-12-01_fresh-post");
    std::fs::create_dir_all(&new_dir).unwrap();
    std::fs::write(
        new_dir.join("main.md"),
        "---\ndate: 2026-12-01\nauthors:\n  - lin\ncategories:\n  - Guides\n---\n\n# Fresh post\n\nFirst words.\n",
    )
    .unwrap();
    events.wait_for("reload", |v| {
        changed(v, "blog/2026/12/01/fresh-post/index.html")
    });
    assert!(server
        .get("blog/2026/12/01/fresh-post/")
        .body
        .contains("First words."));
    assert!(
        server.get("blog/").body.contains("Fresh post"),
        "the index lists it"
    );

    // An editor's atomic save (temporary file, then rename).
    let file = new_dir.join("main.md");
    let text = std::fs::read_to_string(&file).unwrap();
    atomic_write(&file, &text.replace("First words.", "Saved atomically."));
    events.wait_for("reload", |v| {
        changed(v, "blog/2026/12/01/fresh-post/index.html")
    });
    assert!(server
        .get("blog/2026/12/01/fresh-post/")
        .body
        .contains("Saved atomically."));

    // A burst of saves: the last one wins.
    for i in 0..15 {
        std::fs::write(&file, text.replace("First words.", &format!("Burst {i}."))).unwrap();
        std::thread::sleep(Duration::from_millis(3));
    }
    assert!(
        wait_until(WAIT, || server
            .get("blog/2026/12/01/fresh-post/")
            .body
            .contains("Burst 14.")),
        "{}",
        server.log()
    );

    // A file that is briefly empty (truncated, then written).
    std::fs::write(&file, "").unwrap();
    std::thread::sleep(Duration::from_millis(30));
    std::fs::write(&file, text.replace("First words.", "After the gap.")).unwrap();
    assert!(wait_until(WAIT, || server
        .get("blog/2026/12/01/fresh-post/")
        .body
        .contains("After the gap.")));
    assert!(wait_until(WAIT, || server
        .get("__blogen/status")
        .body
        .contains("\"errors\":[]")));

    // Renaming the post's folder keeps the post (its URL comes from its title and date).
    let renamed = posts.join("2026-12-01_renamed");
    std::fs::rename(&new_dir, &renamed).unwrap();
    std::fs::write(
        renamed.join("main.md"),
        text.replace("First words.", "Renamed folder."),
    )
    .unwrap();
    assert!(wait_until(WAIT, || server
        .get("blog/2026/12/01/fresh-post/")
        .body
        .contains("Renamed folder.")));

    // Deleting it removes its page and its place in the index.
    std::fs::remove_dir_all(&renamed).unwrap();
    assert!(wait_until(WAIT, || server
        .get("blog/2026/12/01/fresh-post/")
        .status
        == 404));
    assert!(!server.get("blog/").body.contains("Fresh post"));
    assert!(
        server.get("__blogen/status").body.contains("\"errors\":[]"),
        "{}",
        server.log()
    );
}

#[test]
fn config_and_template_changes_rebuild_everything() {
    let blog = sample_blog();
    let server = Server::start(blog.path());
    let events = server.events();
    events.wait_for("hello", |_| true);
    let yml = blog.path().join("mkdocs.yml");
    let good = std::fs::read_to_string(&yml).unwrap();

    std::fs::write(
        &yml,
        good.replace("site_name: blogen", "site_name: Renamed blog"),
    )
    .unwrap();
    events.wait_for("reload", |v| {
        changed(v, PERF_FILE) && changed(v, "index.html")
    });
    assert!(server.get(PERF_URL).body.contains("Renamed blog"));

    // A broken mkdocs.yml keeps the site and names the file and line.
    std::fs::write(
        &yml,
        good.replace("site_name: blogen", "site_name: [blogen"),
    )
    .unwrap();
    let errors = events.wait_for("errors", |v| {
        v["errors"].as_array().is_some_and(|a| !a.is_empty())
    });
    assert_eq!(errors["errors"][0]["file"], "mkdocs.yml", "{errors}");
    assert!(server.get(PERF_URL).body.contains("Renamed blog"));
    std::fs::write(&yml, &good).unwrap();
    events.wait_for("errors", |v| v["errors"] == serde_json::json!([]));
    assert!(wait_until(WAIT, || !server
        .get(PERF_URL)
        .body
        .contains("Renamed blog")));

    // A template override beside mkdocs.yml (the folder is new): every page changes.
    let partials = blog.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    let meta = std::fs::read_to_string(repo().join("templates/partials/post_meta.html")).unwrap();
    std::fs::write(
        partials.join("post_meta.html"),
        meta.replace(
            "<div class=\"post-meta\">",
            "<div class=\"post-meta from-override\">",
        ),
    )
    .unwrap();
    assert!(
        wait_until(WAIT, || server.get(PERF_URL).body.contains("from-override")),
        "{}",
        server.log()
    );
    // A template error is shown, and the last good pages stay.
    std::fs::write(partials.join("post_meta.html"), "{% if %}broken").unwrap();
    assert!(
        wait_until(WAIT, || server
            .get("__blogen/status")
            .body
            .contains("post_meta.html")),
        "{}",
        server.log()
    );
    assert!(server.get(PERF_URL).body.contains("from-override"));
}
