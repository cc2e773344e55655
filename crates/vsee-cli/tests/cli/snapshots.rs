//! Snapshots of the human and JSON reports of the small broken recording
//! (`tests/data/broken/`: a HAR and an NDJSON file, one disagreement per exchange).

use crate::common::{run, BROKEN};

#[test]
fn human_report_of_the_broken_recording() {
    let out = run(&["validate", BROKEN, "--no-progress"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("broken_human", out.stdout);
}

#[test]
fn json_report_of_the_broken_recording() {
    let out = run(&["validate", BROKEN, "--format", "json"]);
    assert_eq!(out.code, 1);
    insta::assert_json_snapshot!("broken_json", out.json());
}
