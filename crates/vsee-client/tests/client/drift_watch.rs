//! The drift watch from the client's side: off, it costs no dependency (the manifest's
//! `cargo tree` with and without the feature); on, `examples/drift_watch.rs` runs against a
//! loopback server serving the spec's samples (one with a planted new field) and exits 0,
//! printing drift events as JSON lines and recording every exchange without the token.
//! (The end-to-end check of events, recording, `validate` and `learn` is in vsee-cli's tests,
//! where the client and the command meet.)

use std::collections::BTreeSet;
use std::process::Command;

/// `cargo tree -p vsee-client -e normal` with `args`: the package names, without versions.
fn normal_dependencies(args: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "vsee-client",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn without_the_feature_the_client_depends_on_nothing_new() {
    let without = normal_dependencies(&[]);
    let with = normal_dependencies(&["--features", "drift-watch"]);
    assert!(!without.contains("vsee-contract"), "{without:?}");
    assert!(!without.contains("vsee-spec"), "{without:?}");
    assert!(with.contains("vsee-contract") && with.contains("vsee-spec"));
    let added: Vec<&String> = with.difference(&without).collect();
    assert!(!added.is_empty());
    assert!(
        without.is_subset(&with),
        "the feature only adds: {:?}",
        without.difference(&with).collect::<Vec<_>>()
    );
}

#[cfg(feature = "drift-watch")]
mod example {
    use httpmock::prelude::*;
    use serde_json::Value;

    const TOKEN: &str = "tok-CANARY-example";
    const INTAKE: &str = "57b4c678-de20-4c1a-a52b-43e9ac1f0144";

    fn fixture(operation: &str) -> Value {
        let path = format!(
            "{}/../../tests/payloads/{operation}/200.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("JSON")
    }

    /// `target/<profile>/examples/drift_watch`, built with the tests (`required-features`).
    fn example_binary() -> std::path::PathBuf {
        let test = std::env::current_exe().unwrap();
        let profile = test.parent().and_then(|deps| deps.parent()).unwrap();
        profile
            .join("examples")
            .join(format!("drift_watch{}", std::env::consts::EXE_SUFFIX))
    }

    #[tokio::test]
    async fn the_example_reports_drift_and_exits_0() {
        let server = MockServer::start_async().await;
        let mut visit = fixture("get_visit");
        visit["data"]["new_field"] = Value::from("CANARY-Jane");
        let routes = [
            (GET, "/visits/7727".to_owned(), visit),
            (GET, "/visits".to_owned(), fixture("list_visits")),
            (
                GET,
                "/visits/current".to_owned(),
                fixture("get_current_visit"),
            ),
            (GET, format!("/intakes/{INTAKE}"), fixture("get_intake")),
            (POST, "/visits/add_walkin".to_owned(), fixture("add_walkin")),
        ];
        for (method, path, body) in routes {
            server
                .mock_async(|when, then| {
                    when.method(method).path(path.as_str());
                    then.status(200).json_body(body);
                })
                .await;
        }
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("today.ndjson");
        let binary = example_binary();
        let mut command = std::process::Command::new(&binary);
        command
            .arg(server.base_url())
            .arg(&record)
            .env("VSEE_API_TOKEN", TOKEN)
            .env("VSEE_ACCOUNT_CODE", "vclinic");
        let out = tokio::task::spawn_blocking(move || command.output())
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("run {}: {e}", binary.display()));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
        let events: Vec<Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON event a line"))
            .collect();
        assert!(
            events.iter().all(|e| e["target"] == "vsee_client::drift"),
            "{stdout}"
        );
        assert!(
            events
                .iter()
                .any(|e| e["fields"]["pointer"] == "/data/new_field"
                    && e["fields"]["keyword"] == "undocumented-property"),
            "{stdout}"
        );
        let recorded = std::fs::read_to_string(&record).unwrap();
        assert_eq!(recorded.lines().count(), 5, "every exchange: {recorded}");
        for text in [&stdout, &recorded, &stderr.into_owned()] {
            assert!(!text.contains(TOKEN) && !text.contains("CANARY"), "{text}");
        }
    }
}
