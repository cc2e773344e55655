//! `vsee-contract proxy`: forwards each request whose path stays under the upstream's base
//! ([`upstream`](super::upstream)), streams the upstream's response back unchanged as it
//! arrives ([`relay`](super::relay)), then checks the exchange like `validate` does (findings
//! on standard error, without values; encoded bodies decoded first, within the check limit,
//! [`encoding`](super::encoding)) and records it through the privacy policy.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Either;
use hyper::header::{HeaderName, HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{HeaderMap, Response};

use super::checks::{Checks, Ticket};
use super::encoding::{self, Unreadable};
use super::gate;
use super::message::{Incoming, ServerBody};
use super::problem;
use super::recorder::{Answered, Recorder};
use super::relay::{self, Kept};
use super::upstream::{describe, Refusal, Upstream};
use vsee_contract::{Body, Exchange, Message, Response as CheckedResponse};
use vsee_contract::{Checker, EntryCtx};

/// Headers that belong to one connection (RFC 9110 7.6.1), never forwarded either way, as
/// well as every header the `Connection` header names. `proxy-authorization` is meant for a
/// proxy, and this one asks for none.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Request headers the HTTP client sets for the new message.
const SET_BY_CLIENT: [&str; 2] = ["host", "content-length"];

/// The proxy's limits (flags of `vsee-contract proxy`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Largest body kept for the check, as sent and decoded.
    pub max_check_bytes: usize,
    /// For the upstream's response head, and for each pause in its body.
    pub upstream_timeout: Duration,
}

pub(crate) struct Proxy {
    checker: Arc<Checker>,
    upstream: Upstream,
    client: reqwest::Client,
    recorder: Option<Arc<Recorder>>,
    settings: Settings,
    exchanges: AtomicU64,
    with_findings: AtomicU64,
    refused: AtomicU64,
    unchecked: AtomicU64,
    checks: Checks,
}

/// What the upstream answered, as the check sees it.
struct Answer {
    status: u16,
    headers: HeaderMap,
    kept: Kept,
}

/// Why the upstream gave no answer: the status and message of the proxy's own reply.
struct Failure {
    status: u16,
    message: String,
}

impl Proxy {
    pub fn new(
        checker: Arc<Checker>,
        upstream: &str,
        recorder: Option<Arc<Recorder>>,
        settings: Settings,
    ) -> Result<Proxy, String> {
        let upstream = Upstream::parse(upstream)?;
        // No overall timeout: it would cut a long streamed body. The response head is timed
        // in `send`, and every read of the body by `read_timeout`.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.upstream_timeout.min(Duration::from_secs(10)))
            .read_timeout(settings.upstream_timeout)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Proxy {
            checker,
            upstream,
            client,
            recorder,
            settings,
            exchanges: AtomicU64::new(0),
            with_findings: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            unchecked: AtomicU64::new(0),
            checks: Checks::start()?,
        })
    }

    /// Called once the server has stopped and [`Proxy::checks_done`] has resolved.
    pub fn finish(&self) {
        eprintln!(
            "vsee-contract proxy: {} exchanges, {} with findings, {} refused (not forwarded), \
             {} response bodies not checked",
            self.exchanges.load(Ordering::Relaxed),
            self.with_findings.load(Ordering::Relaxed),
            self.refused.load(Ordering::Relaxed),
            self.unchecked.load(Ordering::Relaxed),
        );
    }

    /// Resolves once every exchange started so far has been checked and recorded.
    pub async fn checks_done(&self) {
        self.checks.done().await;
    }

    /// Forwards one request; the response body streams on after this returns.
    pub async fn handle(self: &Arc<Self>, req: Incoming) -> Response<ServerBody> {
        let n = self.exchanges.fetch_add(1, Ordering::Relaxed);
        let url = match self.upstream.url_for(&req.target) {
            Ok(url) => url,
            Err(refusal) => return self.refuse(n, &req, refusal),
        };
        let ticket = self.checks.ticket();
        match self.send(&req, url).await {
            Ok(response) => self.stream_back(n, req, response, ticket),
            Err(failure) => {
                eprintln!(
                    "vsee-contract proxy: proxy:{n} {} {}: {}",
                    vsee_contract::shape::method(&req.method, false),
                    self.checker.redact_path(&req.target),
                    failure.message
                );
                let reply = problem::api_error(failure.status, &failure.message);
                let proxy = Arc::clone(self);
                self.checks
                    .push(ticket, move || proxy.conclude(n, &req, None));
                reply.into_response().map(Either::Left)
            }
        }
    }

    fn refuse(&self, n: u64, req: &Incoming, refusal: Refusal) -> Response<ServerBody> {
        self.refused.fetch_add(1, Ordering::Relaxed);
        eprintln!(
            "vsee-contract proxy: proxy:{n} {}: refused, not forwarded: {}",
            vsee_contract::shape::method(&req.method, false),
            refusal.message()
        );
        problem::api_error(400, &format!("not forwarded: {}", refusal.message()))
            .into_response()
            .map(Either::Left)
    }

    async fn send(&self, req: &Incoming, url: reqwest::Url) -> Result<reqwest::Response, Failure> {
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| Failure {
            status: 400,
            message: "the request method is not valid".to_owned(),
        })?;
        let sent = self
            .client
            .request(method, url)
            .headers(forwarded(&req.headers, &SET_BY_CLIENT))
            .body(req.body.clone())
            .send();
        let timeout = Failure {
            status: 504,
            message: format!(
                "the upstream did not answer within {} s (--upstream-timeout)",
                self.settings.upstream_timeout.as_secs_f64()
            ),
        };
        match tokio::time::timeout(self.settings.upstream_timeout, sent).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) if e.is_timeout() => Err(timeout),
            Ok(Err(e)) => Err(Failure {
                status: 502,
                message: format!("the upstream did not answer: {}", describe(&e)),
            }),
            Err(_) => Err(timeout),
        }
    }

    /// The client's response: the upstream's status and headers, its body streamed by a
    /// task that then has the exchange checked and recorded.
    fn stream_back(
        self: &Arc<Self>,
        n: u64,
        req: Incoming,
        upstream: reqwest::Response,
        ticket: Ticket,
    ) -> Response<ServerBody> {
        let status = upstream.status();
        let headers = forwarded(upstream.headers(), &[]);
        let (tx, body) = relay::channel();
        let mut response = Response::new(Either::Right(body));
        *response.status_mut() = status;
        *response.headers_mut() = headers.clone();
        let proxy = Arc::clone(self);
        tokio::spawn(async move {
            let (kept, tx) = relay::relay(upstream, tx, proxy.settings.max_check_bytes).await;
            let answer = Answer {
                status: status.as_u16(),
                headers,
                kept,
            };
            let worker = Arc::clone(&proxy);
            proxy
                .checks
                .push(ticket, move || worker.conclude(n, &req, Some(answer)));
            // The client sees the end only now, so its next request is queued after this one.
            drop(tx);
        });
        response
    }

    fn conclude(&self, n: u64, req: &Incoming, answer: Option<Answer>) {
        let mut exchange = gate::to_exchange(req, None);
        let Some(answer) = answer else {
            // No answer: the request half is checked and recorded alone.
            self.check(n, &exchange);
            if let Some(recorder) = &self.recorder {
                recorder.record_parts(req, None);
            }
            return;
        };
        let Answer {
            status,
            headers,
            kept,
        } = answer;
        let media_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = match self.readable(kept, &headers) {
            Ok(bytes) => body_of(bytes),
            Err(why) => {
                self.unchecked.fetch_add(1, Ordering::Relaxed);
                eprintln!(
                    "vsee-contract proxy: proxy:{n} {} {} -> {}: response body not checked: {why}",
                    vsee_contract::shape::method(&req.method, false),
                    self.checker.redact_path(&req.target),
                    status
                );
                Body::Absent
            }
        };
        exchange.response = Some(CheckedResponse {
            status,
            message: Message { media_type, body },
        });
        self.check(n, &exchange);
        let Some(recorder) = &self.recorder else {
            return;
        };
        let Some(response) = exchange.response.take() else {
            return;
        };
        // The body is recorded as checked: decoded, so its coding headers no longer apply.
        let headers: Vec<(HeaderName, HeaderValue)> = headers
            .iter()
            .filter(|(k, _)| **k != CONTENT_ENCODING && **k != CONTENT_LENGTH)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body = match response.message.body {
            Body::Text(text) => Some(text.into_bytes()),
            Body::Bytes(bytes) => Some(bytes),
            Body::Empty => Some(Vec::new()),
            _ => None,
        };
        let answered = Answered {
            status,
            headers: &headers,
            body: body.as_deref(),
        };
        recorder.record_parts(req, Some(&answered));
    }

    /// The body as the check reads it (decoded), or why it is not checked (no values).
    fn readable(&self, kept: Kept, headers: &HeaderMap) -> Result<Vec<u8>, String> {
        let limit = self.settings.max_check_bytes;
        let raw = match kept {
            Kept::Whole(raw) => raw,
            Kept::TooLarge => return Err(too_large(limit)),
            Kept::UpstreamFailed(why) => {
                return Err(format!(
                    "the upstream failed while sending it ({why}); the client's response was cut"
                ))
            }
            Kept::ClientGone => {
                return Err("the client closed the connection before its end".to_owned())
            }
        };
        encoding::codings(headers.get_all(CONTENT_ENCODING).iter())
            .and_then(|codings| encoding::decode(raw, &codings, limit))
            .map_err(|e| match e {
                Unreadable::TooLarge => too_large(limit),
                Unreadable::UnknownCoding => "its Content-Encoding is not gzip, deflate, br or \
                                              identity; passed through as sent"
                    .to_owned(),
                Unreadable::Corrupt => {
                    "its Content-Encoding does not decode (corrupt or cut short)".to_owned()
                }
            })
    }

    /// Prints the exchange's findings (no values) to standard error.
    fn check(&self, n: u64, exchange: &Exchange) {
        let ctx = EntryCtx {
            file: "proxy",
            entry: Some(n),
            line: None,
            show_values: false,
        };
        let checked = self.checker.check_exchange(exchange, &ctx);
        if !checked.findings.is_empty() {
            self.with_findings.fetch_add(1, Ordering::Relaxed);
        }
        for f in &checked.findings {
            eprintln!("{}", vsee_contract::render::finding_line(f));
        }
    }
}

fn too_large(limit: usize) -> String {
    format!(
        "larger than --max-check-bytes ({limit} bytes) as sent or decoded; passed through \
         whole, recorded without its body"
    )
}

/// A body for the checker, without copying it.
fn body_of(bytes: Vec<u8>) -> Body {
    if bytes.is_empty() {
        return Body::Empty;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Body::Text(text),
        Err(e) => Body::Bytes(e.into_bytes()),
    }
}

/// The headers to pass on: all but the hop-by-hop ones, those `Connection` names, and `also`.
fn forwarded(headers: &HeaderMap, also: &[&str]) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(hyper::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let name_text = name.as_str();
        if !HOP_BY_HOP.contains(&name_text)
            && !also.contains(&name_text)
            && !named.iter().any(|n| n == name_text)
        {
            out.append(name.clone(), value.clone());
        }
    }
    out
}
