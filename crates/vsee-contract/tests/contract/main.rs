//! The integration tests of `vsee-contract`, one binary: the command line, the library API,
//! malformed input, redaction, the report snapshots and the fuzz corpus replay.

mod cli;
mod common;
mod differential;
mod fuzz_corpus;
mod library;
mod malformed;
mod redaction;
mod snapshots;
