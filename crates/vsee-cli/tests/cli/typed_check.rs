//! The typed check of `validate` (on unless `--no-typed-check`): a body the schema accepts
//! must also decode into the generated client's type, and the client is lenient where the
//! schema is, so the typed check adds nothing where the client reads what the schema allows.

use serde_json::{json, Value};

use crate::common::{payload, run_in};

/// `validate` of one `get_intake` 200 exchange with `body`, as a JSON report.
fn validate_intake(body: &Value, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let record =
        json!({"method": "GET", "url": "/intakes/1", "response": {"status": 200, "body": body}});
    std::fs::write(dir.path().join("one.ndjson"), format!("{record}\n")).unwrap();
    let mut args = vec!["validate", "one.ndjson", "--format", "json"];
    args.extend_from_slice(extra);
    run_in(dir.path(), &args).json()
}

fn places(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["instance_path"].as_str().unwrap().to_owned(),
                f["keyword"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn typed_check_follows_the_lenient_client() {
    // A whole number written with a fraction is an integer to JSON Schema and to the client
    // (`vsee_client::UnixTime`); an unlisted type is drift for the schema, and the client reads
    // it as `Unknown`: only the schema's finding is reported.
    let mut body = payload("get_intake", "200");
    body["data"]["created"] = json!(1_471_465_080.0);
    body["data"]["type"] = json!("50");
    let report = validate_intake(&body, &[]);
    assert_eq!(
        places(&report),
        [("/data/type".to_owned(), "oneOf".to_owned())]
    );
    body["data"]["type"] = json!("1");
    assert_eq!(places(&validate_intake(&body, &["--show-values"])), []);
}
