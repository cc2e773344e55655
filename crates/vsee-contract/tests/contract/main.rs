//! The integration tests of `vsee-contract`, one binary: the command line, the library API,
//! malformed input, redaction, the report snapshots, and the mock and proxy served over
//! loopback HTTP (`serve/`).

mod cli;
mod common;
mod library;
mod malformed;
mod redaction;
mod serve;
mod snapshots;
