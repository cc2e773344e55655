//! vsee-client's integration tests (one test binary): the API surface snapshot
//! ([`api_surface`]), the hand-written configuration and TLS ([`config`]), `Debug` that shows
//! no value ([`debug`]), drifted payloads read and written back exactly ([`drift`]), the drift
//! watch's example and its cost in dependencies ([`drift_watch`]), its worker and queue
//! ([`drift_queue`]), errors
//! that show no value and repeat no cause ([`errors`]), the lossless round trip of every
//! fixture ([`fixtures`]), a fresh application built with the newest crates and no warning
//! ([`fresh_app`]), every operation over loopback HTTP ([`http`]), ids in every form
//! ([`ids`]), the lifecycle example ([`lifecycle`]), the paginator ([`paging`]) and opt-in
//! retries against a scripted loopback server ([`retry`]). The book includes
//! `examples/quickstart.rs` itself (`{{#include}}`), so no copy of it can drift.

mod api_surface;
mod config;
mod debug;
mod drift;
mod drift_queue;
mod drift_watch;
mod errors;
mod fixtures;
mod fresh_app;
mod http;
mod ids;
mod lifecycle;
mod paging;
mod retry;
