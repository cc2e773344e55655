//! Integration tests of `vsee-diff` (one test binary, so the crate and its dependencies are
//! linked once): the table of spec-pair cases, the report on real specs, inputs at the edges.

mod cases;
mod limits;
mod report;
mod support;
