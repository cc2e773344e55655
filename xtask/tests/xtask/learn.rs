//! `cargo xtask learn` end to end: help, exit codes, JSON output, and `--write` whose
//! result `cargo xtask diff` judges exactly as the proposals' verdicts said.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run the xtask binary")
}

fn show(output: &Output) -> String {
    format!(
        "status: {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn get_visit_record() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("tests/recordings/exchanges.ndjson"))
        .unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["method"] == "GET" && r["url"].as_str().unwrap().starts_with("/visits/"))
        .unwrap()
}

/// A temporary folder with a copy of the spec (`vsee.yaml`) and a recording.
fn setup(records: &[Value]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        workspace_root().join("spec/vsee.yaml"),
        dir.path().join("vsee.yaml"),
    )
    .unwrap();
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.path().join("rec.ndjson"), text).unwrap();
    dir
}

#[test]
fn learn_has_help_and_usage_errors_exit_2() {
    let cwd = workspace_root();
    let help = xtask(&["learn", "--help"], &cwd);
    assert_eq!(help.status.code(), Some(0), "{}", show(&help));
    let out = String::from_utf8_lossy(&help.stdout);
    for needle in [
        "--recordings",
        "--write",
        "--format",
        "Exit status",
        "bump versions",
    ] {
        assert!(out.contains(needle), "help lacks {needle}:\n{out}");
    }
    for args in [
        &["learn"][..],
        &["learn", "--recordings", "no/such/recordings.ndjson"][..],
        &[
            "learn",
            "--recordings",
            "tests/recordings",
            "--format",
            "yaml",
        ][..],
        &[
            "learn",
            "--recordings",
            "tests/recordings",
            "--spec",
            "no/such/spec.yaml",
        ][..],
    ] {
        let output = xtask(args, &cwd);
        assert_eq!(output.status.code(), Some(2), "{args:?}\n{}", show(&output));
    }
}

#[test]
fn nothing_to_learn_exits_0_and_proposals_exit_1_without_writing() {
    let same = setup(&[get_visit_record()]);
    let args = ["learn", "--recordings", "rec.ndjson", "--spec", "vsee.yaml"];
    let output = xtask(&args, same.path());
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));

    let mut moved = get_visit_record();
    moved["response"]["body"]["data"]["room_code"] = Value::Null;
    let dir = setup(&[moved]);
    let before = std::fs::read_to_string(dir.path().join("vsee.yaml")).unwrap();
    let output = xtask(
        &[&args[..], &["--format", "json", "--no-crate-verdict"]].concat(),
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let group = &report["learned"]["groups"][0];
    assert_eq!(group["kind"], "nullable-or-widened-type");
    assert_eq!(
        group["pointer"],
        "/components/schemas/Visit/properties/room_code"
    );
    assert_eq!(group["proposals"][0]["verdicts"]["schemas"], "additive");
    assert!(String::from_utf8_lossy(&output.stderr).contains("learn: reading rec.ndjson"));
    let after = std::fs::read_to_string(dir.path().join("vsee.yaml")).unwrap();
    assert_eq!(before, after, "without --write the spec is not touched");
}

#[test]
fn the_verdicts_of_learn_match_xtask_diff_on_the_written_spec() {
    let mut moved = get_visit_record();
    let data = &mut moved["response"]["body"]["data"];
    data["telehealth_platform"] = json!("webrtc");
    data["status"] = json!(35);
    data["room_code"] = Value::Null;
    let dir = setup(&[moved]);
    std::fs::copy(dir.path().join("vsee.yaml"), dir.path().join("old.yaml")).unwrap();
    let output = xtask(
        &[
            "learn",
            "--recordings",
            "rec.ndjson",
            "--spec",
            "vsee.yaml",
            "--write",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["written"]["applied"].as_array().unwrap().len(), 3);

    let diff = xtask(
        &[
            "diff",
            "--base-file",
            "old.yaml",
            "--new-file",
            "vsee.yaml",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(diff.status.code(), Some(0), "{}", show(&diff));
    let diff: Value = serde_json::from_slice(&diff.stdout).unwrap();
    let rank = |l: &Value| {
        ["none", "additive", "breaking"]
            .iter()
            .position(|x| l == x)
            .unwrap()
    };
    for audience in ["api", "crate", "schemas"] {
        let learned = report["learned"]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| rank(&g["proposals"][0]["verdicts"][audience]))
            .max()
            .unwrap();
        assert_eq!(
            rank(&diff[audience]["level"]),
            learned,
            "{audience}: diff says {}",
            diff[audience]
        );
    }
}
