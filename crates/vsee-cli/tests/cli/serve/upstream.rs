//! A small upstream for the proxy, on a raw `TcpListener`: it notes every request that reaches
//! it and answers with scripted bytes (sent in parts, with waits between them when asked).
//! Also a raw client, for request targets that an HTTP client library would clean up.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// A request as it reached the upstream.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request target as sent (`/vc/next/api_v3/visits/7727`).
    pub target: String,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One step of an answer.
pub enum Step {
    Send(Vec<u8>),
    /// Waits until the test says so.
    Wait(Arc<Notify>),
    /// Never answers (the connection stays open).
    Hang,
}

type Script = dyn Fn(&Seen) -> Vec<Step> + Send + Sync;

pub struct Upstream {
    /// `http://127.0.0.1:PORT` + the base path given.
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Upstream {
    /// Listens on 127.0.0.1; `script` decides each answer.
    pub async fn start(
        base_path: &str,
        script: impl Fn(&Seen) -> Vec<Step> + Send + Sync + 'static,
    ) -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, Arc::clone(&log), Arc::clone(&script)));
            }
        });
        Upstream {
            base: format!("http://{addr}{base_path}"),
            seen,
        }
    }

    /// The requests that reached it so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

/// One connection: one request (its head, then a `Content-Length` body), one answer, closed.
async fn serve(mut socket: TcpStream, seen: Arc<Mutex<Vec<Seen>>>, script: Arc<Script>) {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(p) = find(&buf, b"\r\n\r\n") {
            break p;
        }
        match socket.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let target = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or_default()
        .to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let request = Seen { target, headers };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + 4 + length {
        match socket.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
    seen.lock().expect("lock").push(request.clone());
    for step in script(&request) {
        match step {
            Step::Send(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Step::Wait(signal) => signal.notified().await,
            Step::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
        }
    }
    let _ = socket.shutdown().await;
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A response head with `Content-Length` and `Connection: close`.
pub fn head(status: u16, headers: &[(&str, &str)], length: usize) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status} X\r\ncontent-length: {length}\r\nconnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A whole response.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<Step> {
    let mut bytes = head(status, headers, body.len());
    bytes.extend_from_slice(body);
    vec![Step::Send(bytes)]
}

/// An answer read by [`raw`]: status, head text, body bytes.
pub struct RawAnswer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

/// Sends `request` (bytes as given) to `base` (`http://HOST:PORT`) and reads until the server
/// closes the connection (requests should say `Connection: close`).
pub async fn raw(base: &str, request: &[u8]) -> RawAnswer {
    let addr = base.strip_prefix("http://").expect("http base");
    let mut socket = TcpStream::connect(addr).await.expect("connect");
    socket.write_all(request).await.expect("write");
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), socket.read_to_end(&mut buf))
        .await
        .expect("the server answers and closes in time")
        .expect("read");
    let end = find(&buf, b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    RawAnswer {
        status,
        head,
        body: buf[end + 4..].to_vec(),
    }
}

/// `GET target` with a token, as raw bytes.
pub fn get(target: &str, token: &str) -> Vec<u8> {
    format!(
        "GET {target} HTTP/1.1\r\nHost: proxy.test\r\nX-ApiToken: {token}\r\n\
         X-AccountCode: vclinic\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}
