//! The cost of the recording policy (`mock --record`, `proxy --record`) per byte of body, for
//! bodies of growing size: it must be linear (issue 21 found a 300 KB string taking 37 s, each
//! character hashing the whole value again). Times, best of `VSEE_BENCH_RUNS` (default 5), the
//! policy turning one JSON request body into the line the recorder writes, for:
//!
//! * `string`: one long string (30 KB, 300 KB, 3 MB, 30 MB);
//! * `values`: an array of short strings and numbers of every form, the same sizes (the cost
//!   per value: one HMAC of the value, one block per 32 characters drawn).
//!
//! The last column, nanoseconds per byte, should be about the same for every size.
//!
//! Run: `cargo bench -p vsee-contract --bench recording`.

use std::time::{Duration, Instant};

use vsee_contract::bench_hooks::Recording;
use vsee_contract::Checker;

const SIZES: [usize; 4] = [30_000, 300_000, 3_000_000, 30_000_000];

fn string_body(size: usize) -> Vec<u8> {
    let text = "Jane Q. Patient, 42 Elm Street, 650-555-0199. ".repeat(size / 46 + 1);
    format!("{{\"reason_for_visit\": \"{}\"}}", &text[..size]).into_bytes()
}

fn values_body(size: usize) -> Vec<u8> {
    let items = [
        "\"Jane Q. Patient\"",
        "4111111111111111.5",
        "\"jane@example.org\"",
        "98765432109876543210",
        "\"2021-03-16T10:00:00Z\"",
        "7123465789e0",
        "\"57a0705e-1c4c-4f24-b51d-3c71ac1f0144\"",
    ];
    let mut out = String::from("{\"custom\": [");
    let mut i = 0;
    while out.len() < size {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(items[i % items.len()]);
        i += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}

fn best(runs: usize, f: &mut dyn FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let runs: usize = std::env::var("VSEE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let spec = vsee_spec::embedded().expect("the embedded spec loads");
    let checker = Checker::new(spec).expect("the embedded spec compiles");
    let recording = Recording::new(&checker).expect("a random key");
    println!(
        "{:<8} {:>12} {:>12} {:>10}",
        "body", "bytes", "best", "ns/byte"
    );
    for (name, make) in [
        ("string", string_body as fn(usize) -> Vec<u8>),
        ("values", values_body),
    ] {
        for size in SIZES {
            let body = make(size);
            let time = best(runs, &mut || recording.record_json(&body));
            println!(
                "{name:<8} {:>12} {:>10.1}ms {:>10.1}",
                body.len(),
                time.as_secs_f64() * 1e3,
                time.as_secs_f64() * 1e9 / body.len() as f64
            );
        }
    }
}
