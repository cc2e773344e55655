//! Malformed input of every class: a clear `input` (or body) finding naming the file and entry,
//! exit 1, no panic or stack overflow, and the other files are still checked.

use crate::common::{entry, har, payload, run_in};
use serde_json::{json, Value};

const DEEP: usize = 100_000;

/// Runs `validate` on a temp dir holding `good.har` (one conforming exchange) and the given
/// files; returns the JSON report.
fn check(files: &[(&str, Vec<u8>)], extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let good = har(&[entry(
        "GET",
        "/visits/current",
        200,
        &payload("get_current_visit", "200"),
    )]);
    std::fs::write(dir.path().join("good.har"), good).unwrap();
    let mut args: Vec<String> = vec!["validate".into(), "good.har".into()];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        args.push((*name).into());
    }
    args.extend(["--format".into(), "json".into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = run_in(dir.path(), &args);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    let per_file = &report["summary"]["per_file"];
    assert_eq!(per_file[0]["file"], "good.har");
    assert_eq!(
        per_file[0]["exchanges"], 1,
        "the good file is still checked"
    );
    assert_eq!(per_file[0]["findings"], 0);
    report
}

fn findings(report: &Value) -> Vec<Value> {
    report["findings"].as_array().unwrap().clone()
}

/// The only finding, which must be about `file`.
fn only(report: &Value, file: &str) -> Value {
    let all = findings(report);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["file"], file);
    all[0].clone()
}

#[test]
fn empty_files() {
    let report = check(&[("a.har", vec![])], &[]);
    let f = only(&report, "a.har");
    assert_eq!(f["kind"], "input");
    assert!(f["message"].as_str().unwrap().contains("empty"), "{f}");

    // A file that holds no exchange is a finding too (a CI job that recorded nothing must not
    // pass), for NDJSON and for a HAR with no entries alike ...
    let empty_har = br#"{"log": {"entries": []}}"#.to_vec();
    for (name, bytes) in [("b.ndjson", vec![]), ("c.har", empty_har.clone())] {
        let report = check(&[(name, bytes)], &[]);
        let f = only(&report, name);
        assert_eq!(f["kind"], "input");
        assert!(
            f["message"].as_str().unwrap().contains("no exchange"),
            "{f}"
        );
    }
    // ... unless the user says an empty recording is expected.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.ndjson"), b"").unwrap();
    std::fs::write(dir.path().join("c.har"), &empty_har).unwrap();
    let out = run_in(
        dir.path(),
        &["validate", "b.ndjson", "c.har", "--allow-empty"],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    let report = check(
        &[("p.json", vec![])],
        &["--operation", "get_visit", "--status", "200"],
    );
    let f = only(&report, "p.json");
    assert_eq!(f["keyword"], "json");
    assert!(f["message"].as_str().unwrap().contains("empty"), "{f}");
}

#[test]
fn binary_files() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut with_nul = vec![0u8, 0xff, 0xfe];
    with_nul.extend(&bytes);
    let report = check(
        &[
            ("bin.har", with_nul.clone()),
            ("bin.ndjson", with_nul.clone()),
        ],
        &[],
    );
    let all = findings(&report);
    assert!(all.len() >= 2);
    assert_eq!(all[0]["file"], "bin.har");
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a HAR file"),
        "{}",
        all[0]
    );
    assert!(
        all[0]["message"].as_str().unwrap().contains("binary"),
        "{}",
        all[0]
    );
    assert!(all[1..]
        .iter()
        .all(|f| f["file"] == "bin.ndjson" && f["kind"] == "input"));
    assert_eq!(all[1]["entry"], 0);

    let report = check(&[("bin.json", with_nul)], &["--schema", "Visit"]);
    let f = only(&report, "bin.json");
    assert_eq!(f["keyword"], "json");
}

#[test]
fn truncated_har_keeps_the_entries_before_the_cut() {
    let body = payload("close_visit", "200");
    let full = har(&[
        entry(
            "GET",
            "/visits/current",
            200,
            &payload("get_current_visit", "200"),
        ),
        entry(
            "GET",
            "/visits/current",
            200,
            &payload("get_current_visit", "200"),
        ),
        entry("POST", "/visits/delete", 200, &body),
    ]);
    let cut = full.len() - 40;
    let report = check(&[("cut.har", full.as_bytes()[..cut].to_vec())], &[]);
    assert_eq!(report["summary"]["per_file"][1]["exchanges"], 2);
    let f = only(&report, "cut.har");
    assert_eq!(f["kind"], "input");
    assert_eq!(f["entry"], 2);
    assert!(f["message"].as_str().unwrap().contains("truncated"), "{f}");
}

#[test]
fn deep_nesting_everywhere() {
    let open = "[".repeat(DEEP);
    let close = "]".repeat(DEEP);
    let deep = format!("{open}{close}");
    let good = entry(
        "GET",
        "/visits/current",
        200,
        &payload("get_current_visit", "200"),
    );

    // Outside the entries (skipped iteratively): not an error at all.
    let in_pages = format!(r#"{{"log": {{"pages": {deep}, "entries": [{good}]}}}}"#);
    // Inside an entry: an unknown member is skipped without recursion; a deep value where
    // the entry's structure is read makes that entry unreadable; the next one is fine.
    let response = good["response"].to_string();
    let in_entry = format!(
        r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "/visits/current"}}, "_x": {deep}, "response": {response}}}, {{"request": {{"method": "GET", "url": "/visits/current"}}, "response": {{"status": 200, "content": {deep}}}}}, {good}]}}}}"#
    );
    // In a response body text.
    let mut body_entry = good.clone();
    body_entry["response"]["content"]["text"] = Value::String(deep.clone());
    let in_body = har(&[body_entry]);
    // An NDJSON line.
    let line = format!(
        r#"{{"method": "GET", "url": "/visits/current", "response": {{"status": 200, "body": {deep}}}}}"#
    );

    let report = check(
        &[
            ("1-pages.har", in_pages.into_bytes()),
            ("2-entry.har", in_entry.into_bytes()),
            ("3-body.har", in_body.into_bytes()),
            ("4-line.ndjson", format!("{line}\n").into_bytes()),
        ],
        &[],
    );
    let per_file = &report["summary"]["per_file"];
    assert_eq!(per_file[1]["findings"], 0, "deep `pages` are skipped");
    assert_eq!(per_file[1]["exchanges"], 1);
    assert_eq!(per_file[2]["exchanges"], 3);
    let all = findings(&report);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all[0]["file"], "2-entry.har");
    assert_eq!(all[0]["entry"], 1);
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .contains("response.content"),
        "{}",
        all[0]
    );
    assert_eq!(all[1]["file"], "3-body.har");
    assert_eq!(all[1]["keyword"], "json");
    assert!(
        all[1]["message"]
            .as_str()
            .unwrap()
            .contains("nested deeper than 127"),
        "{}",
        all[1]
    );
    assert_eq!(all[2]["file"], "4-line.ndjson");
    assert_eq!(all[2]["kind"], "input");

    // A bare payload, and a form field name with 100,000 brackets.
    let report = check(
        &[("deep.json", deep.clone().into_bytes())],
        &["--schema", "Visit"],
    );
    assert!(only(&report, "deep.json")["message"]
        .as_str()
        .unwrap()
        .contains("nested deeper"));
    let key = format!("id{}", "[a]".repeat(DEEP));
    let form = json!({
        "request": {"method": "POST", "url": "/visits/close",
            "postData": {"mimeType": "application/x-www-form-urlencoded", "text": format!("{key}=1")}},
        "response": {"status": 200, "content": {"mimeType": "application/json", "text": payload("close_visit", "200").to_string()}}
    });
    let report = check(&[("form.har", har(&[form]).into_bytes())], &[]);
    let f = only(&report, "form.har");
    assert_eq!(
        f["keyword"], "required",
        "the odd key is kept as a name; `id` is missing: {f}"
    );
}

#[test]
fn wrong_har_shapes() {
    let cases: &[(&str, &str, &str)] = &[
        ("array.har", "[1, 2]", "expected a JSON object"),
        ("nolog.har", r#"{"version": "1.2"}"#, "no `log` object"),
        ("logarray.har", r#"{"log": []}"#, "`log` is not an object"),
        (
            "noentries.har",
            r#"{"log": {"version": "1.2"}}"#,
            "no `entries` array",
        ),
        (
            "entriesobj.har",
            r#"{"log": {"entries": {}}}"#,
            "`log.entries` is not an array",
        ),
        ("trailing.har", r#"{"log": {"entries": []}} {"#, "trailing"),
        ("text.har", "hello", "not a HAR file"),
    ];
    let files: Vec<(&str, Vec<u8>)> = cases
        .iter()
        .map(|(n, t, _)| (*n, t.as_bytes().to_vec()))
        .collect();
    let report = check(&files, &[]);
    let all = findings(&report);
    assert_eq!(all.len(), cases.len(), "{all:#?}");
    for (f, (name, _, expected)) in all.iter().zip(cases) {
        assert_eq!(f["file"], *name);
        assert_eq!(f["kind"], "input");
        assert!(
            f["message"].as_str().unwrap().contains(expected),
            "{name}: {f}"
        );
        assert!(f["line"].as_u64().is_some());
    }
}

#[test]
fn wrong_entry_shapes_are_reported_by_index() {
    let good = entry(
        "GET",
        "/visits/current",
        200,
        &payload("get_current_visit", "200"),
    );
    let entries = vec![
        json!([1]),
        json!({"response": {"status": 200}}),
        json!({"request": {"method": "GET", "url": "/visits/current"}, "response": {"status": "abc"}}),
        json!({"request": {"method": "GET", "url": "/visits/current"}, "response": {"status": 200, "content": {"text": 5}}}),
        good.clone(),
        // Exporter quirks that are fine: nulls, missing optional parts, status as a string,
        // charset, content.text absent (not recorded: counted, not a finding).
        json!({"request": {"method": "get", "url": "/visits/current", "headers": null, "postData": null},
               "response": {"status": "200", "headers": null, "content": {"mimeType": "application/json; charset=UTF-8", "text": payload("get_current_visit", "200").to_string()}}}),
        json!({"request": {"method": "GET", "url": "/visits/current"}, "response": {"status": 200, "content": {"mimeType": "application/json", "size": 1548}}}),
        json!({"request": {"method": "GET", "url": "/visits/current"}, "response": {"status": 0}}),
    ];
    let report = check(&[("shapes.har", har(&entries).into_bytes())], &[]);
    let all = findings(&report);
    let indexes: Vec<u64> = all.iter().map(|f| f["entry"].as_u64().unwrap()).collect();
    assert_eq!(indexes, [0, 1, 2, 3], "{all:#?}");
    assert!(all.iter().all(|f| f["kind"] == "input"));
    assert!(
        all[1]["message"].as_str().unwrap().contains("`request`"),
        "{}",
        all[1]
    );
    assert!(
        all[2]["message"]
            .as_str()
            .unwrap()
            .contains("response.status"),
        "{}",
        all[2]
    );
    assert!(
        all[3]["message"]
            .as_str()
            .unwrap()
            .contains("response.content.text"),
        "{}",
        all[3]
    );
    assert_eq!(report["summary"]["bodies_not_recorded"], 1);
    assert_eq!(report["summary"]["responses_not_recorded"], 1);
    assert_eq!(report["summary"]["per_file"][1]["exchanges"], 8);
}

#[test]
fn huge_strings() {
    let huge = "x".repeat(20 * 1024 * 1024);
    // A conforming body with a 20 MB custom field, and a 20 MB string where an integer belongs.
    let mut ok = payload("get_current_visit", "200");
    ok["data"]["notes"] = Value::String(huge.clone());
    let mut bad = payload("get_current_visit", "200");
    bad["data"]["created"] = Value::String(huge.clone());
    let line = json!({"method": "GET", "url": "/visits/current", "response": {"status": 200, "body": bad}}).to_string();
    let report = check(
        &[
            (
                "huge.har",
                har(&[entry("GET", "/visits/current", 200, &ok)]).into_bytes(),
            ),
            ("huge.ndjson", format!("{line}\n").into_bytes()),
        ],
        &[],
    );
    let f = only(&report, "huge.ndjson");
    assert_eq!(f["instance_path"], "/data/created");
    assert_eq!(f["message"], "expected integer, found string");
    let text = report.to_string();
    assert!(
        text.len() < 100_000,
        "no huge value is copied into the report"
    );
}

#[test]
fn invalid_utf8_and_bad_base64() {
    let mut line =
        br#"{"method": "GET", "url": "/visits/current", "response": {"status": 200, "body_text": "#
            .to_vec();
    line.extend(b"\"\xff\xfe\"}}\n");
    let b64 = json!({
        "request": {"method": "GET", "url": "/visits/current"},
        "response": {"status": 200, "content": {"mimeType": "application/json", "encoding": "base64", "text": "!!!not base64!!!"}}
    });
    let bin = json!({
        "request": {"method": "GET", "url": "/visits/current"},
        "response": {"status": 200, "content": {"mimeType": "application/json", "encoding": "base64", "text": "AP/+/Q=="}}
    });
    let report = check(
        &[
            ("utf8.ndjson", line),
            ("b64.har", har(&[b64, bin]).into_bytes()),
        ],
        &[],
    );
    let all = findings(&report);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all[0]["file"], "utf8.ndjson");
    assert_eq!(all[0]["kind"], "input");
    assert_eq!(all[1]["file"], "b64.har");
    assert_eq!(all[1]["keyword"], "encoding");
    assert_eq!(all[2]["keyword"], "json");
    assert_eq!(all[2]["entry"], 1);
}

#[test]
fn missing_and_unknown_files_beside_good_ones() {
    let report = check(&[("notes.txt", b"hello".to_vec())], &["missing.har"]);
    let all = findings(&report);
    // `missing.har` is passed after `--format json`, still a path.
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(all
        .iter()
        .any(|f| f["file"] == "missing.har"
            && f["message"].as_str().unwrap().contains("no such file")));
    assert!(all.iter().any(|f| f["file"] == "notes.txt"
        && f["message"].as_str().unwrap().contains("unknown file type")));
}

#[test]
fn broken_json_outside_the_entries_is_an_input_finding() {
    let good = entry(
        "GET",
        "/visits/current",
        200,
        &payload("get_current_visit", "200"),
    );
    let around = |before: &str, after: &str| {
        format!(r#"{{{before}"log": {{"creator": {{"name": "x"}}, "entries": [{good}]{after}}}}}"#)
            .into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a-missing-comma.har",
            around(r#""x": [1 2], "#, ""),
            "expected `,` or `]` in an array, found a number",
        ),
        (
            "b-commas.har",
            around(r#""x": [,,], "#, ""),
            "expected a value, found `,`",
        ),
        (
            "c-no-colon.har",
            around(r#""x": {"a" "b"}, "#, ""),
            "expected `:` after an object key",
        ),
        (
            "d-literal.har",
            around("", r#", "pages": tru"#),
            "invalid literal",
        ),
        (
            "e-number.har",
            around(r#""x": 01, "#, ""),
            "expected `,` or `}` in an object, found a number",
        ),
        (
            "f-escape.har",
            around(r#""x": "\q", "#, ""),
            "invalid escape",
        ),
        (
            "g-trailing-comma.har",
            around(r#""x": {"a": 1,}, "#, ""),
            "expected a key, found `}`",
        ),
        (
            "h-bare-word.har",
            around("", r#", "pages": [x]"#),
            "expected a value, found text",
        ),
    ];
    let files: Vec<(&str, Vec<u8>)> = cases.iter().map(|(n, b, _)| (*n, b.clone())).collect();
    let report = check(&files, &[]);
    let all = findings(&report);
    assert_eq!(all.len(), cases.len(), "{all:#?}");
    for (f, (name, _, expected)) in all.iter().zip(&cases) {
        assert_eq!(f["file"], *name);
        assert_eq!(f["kind"], "input");
        assert_eq!(f["line"], 1);
        let message = f["message"].as_str().unwrap();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains("column"), "{name}: {message}");
    }
}

#[test]
fn a_status_beyond_u16_is_an_input_finding() {
    let mut big = entry(
        "GET",
        "/visits/current",
        200,
        &payload("get_current_visit", "200"),
    );
    big["response"]["status"] = json!(70000);
    let report = check(&[("status.har", har(&[big]).into_bytes())], &[]);
    let f = only(&report, "status.har");
    assert_eq!(f["kind"], "input");
    assert_eq!(f["entry"], 0);
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("`response.status`"), "{message}");
    assert!(!message.contains("65535 -> "), "{message}");
    assert_eq!(f["status"], Value::Null, "not reported as status 65535");
}

/// A UTF-8 byte order mark (written by common Windows exporters) is skipped, not a finding.
#[test]
fn a_byte_order_mark_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let good = har(&[entry(
        "GET",
        "/visits/current",
        200,
        &payload("get_current_visit", "200"),
    )]);
    let record = serde_json::json!({"method": "GET", "url": "/visits/current",
        "response": {"status": 200, "body": payload("get_current_visit", "200")}});
    let mut har_bytes = b"\xEF\xBB\xBF".to_vec();
    har_bytes.extend(good.as_bytes());
    let mut ndjson_bytes = b"\xEF\xBB\xBF".to_vec();
    ndjson_bytes.extend(format!("{record}\n").as_bytes());
    let mut bare = b"\xEF\xBB\xBF".to_vec();
    bare.extend(payload("get_current_visit", "200").to_string().as_bytes());
    std::fs::write(dir.path().join("bom.har"), har_bytes).unwrap();
    std::fs::write(dir.path().join("bom.ndjson"), ndjson_bytes).unwrap();
    std::fs::write(dir.path().join("bom.json"), bare).unwrap();
    let out = run_in(
        dir.path(),
        &["validate", "bom.har", "bom.ndjson", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.json()["summary"]["exchanges"], 2);
    let out = run_in(
        dir.path(),
        &[
            "validate",
            "bom.json",
            "--operation",
            "get_current_visit",
            "--status",
            "200",
        ],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

/// Every HAR entry error has a line and a column in the file (a one-line HAR used to say only
/// `line 1`).
#[test]
fn har_entry_errors_have_line_and_column() {
    let text = r#"{"log": {"entries": [{"request": {"method": "GET", "url": "/visits/current"}}, {"request": {"method": 5, "url": "/x"}}]}}"#;
    let report = check(&[("one-line.har", text.as_bytes().to_vec())], &[]);
    let f = only(&report, "one-line.har");
    assert_eq!(f["entry"], 1);
    let message = f["message"].as_str().unwrap();
    // The second entry starts at column 80; `5` is at column 24 inside it.
    let at = text.find(r#"{"request": {"method": 5"#).unwrap() + 1;
    let column = at + r#"{"request": {"method": 5"#.len() - 1;
    assert!(
        message.ends_with(&format!("at line 1 column {column}")),
        "{message} (expected column {column})"
    );
}

/// Runs `validate --format json` on `files` alone (no good file); returns (exit code, report).
fn check_alone(files: &[(&str, Vec<u8>)]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["validate".into(), "--format".into(), "json".into()];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        args.push((*name).into());
    }
    let out = run_in(dir.path(), &args);
    (out.code, out.json())
}

/// Valid JSON text that serde_json refuses but python-jsonschema and ajv read: a lone surrogate
/// escape is a string, `1e400` a number larger than any other. In a field the schema leaves
/// open both pass; where the client reads an `i64`, `1e400` is a finding (python-jsonschema:
/// infinity is not an integer).
#[test]
fn lone_surrogates_and_huge_numbers_are_judged_like_the_foreign_validators() {
    let body = payload("get_current_visit", "200").to_string();
    let with = |extra: &str| body.replacen("{\"data\":{", &format!("{{\"data\":{{{extra}, "), 1);
    assert_ne!(
        with("\"x\": 1"),
        body,
        "the payload starts with `{{\"data\":{{`"
    );
    let as_har = |text: String| {
        let e = json!({"request": {"method": "GET", "url": "/visits/current"},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": text}}});
        har(&[e]).into_bytes()
    };
    let as_line = |text: String| {
        format!(r#"{{"method": "GET", "url": "/visits/current", "response": {{"status": 200, "body": {text}}}}}"#)
            .into_bytes()
    };
    let open = [
        r#""note": "x\ud800""#,
        r#""note": "\udc00 and \ud83d\ude00""#,
        r#""note": 1e400"#,
        r#""note": [-1e999, 123456789012345678901234567890e300]"#,
    ];
    for extra in open {
        let (code, report) = check_alone(&[
            ("open.har", as_har(with(extra))),
            ("open.ndjson", as_line(with(extra))),
        ]);
        assert_eq!(code, 0, "{extra}: {report:#}");
        assert_eq!(report["summary"]["exchanges"], 2, "{extra}");
    }
    // A lone surrogate in the HAR's own strings (the URL) is read too.
    let e = r#"{"log": {"entries": [{"request": {"method": "GET", "url": "/visits/current?q=\ud800"}, "response": {"status": 200}}]}}"#;
    let (code, report) = check_alone(&[("url.har", e.as_bytes().to_vec())]);
    assert_eq!(code, 0, "{report:#}");

    let (code, report) = check_alone(&[(
        "typed.har",
        as_har(body.replacen("\"id\":\"", "\"id\":1e400,\"_was\":\"", 1)),
    )]);
    assert_eq!(code, 1, "{report:#}");
    let f = &report["findings"][0];
    assert_eq!(f["instance_path"], "/data/id", "{f}");
}

/// An NDJSON `body` is a JSON value of its own: its nesting is counted from its root, as for a
/// body recorded as text, not from the record's.
#[test]
fn the_nesting_limit_counts_from_each_body() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let line = |n: usize| {
        format!(
            r#"{{"method": "GET", "url": "/visits/current", "response": {{"status": 200, "body": {}}}}}"#,
            deep(n)
        )
    };
    let text = |n: usize| {
        har(&[
            json!({"request": {"method": "GET", "url": "/visits/current"},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": deep(n)}}}),
        ])
    };
    let (_, report) = check_alone(&[
        ("127.ndjson", format!("{}\n", line(127)).into_bytes()),
        ("128.ndjson", format!("{}\n", line(128)).into_bytes()),
        ("127.har", text(127).into_bytes()),
        ("128.har", text(128).into_bytes()),
    ]);
    let all = findings(&report);
    assert_eq!(all.len(), 4, "{all:#?}");
    let by_file = |name: &str| all.iter().find(|f| f["file"] == name).unwrap().clone();
    // 127 levels are read: the body is judged by its schema (an array is not a visit).
    for name in ["127.ndjson", "127.har"] {
        assert_eq!(
            by_file(name)["keyword"],
            "type",
            "{name}: {}",
            by_file(name)
        );
    }
    let f = by_file("128.ndjson");
    assert_eq!(f["kind"], "input", "{f}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("`response.body` is nested deeper than 127 levels"),
        "{f}"
    );
    let f = by_file("128.har");
    assert_eq!(f["keyword"], "json", "{f}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("nested deeper than 127"),
        "{f}"
    );
}

/// A body the tool cannot read as sent is a finding, not a pass: an `encoding` other than
/// base64, and an empty text where the size says bytes were sent.
#[test]
fn unreadable_har_bodies_are_findings() {
    let body = payload("get_current_visit", "200").to_string();
    let content = |c: Value| {
        har(&[
            json!({"request": {"method": "GET", "url": "/visits/current"},
            "response": {"status": 200, "content": c}}),
        ])
        .into_bytes()
    };
    let (code, report) = check_alone(&[
        (
            "gzip.har",
            content(json!({"mimeType": "application/json", "text": body, "encoding": "gzip"})),
        ),
        (
            "canary.har",
            content(
                json!({"mimeType": "application/json", "text": body, "encoding": "CANARY_ENC"}),
            ),
        ),
        (
            "dropped.har",
            content(json!({"mimeType": "application/json", "text": "", "size": 1234})),
        ),
        (
            "empty.har",
            content(json!({"mimeType": "application/json", "text": ""})),
        ),
        (
            "base64.har",
            content(json!({"mimeType": "application/json", "text": "", "encoding": "base64"})),
        ),
        (
            "plain.har",
            content(json!({"mimeType": "application/json", "text": body, "encoding": ""})),
        ),
    ]);
    assert_eq!(code, 1);
    let all = findings(&report);
    let by_file =
        |name: &str| -> Vec<Value> { all.iter().filter(|f| f["file"] == name).cloned().collect() };
    for name in ["gzip.har", "canary.har"] {
        let f = &by_file(name)[0];
        assert_eq!(f["keyword"], "encoding", "{f}");
        let m = f["message"].as_str().unwrap();
        assert!(m.contains("other than `base64`"), "{m}");
        assert!(!m.contains("gzip") && !m.contains("CANARY"), "{m}");
    }
    let f = &by_file("dropped.har")[0];
    assert_eq!(f["keyword"], "encoding", "{f}");
    assert!(f["message"].as_str().unwrap().contains("1234 bytes"), "{f}");
    for name in ["empty.har", "base64.har"] {
        let f = &by_file(name)[0];
        assert_eq!(f["keyword"], "json", "{name}: {f}");
        assert!(f["message"].as_str().unwrap().contains("empty"), "{f}");
    }
    assert!(
        by_file("plain.har").is_empty(),
        "an empty `encoding` is none"
    );
}
