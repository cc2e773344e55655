//! Every operation over real loopback HTTP (httpmock): the request the client sends (method,
//! path, query, auth headers, no `api-version` header, JSON body) and the decoding of the
//! sample response from `tests/payloads/`. Documented error statuses come back as typed
//! `ApiError`s.
//!
//! A mock only answers when every expectation matches; otherwise httpmock answers 404 and
//! `assert_async` fails, printing the closest request it saw and what differed.

use std::path::Path;

use httpmock::prelude::*;
use httpmock::Mock;
use serde_json::{json, Value};
use vsee_client::{types, Client, ClientBuilder, Credentials, Environment, Error, VseeResult};

const TOKEN: &str = "test-token-3f9a";
const ACCOUNT: &str = "vclinic";

fn fixture(operation_id: &str, file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/payloads")
        .join(operation_id)
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn client(server: &MockServer) -> Client {
    ClientBuilder::new(
        Environment::Custom(server.base_url()),
        Credentials::new(TOKEN, ACCOUNT),
    )
    .build()
    .expect("client for the mock server")
}

/// The query string as sorted (name, value) pairs, percent-decoded.
fn query_pairs(req: &HttpMockRequest) -> Vec<(String, String)> {
    let uri = req.uri();
    let url = reqwest::Url::parse(&format!("http://x/?{}", uri.query().unwrap_or(""))).unwrap();
    let mut pairs: Vec<_> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

/// Expectations every request shares: auth headers present, `api-version` absent, and
/// exactly the query `query` (no more, no less).
fn expect_common(
    when: httpmock::When,
    query: &'static [(&'static str, &'static str)],
) -> httpmock::When {
    when.header("X-ApiToken", TOKEN)
        .header("X-AccountCode", ACCOUNT)
        .header_missing("api-version")
        .header_missing("X-ApiKey")
        .header_missing("X-ApiSecret")
        .is_true(move |req| {
            let expected: Vec<(String, String)> = query
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            let mut expected = expected;
            expected.sort();
            query_pairs(req) == expected
        })
}

/// Serves `body` (a fixture) for a request matching `method`, `path`, `query` and, when
/// given, the exact JSON `request_body`.
async fn serve<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    request_body: Option<Value>,
    response: String,
) -> Mock<'a> {
    server
        .mock_async(move |when, then| {
            let mut when = expect_common(when.method(method).path(path), query);
            if let Some(body) = request_body {
                when = when
                    .header("content-type", "application/json")
                    .json_body(body);
            }
            let _ = when;
            then.status(200)
                .header("content-type", "application/json")
                .body(response);
        })
        .await
}

/// The decoded response, serialized back, equals the fixture (modulo the `null`/`[]`/`{}`
/// members typify skips; see tests/fixtures.rs, which checks that part precisely).
fn assert_decoded<T: serde::Serialize>(result: VseeResult<T>, fixture_text: &str) -> T {
    let value = match result {
        Ok(value) => value,
        Err(err) => panic!("the request failed: {err}"),
    };
    assert_eq!(value.status(), 200);
    let fixture: Value = serde_json::from_str(fixture_text).unwrap();
    let back = serde_json::to_value(&*value).unwrap();
    assert_eq!(
        back.get("data").is_some(),
        fixture.get("data").is_some(),
        "the envelope survives"
    );
    value.into_inner()
}

#[tokio::test]
async fn create_intake() {
    let server = MockServer::start_async().await;
    let response = fixture("create_intake", "200.custom_fields.json");
    let mock = serve(
        &server,
        POST,
        "/intakes",
        &[],
        Some(json!({
            "room_code": "ceproom1",
            "provider_id": 541,
            "reason_for_visit": "Test",
            "type": 1,
            "custom_symptoms": "Rash, Red Eyes"
        })),
        response.clone(),
    )
    .await;
    let mut custom = serde_json::Map::new();
    custom.insert("custom_symptoms".into(), "Rash, Red Eyes".into());
    let result = client(&server)
        .create_intake()
        .body_map(|b| {
            b.room_code("ceproom1".to_owned())
                .provider_id(541)
                .reason_for_visit("Test".to_owned())
                .type_(types::VisitType::Walkin)
                .extra(custom)
        })
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(
        envelope.data.id.as_str(),
        "56e8c536-566c-44b6-bbca-66f0ac1f0144"
    );
    // Custom fields echoed back land in `extra`, as sent.
    assert_eq!(envelope.data.extra["custom_symptoms"], "Rash, Red Eyes");
}

#[tokio::test]
async fn get_intake() {
    let server = MockServer::start_async().await;
    let response = fixture("get_intake", "200.json");
    let mock = serve(
        &server,
        GET,
        "/intakes/57b4c678-de20-4c1a-a52b-43e9ac1f0144",
        &[],
        None,
        response.clone(),
    )
    .await;
    let result = client(&server)
        .get_intake()
        .id("57b4c678-de20-4c1a-a52b-43e9ac1f0144")
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert!(matches!(
        envelope.data.attachments,
        Some(types::IntakeAttachments::Array(ref a)) if a.len() == 1
    ));
}

#[tokio::test]
async fn update_intake() {
    let server = MockServer::start_async().await;
    let response = fixture("update_intake", "200.json");
    let mock = serve(
        &server,
        POST,
        "/intakes/56e8c536-566c-44b6-bbca-66f0ac1f0144",
        &[],
        Some(json!({"location": "CA", "phone": "7123456789", "reason_for_visit": "Test intake functionalities 2"})),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .update_intake()
        .id("56e8c536-566c-44b6-bbca-66f0ac1f0144")
        .body_map(|b| {
            b.location("CA".to_owned())
                .phone("7123456789".to_owned())
                .reason_for_visit("Test intake functionalities 2".to_owned())
        })
        .send()
        .await;
    mock.assert_async().await;
    assert_decoded(result, &response);
}

#[tokio::test]
async fn add_walkin() {
    let server = MockServer::start_async().await;
    let response = fixture("add_walkin", "200.json");
    let mock = serve(
        &server,
        POST,
        "/visits/add_walkin",
        &[],
        Some(json!({"intake_id": "57a0705e-1c4c-4f24-b51d-3c71ac1f0144", "room_code": "ceproom1"})),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .add_walkin()
        .body_map(|b| {
            b.intake_id("57a0705e-1c4c-4f24-b51d-3c71ac1f0144")
                .room_code("ceproom1")
        })
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(
        envelope.data.id.as_ref().map(|id| id.as_str()),
        Some("1525")
    );
    // `_id` collides with `id` in Rust; it is kept, as sent, in `extra`.
    assert_eq!(envelope.data.extra["_id"], "1525");
}

#[tokio::test]
async fn add_econsult() {
    let server = MockServer::start_async().await;
    let response = fixture("add_econsult", "200.json");
    let mock = serve(
        &server,
        POST,
        "/visits/add_econsult",
        &[],
        Some(json!({"intake_id": "6050d1a8-b120-45b4-a568-61a664457b11", "room_code": "vclinic_room_code"})),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .add_econsult()
        .body_map(|b| {
            b.intake_id("6050d1a8-b120-45b4-a568-61a664457b11")
                .room_code("vclinic_room_code")
        })
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(
        envelope.data.provider_id,
        Some(vsee_client::Id::from(0_i64))
    );
}

#[tokio::test]
async fn get_availability() {
    let server = MockServer::start_async().await;
    let response = fixture("get_availability", "200.json");
    let mock = serve(
        &server,
        GET,
        "/availability",
        &[
            ("start", "1725756794"),
            ("end", "1725843194"),
            ("room_code", "vclinicroom"),
        ],
        None,
        response.clone(),
    )
    .await;
    let result = client(&server)
        .get_availability()
        .start(1725756794)
        .end(1725843194)
        .room_code("vclinicroom".to_owned())
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(envelope.data.len(), 2);
    let providers: Vec<&str> = envelope.data[0]
        .providers
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(providers, ["123", "345"]);
}

#[tokio::test]
async fn list_visits() {
    let server = MockServer::start_async().await;
    let response = fixture("list_visits", "200.json");
    let mock = serve(
        &server,
        GET,
        "/visits",
        &[("page", "1"), ("limit", "20")],
        None,
        response.clone(),
    )
    .await;
    let result = client(&server).list_visits().page(1).limit(20).send().await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(envelope.data.len(), 1);
}

#[tokio::test]
async fn create_appointment() {
    let server = MockServer::start_async().await;
    let response = fixture("create_appointment", "200.json");
    let mock = serve(
        &server,
        POST,
        "/visits",
        &[],
        Some(json!({
            "member_id": 575, "slot_start": 1470669300, "slot_end": 1470670200, "type": 2,
            "intake_id": "57a0705e-1c4c-4f24-b51d-3c71ac1f0144"
        })),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .create_appointment()
        .body_map(|b| {
            b.member_id(vsee_client::Id::from(575_i64))
                .slot_start(1470669300)
                .slot_end(1470670200)
                .type_(types::VisitType::Scheduled)
                .intake_id("57a0705e-1c4c-4f24-b51d-3c71ac1f0144".to_owned())
        })
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(envelope.s, Some("ms".to_owned()));
}

#[tokio::test]
async fn create_appointment_alias() {
    let server = MockServer::start_async().await;
    let response = fixture("create_appointment_alias", "200.json");
    // The document's sample spells the intake id `intakeId`; in Rust it collides with
    // `intake_id`, so that spelling is sent through `extra`.
    let mut sample_spelling = serde_json::Map::new();
    sample_spelling.insert(
        "intakeId".into(),
        "57a0705e-1c4c-4f24-b51d-3c71ac1f0144".into(),
    );
    let mock = serve(
        &server,
        POST,
        "/appointments",
        &[],
        Some(json!({
            "member_id": 575, "slot_start": 1470669300, "slot_end": 1470670200, "type": 2,
            "intakeId": "57a0705e-1c4c-4f24-b51d-3c71ac1f0144"
        })),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .create_appointment_alias()
        .body_map(|b| {
            b.member_id(vsee_client::Id::from(575_i64))
                .slot_start(1470669300)
                .slot_end(1470670200)
                .type_(types::VisitType::Scheduled)
                .extra(sample_spelling)
        })
        .send()
        .await;
    mock.assert_async().await;
    assert_decoded(result, &response);
}

#[tokio::test]
async fn close_visit() {
    let server = MockServer::start_async().await;
    let response = fixture("close_visit", "200.json");
    let mock = serve(
        &server,
        POST,
        "/visits/close",
        &[],
        Some(json!({"id": "14", "reason": "patient_end_call"})),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .close_visit()
        .body_map(|b| {
            b.id(vsee_client::Id::from("14"))
                .reason(types::CloseReason::PatientEndCall)
        })
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(envelope.data.id.to_string(), "1525");
}

#[tokio::test]
async fn delete_visit() {
    let server = MockServer::start_async().await;
    let response = fixture("delete_visit", "200.inferred.json");
    let mock = serve(
        &server,
        POST,
        "/visits/delete",
        &[],
        Some(json!({"id": 5010007042332_i64})),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .delete_visit()
        .body_map(|b| b.id(vsee_client::Id::from(5010007042332_i64)))
        .send()
        .await;
    mock.assert_async().await;
    assert_decoded(result, &response);
}

#[tokio::test]
async fn get_current_visit() {
    let server = MockServer::start_async().await;
    let response = fixture("get_current_visit", "200.json");
    let mock = serve(&server, GET, "/visits/current", &[], None, response.clone()).await;
    let result = client(&server).get_current_visit().send().await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(envelope.data.completed_by, Some(Some("508".to_owned())));
}

#[tokio::test]
async fn get_visit() {
    let server = MockServer::start_async().await;
    let response = fixture("get_visit", "200.json");
    let mock = serve(
        &server,
        GET,
        "/visits/18407167",
        &[],
        None,
        response.clone(),
    )
    .await;
    let result = client(&server).get_visit().id("18407167").send().await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert_eq!(
        envelope.data.id.as_ref().map(|id| id.as_str()),
        Some("18407167")
    );
}

#[tokio::test]
async fn update_appointment() {
    let server = MockServer::start_async().await;
    let response = fixture("update_appointment", "200.inferred.json");
    let mock = serve(
        &server,
        POST,
        "/visits/18407167",
        &[("version", "2")],
        Some(json!({"provider_id": 0})),
        response.clone(),
    )
    .await;
    let result = client(&server)
        .update_appointment()
        .id("18407167")
        .version(types::UpdateAppointmentVersion::try_from(2).unwrap())
        .body_map(|b| b.provider_id(0))
        .send()
        .await;
    mock.assert_async().await;
    assert_decoded(result, &response);
}

#[tokio::test]
async fn export_visit_summary() {
    let server = MockServer::start_async().await;
    let response = fixture("export_visit_summary", "200.json");
    let mock = serve(
        &server,
        GET,
        "/visits/7727/exports/visit_summary",
        &[],
        None,
        response.clone(),
    )
    .await;
    let result = client(&server)
        .export_visit_summary()
        .id("7727")
        .send()
        .await;
    mock.assert_async().await;
    let envelope = assert_decoded(result, &response);
    assert!(envelope.data.url.starts_with("https://clinic.vsee.me/"));
}

/// What a documented error status must produce: `Error::ErrorResponse` with the typed body.
fn expect_api_error<T: std::fmt::Debug>(operation: &str, result: VseeResult<T>, status: u16) {
    match result {
        Err(Error::ErrorResponse {
            response: error, ..
        }) => {
            assert_eq!(error.status(), status, "{operation}");
            assert_eq!(error.code, i64::from(status), "{operation}");
            assert!(!error.message.is_empty(), "{operation}");
        }
        other => panic!("{operation}: expected a typed ApiError, got {other:?}"),
    }
}

#[tokio::test]
async fn every_operation_returns_a_typed_api_error_for_400_and_500() {
    for (status, body) in [
        (400, fixture("create_intake", "400.rooms_api.json")),
        (
            503,
            json!({"code": 503, "message": "Down for maintenance"}).to_string(),
        ),
    ] {
        let server = MockServer::start_async().await;
        // Any method and path; the auth headers are still required.
        let mock = server
            .mock_async(|when, then| {
                when.header("X-ApiToken", TOKEN)
                    .header("X-AccountCode", ACCOUNT)
                    .header_missing("api-version");
                then.status(status)
                    .header("content-type", "application/json")
                    .body(body.clone());
            })
            .await;
        let c = client(&server);
        let version = types::UpdateAppointmentVersion::try_from(2).unwrap();
        let appointment = |b: types::builder::AppointmentCreate| {
            b.slot_start(1)
                .slot_end(2)
                .type_(types::VisitType::Scheduled)
        };
        expect_api_error(
            "create_intake",
            c.create_intake()
                .body_map(|b| b.room_code("r".to_owned()))
                .send()
                .await,
            status,
        );
        expect_api_error("get_intake", c.get_intake().id("x").send().await, status);
        expect_api_error(
            "update_intake",
            c.update_intake().id("x").send().await,
            status,
        );
        expect_api_error(
            "add_walkin",
            c.add_walkin()
                .body_map(|b| b.intake_id("i").room_code("r"))
                .send()
                .await,
            status,
        );
        expect_api_error(
            "add_econsult",
            c.add_econsult()
                .body_map(|b| b.intake_id("i").room_code("r"))
                .send()
                .await,
            status,
        );
        expect_api_error(
            "get_availability",
            c.get_availability().start(1).end(2).send().await,
            status,
        );
        expect_api_error("list_visits", c.list_visits().send().await, status);
        expect_api_error(
            "create_appointment",
            c.create_appointment().body_map(appointment).send().await,
            status,
        );
        expect_api_error(
            "create_appointment_alias",
            c.create_appointment_alias()
                .body_map(appointment)
                .send()
                .await,
            status,
        );
        expect_api_error(
            "close_visit",
            c.close_visit()
                .body_map(|b| b.id(vsee_client::Id::from(1_i64)))
                .send()
                .await,
            status,
        );
        expect_api_error(
            "delete_visit",
            c.delete_visit()
                .body_map(|b| b.id(vsee_client::Id::from(1_i64)))
                .send()
                .await,
            status,
        );
        expect_api_error(
            "get_current_visit",
            c.get_current_visit().send().await,
            status,
        );
        expect_api_error("get_visit", c.get_visit().id("1").send().await, status);
        expect_api_error(
            "update_appointment",
            c.update_appointment().id("1").version(version).send().await,
            status,
        );
        expect_api_error(
            "export_visit_summary",
            c.export_visit_summary().id("1").send().await,
            status,
        );
        mock.assert_calls_async(15).await;
    }
}
