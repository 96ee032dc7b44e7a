//! The extra syntaxes are read only when a block needs one: one test alone in its process, so
//! nothing else has loaded them before it looks.

use blogen::markdown::highlight::{highlight_block, inline_code, FenceOptions, HighlightOptions};
use blogen::markdown::languages;

#[test]
fn extra_syntaxes_load_on_first_need_only() {
    let hl = HighlightOptions::default();
    for lang in ["python", "rust", "js", "bash", "yaml", "go", "text", ""] {
        highlight_block("x = 1\n", lang, &FenceOptions::default(), &hl, false, None);
    }
    inline_code("#!python x = 1", &hl);
    assert!(
        !languages::extra_loaded(),
        "the default set's languages do not read the extra set"
    );
    let html = highlight_block("[a]\n", "toml", &FenceOptions::default(), &hl, false, None);
    assert!(html.contains("hl-toml"), "{html}");
    assert!(languages::extra_loaded());
}
