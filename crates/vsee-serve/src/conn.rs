//! Time limits of one client connection, for `mock` and `proxy` alike.
//!
//! hyper 1 has no idle limit for HTTP/1 server connections. Its `header_read_timeout` (which
//! needs a timer, `hyper_util::rt::TokioTimer`) starts counting when a connection opens or
//! its previous response ends, so it bounds the idle wait and the head together, with one
//! value; and with it set, hyper makes one more read attempt after every response and resets
//! its timer per request. It is turned off, and [`TimedIo`], the socket wrapper of each
//! connection, keeps the limits apart, re-arming its timer about once per limit rather than
//! once per request:
//!
//! * **idle**: with no request in progress, a connection that sends no byte of a new request
//!   for `idle` (counted from the end of the last response, or from the accept) is closed;
//! * **head**: once the first byte of a request has come, its whole head (request line and
//!   headers) must follow within `header`, or the connection is closed (no answer: a client
//!   that stopped half-way reads none);
//! * **stalled reader**: a response write that cannot proceed for `idle` (the client stopped
//!   reading) fails and the connection is closed.
//!
//! A request is "in progress" from the moment hyper hands it to the server until its response
//! body has been handed back whole ([`Busy`], kept by [`Tracked`]): a slow upstream or a long
//! streamed body never counts as idle. The request body has a limit of its own, applied where
//! it is read (`server.rs`).

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// The time limits of a connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// From the first byte of a request to the end of its head.
    pub header: Duration,
    /// Without a request in progress, before the next one starts; also a stalled write.
    pub idle: Duration,
    /// From the end of the head to the end of the request body.
    pub body: Duration,
}

/// What a connection's socket wrapper and its requests share.
#[derive(Debug)]
pub(crate) struct ConnState {
    /// When the connection was accepted: the origin of `idle_since`.
    opened: Instant,
    /// Requests handed to the server so far.
    started: AtomicU64,
    /// Requests whose response body is not yet handed back whole.
    busy: AtomicUsize,
    /// When the last request stopped being in progress, in nanoseconds after `opened`.
    idle_since: AtomicU64,
}

impl ConnState {
    pub fn new() -> ConnState {
        ConnState {
            opened: Instant::now(),
            started: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
            idle_since: AtomicU64::new(0),
        }
    }

    /// Marks a request as in progress until the returned guard is dropped.
    pub fn busy(self: &Arc<Self>) -> Busy {
        self.started.fetch_add(1, Ordering::Relaxed);
        self.busy.fetch_add(1, Ordering::AcqRel);
        Busy(Arc::clone(self))
    }

    fn idle_since(&self) -> Instant {
        self.opened + Duration::from_nanos(self.idle_since.load(Ordering::Acquire))
    }
}

/// A request in progress (see [`ConnState::busy`]).
#[derive(Debug)]
pub(crate) struct Busy(Arc<ConnState>);

impl Drop for Busy {
    fn drop(&mut self) {
        let state = &self.0;
        let since = u64::try_from(state.opened.elapsed().as_nanos()).unwrap_or(u64::MAX);
        // Stored before the count drops, so that a reader seeing no request in progress sees
        // when the last one ended.
        state.idle_since.store(since, Ordering::Release);
        state.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its request [`Busy`] until its last byte has been handed to
/// hyper. With a known length hyper does not poll a body again after its last byte (it drops
/// it at its next wake-up, which may be far off): so the end is told by counting, and
/// reported as the end of the stream.
pub(crate) struct Tracked<B> {
    body: B,
    busy: Option<Busy>,
    /// Bytes still to come, when the length is known.
    left: Option<u64>,
}

impl<B: Body<Data = Bytes>> Tracked<B> {
    /// `length`: the `Content-Length` sent with the body, if any.
    pub fn new(body: B, busy: Busy, length: Option<u64>) -> Tracked<B> {
        let left = body.size_hint().exact().or(length);
        Tracked {
            body,
            busy: Some(busy),
            left,
        }
    }
}

impl<B: Body<Data = Bytes> + Unpin> Body for Tracked<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        let done = match &polled {
            Poll::Ready(Some(Ok(frame))) => match (frame.data_ref(), self.left.as_mut()) {
                (Some(data), Some(left)) => {
                    *left = left.saturating_sub(data.len() as u64);
                    *left == 0
                }
                _ => false,
            },
            Poll::Ready(_) => true,
            Poll::Pending => false,
        };
        if done {
            self.busy = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.left == Some(0) || self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Where a connection is, as its reads see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No request in progress, none started since `since`.
    Idle { since: Instant },
    /// The head of a request is arriving; its first byte came at `since`.
    Head { since: Instant },
    /// A request is in progress.
    Busy,
}

/// A socket with the idle, head and stalled-write limits of [the module](self).
pub(crate) struct TimedIo<S> {
    io: S,
    state: Arc<ConnState>,
    limits: Limits,
    phase: Phase,
    /// `ConnState::started` when last looked at.
    seen: u64,
    /// While a request is in progress: when to look again (hyper reads nothing once the
    /// response is done, until the client sends more, so the idle clock must already be
    /// ticking then).
    busy_check: Option<Instant>,
    last_write: Instant,
    write_stalled_since: Option<Instant>,
    read_timer: Option<Pin<Box<Sleep>>>,
    write_timer: Option<Pin<Box<Sleep>>>,
}

impl<S> TimedIo<S> {
    pub fn new(io: S, state: Arc<ConnState>, limits: Limits) -> TimedIo<S> {
        let now = Instant::now();
        TimedIo {
            io,
            state,
            limits,
            phase: Phase::Idle { since: now },
            seen: 0,
            busy_check: None,
            last_write: now,
            write_stalled_since: None,
            read_timer: None,
            write_timer: None,
        }
    }

    /// Brings `phase` up to date with the requests started and finished since last time.
    fn sync_phase(&mut self) {
        let started = self.state.started.load(Ordering::Relaxed);
        let busy = self.state.busy.load(Ordering::Acquire) > 0;
        if busy {
            self.phase = Phase::Busy;
        } else if started != self.seen || self.phase == Phase::Busy {
            self.phase = Phase::Idle {
                since: self.state.idle_since(),
            };
            self.busy_check = None;
        }
        self.seen = started;
    }

    /// While busy: arms the timer to look again within `idle` (never an error).
    fn poll_busy_check(&mut self, cx: &mut Context<'_>) {
        let idle = self.limits.idle;
        let at = *self.busy_check.get_or_insert_with(|| Instant::now() + idle);
        if expired(&mut self.read_timer, at, cx) {
            let next = Instant::now() + idle;
            self.busy_check = Some(next);
            // Arms the timer for the next look (it has not passed yet).
            let _ = expired(&mut self.read_timer, next, cx);
        }
    }

    /// When a read that waits must give up; `None` while a request is in progress.
    fn read_deadline(&self) -> Option<Instant> {
        match self.phase {
            Phase::Idle { since } => Some(since.max(self.last_write) + self.limits.idle),
            Phase::Head { since } => Some(since + self.limits.header),
            Phase::Busy => None,
        }
    }
}

/// Whether `deadline` has passed, arming `timer` to wake the task at it otherwise. The timer
/// is only moved earlier; one that fires early is re-armed, so a busy connection resets it
/// about once per limit rather than once per request.
fn expired(timer: &mut Option<Pin<Box<Sleep>>>, deadline: Instant, cx: &mut Context<'_>) -> bool {
    let timer = timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
    if timer.deadline() > deadline {
        timer.as_mut().reset(deadline);
    }
    loop {
        if timer.as_mut().poll(cx).is_pending() {
            return false;
        }
        if Instant::now() >= deadline {
            return true;
        }
        timer.as_mut().reset(deadline);
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what.to_owned())
}

impl<S: AsyncRead + Unpin> AsyncRead for TimedIo<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        this.sync_phase();
        match polled {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before && matches!(this.phase, Phase::Idle { .. }) {
                    this.phase = Phase::Head {
                        since: Instant::now(),
                    };
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => match this.read_deadline() {
                Some(deadline) if expired(&mut this.read_timer, deadline, cx) => {
                    Poll::Ready(Err(timed_out(match this.phase {
                        Phase::Head { .. } => "the request head did not arrive in time",
                        _ => "the connection was idle too long",
                    })))
                }
                Some(_) => Poll::Pending,
                None => {
                    this.poll_busy_check(cx);
                    Poll::Pending
                }
            },
            ready => ready,
        }
    }
}

impl<S: AsyncWrite + Unpin> TimedIo<S> {
    /// Notes the outcome of a write or flush: waiting runs the stall clock, anything else
    /// stops it, and bytes written (`wrote`) count as activity for the idle limit (a flush
    /// with nothing to send does not: hyper flushes on every wake-up).
    fn on_write<T>(
        &mut self,
        polled: Poll<io::Result<T>>,
        wrote: impl FnOnce(&T) -> bool,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<T>> {
        match polled {
            Poll::Pending => {
                let since = *self.write_stalled_since.get_or_insert_with(Instant::now);
                if expired(&mut self.write_timer, since + self.limits.idle, cx) {
                    return Poll::Ready(Err(timed_out("the client stopped reading the response")));
                }
                Poll::Pending
            }
            Poll::Ready(result) => {
                self.write_stalled_since = None;
                if result.as_ref().is_ok_and(wrote) {
                    self.last_write = Instant::now();
                }
                Poll::Ready(result)
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for TimedIo<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, buf);
        this.on_write(polled, |n| *n > 0, cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.on_write(polled, |n| *n > 0, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_flush(cx);
        this.on_write(polled, |()| false, cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}
