//! Every answer is checked against the spec before it is sent: what the response schema does
//! not allow is left out of it, and a success that still breaks the spec becomes a 500. A
//! stored record is fitted once, when it is written, and its answer checked once per version
//! and operation, not once per request.

use std::cmp::Ordering;

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_TYPE};

use super::{json_reply, Answer, Call, Failure, Mock, Outcome};
use crate::auth::Owner;
use crate::exact;
use crate::gate;
use crate::message::{Incoming, Reply};
use crate::problem;
use crate::record::{Draft, Record};
use crate::state::{Kind, Store};
use vsee_contract::{Finding, Location, Part};

/// Rounds of removing what the response schema does not allow before giving up.
const MAX_FIT_ROUNDS: usize = 16;

impl Mock {
    /// The reply if it conforms; else with the members the spec does not allow left out; else,
    /// for a success, a 500 that names the mock's mistake (by pointer and keyword). An error
    /// reply goes out in the media type documented for its status, and as it is when the spec
    /// does not describe it (a spec without a 4xx still gets its 4xx, never a 500).
    pub(super) fn checked(&self, req: &Incoming, op: Option<&str>, reply: Reply) -> Reply {
        let reply = self.in_documented_media_type(op, reply);
        let (reply, findings) = match self.fit(req, reply) {
            Ok(reply) => return reply,
            Err(unfit) => unfit,
        };
        if reply.status >= 400 {
            return reply;
        }
        for f in &findings {
            eprintln!(
                "vsee-contract mock: BUG: response breaks the spec: {}",
                vsee_contract::render::finding_line(f)
            );
        }
        let (keyword, at) = findings
            .first()
            .map_or(("", ""), |f| (f.keyword.as_str(), f.instance_path.as_str()));
        problem::api_error(
            500,
            &format!(
                "the mock built a response that breaks the spec ({keyword} at `{at}`); please \
                 report it"
            ),
        )
    }

    /// An error reply with the media type the spec documents for its status (`application/json`
    /// when it documents none).
    fn in_documented_media_type(&self, op: Option<&str>, mut reply: Reply) -> Reply {
        if reply.status < 400 {
            return reply;
        }
        let documented =
            op.and_then(|op| self.examples.media_type(&self.checker, op, reply.status));
        if let Some(value) = documented.and_then(|m| HeaderValue::from_str(m).ok()) {
            reply.headers.retain(|(name, _)| *name != CONTENT_TYPE);
            reply.headers.push((CONTENT_TYPE, value));
        }
        reply
    }

    /// The reply if it conforms, or with the members findings point at removed until it does
    /// (below `/data` for a success; anything but `code` and `message` for an error); else the
    /// reply as it was and the findings of the first check.
    fn fit(&self, req: &Incoming, reply: Reply) -> Result<Reply, (Reply, Vec<Finding>)> {
        let first = self.response_findings(req, &reply);
        if first.is_empty() {
            return Ok(reply);
        }
        let Ok(mut text) = std::str::from_utf8(&reply.body).map(str::to_owned) else {
            return Err((reply, first));
        };
        let removable = |f: &&Finding| {
            f.location == Location::Body
                && if reply.status < 400 {
                    f.instance_path.starts_with("/data/")
                } else {
                    !matches!(f.instance_path.as_str(), "" | "/code" | "/message")
                }
        };
        let mut findings = first.clone();
        let mut removed = 0;
        // The checker lists a bounded number of errors per body, and the typed check stops at
        // the first; each round removes what was listed.
        for _ in 0..MAX_FIT_ROUNDS {
            let mut pointers: Vec<&str> = findings
                .iter()
                .filter(removable)
                .map(|f| f.instance_path.as_str())
                .collect();
            if pointers.is_empty() {
                break;
            }
            // Deepest and last first, so that removing one item does not move another.
            pointers.sort_by(|a, b| pointer_order(b, a));
            pointers.dedup();
            for p in &pointers {
                if let Some(edited) = exact::remove_at(&text, p) {
                    text = edited;
                    removed += 1;
                }
            }
            let pruned = Reply {
                status: reply.status,
                headers: reply.headers.clone(),
                body: Bytes::from(text.clone()),
            };
            findings = self.response_findings(req, &pruned);
            if findings.is_empty() {
                eprintln!(
                    "vsee-contract mock: left out {removed} member(s) the response schema does not \
                     allow (values the client sent that the API would not return)"
                );
                return Ok(pruned);
            }
        }
        Err((reply, first))
    }

    /// Findings about the response half of the reply (redacted).
    fn response_findings(&self, req: &Incoming, reply: &Reply) -> Vec<Finding> {
        let mut exchange = gate::to_exchange(
            req,
            Some((reply.status, reply.media_type(), reply.body.as_ref())),
        );
        // The request was judged already.
        exchange.request.body = vsee_contract::Body::Absent;
        gate::findings_of(&self.checker, &exchange, Part::Response)
    }

    /// A record from a draft, as `get_intake` / `get_visit` may return it: what the client
    /// sent and the response schema does not allow is left out before it is stored, so every
    /// later answer showing it (lists included) conforms. The body is then known to conform as
    /// that operation's answer.
    fn make_record(
        &self,
        target: &str,
        read_op: &'static str,
        draft: &Draft,
    ) -> Result<Record, Failure> {
        let probe = Incoming {
            method: "GET".to_owned(),
            target: target.to_owned(),
            headers: hyper::HeaderMap::new(),
            body: Bytes::new(),
        };
        let (body, conforms) =
            match self.fit(&probe, json_reply(200, Bytes::from(draft.envelope()))) {
                Ok(fitted) => (fitted.body, true),
                Err((reply, _)) => (reply.body, false),
            };
        let mut record = Record::from_body(body).ok_or_else(|| {
            (
                500,
                "the mock could not read back a record it built; please report it".to_owned(),
            )
        })?;
        if conforms {
            record.mark_checked(read_op);
        }
        Ok(record)
    }

    pub(super) fn make_intake(&self, draft: &Draft) -> Result<Record, Failure> {
        self.make_record("/intakes/0", "get_intake", draft)
    }

    pub(super) fn make_visit(&self, draft: &Draft) -> Result<Record, Failure> {
        self.make_record("/visits/0", "get_visit", draft)
    }

    /// Stores records all together, or answers 507 naming the limit a write would pass.
    pub(super) fn save(
        &self,
        store: &mut Store,
        owner: &Owner,
        writes: Vec<(Kind, String, Record)>,
    ) -> Result<(), Failure> {
        store.put(owner, writes).map_err(|full| (507, full.0))
    }

    /// The answer of `op` showing one stored record: its body as stored, checked as `op`'s
    /// answer the first time only (per record version).
    pub(super) fn record_answer(
        &self,
        store: &mut Store,
        call: &Call<'_>,
        (kind, id): (Kind, &str),
        op: &'static str,
    ) -> Outcome {
        let owner = &call.a.owner;
        let Some(record) = store.record(owner, kind, id) else {
            return Err(not_found(kind));
        };
        let body = record.body();
        if record.is_checked_for(op) {
            return Ok(Answer {
                status: 200,
                body,
                checked: true,
            });
        }
        let conforms = self
            .response_findings(call.req, &json_reply(200, body.clone()))
            .is_empty();
        if conforms {
            store.mark_checked(owner, kind, id, op);
        }
        Ok(Answer {
            status: 200,
            body,
            checked: conforms,
        })
    }
}

/// The API's 404 for a record it does not have.
pub(super) fn not_found(kind: Kind) -> Failure {
    let what = match kind {
        Kind::Intake => "Intake not found",
        Kind::Visit => "Visit not found",
    };
    (404, what.to_owned())
}

/// JSON pointers in document order: token by token, array indexes by number.
fn pointer_order(a: &str, b: &str) -> Ordering {
    let (mut ta, mut tb) = (a.split('/'), b.split('/'));
    loop {
        match (ta.next(), tb.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(i), Ok(j)) => i.cmp(&j),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_sort_in_document_order_indexes_by_number() {
        let mut pointers = vec![
            "/data/a/10",
            "/data/a/9",
            "/data/a",
            "/data/b",
            "/data/a/9/x",
        ];
        pointers.sort_by(|a, b| pointer_order(b, a));
        assert_eq!(
            pointers,
            [
                "/data/b",
                "/data/a/10",
                "/data/a/9/x",
                "/data/a/9",
                "/data/a"
            ]
        );
    }
}
