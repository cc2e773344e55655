//! `examples/visit_lifecycle.rs` run against a loopback server: each reply's id reaches the
//! next request as it was sent (a string id into a body and a path, a numeric one into a path),
//! with no conversion written by hand.

use httpmock::prelude::*;
use serde_json::json;
use vsee_client::{Client, Credentials, Environment};

#[path = "../../examples/visit_lifecycle.rs"]
#[allow(dead_code)] // its `main` is the example's, not this test's
mod example;

fn fixture(operation: &str) -> serde_json::Value {
    let path = format!(
        "{}/../../tests/payloads/{operation}/200.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("JSON")
}

#[tokio::test]
async fn each_reply_id_goes_into_the_next_call_as_it_is() {
    let server = MockServer::start_async().await;
    let intake = fixture("create_intake");
    let intake_id = intake["data"]["id"]
        .as_str()
        .expect("a string id")
        .to_owned();
    let visit = fixture("add_walkin");
    assert_eq!(visit["data"]["id"], "1525", "the fixture's visit id");
    let mut mocks = vec![
        server
            .mock_async(|when, then| {
                when.method(POST).path("/intakes");
                then.status(200).json_body(intake.clone());
            })
            .await,
        server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/visits/add_walkin")
                    .json_body_includes(json!({"intake_id": intake_id}).to_string());
                then.status(200).json_body(visit.clone());
            })
            .await,
        // The walk-in's id, a string, in the path and in close_visit's body.
        server
            .mock_async(|when, then| {
                when.method(GET).path("/visits/1525");
                then.status(200).json_body(visit.clone());
            })
            .await,
        server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/visits/close")
                    .json_body(json!({"id": "1525", "reason": "call_ended"}));
                // The reply's id as a number this time.
                then.status(200).json_body(json!({"data": {"id": 1526}}));
            })
            .await,
    ];
    mocks.push(
        server
            .mock_async(|when, then| {
                when.method(GET).path("/visits/1526");
                then.status(200)
                    .json_body(json!({"data": {"id": "1526", "status": 30}}));
            })
            .await,
    );
    let client = Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let after = example::visit_lifecycle(&client, "ceproom1")
        .await
        .expect("the lifecycle runs");
    assert_eq!(after.id.as_ref().map(|id| id.as_str()), Some("1526"));
    for mock in mocks {
        mock.assert_calls_async(1).await;
    }
}
