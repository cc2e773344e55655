//! Reports never carry recorded values without `--show-values`: not the patient data planted in
//! failing fields, query strings, paths and bodies of the broken set, and never the token from
//! its request headers, in any format.

mod common;

use common::{run, BROKEN, PATIENT, TOKEN};

const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];

/// Pieces of the planted values, each of which must be absent.
fn secrets() -> Vec<&'static str> {
    vec![
        TOKEN,
        PATIENT,
        "Jane",
        "1980-02-03",
        "Q. Patient",
        "Q.+Patient",
        "Q.%20Patient",
        "Gateway error",
        "6505550123",
        "9223372036854775808",
        "bored",
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(secret), "{what} leaks `{secret}`:\n{text}");
    }
}

#[test]
fn no_format_shows_recorded_values_by_default() {
    let bare = format!("{BROKEN}/bad_intake.json");
    for format in FORMATS {
        let out = run(&["validate", BROKEN, "--format", format, "--progress"]);
        assert_eq!(out.code, 1);
        assert_clean(&format!("{format} stdout"), &out.stdout);
        assert_clean(&format!("{format} stderr"), &out.stderr);
        let out = run(&[
            "validate",
            "--operation",
            "get_intake",
            "--status",
            "200",
            &bare,
            "--format",
            format,
        ]);
        assert_eq!(out.code, 1);
        assert_clean(&format!("{format} (bare payload)"), &out.stdout);
    }
}

#[test]
fn show_values_shows_values_but_never_the_token() {
    let out = run(&["validate", BROKEN, "--show-values"]);
    assert_eq!(out.code, 1);
    // The planted value is reachable: the default-run test above could fail.
    assert!(out.stdout.contains(PATIENT), "{}", out.stdout);
    assert!(out.stdout.contains("\"bored\""), "{}", out.stdout);
    assert!(
        !out.stdout.contains(TOKEN),
        "tokens never appear:\n{}",
        out.stdout
    );
    let json = run(&["validate", BROKEN, "--show-values", "--format", "json"]).json();
    assert_eq!(json["summary"]["values_shown"], true);
    let with_value = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["instance_path"] == "/data/member_id")
        .unwrap();
    assert_eq!(with_value["value"], format!("\"{PATIENT}\""));
    for format in FORMATS {
        let out = run(&["validate", BROKEN, "--show-values", "--format", format]);
        assert!(!out.stdout.contains(TOKEN), "{format} shows the token");
    }
}

#[test]
fn unknown_paths_are_redacted_to_spec_literals() {
    let json = run(&["validate", BROKEN, "--format", "json"]).json();
    let route = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["keyword"] == "unknown-path")
        .unwrap();
    assert_eq!(route["path"], "/vc/next/api_v3/*/*/*");
}

#[test]
fn debug_output_shows_structure_but_no_recorded_value() {
    use vsee_contract::exchange::{parse_record, record_to_exchange};
    use vsee_contract::har::{parse_entry, EntryScanner, HarEntry};

    let url = format!(
        "https://api.vsee.me/api_v3/intakes/Jane%20Q.%20Patient?name={}&token={TOKEN}",
        PATIENT.replace(' ', "+")
    );
    let record = serde_json::json!({
        "method": "POST",
        "url": url,
        "request": {
            "headers": {"X-ApiToken": TOKEN, "Content-Type": "application/json"},
            "media_type": "application/json",
            "body": {"first_name": PATIENT, "token": TOKEN}
        },
        "response": {"status": 200, "headers": {"X-Echo": TOKEN}, "body_text": PATIENT, "body_base64": "SmFuZQ=="}
    });
    let parsed: vsee_contract::ExchangeRecord = serde_json::from_value(record.clone()).unwrap();
    let exchange = record_to_exchange(parsed.clone());
    let entry = serde_json::json!({
        "request": {"method": "POST", "url": url,
            "headers": [{"name": "X-ApiToken", "value": TOKEN}],
            "postData": {"mimeType": "multipart/form-data", "params": [
                {"name": "first_name", "value": PATIENT},
                {"name": "scan", "fileName": format!("{PATIENT}.png"), "contentType": "image/png"}
            ]}},
        "response": {"status": "Jane", "content": {"mimeType": "application/json", "text": PATIENT}}
    });
    let har_entry: HarEntry = serde_json::from_value(serde_json::json!({
        "request": entry["request"],
        "response": {"status": 200, "headers": [{"name": "Set-Cookie", "value": TOKEN}],
                     "content": {"mimeType": "application/json", "text": PATIENT}}
    }))
    .unwrap();
    let entry_error = parse_entry(entry.to_string().as_bytes()).unwrap_err();
    let record_error = parse_record(
        serde_json::json!({"method": 5, "url": PATIENT, "x": TOKEN})
            .to_string()
            .as_bytes(),
    )
    .unwrap_err();
    let har_text = serde_json::json!({"log": {"entries": [entry]}}).to_string();
    let raw = EntryScanner::new(har_text.as_bytes())
        .next_entry()
        .unwrap()
        .unwrap();
    let form_entry = {
        let mut e = entry.clone();
        e["response"]["status"] = serde_json::json!(200);
        parse_entry(e.to_string().as_bytes()).unwrap()
    };

    let shown = [
        ("ExchangeRecord", format!("{parsed:?}")),
        ("ExchangeRecord (pretty)", format!("{parsed:#?}")),
        ("Exchange", format!("{exchange:?}")),
        ("Exchange from HAR", format!("{form_entry:?}")),
        ("HarEntry", format!("{har_entry:?}")),
        ("EntryError", format!("{entry_error:?}")),
        ("RecordError", format!("{record_error:?}")),
        ("RawEntry", format!("{raw:?}")),
    ];
    for (what, text) in &shown {
        assert_clean(&format!("Debug of {what}"), text);
        assert!(!text.contains("tok_"), "Debug of {what}: {text}");
    }
    // The structure is still there.
    let record_debug = &shown[0].1;
    for part in [
        "POST",
        "https://…/api_v3/intakes/*?name=…&token=…",
        "X-ApiToken",
        "application/json",
        "<json object, 2 members>",
        "status: 200",
        "<26 bytes>",
    ] {
        assert!(
            record_debug.contains(part),
            "missing `{part}`: {record_debug}"
        );
    }
    assert!(shown[3].1.contains("first_name"), "{}", shown[3].1);
    assert!(shown[4].1.contains("Set-Cookie"), "{}", shown[4].1);
    assert!(shown[7].1.contains("bytes"), "{}", shown[7].1);
}
