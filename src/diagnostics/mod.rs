//! Diagnostics, below every stage: the model and the sink every stage reports to
//! (`diagnostic`), their output for people and CI (`report`), and the exit policy (`--strict`).
//! The checks that need every page at once are a stage of their own, in `check`.

pub mod diagnostic;
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
