//! Nothing lost: every sample response in `tests/payloads/<operation_id>/<status>[.<variant>].json`
//! decodes into the generated type the client uses for that operation and status (the 2xx type
//! for 2xx fixtures, `ApiError` for 4xx ones) and serializes back to the same JSON.
//!
//! Exactly the same JSON: a present `null`, `[]` or `{}` is written back too (non-required
//! nullable fields are `Option<Option<T>>`, non-required arrays and maps `Option<Vec<T>>`, see
//! `crates/vsee-codegen/src/rewrite.rs`), and so are custom intake fields, unknown fields kept in `extra` and numbers as they were written.
//! Object member order is not compared (JSON objects are unordered).

use std::path::{Path, PathBuf};

use serde_json::Value;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Fixture {
    /// Path relative to the workspace root, for messages.
    name: String,
    operation_id: String,
    status: u16,
    body: Value,
}

fn fixtures() -> Vec<Fixture> {
    let dir = workspace_root().join("tests/payloads");
    let mut out = Vec::new();
    let mut operations: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    operations.sort();
    for op_dir in operations {
        let operation_id = op_dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&op_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
            let name = format!("tests/payloads/{operation_id}/{file_name}");
            let status = file_name
                .split('.')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("{name}: the file name must start with a status code"));
            let text = std::fs::read_to_string(&file).unwrap();
            let body =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
            out.push(Fixture {
                name,
                operation_id: operation_id.clone(),
                status,
                body,
            });
        }
    }
    out
}

/// Differences between `input` and its round trip `output`, as JSON pointers with what
/// differs: nothing may differ (members missing from either side included).
fn differences(input: &Value, output: &Value, at: &str, out: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let child = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(other) => differences(value, other, &child, out),
                    None => out.push(format!("{child}: lost (input has {value})")),
                }
            }
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{at}/{key}: added by the round trip ({})", b[key]));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{at}/{i}"), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{at}: input {a}, round trip {b}")),
    }
}

#[test]
fn every_fixture_round_trips_through_its_generated_type() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 15,
        "expected a fixture for each of the 15 operations under tests/payloads/, found {}",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let reencoded = vsee_client::typed_check::reencode_response(
            &fixture.operation_id,
            fixture.status,
            &fixture.body,
        );
        let output = match reencoded {
            None => {
                failures.push(format!(
                    "{}: the client has no typed body for {} status {}",
                    fixture.name, fixture.operation_id, fixture.status
                ));
                continue;
            }
            Some(Err(message)) => {
                failures.push(format!(
                    "{}: does not decode: {message}: {}",
                    fixture.name,
                    message.error()
                ));
                continue;
            }
            Some(Ok(output)) => output,
        };
        let mut diffs = Vec::new();
        differences(&fixture.body, &output, "", &mut diffs);
        if diffs.is_empty() && output != fixture.body {
            diffs.push("differs from the input (exact comparison)".to_owned());
        }
        for diff in diffs {
            failures.push(format!("{}: {diff}", fixture.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The table the round trip used (read off the generated client) agrees with the spec: the
/// type for each fixture is the component its response `$ref`s. Guards against the table and
/// the test agreeing on a wrong type.
#[test]
fn typed_check_table_matches_the_spec_responses() {
    let spec = vsee_spec::load_file(&workspace_root().join("spec/vsee.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for operation in spec.operations() {
        for status_key in &operation.responses {
            let status: u16 = match status_key.as_str() {
                "4XX" => 400,
                "5XX" => 500,
                exact => exact.parse().expect("statuses are numbers or ranges"),
            };
            let pointer = format!(
                "{}/responses/{}",
                operation.pointer,
                status_key.replace('~', "~0").replace('/', "~1")
            );
            let mut response = spec.document().pointer(&pointer).expect("response exists");
            // Responses here are `$ref`s to components/responses (one level).
            if let Some(target) = response.get("$ref").and_then(Value::as_str) {
                response = spec
                    .document()
                    .pointer(target.trim_start_matches('#'))
                    .unwrap_or_else(|| panic!("{pointer}: dangling $ref {target}"));
            }
            let reference = response
                .pointer("/content/application~1json/schema/$ref")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{pointer}: expected a JSON schema $ref"));
            let component = reference.rsplit('/').next().unwrap();
            assert_eq!(
                vsee_client::typed_check::response_type(&operation.id, status),
                Some(component),
                "{} {status_key}",
                operation.id
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 45, "15 operations x (200, 4XX, 5XX)");
    assert_eq!(
        vsee_client::typed_check::response_type("get_visit", 302),
        None
    );
    assert_eq!(
        vsee_client::typed_check::response_type("no_such_op", 200),
        None
    );
}

#[test]
fn typed_check_accepts_a_fixture_and_rejects_a_mutation_without_quoting_it() {
    let path = workspace_root().join("tests/payloads/get_visit/200.json");
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(matches!(
        vsee_client::typed_check::decode_response("get_visit", 200, &body),
        Some(Ok(()))
    ));

    // A patient's phone number where the spec wants an integer gender.
    body["data"]["member"]["gender"] = Value::from("555-0100 Jane Doe");
    let err = vsee_client::typed_check::decode_response("get_visit", 200, &body)
        .expect("get_visit 200 has a typed body")
        .expect_err("a string gender must not decode");
    assert_eq!(err.pointer(), "/data/member/gender");
    assert!(
        err.error().to_string().starts_with("invalid type: string"),
        "{}",
        err.error()
    );
    // The client's own rendering of the error never quotes the value.
    assert!(!err.to_string().contains("Jane"), "{err}");
    assert!(!format!("{err:?}").contains("Jane"), "{err:?}");

    // An unknown enum value inside an untagged oneOf: still no value in the message.
    body["data"]["member"]["gender"] = Value::from(1);
    body["data"]["status"] = Value::from("99");
    let err = vsee_client::typed_check::decode_response("get_visit", 200, &body)
        .unwrap()
        .unwrap_err();
    assert_eq!(err.pointer(), "/data/status");
    assert!(!err.to_string().contains("99"), "{err}");

    // The error table: a 4xx body must be an ApiError.
    let api_error = serde_json::json!({"code": 400, "message": "bad"});
    assert!(matches!(
        vsee_client::typed_check::decode_response("create_intake", 404, &api_error),
        Some(Ok(()))
    ));
    assert!(matches!(
        vsee_client::typed_check::decode_response(
            "create_intake",
            404,
            &serde_json::json!({"code": "x"})
        ),
        Some(Err(_))
    ));
    assert!(vsee_client::typed_check::decode_response("create_intake", 302, &api_error).is_none());
}

#[test]
fn the_comparison_forgives_nothing() {
    let mut diffs = Vec::new();
    differences(
        &serde_json::json!({"a": null, "b": [], "c": {}, "d": 0, "e": "", "f": false, "g": [null], "h": 1}),
        &serde_json::json!({"g": [], "h": 1, "i": 2}),
        "",
        &mut diffs,
    );
    assert_eq!(
        diffs,
        [
            "/a: lost (input has null)",
            "/b: lost (input has [])",
            "/c: lost (input has {})",
            "/d: lost (input has 0)",
            "/e: lost (input has \"\")",
            "/f: lost (input has false)",
            "/g: input [null], round trip []",
            "/i: added by the round trip (2)",
        ]
    );
    diffs.clear();
    differences(
        &serde_json::json!({"a": null, "b": [], "c": {"x": [1.5, 0]}}),
        &serde_json::json!({"c": {"x": [1.5, 0]}, "b": [], "a": null}),
        "",
        &mut diffs,
    );
    assert!(diffs.is_empty(), "{diffs:?}");
}
