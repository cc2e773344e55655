//! Throughput of `vsee-contract validate` on large recordings, beside the floor: merely
//! parsing the same file and its bodies as JSON.
//!
//! Builds, of `VSEE_BENCH_EXCHANGES` exchanges each (default 50,000):
//!
//! * `har`: the entries of `tests/recordings/clinic-session.har` (whose bodies are the sample
//!   payloads of `tests/payloads/`) repeated;
//! * `har-visits`: its entries with a visit or a list of visits as the response body (1 KB and
//!   up, base64 bodies written as text) repeated: the API page's large visit bodies dominate;
//! * `ndjson`: the lines of `tests/recordings/exchanges.ndjson` repeated;
//!
//! then times, best of `VSEE_BENCH_RUNS` (default 3), with the wall time, the process's CPU time
//! (user + system) and both as a multiple of the floor's:
//!
//! * floor: read the file, deserialize it (entries with their body texts) and parse every
//!   request and response body as JSON, on one thread;
//! * validate: the library's `run` (what the binary does), with every core, with one worker,
//!   and without the typed check;
//! * for the HAR inputs, the framing step alone (handing out each `log.entries` element's
//!   bytes): the validator's hand-written scanner beside serde_json's own streaming (a
//!   `SeqAccess` over `log.entries` yielding `Box<RawValue>`), which decides whether the
//!   hand-written one is worth keeping.
//!
//! Run: `cargo bench -p vsee-cli --bench throughput`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use serde::Deserialize;
use serde_json::Value;
use vsee_contract::{run, Checker, InputFile, InputKind, RunOptions};

// The binary's allocator, so that the bench measures what the binary does; the floor runs in
// the same process with the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Deserialize)]
struct FloorHar {
    log: FloorLog,
}
#[derive(Deserialize)]
struct FloorLog {
    entries: Vec<FloorEntry>,
}
#[derive(Deserialize)]
struct FloorEntry {
    request: FloorRequest,
    response: FloorResponse,
}
#[derive(Deserialize)]
struct FloorRequest {
    #[serde(rename = "postData")]
    post_data: Option<FloorText>,
}
#[derive(Deserialize)]
struct FloorResponse {
    content: FloorText,
}
#[derive(Deserialize)]
struct FloorText {
    text: Option<String>,
    encoding: Option<String>,
}

fn parse_body(text: &FloorText) -> usize {
    let Some(t) = &text.text else { return 0 };
    let parsed = if text.encoding.as_deref() == Some("base64") {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(t)
            .unwrap_or_default();
        serde_json::from_slice::<Value>(&bytes)
    } else {
        serde_json::from_str::<Value>(t)
    };
    // Form and multipart request bodies are not JSON; the floor still pays the attempt.
    usize::from(parsed.is_ok())
}

fn floor_har(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read bench HAR");
    let har: FloorHar = serde_json::from_slice(&bytes).expect("bench HAR parses");
    let mut parsed = 0;
    for e in &har.log.entries {
        if let Some(p) = &e.request.post_data {
            parsed += parse_body(p);
        }
        parsed += parse_body(&e.response.content);
    }
    parsed
}

fn floor_ndjson(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read bench NDJSON");
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| usize::from(serde_json::from_slice::<Value>(l).is_ok()))
        .sum()
}

/// serde_json's own streaming over a HAR: a `SeqAccess` over `log.entries` handing out each
/// entry as a `Box<RawValue>` (the framer the validator could use instead of its own), from a
/// buffered reader (one entry held at a time, though with no limit on its size). Returns the
/// entries and their bytes.
fn frame_serde(path: &Path) -> (u64, u64) {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde_json::value::RawValue;

    #[derive(Clone, Copy)]
    enum Level {
        Root,
        Log,
        Entries,
    }
    struct Frame<'a> {
        level: Level,
        counts: &'a mut (u64, u64),
    }
    impl<'de> DeserializeSeed<'de> for Frame<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            match self.level {
                Level::Entries => d.deserialize_seq(self),
                _ => d.deserialize_map(self),
            }
        }
    }
    impl<'de> Visitor<'de> for Frame<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a HAR document")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let (wanted, next) = match self.level {
                Level::Root => ("log", Level::Log),
                _ => ("entries", Level::Entries),
            };
            while let Some(key) = map.next_key::<String>()? {
                if key == wanted {
                    map.next_value_seed(Frame {
                        level: next,
                        counts: &mut *self.counts,
                    })?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(entry) = seq.next_element::<Box<RawValue>>()? {
                self.counts.0 += 1;
                self.counts.1 += entry.get().len() as u64;
            }
            Ok(())
        }
    }
    let file = std::fs::File::open(path).expect("open bench HAR");
    let reader = std::io::BufReader::with_capacity(256 * 1024, file);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut counts = (0, 0);
    Frame {
        level: Level::Root,
        counts: &mut counts,
    }
    .deserialize(&mut de)
    .expect("bench HAR frames");
    counts
}

/// Best wall time of `runs`, the CPU time of that run, and the last result.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Option<Duration>, T) {
    let mut best = Duration::MAX;
    let mut best_cpu = None;
    let mut last = None;
    for _ in 0..runs {
        let cpu = cpu_time();
        let start = Instant::now();
        let out = f();
        let wall = start.elapsed();
        if wall < best {
            best = wall;
            best_cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
        }
        last = Some(out);
    }
    (best, best_cpu, last.expect("at least one run"))
}

/// Writes a HAR of `exchanges` entries cycled from `entries`.
fn write_har(path: &Path, entries: &[Value], exchanges: usize) {
    let mut out = BufWriter::new(std::fs::File::create(path).expect("create"));
    out.write_all(b"{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"bench\", \"version\": \"1\"}, \"entries\": [\n")
        .expect("write");
    for i in 0..exchanges {
        if i > 0 {
            out.write_all(b",\n").expect("write");
        }
        serde_json::to_writer(&mut out, &entries[i % entries.len()]).expect("write");
    }
    out.write_all(b"\n]}}\n").expect("write");
    out.flush().expect("flush");
}

/// The recording's entries whose response body is a visit or a list of visits (1 KB and up),
/// with base64 bodies written as text: the API page's large samples dominate, as in recorded
/// clinic traffic.
fn visit_heavy(entries: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for e in entries {
        let content = &e["response"]["content"];
        let Some(text) = content["text"].as_str() else {
            continue;
        };
        let text = if content["encoding"] == "base64" {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .expect("bundled base64");
            String::from_utf8(bytes).expect("bundled body is text")
        } else {
            text.to_owned()
        };
        if text.len() < 1024 {
            continue;
        }
        let mut e = e.clone();
        e["response"]["content"] = serde_json::json!({
            "mimeType": content["mimeType"], "size": text.len(), "text": text
        });
        out.push(e);
    }
    assert!(out.len() >= 5, "the recording has visit bodies");
    out
}

/// CPU time of this process so far (user + system), where the platform tells it.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

fn build_inputs(dir: &Path, exchanges: usize) -> (PathBuf, PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/recordings");
    let har: Value = serde_json::from_slice(
        &std::fs::read(root.join("clinic-session.har")).expect("bundled recording"),
    )
    .expect("bundled recording is JSON");
    let entries = har["log"]["entries"].as_array().expect("entries").clone();
    let ndjson_src = std::fs::read_to_string(root.join("exchanges.ndjson")).expect("ndjson");
    let lines: Vec<&str> = ndjson_src.lines().filter(|l| !l.is_empty()).collect();

    let har_path = dir.join("bench.har");
    write_har(&har_path, &entries, exchanges);
    let visits_path = dir.join("visits.har");
    write_har(&visits_path, &visit_heavy(&entries), exchanges);

    let nd_path = dir.join("bench.ndjson");
    let mut out = BufWriter::new(std::fs::File::create(&nd_path).expect("create"));
    for i in 0..exchanges {
        out.write_all(lines[i % lines.len()].as_bytes())
            .expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
    (har_path, visits_path, nd_path)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: run a tiny size then,
    // as a smoke test.
    let quick = !std::env::args().any(|a| a == "--bench");
    let exchanges: usize = std::env::var("VSEE_BENCH_EXCHANGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 200 } else { 50_000 });
    let runs: usize = std::env::var("VSEE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 1 } else { 3 });
    let dir = tempfile::tempdir().expect("temp dir");
    let (har, visits, ndjson) = build_inputs(dir.path(), exchanges);
    let mut checker = Checker::new(vsee_spec::embedded().expect("spec")).expect("checker");
    checker.set_typed_decoder(Some(vsee_client::decode_for_validator));
    checker.compile_all().expect("schemas compile");
    let untyped = Checker::new(vsee_spec::embedded().expect("spec")).expect("checker");
    untyped.compile_all().expect("schemas compile");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!(
        "vsee-contract throughput: {exchanges} exchanges, best of {runs}, {cores} cores, typed check {}",
        if checker.typed_check() { "on" } else { "off" }
    );
    println!(
        "{:<10} {:<26} {:>9} {:>9} {:>14} {:>9} {:>9} {:>9}",
        "input", "what", "seconds", "cpu s", "exchanges/s", "MB/s", "x floor", "cpu x"
    );
    for (label, path, kind) in [
        ("har", &har, InputKind::Har),
        ("har-visits", &visits, InputKind::Har),
        ("ndjson", &ndjson, InputKind::Ndjson),
    ] {
        let mb = std::fs::metadata(path).expect("size").len() as f64 / 1e6;
        let (floor, floor_cpu, parsed) = best_of(runs, || match kind {
            InputKind::Har => floor_har(path),
            _ => floor_ndjson(path),
        });
        assert!(parsed > 0);
        let files = vec![InputFile {
            display: path.display().to_string(),
            path: path.clone(),
            kind,
        }];
        let line = |what: &str, d: Duration, cpu: Option<Duration>| {
            let s = d.as_secs_f64();
            let cpu_ratio = cpu
                .zip(floor_cpu)
                .filter(|(_, f)| !f.is_zero())
                .map_or("n/a".to_owned(), |(c, f)| {
                    format!("{:.2}", c.as_secs_f64() / f.as_secs_f64())
                });
            let cpu = cpu.map_or("n/a".to_owned(), |c| format!("{:.2}", c.as_secs_f64()));
            println!(
                "{label:<10} {what:<26} {s:>9.3} {cpu:>9} {:>14.0} {:>9.1} {:>9.2} {cpu_ratio:>9}",
                exchanges as f64 / s,
                mb / s,
                s / floor.as_secs_f64()
            );
        };
        line("floor (parse file+bodies)", floor, floor_cpu);
        if kind == InputKind::Har {
            // The framing step alone: the validator's own scanner beside serde_json's
            // streaming, on the same file (both hand out each entry's bytes).
            let (ours, ours_cpu, framed) = best_of(runs, || {
                let file = std::fs::File::open(path).expect("open bench HAR");
                vsee_contract::bench_hooks::frame_har(file).expect("bench HAR frames")
            });
            let (theirs, theirs_cpu, serde_framed) = best_of(runs, || frame_serde(path));
            assert_eq!(framed.0, exchanges as u64);
            assert_eq!(serde_framed.0, framed.0);
            line("frame: hand-written", ours, ours_cpu);
            line("frame: serde RawValue", theirs, theirs_cpu);
        }
        for (what, jobs, checker) in [
            ("validate (all cores)", 0, &checker),
            ("validate (1 worker)", 1, &checker),
            ("  without typed check", 0, &untyped),
        ] {
            let options = RunOptions {
                jobs,
                ..RunOptions::default()
            };
            let (d, cpu, report) = best_of(runs, || run(checker, &files, Vec::new(), &options));
            assert_eq!(report.summary.exchanges, exchanges as u64);
            assert!(
                report.is_clean(),
                "bench input must conform: {:?}",
                report.findings.first()
            );
            line(what, d, cpu);
        }
        println!("{label:<10} file size {mb:.1} MB");
    }
}
