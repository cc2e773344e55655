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

/// `learn --write` in a copy, then `xtask diff` of the copy before and after: the levels
/// of the diff, and the highest verdict of any applied proposal for each audience.
fn learn_then_diff(records: &[Value]) -> (Vec<Value>, Value) {
    let dir = setup(records);
    std::fs::copy(dir.path().join("vsee.yaml"), dir.path().join("old.yaml")).unwrap();
    let learn = [
        "learn",
        "--recordings",
        "rec.ndjson",
        "--spec",
        "vsee.yaml",
        "--write",
        "--format",
        "json",
    ];
    let output = xtask(&learn, dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let groups = report["learned"]["groups"].as_array().unwrap().clone();
    assert_eq!(
        report["written"]["applied"].as_array().unwrap().len(),
        groups.len(),
        "every group was written: {report:#}"
    );
    let diff = [
        "diff",
        "--base-file",
        "old.yaml",
        "--new-file",
        "vsee.yaml",
        "--format",
        "json",
    ];
    let diff = xtask(&diff, dir.path());
    assert_eq!(diff.status.code(), Some(0), "{}", show(&diff));
    (groups, serde_json::from_slice(&diff.stdout).unwrap())
}

fn rank(level: &Value) -> usize {
    ["none", "additive", "breaking"]
        .iter()
        .position(|x| level == x)
        .unwrap_or_else(|| panic!("not a level: {level}"))
}

/// Each of the five facts of the issue alone: its proposal's verdicts are exactly what
/// `cargo xtask diff` says of the spec `--write` leaves; all five together: the diff's level
/// is the highest of the proposals' verdicts.
#[test]
fn the_verdicts_of_learn_match_xtask_diff_on_the_written_spec() {
    let changes: [(&str, Value); 4] = [
        ("telehealth_platform", json!("webrtc")),
        ("status", json!(35)),
        ("code", json!(615123)),
        ("room_code", Value::Null),
    ];
    let mut singles: Vec<Value> = changes
        .iter()
        .map(|(field, value)| {
            let mut record = get_visit_record();
            record["response"]["body"]["data"][*field] = value.clone();
            record
        })
        .collect();
    let mut new_status = get_visit_record();
    new_status["response"]["status"] = json!(202);
    singles.push(new_status.clone());

    for record in &singles {
        let (groups, diff) = learn_then_diff(std::slice::from_ref(record));
        assert_eq!(groups.len(), 1, "{groups:#?}");
        let verdicts = &groups[0]["proposals"][0]["verdicts"];
        for audience in ["api", "crate", "schemas"] {
            assert_eq!(
                verdicts[audience], diff[audience]["level"],
                "{audience} of `{}`: diff says {}",
                groups[0]["title"], diff[audience]
            );
        }
    }

    let mut all = get_visit_record();
    for (field, value) in &changes {
        all["response"]["body"]["data"][*field] = value.clone();
    }
    let (groups, diff) = learn_then_diff(&[all, new_status]);
    assert_eq!(groups.len(), 5, "{groups:#?}");
    for audience in ["api", "crate", "schemas"] {
        let learned = groups
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

/// An endpoint the spec lacks is listed, never written: `--write` then exits 1 and says so,
/// and the spec is untouched.
#[test]
fn write_exits_1_when_a_proposal_cannot_be_written() {
    let mut unknown = get_visit_record();
    unknown["url"] = json!("/visits/7727/attachments");
    let dir = setup(&[unknown]);
    let before = std::fs::read_to_string(dir.path().join("vsee.yaml")).unwrap();
    let args = [
        "learn",
        "--recordings",
        "rec.ndjson",
        "--spec",
        "vsee.yaml",
        "--write",
        "--no-crate-verdict",
    ];
    let output = xtask(&args, dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("undocumented endpoint GET /visits/{id}/attachments")
            && stdout.contains("not written"),
        "{}",
        show(&output)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("edit those by hand"));
    let after = std::fs::read_to_string(dir.path().join("vsee.yaml")).unwrap();
    assert_eq!(before, after);
}
