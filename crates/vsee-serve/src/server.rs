//! The one HTTP server of `mock` and `proxy`: binds, prints the `listening on` line, reads
//! each request whole (within the body time limit), hands it to the app, and drains open
//! connections on Ctrl-C/SIGTERM. Every connection has the time limits of [`conn`].

use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Either, Limited};
use hyper::body::Body as _;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use super::conn::{Busy, ConnState, Limits, TimedIo, Tracked};
use super::message::{Incoming, Reply, ServerBody};
use super::{mock::Mock, problem, proxy::Proxy};

/// Largest request body read, in bytes; a larger one gets 413.
pub(crate) const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// How long open connections may take to finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(5);

/// How long the proxy's last checks and recordings may take after the connections closed.
const CHECKS_DRAIN: Duration = Duration::from_secs(30);

/// What is served.
pub(crate) enum App {
    Mock(Arc<Mock>),
    Proxy(Arc<Proxy>),
}

impl Clone for App {
    fn clone(&self) -> App {
        match self {
            App::Mock(m) => App::Mock(Arc::clone(m)),
            App::Proxy(p) => App::Proxy(Arc::clone(p)),
        }
    }
}

/// Binds `addr`, prints `listening on http://HOST:PORT` as the first line of standard
/// output, and serves until Ctrl-C or SIGTERM.
pub(crate) async fn serve(addr: SocketAddr, app: App, limits: Limits) -> Result<(), String> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}; pick another --addr"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let base = format!("http://{local}");
    app_bound(&app, &base);
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening on {base}")
            .and_then(|()| stdout.flush())
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
    }
    let what = match &app {
        App::Mock(_) => "mock",
        App::Proxy(_) => "proxy",
    };
    eprintln!("vsee-contract {what}: serving on {base}; Ctrl-C stops");

    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(conn) => conn,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, then keep serving.
                        eprintln!("vsee-contract {what}: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let state = Arc::new(ConnState::new());
                // Outermost, the HTTP layer's own error answers get a body (http_errors.rs).
                let io = TokioIo::new(super::http_errors::ErrorBodies::new(TimedIo::new(
                    stream,
                    Arc::clone(&state),
                    limits,
                )));
                let app = app.clone();
                let service = hyper::service::service_fn(move |req| {
                    handle(app.clone(), req, state.busy(), limits.body)
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .keep_alive(true)
                    // `TimedIo` keeps the head and idle limits (see conn.rs for why not hyper's).
                    .header_read_timeout(None)
                    .serve_connection(io, service);
                let watched = graceful.watch(conn);
                tokio::spawn(async move {
                    // A client that hangs up mid-request is not the server's problem.
                    let _ = watched.await;
                });
            }
            () = &mut stop => break,
        }
    }
    drop(listener);
    eprintln!("vsee-contract {what}: stopping; finishing open requests");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {
            eprintln!("vsee-contract {what}: gave up waiting for open connections after {DRAIN:?}");
        }
    }
    if let App::Mock(m) = &app {
        m.finish();
    }
    if let App::Proxy(p) = &app {
        if tokio::time::timeout(CHECKS_DRAIN, p.checks_done())
            .await
            .is_err()
        {
            eprintln!(
                "vsee-contract proxy: gave up waiting for the last checks after {CHECKS_DRAIN:?}"
            );
        }
        p.finish();
    }
    eprintln!("vsee-contract {what}: stopped");
    Ok(())
}

fn app_bound(app: &App, base: &str) {
    if let App::Mock(m) = app {
        m.set_base(base);
    }
}

async fn handle(
    app: App,
    req: Request<hyper::body::Incoming>,
    busy: Busy,
    body_limit: Duration,
) -> Result<Response<Tracked<ServerBody>>, Infallible> {
    let (parts, body) = req.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let body = match read_body(body, body_limit).await {
        Ok(body) => body,
        Err(reply) => return Ok(tracked(reply.into_response().map(Either::Left), busy)),
    };
    let mut incoming = Incoming {
        method: parts.method.as_str().to_ascii_uppercase(),
        target,
        headers: parts.headers,
        body,
    };
    let response = match app {
        App::Mock(m) => m.handle(incoming).into_response().map(Either::Left),
        App::Proxy(p) => {
            // The proxy judges the target as sent: `http://host/x` is not the path `/x`.
            if parts.uri.scheme().is_some() || parts.uri.authority().is_some() {
                incoming.target = parts.uri.to_string();
            }
            p.handle(incoming).await
        }
    };
    Ok(tracked(response, busy))
}

fn tracked(response: Response<ServerBody>, busy: Busy) -> Response<Tracked<ServerBody>> {
    let length = response
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    response.map(|body| Tracked::new(body, busy, length))
}

/// The request body, read whole within `MAX_BODY_BYTES` and `limit`; else the reply to send.
async fn read_body(body: hyper::body::Incoming, limit: Duration) -> Result<Bytes, Reply> {
    if body.is_end_stream() {
        return Ok(Bytes::new());
    }
    let read = Limited::new(body, MAX_BODY_BYTES).collect();
    match tokio::time::timeout(limit, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e))
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            Err(problem::api_error(
                413,
                &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
            ))
        }
        Ok(Err(_)) => Err(problem::api_error(
            400,
            "the request body could not be read",
        )),
        Err(_) => {
            let mut reply = problem::api_error(
                408,
                &format!(
                    "the request body did not arrive within {} s (--body-timeout); the \
                     connection is closed",
                    limit.as_secs_f64()
                ),
            );
            reply.headers.push((
                hyper::header::CONNECTION,
                hyper::header::HeaderValue::from_static("close"),
            ));
            Err(reply)
        }
    }
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
