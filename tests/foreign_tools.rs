//! `spec/vsee.yaml` as other teams' OpenAPI tools read it (none of them written here):
//!
//! - Spectral with its `spectral:oas` ruleset and Redocly CLI `lint` with its default
//!   (`recommended`) ruleset, both pinned in `tests/foreign/package.json` and installed by
//!   `scripts/test` (`npm ci --prefix tests/foreign`): no error (warnings are allowed);
//! - `tests/foreign/strict_oas30.py`: openapi-spec-validator on the document, then
//!   openapi-schema-validator's strict OAS 3.0 validators on every example of the spec and every
//!   cleaned sample of `tests/payloads/` (pinned in `tests/foreign/requirements.txt`, installed
//!   by `scripts/test` with pip): no failure.
//!
//! The same tools judge a spec as `cargo xtask learn --write` leaves it (the nullable, widened
//! and new forms it writes), so learning never produces a spec they reject.
//!
//! Each tool is also run on a small spec with a known 3.0.3 mistake (`nullable` beside `allOf`
//! only, and `null` in its example), so a tool that silently checks nothing fails the test.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use vsee_workspace_tests::{fixtures, workspace_root};

/// A spec that every strict tool must reject: `nullable: true` without a `type` in the same
/// schema object means nothing in OpenAPI 3.0.3, so the example's `null` is invalid.
const NULLABLE_WITHOUT_TYPE: &str = r#"openapi: 3.0.3
info:
  title: t
  version: '1'
  description: A spec with a known mistake.
  contact: {name: t}
  license: {name: MIT}
servers:
  - url: https://example.test
paths:
  /a:
    get:
      operationId: get_a
      summary: Get a
      description: d
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A'
              example: {when: null}
        4XX:
          description: error
components:
  schemas:
    Time:
      type: integer
    A:
      type: object
      properties:
        when:
          allOf:
            - $ref: '#/components/schemas/Time'
          nullable: true
"#;

fn foreign_dir() -> PathBuf {
    workspace_root().join("tests/foreign")
}

fn spec_path() -> PathBuf {
    workspace_root().join("spec/vsee.yaml")
}

/// A file holding [`NULLABLE_WITHOUT_TYPE`], removed when dropped.
struct BrokenSpec(tempfile::TempDir);

impl BrokenSpec {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("broken.yaml"), NULLABLE_WITHOUT_TYPE).expect("write");
        Self(dir)
    }

    fn path(&self) -> PathBuf {
        self.0.path().join("broken.yaml")
    }

    fn empty_dir(&self) -> &Path {
        self.0.path()
    }
}

/// Runs an npm-installed command line tool of `tests/foreign/node_modules/.bin`.
fn npm_tool(name: &str, args: &[&OsStr]) -> Output {
    let program = foreign_dir().join("node_modules/.bin").join(name);
    assert!(
        program.exists(),
        "{} is missing; run scripts/test (it runs `npm ci --prefix tests/foreign`)",
        program.display()
    );
    let mut command = Command::new(&program);
    command
        .current_dir(workspace_root())
        // No network beyond the registries: no usage reports, no update checks.
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("NO_UPDATE_NOTIFIER", "1");
    for arg in args {
        command.arg(arg);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("{name} could not start ({e}); is Node.js installed?"))
}

fn json_of(tool: &str, out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{tool} printed no JSON report ({e}); exit {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Spectral's errors (severity 0) as `code at path: message` lines.
fn spectral_errors(spec: &Path) -> Vec<String> {
    let ruleset = foreign_dir().join("spectral.yaml");
    let out = npm_tool(
        "spectral",
        &[
            "lint".as_ref(),
            "--ruleset".as_ref(),
            ruleset.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--quiet".as_ref(),
            spec.as_os_str(),
        ],
    );
    let report = json_of("spectral", &out);
    let problems = report.as_array().expect("spectral's JSON report is a list");
    problems
        .iter()
        .filter(|p| p["severity"] == 0)
        .map(|p| {
            let path: Vec<String> = p["path"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned))
                .collect();
            format!("{} at {}: {}", p["code"], path.join("."), p["message"])
        })
        .collect()
}

/// Redocly's errors as `rule at pointer: message` lines, checked against its own total.
fn redocly_errors(spec: &Path) -> Vec<String> {
    let out = npm_tool(
        "redocly",
        &[
            "lint".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            spec.as_os_str(),
        ],
    );
    let report = json_of("redocly", &out);
    let errors: Vec<String> = report["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            format!(
                "{} at {}: {}",
                p["ruleId"], p["location"][0]["pointer"], p["message"]
            )
        })
        .collect();
    assert_eq!(
        report["totals"]["errors"].as_u64(),
        Some(errors.len() as u64),
        "redocly's totals disagree with its problem list: {report}"
    );
    errors
}

/// `strict_oas30.py`'s report and exit status.
fn strict_oas30(spec: &Path, payloads: &Path) -> (bool, Value) {
    let script = foreign_dir().join("strict_oas30.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(spec)
        .arg(payloads)
        .output()
        .expect("python3 is needed for this test; scripts/test installs its packages");
    (out.status.success(), json_of("strict_oas30.py", &out))
}

#[test]
fn spectral_oas_ruleset_reports_no_error() {
    let errors = spectral_errors(&spec_path());
    assert!(
        errors.is_empty(),
        "Spectral (spectral:oas) errors in spec/vsee.yaml:\n{}",
        errors.join("\n")
    );
}

#[test]
fn redocly_lint_reports_no_error() {
    let errors = redocly_errors(&spec_path());
    assert!(
        errors.is_empty(),
        "redocly lint errors in spec/vsee.yaml:\n{}",
        errors.join("\n")
    );
}

#[test]
fn strict_oas30_validators_accept_the_spec_its_examples_and_every_sample() {
    let (ok, report) = strict_oas30(&spec_path(), &workspace_root().join("tests/payloads"));
    assert!(
        ok,
        "a strict OAS 3.0.3 validator rejects spec/vsee.yaml:\n{report:#}"
    );
    assert_eq!(
        report["checked"]["payloads"].as_u64(),
        Some(fixtures().len() as u64),
        "every cleaned sample must be checked: {report}"
    );
    // One or more examples per operation (15) plus the parameters' and the error responses'.
    let examples = report["checked"]["examples"].as_u64().unwrap_or(0);
    assert!(examples >= 40, "only {examples} examples checked: {report}");
}

#[test]
fn every_tool_rejects_nullable_without_type() {
    let broken = BrokenSpec::new();
    let spectral = spectral_errors(&broken.path());
    assert!(
        spectral.iter().any(|e| e.contains("nullable")),
        "Spectral missed `nullable` without `type`: {spectral:?}"
    );
    let redocly = redocly_errors(&broken.path());
    assert!(
        redocly.iter().any(|e| e.contains("nullable")),
        "redocly missed `nullable` without `type`: {redocly:?}"
    );
    let (ok, report) = strict_oas30(&broken.path(), broken.empty_dir());
    let failures = report["failures"].to_string();
    assert!(
        !ok && failures.contains("/when"),
        "the strict validator accepted null where only `nullable` beside `allOf` allows it: {report}"
    );
}

/// Recordings of an API that moved on: a new field, a new enum value, a number where the spec
/// says string, nulls beside a `type` and beside a `$ref`, a numeric string where it says
/// integer, and an undocumented response status.
fn moved_on_recording(dir: &Path) -> PathBuf {
    let bundled =
        std::fs::read_to_string(workspace_root().join("tests/recordings/exchanges.ndjson"))
            .expect("tests/recordings/exchanges.ndjson is readable");
    let get_visit: Value = bundled
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|r| {
            r["method"] == "GET" && r["url"].as_str().is_some_and(|u| u.starts_with("/visits/"))
        })
        .expect("the bundled recording has a get_visit exchange");
    let mut changed = get_visit.clone();
    let data = &mut changed["response"]["body"]["data"];
    data["telehealth_platform"] = "webrtc".into();
    data["status"] = 35.into();
    data["code"] = 615123.into();
    data["room_code"] = Value::Null;
    data["start"] = Value::Null;
    data["created"] = "1615909605".into();
    let mut accepted = get_visit;
    accepted["response"]["status"] = 202.into();
    let path = dir.join("moved.ndjson");
    std::fs::write(&path, format!("{changed}\n{accepted}\n")).expect("write the recording");
    path
}

#[test]
fn every_tool_accepts_a_learned_spec() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let learned = dir.path().join("vsee.yaml");
    std::fs::copy(spec_path(), &learned).expect("copy the spec");
    let request = vsee_learn::command::Request {
        recordings: vec![moved_on_recording(dir.path())],
        spec: learned.clone(),
        regression: Some(workspace_root().join("tests/recordings")),
        write: true,
        json: true,
        options: vsee_learn::Options {
            crate_verdicts: false,
        },
    };
    let outcome = vsee_learn::command::run(&request, &mut |_| {}).expect("learn runs");
    assert_eq!(
        outcome.code, 0,
        "learn --write did not complete:\n{}",
        outcome.report
    );
    let text = std::fs::read_to_string(&learned).expect("the learned spec");
    assert!(text.contains("- enum: [null]") && text.contains("nullable: true"));
    assert_ne!(
        text,
        std::fs::read_to_string(spec_path()).expect("the spec")
    );

    let spectral = spectral_errors(&learned);
    assert!(
        spectral.is_empty(),
        "Spectral errors in the learned spec:\n{}",
        spectral.join("\n")
    );
    let redocly = redocly_errors(&learned);
    assert!(
        redocly.is_empty(),
        "redocly errors in the learned spec:\n{}",
        redocly.join("\n")
    );
    let (ok, report) = strict_oas30(&learned, &workspace_root().join("tests/payloads"));
    assert!(
        ok,
        "a strict OAS 3.0.3 validator rejects the learned spec:\n{report:#}"
    );
}
