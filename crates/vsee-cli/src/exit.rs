//! The exit codes of `vsee-contract`, shared by `validate` and by `mock` / `proxy`, and the one
//! way a usage error is printed.

/// Exit code: every exchange conforms (or a server stopped cleanly).
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one finding (including unreadable input files).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage error (bad flag, unreadable spec, no input files, a server that cannot
/// start).
pub const EXIT_USAGE: i32 = 2;

/// Prints a usage error (one line on standard error); [`EXIT_USAGE`].
pub fn usage_error(message: &str) -> i32 {
    eprintln!("vsee-contract: error: {message}");
    EXIT_USAGE
}
