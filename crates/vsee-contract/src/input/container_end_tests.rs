//! Tests of the block scan. Whether it agrees with the lenient scanner on whole HAR files is
//! tested beside the framer (`har_framing_tests.rs`).

use super::*;

/// Byte by byte: which bytes a backslash escapes (the byte after an unescaped backslash).
fn escaped_one_by_one(bytes: &[u8]) -> Vec<bool> {
    let mut out = vec![false; bytes.len()];
    let mut after_escape = false;
    for (i, &b) in bytes.iter().enumerate() {
        out[i] = after_escape;
        after_escape = !after_escape && b == b'\\';
    }
    out
}

fn escaped_by_blocks(bytes: &[u8]) -> Vec<bool> {
    let mut carry = Carry::default();
    let mut out = Vec::new();
    for chunk in bytes.chunks(BLOCK) {
        let mut padded = [b' '; BLOCK];
        padded[..chunk.len()].copy_from_slice(chunk);
        let escaped = carry.escaped_bytes(Masks::of(&padded).backslash);
        out.extend((0..chunk.len()).map(|i| escaped >> i & 1 == 1));
    }
    out
}

/// Every string of up to 9 bytes of `\`, `"` and `a`, placed across a block boundary.
#[test]
fn escapes_agree_with_a_byte_by_byte_reading() {
    let alphabet = [b'\\', b'"', b'a'];
    for len in 0..=9u32 {
        for mut n in 0..3usize.pow(len) {
            let mut bytes = vec![b'x'; 58];
            for _ in 0..len {
                bytes.push(alphabet[n % 3]);
                n /= 3;
            }
            assert_eq!(
                escaped_by_blocks(&bytes),
                escaped_one_by_one(&bytes),
                "{}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
    // A run of backslashes longer than a block.
    for len in 60..140 {
        let mut bytes = vec![b'\\'; len];
        bytes.extend_from_slice(b"\"a\\");
        assert_eq!(
            escaped_by_blocks(&bytes),
            escaped_one_by_one(&bytes),
            "{len}"
        );
    }
}

fn len_of(text: &str) -> Option<usize> {
    container_len(text.as_bytes(), &mut Vec::new())
}

#[test]
fn finds_the_end_of_objects_and_arrays() {
    assert_eq!(len_of("{}"), Some(2));
    assert_eq!(len_of("[] , {}"), Some(2));
    assert_eq!(
        len_of(r#"{"a": [1, -2.5e3, true, null], "b": {"c": "}]"}} tail"#),
        Some(48)
    );
    // Escaped quotes and backslashes inside strings.
    let escaped = r#"{"t": "{\"k\": \"v\\\\\"}"}, 1"#;
    assert_eq!(len_of(escaped), escaped.find(", 1"));
    // Across blocks: a string longer than a block, brackets inside it ignored.
    let long = format!("{{\"t\": \"{}\"}}", "{[\\\"".repeat(50));
    assert_eq!(len_of(&format!("{long}, ")), Some(long.len()));
    // Raw bytes inside strings are the entry reader's concern, not the framer's.
    let raw = "{\"a\": \"\u{e9}\t\u{1}\"}";
    assert_eq!(len_of(&format!("{raw}\n")), Some(raw.len()));
}

/// Whatever the lenient scanner would stop at, or cannot see the end of, is left to it.
#[test]
fn leaves_the_rest_to_the_lenient_scanner() {
    for text in [
        "",
        "1",
        "\"a\"",
        " {}",
        "{",
        "{\"a\": [1}",
        "{\"a\": \"x}",
        "{\"a\": x}",
        "{\"a\": +1}",
        "{\"a\": .5}",
        "{\"a\": 1 @}",
        "{\"a\": \\\"b\"}",
        "{\"a\": \u{e9}}",
        "{\"a\": 1}\u{0}",
    ] {
        // Only what follows the end is not looked at.
        let expected = match text {
            "{\"a\": 1}\u{0}" => Some(8),
            _ => None,
        };
        assert_eq!(len_of(text), expected, "{text:?}");
    }
    // What the lenient scanner does accept (it checks brackets and token starts only).
    assert_eq!(len_of("{\"a\" 1 \"b\"}"), Some(11));
    assert_eq!(len_of("{\"a\": tru1e,,}"), Some(14));
    assert_eq!(len_of("[1]]"), Some(3));
}
