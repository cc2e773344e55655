//! Visits: `add_walkin` (status 10) and `add_econsult` (type 3, status 20) create them from an
//! intake; `get_current_visit` (the newest open one), `get_visit` and `list_visits` show them;
//! `close_visit` and `delete_visit` change their status; `export_visit_summary` links to one.

use serde_json::{json, Value};

use super::answer::not_found;
use super::{Answer, Call, Failure, Mock, Outcome};
use crate::record::Draft;
use crate::state::{Kind, Store};

/// Length of a new walk-in or e-consult, seconds.
const VISIT_LENGTH: i64 = 900;
/// Visits `list_visits` returns per page by default and at most.
const DEFAULT_LIMIT: u64 = 20;
const MAX_LIMIT: u64 = 100;

pub(super) fn add_walkin(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    from_intake(mock, store, call, true)
}

pub(super) fn add_econsult(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    from_intake(mock, store, call, false)
}

/// A new visit from an intake, which then points to it (`visit_id`): both stored, or neither.
fn from_intake(mock: &Mock, store: &mut Store, call: &Call<'_>, walkin: bool) -> Outcome {
    let a = call.a;
    let intake_id = a.text("intake_id").unwrap_or_default();
    let mut intake = store
        .record(&a.owner, Kind::Intake, &intake_id)
        .ok_or_else(|| not_found(Kind::Intake))?
        .draft();
    let id = store.ids.visit_id();
    let code = store.ids.visit_code();
    let mut visit = mock.template(if walkin { "add_walkin" } else { "add_econsult" });
    set_common(&mut visit, (&id, &code), call);
    visit.set("start", &json!(call.now));
    visit.set("end", &json!(call.now + VISIT_LENGTH));
    visit.set("type", &json!(if walkin { 1 } else { 3 }));
    visit.set("status", &json!(if walkin { 10 } else { 20 }));
    // Nobody has accepted a new e-consult yet.
    let provider = walkin
        .then(|| {
            a.raw("provider_id")
                .map(|r| r.get())
                .or(intake.raw("provider_id"))
        })
        .flatten()
        .unwrap_or("0")
        .to_owned();
    visit.set_raw("provider_id", &provider);
    if let Some(member) = a
        .raw("member_id")
        .map(|r| r.get())
        .or(intake.raw("member_id"))
    {
        visit.set_raw("member_id", member);
    }
    if let Some(room) = a.raw("room_code") {
        visit.set_raw("room_code", room.get());
    }
    visit.set("intake_id", &json!(intake_id));
    intake.set("visit_id", &json!(id));
    let intake = mock.make_intake(&intake)?;
    visit.set_raw("intake", intake.data());
    let visit = mock.make_visit(&visit)?;
    let body = visit.body();
    mock.save(
        store,
        &a.owner,
        vec![(Kind::Intake, intake_id, intake), (Kind::Visit, id, visit)],
    )?;
    Ok(Answer::unchecked(200, body))
}

/// Fields every new visit gets, whatever its template.
pub(super) fn set_common(visit: &mut Draft, (id, code): (&str, &str), call: &Call<'_>) {
    visit.set("id", &json!(id));
    if visit.contains("_id") {
        visit.set("_id", &json!(id));
    }
    visit.set("code", &json!(code));
    visit.set("account_code", &json!(call.req.header("X-AccountCode")));
    for member in ["actual_start", "actual_end", "completed_by"] {
        visit.set(member, &Value::Null);
    }
    visit.set("created", &json!(call.now));
    visit.set("modified", &json!(call.now));
    // The template's nested records (invoice, post-visit note) point at the example's visit.
    for (name, text) in visit.objects() {
        if let Ok(Value::Object(mut inner)) = serde_json::from_str::<Value>(&text) {
            if inner.contains_key("visit_id") {
                inner.insert("visit_id".to_owned(), json!(id));
                visit.set(&name, &Value::Object(inner));
            }
        }
    }
}

pub(super) fn current(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let id = store
        .account(&call.a.owner)
        .and_then(|account| account.current_visit())
        .map(|(id, _)| id.clone())
        .ok_or_else(|| (404, "No visit in progress".to_owned()))?;
    mock.record_answer(store, call, (Kind::Visit, &id), "get_current_visit")
}

pub(super) fn get(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let id = call.a.path_param("id").unwrap_or_default();
    mock.record_answer(store, call, (Kind::Visit, id), "get_visit")
}

pub(super) fn list(_: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let page = parse_u64(call.a.query_param("page")).unwrap_or(1).max(1);
    let limit = parse_u64(call.a.query_param("limit"))
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT);
    let skip = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
    let shown: Vec<&str> = store
        .account(&call.a.owner)
        .map(|account| {
            account
                .visits
                .values()
                .skip(skip)
                .take(limit as usize)
                .map(|v| v.data())
                .collect()
        })
        .unwrap_or_default();
    Ok(Answer::unchecked(
        200,
        format!("{{\"data\":[{}]}}", shown.join(",")),
    ))
}

pub(super) fn close(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let status = match call.a.int("status") {
        Some(s) => s,
        None => match call.a.value("reason").as_ref().and_then(Value::as_str) {
            Some(
                "patient_exit_room" | "patient_cancel_appointment" | "max_waiting_time_reached",
            ) => 40,
            _ => 30,
        },
    };
    end_visit(mock, store, call, status)
}

pub(super) fn delete(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    end_visit(mock, store, call, 40)
}

/// Sets a visit's final status (30 completed, 40 cancelled) and when it ended.
fn end_visit(mock: &Mock, store: &mut Store, call: &Call<'_>, status: i64) -> Outcome {
    let a = call.a;
    let id = a.text("id").unwrap_or_default();
    let visit = store
        .record(&a.owner, Kind::Visit, &id)
        .ok_or_else(|| not_found(Kind::Visit))?;
    let member = visit.string("member_id");
    let mut draft = visit.draft();
    draft.set("status", &json!(status));
    match a.raw("actual_end") {
        Some(sent) => draft.set_raw("actual_end", sent.get()),
        None => draft.set("actual_end", &json!(call.now)),
    }
    if status == 30 {
        draft.set("completed_by", &json!(member));
    }
    draft.set("modified", &json!(call.now));
    let visit = mock.make_visit(&draft)?;
    mock.save(store, &a.owner, vec![(Kind::Visit, id.clone(), visit)])?;
    Ok(Answer::unchecked(
        200,
        serde_json::to_vec(&json!({ "data": { "id": id } })).unwrap_or_default(),
    ))
}

pub(super) fn export(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let id = call.a.path_param("id").unwrap_or_default();
    store
        .record(&call.a.owner, Kind::Visit, id)
        .ok_or_else(|| not_found(Kind::Visit))?;
    let url = format!("{}/exports/visit_summary/{id}.pdf", mock.base());
    Ok(Answer::unchecked(
        200,
        serde_json::to_vec(&json!({ "data": { "url": url } })).unwrap_or_default(),
    ))
}

pub(super) fn parse_u64(text: Option<&str>) -> Option<u64> {
    text?.trim().parse().ok()
}

/// The 409 of a slot already booked.
pub(super) fn slot_taken() -> Failure {
    (409, "This slot is already booked".to_owned())
}
