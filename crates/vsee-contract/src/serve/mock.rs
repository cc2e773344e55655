//! `vsee-contract mock`: answers from per-account state, shaped like the spec's examples, and
//! checks every response against the spec before it is sent.
//!
//! Order of judgement: route (404/405), auth (401), request check (400/422; 404 when only path
//! parameters break the spec), `Prefer`
//! (a documented status or a named example, as Prism does), then the operation's handler.
//! Whatever comes out is checked like a recorded response; members the client sent that the
//! response schema does not allow (an intake's non-numeric `member_id`, say) are dropped,
//! and a response that still breaks the spec becomes a 500 naming the mock's mistake, so the
//! mock never teaches a client something the API does not do.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use vsee_spec::{media, pointer};

use super::gate::{self, Admitted, Gate};
use super::message::{Incoming, Reply};
use super::problem;
use super::recorder::Recorder;
use super::state::{int_of, Account, Store};
use crate::check::Checker;
use crate::report::{Finding, Location, Part};

/// Slots `get_availability` lists at most per request.
const MAX_SLOTS: usize = 48;
/// Default and smallest slot length, seconds.
const DEFAULT_SLOT: i64 = 900;
const MIN_SLOT: i64 = 60;
/// Visits `list_visits` returns per page by default and at most.
const DEFAULT_LIMIT: u64 = 20;
const MAX_LIMIT: u64 = 100;
/// Rounds of removing what the response schema does not allow before giving up.
const MAX_FIT_ROUNDS: usize = 16;

/// A handler's answer: a status and a JSON body, or an API error.
type Outcome = Result<(u16, Value), (u16, String)>;

/// The examples documented for one response of one operation.
#[derive(Debug, Default)]
struct ExampleSet {
    /// `example`, or else the first of `examples`.
    default: Option<Value>,
    named: Vec<(String, Value)>,
}

/// The mock server.
pub(crate) struct Mock {
    checker: Arc<Checker>,
    gate: Gate,
    store: Mutex<Store>,
    /// (operation id, response key) -> examples.
    examples: HashMap<(String, String), ExampleSet>,
    /// Visit bodies of the spec's examples that new visits start from, per creating operation.
    templates: HashMap<&'static str, Map<String, Value>>,
    base: OnceLock<String>,
    recorder: Option<Arc<Recorder>>,
    served: AtomicU64,
    rejected: AtomicU64,
}

impl Mock {
    pub fn new(
        checker: Arc<Checker>,
        seed: u64,
        tokens: Option<std::collections::HashSet<String>>,
        recorder: Option<Arc<Recorder>>,
    ) -> Result<Mock, String> {
        let examples = collect_examples(&checker);
        let mut templates = HashMap::new();
        for op in ["add_walkin", "add_econsult", "create_appointment"] {
            let data = examples
                .get(&(op.to_owned(), "200".to_owned()))
                .and_then(|set| set.default.as_ref())
                .and_then(|v| v.get("data"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            templates.insert(op, data);
        }
        Ok(Mock {
            gate: Gate::new(Arc::clone(&checker), tokens),
            checker,
            store: Mutex::new(Store::new(seed)),
            examples,
            templates,
            base: OnceLock::new(),
            recorder,
            served: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
        })
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
                crate::privacy::shape::method(&req.method, false),
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
        let admitted = match self.gate.admit(req) {
            Ok(a) => a,
            Err(reply) => return self.checked(req, reply),
        };
        let outcome = match prefer(req) {
            Some(Ok(preference)) => self.preferred(&admitted, &preference),
            Some(Err(why)) => return self.checked(req, problem::plain(400, &why)),
            None => self.dispatch(&admitted, req),
        };
        let reply = match outcome {
            Ok((status, body)) => Reply::json(status, problem::JSON, &body),
            Err((status, message)) => problem::api_error(status, &message),
        };
        self.checked(req, reply)
    }

    /// The reply if it conforms; else with the members the spec does not allow dropped; else a
    /// 500 that names the mock's mistake (by pointer and keyword).
    fn checked(&self, req: &Incoming, reply: Reply) -> Reply {
        let findings = match self.fit(req, reply) {
            Ok(reply) => return reply,
            Err(findings) => findings,
        };
        for f in &findings {
            eprintln!(
                "vsee-contract mock: BUG: response breaks the spec: {}",
                crate::render::finding_line(f)
            );
        }
        let first = &findings[0];
        problem::api_error(
            500,
            &format!(
                "the mock built a response that breaks the spec ({} at `{}`); please report it",
                first.keyword, first.instance_path
            ),
        )
    }

    /// The reply if it conforms, or with the members findings point at (below `/data`)
    /// removed until it does; else the findings of the first check.
    fn fit(&self, req: &Incoming, reply: Reply) -> Result<Reply, Vec<Finding>> {
        let first = self.response_findings(req, &reply);
        if first.is_empty() {
            return Ok(reply);
        }
        let Ok(mut value) = serde_json::from_slice::<Value>(&reply.body) else {
            return Err(first);
        };
        let media_type = if reply.media_type() == Some(problem::PROBLEM_JSON) {
            problem::PROBLEM_JSON
        } else {
            problem::JSON
        };
        let mut findings = first.clone();
        let mut removed = 0;
        // The checker lists a bounded number of errors per body, and the typed check stops at
        // the first; each round removes what was listed.
        for _ in 0..MAX_FIT_ROUNDS {
            let mut pointers: Vec<&str> = findings
                .iter()
                .filter(|f| f.location == Location::Body && f.instance_path.len() > "/data".len())
                .map(|f| f.instance_path.as_str())
                .collect();
            if pointers.is_empty() {
                break;
            }
            pointers.sort_by_key(|p| std::cmp::Reverse(p.len()));
            pointers.dedup();
            for p in &pointers {
                remove_at(&mut value, p);
            }
            removed += pointers.len();
            let pruned = Reply::json(reply.status, media_type, &value);
            findings = self.response_findings(req, &pruned);
            if findings.is_empty() {
                eprintln!(
                    "vsee-contract mock: left out {removed} member(s) the response schema does not \
                     allow (values the client sent that the API would not return)"
                );
                return Ok(pruned);
            }
        }
        Err(first)
    }

    /// A record as the spec lets `get_intake` / `get_visit` return it: what the client sent
    /// and the response schema does not allow is dropped before it is stored, so every later
    /// read (lists included) conforms.
    fn fit_record(&self, target: &str, record: Map<String, Value>) -> Map<String, Value> {
        let probe = Incoming {
            method: "GET".to_owned(),
            target: target.to_owned(),
            headers: hyper::HeaderMap::new(),
            body: bytes::Bytes::new(),
        };
        let reply = Reply::json(200, problem::JSON, &json!({ "data": record }));
        match self.fit(&probe, reply) {
            Ok(fitted) => serde_json::from_slice::<Value>(&fitted.body)
                .ok()
                .and_then(|mut v| v.get_mut("data").map(Value::take))
                .and_then(|v| match v {
                    Value::Object(map) => Some(map),
                    _ => None,
                })
                .unwrap_or_default(),
            Err(_) => record,
        }
    }

    fn fit_intake(&self, intake: Map<String, Value>) -> Map<String, Value> {
        self.fit_record("/intakes/0", intake)
    }

    fn fit_visit(&self, visit: Map<String, Value>) -> Map<String, Value> {
        self.fit_record("/visits/0", visit)
    }

    /// Findings about the response half of the reply (redacted).
    fn response_findings(&self, req: &Incoming, reply: &Reply) -> Vec<Finding> {
        let mut exchange = gate::to_exchange(
            req,
            Some((reply.status, reply.media_type(), reply.body.as_ref())),
        );
        // The request was judged already.
        exchange.request.body = crate::input::Body::Absent;
        gate::findings_of(&self.checker, &exchange, Part::Response)
    }

    /// `Prefer: code=N` and/or `example=NAME`: a documented status with its example.
    fn preferred(&self, a: &Admitted, preference: &Preference) -> Outcome {
        let Some((_, _, responses)) = self.checker.operation(&a.operation_id) else {
            return Err((404, "unknown operation".to_owned()));
        };
        let status = match preference.code {
            Some(code) => code,
            None => responses
                .iter()
                .filter_map(|k| k.parse::<u16>().ok())
                .find(|s| (200..300).contains(s))
                .unwrap_or(200),
        };
        let Some(key) = Checker::status_key(responses, status) else {
            return Err((
                422,
                format!(
                    "Prefer: code={status} is not documented for `{}` (documented: {})",
                    a.operation_id,
                    responses.join(", ")
                ),
            ));
        };
        let set = self.examples.get(&(a.operation_id.clone(), key.to_owned()));
        let body = match (&preference.example, set) {
            (Some(name), Some(set)) => match set.named.iter().find(|(n, _)| n == name) {
                Some((_, v)) => v.clone(),
                None => {
                    let names: Vec<&str> = set.named.iter().map(|(n, _)| n.as_str()).collect();
                    return Err((
                        422,
                        format!(
                            "Prefer: example={name} is not an example of `{}` {key} (named \
                             examples: {})",
                            a.operation_id,
                            if names.is_empty() {
                                "none".to_owned()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                }
            },
            (Some(name), None) => {
                return Err((
                    422,
                    format!(
                        "Prefer: example={name}: `{}` {key} documents no examples",
                        a.operation_id
                    ),
                ))
            }
            (None, Some(set)) => match &set.default {
                Some(v) => v.clone(),
                None => problem::api_error_body(status, "example"),
            },
            (None, None) => problem::api_error_body(status, "no example is documented"),
        };
        let body = match body {
            // The documented error example has its own `code`; make it the status asked for.
            Value::Object(mut map)
                if status >= 400
                    && map.get("code").and_then(Value::as_u64) != Some(status.into()) =>
            {
                if map.contains_key("code") {
                    map.insert("code".to_owned(), json!(status));
                    map.insert("message".to_owned(), json!(problem::title(status)));
                }
                Value::Object(map)
            }
            other => other,
        };
        Ok((status, body))
    }

    fn dispatch(&self, a: &Admitted, req: &Incoming) -> Outcome {
        let now = now();
        // A poisoned lock means a handler panicked; the state itself is still consistent
        // enough to keep serving.
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let account_code = req.header("X-AccountCode").map(str::to_owned);
        match a.operation_id.as_str() {
            "create_intake" => {
                let id = store.ids.intake_id();
                let mut intake = Map::new();
                intake.insert("id".to_owned(), json!(id));
                merge_fields(&mut intake, &a.body);
                intake.insert("created".to_owned(), json!(now));
                intake.insert("modified".to_owned(), json!(now));
                let intake = self.fit_intake(intake);
                store.account(&a.account).intakes.insert(id, intake.clone());
                Ok((200, json!({ "data": intake })))
            }
            "get_intake" => {
                let account = store.account(&a.account);
                let intake = find_intake(account, a.path_param("id"))?;
                Ok((200, json!({ "data": intake })))
            }
            "update_intake" => {
                let account = store.account(&a.account);
                let id = a.path_param("id").unwrap_or_default().to_owned();
                let intake = account
                    .intakes
                    .get_mut(&id)
                    .ok_or_else(|| (404, "Intake not found".to_owned()))?;
                merge_fields(intake, &a.body);
                intake.insert("modified".to_owned(), json!(now));
                *intake = self.fit_intake(std::mem::take(intake));
                Ok((200, json!({ "data": intake.clone() })))
            }
            op @ ("add_walkin" | "add_econsult") => {
                let (account, ids) = store.split(&a.account);
                let intake_id = text_of(a.body.get("intake_id")).unwrap_or_default();
                let mut intake = find_intake(account, Some(&intake_id))?;
                let id = ids.visit_id();
                let code = ids.visit_code();
                let mut visit = self.template(op);
                let walkin = op == "add_walkin";
                set_common(&mut visit, &id, &code, account_code, now);
                visit.insert("start".to_owned(), json!(now));
                visit.insert("end".to_owned(), json!(now + DEFAULT_SLOT));
                visit.insert("type".to_owned(), json!(if walkin { 1 } else { 3 }));
                visit.insert("status".to_owned(), json!(if walkin { 10 } else { 20 }));
                let provider = if walkin {
                    a.body
                        .get("provider_id")
                        .or_else(|| intake.get("provider_id"))
                        .cloned()
                        .unwrap_or(json!(0))
                } else {
                    // Nobody has accepted a new e-consult yet.
                    json!(0)
                };
                visit.insert("provider_id".to_owned(), provider);
                if let Some(member) = a.body.get("member_id").or_else(|| intake.get("member_id")) {
                    visit.insert("member_id".to_owned(), member.clone());
                }
                if let Some(room) = a.body.get("room_code") {
                    visit.insert("room_code".to_owned(), room.clone());
                }
                visit.insert("intake_id".to_owned(), json!(intake_id));
                intake.insert("visit_id".to_owned(), json!(id));
                visit.insert("intake".to_owned(), Value::Object(intake.clone()));
                account.intakes.insert(intake_id, intake);
                let visit = self.fit_visit(visit);
                account.visits.insert(id, visit.clone());
                Ok((200, json!({ "data": visit })))
            }
            "get_current_visit" => {
                let account = store.account(&a.account);
                let visit = account
                    .current_visit()
                    .ok_or_else(|| (404, "No visit in progress".to_owned()))?;
                Ok((200, json!({ "data": visit })))
            }
            "get_visit" => {
                let account = store.account(&a.account);
                let visit = find_visit(account, a.path_param("id"))?;
                Ok((200, json!({ "data": visit })))
            }
            "list_visits" => {
                let account = store.account(&a.account);
                let page = parse_u64(a.query_param("page")).unwrap_or(1).max(1);
                let limit = parse_u64(a.query_param("limit"))
                    .unwrap_or(DEFAULT_LIMIT)
                    .clamp(1, MAX_LIMIT);
                let skip = (page - 1).saturating_mul(limit);
                let visits: Vec<Value> = account
                    .visits
                    .values()
                    .skip(usize::try_from(skip).unwrap_or(usize::MAX))
                    .take(limit as usize)
                    .map(|v| Value::Object(v.clone()))
                    .collect();
                Ok((200, json!({ "data": visits })))
            }
            "close_visit" | "delete_visit" => {
                let account = store.account(&a.account);
                let id = text_of(a.body.get("id")).unwrap_or_default();
                let visit = account
                    .visits
                    .get_mut(&id)
                    .ok_or_else(|| (404, "Visit not found".to_owned()))?;
                let status = if a.operation_id == "delete_visit" {
                    40
                } else if let Some(s) = int_of(a.body.get("status")) {
                    s
                } else {
                    match a.body.get("reason").and_then(Value::as_str) {
                        Some(
                            "patient_exit_room"
                            | "patient_cancel_appointment"
                            | "max_waiting_time_reached",
                        ) => 40,
                        _ => 30,
                    }
                };
                visit.insert("status".to_owned(), json!(status));
                let ended = int_of(a.body.get("actual_end")).unwrap_or(now);
                visit.insert("actual_end".to_owned(), json!(ended));
                if status == 30 {
                    let by = text_of(visit.get("member_id"));
                    visit.insert("completed_by".to_owned(), json!(by));
                }
                visit.insert("modified".to_owned(), json!(now));
                Ok((200, json!({ "data": { "id": id } })))
            }
            "get_availability" => {
                let account = store.account(&a.account);
                self.availability(account, a)
            }
            "create_appointment" | "create_appointment_alias" => {
                let (account, ids) = store.split(&a.account);
                let start = int_of(a.body.get("slot_start")).unwrap_or(0);
                let end = int_of(a.body.get("slot_end")).unwrap_or(0);
                // An empty or reversed slot is odd but the spec allows it; it blocks nothing.
                if account.slot_taken(start, end, None) {
                    return Err((409, "This slot is already booked".to_owned()));
                }
                let intake_id = text_of(a.body.get("intake_id").or_else(|| a.body.get("intakeId")));
                let intake = match &intake_id {
                    Some(iid) => Some(find_intake(account, Some(iid))?),
                    None => None,
                };
                let id = ids.visit_id();
                let code = ids.visit_code();
                let mut visit = self.template("create_appointment");
                set_common(&mut visit, &id, &code, account_code, now);
                visit.insert("start".to_owned(), json!(start));
                visit.insert("end".to_owned(), json!(end));
                visit.insert("type".to_owned(), json!(2));
                visit.insert("status".to_owned(), json!(20));
                visit.insert("actual_start".to_owned(), Value::Null);
                apply_appointment_fields(&mut visit, &a.body);
                if !visit.contains_key("provider_id") || a.body.get("provider_id").is_none() {
                    visit.insert("provider_id".to_owned(), json!(0));
                }
                if let (Some(iid), Some(mut intake)) = (intake_id, intake) {
                    intake.insert("visit_id".to_owned(), json!(id));
                    visit.insert("intake_id".to_owned(), json!(iid));
                    visit.insert("intake".to_owned(), Value::Object(intake.clone()));
                    account.intakes.insert(iid, intake);
                }
                let visit = self.fit_visit(visit);
                account.visits.insert(id, visit.clone());
                Ok((200, json!({ "data": visit })))
            }
            "update_appointment" => {
                let account = store.account(&a.account);
                let id = a.path_param("id").unwrap_or_default().to_owned();
                let current = find_visit(account, Some(&id))?;
                let start = int_of(a.body.get("slot_start"))
                    .or_else(|| int_of(current.get("start")))
                    .unwrap_or(0);
                let end = int_of(a.body.get("slot_end"))
                    .or_else(|| int_of(current.get("end")))
                    .unwrap_or(0);
                let moves = a.body.get("slot_start").is_some() || a.body.get("slot_end").is_some();
                if moves && account.slot_taken(start, end, Some(&id)) {
                    return Err((409, "This slot is already booked".to_owned()));
                }
                let intake = match text_of(a.body.get("intake_id")) {
                    Some(iid) => Some((iid.clone(), find_intake(account, Some(&iid))?)),
                    None => None,
                };
                let visit = account
                    .visits
                    .get_mut(&id)
                    .ok_or_else(|| (404, "Visit not found".to_owned()))?;
                visit.insert("start".to_owned(), json!(start));
                visit.insert("end".to_owned(), json!(end));
                apply_appointment_fields(visit, &a.body);
                if let Some((iid, intake)) = intake {
                    visit.insert("intake_id".to_owned(), json!(iid));
                    visit.insert("intake".to_owned(), Value::Object(intake));
                }
                visit.insert("modified".to_owned(), json!(now));
                *visit = self.fit_visit(std::mem::take(visit));
                Ok((200, json!({ "data": visit.clone() })))
            }
            "export_visit_summary" => {
                let account = store.account(&a.account);
                let visit = find_visit(account, a.path_param("id"))?;
                let id = text_of(visit.get("id")).unwrap_or_default();
                let base = self.base.get().map_or("http://127.0.0.1", String::as_str);
                Ok((
                    200,
                    json!({ "data": { "url": format!("{base}/exports/visit_summary/{id}.pdf") } }),
                ))
            }
            // An operation of another spec (--spec): its documented example, as Prism would.
            _ => self.preferred(
                a,
                &Preference {
                    code: None,
                    example: None,
                },
            ),
        }
    }

    fn template(&self, op: &str) -> Map<String, Value> {
        self.templates.get(op).cloned().unwrap_or_default()
    }

    fn availability(&self, account: &Account, a: &Admitted) -> Outcome {
        let start = parse_i64(a.query_param("start")).unwrap_or(0);
        let end = parse_i64(a.query_param("end")).unwrap_or(0);
        let duration = parse_i64(a.query_param("duration"))
            .unwrap_or(DEFAULT_SLOT)
            .max(MIN_SLOT);
        let providers: Value = match a.query_param("provider_id") {
            Some(p) => json!([p]),
            None => self
                .examples
                .get(&("get_availability".to_owned(), "200".to_owned()))
                .and_then(|set| set.default.as_ref())
                .and_then(|v| v.pointer("/data/0/providers"))
                .cloned()
                .unwrap_or_else(|| json!([])),
        };
        // The first slot boundary at or after `at`.
        let align_up = |at: i64| {
            at.div_euclid(duration)
                .saturating_add(i64::from(at.rem_euclid(duration) != 0))
                .saturating_mul(duration)
        };
        let mut slots = Vec::new();
        let mut slot = align_up(start);
        while slots.len() < MAX_SLOTS {
            let Some(slot_end) = slot.checked_add(duration) else {
                break;
            };
            if slot_end > end {
                break;
            }
            match account.taken_until(slot, slot_end, None) {
                None => {
                    slots.push(json!({"start": slot, "end": slot_end, "providers": providers}));
                    slot = slot_end;
                }
                // Past the booking, not one slot at a time (a booking may span years).
                Some(taken) => slot = align_up(taken.max(slot_end)),
            }
        }
        Ok((200, json!({ "data": slots })))
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn parse_u64(text: Option<&str>) -> Option<u64> {
    text?.trim().parse().ok()
}

fn parse_i64(text: Option<&str>) -> Option<i64> {
    text?.trim().parse().ok()
}

/// A `StringOrInt` or string as text.
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn find_intake(account: &Account, id: Option<&str>) -> Result<Map<String, Value>, (u16, String)> {
    id.and_then(|id| account.intakes.get(id))
        .cloned()
        .ok_or_else(|| (404, "Intake not found".to_owned()))
}

fn find_visit(account: &Account, id: Option<&str>) -> Result<Map<String, Value>, (u16, String)> {
    id.and_then(|id| account.visits.get(id))
        .cloned()
        .ok_or_else(|| (404, "Visit not found".to_owned()))
}

/// Copies the fields sent (custom ones included) into a record; `id` stays the record's.
fn merge_fields(record: &mut Map<String, Value>, body: &Value) {
    if let Value::Object(fields) = body {
        for (k, v) in fields {
            if k != "id" {
                record.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Fields every new visit gets, whatever its template.
fn set_common(
    visit: &mut Map<String, Value>,
    id: &str,
    code: &str,
    account_code: Option<String>,
    now: i64,
) {
    visit.insert("id".to_owned(), json!(id));
    if visit.contains_key("_id") {
        visit.insert("_id".to_owned(), json!(id));
    }
    visit.insert("code".to_owned(), json!(code));
    visit.insert("account_code".to_owned(), json!(account_code));
    visit.insert("actual_start".to_owned(), Value::Null);
    visit.insert("actual_end".to_owned(), Value::Null);
    visit.insert("completed_by".to_owned(), Value::Null);
    visit.insert("created".to_owned(), json!(now));
    visit.insert("modified".to_owned(), json!(now));
    // The template's nested records (invoice, post-visit note) point at the example's visit.
    for nested in visit.values_mut() {
        if let Value::Object(inner) = nested {
            if inner.contains_key("visit_id") {
                inner.insert("visit_id".to_owned(), json!(id));
            }
        }
    }
}

/// The fields of `AppointmentCreate`/`AppointmentUpdate` a visit shows.
fn apply_appointment_fields(visit: &mut Map<String, Value>, body: &Value) {
    for field in ["member_id", "provider_id", "room_code", "consultation_id"] {
        if let Some(v) = body.get(field) {
            visit.insert(field.to_owned(), v.clone());
        }
    }
}

/// Removes the member a JSON pointer names (an object key or an array item).
fn remove_at(root: &mut Value, at: &str) {
    let Some(parent_at) = pointer::parent(at) else {
        return;
    };
    let last = pointer::unescape(at[parent_at.len()..].trim_start_matches('/'));
    match root.pointer_mut(parent_at) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// What `Prefer` asks for.
struct Preference {
    code: Option<u16>,
    example: Option<String>,
}

/// Reads `Prefer: code=404, example=NAME` (Prism's tokens); other preferences are ignored.
fn prefer(req: &Incoming) -> Option<Result<Preference, String>> {
    let mut preference = Preference {
        code: None,
        example: None,
    };
    let mut any = false;
    for value in req.headers.get_all("prefer") {
        let Ok(text) = value.to_str() else {
            return Some(Err("the Prefer header is not text".to_owned()));
        };
        for token in text.split([',', ';']) {
            let Some((key, val)) = token.trim().split_once('=') else {
                continue;
            };
            let val = val.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "code" => match val.parse::<u16>() {
                    Ok(code) if (100..=599).contains(&code) => {
                        preference.code = Some(code);
                        any = true;
                    }
                    _ => {
                        return Some(Err(
                            "Prefer: code= takes an HTTP status, e.g. code=404".to_owned()
                        ))
                    }
                },
                "example" => {
                    preference.example = Some(val.to_owned());
                    any = true;
                }
                _ => {}
            }
        }
    }
    any.then_some(Ok(preference))
}

/// Every documented JSON example, per operation and response key.
fn collect_examples(checker: &Checker) -> HashMap<(String, String), ExampleSet> {
    let spec = checker.spec();
    let doc = spec.document();
    let mut out = HashMap::new();
    for op in spec.operations_ref() {
        let Some(responses) = doc
            .pointer(&op.pointer)
            .and_then(|o| o.get("responses"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (key, response) in responses {
            let response = spec.deref(response).0;
            let Some(content) = response.get("content").and_then(Value::as_object) else {
                continue;
            };
            let Some((_, mt)) = media::json_body(content.iter().map(|(k, v)| (k.as_str(), v)))
            else {
                continue;
            };
            let mut set = ExampleSet {
                default: mt.get("example").cloned(),
                named: Vec::new(),
            };
            if let Some(examples) = mt.get("examples").and_then(Value::as_object) {
                for (name, example) in examples {
                    if let Some(value) = spec.deref(example).0.get("value") {
                        set.named.push((name.clone(), value.clone()));
                    }
                }
            }
            if set.default.is_none() {
                set.default = set.named.first().map(|(_, v)| v.clone());
            }
            out.insert((op.id.clone(), key.clone()), set);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_at_drops_object_members_and_array_items() {
        let mut v = json!({"data": {"a": 1, "list": [1, 2, 3], "x/y": 2}});
        remove_at(&mut v, "/data/a");
        remove_at(&mut v, "/data/list/1");
        remove_at(&mut v, "/data/x~1y");
        assert_eq!(v, json!({"data": {"list": [1, 3]}}));
    }
}
