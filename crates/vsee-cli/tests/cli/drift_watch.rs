//! The client's drift watch end to end, where the client and this command meet: drifted
//! responses served over loopback (a new status value, new fields at three depths, a number
//! where the spec documents a string, a missing required field) reach the application whole;
//! every drift is one event naming its pointer and keyword; a canary value sent in every body
//! appears in no event, log line, callback argument or recording; the recording fails
//! `vsee-contract validate --undocumented` (exit 1) at the same pointers, and `cargo xtask
//! learn`'s library proposes the spec edits from it.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use vsee_workspace_tests::CapturedLog;

use httpmock::prelude::*;
use serde_json::{json, Value};
use vsee_client::drift::{Drift, DriftWatch};
use vsee_client::{ClientBuilder, Credentials, Environment, Error};

use crate::common::{payload, root, run};

const CANARY: &str = "CANARY-Jane-Doe-4111";
const CANARY_NUMBER: i64 = 918_273_645;
const TOKEN: &str = "tok-CANARY-secret";

/// get_visit's sample with drift planted at every depth.
fn drifted_visit() -> Value {
    let mut visit = payload("get_visit", "200");
    let data = &mut visit["data"];
    data["status"] = json!(77);
    data["new_top_field"] = json!(CANARY);
    data["member"]["new_member_field"] = json!({"note": CANARY});
    data["member"]["id"] = json!(CANARY_NUMBER);
    data["member"]["full_name"] = json!(CANARY);
    data["hosts"][0]["new_host_field"] = json!(CANARY);
    visit
}

/// The drifts the spec reports in [`drifted_visit`] and in a current visit without `data`:
/// (operation, pointer, keyword).
const EXPECTED: [(&str, &str, &str); 6] = [
    ("get_visit", "/data/status", "oneOf"),
    ("get_visit", "/data/new_top_field", "undocumented-property"),
    (
        "get_visit",
        "/data/member/new_member_field",
        "undocumented-property",
    ),
    ("get_visit", "/data/member/id", "type"),
    (
        "get_visit",
        "/data/hosts/*/new_host_field",
        "undocumented-property",
    ),
    ("get_current_visit", "", "required"),
];

fn has(found: &[(String, String, String)], (op, at, keyword): (&str, &str, &str)) -> bool {
    found
        .iter()
        .any(|(o, p, k)| o == op && p == at && k == keyword)
}

/// A loopback server answering `get_visit` 7727 with [`drifted_visit`] and
/// `get_current_visit` with an envelope without its required `data`; the bodies served.
async fn serve_drift(server: &MockServer) -> (Vec<u8>, Vec<u8>) {
    let visit_bytes = serde_json::to_vec(&drifted_visit()).unwrap();
    let current_bytes = serde_json::to_vec(&json!({"s": CANARY})).unwrap();
    for (path, body) in [
        ("/visits/7727", &visit_bytes),
        ("/visits/current", &current_bytes),
    ] {
        server
            .mock_async(|when, then| {
                when.method(GET).path(path);
                then.status(200)
                    .header("content-type", "application/json")
                    .body(body.clone());
            })
            .await;
    }
    (visit_bytes, current_bytes)
}

/// The drift events in a JSON log: (operation, pointer, keyword) each.
fn drift_events(log: &str) -> Vec<(String, String, String)> {
    let events: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON log line"))
        .filter(|e: &Value| e["target"] == "vsee_client::drift")
        .collect();
    events
        .iter()
        .map(|e| {
            assert_eq!(e["level"], "WARN");
            let f = &e["fields"];
            assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16);
            (
                f["operation_id"].as_str().unwrap().to_owned(),
                f["pointer"].as_str().unwrap().to_owned(),
                f["keyword"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn drift_is_reported_recorded_validated_and_learned_without_a_value() {
    let server = MockServer::start_async().await;
    let (_, current_bytes) = serve_drift(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let recording = dir.path().join("drift.ndjson");
    let called: Arc<Mutex<Vec<Drift>>> = Arc::default();
    let sink = Arc::clone(&called);
    let watch = DriftWatch::new()
        .rate_limit(Duration::from_secs(3600))
        .on_drift(move |drift| sink.lock().unwrap().push(drift.clone()))
        .record(&recording)
        .expect("open the recording");
    let client = ClientBuilder::new(
        Environment::Custom(server.base_url()),
        Credentials::new(TOKEN, "vclinic"),
    )
    .drift_watch(watch.clone())
    .build()
    .unwrap();

    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Twice: the second drift of each fingerprint is left out of the log (rate limit), not of
    // the callback.
    for _ in 0..2 {
        let got = client.get_visit().id("7727").send().await.expect("a visit");
        assert_eq!(
            got.data.extra["new_top_field"],
            json!(CANARY),
            "the body reaches the caller"
        );
    }
    // A missing required field: the body does not decode, and comes back byte for byte.
    match client.get_current_visit().send().await {
        Err(Error::InvalidResponsePayload { body, .. }) => {
            assert_eq!(&body[..], &current_bytes[..])
        }
        other => panic!("expected the undecodable body back, got {other:?}"),
    }
    // The checks run on the watch's worker: wait for them.
    watch.flush();
    assert_eq!(watch.dropped(), 0);

    let log = log.text();
    let found = drift_events(&log);
    for expected in EXPECTED {
        assert!(
            has(&found, expected),
            "no event for {expected:?} in:\n{log}"
        );
    }
    let visit_events = found.iter().filter(|(op, ..)| op == "get_visit").count();
    let called = called.lock().unwrap().clone();
    let visit_calls = called
        .iter()
        .filter(|d| d.operation_id == "get_visit")
        .count();
    assert_eq!(
        visit_calls,
        2 * visit_events,
        "rate limited log, every callback: {log}"
    );

    let recorded = std::fs::read_to_string(&recording).unwrap();
    assert_eq!(
        recorded.lines().count(),
        3,
        "every drifted exchange, one line each"
    );
    for text in [&log, &format!("{called:?}"), &recorded] {
        for secret in [CANARY, &CANARY_NUMBER.to_string(), TOKEN] {
            assert!(!text.contains(secret), "`{secret}` leaked into:\n{text}");
        }
    }

    validated_at_the_same_pointers(&recording);
    learned_from(&recording);
}

/// The recording, judged by the command at the same pointers.
fn validated_at_the_same_pointers(recording: &std::path::Path) {
    let out = run(&[
        "validate".as_ref(),
        "--undocumented".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        recording.as_os_str(),
    ]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    let validated: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = f["instance_path"].as_str().unwrap();
            (
                f["operation_id"].as_str().unwrap_or_default().to_owned(),
                vsee_contract::shape::pointer_pattern(at),
                f["keyword"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in EXPECTED {
        assert!(
            has(&validated, expected),
            "validate misses {expected:?}: {report:#}"
        );
    }

    // Off by default: extra members are allowed by every object schema.
    let plain = run(&[
        "validate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        recording.as_os_str(),
    ]);
    assert_eq!(plain.code, 1, "the other drifts remain");
    let keywords: Vec<Value> = plain.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["keyword"].clone())
        .collect();
    assert!(
        !keywords.contains(&json!("undocumented-property")),
        "{keywords:?}"
    );
}

/// What `cargo xtask learn --recordings FILE` proposes.
fn learned_from(recording: &std::path::Path) {
    let text = std::fs::read_to_string(root().join("spec/vsee.yaml")).unwrap();
    let files = vsee_learn::collect(&[recording.to_owned()]).unwrap();
    let options = vsee_learn::Options {
        crate_verdicts: false,
    };
    let learned =
        vsee_learn::learn("spec/vsee.yaml", &text, &files, &options, &mut |_| {}).expect("learn");
    let kinds: Vec<(&str, &str)> = learned
        .groups
        .iter()
        .map(|g| (g.kind, g.pointer.as_str()))
        .collect();
    for (kind, at) in [
        ("new-property", "/components/schemas/Visit"),
        ("new-property", "/components/schemas/Member"),
        ("new-enum-value", "/components/schemas/VisitStatus"),
        ("required-missing", "/components/schemas/VisitEnvelope"),
    ] {
        assert!(
            kinds.iter().any(|(k, p)| *k == kind && p.starts_with(at)),
            "learn proposes no {kind} at {at}: {kinds:?}"
        );
    }
    assert!(learned
        .groups
        .iter()
        .all(|g| !g.proposals.is_empty() || g.note.is_some()));
}
