//! `vsee-contract proxy`: forwards each request to the upstream, returns its response
//! unchanged, checks the exchange like `validate` does (findings on standard error, without
//! values), and records it through the privacy policy.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue};

use super::gate;
use super::message::{Incoming, Reply};
use super::problem;
use super::recorder::Recorder;
use crate::check::{Checker, EntryCtx};

/// Headers that belong to one connection (RFC 9110 7.6.1), plus those the proxy rewrites:
/// `host` and `content-length` (set for the new message), `accept-encoding` (so the body
/// comes back as the client would read it, and can be checked).
const NOT_FORWARDED: [&str; 11] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "accept-encoding",
];

pub(crate) struct Proxy {
    checker: Arc<Checker>,
    upstream: String,
    client: reqwest::Client,
    recorder: Option<Arc<Recorder>>,
    exchanges: AtomicU64,
    with_findings: AtomicU64,
}

impl Proxy {
    pub fn new(
        checker: Arc<Checker>,
        upstream: &str,
        recorder: Option<Arc<Recorder>>,
    ) -> Result<Proxy, String> {
        let parsed = reqwest::Url::parse(upstream).map_err(|e| {
            format!(
                "--upstream `{upstream}` is not a URL ({e}); give e.g. https://api.vsee.me/api_v3"
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(format!(
                "--upstream must be an http(s) base URL without a query, e.g. \
                 https://api.vsee.me/api_v3 (got scheme `{}`)",
                parsed.scheme()
            ));
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Proxy {
            checker,
            upstream: upstream.trim_end_matches('/').to_owned(),
            client,
            recorder,
            exchanges: AtomicU64::new(0),
            with_findings: AtomicU64::new(0),
        })
    }

    /// Called once the server has stopped.
    pub fn finish(&self) {
        eprintln!(
            "vsee-contract proxy: {} exchanges forwarded, {} with findings",
            self.exchanges.load(Ordering::Relaxed),
            self.with_findings.load(Ordering::Relaxed)
        );
    }

    pub async fn handle(&self, req: Incoming) -> Reply {
        let n = self.exchanges.fetch_add(1, Ordering::Relaxed);
        let reply = match self.forward(&req).await {
            Ok(reply) => reply,
            Err(why) => {
                eprintln!(
                    "vsee-contract proxy: {} {}: upstream failed: {why}",
                    crate::privacy::shape::method(&req.method, false),
                    self.checker.redact_path(&req.target)
                );
                problem::api_error(502, &format!("the upstream did not answer: {why}"))
            }
        };
        self.check(n, &req, &reply);
        if let Some(recorder) = &self.recorder {
            recorder.record_reply(&req, &reply);
        }
        reply
    }

    async fn forward(&self, req: &Incoming) -> Result<Reply, String> {
        let url = format!("{}{}", self.upstream, req.target);
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|_| "the request method is not valid".to_owned())?;
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &req.headers {
            if !NOT_FORWARDED.contains(&name.as_str()) {
                headers.append(name.clone(), value.clone());
            }
        }
        let response = self
            .client
            .request(method, url)
            .headers(headers)
            .body(req.body.clone())
            .send()
            .await
            .map_err(|e| describe(&e))?;
        let status = response.status().as_u16();
        let mut out_headers: Vec<(HeaderName, HeaderValue)> = Vec::new();
        for (name, value) in response.headers() {
            if !NOT_FORWARDED.contains(&name.as_str()) {
                out_headers.push((name.clone(), value.clone()));
            }
        }
        let body: Bytes = response.bytes().await.map_err(|e| describe(&e))?;
        Ok(Reply {
            status,
            headers: out_headers,
            body,
        })
    }

    /// Prints the exchange's findings (no values) to standard error.
    fn check(&self, n: u64, req: &Incoming, reply: &Reply) {
        let exchange =
            gate::to_exchange(req, Some((reply.status, reply.media_type(), &reply.body)));
        let ctx = EntryCtx {
            file: "proxy",
            entry: Some(n),
            line: None,
            show_values: false,
        };
        let checked = self.checker.check_exchange(&exchange, &ctx);
        if !checked.findings.is_empty() {
            self.with_findings.fetch_add(1, Ordering::Relaxed);
        }
        for f in &checked.findings {
            eprintln!("{}", crate::render::finding_line(f));
        }
    }
}

/// A transport error without the URL (which may carry ids) but with its kind.
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the body could not be read"
    } else if e.is_request() {
        "the request could not be sent"
    } else {
        "failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({detail})")
    }
}
