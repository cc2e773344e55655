//! Serving the contract, for `vsee-contract mock` and `vsee-contract proxy`: a stateful mock
//! that validates every request and every response it sends ([`run_mock`]), and a proxy that
//! forwards to a real server, validates both halves live and records privacy-safe NDJSON that
//! `validate` reads ([`run_proxy`]).
//!
//! Both run on one HTTP server (hyper), route with the router of the one checker of the
//! validation library ([`vsee_contract::Checker::router`]) and judge with that checker.
//! Recordings, error bodies and log lines go through the library's one privacy policy
//! ([`vsee_contract::recording`] for recordings). The command line (flags, help, exit codes)
//! is the `vsee-cli` crate's; this crate takes plain options.
//!
//! Jobs, one per module: `server` (listener, shutdown, bodies), `conn` (time limits of a
//! connection), `http_errors` (bodies for what the HTTP layer refuses itself), `gate`
//! (routing, request checking), `auth` (credentials and record owners), `exact` (JSON kept
//! as sent), `problem` (error bodies), `record` (a stored record), `state` (per-account
//! store, limits, seeded ids), `mock` (one handler per operation, response checking),
//! `proxy` (forwarding), `upstream` (which targets go where upstream), `relay`
//! (streaming a response body while keeping a copy), `encoding` (`Content-Encoding`),
//! `checks` (the proxy's checks, in order, off the I/O threads), `recorder` (the NDJSON
//! file).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use vsee_contract::Checker;

mod auth;
mod checks;
mod conn;
mod encoding;
mod exact;
#[doc(hidden)]
pub mod fuzzing;
mod gate;
mod http_errors;
mod message;
mod mock;
mod problem;
mod proxy;
mod record;
mod recorder;
mod relay;
mod server;
mod state;
mod upstream;

#[cfg(test)]
mod recording_tests;

/// Why a server could not start or stopped with an error (a bad option, an address in use,
/// a recording file that cannot be opened). The message says what to do next and holds no
/// value sent by a client.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ServeError(String);

impl From<vsee_contract::recording::NoRandomKey> for ServeError {
    fn from(e: vsee_contract::recording::NoRandomKey) -> ServeError {
        ServeError(e.to_string())
    }
}

impl From<String> for ServeError {
    fn from(message: String) -> ServeError {
        ServeError(message)
    }
}

/// Time limits of every client connection, for the mock and the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// From the first byte of a request to the end of its head: a connection that sends half
    /// a head is closed then, without an answer.
    pub header: Duration,
    /// How long a keep-alive connection may wait for its next request (or a new one for its
    /// first); also how long a response may wait for a client that stopped reading it.
    pub idle: Duration,
    /// From the end of the head to the end of the request body: a slower body gets 408.
    pub body: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            body: Duration::from_secs(30),
        }
    }
}

/// What the mock is started with.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Seed of the id generator: the same seed and the same requests give the same ids.
    pub seed: u64,
    /// The only `X-ApiToken` values accepted; empty (with `api_keys` empty too) accepts any.
    pub tokens: Vec<String>,
    /// The only `X-ApiKey` / `X-ApiSecret` pairs accepted, as `(key, secret)`.
    pub api_keys: Vec<(String, String)>,
    /// Most bytes of records one account may hold; a write past it gets 507.
    pub max_account_bytes: u64,
    /// Most records (intakes and visits) one account may hold; a write past it gets 507.
    pub max_account_records: u64,
    /// Most bytes of records all accounts together may hold; a write past it gets 507.
    pub max_total_bytes: u64,
    /// Append every exchange to this NDJSON file, through the recording policy.
    pub record: Option<PathBuf>,
}

impl Default for MockOptions {
    fn default() -> MockOptions {
        MockOptions {
            seed: 0,
            tokens: Vec::new(),
            api_keys: Vec::new(),
            max_account_bytes: 128 * 1024 * 1024,
            max_account_records: 10_000,
            max_total_bytes: 1024 * 1024 * 1024,
            record: None,
        }
    }
}

/// What the proxy is started with.
#[derive(Debug, Clone)]
pub struct ProxyOptions {
    /// Base URL of the real API (or of a mock), e.g. `https://api.vsee.me/api_v3`.
    pub upstream: String,
    /// Append every exchange to this NDJSON file, through the recording policy.
    pub record: Option<PathBuf>,
    /// Record values as sent instead of pseudonyms (never credentials).
    pub keep_values: bool,
    /// How long the upstream may take to send its response head (else 504), and the longest
    /// pause within its body.
    pub upstream_timeout: Duration,
    /// Largest response body checked and recorded, as sent and once decoded.
    pub max_check_bytes: usize,
}

impl ProxyOptions {
    /// Options for `upstream` with the defaults of `vsee-contract proxy`.
    pub fn new(upstream: impl Into<String>) -> ProxyOptions {
        ProxyOptions {
            upstream: upstream.into(),
            record: None,
            keep_values: false,
            upstream_timeout: Duration::from_secs(60),
            max_check_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Serves the mock on `addr` until Ctrl-C or SIGTERM. Prints `listening on http://HOST:PORT`
/// as the first line of standard output once bound.
pub fn run_mock(
    addr: SocketAddr,
    checker: Checker,
    options: MockOptions,
    limits: ConnectionLimits,
) -> Result<(), ServeError> {
    let checker = Arc::new(checker);
    let recorder = open_recorder(options.record.as_ref(), &checker, false)?;
    let config = mock::Config {
        seed: options.seed,
        tokens: options.tokens,
        api_keys: options.api_keys,
        limits: state::Limits {
            account_bytes: options.max_account_bytes,
            account_records: options.max_account_records,
            total_bytes: options.max_total_bytes,
        },
        recorder,
    };
    let mock = mock::Mock::new(Arc::clone(&checker), config);
    run(addr, server::App::Mock(Arc::new(mock)), limits)
}

/// Serves the proxy on `addr` until Ctrl-C or SIGTERM. Prints `listening on
/// http://HOST:PORT` as the first line of standard output once bound.
pub fn run_proxy(
    addr: SocketAddr,
    checker: Checker,
    options: ProxyOptions,
    limits: ConnectionLimits,
) -> Result<(), ServeError> {
    let checker = Arc::new(checker);
    let recorder = open_recorder(options.record.as_ref(), &checker, options.keep_values)?;
    let settings = proxy::Settings {
        max_check_bytes: options.max_check_bytes,
        upstream_timeout: options.upstream_timeout,
    };
    let proxy = proxy::Proxy::new(Arc::clone(&checker), &options.upstream, recorder, settings)?;
    run(addr, server::App::Proxy(Arc::new(proxy)), limits)
}

fn open_recorder(
    path: Option<&PathBuf>,
    checker: &Checker,
    keep_values: bool,
) -> Result<Option<Arc<recorder::Recorder>>, ServeError> {
    let Some(path) = path else { return Ok(None) };
    let policy = vsee_contract::recording::Policy::new(checker, keep_values)?;
    Ok(Some(Arc::new(recorder::Recorder::append(path, policy)?)))
}

fn run(addr: SocketAddr, app: server::App, limits: ConnectionLimits) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError(format!("cannot start the async runtime: {e}")))?;
    let limits = conn::Limits {
        header: limits.header,
        idle: limits.idle,
        body: limits.body,
    };
    Ok(runtime.block_on(server::serve(addr, app, limits))?)
}
