//! vsee-learn's integration tests (one binary): an API that moved on is learned into a copy
//! of the spec with a minimal textual diff, the verdicts agree with a diff of the result, no
//! recorded free text reaches the spec, and the editor keeps every other line.

mod editor;
mod rank;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use vsee_diff::Level;
use vsee_learn::{Learned, Options};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn spec_text() -> String {
    std::fs::read_to_string(root().join("spec/vsee.yaml")).unwrap()
}

/// The bundled NDJSON recording, one JSON value per exchange.
fn bundled_records() -> Vec<Value> {
    std::fs::read_to_string(root().join("tests/recordings/exchanges.ndjson"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn get_visit_record() -> Value {
    bundled_records()
        .into_iter()
        .find(|r| r["method"] == "GET" && r["url"].as_str().unwrap().starts_with("/visits/"))
        .expect("the bundled recording has a get_visit exchange")
}

pub fn write_ndjson(dir: &Path, name: &str, records: &[Value]) -> PathBuf {
    let path = dir.join(name);
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// Recordings of an API that moved on: a new field, a new status value, a number where the
/// spec says string, a null where it says string, and a new response status.
fn moved_on(dir: &Path) -> PathBuf {
    let mut changed = get_visit_record();
    let data = &mut changed["response"]["body"]["data"];
    data["telehealth_platform"] = json!("webrtc");
    data["status"] = json!(35);
    data["code"] = json!(615123);
    data["room_code"] = Value::Null;
    let mut accepted = get_visit_record();
    accepted["response"]["status"] = json!(202);
    write_ndjson(dir, "moved.ndjson", &[changed, accepted])
}

pub struct Run {
    pub original: String,
    pub written: String,
    pub learned: Learned,
    pub written_report: vsee_learn::Written,
}

pub fn learn_and_write(recordings: &Path, dir: &Path) -> Run {
    let original = spec_text();
    let spec_path = dir.join("vsee.yaml");
    std::fs::write(&spec_path, &original).unwrap();
    let files = vsee_learn::collect(&[recordings.to_path_buf()]).unwrap();
    let learned = vsee_learn::learn(
        "vsee.yaml",
        &original,
        &files,
        &Options::default(),
        &mut |_| {},
    )
    .unwrap();
    let regression = vsee_learn::collect(&[root().join("tests/recordings")]).unwrap();
    let written_report = vsee_learn::write(
        &spec_path,
        "vsee.yaml",
        &original,
        &learned,
        &files,
        &regression,
    )
    .unwrap();
    let written = std::fs::read_to_string(&spec_path).unwrap();
    Run {
        original,
        written,
        learned,
        written_report,
    }
}

/// Lines removed from `a` and added in `b` (longest common subsequence of lines).
pub fn line_diff<'a>(a: &'a str, b: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    // Common prefix and suffix first: the table is then only as big as the changed middle.
    let prefix = x.iter().zip(&y).take_while(|(p, q)| p == q).count();
    let suffix = x[prefix..]
        .iter()
        .rev()
        .zip(y[prefix..].iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    let (x, y) = (&x[prefix..x.len() - suffix], &y[prefix..y.len() - suffix]);
    let mut table = vec![vec![0u32; y.len() + 1]; x.len() + 1];
    for i in (0..x.len()).rev() {
        for j in (0..y.len()).rev() {
            table[i][j] = if x[i] == y[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < x.len() || j < y.len() {
        if i < x.len() && j < y.len() && x[i] == y[j] {
            i += 1;
            j += 1;
        } else if j < y.len() && (i == x.len() || table[i][j + 1] >= table[i + 1][j]) {
            added.push(y[j]);
            j += 1;
        } else {
            removed.push(x[i]);
            i += 1;
        }
    }
    (removed, added)
}

#[test]
fn an_api_that_moved_on_is_learned_with_a_minimal_diff() {
    let dir = tempfile::tempdir().unwrap();
    let recordings = moved_on(dir.path());
    let run = learn_and_write(&recordings, dir.path());
    every_change_is_one_located_group(&run);
    let v = &run.written_report.verification;
    assert!(v.ok(), "{v:#?}");
    assert!(
        run.written_report.skipped.is_empty(),
        "{:?}",
        run.written_report.skipped
    );
    assert_eq!(run.written_report.applied.len(), 5);

    the_diff_holds_only_the_new_facts(&run);
    the_learned_spec_holds(&run, &recordings);
    the_verdicts_add_up(&run);
}

/// One group per new fact, each with evidence, a location and verdicts.
fn every_change_is_one_located_group(run: &Run) {
    let kinds: Vec<(&str, &str)> = run
        .learned
        .groups
        .iter()
        .map(|g| (g.kind, g.pointer.as_str()))
        .collect();
    for expected in [
        ("new-property", "/components/schemas/Visit"),
        ("new-enum-value", "/components/schemas/VisitStatus"),
        (
            "nullable-or-widened-type",
            "/components/schemas/Visit/properties/code",
        ),
        (
            "nullable-or-widened-type",
            "/components/schemas/Visit/properties/room_code",
        ),
        ("new-response-status", "/paths/~1visits~1{id}/get/responses"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
    assert_eq!(run.learned.groups.len(), 5, "{kinds:?}");
    for group in &run.learned.groups {
        let first = group.proposals.first().expect("every group has an edit");
        assert!(first.verdicts.is_some(), "group {} has verdicts", group.id);
        assert!(!group.evidence.places.is_empty());
        assert!(
            group.location.starts_with("vsee.yaml:"),
            "{}",
            group.location
        );
    }
}

/// The textual diff holds only the lines of the new facts (a new status also gets a
/// placeholder name in the spec's `x-enum-varnames`).
fn the_diff_holds_only_the_new_facts(run: &Run) {
    let (removed, added) = line_diff(&run.original, &run.written);
    assert_eq!(
        removed,
        [
            "          enum: [10, 20, 25, 30, 40]",
            "          x-enum-varnames: [Pending, Confirmed, InProgress, Completed, Cancelled]",
            "          enum: ['10', '20', '25', '30', '40']",
            "          type: string",
        ],
        "removed lines"
    );
    let expected_added = [
        "        '202':",
        "          description: Status 202, seen in recorded traffic (learned); say what it means.",
        "          content:",
        "            application/json:",
        "              schema:",
        "                $ref: '#/components/schemas/VisitEnvelope'",
        "          enum: [10, 20, 25, 30, 40, 35]",
        "          x-enum-varnames: [Pending, Confirmed, InProgress, Completed, Cancelled, Unnamed35]",
        "          enum: ['10', '20', '25', '30', '40', '35']",
        "          anyOf:",
        "            - type: string",
        "            - type: integer",
        "              format: int64",
        "          nullable: true",
        "        telehealth_platform:",
        "          type: string",
    ];
    assert_eq!(added, expected_added, "added lines");
}

/// The learned spec lints, generates, accepts the recordings and still accepts the bundled
/// ones; learning again finds nothing.
fn the_learned_spec_holds(run: &Run, recordings: &Path) {
    let new = vsee_spec::load_str("vsee.yaml", &run.written).unwrap();
    assert_eq!(vsee_spec::lint(&new), Vec::new());
    vsee_codegen::generated_files(&new, "spec/vsee.yaml").expect("the learned spec generates");
    for recordings in [recordings.to_path_buf(), root().join("tests/recordings")] {
        let files = vsee_learn::collect(std::slice::from_ref(&recordings)).unwrap();
        let checker =
            vsee_contract::Checker::new(vsee_spec::load_str("vsee.yaml", &run.written).unwrap())
                .unwrap();
        let report = vsee_contract::run(
            &checker,
            &files,
            Vec::new(),
            &vsee_contract::RunOptions::default(),
        );
        assert!(
            report.is_clean(),
            "{} does not conform: {:?}",
            recordings.display(),
            report.findings
        );
    }
    let files = vsee_learn::collect(&[recordings.to_path_buf()]).unwrap();
    let again = vsee_learn::learn(
        "vsee.yaml",
        &run.written,
        &files,
        &Options {
            crate_verdicts: false,
        },
        &mut |_| {},
    )
    .unwrap();
    assert!(again.is_empty(), "{:#?}", again.groups);
}

/// The diff of the written result is the sum of the proposals' verdicts.
fn the_verdicts_add_up(run: &Run) {
    let new = vsee_spec::load_str("vsee.yaml", &run.written).unwrap();
    let old = vsee_spec::load_str("vsee.yaml", &run.original).unwrap();
    let whole = vsee_diff::diff_specs(&old, &new);
    let crate_whole = vsee_diff::diff_crate(
        &vsee_codegen::client_source(&old).unwrap(),
        &vsee_codegen::client_source(&new).unwrap(),
    )
    .unwrap();
    let firsts: Vec<&vsee_learn::Verdicts> = run
        .learned
        .groups
        .iter()
        .map(|g| g.proposals[0].verdicts.as_ref().unwrap())
        .collect();
    let max =
        |f: &dyn Fn(&vsee_learn::Verdicts) -> Level| firsts.iter().map(|v| f(v)).max().unwrap();
    assert_eq!(whole.api.level, max(&|v| v.api));
    assert_eq!(whole.schemas.level, max(&|v| v.schemas));
    assert_eq!(
        Some(crate_whole.level),
        max(&|v| v.crate_.unwrap_or(Level::None)).into()
    );
    // Each reason of the whole diff is the reason of one proposal.
    for reason in &whole.api.reasons {
        assert!(
            firsts
                .iter()
                .any(|v| v.reasons.contains(&format!("api: {reason}"))),
            "api reason of the whole diff not in any proposal: {reason}"
        );
    }
}

#[test]
fn no_recorded_free_text_reaches_the_spec_or_the_report() {
    const CANARY: &str = "CANARY";
    let dir = tempfile::tempdir().unwrap();
    let mut changed = get_visit_record();
    let data = &mut changed["response"]["body"]["data"];
    // In a new property, in a nested new object, in a documented free-text field, as a new
    // value of an enumerated field, as a key that is not a field name.
    data["intake_notes"] = json!("CANARY-1 patient reports a rash since Tuesday");
    data["insurance"] = json!({"plan_id": 12, "carrier_note": "CANARY-2 member notes"});
    data["room_code"] = json!("CANARY-3 free text room");
    data["status"] = json!("CANARY-4 Status Text");
    data["CANARY-5 Jane Doe"] = json!("CANARY-6");
    let mut new_status = get_visit_record();
    new_status["response"]["status"] = json!(203);
    new_status["response"]["body"] = json!({"note": "CANARY-7 a body of a new status"});
    let mut unknown = get_visit_record();
    unknown["url"] = json!("/visits/7727/CANARY-8-notes");
    let recordings = write_ndjson(
        dir.path(),
        "canaries.ndjson",
        &[changed, new_status, unknown],
    );

    let run = learn_and_write(&recordings, dir.path());
    assert!(
        !run.written.to_ascii_uppercase().contains(CANARY),
        "a recorded value reached the spec"
    );
    assert_ne!(run.written, run.original, "the coded facts were written");
    assert!(
        run.written.contains("intake_notes:"),
        "the new field is documented by its type"
    );
    let human = vsee_learn::render::human(&run.learned, &run.original)
        + &vsee_learn::render::human_written(&run.written_report);
    let json = vsee_learn::render::json(&run.learned, Some(&run.written_report));
    for report in [&human, &json] {
        assert!(!report.to_ascii_uppercase().contains(CANARY), "{report}");
    }
    // The enum value that is not a code is listed, not written.
    let status = run
        .learned
        .groups
        .iter()
        .find(|g| g.kind == "new-enum-value")
        .expect("the enum disagreement is listed");
    assert!(status.proposals.is_empty());
    assert!(status.note.as_deref().unwrap().contains("not codes"));
    // The endpoint is listed with a guessed template, not written.
    let endpoint = run
        .learned
        .groups
        .iter()
        .find(|g| g.kind == "new-endpoint")
        .unwrap();
    assert_eq!(
        endpoint.title,
        "undocumented endpoint GET /visits/{id}/{id2}"
    );
}
