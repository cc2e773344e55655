//! The drift watch's worker: the caller gets its response back without waiting for the check;
//! a full queue leaves exchanges unchecked, counts them and says so in its own WARN event
//! (on the caller's subscriber), never blocking; `flush` waits for the checks; `queue(0)`
//! checks on the caller's path.

#![cfg(feature = "drift-watch")]

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use vsee_workspace_tests::CapturedLog;

use httpmock::prelude::*;
use serde_json::Value;
use vsee_client::drift::DriftWatch;
use vsee_client::{Client, ClientBuilder, Credentials, Environment};

/// A server answering `get_visit` with the visit sample and one new field (one finding each).
async fn drifting_server() -> MockServer {
    let server = MockServer::start_async().await;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/payloads/get_visit/200.json"
    );
    let mut visit: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    visit["data"]["new_field"] = Value::from("new");
    server
        .mock_async(|when, then| {
            when.method(GET).path("/visits/7727");
            then.status(200).json_body(visit);
        })
        .await;
    server
}

fn client(server: &MockServer, watch: &DriftWatch) -> Client {
    ClientBuilder::new(
        Environment::Custom(server.base_url()),
        Credentials::new("token", "vclinic"),
    )
    .drift_watch(watch.clone())
    .build()
    .unwrap()
}

#[tokio::test]
async fn a_full_queue_drops_and_counts_without_blocking_the_caller() {
    let server = drifting_server().await;
    let (entered, checking) = mpsc::channel::<()>();
    let (release, released) = mpsc::channel::<()>();
    let released = Mutex::new(released);
    let calls = Arc::new(Mutex::new(0usize));
    let counted = Arc::clone(&calls);
    // The callback holds the worker until `release` is dropped: the queue fills behind it.
    let watch = DriftWatch::new().queue(1).on_drift(move |_| {
        *counted.lock().unwrap() += 1;
        let _ = entered.send(());
        let _ = released.lock().unwrap().recv();
    });
    let client = client(&server, &watch);
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    client.get_visit().id("7727").send().await.unwrap();
    // The worker is inside the first check: one more fits in the queue, three do not.
    checking.recv().unwrap();
    for _ in 0..4 {
        client.get_visit().id("7727").send().await.unwrap();
    }
    assert_eq!(watch.dropped(), 3);
    drop(release);
    watch.flush();
    assert_eq!(*calls.lock().unwrap(), 2, "two exchanges checked");

    let log = log.text();
    let dropped: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["fields"]["dropped"].is_number())
        .collect();
    assert_eq!(dropped.len(), 1, "{log}");
    assert_eq!(dropped[0]["fields"]["dropped"], 3);
    assert_eq!(dropped[0]["level"], "WARN");
    assert_eq!(dropped[0]["target"], "vsee_client::drift");
}

#[tokio::test]
async fn flush_waits_for_the_checks_and_queue_0_checks_on_the_caller() {
    let server = drifting_server().await;
    for capacity in [vsee_client::drift::DEFAULT_QUEUE, 0] {
        let calls = Arc::new(Mutex::new(0usize));
        let counted = Arc::clone(&calls);
        let watch = DriftWatch::new()
            .queue(capacity)
            .on_drift(move |_| *counted.lock().unwrap() += 1);
        let client = client(&server, &watch);
        for _ in 0..3 {
            client.get_visit().id("7727").send().await.unwrap();
        }
        if capacity == 0 {
            assert_eq!(
                *calls.lock().unwrap(),
                3,
                "checked before the call returned"
            );
        }
        watch.flush();
        assert_eq!(*calls.lock().unwrap(), 3, "queue {capacity}");
        assert_eq!(watch.dropped(), 0);
    }
}

/// A callback that panics does not end the worker: later exchanges are still checked, and the
/// panic's message (the application's text) reaches no event.
#[tokio::test]
async fn a_panicking_callback_does_not_end_the_worker() {
    let server = drifting_server().await;
    let calls = Arc::new(Mutex::new(0usize));
    let counted = Arc::clone(&calls);
    let watch = DriftWatch::new().on_drift(move |_| {
        let mut calls = counted.lock().unwrap();
        *calls += 1;
        if *calls == 1 {
            drop(calls);
            panic!("callback canary 4111111111111111");
        }
    });
    let client = client(&server, &watch);
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    for _ in 0..3 {
        client.get_visit().id("7727").send().await.unwrap();
    }
    watch.flush();
    assert_eq!(*calls.lock().unwrap(), 3, "every exchange checked");
    assert_eq!(watch.dropped(), 0);
    let log = log.text();
    assert_eq!(log.matches("panicked").count(), 1, "{log}");
    assert!(!log.contains("4111111111111111"), "{log}");
}
