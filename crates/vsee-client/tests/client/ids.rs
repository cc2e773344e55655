//! Every id parameter takes an id in any form (`Id`, `&Id`, `&str`, `String`, `&String`, an
//! integer) and sends the same id; a refused one says which rule it broke, without the value.

use httpmock::prelude::*;
use serde_json::json;
use vsee_client::{types, Client, Credentials, Environment, Error, Id};

fn client(server: &MockServer) -> Client {
    Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap()
}

#[tokio::test]
async fn every_form_of_an_id_reaches_the_same_path_and_query() {
    let server = MockServer::start_async().await;
    let visit = server
        .mock_async(|when, then| {
            when.method(GET).path("/visits/7727");
            then.status(200).json_body(json!({"data": {"id": "7727"}}));
        })
        .await;
    let intake = server
        .mock_async(|when, then| {
            when.method(GET).path("/intakes/7727");
            then.status(200).json_body(json!({"data": {"id": "7727"}}));
        })
        .await;
    let availability = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/availability")
                .query_param("provider_id", "7727")
                .query_param("start", "1725756794");
            then.status(200).json_body(json!({"data": []}));
        })
        .await;
    let client = client(&server);
    let id = Id::from("7727");
    let text = String::from("7727");

    // A path parameter checked against the spec's pattern (`types::GetVisitId`).
    client.get_visit().id(id.clone()).send().await.unwrap();
    client.get_visit().id(&id).send().await.unwrap();
    client.get_visit().id("7727").send().await.unwrap();
    client.get_visit().id(text.clone()).send().await.unwrap();
    client.get_visit().id(&text).send().await.unwrap();
    client.get_visit().id(7727).send().await.unwrap();
    client.get_visit().id(7727_u64).send().await.unwrap();
    visit.assert_calls_async(7).await;

    // A path parameter without a pattern (an `Id` itself).
    client.get_intake().id(id.clone()).send().await.unwrap();
    client.get_intake().id(&id).send().await.unwrap();
    client.get_intake().id("7727").send().await.unwrap();
    client.get_intake().id(text.clone()).send().await.unwrap();
    client.get_intake().id(&text).send().await.unwrap();
    client.get_intake().id(7727).send().await.unwrap();
    intake.assert_calls_async(6).await;

    // Query parameters: an optional id and a unix time.
    let availability_with = |provider: Id| {
        client
            .get_availability()
            .start(1725756794)
            .end(1725843194)
            .provider_id(provider)
    };
    availability_with(Id::from(7727)).send().await.unwrap();
    client
        .get_availability()
        .start(1725756794)
        .end(1725843194)
        .provider_id(&id)
        .send()
        .await
        .unwrap();
    client
        .get_availability()
        .start(vsee_client::UnixTime::from(1725756794))
        .end(1725843194_u64)
        .provider_id("7727")
        .send()
        .await
        .unwrap();
    availability.assert_calls_async(3).await;
}

/// Ids go into bodies the same way, required or optional, and are sent as they came: a string
/// as a string, a number as a number.
#[tokio::test]
async fn ids_in_bodies_are_sent_as_they_came() {
    let server = MockServer::start_async().await;
    let walkin = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/visits/add_walkin")
                .json_body(json!({"intake_id": "abc", "room_code": "r", "member_id": 508, "appointment_id": "9"}));
            then.status(200).json_body(json!({"data": {"id": "1"}}));
        })
        .await;
    let intake_id = Id::from("abc");
    let member_id = Id::from(508);
    let client = client(&server);
    client
        .add_walkin()
        .body_map(|b| {
            b.intake_id(&intake_id)
                .room_code("r")
                .member_id(&member_id)
                .appointment_id("9")
        })
        .send()
        .await
        .unwrap();
    walkin.assert_calls_async(1).await;
}

/// A value the spec's rule refuses is an `InvalidRequest` that names the parameter, the rule
/// and the type, never the value, and nothing is sent.
#[tokio::test]
async fn a_refused_value_names_the_rule_not_the_value() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    let cases = [
        (
            client.get_visit().id("abc-secret").send().await.map(drop),
            "get_visit: invalid request, nothing sent: invalid `id` (`GetVisitId`): it must match \
             the pattern `^[0-9]+$`",
        ),
        (
            client.list_visits().limit(0_u64).send().await.map(drop),
            "list_visits: invalid request, nothing sent: invalid `limit` (`NonZeroU64`): it must \
             be at least 1 (`minimum: 1`)",
        ),
        (
            client
                .update_appointment()
                .id(1)
                .version(3_i64)
                .send()
                .await
                .map(drop),
            "update_appointment: invalid request, nothing sent: invalid `version` \
             (`UpdateAppointmentVersion`): it must be one of 2 (`enum`)",
        ),
        (
            client.get_visit().send().await.map(drop),
            "get_visit: invalid request, nothing sent: `id` is required: set it with `.id(..)`",
        ),
        (
            client
                .add_walkin()
                .body_map(|b| b.room_code("r"))
                .send()
                .await
                .map(drop),
            "add_walkin: invalid request, nothing sent: `WalkinCreate.intake_id` is required: set \
             it with `.intake_id(..)`",
        ),
    ];
    for (result, expected) in cases {
        let error = result.expect_err(expected);
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
        assert_eq!(error.to_string(), expected);
        assert!(!error.to_string().contains("secret"));
    }
    any.assert_calls_async(0).await;
    // The rule is in the setter's type too: `types::GetVisitId` refuses the same value.
    assert!(types::GetVisitId::try_from("abc").is_err());
}
