//! Opt-in retries against a loopback server that answers from a script: a 503 with
//! `Retry-After` then a 200, and the cases that must not be retried.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vsee_client::{Client, Credentials, Environment, RetryPolicy};

/// One scripted answer: status, extra headers, JSON body.
type Answer = (u16, &'static [(&'static str, &'static str)], String);

/// A server on 127.0.0.1 that answers the n-th request with `script[n]` (the last one again
/// once the script runs out) and records when each request arrived.
struct ScriptedServer {
    base_url: String,
    arrivals: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl ScriptedServer {
    async fn start(script: Vec<Answer>) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let seen = arrivals.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let request_line = read_request(&mut stream).await;
                let n = {
                    let mut seen = seen.lock().unwrap();
                    seen.push((Instant::now(), request_line));
                    seen.len() - 1
                };
                let (status, headers, body) = &script[n.min(script.len() - 1)];
                let mut response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                for (name, value) in *headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(body);
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        ScriptedServer { base_url, arrivals }
    }

    fn requests(&self) -> Vec<String> {
        let arrivals = self.arrivals.lock().unwrap();
        arrivals.iter().map(|(_, line)| line.clone()).collect()
    }

    fn gap(&self, first: usize, second: usize) -> Duration {
        let arrivals = self.arrivals.lock().unwrap();
        arrivals[second].0 - arrivals[first].0
    }

    fn client(&self) -> Client {
        Client::with_credentials(
            Environment::Custom(self.base_url.clone()),
            Credentials::new("t", "vclinic"),
        )
        .unwrap()
    }
}

/// Reads one request (head and `content-length` body); returns its request line.
async fn read_request(stream: &mut tokio::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return String::new();
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    head.lines().next().unwrap_or_default().to_owned()
}

fn payload(operation: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../tests/payloads/{operation}/200.json")),
    )
    .unwrap()
}

fn busy() -> String {
    r#"{"code": 503, "message": "busy"}"#.to_owned()
}

/// A policy whose own backoff is a millisecond or two, so a long wait can only be the
/// server's `Retry-After`.
fn quick() -> RetryPolicy {
    RetryPolicy::new().min_delay(Duration::from_millis(1))
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_after_the_wait() {
    let server = ScriptedServer::start(vec![
        (503, &[("retry-after", "1")], busy()),
        (200, &[], payload("get_visit")),
    ])
    .await;
    let visit = server
        .client()
        .with_retry(quick())
        .get_visit()
        .id("7")
        .send()
        .await
        .expect("the retry gets the visit");
    assert!(visit.into_inner().data.id.is_some());
    assert_eq!(server.requests(), ["GET /visits/7 HTTP/1.1"; 2]);
    let waited = server.gap(0, 1);
    assert!(
        waited >= Duration::from_millis(950),
        "Retry-After: 1 was not honoured: {waited:?}"
    );
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let server = ScriptedServer::start(vec![
        (503, &[("retry-after", "0")], busy()),
        (200, &[], payload("get_visit")),
    ])
    .await;
    let error = server
        .client()
        .get_visit()
        .id("7")
        .send()
        .await
        .expect_err("the 503 is returned");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_post_is_not_retried_unless_asked() {
    let script = || {
        vec![
            (503, &[("retry-after", "0")][..], busy()),
            (200, &[][..], payload("create_intake")),
        ]
    };
    let server = ScriptedServer::start(script()).await;
    let error = server
        .client()
        .with_retry(quick())
        .create_intake()
        .body_map(|b| b.room_code("ceproom1"))
        .send()
        .await
        .expect_err("a POST is sent once");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests(), ["POST /intakes HTTP/1.1"]);

    let server = ScriptedServer::start(script()).await;
    server
        .client()
        .with_retry(quick().retry_non_idempotent(true))
        .create_intake()
        .body_map(|b| b.room_code("ceproom1"))
        .send()
        .await
        .expect("asked to, the POST is retried");
    assert_eq!(server.requests(), ["POST /intakes HTTP/1.1"; 2]);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_returns_the_response() {
    let server = ScriptedServer::start(vec![
        (503, &[("retry-after", "120")], busy()),
        (200, &[], payload("get_visit")),
    ])
    .await;
    let started = Instant::now();
    let error = server
        .client()
        .with_retry(quick().max_retry_after(Duration::from_secs(5)))
        .get_visit()
        .id("7")
        .send()
        .await
        .expect_err("not worth two minutes");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn backoff_without_retry_after_stops_after_max_retries() {
    // 429 and 502 without Retry-After use the backoff; then a 200.
    let server = ScriptedServer::start(vec![
        (429, &[], busy()),
        (502, &[], busy()),
        (200, &[], payload("get_visit")),
    ])
    .await;
    server
        .client()
        .with_retry(quick())
        .get_visit()
        .id("7")
        .send()
        .await
        .expect("third time lucky");
    assert_eq!(server.requests().len(), 3);

    // Always busy: one try and `max_retries` retries, then the last answer.
    let server = ScriptedServer::start(vec![(503, &[], busy())]).await;
    let error = server
        .client()
        .with_retry(quick().max_retries(2))
        .get_visit()
        .id("7")
        .send()
        .await
        .expect_err("still busy");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 3);
}
