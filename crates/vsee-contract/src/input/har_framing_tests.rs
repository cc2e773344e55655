//! Tests of the HAR framer.

use super::*;
use crate::input::har::parse_entry;

fn scan_all(text: &str) -> (Vec<RawEntry>, Option<ScanError>) {
    let mut scanner = EntryScanner::new(text.as_bytes());
    let mut out = Vec::new();
    loop {
        match scanner.next_entry() {
            Ok(Some(e)) => out.push(e),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

#[test]
fn finds_entries_anywhere_in_log() {
    let har = "{\"x\": [1, {\"a\": \"}\\\"]\"}],\n \"log\": {\"version\": \"1.2\", \"pages\": [[[]]],\n\"entries\": [\n {\"a\": 1},\n  {\"b\": [2]}\n], \"after\": null}, \"z\": true}\n";
    let (entries, err) = scan_all(har);
    assert_eq!(err, None);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].bytes, b"{\"a\": 1}");
    assert_eq!(entries[0].line, 4);
    assert_eq!(entries[1].line, 5);
    assert_eq!(entries[1].index, 1);
}

#[test]
fn shape_errors() {
    assert!(scan_all("").1.unwrap().message.contains("empty"));
    assert!(scan_all("[1]").1.unwrap().message.contains("not a HAR"));
    assert!(scan_all("{\"log\": 1}")
        .1
        .unwrap()
        .message
        .contains("not an object"));
    assert!(scan_all("{\"log\": {}}")
        .1
        .unwrap()
        .message
        .contains("no `entries`"));
    assert!(scan_all("{\"a\": 1}")
        .1
        .unwrap()
        .message
        .contains("no `log`"));
    let (entries, err) = scan_all("{\"log\": {\"entries\": [{\"a\": 1}, {\"b\": ");
    assert_eq!(entries.len(), 1);
    let err = err.unwrap();
    assert!(err.message.contains("truncated"), "{err:?}");
    assert_eq!(err.entry, Some(1));
    assert!(scan_all("{\"log\": {\"entries\": []}} x").1.is_some());
    let deep = format!(
        "{{\"log\": {{\"pages\": {}{}, \"entries\": []}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(scan_all(&deep).1, None);
}

#[test]
fn members_outside_the_entries_must_be_valid_json() {
    let ok = r#"{"a": [1, -2.5e+3, true, false, null, "s\u00e9\n", {}, [], {"k": [{}]}],
        "log": {"creator": {"name": "x"}, "entries": [], "comment": ""}, "z": 0}"#;
    assert_eq!(scan_all(ok).1, None);
    for (bad, expected) in [
        (
            r#"{"x": [1 2], "log": {"entries": []}}"#,
            "expected `,` or `]`",
        ),
        (
            r#"{"x": [,,], "log": {"entries": []}}"#,
            "expected a value, found `,`",
        ),
        (
            r#"{"x": [1,], "log": {"entries": []}}"#,
            "expected a value, found `]`",
        ),
        (
            r#"{"x": {"a" "b"}, "log": {"entries": []}}"#,
            "expected `:`",
        ),
        (
            r#"{"x": {,}, "log": {"entries": []}}"#,
            "expected a key or `}`",
        ),
        (
            r#"{"x": {"a": 1 "b": 2}, "log": {"entries": []}}"#,
            "expected `,` or `}`",
        ),
        (
            r#"{"x": [1}, "log": {"entries": []}}"#,
            "expected `,` or `]`",
        ),
        (r#"{"x": nul, "log": {"entries": []}}"#, "invalid literal"),
        (r#"{"x": -, "log": {"entries": []}}"#, "invalid number"),
        (r#"{"x": 1.e5, "log": {"entries": []}}"#, "invalid number"),
        (r#"{"x": "\x", "log": {"entries": []}}"#, "invalid escape"),
        (
            r#"{"x": "\u12g4", "log": {"entries": []}}"#,
            "invalid `\\u` escape",
        ),
        (
            "{\"x\": \"a\tb\", \"log\": {\"entries\": []}}",
            "control character",
        ),
        (
            r#"{"log": {"pages": [1 2], "entries": []}}"#,
            "expected `,` or `]`",
        ),
        (
            r#"{"log": {"entries": [], "pages": [1 2]}}"#,
            "expected `,` or `]`",
        ),
    ] {
        let err = scan_all(bad).1.unwrap_or_else(|| panic!("{bad} passes"));
        assert!(err.message.contains(expected), "{bad}: {err:?}");
        assert!(!err.resumable);
    }
    // Inside an entry only brackets frame it; serde reports its syntax, entry by entry.
    let (entries, err) = scan_all(r#"{"log": {"entries": [{"a" 1}, {"b": 2}]}}"#);
    assert_eq!(err, None);
    assert_eq!(entries.len(), 2);
    assert!(parse_entry(&entries[0].bytes).is_err());
}

/// An endless supply of one byte, after a prefix (a huge document without building it).
struct Repeat {
    prefix: Vec<u8>,
    byte: u8,
    left: usize,
    suffix: Vec<u8>,
}

impl Read for Repeat {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.len());
            buf[..n].copy_from_slice(&self.prefix[..n]);
            self.prefix.drain(..n);
            return Ok(n);
        }
        if self.left > 0 {
            let n = self.left.min(buf.len());
            buf[..n].fill(self.byte);
            self.left -= n;
            return Ok(n);
        }
        let n = self.suffix.len().min(buf.len());
        buf[..n].copy_from_slice(&self.suffix[..n]);
        self.suffix.drain(..n);
        Ok(n)
    }
}

#[test]
fn an_entry_over_the_limit_is_skipped_without_being_held() {
    const HUGE: usize = 64 << 20;
    let har = |left| Repeat {
        prefix: b"{\"log\": {\"entries\": [{\"a\": 1},\n{\"text\": \"".to_vec(),
        byte: b'x',
        left,
        suffix: b"\"}, {\"b\": 2}]}}".to_vec(),
    };
    let mut scanner = EntryScanner::new(har(HUGE)).with_max_entry_bytes(1 << 20);
    assert_eq!(scanner.next_entry().unwrap().unwrap().bytes, b"{\"a\": 1}");
    let err = scanner.next_entry().unwrap_err();
    assert!(err.resumable, "{err:?}");
    assert_eq!((err.entry, err.line, err.column), (Some(1), 2, 1));
    assert!(err.message.contains("larger than 1048576 bytes"), "{err:?}");
    assert!(
        scanner.buf.capacity() < 4 << 20,
        "the entry was not held: {} bytes buffered",
        scanner.buf.capacity()
    );
    let next = scanner.next_entry().unwrap().unwrap();
    assert_eq!((next.index, next.bytes.as_slice()), (2, &b"{\"b\": 2}"[..]));
    assert!(scanner.next_entry().unwrap().is_none());
    // Under the limit: kept whole. A huge key outside the entries is not held either.
    let mut scanner = EntryScanner::new(har(1000)).with_max_entry_bytes(1 << 20);
    scanner.next_entry().unwrap();
    assert_eq!(
        scanner.next_entry().unwrap().unwrap().bytes.len(),
        1000 + 12
    );
    let mut scanner = EntryScanner::new(Repeat {
        prefix: b"{\"".to_vec(),
        byte: b'k',
        left: HUGE,
        suffix: b"\": 1, \"log\": {\"entries\": []}}".to_vec(),
    });
    assert!(scanner.next_entry().unwrap().is_none());
    assert!(scanner.buf.capacity() < 4 * CHUNK);
    // Cut inside the huge entry: the file ends there (not resumable).
    let mut cut = har(HUGE);
    cut.suffix.clear();
    let mut scanner = EntryScanner::new(cut).with_max_entry_bytes(1 << 20);
    scanner.next_entry().unwrap();
    let err = scanner.next_entry().unwrap_err();
    assert!(
        !err.resumable && err.message.contains("truncated"),
        "{err:?}"
    );
}

#[test]
fn small_reads_give_same_result() {
    struct OneByte<'a>(&'a [u8]);
    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() || buf.is_empty() {
                return Ok(0);
            }
            buf[0] = self.0[0];
            self.0 = &self.0[1..];
            Ok(1)
        }
    }
    let har = "{\"log\": {\"entries\": [{\"s\": \"a\\\\\\\"b\"}, {\"t\": 1}]}}";
    let mut scanner = EntryScanner::new(OneByte(har.as_bytes()));
    let first = scanner.next_entry().unwrap().unwrap();
    assert_eq!(first.bytes, b"{\"s\": \"a\\\\\\\"b\"}");
    assert!(scanner.next_entry().unwrap().is_some());
    assert!(scanner.next_entry().unwrap().is_none());
}

/// A duplicate `log` or `entries` used to be skipped silently (the first one won, and a HAR
/// whose first `log` was empty validated nothing and passed).
#[test]
fn duplicate_framing_keys_are_errors() {
    for text in [
        r#"{"log": {"entries": []}, "log": {"entries": [{"a": 1}]}}"#,
        r#"{"log": {"entries": [], "entries": [{"a": 1}]}}"#,
        r#"{"log": {"entries": []}, "l\u006fg": {"entries": [{"a": 1}]}}"#,
    ] {
        let (_, error) = scan_all(text);
        let error = error.unwrap_or_else(|| panic!("no error for {text}"));
        assert!(
            error.message.contains("second"),
            "{text}: {}",
            error.message
        );
    }
}

/// Hands out its bytes in chunks of varying size, so that entries straddle the scanner's
/// buffer (where the block scan cannot see an entry's end and leaves it to the lenient one).
struct Chunked<'a> {
    bytes: &'a [u8],
    sizes: std::iter::Cycle<std::slice::Iter<'static, usize>>,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (*self.sizes.next().unwrap_or(&1))
            .min(buf.len())
            .min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

type Framed = (Vec<(u64, u64, u64, Vec<u8>)>, Vec<ScanError>);

/// Everything the framer says about `bytes`, going on after resumable errors like `validate`.
fn frame<R: Read>(mut scanner: EntryScanner<R>) -> Framed {
    let (mut entries, mut errors) = (Vec::new(), Vec::new());
    loop {
        match scanner.next_entry() {
            Ok(Some(e)) => entries.push((e.index, e.line, e.column, e.bytes)),
            Ok(None) => return (entries, errors),
            Err(e) => {
                let resumable = e.resumable;
                errors.push(e);
                if !resumable {
                    return (entries, errors);
                }
            }
        }
    }
}

/// The block scan is a shortcut only: on the checked-in HAR files and 600 mutants of
/// them (brackets, quotes, backslashes and stray bytes put in, bytes taken out), read whole or
/// in small pieces, the framer says exactly the same with it as without it.
#[test]
fn the_block_scan_changes_nothing_the_framer_says() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = vec![root.join("tests/recordings/clinic-session.har")];
    let corpus = root.join("fuzz/corpus/har");
    let mut listed: Vec<_> = std::fs::read_dir(&corpus)
        .expect("fuzz/corpus/har")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    listed.sort();
    files.extend(listed);
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("HAR file"))
        .collect();

    let interesting = b"{}[]\"\\,: x1+.\n\xc3t";
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut inputs = originals.clone();
    // Mutants of the small corpus files (the session recording is larger than all of them
    // together, and is compared as it is).
    let small = &originals[1..];
    for i in 0..600 {
        let mut bytes = small[i % small.len()].clone();
        for _ in 0..1 + next() % 3 {
            if bytes.is_empty() {
                break;
            }
            let at = (next() % bytes.len() as u64) as usize;
            match next() % 3 {
                0 => bytes[at] = interesting[(next() % interesting.len() as u64) as usize],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(
                    at,
                    interesting[(next() % interesting.len() as u64) as usize],
                ),
            }
        }
        inputs.push(bytes);
    }

    static SIZES: [usize; 3] = [300, 64, 4096];
    let mut agreed_on_entries = 0;
    for bytes in &inputs {
        let whole = frame(EntryScanner::new(bytes.as_slice()));
        let slow = frame(EntryScanner::new(bytes.as_slice()).without_block_scan());
        assert_eq!(whole, slow, "{}", String::from_utf8_lossy(bytes));
        let pieces = frame(EntryScanner::new(Chunked {
            bytes,
            sizes: SIZES.iter().cycle(),
        }));
        assert_eq!(pieces, slow, "{}", String::from_utf8_lossy(bytes));
        agreed_on_entries += slow.0.len();
    }
    // The mutants are mostly still HAR files: the comparison covered many framed entries.
    assert!(agreed_on_entries > 300, "{agreed_on_entries}");
}
