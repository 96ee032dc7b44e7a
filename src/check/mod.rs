//! Diagnostics: the model and sink every stage reports to (`diagnostic`), their output for
//! people and CI (`report`), the exit policy (`--strict`), and the checks that need every
//! page at once (`references`).

pub mod diagnostic;
pub mod references;
pub mod report;

pub use diagnostic::{Diagnostic, Severity, Sink};

/// Exit code for a finished run: 1 on any error, or on any warning under `--strict`.
pub fn exit_code(diags: &[Diagnostic], strict: bool) -> i32 {
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    let warnings = diags.iter().any(|d| d.severity == Severity::Warning);
    if errors || (strict && warnings) {
        1
    } else {
        0
    }
}
