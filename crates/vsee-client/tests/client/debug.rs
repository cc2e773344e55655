//! `Debug` shows shapes, never values: every sample payload of `tests/payloads/`, with a canary
//! planted in each string and number (and an unknown member with a canary name and value in
//! each object), decoded into its generated type, prints no canary with `{:?}`; with
//! `ShowValues` it prints every one (so the canaries really are in the decoded value).
//! A canary is kept only where the payload still decodes (a string where the spec has an enum
//! of strings is not one).

use serde_json::Value;
use vsee_client::typed_check::{debug_response, decode_response};
use vsee_client::{types, ShowValues};

use crate::fixtures::fixtures;

/// JSON pointers of every string and number of `value`, and of every object.
fn places(value: &Value, at: &str, leaves: &mut Vec<String>, objects: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            objects.push(at.to_owned());
            for (key, child) in members {
                let key = key.replace('~', "~0").replace('/', "~1");
                places(child, &format!("{at}/{key}"), leaves, objects);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                places(child, &format!("{at}/{i}"), leaves, objects);
            }
        }
        Value::String(_) | Value::Number(_) => leaves.push(at.to_owned()),
        Value::Null | Value::Bool(_) => {}
    }
}

/// A canary for the value at a place: digits stay digits (ids and unix times sent as strings),
/// numbers stay numbers.
fn canary(original: &Value, n: usize) -> (Value, String) {
    match original {
        Value::Number(_) => {
            let digits = 770_000_000_000_u64 + n as u64;
            (Value::from(digits), digits.to_string())
        }
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            let digits = (880_000_000_000_u64 + n as u64).to_string();
            (Value::String(digits.clone()), digits)
        }
        _ => {
            let text = format!("canary{n:05}q");
            (Value::String(text.clone()), text)
        }
    }
}

/// Plants every canary the payload's type can hold; returns the planted texts.
fn plant(operation: &str, status: u16, body: &mut Value) -> Vec<String> {
    let (mut leaves, mut objects) = (Vec::new(), Vec::new());
    places(body, "", &mut leaves, &mut objects);
    let decodes = |body: &Value| matches!(decode_response(operation, status, body), Some(Ok(())));
    let mut planted = Vec::new();
    for pointer in leaves {
        let slot = body.pointer_mut(&pointer).expect("the place exists");
        let (value, text) = canary(slot, planted.len());
        let original = std::mem::replace(slot, value);
        if decodes(body) {
            planted.push(text);
        } else {
            *body.pointer_mut(&pointer).expect("the place exists") = original;
        }
    }
    for pointer in objects {
        let n = planted.len();
        let (key, value) = (format!("canarykey{n:05}q"), format!("canary{n:05}v"));
        let object = body.pointer_mut(&pointer).and_then(Value::as_object_mut);
        object
            .expect("an object")
            .insert(key.clone(), Value::from(value.clone()));
        if decodes(body) {
            planted.extend([key, value]);
        } else {
            let object = body.pointer_mut(&pointer).and_then(Value::as_object_mut);
            object.expect("an object").remove(&key);
        }
    }
    planted
}

#[test]
fn debug_of_every_decoded_sample_shows_no_planted_value() {
    let mut checked = 0;
    for fixture in fixtures() {
        let (operation, status) = (fixture.operation_id.as_str(), fixture.status);
        let mut body = fixture.body.clone();
        let planted = plant(operation, status, &mut body);
        assert!(
            planted.len() >= 4,
            "{}: only {} canaries could be planted",
            fixture.name,
            planted.len()
        );
        let shown = debug_response(operation, status, &body, false)
            .expect("a typed body")
            .expect("the planted payload decodes");
        let leaked: Vec<&String> = planted
            .iter()
            .filter(|c| shown.contains(c.as_str()))
            .collect();
        assert!(
            leaked.is_empty(),
            "{}: Debug shows planted values {leaked:?}:\n{shown}",
            fixture.name
        );
        let values = debug_response(operation, status, &body, true)
            .expect("a typed body")
            .expect("the planted payload decodes");
        let missing: Vec<&String> = planted
            .iter()
            .filter(|c| !values.contains(c.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: ShowValues lacks planted values {missing:?}:\n{values}",
            fixture.name
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures");
}

/// The shape of a visit, as the crate documents it.
#[test]
fn a_visit_shows_field_names_and_shapes() {
    let visit: types::Visit = serde_json::from_value(serde_json::json!({
        "id": "1525", "status": 30, "start": "1470669300", "completed_by": null,
        "member": {"dob": "2014-09-10", "first_name": "Jane"},
        "hosts": [], "custom_a": 1, "custom_b": "x"
    }))
    .expect("a visit");
    let shown = format!("{visit:?}");
    for part in [
        "id: Some(<id>)",
        "status: Some(<VisitStatus>)",
        "start: Some(<unix-time>)",
        "completed_by: Some(None)",
        "dob: Some(<str>)",
        "hosts: Some([])",
        "extra: {2 keys}",
    ] {
        assert!(shown.contains(part), "{part} not in {shown}");
    }
    assert!(
        !shown.contains("Jane") && !shown.contains("1525"),
        "{shown}"
    );
    let values = format!("{:?}", ShowValues(&visit));
    assert!(values.contains("first_name: Some(\"Jane\")"), "{values}");
    assert!(values.contains("status: Some(Completed)"), "{values}");
}

/// Request builders hold what will be sent: their `Debug` hides it too.
#[test]
fn builders_show_no_value_either() {
    let client = vsee_client::Client::with_credentials(
        vsee_client::Environment::Custom("http://127.0.0.1:9".into()),
        vsee_client::Credentials::new("secret-token", "vclinic"),
    )
    .unwrap();
    let body = types::IntakeCreate::builder()
        .reason_for_visit("canary-reason")
        .phone("canary-phone");
    let request = client
        .create_intake()
        .body_map(|b| b.reason_for_visit("canary-reason"));
    let lookup = client.get_visit().id("880000000001");
    for shown in [
        format!("{body:?}"),
        format!("{request:?}"),
        format!("{lookup:?}"),
    ] {
        assert!(
            !shown.contains("canary") && !shown.contains("880000000001"),
            "{shown}"
        );
        assert!(!shown.contains("secret-token"), "{shown}");
    }
    assert!(format!("{:?}", ShowValues(&body)).contains("canary-phone"));
}
