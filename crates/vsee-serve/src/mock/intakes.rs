//! `create_intake`, `get_intake`, `update_intake`: an intake stores what was sent, custom
//! fields included, each value as it was sent.

use serde_json::json;

use super::answer::not_found;
use super::{Answer, Call, Mock, Outcome};
use crate::record::Draft;
use crate::state::{Kind, Store};

pub(super) fn create(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let id = store.ids.intake_id();
    let mut draft = Draft::default();
    draft.set("id", &json!(id));
    draft.merge(&call.a.body, &["id"]);
    draft.set("created", &json!(call.now));
    draft.set("modified", &json!(call.now));
    let record = mock.make_intake(&draft)?;
    let body = record.body();
    mock.save(store, &call.a.owner, vec![(Kind::Intake, id, record)])?;
    Ok(Answer::unchecked(200, body))
}

pub(super) fn get(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let id = call.a.path_param("id").unwrap_or_default();
    mock.record_answer(store, call, (Kind::Intake, id), "get_intake")
}

pub(super) fn update(mock: &Mock, store: &mut Store, call: &Call<'_>) -> Outcome {
    let id = call.a.path_param("id").unwrap_or_default();
    let mut draft = store
        .record(&call.a.owner, Kind::Intake, id)
        .ok_or_else(|| not_found(Kind::Intake))?
        .draft();
    draft.merge(&call.a.body, &["id"]);
    draft.set("modified", &json!(call.now));
    let record = mock.make_intake(&draft)?;
    let body = record.body();
    mock.save(
        store,
        &call.a.owner,
        vec![(Kind::Intake, id.to_owned(), record)],
    )?;
    Ok(Answer::unchecked(200, body))
}
