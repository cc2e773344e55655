//! vsee-codegen's integration tests (one test binary): the book shows the generator's
//! steps exactly as the lists define them ([`readme`]); the generator on the real spec
//! ([`spec`]).

mod readme;
mod spec;
