//! The entry points of the fuzz targets (`fuzz/` at the workspace root) and of the test that
//! replays their checked-in corpus on every `scripts/test`: each takes arbitrary bytes and
//! must return without a panic, a hang or a stack overflow, whatever the bytes are. They run
//! the same code as `validate`: the HAR framer and entry reader, the NDJSON record reader, the
//! bare payload check and the spec loader, each followed by the checker; and the recording
//! policy of `mock --record` and `proxy --record`, whose promises [`pseudonym`] asserts.

use std::sync::OnceLock;

use crate::check::{BareTarget, Checker, EntryCtx};
use crate::input::{har, har_framing::EntryScanner, ndjson};
use crate::privacy::recording::Policy;

/// Largest entry the HAR target keeps (small, so a fuzz run explores the limit too).
const FUZZ_MAX_ENTRY_BYTES: usize = 64 * 1024;

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let spec = vsee_spec::embedded().expect("the embedded spec loads");
        Checker::new(spec).expect("the embedded spec compiles")
    })
}

const CTX: EntryCtx<'static> = EntryCtx {
    file: "fuzz",
    entry: None,
    line: None,
    show_values: false,
};

/// A HAR file: framed into entries, each read and checked. Returns the exchanges checked.
pub fn har_file(bytes: &[u8]) -> usize {
    let mut scanner = EntryScanner::new(bytes).with_max_entry_bytes(FUZZ_MAX_ENTRY_BYTES);
    let mut checked = 0;
    loop {
        match scanner.next_entry() {
            Ok(Some(raw)) => {
                if let Ok(exchange) = har::read_entry(&raw) {
                    checker().check_exchange(&exchange, &CTX);
                    checked += 1;
                }
            }
            Ok(None) => return checked,
            Err(e) if e.resumable => continue,
            Err(_) => return checked,
        }
    }
}

/// An NDJSON file (a one-line file is one record): read line by line, each line read as an
/// exchange record and checked. Returns whether any record was read.
pub fn ndjson_record(bytes: &[u8]) -> bool {
    let mut lines = ndjson::Lines::new(bytes, FUZZ_MAX_ENTRY_BYTES);
    let mut read = false;
    while let Some(line) = lines.next_line() {
        let Ok(line) = line else { continue };
        if let Ok(exchange) = ndjson::parse_record(&line.bytes) {
            checker().check_exchange(&exchange, &CTX);
            read = true;
        }
    }
    read
}

/// A bare payload, checked as the 200 response of `get_visit` and as the `Visit` component.
pub fn bare_payload(bytes: &[u8]) {
    let c = checker();
    c.check_bare(
        bytes,
        &BareTarget::Response {
            operation_id: "get_visit".to_owned(),
            status: 200,
        },
        &CTX,
    );
    c.check_bare(bytes, &BareTarget::Component("Visit".to_owned()), &CTX);
}

/// A spec file: loaded (any text; bytes that are not UTF-8 are read lossily), and when it
/// loads, compiled into a checker with every schema. Returns whether it loaded.
pub fn spec_file(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    match vsee_spec::load_str("fuzz.yaml", &text) {
        Ok(spec) => {
            if let Ok(checker) = Checker::new(spec) {
                let _ = checker.compile_all();
            }
            true
        }
        Err(_) => false,
    }
}

/// A body recorded by the recording policy, as JSON (and, for no panic only, as a form, a
/// multipart body, text and a query string), with the policy's promises asserted (see
/// `privacy/promises.rs`: one run gives one pseudonym, JSON stays JSON and non-JSON stays
/// non-JSON, a value that is not a literal never survives nor appears in a pseudonym). The key
/// is random per process, as in a real run. Returns whether the bytes were JSON.
pub fn pseudonym(bytes: &[u8]) -> bool {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    let policy = POLICY.get_or_init(|| {
        Policy::new(checker(), false).expect("the operating system gives a random key")
    });
    crate::privacy::promises::check(policy, bytes)
}

/// Upstream bases the `proxy_path` target picks from (the first byte of the input, modulo).
pub const PROXY_BASES: [&str; 4] = [
    "http://upstream.test/vc/next/api_v3",
    "https://upstream.test:8443/api_v3/",
    "http://upstream.test",
    "http://127.0.0.1:9/a/b.c/",
];

/// A request target through the proxy's path handling (`serve::upstream`), against the base
/// the first byte picks. Either the target is refused, or the URL built keeps the base's
/// scheme, host and port, has no userinfo, and its path, percent-decoded and cleared of dot
/// segments (RFC 3986 5.2.4, applied here independently of the proxy's own code), stays
/// under the base path. Panics when not; returns whether the target was forwarded.
pub fn proxy_path(bytes: &[u8]) -> bool {
    let Some((&pick, target)) = bytes.split_first() else {
        return false;
    };
    let base_text = PROXY_BASES[usize::from(pick) % PROXY_BASES.len()];
    let upstream = crate::serve::upstream::Upstream::parse(base_text).expect("the bases parse");
    let target = String::from_utf8_lossy(target);
    let Ok(url) = upstream.url_for(&target) else {
        return false;
    };
    // Read back from its text, as the HTTP client will.
    let built = reqwest::Url::parse(url.as_str()).expect("the URL built parses");
    let base = reqwest::Url::parse(base_text).expect("the bases parse");
    assert_eq!(built.scheme(), base.scheme(), "{target:?} -> {url}");
    assert_eq!(built.host_str(), base.host_str(), "{target:?} -> {url}");
    assert_eq!(built.port_or_known_default(), base.port_or_known_default());
    assert!(
        built.username().is_empty() && built.password().is_none(),
        "{url}"
    );
    assert!(built.fragment().is_none(), "{url}");
    let base_path = remove_dot_segments(&decoded(base.path()));
    let base_path = base_path.strip_suffix(b"/").unwrap_or(&base_path);
    let path = remove_dot_segments(&decoded(built.path()));
    let under = path.strip_prefix(base_path);
    assert!(
        under.is_some_and(|rest| rest.is_empty() || rest.starts_with(b"/")),
        "{target:?} -> {url} leaves the base path"
    );
    true
}

fn decoded(path: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(path).collect()
}

/// RFC 3986 5.2.4, step by step as written there (on bytes).
fn remove_dot_segments(path: &[u8]) -> Vec<u8> {
    let mut input = path.to_vec();
    let mut output: Vec<u8> = Vec::with_capacity(input.len());
    while !input.is_empty() {
        if input.starts_with(b"../") {
            input.drain(..3);
        } else if input.starts_with(b"./") || input.starts_with(b"/./") {
            // A: `./` removed; B: `/./` becomes `/`.
            input.drain(..2);
        } else if input == b"/." {
            input.truncate(1);
        } else if input.starts_with(b"/../") || input == b"/.." {
            // The prefix becomes `/`, and the output loses its last segment.
            input.drain(..3);
            if input.is_empty() {
                input.push(b'/');
            }
            let cut = output.iter().rposition(|&b| b == b'/').unwrap_or(0);
            output.truncate(cut);
        } else if input == b"." || input == b".." {
            input.clear();
        } else {
            let start = usize::from(input[0] == b'/');
            let end = input[start..]
                .iter()
                .position(|&b| b == b'/')
                .map_or(input.len(), |p| p + start);
            output.extend(input.drain(..end));
        }
    }
    output
}
