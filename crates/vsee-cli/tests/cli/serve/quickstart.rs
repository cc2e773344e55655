//! The quickstart's flow (crates/vsee-client/examples/quickstart.rs) with the generated
//! client against the mock instead of VSee: intake with a custom field, walk-in, list, and a
//! typed error for a visit that does not exist.

use vsee_client::{types, Client, Credentials, Environment, Error};

use super::support::Server;

#[tokio::test]
async fn the_quickstart_flow_runs_against_the_mock() {
    let mock = Server::mock();
    let credentials = Credentials::new("quickstart-token", "vclinic");
    let client = Client::with_credentials(Environment::Custom(mock.base.clone()), credentials)
        .expect("a client");
    let room = "ceproom1".to_owned();

    // 1. An intake: the documented fields, plus a custom field echoed back.
    let mut custom = serde_json::Map::new();
    custom.insert("custom_symptoms".into(), "Rash, Red Eyes".into());
    let intake = client
        .create_intake()
        .body_map(|body| {
            body.room_code(room.clone())
                .reason_for_visit("Rash".to_string())
                .type_(types::VisitType::Walkin)
                .extra(custom)
        })
        .send()
        .await
        .expect("create_intake")
        .into_inner()
        .data;
    assert_eq!(intake.extra["custom_symptoms"], "Rash, Red Eyes");

    // 2. A walk-in visit from that intake.
    let visit = client
        .add_walkin()
        .body_map(|body| body.intake_id(intake.id.clone()).room_code(room.clone()))
        .send()
        .await
        .expect("add_walkin")
        .into_inner()
        .data;
    let visit_id = visit.id.clone().expect("the visit has an id");
    assert_eq!(visit.completed_by.flatten(), None);

    // 3. The patient's visits, first page: the new visit is there.
    let visits = client
        .list_visits()
        .page(1)
        .limit(20)
        .send()
        .await
        .expect("list_visits");
    assert_eq!(visits.data.len(), 1);
    assert_eq!(visits.data[0].id.as_ref(), Some(&visit_id));

    // The same visit by id, and the current visit.
    let current = client
        .get_current_visit()
        .send()
        .await
        .expect("current")
        .into_inner();
    assert_eq!(current.data.id.as_ref(), Some(&visit_id));

    // Documented error statuses come back with the API's typed error body.
    match client.get_visit().id("1").send().await {
        Err(Error::ErrorResponse {
            response: error, ..
        }) => {
            assert_eq!(error.status().as_u16(), 404);
            assert_eq!(error.code, 404);
        }
        Ok(_) => panic!("visit 1 does not exist in the mock"),
        Err(other) => panic!("expected the typed 404, got {other:?}"),
    }
}
