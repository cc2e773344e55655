//! vsee-client's integration tests (one test binary): the API surface snapshot
//! ([`api_surface`]), the hand-written configuration ([`config`]), the lossless round trip of
//! every fixture ([`fixtures`]), every operation over loopback HTTP ([`http`]) and the README's
//! example ([`readme`]).

mod api_surface;
mod config;
mod fixtures;
mod http;
mod readme;
