//! The checks that need every page at once (`references`: anchors between pages, unknown
//! authors), run after rendering. Checks of one page alone are made where the page is read or
//! rendered. The diagnostics they report are in `diagnostics`, re-exported here by their old
//! paths.

pub mod references;

pub use crate::diagnostics::{diagnostic, exit_code, report, Diagnostic, Severity, Sink};
