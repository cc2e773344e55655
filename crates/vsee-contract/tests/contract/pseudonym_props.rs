//! The `pseudonym` fuzz target's entry point (`vsee_contract::fuzzing::pseudonym`) on stable:
//! thousands of generated bodies (JSON with every form of number, dates, unix times under the
//! spec's names, escapes, surrogates, long strings, deep nesting; and their mutants, most of
//! them no longer JSON), each of which must keep the recording policy's promises (the entry
//! point panics when one breaks: one run one pseudonym, JSON stays JSON and non-JSON stays
//! non-JSON, a value never survives nor appears in a pseudonym). Nightly, which the fuzzer
//! itself needs, is not on every machine; this is.
//!
//! The generator is a fixed-seed splitmix64, so every run sees the same bodies.

use vsee_contract::fuzzing;

/// How many bodies are generated.
const BODIES: usize = 2_500;

struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// One to `up_to` digits, the first not zero.
    fn some_digits(&mut self, up_to: usize, out: &mut String) {
        let n = 1 + self.below(up_to);
        self.digits(n, out);
    }

    fn digits(&mut self, n: usize, out: &mut String) {
        for i in 0..n {
            let d = if i == 0 {
                1 + self.below(9)
            } else {
                self.below(10)
            };
            out.push(char::from(b'0' + d as u8));
        }
    }
}

/// Member names: the spec's unix-time fields, error members, enum-valued fields, others.
const KEYS: [&str; 14] = [
    "created",
    "modified",
    "slot_start",
    "slot_end",
    "start",
    "end",
    "code",
    "status",
    "type",
    "phone",
    "id",
    "member_id",
    "custom_note",
    "data",
];

/// Strings that are literals of the embedded spec, and other words.
const WORDS: [&str; 10] = [
    "patient_end_call",
    "visits",
    "Jane",
    "Q.",
    "Patient",
    "Zebulon",
    "chest pain",
    "@",
    "-",
    "é漢😀",
];

fn number(seq: &mut Sequence, out: &mut String) {
    match seq.below(9) {
        0 => out.push_str(&seq.below(10).to_string()),
        1 => seq.some_digits(30, out),
        2 => {
            out.push('-');
            seq.some_digits(22, out);
        }
        3 => {
            seq.some_digits(18, out);
            out.push('.');
            let zeros = seq.below(2) == 0;
            for _ in 0..1 + seq.below(4) {
                out.push(if zeros {
                    '0'
                } else {
                    char::from(b'0' + seq.below(10) as u8)
                });
            }
        }
        4 => {
            seq.some_digits(12, out);
            out.push(if seq.below(2) == 0 { 'e' } else { 'E' });
            out.push_str(seq.pick(&["", "+", "-"]));
            out.push_str(&seq.below(400).to_string());
        }
        5 => out.push_str(seq.pick(&["0.000", "-0", "1e400", "-1e400", "0.05", "1.25E+2"])),
        6 => out.push_str(&(315_532_800 + seq.below(2_000_000_000)).to_string()),
        7 => out.push_str(seq.pick(&["404", "422", "500", "200", "1", "2", "10"])),
        _ => seq.digits(16, out),
    }
}

fn string(seq: &mut Sequence, out: &mut String) {
    out.push('"');
    match seq.below(10) {
        0 => out.push_str(&format!(
            "{:04}-{:02}-{:02}",
            1 + seq.below(9999),
            seq.below(14),
            seq.below(33)
        )),
        1 => out.push_str(&format!(
            "20{:02}-0{}-1{}{}{:02}:{:02}:{:02}{}",
            seq.below(40),
            1 + seq.below(9),
            seq.below(10),
            seq.pick(&["T", " "]),
            seq.below(24),
            seq.below(60),
            seq.below(60),
            seq.pick(&["", "Z", ".123Z", "+02:00", "-0530"])
        )),
        2 => out.push_str(&(315_532_800 + seq.below(2_000_000_000)).to_string()),
        3 => out.push_str(seq.pick(&[
            "jane.patient@example.org",
            "https://example.org/p/7727?x=1",
            "57a0705e-1c4c-4f24-b51d-3c71ac1f0144",
            "(334) 229-4100",
        ])),
        4 => out.push_str(seq.pick(&[
            r"\u00e9",
            r"\ud83d\ude00",
            r"x\ud800y",
            r"\udc00",
            r#"\"\\\/\b\f\n\r\t"#,
        ])),
        5 => {
            let n = seq.below(3000);
            for _ in 0..n {
                out.push(char::from(b'a' + seq.below(26) as u8));
            }
        }
        6 => seq.some_digits(25, out),
        _ => {
            for i in 0..1 + seq.below(4) {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(seq.pick(&WORDS));
            }
        }
    }
    out.push('"');
}

fn space(seq: &mut Sequence, out: &mut String) {
    out.push_str(seq.pick(&["", "", " ", "\n", "\r\n  ", "\t"]));
}

fn value(seq: &mut Sequence, depth: usize, out: &mut String) {
    let kind = if depth > 6 {
        2 + seq.below(3)
    } else {
        seq.below(6)
    };
    match kind {
        0 => {
            out.push('{');
            for i in 0..seq.below(5) {
                if i > 0 {
                    out.push(',');
                }
                space(seq, out);
                out.push('"');
                out.push_str(seq.pick(&KEYS));
                out.push_str("\":");
                space(seq, out);
                value(seq, depth + 1, out);
            }
            out.push('}');
        }
        1 => {
            out.push('[');
            for i in 0..seq.below(4) {
                if i > 0 {
                    out.push_str(", ");
                }
                value(seq, depth + 1, out);
            }
            out.push(']');
        }
        2 => number(seq, out),
        3 => string(seq, out),
        4 => out.push_str(seq.pick(&["true", "false", "null"])),
        _ => {
            // Deep nesting, as far as the checker's reader allows and a little beyond.
            let n = 100 + seq.below(40);
            out.push_str(&"[".repeat(n));
            out.push_str(&"]".repeat(n));
        }
    }
}

/// A body: a generated JSON text, sometimes mutated (cut short, a byte changed, a byte that
/// is not UTF-8 inserted).
fn body(seq: &mut Sequence) -> Vec<u8> {
    let mut text = String::new();
    value(seq, 0, &mut text);
    let mut bytes = text.into_bytes();
    match seq.below(8) {
        0 if !bytes.is_empty() => bytes.truncate(seq.below(bytes.len())),
        1 if !bytes.is_empty() => {
            let at = seq.below(bytes.len());
            let swaps = b"{}[],:\"\\tx0-";
            bytes[at] = swaps[seq.below(swaps.len())];
        }
        2 => {
            let at = seq.below(bytes.len() + 1);
            bytes.insert(at, 0xC0 + seq.below(64) as u8);
        }
        _ => {}
    }
    bytes
}

#[test]
fn generated_bodies_keep_every_promise_of_the_recording_policy() {
    let mut seq = Sequence(21);
    let (mut json, mut not_json) = (0, 0);
    for _ in 0..BODIES {
        let bytes = body(&mut seq);
        if fuzzing::pseudonym(&bytes) {
            json += 1;
        } else {
            not_json += 1;
        }
    }
    assert!(
        json > BODIES / 2 && not_json > BODIES / 10,
        "{json} JSON, {not_json} not"
    );
}
