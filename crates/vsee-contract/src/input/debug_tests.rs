//! `Debug` of every type that holds recorded traffic shows structure only, never a value.

use super::har::{parse_entry, HarEntry};
use super::har_framing::EntryScanner;
use super::ndjson::{parse_record, record_to_exchange};
use super::record::ExchangeRecord;

const TOKEN: &str = "tok_SECRET_7f3a9c";
const PATIENT: &str = "Jane Q. Patient 1980-02-03";

fn assert_clean(what: &str, text: &str) {
    for secret in [
        TOKEN,
        PATIENT,
        "Jane",
        "1980-02-03",
        "Q. Patient",
        "Q.+Patient",
        "Q.%20Patient",
    ] {
        assert!(!text.contains(secret), "{what} leaks `{secret}`:\n{text}");
    }
}

#[test]
fn debug_output_shows_structure_but_no_recorded_value() {
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
    let parsed: ExchangeRecord = serde_json::from_value(record.clone()).unwrap();
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
    // A HAR entry keeps only its `Content-Type` header (the others are read past).
    assert!(shown[4].1.contains("ContentType"), "{}", shown[4].1);
    assert!(shown[7].1.contains("bytes"), "{}", shown[7].1);
}
