//! `vsee-contract mock` and `vsee-contract proxy` over real loopback HTTP: each test starts
//! the actual binary on 127.0.0.1:0 and reads the port from its first line of output.

mod auth;
mod errors;
mod flow;
mod kept;
mod proxy;
mod proxy_paths;
mod proxy_stream;
mod quickstart;
mod recording;
mod rejections;
mod support;
mod timeouts;
mod upstream;
