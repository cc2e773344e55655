//! One `tracing` span per operation: its id, the HTTP status and the time it took; never a
//! parameter, header or body value.

use std::future::Future;
use std::time::Instant;

use tracing::Instrument;

use crate::ResponseValue;

/// Runs `send` inside a span `vsee_operation{operation_id}` and records `status` and
/// `elapsed_ms` on it when it ends. Called by every generated `send()`.
pub(crate) async fn operation<T, E>(
    operation_id: &'static str,
    send: impl Future<Output = Result<ResponseValue<T>, crate::Error<E>>>,
) -> Result<ResponseValue<T>, crate::Error<E>> {
    let span = tracing::info_span!(
        "vsee_operation",
        operation_id,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty
    );
    let started = Instant::now();
    let result = send.instrument(span.clone()).await;
    let status = match &result {
        Ok(response) => Some(response.status()),
        Err(error) => error.status(),
    };
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    span.record("elapsed_ms", started.elapsed().as_millis() as u64);
    result
}
