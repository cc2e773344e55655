//! `cargo xtask diff` end to end: the binary on spec files in a temporary directory, its exit
//! codes (0, 1 with `--fail-on`, 2 for usage errors), its formats and `--recordings`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn base_spec() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/vsee-diff/tests/cases/base.yaml");
    std::fs::read_to_string(path).expect("the diff cases' base spec")
}

/// Writes `files` into a fresh temporary directory.
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
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

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(output)))
}

/// OLD = base; NEW = base with Status gaining a value (breaking for clients, which read it in
/// responses; additive for the published schemas; a new variant of `types::Status`, which is
/// `#[non_exhaustive]`, so additive for the crate).
fn breaking_pair() -> tempfile::TempDir {
    let base = base_spec();
    let new = base.replace("enum: [open, closed]", "enum: [open, closed, archived]");
    assert_ne!(base, new);
    dir_with(&[("old.yaml", &base), ("new.yaml", &new)])
}

const PAIR: &[&str] = &["--base-file", "old.yaml", "--new-file", "new.yaml"];

#[test]
fn fail_on_breaking_sets_the_exit_code() {
    let dir = breaking_pair();
    let out = xtask(
        dir.path(),
        &[PAIR, &["--format", "json", "--fail-on", "breaking"]].concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let report = json(&out);
    assert_eq!(report["api"]["level"], "breaking", "{report:#}");
    assert_eq!(report["crate"]["level"], "additive", "{report:#}");
    assert_eq!(report["schemas"]["level"], "additive", "{report:#}");
    assert!(report["api"]["reasons"][0]
        .as_str()
        .unwrap()
        .contains("archived"));
    let change = &report["changes"][0];
    assert_eq!(change["kind"], "enum-values-added");
    assert_eq!(change["new"]["location"], "new.yaml:112:7", "{change:#}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fail-on breaking"));

    // Without --fail-on the same report exits 0.
    let out = xtask(dir.path(), PAIR);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  api      breaking"), "{text}");
    assert!(
        text.contains("types::Status: variant `Archived` added"),
        "{text}"
    );
}

#[test]
fn identical_specs_pass_and_a_new_optional_field_is_additive_everywhere() {
    let base = base_spec();
    let additive = base.replace(
        "        reason:\n          type: string\n        room:",
        "        reason:\n          type: string\n        notes:\n          type: string\n        room:",
    );
    assert_ne!(base, additive);
    let dir = dir_with(&[
        ("old.yaml", &base),
        ("same.yaml", &base),
        ("additive.yaml", &additive),
    ]);

    let out = xtask(
        dir.path(),
        &[
            "--base-file",
            "old.yaml",
            "--new-file",
            "same.yaml",
            "--fail-on",
            "breaking",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let report = json(&out);
    for verdict in ["api", "crate", "schemas"] {
        assert_eq!(report[verdict]["level"], "none", "{verdict}: {report:#}");
    }
    assert_eq!(report["changes"], Value::Array(Vec::new()));

    // A new optional response field: additive for clients and schemas, and for the crate too
    // (the generated structs are #[non_exhaustive]: callers build them with builders, not
    // struct literals), so --fail-on breaking passes and --fail-on additive fails.
    let out = xtask(
        dir.path(),
        &[
            "--base-file",
            "old.yaml",
            "--new-file",
            "additive.yaml",
            "--fail-on",
            "breaking",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let report = json(&out);
    assert_eq!(report["api"]["level"], "additive", "{report:#}");
    assert_eq!(report["schemas"]["level"], "additive", "{report:#}");
    assert_eq!(report["crate"]["level"], "additive", "{report:#}");
    assert_eq!(report["crate"]["changes"][0]["kind"], "field-added");
    assert_eq!(report["crate"]["changes"][0]["item"], "types::Visit");

    let out = xtask(
        dir.path(),
        &[
            "--base-file",
            "old.yaml",
            "--new-file",
            "additive.yaml",
            "--fail-on",
            "additive",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
}

#[test]
fn markdown_is_a_verdict_table_and_a_change_list() {
    let dir = breaking_pair();
    let out = xtask(dir.path(), &[PAIR, &["--format", "markdown"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("| Verdict | Level | Changes | Question |"),
        "{md}"
    );
    assert!(md.contains("| `api` | **breaking** |"), "{md}");
    assert!(md.contains("| `crate` | additive |"), "{md}");
    assert!(md.contains("#### Changes"), "{md}");
    assert!(
        md.contains("`schema Status`: enum values added: \"archived\" (new.yaml:112:7)"),
        "{md}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = breaking_pair();
    std::fs::write(dir.path().join("broken.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--new-file", "new.yaml"], "--base-file"),
        (
            &["--base-file", "old.yaml", "--base", "HEAD"],
            "cannot be used with",
        ),
        (
            &[PAIR, &["--format", "yaml"]].concat(),
            "invalid value 'yaml'",
        ),
        (
            &[PAIR, &["--fail-on", "sometimes"]].concat(),
            "invalid value 'sometimes'",
        ),
        (
            &["--base-file", "missing.yaml", "--new-file", "new.yaml"],
            "cannot read the OLD spec missing.yaml",
        ),
        (
            &["--base-file", "old.yaml", "--new-file", "broken.yaml"],
            "broken.yaml:",
        ),
        (
            &[PAIR, &["--recordings", "no-such-dir"]].concat(),
            "no-such-dir",
        ),
    ];
    for (args, expected) in cases {
        let out = xtask(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}\n{}", show(&out));
        assert!(
            out.stdout.is_empty(),
            "{args:?}: a usage error prints no report\n{}",
            show(&out)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?}\n{}",
            show(&out)
        );
    }
}

#[test]
fn base_reads_the_spec_at_a_git_revision() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let git = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["rev-parse", "HEAD"])
        .output();
    let Ok(git) = git.map(|o| o.status.success()) else {
        panic!("git is needed by this test (and by `cargo xtask diff --base`)");
    };
    assert!(git, "the workspace is a git repository with a commit");
    let dir = tempfile::tempdir().unwrap();
    let new = root.join("spec/vsee.yaml");
    let new = new.to_str().unwrap();
    let out = xtask(
        dir.path(),
        &["--base", "HEAD", "--new-file", new, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json(&out)["old"], "spec/vsee.yaml@HEAD");

    let out = xtask(
        dir.path(),
        &["--base", "no-such-revision-4c61186", "--new-file", new],
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("git show no-such-revision-4c61186:spec/vsee.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("check that the revision exists"),
        "{stderr}"
    );
}

#[test]
fn recordings_that_change_verdict_are_listed_both_ways() {
    let base = base_spec();
    let new = base.replace("enum: [open, closed]", "enum: [open, archived]");
    let record = |status: &str| {
        format!(
            r#"{{"method": "GET", "url": "/visits/7727", "response": {{"status": 200, "body": {{"data": {{"id": "7727", "status": "{status}"}}}}}}}}"#
        )
    };
    let ndjson = [record("closed"), record("open"), record("archived")].join("\n") + "\n";
    let dir = dir_with(&[
        ("old.yaml", &base),
        ("new.yaml", &new),
        ("visits.ndjson", &ndjson),
    ]);
    let out = xtask(
        dir.path(),
        &[PAIR, &["--recordings", "visits.ndjson", "--format", "json"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let report = json(&out);
    let r = &report["recordings"];
    assert_eq!(r["checked"], 3, "{r:#}");
    let old_only = r["conform_old_not_new"].as_array().unwrap();
    let new_only = r["conform_new_not_old"].as_array().unwrap();
    assert_eq!(old_only.len(), 1, "{r:#}");
    assert_eq!(new_only.len(), 1, "{r:#}");
    assert_eq!(old_only[0]["entry"], 0);
    assert_eq!(old_only[0]["operation_id"], "get_visit");
    assert_eq!(new_only[0]["entry"], 2);
    // Findings say where and which keyword, never the recorded value.
    let finding = old_only[0]["findings"][0].as_str().unwrap();
    assert!(
        finding.starts_with("response /data/status: enum"),
        "{finding}"
    );
    // (the allowed values are schema facts; the recorded ones must not appear)
    assert!(!old_only[0].to_string().contains("closed"), "{r:#}");
    assert!(!new_only[0].to_string().contains("archived"), "{r:#}");

    let out = xtask(
        dir.path(),
        &[PAIR, &["--recordings", "visits.ndjson"]].concat(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 conform to OLD but not to NEW"), "{text}");
    assert!(
        text.contains("visits.ndjson#0 GET /visits/{id} (get_visit) -> 200"),
        "{text}"
    );
}

#[test]
fn help_explains_the_verdicts_and_flags() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--base-file <OLD.yaml>",
        "--base <GIT_REV>",
        "--new-file <NEW.yaml>",
        "--format <FORMAT>",
        "--fail-on <LEVEL>",
        "--recordings <PATH>",
        "would a client built for OLD still work",
        "Exit status",
    ] {
        assert!(help.contains(needle), "{needle:?} missing from:\n{help}");
    }
}
