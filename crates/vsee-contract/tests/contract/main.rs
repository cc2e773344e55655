//! The integration tests of the `vsee-contract` library, one binary: its API, the fuzz corpus
//! replay, the recording policy's property test, and the differential test against
//! python-jsonschema. (The command line, its reports and the servers are tested by running the
//! binary: `crates/vsee-cli/tests/cli/`.)

mod baseline;
mod common;
mod differential;
mod fuzz_corpus;
mod library;
mod pseudonym_props;
