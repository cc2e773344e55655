//! The drift watch (cargo feature `drift-watch`): every request this client sends and every
//! response it reads is checked against the spec the client was generated from, in the
//! process, and what the spec does not describe is reported: values that break a schema
//! (keyword `type`, `required`, ...), coded values the spec does not list (`enum`: a new visit
//! status) and members the spec does not document (`undocumented-property`: a new field).
//! The client itself stays lenient (it still returns every body it can read); the watch makes
//! the day VSee changes something visible where the traffic is.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use std::sync::Arc;
//! use std::time::Duration;
//! use vsee_client::drift::DriftWatch;
//! use vsee_client::{ClientBuilder, Credentials, Environment};
//!
//! let drifts = Arc::new(AtomicU64::new(0));
//! let counter = Arc::clone(&drifts);
//! let watch = DriftWatch::new()
//!     // One WARN event per drift and hour (the default is 10 minutes); the callback sees all.
//!     .rate_limit(Duration::from_secs(3600))
//!     .on_drift(move |_drift| {
//!         counter.fetch_add(1, Ordering::Relaxed);
//!     })
//!     // The exchanges that drifted, pseudonymised, for `vsee-contract validate` and
//!     // `cargo xtask learn --recordings`; one in 100 of the others too.
//!     .record("drift.ndjson")?
//!     .sample_every(100)
//!     .max_file_bytes(16 << 20);
//!
//! let credentials = Credentials::new("api-token", "vclinic");
//! let client = ClientBuilder::new(Environment::Production, credentials)
//!     .drift_watch(watch)
//!     .build()?;
//! let visit = client.get_visit().id("7727").send().await?;
//! # let _ = visit;
//! # Ok(())
//! # }
//! ```
//!
//! **Events.** Each finding is one `tracing` event, target `vsee_client::drift`, level WARN,
//! with the fields `operation_id`, `status`, `part` (`request` or `response`), `location`
//! (`body`, `query`, `path`, `status`, `media-type`, `route`), `pointer` (RFC 6901 into the
//! body, every array index and every key that is not a field name shown as `*`), `keyword`,
//! `fingerprint` (16 hex digits, the same for the same drift in every process and version of
//! this crate) and `suppressed` (events of that fingerprint left out since the last one). Never
//! a value, a header or a query value. One event per fingerprint per [`DriftWatch::rate_limit`]
//! interval; [`DriftWatch::on_drift`] is called for every finding.
//!
//! **Recording.** [`DriftWatch::record`] appends NDJSON exchange lines (the format `vsee-contract
//! validate` and `cargo xtask learn --recordings` read) through the recording policy of
//! `vsee-contract` (`vsee_contract::recording::Policy`, the proxy's): no header at all (so no
//! credential), every string and number of two or more digits a keyed pseudonym of the same
//! shape (one random key per watch), dates shifted; keys, spec literals, booleans and nulls
//! kept. A line is written whole or not at all (a failed write is cut back). When the next line
//! would make the file larger than [`DriftWatch::max_file_bytes`], the file is renamed to
//! `FILE.1` (replacing an older `FILE.1`) and a new `FILE` is started; a single line larger
//! than the cap is dropped and counted in an event.
//!
//! **Worker.** The response goes back to the caller as soon as its body is read; the check runs
//! on the watch's worker thread (one per watch, started with the first exchange), fed by a
//! bounded queue ([`DriftWatch::queue`], [`DEFAULT_QUEUE`] exchanges). When the queue is full
//! the exchange is left unchecked, counted ([`DriftWatch::dropped`]) and reported in its own
//! WARN event (field `dropped`); the caller never waits. Events from the worker go to the
//! caller's subscriber and span. [`DriftWatch::flush`] waits until the queue is drained (tests,
//! shutdown); `queue(0)` checks on the caller's path instead, as before the worker.
//!
//! **Cost.** On the caller's path: the request captured and the exchange queued (the body's
//! bytes are shared, not copied): about 15 us per visit response (8.5 KB). On the worker: one
//! JSON parse, one schema validation and one walk of the body per response (and per JSON
//! request body), about 130 to 150 us of CPU per visit response. Both on the 2-core build
//! machine, measured by `cargo bench -p vsee-client --bench drift_watch --features
//! drift-watch` against the same calls without the watch (the book's drift-watch page has the
//! numbers). The worker's CPU is not free: on a machine whose cores are all busy (as that one
//! was), calls back to back were still about 100 to 130 us slower with the watch. The response
//! body is read whole before the generated code reads it (it would be anyway) and handed back
//! unchanged.

mod event;
mod limit;
mod record;
mod watch;
mod worker;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use vsee_contract::Checker;

pub use event::Drift;
pub use record::{RecordError, DEFAULT_MAX_FILE_BYTES};
use watch::Watch;
use worker::Queue;
pub use worker::DEFAULT_QUEUE;

/// Default of [`DriftWatch::rate_limit`].
pub const DEFAULT_RATE_LIMIT: Duration = Duration::from_secs(600);

/// The drift watch of a client ([`crate::ClientBuilder::drift_watch`],
/// [`crate::Client::with_drift_watch`]). Cheap to clone: clones share the rate limiter, the
/// callback, the recording and the worker with its queue.
#[derive(Clone)]
pub struct DriftWatch {
    pub(crate) inner: Arc<Watch>,
    pub(crate) queue: Arc<Queue>,
}

impl fmt::Debug for DriftWatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DriftWatch")
            .field("rate_limit", &self.inner.limiter.interval())
            .field("on_drift", &self.inner.callback.is_some())
            .field("record", &self.inner.recorder)
            .field("queue", &self.queue.capacity())
            .finish()
    }
}

impl Default for DriftWatch {
    fn default() -> DriftWatch {
        DriftWatch::new()
    }
}

/// The spec compiled once per process, shared by every watch. The embedded spec always loads
/// (the crate's tests load it); were it not to, the watch checks nothing and says so once.
fn checker() -> Option<&'static Checker> {
    static CHECKER: OnceLock<Option<Checker>> = OnceLock::new();
    CHECKER
        .get_or_init(|| {
            let checker = vsee_spec::embedded()
                .map_err(|e| e.to_string())
                .and_then(|spec| Checker::new(spec).map_err(|e| e.to_string()));
            match checker {
                Ok(mut checker) => {
                    checker.set_undocumented(true);
                    Some(checker)
                }
                Err(why) => {
                    tracing::error!(target: "vsee_client::drift", %why, "the drift watch cannot load the embedded spec and checks nothing");
                    None
                }
            }
        })
        .as_ref()
}

/// The client's `exec` hook with this watch: the exchange is checked on the watch's worker.
pub(crate) async fn exec_watched<F>(
    watch: &DriftWatch,
    base_url: &str,
    operation_id: &'static str,
    request: reqwest::Request,
    send: impl FnOnce(reqwest::Request) -> F,
) -> reqwest::Result<reqwest::Response>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let check = watch
        .inner
        .checker
        .map(|_| |observed: watch::Observed| watch.queue.submit(&watch.inner, observed));
    watch::exec_watched(check, base_url, operation_id, request, send).await
}

impl DriftWatch {
    /// A watch that logs every drift (rate-limited, [`DEFAULT_RATE_LIMIT`]), without callback
    /// or recording. Compiles the embedded spec on first use in the process.
    pub fn new() -> DriftWatch {
        DriftWatch {
            inner: Arc::new(Watch {
                checker: checker(),
                limiter: limit::Limiter::new(DEFAULT_RATE_LIMIT),
                callback: None,
                recorder: None,
            }),
            queue: Arc::new(Queue::new(DEFAULT_QUEUE)),
        }
    }

    fn edit(self, f: impl FnOnce(&mut Watch)) -> DriftWatch {
        let mut watch = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Watch {
            checker: shared.checker,
            limiter: limit::Limiter::new(shared.limiter.interval()),
            callback: shared.callback.clone(),
            recorder: shared.recorder.clone(),
        });
        f(&mut watch);
        DriftWatch {
            inner: Arc::new(watch),
            // A worker already started checks with the old settings: the new watch has its own.
            queue: Arc::new(Queue::new(self.queue.capacity())),
        }
    }

    /// How many exchanges may wait for their check ([`DEFAULT_QUEUE`]). The check runs on one
    /// worker thread per watch, off the caller's path; when `capacity` exchanges are waiting,
    /// the next is left unchecked and counted ([`DriftWatch::dropped`], and a WARN event with
    /// the field `dropped`, rate limited like the drift events). `0` checks every exchange on
    /// the caller's path, before the response is handed back (no thread, nothing dropped).
    pub fn queue(self, capacity: usize) -> DriftWatch {
        DriftWatch {
            inner: self.inner,
            queue: Arc::new(Queue::new(capacity)),
        }
    }

    /// Blocks the calling thread until every exchange handed back so far has been checked,
    /// reported and recorded (and any dropped count reported); returns at once when nothing was
    /// queued. For tests and for a clean shutdown; in async code it blocks the task's thread
    /// for as long as the worker needs (about 0.1 ms an exchange).
    pub fn flush(&self) {
        self.queue.flush();
    }

    /// Exchanges left unchecked because the queue was full, since the watch was built.
    pub fn dropped(&self) -> u64 {
        self.queue.dropped()
    }

    /// Logs one event per fingerprint per `interval` (`Duration::ZERO`: every finding).
    pub fn rate_limit(self, interval: Duration) -> DriftWatch {
        self.edit(|w| w.limiter = limit::Limiter::new(interval))
    }

    /// Calls `callback` with every finding, rate limit or not (to count or alert). It runs on
    /// the watch's worker thread (on the caller with [`DriftWatch::queue`] `0`): keep it
    /// short, every check waits for it. On the worker, a panic in it is caught and logged as
    /// an ERROR without its message, and the worker goes on.
    pub fn on_drift(self, callback: impl Fn(&Drift) + Send + Sync + 'static) -> DriftWatch {
        self.edit(|w| w.callback = Some(Arc::new(callback)))
    }

    /// Appends the exchanges that drifted to `path` (created when missing), pseudonymised,
    /// as NDJSON that `vsee-contract validate` and `cargo xtask learn --recordings` read. See
    /// [`DriftWatch::sample_every`] for the others and [`DriftWatch::max_file_bytes`] for the
    /// cap.
    pub fn record(self, path: impl AsRef<Path>) -> Result<DriftWatch, RecordError> {
        let Some(checker) = self.inner.checker else {
            return Err(RecordError::NoSpec);
        };
        let recorder = record::Recorder::open(path.as_ref(), checker)?;
        Ok(self.edit(|w| w.recorder = Some(recorder)))
    }

    /// Also records one in `n` of the exchanges that did not drift (`1`: every exchange; `0`,
    /// the default: none). Needs [`DriftWatch::record`] first; ignored otherwise.
    pub fn sample_every(self, n: u64) -> DriftWatch {
        self.edit(|w| {
            if let Some(r) = &mut w.recorder {
                r.set_sample_every(n);
            }
        })
    }

    /// The largest the recording file may grow ([`DEFAULT_MAX_FILE_BYTES`]) before it is
    /// rotated to `FILE.1`. Needs [`DriftWatch::record`] first; ignored otherwise.
    pub fn max_file_bytes(self, bytes: u64) -> DriftWatch {
        self.edit(|w| {
            if let Some(r) = &mut w.recorder {
                r.set_max_bytes(bytes);
            }
        })
    }
}
