//! Bodies for what the HTTP layer refuses before any request reaches the mock or the proxy.
//!
//! hyper 1 answers a request it cannot parse on its own, with no hook for a body: a malformed
//! request line or header gets 400, a target over 65,534 bytes 414, headers over its buffer
//! (about 400 KB) or more than 100 of them 431. hyper 1.12 writes exactly (role.rs,
//! `Server::on_error`, then `Conn::on_parse_error`):
//!
//! ```text
//! HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: <IMF-fixdate>\r\n\r\n
//! ```
//!
//! and closes the connection: it is the last thing written on it. [`ErrorBodies`] sits between
//! hyper and the socket and rewrites that head, when it ends what hyper writes, into the same
//! answer with an `ApiError` body in `application/json`, as every other error of the servers.
//! Answers with a body (every answer of the mock and the proxy) are never touched. The wrapper
//! asks hyper for flat writes (no vectored I/O), so a response's bytes arrive in order in one
//! buffer; it never passes the matched head on before rewriting it, so a partial write cannot
//! split it.
//!
//! hyper then closes the connection, often with part of the refused request unread (431 and
//! 414 stop reading early), and closing a socket with unread input resets it: the client may
//! lose the answer before reading it. So after such an answer the wrapper lingers as nginx
//! does: it sends its end of the stream, then reads and drops what the client still sends
//! until the client closes, for at most [`LINGER`] and [`LINGER_BYTES`].

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

use super::problem;

/// The most bytes hyper's automatic head takes (status line, three headers).
const HEAD_MAX: usize = 160;

/// How long, and how many bytes of input, a connection is drained for after an automatic
/// error answer before it is closed.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1024 * 1024;

/// A connection whose bodiless automatic error answers get an `ApiError` body.
pub(crate) struct ErrorBodies<T> {
    inner: T,
    /// The rewritten answer, still to be written from `written` on.
    pending: Vec<u8>,
    written: usize,
    /// Set once an automatic error was answered: the drain before closing, once started.
    linger: Option<Linger>,
}

enum Linger {
    Due,
    Draining {
        deadline: Pin<Box<Sleep>>,
        drained: usize,
    },
    Done,
}

impl<T> ErrorBodies<T> {
    pub fn new(inner: T) -> ErrorBodies<T> {
        ErrorBodies {
            inner,
            pending: Vec::new(),
            written: 0,
            linger: None,
        }
    }
}

impl<T: AsyncWrite + Unpin> ErrorBodies<T> {
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> ErrorBodies<T> {
    /// Reads and drops input until the client closes, an error, or the limits (see the module
    /// documentation); our end of the stream is already shut.
    fn poll_linger(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            match &mut self.linger {
                None | Some(Linger::Done) => return Poll::Ready(()),
                Some(state @ Linger::Due) => {
                    *state = Linger::Draining {
                        deadline: Box::pin(tokio::time::sleep(LINGER)),
                        drained: 0,
                    };
                }
                Some(Linger::Draining { deadline, drained }) => {
                    if deadline.as_mut().poll(cx).is_ready() || *drained > LINGER_BYTES {
                        self.linger = Some(Linger::Done);
                        continue;
                    }
                    let mut scratch = [0u8; 8192];
                    let mut buf = ReadBuf::new(&mut scratch);
                    match Pin::new(&mut self.inner).poll_read(cx, &mut buf) {
                        Poll::Ready(Ok(())) if !buf.filled().is_empty() => {
                            *drained += buf.filled().len();
                        }
                        Poll::Ready(_) => self.linger = Some(Linger::Done),
                        Poll::Pending => return Poll::Pending,
                    }
                }
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ErrorBodies<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for ErrorBodies<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        match automatic_error(buf) {
            None => Pin::new(&mut this.inner).poll_write(cx, buf),
            // What precedes the head first; hyper hands the rest (the head) back next.
            Some((start, _)) if start > 0 => {
                Pin::new(&mut this.inner).poll_write(cx, &buf[..start])
            }
            Some((_, status)) => {
                this.pending = with_body(buf, status);
                this.written = 0;
                this.linger = Some(Linger::Due);
                // Out now if the socket takes it; else on the next flush (hyper flushes next).
                if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                    return Poll::Ready(Err(e));
                }
                Poll::Ready(Ok(buf.len()))
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if matches!(this.linger, Some(Linger::Due)) {
            ready!(Pin::new(&mut this.inner).poll_shutdown(cx))?;
        }
        ready!(this.poll_linger(cx));
        if this.linger.is_some() {
            // Shut once, before lingering.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// Where hyper's automatic error head starts in `buf`, and its status, when `buf` ends with
/// one.
fn automatic_error(buf: &[u8]) -> Option<(usize, u16)> {
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let from = buf.len().saturating_sub(HEAD_MAX);
    memchr::memmem::find_iter(&buf[from..], b"HTTP/1.")
        .map(|i| from + i)
        .find_map(|start| automatic_status(&buf[start..]).map(|status| (start, status)))
}

/// The status of `head` when it is exactly one of hyper's automatic error heads.
fn automatic_status(head: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(head).ok()?.strip_suffix("\r\n\r\n")?;
    let mut lines = text.split("\r\n");
    let (version, rest) = lines.next()?.split_once(' ')?;
    let (code, reason) = rest.split_once(' ')?;
    let status: u16 = code.parse().ok()?;
    let known = matches!(status, 400 | 414 | 431)
        && matches!(version, "HTTP/1.1" | "HTTP/1.0")
        && reason == problem::title(status);
    if !known {
        return None;
    }
    let mut empty = false;
    for line in lines {
        match line {
            "connection: close" => {}
            "content-length: 0" => empty = true,
            // An IMF-fixdate is 29 characters.
            date if date.starts_with("date: ") && date.len() == 35 && date.ends_with(" GMT") => {}
            _ => return None,
        }
    }
    empty.then_some(status)
}

/// The head `buf` ends with, as the same answer with an `ApiError` body.
fn with_body(head: &[u8], status: u16) -> Vec<u8> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_end_matches("\r\n");
    let body = problem::api_error_body(status, message(status)).to_string();
    let mut out = String::with_capacity(text.len() + body.len() + 64);
    for (i, line) in text.split("\r\n").enumerate() {
        if line == "content-length: 0" {
            out.push_str(&format!("content-length: {}", body.len()));
        } else {
            out.push_str(line);
        }
        out.push_str("\r\n");
        if i == 0 {
            out.push_str("content-type: application/json\r\n");
        }
    }
    out.push_str("\r\n");
    out.push_str(&body);
    out.into_bytes()
}

fn message(status: u16) -> &'static str {
    match status {
        414 => {
            "the request target (path and query) is longer than the server reads (65,534 bytes); \
             nothing was routed or checked"
        }
        431 => {
            "the request's headers are larger than the server reads (at most 100 headers, about \
             400 KB in all); send fewer or smaller headers"
        }
        _ => {
            "the request could not be read as HTTP/1.1 (its request line or a header is \
             malformed); nothing was routed or checked"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const DATE: &str = "Sun, 06 Dec 2026 11:28:23 GMT";

    fn head(status_line: &str) -> String {
        format!("{status_line}\r\nconnection: close\r\ncontent-length: 0\r\ndate: {DATE}\r\n\r\n")
    }

    #[test]
    fn each_automatic_head_is_found_and_others_are_not() {
        for (line, status) in [
            ("HTTP/1.1 400 Bad Request", 400),
            ("HTTP/1.1 414 URI Too Long", 414),
            ("HTTP/1.1 431 Request Header Fields Too Large", 431),
            ("HTTP/1.0 400 Bad Request", 400),
        ] {
            let prior = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
            let buf = format!("{prior}{}", head(line));
            assert_eq!(automatic_error(buf.as_bytes()), Some((prior.len(), status)));
        }
        for other in [
            head("HTTP/1.1 404 Not Found"),
            head("HTTP/1.1 400 Oops"),
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n"
                .to_owned(),
            format!("{}x", head("HTTP/1.1 400 Bad Request")),
        ] {
            assert_eq!(automatic_error(other.as_bytes()), None, "{other:?}");
        }
    }

    #[test]
    fn the_rewritten_answer_has_an_api_error_body_of_its_length() {
        let out = with_body(
            head("HTTP/1.1 431 Request Header Fields Too Large").as_bytes(),
            431,
        );
        let text = String::from_utf8(out).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
        ));
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        assert!(head.contains(&format!("date: {DATE}")), "{head}");
        let error: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(error["code"], 431);
    }

    /// Through a pipe that takes 7 bytes at a time: what precedes the head passes unchanged,
    /// the head is never split, and the answer arrives whole.
    #[tokio::test]
    async fn partial_writes_neither_split_nor_lose_the_answer() {
        let (mut client, server) = tokio::io::duplex(7);
        let prior = "HTTP/1.1 401 Unauthorized\r\ncontent-length: 2\r\n\r\n{}";
        let auto = head("HTTP/1.1 400 Bad Request");
        let writer = tokio::spawn(async move {
            let mut conn = ErrorBodies::new(server);
            conn.write_all(format!("{prior}{auto}").as_bytes())
                .await
                .unwrap();
            conn.shutdown().await.unwrap();
        });
        let mut received = Vec::new();
        client.read_to_end(&mut received).await.unwrap();
        // The writer lingers until the client closes.
        drop(client);
        writer.await.unwrap();
        let received = String::from_utf8(received).unwrap();
        let rest = received
            .strip_prefix(prior)
            .expect("the earlier answer unchanged");
        assert_eq!(
            rest.as_bytes(),
            with_body(head("HTTP/1.1 400 Bad Request").as_bytes(), 400)
        );
    }
}
