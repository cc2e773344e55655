//! The entry points of the fuzz targets (`fuzz/` at the workspace root) and of the test that
//! replays their checked-in corpus on every `scripts/test`: each takes arbitrary bytes and
//! must return without a panic, a hang or a stack overflow, whatever the bytes are. They run
//! the same code as `validate`: the HAR framer and entry reader, the NDJSON record reader, the
//! bare payload check and the spec loader, each followed by the checker; the findings
//! baseline's reader (`validate --baseline`); and the recording policy of `mock --record` and
//! `proxy --record`, whose promises [`pseudonym`] asserts.

use std::sync::OnceLock;

use crate::check::{BareTarget, Checker, EntryCtx};
use crate::input::{har, har_framing::EntryScanner, ndjson};
use crate::recording::Policy;

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
/// `recording/promises.rs`: one run gives one pseudonym, JSON stays JSON and non-JSON stays
/// non-JSON, a value that is not a literal never survives nor appears in a pseudonym). The key
/// is random per process, as in a real run. Returns whether the bytes were JSON.
pub fn pseudonym(bytes: &[u8]) -> bool {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    let policy = POLICY.get_or_init(|| {
        Policy::new(checker(), false).expect("the operating system gives a random key")
    });
    crate::recording::promises::check(policy, bytes)
}

/// A findings baseline (`validate --baseline FILE`): read and checked; when it is accepted,
/// rewritten as `--baseline FILE --write-baseline FILE` rewrites it after a run that saw every
/// entry's deviation as often as the entry says, then read again: the rewritten file must be
/// accepted, with every entry's count, reason and expiry as they were. Returns whether the
/// bytes were accepted.
pub fn baseline(bytes: &[u8]) -> bool {
    use crate::report::baseline::{written_baseline, Baseline, BaselineKey, Tally};
    // A fixed day (2024-10-04), so an `expires` date decides the same way on every run.
    const TODAY: i64 = 20_000;
    let Ok(first) = Baseline::parse(bytes, "fuzz.json", TODAY) else {
        return false;
    };
    let tally: Tally = first
        .entries
        .iter()
        .map(|e| (BaselineKey::of_entry(e), e.count))
        .collect();
    let text = serde_json::to_vec_pretty(&written_baseline(&tally, Some(&first)))
        .expect("a baseline serializes");
    let again = Baseline::parse(&text, "fuzz.json", TODAY)
        .unwrap_or_else(|e| panic!("a baseline rewritten by --write-baseline is refused: {e}"));
    let by_key = |b: &Baseline| -> std::collections::BTreeMap<BaselineKey, _> {
        b.entries
            .iter()
            .map(|e| {
                let kept = (e.count, e.reason.clone(), e.expires.clone());
                (BaselineKey::of_entry(e), kept)
            })
            .collect()
    };
    assert_eq!(
        by_key(&again),
        by_key(&first),
        "--write-baseline keeps every entry's count, reason and expiry"
    );
    assert_eq!(
        again.expired.len(),
        first.expired.len(),
        "the same entries expired"
    );
    true
}
