//! What mkdocs does not publish, blogen does not publish (tests/fixtures/exclude), through the
//! binary. Expected: what mkdocs 1.6.1 + mkdocs-material 9.8 + mkdocs-exclude 1.0 built from the
//! same folder: the pages api/public, blog (index, post, archive), index, keep.tmp and orphan;
//! "contains a link to 'snips/a.md' | 'drafts/d.md' | 'x.tmp.md' | '.hidden.md' which is
//! excluded from the built site" (INFO); "contains a link 's.secret.md', but the target is not
//! found" (WARNING: the exclude plugin removes the file altogether); orphan.md (not_in_nav) not
//! among the pages reported missing from the nav.

use std::process::Command;

mod common;

#[test]
fn excluded_files_are_not_published_and_links_to_them_are_info() {
    let copy = common::copy_fixture("exclude");
    let site = copy.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_blogen"))
        .args(["build", "-v", "--no-cache", "--format", "json", "-d"])
        .arg(&site)
        .current_dir(copy.path())
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e.path().parent().unwrap().strip_prefix(&site).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "",
            "api/public",
            "blog",
            "blog/2024/01/01/p",
            "blog/archive/2024",
            "keep.tmp",
            "orphan"
        ]
    );
    assert!(
        !site.join("snips/img.png").exists(),
        "assets are excluded too"
    );
    let diags: Vec<serde_json::Value> = said
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let codes = |code: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let excluded = codes("link-to-excluded");
    assert_eq!(excluded.len(), 4, "{said}");
    for target in ["snips/a.md", "drafts/d.md", "x.tmp.md", ".hidden.md"] {
        assert!(
            excluded.iter().any(|m| m.contains(&format!("`{target}`"))),
            "{target}: {excluded:?}"
        );
    }
    assert!(
        diags
            .iter()
            .filter(|d| d["code"] == "link-to-excluded")
            .all(|d| d["severity"] == "info"),
        "{said}"
    );
    let missing = codes("link-missing");
    assert_eq!(missing.len(), 1, "{said}");
    assert!(missing[0].contains("s.secret.md"));
    let omitted: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "nav-omitted")
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(omitted.len(), 2, "{omitted:?}");
    assert!(!omitted.iter().any(|f| f.contains("orphan")), "{omitted:?}");
}
