//! The integration tests of `vsee-contract`, one binary: the command line, the library API,
//! malformed input, redaction, the report snapshots, the fuzz corpus replay, the recording
//! policy's property test, the differential test against python-jsonschema, and the mock and
//! proxy served over loopback HTTP (`serve/`).

mod cli;
mod common;
mod differential;
mod fuzz_corpus;
mod library;
mod malformed;
mod pseudonym_props;
mod redaction;
mod serve;
mod snapshots;
