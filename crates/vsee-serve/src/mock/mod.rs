//! `vsee-contract mock`: answers from per-account state, shaped like the spec's examples, and
//! checks every response against the spec before it is sent.
//!
//! Order of judgement: route (404/405), auth (401), body read exactly (400), request check
//! (400/422; 404 when only path parameters break the spec), `Prefer` (a documented status or a
//! named example, as Prism does), then the operation's handler, one per operation id
//! ([`handlers`]). Whatever comes out is checked like a recorded response ([`answer`]): members
//! the client sent that the response schema does not allow are left out, and a success that
//! still breaks the spec becomes a 500 naming the mock's mistake, so the mock never teaches a
//! client something the API does not do. An error answer is sent in the media type the spec
//! documents for its status, and never turned into a 500.
//!
//! Records are stored as the bodies that answer them ([`Record`]): a read sends the stored
//! bytes, checked once per record version instead of once per request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_TYPE};

use super::auth::Auth;
use super::gate::{Admitted, Gate};
use super::message::{Incoming, Reply};
use super::problem;
use super::record::Draft;
use super::recorder::Recorder;
use super::state::{Limits, Store};
use vsee_contract::Checker;

mod answer;
mod appointments;
mod handlers;
mod intakes;
mod prefer;
mod visits;

use prefer::Examples;

/// A handler's answer, before the response check (unless `checked`).
pub(super) struct Answer {
    pub status: u16,
    pub body: Bytes,
    /// The body is a stored record's, already found to conform as this operation's answer.
    pub checked: bool,
}

impl Answer {
    /// An answer still to be checked.
    pub fn unchecked(status: u16, body: impl Into<Bytes>) -> Answer {
        Answer {
            status,
            body: body.into(),
            checked: false,
        }
    }
}

/// A status and an `ApiError` message, for an answer that is an error.
pub(super) type Failure = (u16, String);

/// What a handler returns.
pub(super) type Outcome = Result<Answer, Failure>;

/// What a handler is given besides the mock and its store.
pub(super) struct Call<'a> {
    pub req: &'a Incoming,
    pub a: &'a Admitted,
    /// Unix seconds.
    pub now: i64,
}

/// How `vsee-contract mock` was started.
pub(crate) struct Config {
    pub seed: u64,
    /// `--token`.
    pub tokens: Vec<String>,
    /// `--api-key KEY:SECRET`, as `(key, secret)`.
    pub api_keys: Vec<(String, String)>,
    pub limits: Limits,
    pub recorder: Option<Arc<Recorder>>,
}

/// The mock server.
pub(crate) struct Mock {
    checker: Arc<Checker>,
    gate: Gate,
    store: Mutex<Store>,
    examples: Examples,
    /// Records that new visits start from, per creating operation (the spec's examples).
    templates: HashMap<&'static str, Draft>,
    handlers: HashMap<&'static str, handlers::Handler>,
    base: OnceLock<String>,
    recorder: Option<Arc<Recorder>>,
    served: AtomicU64,
    rejected: AtomicU64,
}

impl Mock {
    pub fn new(checker: Arc<Checker>, config: Config) -> Mock {
        let examples = Examples::collect(&checker);
        let templates = ["add_walkin", "add_econsult", "create_appointment"]
            .into_iter()
            .map(|op| (op, Draft::from_object(&examples.success_data(op))))
            .collect();
        let auth = Auth::new(checker.spec(), config.tokens, config.api_keys);
        Mock {
            gate: Gate::new(Arc::clone(&checker), auth),
            checker,
            store: Mutex::new(Store::new(config.seed, config.limits)),
            examples,
            templates,
            handlers: handlers::table(),
            base: OnceLock::new(),
            recorder: config.recorder,
            served: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
        }
    }

    /// The URL the mock is reachable at (for the links it hands out).
    pub fn set_base(&self, base: &str) {
        let _ = self.base.set(base.to_owned());
    }

    /// Called once the server has stopped.
    pub fn finish(&self) {
        eprintln!(
            "vsee-contract mock: {} requests answered, {} of them rejected (4xx)",
            self.served.load(Ordering::Relaxed),
            self.rejected.load(Ordering::Relaxed)
        );
    }

    /// Answers one request.
    pub fn handle(&self, req: Incoming) -> Reply {
        let reply = self.respond(&req);
        self.served.fetch_add(1, Ordering::Relaxed);
        if (400..500).contains(&reply.status) {
            self.rejected.fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "vsee-contract mock: {} {} -> {}",
                vsee_contract::shape::method(&req.method, false),
                self.checker.redact_path(&req.target),
                reply.status
            );
        }
        if let Some(recorder) = &self.recorder {
            recorder.record_reply(&req, &reply);
        }
        reply
    }

    fn respond(&self, req: &Incoming) -> Reply {
        let a = match self.gate.admit(req) {
            Ok(a) => a,
            Err(rejected) => {
                return self.checked(req, rejected.operation_id.as_deref(), rejected.reply)
            }
        };
        let op = Some(a.operation_id.as_str());
        let outcome = match prefer::read(req) {
            Some(Ok(preference)) => {
                self.examples
                    .preferred(&self.checker, &a.operation_id, &preference)
            }
            Some(Err(why)) => Err((400, why)),
            None => self.dispatch(&a, req),
        };
        match outcome {
            Ok(answer) if answer.checked => json_reply(answer.status, answer.body),
            Ok(answer) => self.checked(req, op, json_reply(answer.status, answer.body)),
            Err((status, message)) => self.checked(req, op, problem::api_error(status, &message)),
        }
    }

    fn dispatch(&self, a: &Admitted, req: &Incoming) -> Outcome {
        let call = Call { req, a, now: now() };
        let Some(handler) = self.handlers.get(a.operation_id.as_str()) else {
            // An operation of another spec (--spec): its documented example, as Prism would.
            return self.examples.preferred(
                &self.checker,
                &a.operation_id,
                &prefer::Preference::default(),
            );
        };
        // A poisoned lock means a handler panicked; the state itself is still consistent
        // enough to keep serving (every write is made whole or not at all).
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        handler(self, &mut store, &call)
    }

    /// The record that new visits of `op` start from.
    fn template(&self, op: &str) -> Draft {
        self.templates.get(op).cloned().unwrap_or_default()
    }

    /// The base URL for links the mock hands out.
    fn base(&self) -> &str {
        self.base.get().map_or("http://127.0.0.1", String::as_str)
    }
}

/// A JSON reply.
fn json_reply(status: u16, body: Bytes) -> Reply {
    Reply {
        status,
        headers: vec![(CONTENT_TYPE, HeaderValue::from_static(problem::JSON))],
        body,
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
