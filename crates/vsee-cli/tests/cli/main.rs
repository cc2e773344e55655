//! The integration tests of the `vsee-contract` command, one binary, each running the real
//! binary: the command line, malformed input, redaction, the report snapshots, and the mock and
//! proxy served over loopback HTTP (`serve/`), and the book's `vsee-contract` examples ([`book`]).

mod baseline;
mod book;
mod cli;
mod common;
mod malformed;
mod redaction;
mod serve;
mod snapshots;
mod typed_check;
