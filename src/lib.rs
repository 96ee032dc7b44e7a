//! blogen: builds an mkdocs-material blog (same mkdocs.yml, same posts, same URLs) as a
//! static site. The stages are modules; `pipeline` runs them in order. This file only
//! declares the modules and re-exports the pipeline's entry points.

pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod new_post;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod publish;
pub mod read;
pub mod serve;
pub mod site;
pub mod theme;
pub mod timings;
pub mod url;

pub use pipeline::{
    build, build_with, generate, generate_into, generate_run, generate_with, render_entry,
    site_dir_allowed, BuildReport, Emit, Fresh, Generated, OutputRef, Reuse, Run, RunOptions,
};
