//! Appointments: `create_appointment` (and its `/appointments` alias) and `update_appointment`
//! book and move slots, which `get_availability` then no longer offers; a taken slot is a 409.

use serde_json::{json, Value};

use super::answer::not_found;
use super::visits::{set_common, slot_taken};
use super::{Answer, Call, Mock, Outcome};
use crate::gate::Admitted;
use crate::record::Draft;
use crate::state::{Account, Kind, Store};

/// Slots `get_availability` lists at most per request.
const MAX_SLOTS: usize = 48;
/// Default and smallest slot length, seconds.
const DEFAULT_SLOT: i64 = 900;
const MIN_SLOT: i64 = 60;

/// The fields of `AppointmentCreate` / `AppointmentUpdate` a visit shows, as sent.
const SHOWN: [&str; 4] = ["member_id", "provider_id", "room_code", "consultation_id"];

pub(super) fn create(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let a = call.a;
    let start = a.int("slot_start").unwrap_or(0);
    let end = a.int("slot_end").unwrap_or(0);
    // An empty or reversed slot is odd but the spec allows it; it blocks nothing.
    if store
        .account(&a.owner)
        .is_some_and(|account| account.slot_taken(start, end, None))
    {
        return Err(slot_taken());
    }
    let intake_id = a.text("intake_id").or_else(|| a.text("intakeId"));
    let intake = match &intake_id {
        Some(iid) => Some(
            store
                .record(&a.owner, Kind::Intake, iid)
                .ok_or_else(|| not_found(Kind::Intake))?
                .draft(),
        ),
        None => None,
    };
    let id = store.ids.visit_id();
    let code = store.ids.visit_code();
    let mut visit = mock.template("create_appointment");
    set_common(&mut visit, (&id, &code), call);
    set_sent_or(&mut visit, a, ("slot_start", "start"), start);
    set_sent_or(&mut visit, a, ("slot_end", "end"), end);
    visit.set("type", &json!(2));
    visit.set("status", &json!(20));
    show_fields(&mut visit, a);
    if !a.has("provider_id") {
        visit.set("provider_id", &json!(0));
    }
    let mut writes = Vec::new();
    if let (Some(iid), Some(mut intake)) = (intake_id, intake) {
        intake.set("visit_id", &json!(id));
        let intake = mock.make_intake(&intake)?;
        visit.set("intake_id", &json!(iid));
        visit.set_raw("intake", intake.data());
        writes.push((Kind::Intake, iid, intake));
    }
    let visit = mock.make_visit(&visit)?;
    let body = visit.body();
    writes.push((Kind::Visit, id, visit));
    mock.save(store, &a.owner, writes)?;
    Ok(Answer::unchecked(200, body))
}

pub(super) fn update(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let a = call.a;
    let id = a.path_param("id").unwrap_or_default();
    let current = store
        .record(&a.owner, Kind::Visit, id)
        .ok_or_else(|| not_found(Kind::Visit))?;
    let facts = current.facts();
    let start = a.int("slot_start").or(facts.start).unwrap_or(0);
    let end = a.int("slot_end").or(facts.end).unwrap_or(0);
    let mut visit = current.draft();
    let moves = a.has("slot_start") || a.has("slot_end");
    if moves
        && store
            .account(&a.owner)
            .is_some_and(|account| account.slot_taken(start, end, Some(id)))
    {
        return Err(slot_taken());
    }
    let intake = match a.text("intake_id") {
        Some(iid) => {
            let intake = store
                .record(&a.owner, Kind::Intake, &iid)
                .ok_or_else(|| not_found(Kind::Intake))?;
            Some((iid, intake.data().to_owned()))
        }
        None => None,
    };
    set_sent_or(&mut visit, a, ("slot_start", "start"), start);
    set_sent_or(&mut visit, a, ("slot_end", "end"), end);
    show_fields(&mut visit, a);
    if let Some((iid, intake)) = intake {
        visit.set("intake_id", &json!(iid));
        visit.set_raw("intake", &intake);
    }
    visit.set("modified", &json!(call.now));
    let visit = mock.make_visit(&visit)?;
    let body = visit.body();
    mock.save(store, &a.owner, vec![(Kind::Visit, id.to_owned(), visit)])?;
    Ok(Answer::unchecked(200, body))
}

/// Sets `member` to the body's `sent` member as it was sent; else, when the visit has no such
/// member yet, to `value`.
fn set_sent_or(visit: &mut Draft, a: &Admitted, (sent, member): (&str, &str), value: i64) {
    match a.raw(sent) {
        Some(raw) => visit.set_raw(member, raw.get()),
        None if visit.raw(member).is_none() => visit.set(member, &json!(value)),
        None => {}
    }
}

fn show_fields(visit: &mut Draft, a: &Admitted) {
    for field in SHOWN {
        if let Some(v) = a.raw(field) {
            visit.set_raw(field, v.get());
        }
    }
}

pub(super) fn availability(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let a = call.a;
    let start = parse_i64(a.query_param("start")).unwrap_or(0);
    let end = parse_i64(a.query_param("end")).unwrap_or(0);
    let duration = parse_i64(a.query_param("duration"))
        .unwrap_or(DEFAULT_SLOT)
        .max(MIN_SLOT);
    let providers: Value = match a.query_param("provider_id") {
        Some(p) => json!([p]),
        None => mock
            .examples
            .success_pointer("get_availability", "/data/0/providers")
            .cloned()
            .unwrap_or_else(|| json!([])),
    };
    let empty = Account::default();
    let account = store.account(&a.owner).unwrap_or(&empty);
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
    Ok(Answer::unchecked(
        200,
        serde_json::to_vec(&json!({ "data": slots })).unwrap_or_default(),
    ))
}

fn parse_i64(text: Option<&str>) -> Option<i64> {
    text?.trim().parse().ok()
}
