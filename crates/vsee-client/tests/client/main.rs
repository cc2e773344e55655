//! vsee-client's integration tests (one test binary): the API surface snapshot
//! ([`api_surface`]), the hand-written configuration ([`config`]), drifted payloads read and
//! written back exactly ([`drift`]), errors that show no value ([`errors`]), the lossless round trip of
//! every fixture ([`fixtures`]), every operation over loopback HTTP ([`http`]), the README's
//! example ([`readme`]) and opt-in retries against a scripted loopback server ([`retry`]).

mod api_surface;
mod config;
mod drift;
mod errors;
mod fixtures;
mod http;
mod paging;
mod readme;
mod retry;
