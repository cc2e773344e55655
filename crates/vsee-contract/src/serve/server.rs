//! The one HTTP server of `mock` and `proxy`: binds, prints the `listening on` line, reads
//! each request whole, hands it to the app, and drains open connections on Ctrl-C/SIGTERM.

use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use super::message::Incoming;
use super::{mock::Mock, problem, proxy::Proxy};

/// Largest request body read, in bytes; a larger one gets 413.
pub(crate) const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// How long open connections may take to finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(5);

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
pub(crate) async fn serve(addr: SocketAddr, app: App) -> Result<(), String> {
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
                let app = app.clone();
                let service = hyper::service::service_fn(move |req| handle(app.clone(), req));
                let conn = hyper::server::conn::http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(super::http_errors::ErrorBodies::new(stream)), service);
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
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            let reply = if e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                problem::api_error(
                    413,
                    &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
                )
            } else {
                problem::api_error(400, "the request body could not be read")
            };
            return Ok(reply.into_response());
        }
    };
    let incoming = Incoming {
        method: parts.method.as_str().to_ascii_uppercase(),
        target,
        headers: parts.headers,
        body,
    };
    let reply = match app {
        App::Mock(m) => m.handle(incoming),
        App::Proxy(p) => p.handle(incoming).await,
    };
    Ok(reply.into_response())
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
