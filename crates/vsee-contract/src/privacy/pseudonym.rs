//! Keyed, shape-keeping pseudonyms for recorded values (see [`super::recording`]).
//!
//! Digits become digits of the same length, letters letters of the same case, hex stays hex,
//! punctuation is kept; dates stay valid dates, emails stay emails with their top-level domain,
//! URLs keep their scheme. The same value gets the same pseudonym for the lifetime of one
//! [`Pseudonymiser`] (one key, random per run, never written), so ids still join up.

use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::hash::BuildHasher;

use serde_json::{Map, Number, Value};

/// Keyed, shape-keeping pseudonyms: the same value gets the same pseudonym for the lifetime
/// of one `Pseudonymiser`; the key is random and never leaves memory.
pub(crate) struct Pseudonymiser {
    key: RandomState,
    literals: HashSet<String>,
}

/// A stream of keyed pseudo-random numbers for one value.
struct Stream<'a> {
    key: &'a RandomState,
    value: &'a str,
    counter: u64,
}

impl Stream<'_> {
    fn next(&mut self, below: u64) -> u64 {
        self.counter += 1;
        self.key.hash_one((self.value, self.counter)) % below
    }

    fn pick(&mut self, from: &[u8]) -> char {
        char::from(from[self.next(from.len() as u64) as usize])
    }
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEX_LOWER: &[u8] = b"abcdef";
const HEX_UPPER: &[u8] = b"ABCDEF";
const DIGITS: &[u8] = b"0123456789";
const NONZERO: &[u8] = b"123456789";

impl Pseudonymiser {
    pub fn new(literals: HashSet<String>) -> Pseudonymiser {
        Pseudonymiser {
            key: RandomState::new(),
            literals,
        }
    }

    /// Whether a value is a literal of the spec (kept as it is).
    pub fn is_literal(&self, value: &str) -> bool {
        self.literals.contains(value)
    }

    fn stream<'a>(&'a self, value: &'a str) -> Stream<'a> {
        Stream {
            key: &self.key,
            value,
            counter: 0,
        }
    }

    /// A JSON value with every string (and every integer of two or more digits) replaced;
    /// object keys kept.
    pub fn json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.string(s)),
            Value::Number(n) => self.number(n),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.json(v)))
                    .collect::<Map<String, Value>>(),
            ),
            other => other.clone(),
        }
    }

    fn number(&self, n: &Number) -> Value {
        let text = n.to_string();
        let digits = text.trim_start_matches('-');
        if !(n.is_i64() || n.is_u64()) || digits.len() < 2 || self.is_literal(&text) {
            return Value::Number(n.clone());
        }
        // The same digits a numeric string of this value gets, so `575` and `"575"` agree.
        let pseudo = self.generic(digits, false);
        let signed = if text.starts_with('-') {
            format!("-{pseudo}")
        } else {
            pseudo
        };
        serde_json::from_str::<Number>(&signed)
            .map_or_else(|_| Value::Number(n.clone()), Value::Number)
    }

    /// The pseudonym of one string value.
    pub fn string(&self, s: &str) -> String {
        if s.is_empty() || self.is_literal(s) {
            return s.to_owned();
        }
        if let Some(date) = self.date(s) {
            return date;
        }
        if let Some(email) = self.email(s) {
            return email;
        }
        for scheme in ["https://", "http://"] {
            if let Some(rest) = s.strip_prefix(scheme) {
                return format!("{scheme}{}", self.generic_keyed(s, rest, false));
            }
        }
        self.generic(s, looks_hex(s))
    }

    /// Free text (an unparsable body): every run of letters and digits replaced, the rest kept.
    pub fn text(&self, s: &str) -> String {
        self.generic(s, false)
    }

    /// Letters by letters of the same case, digits by digits (a run keeps a non-zero lead
    /// digit non-zero and a zero lead zero), everything else kept.
    fn generic(&self, s: &str, hex: bool) -> String {
        self.generic_keyed(s, s, hex)
    }

    /// [`Pseudonymiser::generic`] of `part`, keyed by the whole value `whole`.
    fn generic_keyed(&self, whole: &str, part: &str, hex: bool) -> String {
        let mut stream = self.stream(whole);
        let mut out = String::with_capacity(part.len());
        let mut prev_digit = false;
        for c in part.chars() {
            let replaced = if c.is_ascii_digit() {
                let lead = !prev_digit;
                if lead && c == '0' {
                    '0'
                } else if lead {
                    stream.pick(NONZERO)
                } else {
                    stream.pick(DIGITS)
                }
            } else if c.is_ascii_lowercase() {
                if hex && c <= 'f' {
                    stream.pick(HEX_LOWER)
                } else {
                    stream.pick(LOWER)
                }
            } else if c.is_ascii_uppercase() {
                if hex && c <= 'F' {
                    stream.pick(HEX_UPPER)
                } else {
                    stream.pick(UPPER)
                }
            } else if c.is_alphanumeric() {
                stream.pick(LOWER)
            } else {
                c
            };
            prev_digit = c.is_ascii_digit();
            out.push(replaced);
        }
        out
    }

    /// `YYYY-MM-DD` (optionally followed by a time) -> another valid date (and time).
    fn date(&self, s: &str) -> Option<String> {
        let b = s.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if !(digits(0..4)
            && b.get(4) == Some(&b'-')
            && digits(5..7)
            && b.get(7) == Some(&b'-')
            && digits(8..10))
        {
            return None;
        }
        let month: u32 = s[5..7].parse().ok()?;
        let day: u32 = s[8..10].parse().ok()?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let mut stream = self.stream(s);
        let mut out = format!(
            "{:04}-{:02}-{:02}",
            1940 + stream.next(70),
            1 + stream.next(12),
            1 + stream.next(28)
        );
        let rest = &s[10..];
        let rb = rest.as_bytes();
        let two = |i: usize| {
            rb.get(i..i + 2)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        if matches!(rb.first(), Some(b'T' | b' ')) && two(1) && rb.get(3) == Some(&b':') && two(4) {
            out.push(char::from(rb[0]));
            out.push_str(&format!("{:02}:{:02}", stream.next(24), stream.next(60)));
            let mut at = 6;
            if rb.get(6) == Some(&b':') && two(7) {
                out.push_str(&format!(":{:02}", stream.next(60)));
                at = 9;
            }
            // Fractions and the zone offset are kept: they say nothing about the patient.
            out.push_str(&rest[at..]);
        } else {
            out.push_str(&self.generic_keyed(s, rest, false));
        }
        Some(out)
    }

    /// `local@domain.tld` -> `pseudo@pseudo.tld`.
    fn email(&self, s: &str) -> Option<String> {
        let (local, domain) = s.split_once('@')?;
        let (host, tld) = domain.rsplit_once('.')?;
        if local.is_empty()
            || host.is_empty()
            || tld.is_empty()
            || domain.contains('@')
            || s.chars().any(char::is_whitespace)
        {
            return None;
        }
        let local = self.generic_keyed(s, local, false);
        let host = self.generic_keyed(&format!("@{s}"), host, false);
        Some(format!("{local}@{host}.{tld}"))
    }
}

/// Hex-looking ids (`57a0705e-1c4c-…`, `56e8c580f55c44a2…`): at least 8 characters of hex
/// digits and dashes, with both digits and letters.
fn looks_hex(s: &str) -> bool {
    s.len() >= 8
        && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Pseudonymiser {
        Pseudonymiser::new(
            ["visits", "patient_end_call", "10", "2"]
                .map(String::from)
                .into(),
        )
    }

    fn shape(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => '9',
                'a'..='z' => 'a',
                'A'..='Z' => 'A',
                other => other,
            })
            .collect()
    }

    #[test]
    fn same_value_same_pseudonym_and_shape_kept() {
        let p = p();
        for value in ["Jane Q. Patient", "6505551234", "(334) 229-4100", "A1b2-C3"] {
            let a = p.string(value);
            assert_eq!(a, p.string(value));
            assert_ne!(a, value);
            assert_eq!(shape(&a), shape(value), "{value}");
        }
    }

    #[test]
    fn literals_kept_and_empty_kept() {
        let p = p();
        assert_eq!(p.string("patient_end_call"), "patient_end_call");
        assert_eq!(p.string("10"), "10");
        assert_eq!(p.string(""), "");
    }

    #[test]
    fn dates_stay_valid_dates_and_emails_stay_emails() {
        let p = p();
        let d = p.string("1983-02-02");
        assert_ne!(d, "1983-02-02");
        let (y, m, day) = (&d[0..4], &d[5..7], &d[8..10]);
        assert!(y.parse::<u32>().is_ok());
        assert!((1..=12).contains(&m.parse::<u32>().unwrap()));
        assert!((1..=28).contains(&day.parse::<u32>().unwrap()));
        let t = p.string("2021-03-16T23:59:58.123Z");
        assert!(t.ends_with(".123Z") && t.as_bytes()[10] == b'T', "{t}");
        let e = p.string("anton+1@vsee.com");
        assert!(
            e.ends_with(".com") && e.contains('@') && e.contains('+'),
            "{e}"
        );
        assert_ne!(e, "anton+1@vsee.com");
    }

    #[test]
    fn hex_stays_hex_and_numbers_keep_digit_count() {
        let p = p();
        let h = p.string("56e8c536-566c-44b6-bbca-66f0ac1f0144");
        assert!(looks_hex(&h), "{h}");
        let n = p.json(&serde_json::json!(14396847));
        assert_eq!(n.to_string().len(), 8);
        assert_ne!(n, serde_json::json!(14396847));
        assert_eq!(
            n.to_string(),
            p.string("14396847"),
            "an id as number and as string agree"
        );
        assert_eq!(p.json(&serde_json::json!(7)), serde_json::json!(7));
        assert_eq!(p.json(&serde_json::json!(2.5)), serde_json::json!(2.5));
    }

    #[test]
    fn another_key_gives_other_pseudonyms() {
        let (a, b) = (p(), p());
        assert_ne!(a.string("Jane Q. Patient"), b.string("Jane Q. Patient"));
    }
}
