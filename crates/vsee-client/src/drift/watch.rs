//! A watch's state, and one watched exchange: the request as sent, the response read whole and
//! handed back intact at once; then (on the watch's worker, `worker.rs`) both checked against
//! the spec, each finding reported (event, callback) and the exchange recorded when it drifted
//! or is sampled.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::CONTENT_TYPE;
use vsee_contract::recording::{LiveExchange, LiveMessage};
use vsee_contract::{Body, Checker, EntryCtx, Exchange, Message, Response};

use super::event::{drift, Drift};
use super::limit::Limiter;
use super::record::Recorder;

pub(crate) type Callback = dyn Fn(&Drift) + Send + Sync;

pub(crate) struct Watch {
    pub(crate) checker: Option<&'static Checker>,
    pub(crate) limiter: Limiter,
    pub(crate) callback: Option<Arc<Callback>>,
    pub(crate) recorder: Option<Recorder>,
}

/// What of the request the check needs, taken before it is sent.
pub(crate) struct Sent {
    method: String,
    /// Path (below the client's base URL) and query.
    target: String,
    media_type: Option<String>,
    body: Option<Vec<u8>>,
}

impl Sent {
    fn capture(request: &reqwest::Request, base_url: &str) -> Sent {
        let url = request.url().as_str();
        let below = url.strip_prefix(base_url).unwrap_or(url);
        let target = if below.starts_with('/') {
            below.to_owned()
        } else {
            // Not below the base (cannot happen for generated calls): the URL's own path.
            let url = request.url();
            match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_owned(),
            }
        };
        Sent {
            method: request.method().as_str().to_owned(),
            target,
            media_type: content_type(request.headers()),
            body: request
                .body()
                .and_then(|b| b.as_bytes())
                .map(<[u8]>::to_vec),
        }
    }
}

/// One exchange waiting for its check: what the caller held anyway (the body's bytes are
/// shared with the response handed back, not copied), and where its events go.
pub(crate) struct Observed {
    operation_id: &'static str,
    sent: Sent,
    status: u16,
    media_type: Option<String>,
    body: bytes::Bytes,
    /// The caller's subscriber and span, so that events from the worker land where they did
    /// when the check ran on the caller (a test's `set_default` subscriber, a request's span).
    pub(crate) dispatch: tracing::Dispatch,
    pub(crate) span: tracing::Span,
}

fn content_type(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Sends `request` with `send`, reads the response body, hands the exchange to `check` (the
/// watch's queue; `None` when the watch checks nothing), and returns a response with the same
/// status, version, headers, extensions and body bytes.
pub(crate) async fn exec_watched<F>(
    check: Option<impl FnOnce(Observed)>,
    base_url: &str,
    operation_id: &'static str,
    request: reqwest::Request,
    send: impl FnOnce(reqwest::Request) -> F,
) -> reqwest::Result<reqwest::Response>
where
    F: Future<Output = reqwest::Result<reqwest::Response>>,
{
    let sent = Sent::capture(&request, base_url);
    let mut response = send(request).await?;
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let extensions = std::mem::take(response.extensions_mut());
    let body = response.bytes().await?;
    if let Some(check) = check {
        let observed = Observed {
            operation_id,
            sent,
            status: status.as_u16(),
            media_type: content_type(&headers),
            body: body.clone(),
            dispatch: tracing::dispatcher::get_default(Clone::clone),
            span: tracing::Span::current(),
        };
        check(observed);
    }
    let mut rebuilt = http::Response::new(reqwest::Body::from(body));
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    *rebuilt.extensions_mut() = extensions;
    Ok(reqwest::Response::from(rebuilt))
}

impl Watch {
    /// Checks one exchange, reports its findings and records it when it drifted or is sampled.
    pub(crate) fn observe(&self, observed: &Observed) {
        let Some(checker) = self.checker else { return };
        let Observed {
            operation_id,
            sent,
            status,
            media_type,
            body,
            ..
        } = observed;
        let (operation_id, status, body) = (*operation_id, *status, &body[..]);
        let exchange = Exchange {
            method: sent.method.clone(),
            url: sent.target.clone(),
            request: Message {
                media_type: sent.media_type.clone(),
                body: as_body(sent.body.as_deref()),
            },
            response: Some(Response {
                status,
                message: Message {
                    media_type: media_type.clone(),
                    body: as_body(Some(body)),
                },
            }),
        };
        let ctx = EntryCtx {
            file: "",
            entry: None,
            line: None,
            show_values: false,
        };
        let findings = checker.check_exchange(&exchange, &ctx).findings;
        let now = Instant::now();
        for finding in &findings {
            self.report(drift(operation_id, status, finding), now);
        }
        if let Some(recorder) = &self.recorder {
            if !findings.is_empty() || recorder.samples() {
                recorder.write(&LiveExchange {
                    method: &sent.method,
                    target: &sent.target,
                    request: LiveMessage {
                        // The policy records no header without `keep_values`; none is passed.
                        headers: Vec::new(),
                        media_type: sent.media_type.as_deref(),
                        body: sent.body.as_deref().unwrap_or_default(),
                    },
                    response: Some((
                        status,
                        LiveMessage {
                            headers: Vec::new(),
                            media_type: media_type.as_deref(),
                            body,
                        },
                    )),
                });
            }
        }
    }

    fn report(&self, drift: Drift, now: Instant) {
        if let Some(callback) = &self.callback {
            callback(&drift);
        }
        let fingerprint = u64::from_str_radix(&drift.fingerprint, 16).unwrap_or_default();
        if let Some(suppressed) = self.limiter.admit(fingerprint, now) {
            tracing::warn!(
                target: "vsee_client::drift",
                operation_id = drift.operation_id,
                status = drift.status,
                part = drift.part,
                location = drift.location,
                pointer = %drift.pointer,
                keyword = %drift.keyword,
                fingerprint = %drift.fingerprint,
                suppressed,
                "the API drifts from the spec"
            );
        }
    }
}

fn as_body(bytes: Option<&[u8]>) -> Body {
    match bytes {
        None => Body::Absent,
        Some([]) => Body::Empty,
        Some(bytes) => Body::Bytes(bytes.to_vec()),
    }
}
