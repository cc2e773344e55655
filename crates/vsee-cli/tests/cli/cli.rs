//! The binary: input kinds, report formats, exit codes, `--help`, `--spec`, progress.

use crate::common;

use crate::common::{entry, har, payload, run, run_in, BROKEN};
use serde_json::json;

#[test]
fn bundled_recordings_conform() {
    let out = run(&["validate", "tests/recordings/", "--format", "json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["exchanges"], 22);
    assert_eq!(report["summary"]["conforming"], 22);
    assert_eq!(report["coverage"]["operations_exercised"], 15);
    assert_eq!(report["coverage"]["operations_total"], 15);
    // The README's main-job example, in human form.
    let human = run(&["validate", "tests/recordings/"]);
    assert_eq!(human.code, 0);
    assert!(human
        .stdout
        .starts_with("OK: 22 exchanges in 2 files conform to spec/vsee.yaml"));
}

#[test]
fn har_input() {
    let out = run(&[
        "validate",
        "tests/recordings/clinic-session.har",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(out.json()["summary"]["exchanges"], 17);
    let bad = run(&[
        "validate",
        &format!("{BROKEN}/broken.har"),
        "--format",
        "json",
    ]);
    assert_eq!(bad.code, 1);
    let report = bad.json();
    let entries: Vec<u64> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["entry"].as_u64().unwrap())
        .collect();
    assert_eq!(entries, {
        let mut sorted = entries.clone();
        sorted.sort();
        sorted
    });
    // Every entry of the broken HAR has at least one finding.
    assert_eq!(report["summary"]["with_findings"], 11);
}

#[test]
fn ndjson_input_and_jsonl_extension() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(common::root().join("tests/recordings/exchanges.ndjson")).unwrap();
    // Blank lines and CRLF line ends are fine; entries count non-blank lines.
    let crlf = format!("\r\n{}", text.replace('\n', "\r\n\r\n"));
    std::fs::write(dir.path().join("a.jsonl"), crlf).unwrap();
    let out = run_in(dir.path(), &["validate", "a.jsonl", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(out.json()["summary"]["exchanges"], 5);

    let bad = run(&[
        "validate",
        &format!("{BROKEN}/broken.ndjson"),
        "--format",
        "json",
    ]);
    assert_eq!(bad.code, 1);
    let report = bad.json();
    let findings = report["findings"].as_array().unwrap();
    let input: Vec<&serde_json::Value> = findings.iter().filter(|f| f["kind"] == "input").collect();
    assert_eq!(input.len(), 2);
    assert_eq!(input[0]["entry"], 1);
    assert_eq!(input[0]["line"], 2);
    assert_eq!(input[1]["entry"], 2);
}

#[test]
fn bare_json_against_an_operation() {
    let ok = run(&[
        "validate",
        "--operation",
        "get_visit",
        "--status",
        "200",
        "tests/payloads/get_visit/",
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    assert!(
        ok.stdout.contains("OK: 2 exchanges in 2 files"),
        "{}",
        ok.stdout
    );

    let bad = run(&[
        "validate",
        "--operation",
        "get_intake",
        "--status",
        "200",
        &format!("{BROKEN}/bad_intake.json"),
        "--format",
        "json",
    ]);
    assert_eq!(bad.code, 1);
    let report = bad.json();
    let f = &report["findings"][0];
    assert_eq!(f["entry"], serde_json::Value::Null);
    assert_eq!(f["operation_id"], "get_intake");
    assert_eq!(f["status"], 200);
    assert_eq!(f["part"], "response");
    assert_eq!(f["instance_path"], "/data");
    assert_eq!(f["keyword"], "required");
    assert_eq!(f["message"], "missing required property `id`");
    assert_eq!(report["findings"][1]["instance_path"], "/data/phone");

    // A 4XX payload is checked against the range's schema.
    let err = run(&[
        "validate",
        "--operation",
        "create_intake",
        "--status",
        "400",
        "tests/payloads/create_intake/400.rooms_api.json",
    ]);
    assert_eq!(err.code, 0, "{}", err.stdout);
    // An undocumented status is a finding.
    let undocumented = run(&[
        "validate",
        "--operation",
        "get_visit",
        "--status",
        "302",
        "tests/payloads/get_visit/200.json",
        "--format",
        "json",
    ]);
    assert_eq!(undocumented.code, 1);
    assert_eq!(undocumented.json()["findings"][0]["keyword"], "status");
}

#[test]
fn bare_json_against_a_component() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.json"),
        r#"{"code": 404, "message": "Not found"}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.json"), r#"{"code": "404"}"#).unwrap();
    let ok = run_in(dir.path(), &["validate", "--schema", "ApiError", "ok.json"]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    let bad = run_in(
        dir.path(),
        &["validate", "--schema", "ApiError", ".", "--format", "json"],
    );
    assert_eq!(bad.code, 1);
    let report = bad.json();
    assert_eq!(report["summary"]["files"], 2);
    let f = &report["findings"][0];
    assert_eq!(f["file"], "bad.json");
    assert_eq!(f["kind"], "payload");
    assert_eq!(f["part"], serde_json::Value::Null);
    assert_eq!(report["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn directories_are_walked_in_sorted_order_and_several_paths_combine() {
    let dir = tempfile::tempdir().unwrap();
    let body = payload("close_visit", "200");
    let one = har(&[entry("POST", "/visits/close", 200, &body)]);
    std::fs::create_dir_all(dir.path().join("b/nested")).unwrap();
    std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    std::fs::write(dir.path().join("b/nested/z.har"), &one).unwrap();
    std::fs::write(dir.path().join("b/a.har"), &one).unwrap();
    std::fs::write(dir.path().join("c.har"), &one).unwrap();
    std::fs::write(dir.path().join(".hidden/x.har"), "not even json").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    std::fs::write(dir.path().join("payload.json"), "{}").unwrap();
    let out = run_in(dir.path(), &["validate", "c.har", "b", "--format", "json"]);
    let report = out.json();
    let files: Vec<&str> = report["summary"]["per_file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["c.har", "b/a.har", "b/nested/z.har"]);
    // The POST has no request body though the operation requires one.
    assert_eq!(out.code, 1);
    assert_eq!(report["summary"]["with_findings"], 3);
    assert_eq!(report["findings"][0]["keyword"], "required");
    assert_eq!(report["findings"][0]["part"], "request");
}

#[test]
fn exit_code_2_for_usage_errors() {
    let cases: &[&[&str]] = &[
        &["validate"],
        &["validate", "--no-such-flag", "tests/recordings"],
        &["validate", "--format", "xml", "tests/recordings"],
        &["validate", "--operation", "get_visit", "tests/recordings"],
        &["validate", "--status", "200", "tests/recordings"],
        &[
            "validate",
            "--operation",
            "nope",
            "--status",
            "200",
            "x.json",
        ],
        &[
            "validate",
            "--operation",
            "get_visit",
            "--status",
            "99",
            "x.json",
        ],
        &["validate", "--schema", "NoSuchComponent", "x.json"],
        &[
            "validate",
            "--spec",
            "does/not/exist.yaml",
            "tests/recordings",
        ],
        &["validate", "does-not-exist.har"],
        &["validate", "crates/vsee-contract/src"],
        &["nonsense"],
        &["schema", "other"],
    ];
    for args in cases {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(!out.stderr.is_empty(), "{args:?} explains itself");
        assert!(out.stdout.is_empty(), "{args:?} prints no report");
    }
    let spec = run(&[
        "validate",
        "--spec",
        "does/not/exist.yaml",
        "tests/recordings",
    ]);
    assert!(
        spec.stderr.contains("does/not/exist.yaml"),
        "{}",
        spec.stderr
    );
    let none = run(&["validate", "crates/vsee-contract/src"]);
    assert!(none.stderr.contains("no input files"), "{}", none.stderr);
}

#[test]
fn exit_code_2_for_an_invalid_spec() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
    std::fs::write(
        dir.path().join("v2.yaml"),
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    for spec in ["bad.yaml", "v2.yaml"] {
        let out = run_in(
            dir.path(),
            &[
                "validate",
                "--spec",
                spec,
                &common::root().join("tests/recordings").to_string_lossy(),
            ],
        );
        assert_eq!(out.code, 2, "{spec}: {}", out.stderr);
        assert!(out.stderr.contains(spec), "{}", out.stderr);
    }
}

#[test]
fn another_spec_with_spec_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ping.yaml"),
        r#"openapi: 3.0.3
info: {title: Ping, version: '1'}
servers: [{url: 'https://ping.example/api'}]
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '200':
          description: pong
          content:
            application/json:
              schema:
                type: object
                additionalProperties: {}
                required: [ok]
                properties: {ok: {type: boolean}}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("t.ndjson"),
        concat!(
            r#"{"method": "GET", "url": "https://ping.example/api/ping", "response": {"status": 200, "body": {"ok": true}}}"#,
            "\n",
            r#"{"method": "GET", "url": "/ping.json", "response": {"status": 200, "body": {"ok": "yes"}}}"#,
            "\n",
            r#"{"method": "GET", "url": "/visits/current", "response": {"status": 200, "body": {}}}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "validate",
            "--spec",
            "ping.yaml",
            "t.ndjson",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 1);
    let report = out.json();
    assert_eq!(report["summary"]["spec"], "ping.yaml");
    assert_eq!(report["coverage"]["operations_total"], 1);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0]["entry"], 1);
    assert_eq!(findings[0]["instance_path"], "/ok");
    assert_eq!(findings[0]["message"], "expected boolean, found string");
    assert_eq!(findings[1]["keyword"], "unknown-path");
    assert_eq!(findings[1]["operation_id"], serde_json::Value::Null);
}

#[test]
fn an_operation_without_id_in_another_spec_is_a_finding_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.yaml"),
        "openapi: 3.0.3\ninfo: {title: P, version: '1'}\npaths:\n  /pong:\n    get:\n      responses:\n        '200': {description: pong}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("t.ndjson"),
        "{\"method\": \"GET\", \"url\": \"/pong\", \"response\": {\"status\": 200, \"body\": {}}}\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "validate", "--spec", "s.yaml", "t.ndjson", "--format", "json",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["findings"][0]["path"], "/pong");
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no operationId"));
    assert_eq!(report["summary"]["bodies_not_recorded"], 0);
}

#[test]
fn help_on_every_command() {
    for args in [
        &["--help"][..],
        &["help"],
        &["validate", "--help"],
        &["schema", "--help"],
        &["list", "--help"],
        &["--version"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 0, "{args:?}");
        assert!(
            out.stdout.contains("vsee-contract"),
            "{args:?}: {}",
            out.stdout
        );
    }
    let validate = run(&["validate", "--help"]);
    for flag in [
        "--format",
        "--spec",
        "--operation",
        "--status",
        "--schema",
        "--show-values",
        "--progress",
        "Exit codes",
    ] {
        assert!(
            validate.stdout.contains(flag),
            "validate --help mentions {flag}"
        );
    }
}

#[test]
fn junit_format() {
    let out = run(&["validate", BROKEN, "--format", "junit"]);
    assert_eq!(out.code, 1);
    let xml = &out.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vsee-contract\" tests=\"16\" failures=\"15\""), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert_eq!(xml.matches("<testcase ").count(), 16);
    assert_eq!(xml.matches("<failure ").count(), 15);
    assert!(
        xml.contains("name=\"#0 GET /visits/{id} -&gt; get_visit 200\""),
        "{xml}"
    );
    assert!(xml.contains("name=\"#1 (unreadable entry)\""), "{xml}");
    assert!(xml.trim_end().ends_with("</testsuites>"));
    let clean = run(&["validate", "tests/recordings", "--format", "junit"]);
    assert_eq!(clean.code, 0);
    assert_eq!(clean.stdout.matches("<testcase ").count(), 22);
    assert!(!clean.stdout.contains("<failure"));
}

#[test]
fn sarif_format() {
    let out = run(&["validate", BROKEN, "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let sarif = out.json();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "vsee-contract");
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 19);
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert_eq!(r["level"], "error");
        assert!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with(BROKEN)
        );
    }
    let first = &results[0];
    let report = run(&["validate", BROKEN, "--format", "json"]).json();
    assert_eq!(
        first["locations"][0]["physicalLocation"]["region"]["startLine"],
        report["findings"][0]["line"]
    );
    assert!(report["findings"][0]["line"].as_u64().unwrap() > 1);
    assert_eq!(
        first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "get_visit/response/200/data/member_id"
    );
}

#[test]
fn github_format() {
    let out = run(&["validate", BROKEN, "--format", "github"]);
    assert_eq!(out.code, 1);
    let errors: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 19);
    assert!(
        errors[0].starts_with(&format!("::error file={BROKEN}/broken.har,line=")),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains(",title=vsee-contract oneOf::entry 0: GET /visits/{id} -> get_visit 200 response /data/member_id: "),
        "{}",
        errors[0]
    );
    assert!(out
        .stdout
        .lines()
        .last()
        .unwrap()
        .starts_with("vsee-contract: 16 exchanges"));
}

#[test]
fn output_file_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = run(&[
        "validate",
        "tests/recordings",
        "--format",
        "json",
        "-o",
        &report.to_string_lossy(),
    ]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.is_empty(),
        "quiet under --format json: {}",
        out.stderr
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(written["summary"]["exchanges"], 22);

    let progress = run(&[
        "validate",
        "tests/recordings",
        "--format",
        "json",
        "--progress",
    ]);
    assert_eq!(progress.code, 0);
    assert!(
        progress
            .stderr
            .contains("[1/2] tests/recordings/clinic-session.har: 17 exchanges"),
        "{}",
        progress.stderr
    );
    assert!(progress.stderr.contains("[2/2]"), "{}", progress.stderr);
    progress.json();
}

#[test]
fn schema_and_list_commands() {
    let out = run(&["schema", "exchange"]);
    assert_eq!(out.code, 0);
    let schema = out.json();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text =
        std::fs::read_to_string(common::root().join("tests/recordings/exchanges.ndjson")).unwrap();
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(validator.is_valid(&value), "{line}");
    }
    assert!(!validator.is_valid(&json!({"method": 5, "url": "/"})));

    let report_schema = run(&["schema", "report"]).json();
    let report = run(&["validate", BROKEN, "--format", "json"]).json();
    let validator = jsonschema::validator_for(&report_schema).unwrap();
    assert!(
        validator.is_valid(&report),
        "{:?}",
        validator.iter_errors(&report).next().map(|e| e.to_string())
    );

    let list = run(&["list"]);
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("get_current_visit"));
    assert!(list.stdout.contains("VisitEnvelope"));
}

#[test]
fn a_schema_that_does_not_compile_is_a_usage_error_located_in_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), common::BAD_REGEX_SPEC).unwrap();
    let line =
        r#"{"method": "GET", "url": "/ping", "response": {"status": 200, "body": {"ok": "x"}}}"#;
    std::fs::write(dir.path().join("t.ndjson"), format!("{line}\n{line}\n")).unwrap();
    for args in [
        &["validate", "--spec", "bad.yaml", "t.ndjson"][..],
        &[
            "validate", "--spec", "bad.yaml", "t.ndjson", "--format", "json",
        ],
        &["list", "--spec", "bad.yaml"],
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.is_empty(), "{args:?} prints no report");
        // One message, at the place in the spec: file:line:col and the JSON pointer.
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("bad.yaml:20:28: /components/schemas/Pong/properties/ok/pattern: "),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("regex"), "{}", out.stderr);
    }
}

#[test]
fn json_files_in_directories_are_sniffed_and_the_rest_counted_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let body = payload("get_current_visit", "200");
    let export = har(&[entry("GET", "/visits/current", 200, &body)]);
    std::fs::create_dir_all(dir.path().join("d")).unwrap();
    // A browser's HAR export saved as .json, with leading whitespace.
    std::fs::write(dir.path().join("d/export.json"), format!("\n  {export}")).unwrap();
    std::fs::write(dir.path().join("d/payload.json"), body.to_string()).unwrap();
    std::fs::write(dir.path().join("d/x.har"), &export).unwrap();

    let out = run_in(dir.path(), &["validate", "d", "--format", "json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    let per_file: Vec<(&str, &str)> = report["summary"]["per_file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["format"].as_str().unwrap()))
        .collect();
    assert_eq!(per_file, [("d/export.json", "har"), ("d/x.har", "har")]);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["exchanges"], 2);
    assert_eq!(report["summary"]["skipped"], 1);
    assert_eq!(
        report["summary"]["skipped_files"],
        json!(["d/payload.json"])
    );
    assert_eq!(report["findings"], json!([]), "skipping is not a finding");

    let human = run_in(dir.path(), &["validate", "d"]);
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.contains("skipped: 1 .json file") && human.stdout.contains("d/payload.json"),
        "{}",
        human.stdout
    );

    // With --operation the same file is a payload, not skipped.
    let bare = run_in(
        dir.path(),
        &[
            "validate",
            "--operation",
            "get_current_visit",
            "--status",
            "200",
            "d/payload.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(bare.code, 0, "{}", bare.stdout);
    assert_eq!(bare.json()["summary"]["skipped"], 0);

    // Nothing but skipped files: no input files (exit 2), and the skipped file is named.
    std::fs::create_dir_all(dir.path().join("only")).unwrap();
    std::fs::write(dir.path().join("only/payload.json"), "{}").unwrap();
    let none = run_in(dir.path(), &["validate", "only"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no input files"), "{}", none.stderr);
    assert!(
        none.stderr.contains("only/payload.json: skipped"),
        "{}",
        none.stderr
    );
}
