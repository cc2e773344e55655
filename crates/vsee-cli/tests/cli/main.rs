//! The integration tests of the `vsee-contract` command, one binary, each running the real
//! binary: the command line, the client's drift watch and its recording, malformed input,
//! redaction, the report snapshots, the mock and proxy served over loopback HTTP (`serve/`), and
//! the book's `vsee-contract` examples ([`book`]).

mod baseline;
mod book;
mod cli;
mod common;
mod drift_watch;
mod malformed;
mod redaction;
mod serve;
mod snapshots;
mod typed_check;
