//! vsee-client's integration tests (one test binary): the API surface snapshot
//! ([`api_surface`]), the hand-written configuration ([`config`]), drifted payloads read and
//! written back exactly ([`drift`]), errors that show no value ([`errors`]), the lossless round trip of
//! every fixture ([`fixtures`]), every operation over loopback HTTP ([`http`]) and the README's
//! example ([`readme`]).

mod api_surface;
mod config;
mod drift;
mod errors;
mod fixtures;
mod http;
mod paging;
mod readme;
