//! The watch's worker: the check of an exchange runs off the caller's path, on one thread per
//! watch fed by a bounded queue. The caller only hands over what it already holds (the
//! request as captured, the response's body bytes, shared not copied) and never waits: when
//! the queue is full the exchange is left unchecked and counted, and the count is reported in
//! its own WARN event. Nothing is kept beyond the queue.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use super::watch::{Observed, Watch};

/// Default of [`super::DriftWatch::queue`]: exchanges waiting for their check at most. Bounds
/// the memory held (each holds its response body) while the worker catches up with a burst.
pub const DEFAULT_QUEUE: usize = 128;

/// The limiter's slot for the dropped-exchanges event (drift fingerprints are FNV-1a hashes of
/// names; this one stands apart from them in practice).
const DROPPED_FINGERPRINT: u64 = 0;

enum Message {
    Check(Box<Observed>),
    /// Answered once every exchange queued before it has been checked.
    Flush(mpsc::Sender<()>, tracing::Dispatch),
}

/// The queue of one watch; the worker starts with the first exchange.
pub(crate) struct Queue {
    capacity: usize,
    /// `None` when the thread could not be started: then exchanges are checked on the caller.
    sender: OnceLock<Option<SyncSender<Message>>>,
    /// Exchanges left unchecked since the watch was built.
    dropped: AtomicU64,
    /// Of those, the ones no event has reported yet (shared with the worker).
    unreported: Arc<AtomicU64>,
}

impl Queue {
    pub(crate) fn new(capacity: usize) -> Queue {
        Queue {
            capacity,
            sender: OnceLock::new(),
            dropped: AtomicU64::new(0),
            unreported: Arc::new(AtomicU64::new(0)),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Checks `observed` on the worker (on the caller with capacity 0, or when no thread could
    /// be started), or counts it as dropped when the queue is full.
    pub(crate) fn submit(&self, watch: &Arc<Watch>, observed: Observed) {
        if self.capacity == 0 {
            return watch.observe(&observed);
        }
        let sender = self.sender.get_or_init(|| self.spawn(watch));
        let Some(sender) = sender else {
            return watch.observe(&observed);
        };
        match sender.try_send(Message::Check(Box::new(observed))) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                self.unreported.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn spawn(&self, watch: &Arc<Watch>) -> Option<SyncSender<Message>> {
        let (sender, receiver) = mpsc::sync_channel(self.capacity);
        let watch = Arc::clone(watch);
        let unreported = Arc::clone(&self.unreported);
        let started = std::thread::Builder::new()
            .name("vsee-drift-watch".into())
            .spawn(move || work(&watch, &receiver, &unreported));
        match started {
            Ok(_) => Some(sender),
            Err(why) => {
                tracing::error!(target: "vsee_client::drift", %why, "the drift watch cannot start its worker and checks on the caller's path");
                None
            }
        }
    }

    /// Blocks until every exchange queued so far has been checked (and reported).
    pub(crate) fn flush(&self) {
        let Some(Some(sender)) = self.sender.get() else {
            return;
        };
        let (reply, done) = mpsc::channel();
        let dispatch = tracing::dispatcher::get_default(Clone::clone);
        // A worker that is gone drops `reply`: `recv` returns then.
        if sender.send(Message::Flush(reply, dispatch)).is_ok() {
            let _ = done.recv();
        }
    }
}

/// The worker's loop; ends when the watch (every clone) is gone and the queue is empty.
fn work(watch: &Watch, receiver: &Receiver<Message>, unreported: &AtomicU64) {
    for message in receiver {
        match message {
            Message::Check(observed) => {
                // Events go where they would have gone on the caller: its subscriber, its span.
                let _dispatch = tracing::dispatcher::set_default(&observed.dispatch);
                let _span = observed.span.enter();
                // A panic in the application's callback (or a check) must not end the worker:
                // every later exchange would then go unchecked. Its message is not logged: it
                // is the application's text and may hold a value.
                let checked = panic::catch_unwind(AssertUnwindSafe(|| watch.observe(&observed)));
                if checked.is_err() {
                    tracing::error!(
                        target: "vsee_client::drift",
                        "the drift watch's check of an exchange panicked (in the on_drift callback?); the worker goes on"
                    );
                }
                report_dropped(watch, unreported);
            }
            Message::Flush(reply, dispatch) => {
                let _dispatch = tracing::dispatcher::set_default(&dispatch);
                report_dropped(watch, unreported);
                let _ = reply.send(());
            }
        }
    }
}

/// One WARN event with the number of exchanges left unchecked since the last such event, at
/// most once per rate-limit interval.
fn report_dropped(watch: &Watch, unreported: &AtomicU64) {
    if unreported.load(Ordering::Relaxed) == 0
        || watch
            .limiter
            .admit(DROPPED_FINGERPRINT, Instant::now())
            .is_none()
    {
        return;
    }
    let dropped = unreported.swap(0, Ordering::Relaxed);
    tracing::warn!(
        target: "vsee_client::drift",
        dropped,
        "the drift watch's queue was full: exchanges left unchecked"
    );
}
