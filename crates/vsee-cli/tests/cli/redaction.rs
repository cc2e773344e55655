//! Reports never carry recorded values without `--show-values`: not the patient data planted in
//! failing fields, query strings, paths and bodies of the broken set, and never the token from
//! its request headers, in any format.

use crate::common::{run, BROKEN, PATIENT, TOKEN};

const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];

/// Pieces of the planted values, each of which must be absent.
fn secrets() -> Vec<&'static str> {
    vec![
        TOKEN,
        PATIENT,
        "Jane",
        "1980-02-03",
        "Q. Patient",
        "Q.+Patient",
        "Q.%20Patient",
        "Gateway error",
        "6505550123",
        "9223372036854775808",
        "bored",
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(secret), "{what} leaks `{secret}`:\n{text}");
    }
}

#[test]
fn no_format_shows_recorded_values_by_default() {
    let bare = format!("{BROKEN}/bad_intake.json");
    for format in FORMATS {
        let out = run(&["validate", BROKEN, "--format", format, "--progress"]);
        assert_eq!(out.code, 1);
        assert_clean(&format!("{format} stdout"), &out.stdout);
        assert_clean(&format!("{format} stderr"), &out.stderr);
        let out = run(&[
            "validate",
            "--operation",
            "get_intake",
            "--status",
            "200",
            &bare,
            "--format",
            format,
        ]);
        assert_eq!(out.code, 1);
        assert_clean(&format!("{format} (bare payload)"), &out.stdout);
    }
}

#[test]
fn show_values_shows_values_but_never_the_token() {
    let out = run(&["validate", BROKEN, "--show-values"]);
    assert_eq!(out.code, 1);
    // The planted value is reachable: the default-run test above could fail.
    assert!(out.stdout.contains(PATIENT), "{}", out.stdout);
    assert!(out.stdout.contains("\"bored\""), "{}", out.stdout);
    assert!(
        !out.stdout.contains(TOKEN),
        "tokens never appear:\n{}",
        out.stdout
    );
    let json = run(&["validate", BROKEN, "--show-values", "--format", "json"]).json();
    assert_eq!(json["summary"]["values_shown"], true);
    let with_value = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["instance_path"] == "/data/member_id")
        .unwrap();
    assert_eq!(with_value["value"], format!("\"{PATIENT}\""));
    for format in FORMATS {
        let out = run(&["validate", BROKEN, "--show-values", "--format", format]);
        assert!(!out.stdout.contains(TOKEN), "{format} shows the token");
    }
}

#[test]
fn unknown_paths_are_redacted_to_spec_literals() {
    let json = run(&["validate", BROKEN, "--format", "json"]).json();
    let route = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["keyword"] == "unknown-path")
        .unwrap();
    assert_eq!(route["path"], "/vc/next/api_v3/*/*/*");
}
