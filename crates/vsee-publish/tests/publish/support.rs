//! Packages the committed schemas once per test process, and the cases every artifact judges.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use vsee_publish::Published;

/// A base URI unlike the committed one, so that re-basing is exercised.
pub const BASE_URI: &str = "https://schemas.test.example/vsee/";

pub struct Packaged {
    /// Holds the output directory alive.
    pub dir: tempfile::TempDir,
    pub published: Published,
}

impl Packaged {
    pub fn out(&self) -> &Path {
        self.dir.path()
    }
}

pub fn spec() -> vsee_spec::Spec {
    vsee_spec::embedded().expect("the embedded spec loads")
}

/// The committed files (`crates/vsee-schemas/schemas/`), as `cargo xtask schemas-package`
/// reads them after `cargo xtask generate`.
pub fn committed_files() -> Vec<(String, Value)> {
    let mut files: Vec<(String, Value)> = vsee_schemas::files()
        .map(|f| (f.name.to_owned(), f.json()))
        .collect();
    files.push(("index.json".into(), vsee_schemas::index().clone()));
    files
}

pub fn published(base_uri: &str) -> Published {
    Published::new(&spec(), committed_files(), vsee_schemas::BASE_URI, base_uri)
        .expect("the committed schemas package")
}

pub fn package() -> Packaged {
    let dir = tempfile::tempdir().expect("temp dir");
    let published = published(BASE_URI);
    vsee_publish::package(&spec(), &published, dir.path()).expect("packages");
    Packaged { dir, published }
}

/// Every fixture (must be valid), every mutation (must be invalid) and every JSON request
/// example of the spec (must be valid), in the shape the JS and Python drivers read.
pub fn cases() -> Value {
    let mut cases = Vec::new();
    for f in vsee_workspace_tests::fixtures() {
        cases.push(json!({"name": format!("fixture {}", f.name), "kind": "response",
            "operation_id": f.operation_id, "status": f.status, "instance": f.body, "expect": true}));
    }
    for m in vsee_workspace_tests::mutations() {
        cases.push(
            json!({"name": format!("mutation {}", m.name), "kind": "response",
            "operation_id": m.fixture.operation_id, "status": m.fixture.status,
            "instance": m.fixture.body, "expect": false}),
        );
    }
    let spec = spec();
    for op in spec.operations() {
        let pointer = format!("{}/requestBody", op.pointer);
        let Some(body) = spec.document().pointer(&pointer) else {
            continue;
        };
        let (body, _) = spec.deref(body);
        let Some(example) = body.pointer("/content/application~1json/example") else {
            continue;
        };
        cases.push(
            json!({"name": format!("request example {}", op.id), "kind": "request",
            "operation_id": op.id,
            // Parameters and case must not matter.
            "media_type": "Application/JSON; charset=utf-8",
            "instance": example, "expect": true}),
        );
    }
    assert!(cases.len() > 20, "too few cases: {}", cases.len());
    json!({ "cases": cases })
}

/// Runs a command, panicking with its output when it fails; returns stdout.
pub fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Compares the verdicts a foreign driver printed (`{name: true|false|"missing"}`) with the
/// expectations of [`cases`].
pub fn assert_verdicts(cases: &Value, verdicts_json: &str, judge: &str) {
    let verdicts: Value = serde_json::from_str(verdicts_json)
        .unwrap_or_else(|e| panic!("{judge} printed no JSON ({e}):\n{verdicts_json}"));
    let mut wrong = Vec::new();
    let list = cases["cases"].as_array().expect("cases");
    for case in list {
        let name = case["name"].as_str().expect("name");
        if verdicts[name] != case["expect"] {
            wrong.push(format!(
                "{name}: {judge} says {}, expected {}",
                verdicts[name], case["expect"]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases judged wrongly:\n{}",
        wrong.len(),
        list.len(),
        wrong.join("\n")
    );
    assert_eq!(
        verdicts.as_object().map(|v| v.len()),
        Some(list.len()),
        "one verdict per case"
    );
}

pub fn workspace_root() -> PathBuf {
    vsee_workspace_tests::workspace_root()
}
