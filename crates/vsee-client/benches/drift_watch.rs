//! The cost of the drift watch per response: `get_visit` against a loopback server answering
//! the spec's visit sample (and the same sample with a new field, so that a drift is found and
//! reported), by a client with the watch and by one without, in the same run, batches
//! interleaved so that both see the same machine. Prints the median per-call time of each and
//! the difference, the watch's cost. Then the parts of that cost, in a loop without HTTP: the
//! JSON parse of the body alone, and the validator's check of the exchange without and with
//! undocumented members.
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

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn compare(name: &str, body: Vec<u8>, calls: usize, batches: usize) {
    let base = serve(body).await;
    let plain = client(&base, None);
    let watched = client(&base, Some(DriftWatch::new()));
    // Warm up: connections, the spec compiled, the validators compiled.
    batch(&plain, 50).await;
    batch(&watched, 50).await;
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..batches {
        without.push(batch(&plain, calls).await);
        with.push(batch(&watched, calls).await);
    }
    let (without, with) = (median(without), median(with));
    println!(
        "{name:<16} without watch {:>8.1} us/call   with watch {:>8.1} us/call   cost {:>6.1} us/response",
        without.as_secs_f64() * 1e6,
        with.as_secs_f64() * 1e6,
        (with.as_secs_f64() - without.as_secs_f64()) * 1e6
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
