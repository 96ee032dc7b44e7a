//! The floor for a cold build: only pulldown-cmark and syntect over every post of a corpus, in
//! parallel, with no theme, no links, no output. `bench/run.sh` prints it beside blogen's own
//! figures, so the cost of everything blogen adds can be read off.
//!
//! Usage: `cargo run --release --example bench_floor -- DOCS_DIR`

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: bench_floor DOCS_DIR");
    let start = std::time::Instant::now();
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let ss = SyntaxSet::load_defaults_newlines();
    let bytes: usize = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let mut out = String::new();
            let mut lang: Option<String> = None;
            let mut code = String::new();
            let events = Parser::new(&text).filter_map(|e| match e {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(l))) => {
                    lang = Some(l.to_string());
                    code.clear();
                    None
                }
                Event::Text(t) if lang.is_some() => {
                    code.push_str(&t);
                    None
                }
                Event::End(TagEnd::CodeBlock) => {
                    let l = lang.take().unwrap_or_default();
                    let syntax = ss
                        .find_syntax_by_token(&l)
                        .unwrap_or_else(|| ss.find_syntax_plain_text());
                    let mut gen =
                        ClassedHTMLGenerator::new_with_class_style(syntax, &ss, ClassStyle::Spaced);
                    for line in LinesWithEndings::from(&code) {
                        let _ = gen.parse_html_for_line_which_includes_newline(line);
                    }
                    Some(Event::Html(gen.finalize().into()))
                }
                other => Some(other),
            });
            pulldown_cmark::html::push_html(&mut out, events);
            out.len()
        })
        .sum();
    eprintln!(
        "floor: {} files, {} bytes of HTML in {:.2?}",
        files.len(),
        bytes,
        start.elapsed()
    );
}
