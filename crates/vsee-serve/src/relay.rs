//! Streams an upstream response body to the client as it arrives, keeping one copy of it (up
//! to the check limit) for the check that follows. Memory per response: the copy, plus at
//! most [`FRAMES`] chunks in flight; a slow client slows the upstream reads (backpressure)
//! instead of filling memory.

use bytes::Bytes;
use http_body_util::channel::{Channel, Sender};

/// Chunks buffered between the upstream and the client.
const FRAMES: usize = 4;

/// The body the client reads.
pub(crate) type RelayBody = Channel<Bytes, RelayError>;

/// The upstream failed mid-body: the client's body ends in an error (hyper then closes the
/// connection, so the client sees a cut response, not a complete one).
#[derive(Debug)]
pub(crate) struct RelayError;

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the upstream failed while sending the response body")
    }
}

impl std::error::Error for RelayError {}

/// What was kept of a body for its check.
pub(crate) enum Kept {
    /// The whole body, as sent (still encoded).
    Whole(Vec<u8>),
    /// Larger than the limit (or announced so): passed through, not kept.
    TooLarge,
    /// The upstream failed mid-body (why, without values); the client's body was cut.
    UpstreamFailed(String),
    /// The client went away before the end.
    ClientGone,
}

/// A body for the client and the sender that feeds it.
pub(crate) fn channel() -> (Sender<Bytes, RelayError>, RelayBody) {
    Channel::new(FRAMES)
}

/// Sends `upstream`'s body to `tx` chunk by chunk, keeping at most `limit` bytes of it.
/// Returns the sender while the body is still open: the body ends for the client when it is
/// dropped.
pub(crate) async fn relay(
    mut upstream: reqwest::Response,
    mut tx: Sender<Bytes, RelayError>,
    limit: usize,
) -> (Kept, Option<Sender<Bytes, RelayError>>) {
    let announced = upstream
        .content_length()
        .and_then(|n| usize::try_from(n).ok());
    let mut copy = match announced {
        Some(n) if n > limit => None,
        Some(n) => Some(Vec::with_capacity(n)),
        None => Some(Vec::new()),
    };
    let mut received = 0usize;
    loop {
        match upstream.chunk().await {
            Ok(Some(chunk)) => {
                received = received.saturating_add(chunk.len());
                if let Some(buf) = copy.as_mut() {
                    if buf.len() + chunk.len() > limit {
                        // Let the copy go now: the rest passes through without being held.
                        copy = None;
                    } else {
                        buf.extend_from_slice(&chunk);
                    }
                }
                if tx.send_data(chunk).await.is_err() {
                    return (Kept::ClientGone, None);
                }
            }
            Ok(None) => break,
            Err(e) => {
                tx.abort(RelayError);
                return (Kept::UpstreamFailed(super::upstream::describe(&e)), None);
            }
        }
    }
    let kept = match copy {
        Some(buf) => Kept::Whole(buf),
        // Announced as large, but nothing came (a HEAD answer): nothing to check.
        None if received == 0 => Kept::Whole(Vec::new()),
        None => Kept::TooLarge,
    };
    (kept, Some(tx))
}
