//! Rebuilds the binary when the embedded theme (templates/, static/) or vendored files change:
//! `include_dir!` and `include_bytes!` of a folder are not tracked by cargo on their own.

fn main() {
    for dir in ["templates", "static", "vendor"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
