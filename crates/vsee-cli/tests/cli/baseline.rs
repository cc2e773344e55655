//! `validate --baseline` / `--write-baseline`: a recording with known deviations passes with
//! its baseline and fails on one new deviation; stale, expired and placeholder entries; bad
//! baseline files; every format telling new from accepted; and no recorded value anywhere.

use std::path::Path;

use serde_json::{json, Value};

use crate::common::{entry, har, payload, root, run_in, Out};
use vsee_workspace_tests::check_jsonschema;

/// Planted in every deviating field: it must appear in no output and no baseline.
const CANARY: &str = "CANARY-c4n4ry-77";
const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];
const VISITS: &str = "https://api.vsee.com/vc/next/api_v3/visits";

/// `rec.har` in `dir`: a visit list whose `items` visits send `created` as a string, and a
/// visit whose `modified` is one (the known deviations); with `new_deviation`, that visit's
/// `created` is a string too.
fn record(dir: &Path, items: usize, new_deviation: bool) {
    let mut list = payload("list_visits", "200");
    let visit = list["data"][0].clone();
    list["data"] = Value::Array(vec![visit; items]);
    for v in list["data"].as_array_mut().unwrap() {
        v["created"] = json!(CANARY);
    }
    let mut one = payload("get_visit", "200");
    one["data"]["modified"] = json!(CANARY);
    if new_deviation {
        one["data"]["created"] = json!(CANARY);
    }
    let text = har(&[
        entry("GET", VISITS, 200, &list),
        entry("GET", &format!("{VISITS}/7727"), 200, &one),
    ]);
    std::fs::write(dir.join("rec.har"), text).unwrap();
}

fn validate(dir: &Path, extra: &[&str]) -> Out {
    let mut args = vec!["validate", "rec.har", "--no-progress"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Writes the baseline of the known deviations and fills in every reason.
fn baseline_with_reasons(dir: &Path) -> Value {
    record(dir, 3, false);
    let out = validate(dir, &["--write-baseline", "baseline.json"]);
    // Writing a baseline changes no verdict: these findings are not accepted yet.
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("wrote 2 entries to baseline.json"),
        "{}",
        out.stderr
    );
    let mut b = read_json(&dir.join("baseline.json"));
    for e in b["entries"].as_array_mut().unwrap() {
        e["reason"] = json!("VSee sends unix times as strings here; ticket API-7");
    }
    write(dir, &b);
    b
}

fn write(dir: &Path, b: &Value) {
    std::fs::write(
        dir.join("baseline.json"),
        serde_json::to_string_pretty(b).unwrap(),
    )
    .unwrap();
}

#[test]
fn known_deviations_pass_with_their_baseline_and_one_new_deviation_fails() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline_with_reasons(dir.path());
    let entries = b["entries"].as_array().unwrap();
    let keys: Vec<(&str, &str, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["operation_id"].as_str().unwrap(),
                e["pointer"].as_str().unwrap(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("get_visit", "/data/modified", 1),
            ("list_visits", "/data/*/created", 3)
        ]
    );

    let out = validate(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("OK: 2 exchanges in 1 file conform to spec/vsee.yaml (4 findings accepted by the baseline)"), "{}", out.stdout);

    // More of an accepted deviation is not new: counts record, they do not cap (see the book).
    record(dir.path(), 5, false);
    assert_eq!(
        validate(dir.path(), &["--baseline", "baseline.json"]).code,
        0
    );

    record(dir.path(), 3, true);
    let out = validate(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(out.code, 1);
    let report = out.json();
    let new: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["instance_path"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["/data/created"]);
    assert_eq!(report["summary"]["accepted"], 4);
}

#[test]
fn a_placeholder_reason_fails_and_says_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    record(dir.path(), 1, false);
    validate(dir.path(), &["--write-baseline", "baseline.json"]);
    let out = validate(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .contains("baseline `baseline.json`, entries[0].reason: still the placeholder")
            && out
                .stderr
                .contains("replace it with why this deviation is accepted"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_stale_entry_is_reported_and_an_expired_one_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = baseline_with_reasons(dir.path());
    let mut gone = b["entries"][0].clone();
    gone["pointer"] = json!("/data/no_longer_sent");
    b["entries"].as_array_mut().unwrap().push(gone);
    write(dir.path(), &b);
    let out = validate(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(out.code, 0, "stale entries do not fail: {}", out.stdout);
    assert!(
        out.stdout
            .contains("4 findings accepted, 1 of 3 entries stale"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("entries[2] get_visit 200 response body:/data/no_longer_sent type"),
        "{}",
        out.stdout
    );
    let json = validate(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    )
    .json();
    assert_eq!(json["summary"]["stale"], 1);
    assert_eq!(json["baseline"]["stale"][0]["entry"], 2);

    b["entries"][1]["expires"] = json!("2000-01-31");
    write(dir.path(), &b);
    let out = validate(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(out.code, 1);
    let json = out.json();
    let f = &json["findings"][0];
    assert_eq!(f["keyword"], "baseline-expired");
    assert_eq!(f["file"], "baseline.json");
    assert_eq!(f["entry"], 1);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("expired after 2000-01-31"),
        "{f}"
    );

    b["entries"][1]["expires"] = json!("2999-12-31");
    write(dir.path(), &b);
    assert_eq!(
        validate(dir.path(), &["--baseline", "baseline.json"]).code,
        0
    );
}

#[test]
fn a_bad_or_unreadable_baseline_is_a_usage_error_naming_the_file_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline_with_reasons(dir.path());
    let mut cases: Vec<(&str, String, &str)> = vec![
        (
            "missing.json",
            String::new(),
            "cannot read baseline `missing.json`",
        ),
        (
            "b1.json",
            "not json".to_owned(),
            "baseline `b1.json` is not a baseline file at the top level (line 1, column 2)",
        ),
        (
            "b2.json",
            "{\"version\": 1, \"entries\": [{\"operation_id\": 7}]}".to_owned(),
            "at entries[0].operation_id",
        ),
        (
            "b3.json",
            "{\"version\": 2, \"entries\": []}".to_owned(),
            "`b3.json`, version",
        ),
        (
            "b4.json",
            "[]".to_owned(),
            "`b4.json` is not a baseline file",
        ),
    ];
    let mut dated = b.clone();
    dated["entries"][0]["expires"] = json!("31.12.2027");
    cases.push((
        "b5.json",
        dated.to_string(),
        "`b5.json`, entries[0].expires: not an ISO 8601 date",
    ));
    let mut typo = b.clone();
    typo["entries"][1]["reasons"] = json!("x");
    cases.push(("b6.json", typo.to_string(), "unknown field `reasons`"));
    for (name, text, expected) in &cases {
        if !text.is_empty() {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        for format in ["human", "sarif"] {
            let out = validate(dir.path(), &["--baseline", name, "--format", format]);
            assert_eq!(out.code, 2, "{name}: {}{}", out.stdout, out.stderr);
            assert!(out.stdout.is_empty(), "{name}: no report");
            assert!(out.stderr.contains(expected), "{name}: {}", out.stderr);
        }
    }
    let out = validate(dir.path(), &["--write-baseline", "no/such/dir/b.json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cannot write baseline `no/such/dir/b.json`"),
        "{}",
        out.stderr
    );
}

#[test]
fn every_format_shows_new_versus_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = baseline_with_reasons(dir.path());
    let mut gone = b["entries"][0].clone();
    gone["pointer"] = json!("/data/no_longer_sent");
    b["entries"].as_array_mut().unwrap().push(gone);
    write(dir.path(), &b);
    record(dir.path(), 3, true);
    let out = |format: &str| {
        let out = validate(
            dir.path(),
            &["--baseline", "baseline.json", "--format", format],
        );
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        out.stdout
    };

    let human = out("human");
    assert!(human.contains("FAILED: 1 new finding in 1 of 2 exchanges in 1 file disagree with spec/vsee.yaml (4 findings accepted by the baseline)"), "{human}");
    assert!(
        human.contains("baseline baseline.json: 4 findings accepted, 1 of 3 entries stale"),
        "{human}"
    );
    assert_eq!(
        human.matches("rec.har:").count(),
        1,
        "only the new finding is listed: {human}"
    );

    let json: Value = serde_json::from_str(&out("json")).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
    assert_eq!(json["accepted"].as_array().unwrap().len(), 4);
    assert_eq!(json["summary"]["findings"], 1);
    assert_eq!(
        (
            json["summary"]["accepted"].clone(),
            json["summary"]["stale"].clone()
        ),
        (json!(4), json!(1))
    );
    let schema = run_in(dir.path(), &["schema", "report"]).json();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let sarif: Value = serde_json::from_str(&out("sarif")).unwrap();
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        [
            "new",
            "unchanged",
            "unchanged",
            "unchanged",
            "unchanged",
            "absent"
        ]
    );
    let schema_file = sarif_schema_file();
    let official = read_json(&schema_file);
    let validator = jsonschema::validator_for(&official).expect("the SARIF 2.1.0 schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The schema is strict enough to catch a wrong state (the check above can fail).
    let mut wrong = sarif.clone();
    wrong["runs"][0]["results"][0]["baselineState"] = json!("accepted");
    assert!(!validator.is_valid(&wrong));
    // And by a validator nobody here wrote: python-jsonschema, through check-jsonschema.
    let report = dir.path().join("report.sarif");
    std::fs::write(&report, serde_json::to_vec(&sarif).unwrap()).unwrap();
    let (passed, output) =
        check_jsonschema(&["--schemafile".as_ref(), schema_file.as_ref()], &report);
    assert!(passed, "{output}");
    std::fs::write(&report, serde_json::to_vec(&wrong).unwrap()).unwrap();
    assert!(!check_jsonschema(&["--schemafile".as_ref(), schema_file.as_ref()], &report).0);

    let github = out("github");
    assert_eq!(github.matches("::error ").count(), 1, "{github}");
    assert!(
        github.contains("baseline baseline.json: 4 findings accepted, 1 of 3 entries stale"),
        "{github}"
    );

    let junit = out("junit");
    assert!(junit.contains("tests=\"2\" failures=\"1\""), "{junit}");
    assert_eq!(junit.matches("<failure ").count(), 1, "{junit}");
}

#[test]
fn no_recorded_value_reaches_a_baseline_or_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline_with_reasons(dir.path());
    assert!(!b.to_string().contains(CANARY));
    record(dir.path(), 3, true);
    // Even asked to show values, the baseline it writes holds none.
    let out = validate(
        dir.path(),
        &[
            "--show-values",
            "--write-baseline",
            "again.json",
            "--baseline",
            "baseline.json",
        ],
    );
    assert!(
        out.stdout.contains(CANARY),
        "the canary is reachable: {}",
        out.stdout
    );
    let again = std::fs::read_to_string(dir.path().join("again.json")).unwrap();
    assert!(!again.contains(CANARY), "{again}");
    // Reasons of known entries are kept; the new one gets the placeholder.
    assert_eq!(again.matches("ticket API-7").count(), 2, "{again}");
    assert_eq!(again.matches("TODO: say why").count(), 1, "{again}");
    let mut stale = b.clone();
    stale["entries"][0]["expires"] = json!("2001-01-01");
    write(dir.path(), &stale);
    for format in FORMATS {
        let out = validate(
            dir.path(),
            &["--baseline", "baseline.json", "--format", format],
        );
        assert_eq!(out.code, 1);
        assert!(!out.stdout.contains(CANARY), "{format}: {}", out.stdout);
        assert!(!out.stderr.contains(CANARY), "{format}: {}", out.stderr);
    }
}

#[test]
fn the_baseline_schema_is_published_and_judges_written_baselines() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline_with_reasons(dir.path());
    let out = run_in(dir.path(), &["schema", "baseline"]);
    assert_eq!(out.code, 0);
    let schema = out.json();
    let published = read_json(&root().join("crates/vsee-schemas/schemas/formats/baseline.json"));
    for key in ["properties", "required", "$defs", "title"] {
        assert_eq!(schema[key], published[key], "{key}");
    }
    let validator = jsonschema::validator_for(&published).unwrap();
    assert!(validator.is_valid(&b));
    assert_eq!(b["$schema"], published["$id"]);
    let mut no_reason = b.clone();
    no_reason["entries"][0]
        .as_object_mut()
        .unwrap()
        .remove("reason");
    assert!(!validator.is_valid(&no_reason));
}

#[test]
fn the_books_sample_baseline_is_valid_and_usable() {
    let page = std::fs::read_to_string(root().join("docs/src/workflows/adopt-in-ci.md")).unwrap();
    let start = page.find("```json\n").expect("a JSON sample") + "```json\n".len();
    let sample: Value = serde_json::from_str(&page[start..][..page[start..].find("```").unwrap()])
        .expect("the sample is JSON");
    let published = read_json(&root().join("crates/vsee-schemas/schemas/formats/baseline.json"));
    let validator = jsonschema::validator_for(&published).unwrap();
    assert!(validator.is_valid(&sample));
    for file in ["github-actions.yml", "gitlab-ci.yml"] {
        assert!(
            page.contains(&format!("{{{{#include ../ci/{file}}}}}")),
            "{file}"
        );
    }
    // The sample loads; against the bundled clean session every entry is stale, not a failure.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &sample);
    let session = root().join("tests/recordings/clinic-session.har");
    let out = run_in(
        dir.path(),
        &[
            "validate".as_ref(),
            session.as_os_str(),
            "--baseline".as_ref(),
            "baseline.json".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["summary"]["stale"], 2);
}

/// The SARIF 2.1.0 JSON Schema as Microsoft's SARIF Multitool ships it (npm
/// `@microsoft/sarif-multitool`, pinned in tests/foreign/package.json; the file is in the
/// platform package npm picks, `@microsoft/sarif-multitool-<os>`).
fn sarif_schema_file() -> std::path::PathBuf {
    let scope = root().join("tests/foreign/node_modules/@microsoft");
    std::fs::read_dir(&scope)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run `npm ci --prefix tests/foreign` (scripts/test does)",
                scope.display()
            )
        })
        .map(|entry| entry.unwrap().path().join("sarif-2.1.0.json"))
        .find(|file| file.is_file())
        .expect("no @microsoft/sarif-multitool-<os>/sarif-2.1.0.json: run `npm ci --prefix tests/foreign`")
}

/// An exchange no operation matches (an endpoint the spec lacks, an undocumented method) is a
/// `route` entry named by its method and redacted path, never by the recorded path: written
/// the same with `--show-values`, it accepts the exchange; the reader and the published schema
/// both refuse a `route` entry with an operation, and an operation entry without one.
#[test]
fn an_unrouted_exchange_is_accepted_by_its_method_and_redacted_path() {
    let dir = tempfile::tempdir().unwrap();
    let one = payload("get_visit", "200");
    let text = har(&[
        entry("GET", &format!("{VISITS}/{CANARY}/attachments"), 200, &one),
        entry("DELETE", &format!("{VISITS}/7727"), 200, &one),
    ]);
    std::fs::write(dir.path().join("rec.har"), text).unwrap();
    let out = validate(
        dir.path(),
        &["--show-values", "--write-baseline", "baseline.json"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains(CANARY), "values were shown");
    let written = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(!written.contains(CANARY), "{written}");
    let mut b: Value = serde_json::from_str(&written).unwrap();
    let keys: Vec<(Value, Value, Value)> = b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["location"], "route", "{e}");
            assert!(e.get("operation_id").is_none(), "{e}");
            (e["method"].clone(), e["path"].clone(), e["keyword"].clone())
        })
        .collect();
    assert_eq!(
        keys,
        [
            (
                json!("DELETE"),
                json!("/visits/{id}"),
                json!("method-not-allowed")
            ),
            (
                json!("GET"),
                json!("/vc/next/api_v3/visits/*/*"),
                json!("unknown-path")
            ),
        ]
    );
    let schema_file = root().join("crates/vsee-schemas/schemas/formats/baseline.json");
    let published = read_json(&schema_file);
    let schema = jsonschema::validator_for(&published).unwrap();
    assert!(schema.is_valid(&b), "{b}");
    // The same verdicts from python-jsonschema (check-jsonschema), on every file below.
    let judge =
        |file: &Path| check_jsonschema(&["--schemafile".as_ref(), schema_file.as_os_str()], file);
    let (valid, text) = judge(&dir.path().join("baseline.json"));
    assert!(valid, "{text}");

    for e in b["entries"].as_array_mut().unwrap() {
        e["reason"] = json!("the partner portal calls these; API-9 adds them to the spec");
    }
    write(dir.path(), &b);
    for shown in [&[][..], &["--show-values"][..]] {
        let mut args = vec!["--baseline", "baseline.json"];
        args.extend_from_slice(shown);
        let out = validate(dir.path(), &args);
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("2 findings accepted"), "{}", out.stdout);
    }

    // Gone from the traffic: both entries are stale, named by method and path.
    let text = har(&[entry("GET", &format!("{VISITS}/7727"), 200, &one)]);
    std::fs::write(dir.path().join("rec.har"), text).unwrap();
    let out = validate(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "entries[1] GET /vc/next/api_v3/visits/*/* - request route:(root) unknown-path"
        ),
        "{}",
        out.stdout
    );
    let json = validate(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    )
    .json();
    let stale = &json["baseline"]["stale"];
    assert_eq!(stale[0]["method"], "DELETE", "{stale}");
    assert_eq!(stale[0]["path"], "/visits/{id}", "{stale}");

    // An operation on a route entry, and no operation on a body entry: both refused, by the
    // reader (a usage error naming the field) and by the schema.
    let mut route_with_op = b.clone();
    route_with_op["entries"][0]["operation_id"] = json!("get_visit");
    let mut body_without_op = b.clone();
    let e = &mut body_without_op["entries"][0];
    e["location"] = json!("body");
    e.as_object_mut().unwrap().remove("method");
    e.as_object_mut().unwrap().remove("path");
    for (bad, field) in [
        (route_with_op, "entries[0].operation_id"),
        (body_without_op, "entries[0].operation_id"),
    ] {
        assert!(!schema.is_valid(&bad), "{bad}");
        write(dir.path(), &bad);
        assert!(!judge(&dir.path().join("baseline.json")).0, "{bad}");
        let out = validate(dir.path(), &["--baseline", "baseline.json"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains(field), "{field}: {}", out.stderr);
    }
}
