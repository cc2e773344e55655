//! Time limits of client connections, on the mock and on the proxy (issue 21: idle or
//! half-sent connections were never closed): half a request head is cut after
//! `--header-timeout`, an idle keep-alive connection after `--idle-timeout`, a trickled body
//! after `--body-timeout` (408), while a slow but steady client is served.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::support::Server;
use super::upstream::find;

const LIMITS: [&str; 6] = [
    "--header-timeout",
    "1",
    "--idle-timeout",
    "3",
    "--body-timeout",
    "1",
];

async fn connect(server: &Server) -> TcpStream {
    let addr = server.base.strip_prefix("http://").expect("http base");
    TcpStream::connect(addr).await.expect("connect")
}

/// Reads until the server closes the connection; (everything read, how long it took).
async fn until_closed(socket: &mut TcpStream) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(15), socket.read(&mut chunk))
            .await
            .expect("the server closes the connection within 15 s");
        match read {
            Ok(0) | Err(_) => return (buf, started.elapsed()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Reads one response with a `Content-Length` body; the bytes of it.
async fn one_response(socket: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .expect("a content-length");
            if buf.len() >= end + 4 + length {
                return buf;
            }
        }
        let n = tokio::time::timeout(Duration::from_secs(10), socket.read(&mut chunk))
            .await
            .expect("a response in time")
            .expect("read");
        assert!(n > 0, "closed before a whole response");
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn servers() -> Vec<(&'static str, Server, Option<Server>)> {
    let mock = Server::start(&[&["mock"][..], &LIMITS].concat());
    let upstream = Server::mock();
    let proxy = Server::start(&[&["proxy", "--upstream", &upstream.base][..], &LIMITS].concat());
    vec![("mock", mock, None), ("proxy", proxy, Some(upstream))]
}

const GET: &[u8] =
    b"GET /visits/7727 HTTP/1.1\r\nHost: t\r\nX-ApiToken: t1\r\nX-AccountCode: vclinic\r\n\r\n";

#[tokio::test]
async fn half_a_request_head_is_cut_after_the_header_timeout() {
    for (name, server, _upstream) in servers() {
        let mut socket = connect(&server).await;
        socket
            .write_all(b"GET /visits/7727 HTTP/1.1\r\nHost: t\r\nX-Api")
            .await
            .expect("write");
        let (read, took) = until_closed(&mut socket).await;
        // --header-timeout 1 from the first byte; the idle limit (3 s) would come later.
        assert!(
            took >= Duration::from_millis(800) && took < Duration::from_millis(2500),
            "{name}: closed after {took:?}"
        );
        assert!(
            read.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&read)
        );
    }
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    for (name, server, _upstream) in servers() {
        let mut socket = connect(&server).await;
        socket.write_all(GET).await.expect("write");
        let answer = one_response(&mut socket).await;
        assert!(answer.starts_with(b"HTTP/1.1 "), "{name}");
        let (read, took) = until_closed(&mut socket).await;
        assert!(
            took >= Duration::from_millis(2800) && took < Duration::from_secs(6),
            "{name}: closed after {took:?}"
        );
        assert!(read.is_empty(), "{name}");
        // A connection that never sends a byte is idle too.
        let mut silent = connect(&server).await;
        let (_, took) = until_closed(&mut silent).await;
        assert!(took < Duration::from_secs(6), "{name}: {took:?}");
    }
}

#[tokio::test]
async fn a_trickled_body_gets_408_and_the_connection_closes() {
    for (name, server, _upstream) in servers() {
        let mut socket = connect(&server).await;
        socket
            .write_all(
                b"POST /intakes HTTP/1.1\r\nHost: t\r\nX-ApiToken: t1\r\nX-AccountCode: vclinic\r\n\
                  Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"room_",
            )
            .await
            .expect("write");
        let (read, took) = until_closed(&mut socket).await;
        let text = String::from_utf8_lossy(&read);
        assert!(text.starts_with("HTTP/1.1 408"), "{name}: {text}");
        assert!(text.contains("\"code\":408"), "{name}: {text}");
        assert!(took < Duration::from_secs(3), "{name}: {took:?}");
    }
}

#[tokio::test]
async fn a_slow_but_steady_client_is_served() {
    for (name, server, _upstream) in servers() {
        let mut socket = connect(&server).await;
        // Head and body in pieces 150 ms apart: each whole within its limit.
        let body = br#"{"room_code": "steady"}"#;
        let request = format!(
            "POST /intakes HTTP/1.1\r\nHost: t\r\nX-ApiToken: t1\r\nX-AccountCode: vclinic\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        for piece in request.as_bytes().chunks(40).chain(body.chunks(8)) {
            socket.write_all(piece).await.expect("write");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        let answer = one_response(&mut socket).await;
        let text = String::from_utf8_lossy(&answer);
        assert!(text.starts_with("HTTP/1.1 200"), "{name}: {text}");
        // The same connection serves a second request after a pause longer than the header
        // limit and shorter than the idle one: the wait is not counted against the head.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        socket.write_all(GET).await.expect("write");
        let answer = one_response(&mut socket).await;
        assert!(answer.starts_with(b"HTTP/1.1 "), "{name}");
    }
}
