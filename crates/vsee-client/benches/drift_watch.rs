//! The cost of the drift watch per response: `get_visit` against a loopback server answering
//! the spec's visit sample (and the same sample with a new field, so that a drift is found and
//! reported), in the same run, batches interleaved so that all see the same machine:
//! - back to back, by a client without the watch, one with the watch as built (the check on
//!   its worker, competing with the caller for the CPU) and one checking on the caller's path
//!   (`queue(0)`: the difference is the whole check, the CPU the worker spends per exchange),
//!   with the exchanges the worker left unchecked (queue full: calls faster than checks);
//! - for the drifted body, one call at a time with the worker held between checks: the latency
//!   the watch adds on the caller's path alone (the handoff).
//!
//! Then the parts of the check, in a loop without HTTP: the JSON parse of the body alone, and
//! the validator's check of the exchange without and with undocumented members.
//!
//! Run: `cargo bench -p vsee-client --bench drift_watch --features drift-watch`
//! (`VSEE_BENCH_CALLS`, default 2000 calls a batch; `VSEE_BENCH_BATCHES`, default 15).

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vsee_client::drift::DriftWatch;
use vsee_client::{Client, ClientBuilder, Credentials, Environment};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A keep-alive HTTP/1.1 server answering every request with `body`; its base URL.
async fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut seen = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    // GET requests have no body: each header block is one request.
                    while let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                        seen.drain(..end + 4);
                        if socket.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn client(base: &str, watch: Option<DriftWatch>) -> Client {
    let mut builder = ClientBuilder::new(
        Environment::Custom(base.to_owned()),
        Credentials::new("token", "vclinic"),
    );
    if let Some(watch) = watch {
        builder = builder.drift_watch(watch);
    }
    builder.build().unwrap()
}

async fn batch(client: &Client, calls: usize) -> Duration {
    let started = Instant::now();
    for _ in 0..calls {
        let visit = client.get_visit().id("7727").send().await.unwrap();
        std::hint::black_box(visit);
    }
    started.elapsed() / calls as u32
}

/// The latency the watch adds on the caller's path alone: calls one at a time against the
/// drifted body, the worker held (blocked in the callback of the previous exchange's finding,
/// using no CPU) while a call is timed and released between calls, so that its check never
/// competes with the caller for this loaded 2-core machine. Returns `(without, with)`.
async fn handoff(base: &str, calls: usize, batches: usize) -> (Duration, Duration) {
    use std::sync::mpsc;
    use std::sync::Mutex;
    let (entered, checked) = mpsc::channel::<()>();
    let (release, released) = mpsc::channel::<()>();
    let released = Mutex::new(released);
    let watch = DriftWatch::new().on_drift(move |_| {
        let _ = entered.send(());
        let _ = released.lock().unwrap().recv();
    });
    let plain = client(base, None);
    let watched = client(base, Some(watch.clone()));
    batch(&plain, 50).await;
    watched.get_visit().id("7727").send().await.unwrap();
    checked.recv().unwrap();
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..batches {
        without.push(batch(&plain, calls).await);
        let mut spent = Duration::ZERO;
        for _ in 0..calls {
            let started = Instant::now();
            let visit = watched.get_visit().id("7727").send().await.unwrap();
            spent += started.elapsed();
            std::hint::black_box(visit);
            release.send(()).unwrap();
            checked.recv().unwrap();
        }
        with.push(spent / calls as u32);
    }
    drop(release);
    watch.flush();
    (median(without), median(with))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn compare(name: &str, body: Vec<u8>, calls: usize, batches: usize) {
    let base = serve(body).await;
    if name.contains("drift") {
        let (without, with) = handoff(&base, calls / 4, batches).await;
        println!(
            "{name:<16} one at a time, worker held: without watch {:>7.1} us/call | watch {:>7.1} us/call, added on the caller's path {:>6.1} us",
            without.as_secs_f64() * 1e6,
            with.as_secs_f64() * 1e6,
            (with.as_secs_f64() - without.as_secs_f64()) * 1e6
        );
    }
    let plain = client(&base, None);
    let watch = DriftWatch::new();
    let watched = client(&base, Some(watch.clone()));
    let inline = client(&base, Some(DriftWatch::new().queue(0)));
    // Warm up: connections, the spec compiled, the validators compiled.
    batch(&plain, 50).await;
    batch(&watched, 50).await;
    batch(&inline, 50).await;
    watch.flush();
    let dropped_before = watch.dropped();
    let (mut without, mut with, mut on_caller) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..batches {
        without.push(batch(&plain, calls).await);
        with.push(batch(&watched, calls).await);
        // Each batch of the watched client starts with an empty queue, as after a pause.
        watch.flush();
        on_caller.push(batch(&inline, calls).await);
    }
    let dropped = watch.dropped() - dropped_before;
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let (without, with, on_caller) = (median(without), median(with), median(on_caller));
    println!(
        "{name:<16} back to back: without watch {:>7.1} us/call | watch (worker) {:>7.1} us/call, on the caller's path {:>6.1} us more | check on the caller (queue 0) {:>7.1} us/call, the check {:>6.1} us | left unchecked (queue full) {dropped} of {}",
        us(without),
        us(with),
        us(with) - us(without),
        us(on_caller),
        us(on_caller) - us(without),
        calls * batches
    );
}

/// The parts of the check, in a loop without HTTP (hot caches: a lower bound).
fn parts(body: &[u8], calls: usize) {
    use vsee_contract::{Body, Checker, EntryCtx, Exchange, Message, Response};
    let mut checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
    let ctx = EntryCtx {
        file: "",
        entry: None,
        line: None,
        show_values: false,
    };
    let message = Message {
        media_type: Some("application/json".into()),
        body: Body::Bytes(body.to_vec()),
    };
    let exchange = Exchange {
        method: "GET".into(),
        url: "/visits/7727".into(),
        request: Message {
            media_type: None,
            body: Body::Absent,
        },
        response: Some(Response {
            status: 200,
            message,
        }),
    };
    let per_call = |f: &mut dyn FnMut()| {
        f();
        let started = Instant::now();
        for _ in 0..calls {
            f();
        }
        started.elapsed().as_secs_f64() * 1e6 / calls as f64
    };
    let parse = per_call(&mut || {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(body).unwrap());
    });
    let check = per_call(&mut || {
        std::hint::black_box(checker.check_exchange(&exchange, &ctx));
    });
    checker.set_undocumented(true);
    let undocumented = per_call(&mut || {
        std::hint::black_box(checker.check_exchange(&exchange, &ctx));
    });
    println!(
        "parts (no HTTP)  JSON parse {parse:>6.1} us   check {check:>6.1} us   check + undocumented members {undocumented:>6.1} us"
    );
}

fn main() {
    let calls = env_number("VSEE_BENCH_CALLS", 2000);
    let batches = env_number("VSEE_BENCH_BATCHES", 15);
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/payloads/get_visit/200.json"
    ))
    .expect("the visit sample");
    let mut drifted: serde_json::Value = serde_json::from_slice(&sample).unwrap();
    drifted["data"]["new_field"] = serde_json::json!("new");
    let drifted = serde_json::to_vec(&drifted).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "get_visit over loopback, {batches} batches of {calls} calls, median batch (visit body {} bytes)",
        sample.len()
    );
    runtime.block_on(async {
        compare("visit sample", sample.clone(), calls, batches).await;
        compare("visit + 1 drift", drifted, calls, batches).await;
    });
    parts(&sample, calls);
}
