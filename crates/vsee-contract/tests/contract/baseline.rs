//! The findings baseline in the library: which findings a baseline accepts, which entries are
//! stale or expired, the tally `--write-baseline` writes, and that limits apply to accepted
//! findings too.

use std::sync::Arc;

use vsee_contract::baseline::{self, Baseline, BaselineKey};
use vsee_contract::{collect_inputs, run, Checker, Kind, Report, RunOptions};
use vsee_workspace_tests::{workspace_root, BROKEN};

fn broken_report(options: &RunOptions) -> Report {
    let checker = Checker::new(vsee_spec::embedded().expect("embedded spec")).expect("checker");
    let (files, problems) = collect_inputs(&[workspace_root().join(BROKEN)], false);
    run(&checker, &files, problems, options)
}

/// The baseline the broken recording's tally writes, with every reason filled in.
fn written(expires: Option<&str>) -> Baseline {
    let report = broken_report(&RunOptions {
        tally: true,
        ..RunOptions::default()
    });
    let mut file = baseline::written_baseline(report.tally.as_ref().expect("tally"), None);
    for e in &mut file.entries {
        assert_eq!(e.reason, baseline::PLACEHOLDER_REASON);
        e.reason = "known".to_owned();
        e.expires = expires.map(str::to_owned);
    }
    let text = serde_json::to_vec(&file).unwrap();
    Baseline::parse(&text, "b.json", baseline::today()).expect("the written baseline loads")
}

#[test]
fn a_baseline_of_a_run_accepts_every_acceptable_finding_of_it_and_nothing_else() {
    let plain = broken_report(&RunOptions::default());
    let acceptable = plain
        .findings
        .iter()
        .filter(|f| BaselineKey::of(f).is_some())
        .count() as u64;
    assert!(acceptable > 5, "the broken set has deviations to accept");
    let b = Arc::new(written(None));
    let with = broken_report(&RunOptions {
        baseline: Some(b.clone()),
        ..RunOptions::default()
    });
    assert_eq!(with.summary.accepted, acceptable);
    assert_eq!(with.accepted.len() as u64, acceptable);
    assert_eq!(
        with.summary.findings + with.summary.accepted,
        plain.summary.findings
    );
    // Unreadable input and unrouted exchanges are never accepted: nothing names them but
    // values.
    assert!(!with.findings.is_empty());
    for f in &with.findings {
        assert!(matches!(f.kind, Kind::Input | Kind::Route), "{f:?}");
    }
    let outcome = with.baseline.as_ref().expect("outcome");
    assert!(outcome.stale.is_empty(), "{:?}", outcome.stale);
    assert_eq!(outcome.entries, b.entries.len() as u64);
    // Exchanges: conforming + accepted-only + with new findings = all (the input findings of
    // whole files are not exchanges).
    let s = &with.summary;
    assert!(s.accepted_only > 0);
    assert_eq!(
        s.conforming + s.accepted_only + s.with_findings,
        s.exchanges
    );
}

#[test]
fn expired_entries_are_findings_of_the_baseline_file_and_unmatched_ones_are_stale() {
    let b = written(Some("2000-01-01"));
    let n = b.entries.len();
    assert_eq!(b.expired.len(), n);
    let report = broken_report(&RunOptions {
        baseline: Some(Arc::new(b)),
        keep_exchanges: true,
        ..RunOptions::default()
    });
    let expired: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.keyword == "baseline-expired")
        .collect();
    assert_eq!(expired.len(), n);
    assert!(expired
        .iter()
        .all(|f| f.file == "b.json" && f.kind == Kind::Baseline));
    assert!(!report.is_clean());
    // JUnit sees them too: one failing testcase per expired entry.
    assert_eq!(
        report
            .exchanges
            .iter()
            .filter(|e| e.file == "b.json")
            .count(),
        n
    );

    let text = br#"{"version": 1, "entries": [{"operation_id": "get_visit", "status": 200,
        "part": "response", "location": "body", "pointer": "/data/nowhere", "keyword": "type",
        "count": 1, "reason": "gone since"}]}"#;
    let stale = Baseline::parse(text, "s.json", baseline::today()).unwrap();
    let report = broken_report(&RunOptions {
        baseline: Some(Arc::new(stale)),
        ..RunOptions::default()
    });
    let outcome = report.baseline.unwrap();
    assert_eq!(report.summary.stale, 1);
    assert_eq!(outcome.stale[0].entry, 0);
    assert_eq!(outcome.stale[0].pointer, "/data/nowhere");
    assert_eq!(outcome.accepted, 0);
}

#[test]
fn accepted_findings_are_listed_up_to_max_findings_and_counted_beyond() {
    let b = Arc::new(written(None));
    let report = broken_report(&RunOptions {
        baseline: Some(b),
        max_findings: Some(2),
        ..RunOptions::default()
    });
    assert_eq!(report.accepted.len(), 2);
    assert_eq!(report.summary.accepted_omitted, report.summary.accepted - 2);
}

#[test]
fn the_tally_generalises_array_indices_and_keeps_request_entries_status_free() {
    let report = broken_report(&RunOptions {
        tally: true,
        ..RunOptions::default()
    });
    let tally = report.tally.unwrap();
    for key in tally.keys() {
        assert!(
            !key.pointer
                .split('/')
                .any(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())),
            "{key:?}"
        );
        if key.part == vsee_contract::Part::Request {
            assert_eq!(key.status, None, "{key:?}");
        } else {
            assert!(key.status.is_some(), "{key:?}");
        }
    }
}
