//! The recording policy, differentially: live exchanges of every kind of body are checked as
//! the proxy checks them, recorded through the real recorder into a file, read back by
//! `validate`'s NDJSON reader and checked again; both must give the same findings (part,
//! location, keyword, pointer). Then what the recording holds: no sent value, numbers in
//! their form, timestamps in order, structure-only media types.

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::HeaderMap;
use serde_json::Value;

use vsee_contract::recording::Policy;
use vsee_contract::{Checker, EntryCtx, Exchange};

use crate::message::{Incoming, Reply};
use crate::{gate, recorder::Recorder};

/// One live exchange: request line, request media type and body, status, response media type
/// and body.
struct Case {
    name: &'static str,
    method: &'static str,
    target: &'static str,
    request: (Option<&'static str>, &'static [u8]),
    status: u16,
    response: (Option<&'static str>, &'static [u8]),
}

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const INTAKE: &[u8] =
    br#"{"data": {"id": "57a0705e-1c4c-4f24-b51d-3c71ac1f0144", "room_code": "ceproom1"}}"#;
const MULTIPART: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"intake_id\"\r\n\r\n57a0705e-1c4c\r\n--XyZ\r\nContent-Disposition: form-data; name=\"room_code\"\r\n\r\nCanaryRoom\r\n--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\": [1, true]}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"x.png\"\r\n\r\n\x89PNG\xff\r\n--XyZ--\r\n";

fn case(
    name: &'static str,
    method: &'static str,
    target: &'static str,
    request: (Option<&'static str>, &'static [u8]),
    status: u16,
    response: (Option<&'static str>, &'static [u8]),
) -> Case {
    Case {
        name,
        method,
        target,
        request,
        status,
        response,
    }
}

fn cases() -> Vec<Case> {
    let ok = (JSON, INTAKE);
    vec![
        case("json", "POST", "/intakes", (JSON, br#"{"provider_id": 83910274, "reason_for_visit": "Zebulon", "type": 1, "custom_dob": "1971-04-05"}"#), 200, ok),
        case("json, wrong types", "POST", "/intakes", (JSON, br#"{"provider_id": "Zebulon", "type": 7, "room_code": 12345}"#), 200, ok),
        case("numbers of every form", "POST", "/intakes", (JSON, br#"{"provider_id": 4111111111111111.5, "member_id": 123456789.0, "type": 1.0, "x": 7123465789e0, "y": 98765432109876543210, "z": -9223372036854775809}"#), 200, ok),
        case("an integer beyond i64 where the client reads i64", "POST", "/intakes", (JSON, br#"{"provider_id": 98765432109876543210}"#), 200, ok),
        case("lone surrogate and 1e400", "POST", "/intakes", (JSON, br#"{"reason_for_visit": "x\ud800y", "provider_id": 1e400}"#), 200, ok),
        case("unparsable JSON", "POST", "/intakes", (JSON, br#"{"reason_for_visit": "Zebulon", "type": tru"#), 200, ok),
        case("JSON not UTF-8", "POST", "/intakes", (JSON, b"{\"reason_for_visit\": \"Jos\xe9\"}"), 200, ok),
        case("no media type, JSON", "POST", "/intakes", (None, br#"{"provider_id": "Zebulon"}"#), 200, ok),
        case("no media type, a JSON string", "POST", "/intakes", (None, br#""Zebulon""#), 200, ok),
        case("no media type, form-like text", "POST", "/intakes", (None, b"room_code=Zebulon"), 200, ok),
        case("empty body, JSON", "POST", "/intakes", (JSON, b""), 200, ok),
        case("empty form", "POST", "/intakes", (FORM, b""), 200, ok),
        case("form", "POST", "/intakes", (FORM, b"provider_id=83910274&room_code=Zebulon&type=1&x=true"), 200, ok),
        case("form, wrong type", "POST", "/intakes", (FORM, b"provider_id=Zebulon&type=9"), 200, ok),
        case("form, separators only", "POST", "/intakes", (FORM, b"&&"), 200, ok),
        case("form that looks like JSON", "POST", "/intakes", (FORM, br#" {"room_code": "Zebulon"}"#), 200, ok),
        case("form not UTF-8", "POST", "/intakes", (FORM, b"room_code=Jos\xe9"), 200, ok),
        case("form with a JSON field", "POST", "/intakes/57a0705e", (FORM, b"consultation=%7B%22a%22%3A%5B1%2Ctrue%2C%22Zebulon%22%5D%7D&phone=6505550199"), 200, ok),
        case("multipart", "POST", "/visits/add_walkin", (Some("multipart/form-data; boundary=XyZ"), MULTIPART), 200, ok),
        case("multipart without boundary", "POST", "/visits/add_walkin", (Some("multipart/form-data"), MULTIPART), 200, ok),
        case("multipart, wrong boundary", "POST", "/visits/add_walkin", (Some("multipart/form-data; boundary=Other"), MULTIPART), 200, ok),
        case("multipart, truncated", "POST", "/visits/add_walkin", (Some("multipart/form-data; boundary=XyZ"), b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nZebulon"), 200, ok),
        case("text, undeclared", "POST", "/intakes", (Some("text/plain; charset=Jane-Doe"), b"Zebulon has chest pain"), 200, ok),
        case("binary, undeclared", "POST", "/intakes", (Some("application/octet-stream"), b"\x89PNG\r\n\x1a\n\xff\xfe"), 200, ok),
        case("unregistered media type", "POST", "/intakes", (Some("application/x-canary-zebulon"), b"{}"), 200, ok),
        case("unregistered JSON media type", "POST", "/intakes", (Some("application/vnd.canary-zebulon+json"), br#"{"room_code": "Zebulon"}"#), 200, ok),
        case("error response", "GET", "/visits/7727", (None, b""), 404, (JSON, br#"{"code": 404, "message": "Visit 7727 of Zebulon not found"}"#)),
        case("error response, bad code", "GET", "/visits/7727", (None, b""), 404, (JSON, br#"{"code": "Zebulon", "message": 5}"#)),
        case("problem document", "POST", "/intakes", (JSON, b"{}"), 422, (Some("application/problem+json"), br#"{"type": "about:blank", "status": 422, "code": 422, "message": "m", "errors": [{"pointer": "/phone"}]}"#)),
        case("response, no media type", "GET", "/visits/7727", (None, b""), 200, (None, br#"{"data": {"id": "Zebulon"}}"#)),
        case("response, HTML", "GET", "/visits/7727", (None, b""), 500, (Some("text/html; charset=UTF-8"), b"<h1>Zebulon</h1>")),
        case("response, empty", "GET", "/visits/7727", (None, b""), 200, (JSON, b"")),
        case("response, unparsable", "GET", "/visits/7727", (None, b""), 200, (JSON, b"{\"data\": {\"id\": \"Zebulon\"")),
        case("response, binary without media type", "GET", "/visits/7727", (None, b""), 200, (None, b"\xff\xd8\xff\xe0Zebulon")),
        case("availability", "GET", "/availability?start=1800000000&end=1800001800&room_code=Zebulon&member_id=83910274", (None, b""), 200, (JSON, br#"{"data": []}"#)),
        case("query, wrong type", "GET", "/visits?page=Zebulon&limit=0", (None, b""), 200, (JSON, br#"{"data": []}"#)),
        case("path, wrong pattern", "GET", "/visits/Zebulon.json", (None, b""), 200, (JSON, br#"{"data": {}}"#)),
    ]
}

fn checker() -> Checker {
    Checker::new(vsee_spec::embedded().expect("the embedded spec loads")).expect("it compiles")
}

fn incoming(case: &Case) -> Incoming {
    let mut headers = HeaderMap::new();
    if let Some(m) = case.request.0 {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(m));
    }
    headers.insert(
        HeaderName::from_static("x-apitoken"),
        HeaderValue::from_static("tok-CANARY"),
    );
    Incoming {
        method: case.method.to_owned(),
        target: case.target.to_owned(),
        headers,
        body: Bytes::from_static(case.request.1),
    }
}

fn reply(case: &Case) -> Reply {
    Reply {
        status: case.status,
        headers: case
            .response
            .0
            .map(|m| (CONTENT_TYPE, HeaderValue::from_static(m)))
            .into_iter()
            .collect(),
        body: Bytes::from_static(case.response.1),
    }
}

/// `(part, location, keyword, pointer)` of every finding.
fn findings(checker: &Checker, exchange: &Exchange) -> Vec<String> {
    let ctx = EntryCtx {
        file: "t",
        entry: None,
        line: None,
        show_values: false,
    };
    let mut out: Vec<String> = checker
        .check_exchange(exchange, &ctx)
        .findings
        .iter()
        .map(|f| {
            format!(
                "{:?} {:?} {} {}",
                f.part, f.location, f.keyword, f.instance_path
            )
        })
        .collect();
    out.sort();
    out
}

/// Records every case (through the recorder, into a file) and returns the lines.
fn record_all(policy: Policy, cases: &[Case]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("r.ndjson");
    let recorder = Recorder::append(&path, policy).expect("the recording opens");
    for case in cases {
        recorder.record_reply(&incoming(case), &reply(case));
    }
    let text = std::fs::read_to_string(&path).expect("the recording is text");
    text.lines().map(str::to_owned).collect()
}

/// Issue 21: the recording validates with the findings the live check made, for every kind of
/// body (a text body with an undeclared media type was recorded as a missing body).
#[test]
fn a_recording_validates_with_the_live_findings() {
    let checker = checker();
    let cases = cases();
    let lines = record_all(Policy::new(&checker, false).expect("a random key"), &cases);
    assert_eq!(lines.len(), cases.len());
    let mut with_findings = 0;
    for (case, line) in cases.iter().zip(&lines) {
        let live = gate::to_exchange(
            &incoming(case),
            Some((case.status, case.response.0, case.response.1)),
        );
        let recorded = vsee_contract::parse_record(line.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {}", case.name, e.message));
        let expected = findings(&checker, &live);
        assert_eq!(
            findings(&checker, &recorded),
            expected,
            "{}: {line}",
            case.name
        );
        with_findings += usize::from(!expected.is_empty());
        for canary in ["Zebulon", "CANARY", "83910274", "Jane-Doe", "canary", "XyZ"] {
            assert!(
                !line.contains(canary),
                "{}: `{canary}` in {line}",
                case.name
            );
        }
    }
    assert!(
        with_findings >= 20,
        "the cases exercise findings: {with_findings}"
    );
}

/// With `--keep-values` the recording also validates as the traffic did.
#[test]
fn a_recording_with_values_validates_with_the_live_findings() {
    let checker = checker();
    let cases = cases();
    let lines = record_all(Policy::new(&checker, true).expect("a random key"), &cases);
    for (case, line) in cases.iter().zip(&lines) {
        let live = gate::to_exchange(
            &incoming(case),
            Some((case.status, case.response.0, case.response.1)),
        );
        let recorded = vsee_contract::parse_record(line.as_bytes()).expect("reads");
        assert_eq!(
            findings(&checker, &recorded),
            findings(&checker, &live),
            "{}",
            case.name
        );
        assert!(!line.contains("tok-CANARY"), "{}", case.name);
    }
    // The number text exactly as sent.
    assert!(
        lines[2].contains("7123465789e0") && lines[2].contains("123456789.0"),
        "{}",
        lines[2]
    );
}

fn line_of(lines: &[String], cases: &[Case], name: &str) -> Value {
    let i = cases.iter().position(|c| c.name == name).expect("a case");
    serde_json::from_str(&lines[i]).expect("a line is JSON")
}

/// Issue 21: numbers written with a fraction or an exponent, or beyond 64 bits, were recorded
/// as sent or as a float.
#[test]
fn numbers_of_every_form_become_pseudonyms_of_the_same_form() {
    let checker = checker();
    let cases = cases();
    let lines = record_all(Policy::new(&checker, false).expect("a random key"), &cases);
    let i = cases
        .iter()
        .position(|c| c.name == "numbers of every form")
        .unwrap();
    let line = &lines[i];
    for sent in [
        "4111111111111111.5",
        "123456789.0",
        "7123465789",
        "98765432109876543210",
        "9223372036854775809",
    ] {
        assert!(!line.contains(sent), "`{sent}` in {line}");
    }
    let raw = line.split(r#""body":"#).nth(1).expect("a JSON body");
    let shape = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect::<String>()
    };
    assert!(
        shape(raw).starts_with(r#"{"provider_id": 9999999999999999.9, "member_id": 999999999.9, "type": 9.9, "x": 9999999999e9, "y": 99999999999999999999, "z": -9999999999999999999}"#),
        "{raw}"
    );
    assert!(
        raw.contains(r#""type": 1.0"#),
        "an enum value, by value: {raw}"
    );
}

#[test]
fn error_codes_are_kept_and_media_types_are_structure_only() {
    let checker = checker();
    let cases = cases();
    let lines = record_all(Policy::new(&checker, false).expect("a random key"), &cases);
    let error = line_of(&lines, &cases, "error response");
    assert_eq!(error["response"]["body"]["code"], 404);
    assert_ne!(error["url"], "/visits/7727");
    let problem = line_of(&lines, &cases, "problem document");
    assert_eq!(problem["response"]["body"]["status"], 422);
    assert_eq!(problem["response"]["body"]["code"], 422);
    let text = line_of(&lines, &cases, "text, undeclared");
    assert_eq!(text["request"]["media_type"], "text/plain");
    let html = line_of(&lines, &cases, "response, HTML");
    assert_eq!(html["response"]["media_type"], "text/html; charset=utf-8");
    let odd = line_of(&lines, &cases, "unregistered JSON media type");
    assert_eq!(
        odd["request"]["media_type"],
        "application/x-unrecorded+json"
    );
    let multipart = line_of(&lines, &cases, "multipart");
    let media_type = multipart["request"]["media_type"].as_str().unwrap();
    let ours = media_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(media_type);
    assert!(ours.starts_with("vsee-") && ours.len() == 37, "{ours}");
    let body = multipart["request"]["body_text"].as_str().unwrap();
    assert!(body.contains(&format!("--{ours}--")) && body.contains("name=\"meta\""));
}

/// Issue 21: `slot_end` was pseudonymised to before `slot_start`; now times shift together.
#[test]
fn query_times_shift_together_and_other_values_do_not() {
    let checker = checker();
    let cases = cases();
    let policy = Policy::new(&checker, false).expect("a random key");
    let line = line_of(&record_all(policy, &cases), &cases, "availability");
    let url = line["url"].as_str().unwrap();
    let query: Vec<(String, String)> =
        form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes())
            .into_owned()
            .collect();
    let get = |k: &str| {
        query
            .iter()
            .find(|(n, _)| n == k)
            .unwrap()
            .1
            .parse::<i64>()
            .ok()
    };
    // The spec marks `start` and `end` as unix time: both move by the run's whole number of
    // days (never zero), so their order and the slot's length survive.
    let (start, end) = (get("start").unwrap(), get("end").unwrap());
    assert_ne!(start, 1_800_000_000);
    assert_eq!((start - 1_800_000_000) % 86_400, 0, "shifted by whole days");
    assert_eq!(end - start, 1800);
    assert_ne!(get("member_id"), Some(83_910_274));
}
