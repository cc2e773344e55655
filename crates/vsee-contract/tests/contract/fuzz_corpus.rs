//! The fuzz targets' checked-in corpus (`fuzz/corpus/<target>/`), replayed through the same
//! entry points the targets call (`vsee_contract::fuzzing`), on the stable toolchain: every
//! seed (and every crash a fuzz run found and someone added there) must return without a
//! panic, and the seeds that are valid must still be read as such.

use std::path::PathBuf;

use vsee_contract::fuzzing;

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = crate::common::root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "{target}: a corpus of a few seeds at least"
    );
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn har_corpus() {
    let mut read = 0;
    for (name, bytes) in seeds("har") {
        let checked = fuzzing::har_file(&bytes);
        if name == "recording-small.har" {
            assert_eq!(checked, 3, "{name}");
        }
        if name.starts_with("duplicate-") || name == "empty.har" {
            assert_eq!(
                checked, 0,
                "{name}: nothing is checked from an ambiguous file"
            );
        }
        read += checked;
    }
    assert!(read >= 8, "{read}");
}

#[test]
fn ndjson_corpus() {
    for (name, bytes) in seeds("ndjson") {
        let read = fuzzing::ndjson_record(&bytes);
        let valid = !matches!(name.as_str(), "wrong-shape.ndjson" | "deep-body.ndjson");
        assert_eq!(read, valid, "{name}");
    }
}

#[test]
fn bare_corpus() {
    for (_, bytes) in seeds("bare") {
        fuzzing::bare_payload(&bytes);
    }
}

#[test]
fn spec_corpus() {
    for (name, bytes) in seeds("spec") {
        let loaded = fuzzing::spec_file(&bytes);
        let valid = matches!(name.as_str(), "ping.yaml" | "bad-regex.yaml");
        assert_eq!(loaded, valid, "{name}");
    }
}

#[test]
fn pseudonym_corpus() {
    for (name, bytes) in seeds("pseudonym") {
        let json = fuzzing::pseudonym(&bytes);
        assert_eq!(json, !name.starts_with("invalid-"), "{name}");
    }
}

#[test]
fn proxy_path_corpus() {
    for (name, bytes) in seeds("proxy_path") {
        let forwarded = fuzzing::proxy_path(&bytes);
        assert_eq!(forwarded, name.starts_with("ok-"), "{name}");
    }
}

/// SplitMix64: a fixed seed, the same targets on every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that targets are built from: the escapes of issue 21 and their spellings, what
/// URL parsers treat specially, and plain segments.
const PIECES: [&str; 40] = [
    "/",
    "/",
    "/",
    "..",
    ".",
    "%2e",
    "%2E",
    ".%2e",
    "%2e.",
    "%2f",
    "%2F",
    "%5c",
    "\\",
    "%00",
    "%0a",
    "%09",
    "\t",
    "@",
    ":",
    "//",
    "?",
    "#",
    "%",
    "%%",
    "%2",
    "%252e",
    "http://evil.test",
    "evil.test:81",
    "user:pw@",
    "visits",
    "7727.json",
    "a",
    "~",
    ";",
    "%41",
    "é",
    "%c3%a9",
    "*",
    "[::1]",
    "&x=../",
];

#[test]
fn generated_targets_never_leave_the_upstream_or_its_base_path() {
    let mut gen = Gen(21);
    let (mut forwarded, mut refused) = (0, 0);
    for _ in 0..60_000 {
        let mut bytes = vec![gen.below(256) as u8];
        if gen.below(4) != 0 {
            bytes.push(b'/');
        }
        for _ in 0..gen.below(12) {
            bytes.extend_from_slice(PIECES[gen.below(PIECES.len())].as_bytes());
        }
        // Now and then a raw byte, valid UTF-8 or not.
        if gen.below(8) == 0 {
            let at = gen.below(bytes.len());
            bytes.insert(at.max(1), gen.below(256) as u8);
        }
        if fuzzing::proxy_path(&bytes) {
            forwarded += 1;
        } else {
            refused += 1;
        }
    }
    // Both outcomes are well represented, so the property was exercised on both sides.
    assert!(
        forwarded > 5_000 && refused > 5_000,
        "{forwarded} forwarded, {refused} refused"
    );
}
