//! Integration tests of `vsee-spec`, one module per job of the crate (one test binary, so the
//! crate and its dependencies are linked once).

mod common;
mod convert;
mod lint;
mod loader;
mod router;
