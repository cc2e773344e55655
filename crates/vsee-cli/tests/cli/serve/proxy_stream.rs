//! Response bodies through the proxy (issue 21): encoded bodies are checked and recorded
//! decoded while the client gets the bytes as sent; bodies stream (the first bytes reach the
//! client before the upstream has finished); memory stays bounded by the check limit, for a
//! large body and for a decompression bomb alike.

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;

use super::support::{validate, Server};
use super::upstream::{head, response, Step, Upstream};

const TOKEN: &str = "tok-CANARY-STREAM-7001";

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("zlib");
    e.finish().expect("zlib")
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
    w.write_all(data).expect("brotli");
    drop(w);
    out
}

/// Peak resident memory of a process, in KiB (`VmHWM` of /proc/PID/status).
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn get(base: &str, path: &str) -> reqwest::Response {
    client()
        .get(format!("{base}{path}"))
        .header("X-ApiToken", TOKEN)
        .header("X-AccountCode", "vclinic")
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .expect("the proxy answers")
}

fn recorded(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("the recording")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect()
}

#[tokio::test]
async fn encoded_bodies_are_checked_decoded_and_passed_on_as_sent() {
    let good = br#"{"code": 404, "message": "no visit CANARY-BODY"}"#;
    let bad = br#"{"code": "CANARY-CODE", "message": "no"}"#;
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("gzip", gzip(good)),
        ("br", brotli(bad)),
        ("deflate, gzip", gzip(&zlib(bad))),
        ("zstd", b"\x28\xb5\x2f\xfd not zstd either".to_vec()),
    ];
    let served = bodies.clone();
    let upstream = Upstream::start("/api", move |seen| {
        let i: usize = seen.target.rsplit('/').next().unwrap().parse().unwrap();
        let (coding, body) = &served[i];
        response(
            404,
            &[
                ("content-type", "application/json"),
                ("content-encoding", coding),
            ],
            body,
        )
    })
    .await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let recording = dir.path().join("encoded.ndjson");
    let proxy = Server::start(&[
        "proxy",
        "--upstream",
        &upstream.base,
        "--record",
        recording.to_str().expect("utf-8"),
    ]);
    for (i, (coding, body)) in bodies.iter().enumerate() {
        let answer = get(&proxy.base, &format!("/visits/{i}")).await;
        assert_eq!(answer.status(), 404);
        assert_eq!(answer.headers()["content-encoding"], *coding);
        assert_eq!(
            answer.headers()["content-length"],
            body.len().to_string().as_str()
        );
        let bytes = answer.bytes().await.expect("a body");
        assert_eq!(&bytes[..], &body[..], "{coding}: the bytes as sent");
    }
    for seen in upstream.seen() {
        assert_eq!(seen.header("accept-encoding"), Some("gzip, deflate, br"));
    }
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");
    assert!(!log.contains("proxy:0 "), "the gzip body conforms:\n{log}");
    for n in [1, 2] {
        assert!(
            log.lines()
                .any(|l| l.starts_with(&format!("proxy:{n} ")) && l.contains("/code")),
            "proxy:{n} /code:\n{log}"
        );
    }
    assert!(!log.contains(" json "), "checked as raw bytes:\n{log}");
    assert!(
        log.contains("proxy:3 GET")
            && log.contains("response body not checked: its Content-Encoding is not"),
        "{log}"
    );
    assert!(!log.contains("CANARY"), "{log}");

    let lines = recorded(&recording);
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["response"]["body"]["message"].is_string());
    assert!(lines[1]["response"]["body"]["code"].is_string());
    let unchecked = lines[3]["response"].as_object().expect("a response");
    assert_eq!(unchecked["status"], 404);
    for field in ["body", "body_text", "body_base64"] {
        assert!(!unchecked.contains_key(field), "{field}: {unchecked:?}");
    }
    let text = std::fs::read_to_string(&recording).expect("the recording");
    assert!(!text.contains("CANARY") && !text.contains(TOKEN), "{text}");
    let (code, out) = validate(&recording);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/code") && !out.contains(" json "), "{out}");
}

#[tokio::test]
async fn the_client_gets_the_first_bytes_before_the_upstream_finishes() {
    let first = br#"{"code": 404, "message": "the first part, "#.to_vec();
    let rest = br#"then the rest"}"#.to_vec();
    let release = Arc::new(Notify::new());
    let gate = Arc::clone(&release);
    let (a, b) = (first.clone(), rest.clone());
    let upstream = Upstream::start("/api", move |_| {
        let mut bytes = head(
            404,
            &[("content-type", "application/json")],
            a.len() + b.len(),
        );
        bytes.extend_from_slice(&a);
        vec![
            Step::Send(bytes),
            Step::Wait(Arc::clone(&gate)),
            Step::Send(b.clone()),
        ]
    })
    .await;
    let proxy = Server::start(&["proxy", "--upstream", &upstream.base]);
    let mut answer = tokio::time::timeout(Duration::from_secs(5), get(&proxy.base, "/visits/1"))
        .await
        .expect("the response head arrives while the upstream still holds the rest");
    let chunk = tokio::time::timeout(Duration::from_secs(5), answer.chunk())
        .await
        .expect("the first bytes arrive while the upstream still holds the rest")
        .expect("a chunk")
        .expect("not the end");
    assert!(first.starts_with(&chunk), "{chunk:?}");
    release.notify_one();
    let mut all = chunk.to_vec();
    while let Some(more) = answer.chunk().await.expect("the rest") {
        all.extend_from_slice(&more);
    }
    assert_eq!(all, [first, rest].concat());
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");
    assert!(
        !log.contains("proxy:0 "),
        "the whole body was checked:\n{log}"
    );
}

/// A 20 MB JSON body: `{"code": 500, "message": "aaaa..."}`.
fn large_body() -> Vec<u8> {
    let mut body = br#"{"code": 500, "message": ""#.to_vec();
    body.resize(20_000_000, b'a');
    body.extend_from_slice(br#""}"#);
    body
}

/// Peak memory of a proxy (before, after) one request for `path` whose answer is read whole
/// and compared with `expected`. A small request first settles the proxy's start-up.
async fn peak_around(proxy: &Server, path: &str, expected: &[u8]) -> (u64, u64) {
    assert_eq!(get(&proxy.base, "/visits/1").await.status(), 500);
    let before = peak_kib(proxy.pid());
    let answer = get(&proxy.base, path).await;
    let bytes = answer.bytes().await.expect("the whole body");
    assert!(
        bytes[..] == expected[..],
        "the body passed through unchanged"
    );
    (before, peak_kib(proxy.pid()))
}

#[tokio::test]
async fn a_large_body_streams_through_in_bounded_memory() {
    let body = Arc::new(large_body());
    let bomb = Arc::new(gzip(&vec![0u8; 1 << 20]).repeat(300));
    let (big, boom) = (Arc::clone(&body), Arc::clone(&bomb));
    let upstream = Upstream::start("/api", move |seen| {
        let json = ("content-type", "application/json");
        if seen.target.ends_with("/1") {
            response(500, &[json], br#"{"code": 500, "message": "x"}"#)
        } else if seen.target.ends_with("/3") {
            response(500, &[json, ("content-encoding", "gzip")], &boom)
        } else {
            response(500, &[json], &big)
        }
    })
    .await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let recording = dir.path().join("large.ndjson");

    // Over the default limit (16 MiB): passed through, not held, recorded without its body.
    let proxy = Server::start(&[
        "proxy",
        "--upstream",
        &upstream.base,
        "--record",
        recording.to_str().expect("utf-8"),
    ]);
    let (before, after) = peak_around(&proxy, "/visits/2", &body).await;
    eprintln!("20 MB passed through: peak {before} KiB -> {after} KiB");
    assert!(after - before < 32 * 1024, "{before} KiB -> {after} KiB");
    let (before, after) = peak_around(&proxy, "/visits/3", &bomb).await;
    eprintln!("gzip bomb (300 MiB decoded): peak {before} KiB -> {after} KiB");
    assert!(after - before < 40 * 1024, "{before} KiB -> {after} KiB");
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");
    let too_large = "response body not checked: larger than --max-check-bytes (16777216 bytes)";
    for n in [1, 3] {
        let line = format!("proxy:{n} GET /visits/* -> 500: {too_large}");
        assert!(log.contains(&line), "{line}\n{log}");
    }
    let lines = recorded(&recording);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["response"]["status"], 500);
    assert!(lines[1]["response"].get("body").is_none());
    assert!(lines[1]["response"].get("body_text").is_none());

    // Under a raised limit: checked, with one copy of the body and its parsed value.
    let proxy = Server::start(&[
        "proxy",
        "--upstream",
        &upstream.base,
        "--max-check-bytes",
        "33554432",
    ]);
    let (before, after) = peak_around(&proxy, "/visits/2", &body).await;
    eprintln!("20 MB checked: peak {before} KiB -> {after} KiB");
    assert!(after - before < 64 * 1024, "{before} KiB -> {after} KiB");
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");
    assert!(
        !log.contains("response body not checked") && !log.contains("proxy:1 "),
        "{log}"
    );
}
