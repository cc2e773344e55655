//! The integration tests of `vsee-contract`, one binary: the command line, the library API,
//! malformed input, redaction and the report snapshots.

mod cli;
mod common;
mod library;
mod malformed;
mod redaction;
mod snapshots;
