//! The library: route precedence, form and query coercion, request checks, deterministic
//! output whatever the thread count, and the published schemas.

use crate::common;

use std::path::PathBuf;

use serde_json::{json, Value};
use vsee_contract::record_to_exchange;
use vsee_contract::{
    collect_inputs, exchange_record_schema, report_schema, run, BareTarget, Checker, EntryCtx,
    ExchangeRecord, RunOptions,
};

fn checker() -> Checker {
    Checker::new(vsee_spec::embedded().expect("embedded spec")).expect("checker")
}

const CTX: EntryCtx<'static> = EntryCtx {
    file: "mem",
    entry: Some(0),
    line: None,
    show_values: false,
};

/// Checks one NDJSON-style record.
fn check(checker: &Checker, record: Value) -> vsee_contract::Checked {
    let record: ExchangeRecord = serde_json::from_value(record).expect("record");
    checker.check_exchange(&record_to_exchange(record), &CTX)
}

fn keywords(checked: &vsee_contract::Checked) -> Vec<(String, String)> {
    checked
        .findings
        .iter()
        .map(|f| (f.instance_path.clone(), f.keyword.clone()))
        .collect()
}

#[test]
fn route_precedence() {
    let c = checker();
    let cases = [
        ("GET", "/visits/current", Some("get_current_visit")),
        ("GET", "/visits/current.json", Some("get_current_visit")),
        (
            "GET",
            "https://api.vseepreview.com/vc/next/api_v3/visits/current",
            Some("get_current_visit"),
        ),
        ("POST", "/visits/close", Some("close_visit")),
        (
            "POST",
            "/vc/stable/api_v3/visits/close.json",
            Some("close_visit"),
        ),
        ("POST", "/visits/delete", Some("delete_visit")),
        ("POST", "/visits/add_walkin", Some("add_walkin")),
        ("POST", "/visits/add_econsult.json", Some("add_econsult")),
        ("GET", "/visits/7727", Some("get_visit")),
        ("GET", "/visits/7727.json", Some("get_visit")),
        ("POST", "/visits/7727?version=2", Some("update_appointment")),
        ("GET", "/visits?page=2", Some("list_visits")),
        ("POST", "/visits", Some("create_appointment")),
        ("POST", "/appointments", Some("create_appointment_alias")),
        (
            "GET",
            "https://api-vclinic.vsee.me/api_v3/visits/7727/exports/visit_summary",
            Some("export_visit_summary"),
        ),
        ("GET", "/intakes/57b4c678", Some("get_intake")),
        ("POST", "/intakes/57b4c678", Some("update_intake")),
        ("post", "/intakes", Some("create_intake")),
        (
            "GET",
            "/availability?start=1&end=2",
            Some("get_availability"),
        ),
        // `current` is a literal: DELETE on it is not read as DELETE /visits/{id}.
        ("DELETE", "/visits/current", None),
        ("GET", "/visits/current/extra", None),
        ("GET", "/nothing", None),
        ("BREW", "/visits", None),
    ];
    for (method, url, expected) in cases {
        let checked = check(&c, json!({"method": method, "url": url}));
        assert_eq!(checked.operation_id.as_deref(), expected, "{method} {url}");
        if expected.is_none() {
            let f = &checked.findings[0];
            assert_eq!(f.operation_id, None);
            assert!(f.keyword == "unknown-path" || f.keyword == "method-not-allowed");
        }
    }
    let delete = check(&c, json!({"method": "DELETE", "url": "/visits/current"}));
    assert_eq!(delete.findings[0].keyword, "method-not-allowed");
    assert_eq!(delete.findings[0].path.as_deref(), Some("/visits/current"));
    // A path parameter is checked against its schema (VisitId is digits).
    let bad_id = check(&c, json!({"method": "GET", "url": "/visits/abc"}));
    assert_eq!(bad_id.operation_id.as_deref(), Some("get_visit"));
    assert_eq!(
        keywords(&bad_id),
        [("/id".to_owned(), "pattern".to_owned())]
    );
    assert_eq!(bad_id.findings[0].location, vsee_contract::Location::Path);
}

#[test]
fn form_bodies_are_coerced_by_declared_types() {
    let c = checker();
    let ok = check(
        &c,
        json!({"method": "POST", "url": "/visits",
        "request": {"media_type": "application/x-www-form-urlencoded",
                    "body_text": "member_id=575&slot_start=1470669300&slot_end=1470670200&type=2&intakeId=abc"}}),
    );
    assert_eq!(keywords(&ok), []);
    let bad = check(
        &c,
        json!({"method": "POST", "url": "/visits",
        "request": {"media_type": "application/x-www-form-urlencoded",
                    "body_text": "slot_start=1470669300&slot_end=soon&type=3"}}),
    );
    assert_eq!(
        keywords(&bad),
        [
            ("/slot_end".to_owned(), "type".to_owned()),
            ("/type".to_owned(), "enum".to_owned())
        ]
    );
    // Repeated keys and `name[]` make arrays; a JSON-encoded property is parsed.
    let arrays = check(
        &c,
        json!({"method": "POST", "url": "/intakes/abc",
        "request": {"media_type": "application/x-www-form-urlencoded",
                    "body_text": "attachments[]=a1&attachments[]=a2&consultation=%7B%22duration%22%3A15%7D"}}),
    );
    assert_eq!(keywords(&arrays), []);
    let not_json = check(
        &c,
        json!({"method": "POST", "url": "/intakes/abc",
        "request": {"media_type": "application/x-www-form-urlencoded", "body_text": "consultation=%7B%22duration%22%3A%22long%22%7D"}}),
    );
    assert_eq!(
        keywords(&not_json),
        [("/consultation/duration".to_owned(), "type".to_owned())]
    );
    // A form body recorded as an object of fields (NDJSON `body`).
    let object = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "application/x-www-form-urlencoded", "body": {"id": "14", "status": "40", "actual_end": "x"}}}),
    );
    assert_eq!(
        keywords(&object),
        [("/actual_end".to_owned(), "type".to_owned())]
    );
    // An empty urlencoded body is a form with no fields, judged by the schema (schemathesis
    // sends these); an empty JSON body is still a missing one.
    let empty_form = |url: &str| {
        check(
            &c,
            json!({"method": "POST", "url": url,
            "request": {"media_type": "application/x-www-form-urlencoded", "body_text": ""}}),
        )
    };
    assert_eq!(keywords(&empty_form("/intakes/abc")), []);
    assert_eq!(
        keywords(&empty_form("/visits")),
        [
            (String::new(), "required".to_owned()),
            (String::new(), "required".to_owned()),
            (String::new(), "required".to_owned())
        ],
        "slot_start, slot_end and type are required members, not a missing body"
    );
    let empty_json = check(
        &c,
        json!({"method": "POST", "url": "/intakes/abc",
        "request": {"media_type": "application/json", "body_text": ""}}),
    );
    assert_eq!(
        keywords(&empty_json),
        [(String::new(), "required".to_owned())]
    );
    assert!(empty_json.findings[0]
        .message
        .contains("missing request body"));
}

#[test]
fn multipart_bodies() {
    let c = checker();
    let body = "--B\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n14\r\n--B\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\ncall_ended\r\n--B\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n30\r\n--B--\r\n";
    let ok = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "multipart/form-data; boundary=B", "body_text": body}}),
    );
    assert_eq!(keywords(&ok), []);
    let wrong = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "multipart/form-data; boundary=B", "body_text": body.replace("30", "31")}}),
    );
    assert_eq!(
        keywords(&wrong),
        [("/status".to_owned(), "enum".to_owned())]
    );
    let truncated = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "multipart/form-data; boundary=B", "body_text": &body[..60]}}),
    );
    assert_eq!(keywords(&truncated), [(String::new(), "form".to_owned())]);
    let no_boundary = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "multipart/form-data", "body_text": body}}),
    );
    assert_eq!(keywords(&no_boundary), [(String::new(), "form".to_owned())]);
}

#[test]
fn media_types_and_contradictions() {
    let c = checker();
    // add_econsult declares JSON only.
    let form = check(
        &c,
        json!({"method": "POST", "url": "/visits/add_econsult",
        "request": {"media_type": "application/x-www-form-urlencoded", "body_text": "intake_id=a&room_code=b"}}),
    );
    assert_eq!(keywords(&form), [(String::new(), "media-type".to_owned())]);
    // Declared form, but the text is JSON.
    let json_as_form = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "application/x-www-form-urlencoded", "body_text": "{\"id\": 1}"}}),
    );
    assert_eq!(
        keywords(&json_as_form),
        [(String::new(), "media-type".to_owned())]
    );
    // Declared JSON, but not JSON.
    let form_as_json = check(
        &c,
        json!({"method": "POST", "url": "/visits/close",
        "request": {"media_type": "application/json; charset=utf-8", "body_text": "id=1"}}),
    );
    assert_eq!(
        keywords(&form_as_json),
        [(String::new(), "json".to_owned())]
    );
    // No media type: sniffed from the body.
    let sniffed = check(
        &c,
        json!({"method": "POST", "url": "/visits/close", "request": {"body": {"id": 1}}}),
    );
    assert_eq!(keywords(&sniffed), []);
    // A GET with a body.
    let get_body = check(
        &c,
        json!({"method": "GET", "url": "/visits/current", "request": {"body": {"x": 1}}}),
    );
    assert_eq!(
        keywords(&get_body),
        [(String::new(), "unexpected-body".to_owned())]
    );
    // A missing required body.
    let no_body = check(&c, json!({"method": "POST", "url": "/visits/close"}));
    assert_eq!(keywords(&no_body), [(String::new(), "required".to_owned())]);
}

#[test]
fn query_parameters() {
    let c = checker();
    let ok = check(
        &c,
        json!({"method": "GET", "url": "/availability?start=1470186000&end=1470272400&provider_id=5&room_code=r"}),
    );
    assert_eq!(keywords(&ok), []);
    let bad = check(
        &c,
        json!({"method": "GET", "url": "/availability?end=x&duration=1.5"}),
    );
    assert_eq!(
        keywords(&bad),
        [
            ("/start".to_owned(), "required".to_owned()),
            ("/end".to_owned(), "type".to_owned()),
            ("/duration".to_owned(), "type".to_owned())
        ]
    );
    assert!(bad
        .findings
        .iter()
        .all(|f| f.location == vsee_contract::Location::Query));
    let version = check(
        &c,
        json!({"method": "POST", "url": "/visits/1?version=3", "request": {"body": {}}}),
    );
    assert_eq!(
        keywords(&version),
        [("/version".to_owned(), "enum".to_owned())]
    );
    let missing = check(
        &c,
        json!({"method": "POST", "url": "/visits/1", "request": {"body": {}}}),
    );
    assert_eq!(
        keywords(&missing),
        [("/version".to_owned(), "required".to_owned())]
    );
    let page = check(&c, json!({"method": "GET", "url": "/visits?page=0"}));
    assert_eq!(
        keywords(&page),
        [("/page".to_owned(), "minimum".to_owned())]
    );
}

/// `format: int64` is a range: a number no client can hold is a `format` finding at its
/// place, and its message names the range, not the value (schemathesis found these accepted).
#[test]
fn integers_beyond_their_format_are_findings_without_the_value() {
    let c = checker();
    let over = "9223372036854775808";
    let page = check(
        &c,
        json!({"method": "GET", "url": format!("/visits?page={over}")}),
    );
    assert_eq!(keywords(&page), [("/page".to_owned(), "format".to_owned())]);
    let finding = &page.findings[0];
    assert_eq!(finding.location, vsee_contract::Location::Query);
    assert_eq!(
        finding.message,
        "integer is outside the range of `int64` (-2^63 to 2^63-1)"
    );
    let body: Value =
        serde_json::from_str(&format!(r#"{{"room_code": "r", "provider_id": {over}}}"#)).unwrap();
    let intake = check(
        &c,
        json!({"method": "POST", "url": "/intakes", "request": {"body": body}}),
    );
    assert_eq!(
        keywords(&intake),
        [("/provider_id".to_owned(), "format".to_owned())]
    );
    assert!(intake.findings.iter().all(|f| f.value.is_none()));
    let edge = check(
        &c,
        json!({"method": "GET", "url": format!("/visits?page={}", i64::MAX)}),
    );
    assert_eq!(keywords(&edge), [], "the largest int64 is in range");
}

#[test]
fn responses_by_exact_status_then_range() {
    let c = checker();
    let error = json!({"code": 404, "message": "Not found"});
    let r404 = check(
        &c,
        json!({"method": "GET", "url": "/visits/1", "response": {"status": 404, "body": error}}),
    );
    assert_eq!(keywords(&r404), []);
    let r503 = check(
        &c,
        json!({"method": "GET", "url": "/visits/1", "response": {"status": 503, "body": {"code": 503}}}),
    );
    assert_eq!(keywords(&r503), [(String::new(), "required".to_owned())]);
    let r302 = check(
        &c,
        json!({"method": "GET", "url": "/visits/1", "response": {"status": 302, "body": {}}}),
    );
    assert_eq!(keywords(&r302), [(String::new(), "status".to_owned())]);
    // 200 is not checked against 2XX's absence: the exact key wins.
    let r200 = check(
        &c,
        json!({"method": "GET", "url": "/visits/1", "response": {"status": 200, "body": error}}),
    );
    assert_eq!(keywords(&r200), [(String::new(), "required".to_owned())]);
}

fn broken_inputs() -> (Vec<vsee_contract::InputFile>, Vec<vsee_contract::Finding>) {
    collect_inputs(&[common::root().join(common::BROKEN)], false)
}

#[test]
fn output_is_the_same_whatever_the_threads() {
    let c = checker();
    let (files, problems) = broken_inputs();
    let reference = run(
        &c,
        &files,
        problems.clone(),
        &RunOptions {
            jobs: 1,
            ..RunOptions::default()
        },
    );
    assert!(reference.summary.findings > 10);
    for options in [
        RunOptions {
            jobs: 4,
            ..RunOptions::default()
        },
        RunOptions {
            jobs: 3,
            in_flight: 1,
            ..RunOptions::default()
        },
        RunOptions {
            jobs: 2,
            keep_exchanges: true,
            ..RunOptions::default()
        },
    ] {
        let report = run(&c, &files, problems.clone(), &options);
        assert_eq!(report.summary, reference.summary);
        assert_eq!(report.findings, reference.findings);
        assert_eq!(report.coverage, reference.coverage);
    }
}

#[test]
fn many_exchanges_stream_through_small_buffers() {
    let dir = tempfile::tempdir().unwrap();
    let body = common::payload("get_current_visit", "200");
    let mut entries = Vec::new();
    for i in 0..3000 {
        let status = if i % 1000 == 999 { 201 } else { 200 };
        entries.push(common::entry("GET", "/visits/current", status, &body));
    }
    let path = dir.path().join("many.har");
    std::fs::write(&path, common::har(&entries)).unwrap();
    let (files, problems) = collect_inputs(&[PathBuf::from(&path)], false);
    let report = run(
        &checker(),
        &files,
        problems,
        &RunOptions {
            jobs: 2,
            in_flight: 1,
            ..RunOptions::default()
        },
    );
    assert_eq!(report.summary.exchanges, 3000);
    let entries: Vec<Option<u64>> = report.findings.iter().map(|f| f.entry).collect();
    assert_eq!(entries, [Some(999), Some(1999), Some(2999)]);
    let capped = run(
        &checker(),
        &files,
        Vec::new(),
        &RunOptions {
            max_findings: Some(1),
            ..RunOptions::default()
        },
    );
    assert_eq!(capped.findings.len(), 1);
    assert_eq!(capped.summary.findings, 3);
    assert_eq!(capped.summary.findings_omitted, 2);
}

#[test]
fn published_schemas() {
    let exchange = exchange_record_schema();
    assert_eq!(
        exchange["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(exchange["title"], "VSee recorded exchange");
    assert_eq!(exchange["required"], json!(["method", "url"]));
    let report_schema = report_schema();
    let validator = jsonschema::validator_for(&report_schema).unwrap();
    let (files, problems) = broken_inputs();
    let report = run(&checker(), &files, problems, &RunOptions::default());
    let value = serde_json::to_value(&report).unwrap();
    assert!(validator.is_valid(&value));
    for field in [
        "file",
        "entry",
        "method",
        "path",
        "operation_id",
        "status",
        "part",
        "instance_path",
        "keyword",
        "message",
    ] {
        assert!(
            value["findings"][0].get(field).is_some(),
            "findings have `{field}`"
        );
    }
    // A record survives a round trip through its own format.
    let record: ExchangeRecord = serde_json::from_value(json!({
        "method": "GET", "url": "/visits/1", "response": {"status": 200, "body": null}
    }))
    .unwrap();
    assert_eq!(record.response.as_ref().unwrap().body, Some(Value::Null));
    let again: ExchangeRecord =
        serde_json::from_value(serde_json::to_value(&record).unwrap()).unwrap();
    assert_eq!(again, record);
}

#[test]
fn a_schema_that_does_not_compile_is_found_by_compile_all_and_located() {
    let spec = vsee_spec::load_str("bad.yaml", common::BAD_REGEX_SPEC).unwrap();
    // Schema files compile lazily, so building the checker succeeds ...
    let bad = Checker::new(spec).expect("checker");
    // ... and compile_all finds the broken one, located in the spec.
    let err = bad.compile_all().expect_err("the pattern is not a regex");
    match &err {
        vsee_contract::CheckerError::SchemaCompile { file, error } => {
            assert_eq!(file, "components/Pong.json");
            let problem = &error.problems[0];
            assert_eq!((problem.location.line, problem.location.column), (20, 28));
            assert_eq!(
                problem.pointer,
                "/components/schemas/Pong/properties/ok/pattern"
            );
        }
        other => panic!("unexpected error: {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("bad.yaml:20:28: /components/schemas/Pong/properties/ok/pattern: "),
        "{err}"
    );
    // Every schema of the embedded spec compiles.
    checker().compile_all().expect("spec/vsee.yaml compiles");
}

#[test]
fn bare_payloads_for_targets_the_spec_lacks_are_findings() {
    let c = checker();
    let op = c.check_bare(
        b"{}",
        &BareTarget::Response {
            operation_id: "no_such_operation".into(),
            status: 200,
        },
        &CTX,
    );
    assert_eq!(
        keywords(&op),
        [(String::new(), "unknown-operation".to_owned())]
    );
    assert_eq!(op.findings[0].operation_id, None);
    assert!(op.findings[0].message.contains("`no_such_operation`"));
    let component = c.check_bare(b"{}", &BareTarget::Component("NoSuch".into()), &CTX);
    assert_eq!(
        keywords(&component),
        [(String::new(), "unknown-component".to_owned())]
    );
    // A known target still passes.
    let ok = c.check_bare(
        br#"{"code": 404, "message": "Not found"}"#,
        &BareTarget::Component("ApiError".into()),
        &CTX,
    );
    assert_eq!(keywords(&ok), []);
}

#[test]
fn an_entry_larger_than_the_limit_is_an_input_finding_and_the_next_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let body = common::payload("get_current_visit", "200");
    let small = common::entry("GET", "/visits/current", 200, &body);
    let mut padded = body.clone();
    padded["data"]["notes"] = json!("x".repeat(2 << 20));
    let big = common::entry("GET", "/visits/current", 200, &padded);
    let har = common::har(&[small.clone(), big.clone(), small.clone()]);
    std::fs::write(dir.path().join("big.har"), &har).unwrap();
    // The same as NDJSON: a line over the limit is read past to its line break, and the
    // next line is checked.
    let line = |e: &Value| {
        json!({"method": "GET", "url": "/visits/current",
               "response": {"status": 200, "body_text": e["response"]["content"]["text"]}})
        .to_string()
    };
    let ndjson = format!("{}\n{}\n{}\n", line(&small), line(&big), line(&small));
    std::fs::write(dir.path().join("big.ndjson"), ndjson).unwrap();
    let (files, problems) = collect_inputs(&[dir.path().to_path_buf()], false);
    let options = RunOptions {
        max_entry_bytes: 1 << 20,
        ..RunOptions::default()
    };
    let report = run(&checker(), &files, problems, &options);
    let found: Vec<(String, Option<u64>, Option<u64>, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.file.rsplit('/').next().unwrap().to_owned(),
                f.entry,
                f.line,
                f.keyword.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("big.har".to_owned(), Some(1), Some(1), "input".to_owned()),
            (
                "big.ndjson".to_owned(),
                Some(1),
                Some(2),
                "input".to_owned()
            ),
        ]
    );
    assert!(
        report.findings[0]
            .message
            .contains("larger than 1048576 bytes"),
        "{}",
        report.findings[0].message
    );
    assert_eq!(report.findings[0].kind, vsee_contract::Kind::Input);
    // Both: entries 0 and 2 checked and conforming, entry 1 counted as an exchange.
    for per_file in &report.summary.per_file {
        assert_eq!(
            (per_file.exchanges, per_file.findings),
            (3, 1),
            "{per_file:?}"
        );
    }
    // The default limit takes the same file whole.
    let report = run(&checker(), &files[..1], Vec::new(), &RunOptions::default());
    assert!(report.is_clean(), "{:?}", report.findings);
}

#[test]
fn a_form_with_many_distinct_fields_is_checked() {
    // 100,000 custom intake fields (the API accepts any): built in linear time, all kept.
    let mut text = String::from("member_id=575&slot_start=1470669300&slot_end=1470670200&type=2");
    for i in 0..100_000 {
        text.push_str(&format!("&custom_{i}=v{i}"));
    }
    let c = checker();
    let ok = check(
        &c,
        json!({"method": "POST", "url": "/visits",
        "request": {"media_type": "application/x-www-form-urlencoded", "body_text": text}}),
    );
    assert_eq!(keywords(&ok), []);
    text.push_str("&type=x");
    let bad = check(
        &c,
        json!({"method": "POST", "url": "/visits",
        "request": {"media_type": "application/x-www-form-urlencoded", "body_text": text}}),
    );
    assert!(
        keywords(&bad).iter().any(|(at, _)| at.starts_with("/type")),
        "{:?}",
        keywords(&bad)
    );
}

#[test]
fn the_json_report_renders_every_finding() {
    let (files, problems) = broken_inputs();
    let report = run(&checker(), &files, problems, &RunOptions::default());
    let text = vsee_contract::render::render(&report, vsee_contract::render::Format::Json)
        .expect("the report serializes");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value, serde_json::to_value(&report).unwrap());
    assert_eq!(
        value["findings"].as_array().unwrap().len() as u64,
        report.summary.findings
    );
}

/// A recorded method or media type is a value like any other: without `--show-values` it is
/// shown only when OpenAPI or the registry knows it (`*`, `*/*` otherwise).
#[test]
fn methods_and_media_types_are_shaped_not_copied() {
    let c = checker();
    let checked = check(&c, json!({"method": "CANARY_M", "url": "/visits"}));
    let text = serde_json::to_string(&checked.findings).unwrap();
    assert_eq!(checked.findings.len(), 1, "{text}");
    assert!(!text.contains("CANARY"), "{text}");
    assert_eq!(checked.findings[0].method.as_deref(), Some("*"));

    let checked = check(
        &c,
        json!({"method": "POST", "url": "/intakes",
               "request": {"media_type": "x-canary/jane-doe; a=b", "body_text": "x"}}),
    );
    let text = serde_json::to_string(&checked.findings).unwrap();
    assert!(!text.contains("canary"), "{text}");
    assert!(text.contains("*/*"), "{text}");

    let checked = check(
        &c,
        json!({"method": "GET", "url": "/intakes/1",
               "response": {"status": 200, "media_type": "x-canary/jane-doe", "body_text": "x"}}),
    );
    let text = serde_json::to_string(&checked.findings).unwrap();
    assert!(!text.contains("canary"), "{text}");
    assert!(text.contains("media-type"), "{text}");

    let record: ExchangeRecord =
        serde_json::from_value(json!({"method": "canary_m", "url": "/visits"})).unwrap();
    let shown = c.check_exchange(
        &record_to_exchange(record),
        &EntryCtx {
            show_values: true,
            ..CTX
        },
    );
    assert_eq!(shown.findings[0].method.as_deref(), Some("CANARY_M"));
}
