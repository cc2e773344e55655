//! Strict judge, lenient reader: what VSee may send tomorrow (a status or type the spec does not
//! list, a new field at any level, `30.0` or `3e1` for `30`, integers beyond `i64`) decodes,
//! and every drifted fixture is written back exactly as it came. The spec still calls all of
//! it drift (tests/payloads.rs and the contract validator judge by the schema, not the client).

use httpmock::prelude::*;
use serde_json::{json, Number, Value};
use vsee_client::{types, Client, ClientBuilder, Credentials, Environment};

use crate::fixtures::{differences, fixtures};

/// Keys whose numeric values are codes (statuses, types, subtypes) in the samples.
const CODED_KEYS: [&str; 3] = ["status", "type", "subtype"];

fn is_code(value: &Value) -> bool {
    value.is_number()
        || value
            .as_str()
            .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Applies `f` to every value under a coded key, at any depth.
fn each_code(value: &mut Value, f: &dyn Fn(&Value) -> Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if CODED_KEYS.contains(&key.as_str()) && is_code(child) {
                    *child = f(child);
                } else {
                    each_code(child, f);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_code(v, f)),
        _ => {}
    }
}

/// Applies `f` to every integer JSON number, at any depth.
fn each_integer(value: &mut Value, f: &dyn Fn(&Number) -> Value) {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => *value = f(n),
        Value::Object(map) => map.values_mut().for_each(|v| each_integer(v, f)),
        Value::Array(items) => items.iter_mut().for_each(|v| each_integer(v, f)),
        _ => {}
    }
}

/// Adds a field the spec does not know to every object, at every level.
/// Objects that are dictionaries, not records: a new key there must have the values' type
/// (`meeting.phone_numbers` maps a country to a list of numbers).
const DICTIONARIES: [&str; 1] = ["phone_numbers"];

fn add_fields(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if !DICTIONARIES.contains(&key.as_str()) {
                    add_fields(child);
                }
            }
            map.insert(
                "drift_new_field".into(),
                json!({"nested": [1, "two", null], "flag": true}),
            );
        }
        Value::Array(items) => items.iter_mut().for_each(add_fields),
        _ => {}
    }
}

type Drift = (&'static str, fn(&mut Value));

/// Every held-out kind of drift, applied to a whole payload.
const DRIFTS: [Drift; 7] = [
    // A new code keeps the form the field uses (the switch between `30` and `"30"` is
    // checked over loopback below).
    ("new code (50 or \"50\")", |v| {
        each_code(v, &|c| {
            if c.is_number() {
                json!(50)
            } else {
                json!("50")
            }
        })
    }),
    ("new code beyond i64", |v| {
        each_code(v, &|c| {
            if c.is_number() {
                json!(u64::MAX)
            } else {
                json!("18446744073709551615")
            }
        })
    }),
    ("codes as whole floats (30.0)", |v| {
        each_code(v, &|c| match c.as_f64() {
            Some(n) => Value::Number(Number::from_f64(n).unwrap()),
            None => c.clone(),
        })
    }),
    ("codes in exponent form (3e1)", |v| {
        // What a JSON parser makes of `3e1`: the float 30.0.
        each_code(v, &|c| {
            if c.is_number() {
                serde_json::from_str("3e1").unwrap()
            } else {
                c.clone()
            }
        })
    }),
    ("every integer as a whole float", |v| {
        each_integer(v, &|n| {
            Value::Number(Number::from_f64(n.as_f64().unwrap()).unwrap())
        })
    }),
    ("every integer beyond i64", |v| {
        each_integer(v, &|_| json!(u64::MAX))
    }),
    ("a new field in every object", add_fields),
];

#[test]
fn every_drifted_fixture_decodes_and_round_trips_exactly() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for fixture in fixtures().iter().filter(|f| f.status == 200) {
        for (drift, apply) in DRIFTS {
            let mut body = fixture.body.clone();
            apply(&mut body);
            if body == fixture.body {
                continue; // nothing of this kind in this fixture
            }
            checked += 1;
            let output = match vsee_client::typed_check::reencode_response(
                &fixture.operation_id,
                fixture.status,
                &body,
            ) {
                Some(Ok(output)) => output,
                Some(Err(message)) => {
                    failures.push(format!(
                        "{} ({drift}): does not decode: {message}",
                        fixture.name
                    ));
                    continue;
                }
                None => panic!("{}: no typed body", fixture.name),
            };
            let mut diffs = Vec::new();
            differences(&body, &output, "", &mut diffs);
            if diffs.is_empty() && output != body {
                diffs.push("differs (exact comparison)".into());
            }
            failures.extend(
                diffs
                    .into_iter()
                    .map(|d| format!("{} ({drift}): {d}", fixture.name)),
            );
        }
    }
    assert!(
        checked >= 50,
        "only {checked} drifted payloads were checked"
    );
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_spec_still_reports_an_unlisted_status() {
    let spec = vsee_spec::embedded().expect("the embedded spec loads");
    let schemas = vsee_spec::SchemaSet::build(&spec, vsee_spec::PUBLISHED_SCHEMA_BASE_URI)
        .expect("the spec converts");
    let file = schemas.component_file("VisitStatus").expect("VisitStatus");
    let status = schemas.validator_for(file).expect("VisitStatus compiles");
    for value in [json!(50), json!("50"), json!(30.5)] {
        assert!(
            !status.is_valid(&value),
            "the spec must judge {value} a drift"
        );
    }
    assert!(status.is_valid(&json!("30")) && status.is_valid(&json!(30)));
}

fn client(server: &MockServer) -> Client {
    ClientBuilder::new(
        Environment::Custom(server.base_url()),
        Credentials::new("test-token", "vclinic"),
    )
    .build()
    .expect("client for the mock server")
}

/// `get_visit`'s sample with `status` and `start` replaced by the raw JSON texts given.
fn visit_body(status: &str, start: &str) -> String {
    let mut body: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/payloads/get_visit/200.json"),
        )
        .unwrap(),
    )
    .unwrap();
    body["data"]["status"] = json!("STATUS");
    body["data"]["start"] = json!("START");
    body.to_string()
        .replace("\"STATUS\"", status)
        .replace("\"START\"", start)
}

async fn get_visit(status: &str, start: &str) -> types::Visit {
    let server = MockServer::start_async().await;
    let body = visit_body(status, start);
    server
        .mock_async(|when, then| {
            when.method(GET).path("/visits/7");
            then.status(200)
                .header("content-type", "application/json")
                .body(body.clone());
        })
        .await;
    let response = client(&server).get_visit().id("7").send().await;
    let visit = response.expect("a drifted visit decodes").into_inner().data;
    // What was read is what is written back.
    let written = serde_json::to_value(&visit).unwrap();
    let sent: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(written, sent["data"], "status {status}, start {start}");
    visit
}

#[tokio::test]
async fn named_codes_and_unknown_ones_over_loopback() {
    for status in ["30", "\"30\"", "30.0", "3e1"] {
        let visit = get_visit(status, "1631628616").await;
        assert!(
            matches!(visit.status.as_deref(), Some(types::VisitStatus::Completed)),
            "{status}: {:?}",
            visit.status
        );
        assert!(visit.status.as_deref() == Some(&types::VisitStatus::Completed));
    }
    for status in ["50", "\"50\"", "18446744073709551615", "30.5"] {
        let visit = get_visit(status, "\"1470669300\"").await;
        assert!(
            matches!(
                visit.status.as_deref(),
                Some(types::VisitStatus::Unknown(_))
            ),
            "{status}: {:?}",
            visit.status
        );
    }
    let raw = get_visit("\"50\"", "1").await.status.unwrap();
    assert_eq!(raw.raw().as_str(), "50");
    assert!(!raw.raw().is_number());
}

#[tokio::test]
async fn timestamps_give_their_seconds_as_numbers_or_strings() {
    let visit = get_visit("30", "1631628616").await;
    assert_eq!(visit.start.as_ref().map(|t| t.seconds()), Some(1631628616));
    let visit = get_visit("30", "\"1470669300\"").await;
    assert_eq!(visit.start.as_ref().map(|t| t.seconds()), Some(1470669300));
    assert_eq!(visit.start.as_ref().map(|t| t.as_str()), Some("1470669300"));
    let visit = get_visit("30", "1631628616.0").await;
    assert_eq!(visit.start.as_ref().map(|t| t.seconds()), Some(1631628616));
    let visit = get_visit("30", "18446744073709551615").await;
    let start = visit.start.unwrap();
    assert_eq!(start.checked_seconds(), None);
    assert_eq!(start.seconds(), i64::MAX);
}

#[tokio::test]
async fn a_request_sends_the_named_code_as_its_number() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/intakes")
                .json_body(json!({"room_code": "ceproom1", "type": 1}));
            then.status(200)
                .header("content-type", "application/json")
                .body(
                    std::fs::read_to_string(
                        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("../../tests/payloads/create_intake/200.json"),
                    )
                    .unwrap(),
                );
        })
        .await;
    let result = client(&server)
        .create_intake()
        .body_map(|b| {
            b.room_code("ceproom1".to_string())
                .type_(types::VisitType::Walkin)
        })
        .send()
        .await;
    mock.assert_async().await;
    result.expect("create_intake decodes");
}

#[tokio::test]
async fn string_setters_take_anything_into_string() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/intakes").json_body(json!({
                "room_code": "ceproom1",
                "type": 1,
                "reason_for_visit": "Rash",
                "location": "CA",
                "phone": "555-0100",
            }));
            then.status(200)
                .header("content-type", "application/json")
                .body(
                    std::fs::read_to_string(
                        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("../../tests/payloads/create_intake/200.json"),
                    )
                    .unwrap(),
                );
        })
        .await;
    let location = String::from("CA");
    let result = client(&server)
        .create_intake()
        .body_map(|b| {
            // `&str`, `&String`, `Cow<str>`, an `Option` of one; `None` leaves a field absent.
            b.room_code("ceproom1")
                .type_(types::VisitType::Walkin)
                .reason_for_visit("Rash")
                .location(&location)
                .phone(Some(std::borrow::Cow::Borrowed("555-0100")))
                .provider(None::<&str>)
        })
        .send()
        .await;
    mock.assert_async().await;
    result.expect("create_intake decodes");
}
