//! Keyed, shape-keeping pseudonyms for recorded values (see [`super`]).
//!
//! Digits become digits of the same length, letters letters of the same case, hex stays hex,
//! punctuation is kept; emails stay emails with their top-level domain, URLs keep their
//! scheme. The same value gets the same pseudonym for the lifetime of one [`Pseudonymiser`]
//! (one key, random per run, never written), so ids still join up.
//!
//! **Cost is linear in the value.** A value is hashed once (HMAC-SHA256 under the run's key,
//! ring's implementation, already this crate's TLS dependency); its characters are then drawn
//! from a keyed stream, HMAC blocks in counter mode over that digest, 32 bytes per block. (The
//! code this replaced hashed the whole value again for every character: a 300 KB string took
//! 37 s to record.) [`Pseudonymiser::hashed_bytes`] counts the bytes fed to HMAC, so tests can
//! prove the one pass instead of timing it.

use std::sync::atomic::{AtomicU64, Ordering};

use ring::hmac;

/// Why a stream is drawn: one value gives independent streams for independent purposes.
#[derive(Clone, Copy)]
#[repr(u8)]
pub(crate) enum Purpose {
    /// A string's letters and digits (and a plain number's digits: the same stream, so `575`
    /// and `"575"` agree).
    Value = 1,
    /// The host of an email address (its local part uses [`Purpose::Value`]).
    EmailHost = 2,
    /// Text that is not a value of a readable body (unparsable JSON, a text body).
    Opaque = 3,
    /// The number that a run's time shift is drawn from.
    TimeShift = 4,
    /// The boundary of the multipart bodies a recording rebuilds.
    Boundary = 5,
}

/// Keyed pseudonyms: the same value gets the same pseudonym for the lifetime of one
/// `Pseudonymiser`; the key never leaves memory.
/// The operating system's random generator failed, so a recording cannot get its secret key.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot draw a random key for the recording's pseudonyms (the operating system's random \
     generator failed); try again"
)]
pub struct NoRandomKey;

pub(crate) struct Pseudonymiser {
    key: hmac::Key,
    hashed: AtomicU64,
}

/// A keyed stream of pseudo-random bytes for one value: HMAC(key, digest ‖ attempt ‖ n).
pub(crate) struct Stream<'a> {
    owner: &'a Pseudonymiser,
    digest: [u8; 32],
    attempt: u8,
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl Stream<'_> {
    fn byte(&mut self) -> u8 {
        if self.used == self.block.len() {
            let mut message = [0u8; 41];
            message[..32].copy_from_slice(&self.digest);
            message[32] = self.attempt;
            message[33..].copy_from_slice(&self.counter.to_le_bytes());
            self.block
                .copy_from_slice(self.owner.sign(&[&message]).as_ref());
            self.counter += 1;
            self.used = 0;
        }
        self.used += 1;
        self.block[self.used - 1]
    }

    /// A uniform draw from `0..n` (`n` from 1 to 255), by rejection: no modulo bias.
    pub fn below(&mut self, n: u8) -> u8 {
        let limit = 256 - (256 % u16::from(n));
        loop {
            let b = u16::from(self.byte());
            if b < limit {
                return (b % u16::from(n)) as u8;
            }
        }
    }

    /// Eight bytes of the stream as a number.
    pub fn u64(&mut self) -> u64 {
        let mut bytes = [0u8; 8];
        for b in &mut bytes {
            *b = self.byte();
        }
        u64::from_le_bytes(bytes)
    }

    pub(crate) fn pick(&mut self, from: &[u8]) -> char {
        char::from(from[usize::from(self.below(from.len() as u8))])
    }
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEX_LOWER: &[u8] = b"abcdef";
const HEX_UPPER: &[u8] = b"ABCDEF";
pub(crate) const DIGITS: &[u8] = b"0123456789";
pub(crate) const NONZERO: &[u8] = b"123456789";

/// How many times a pseudonym is drawn before the value is kept as sent, while it comes out
/// equal to the value or a literal of the spec. A one-digit string beside an enum of three
/// digits comes out as the value or a literal four times in nine: 48 draws leave a chance of
/// 1e-17 that it is kept.
pub(crate) const ATTEMPTS: u8 = 48;

impl Pseudonymiser {
    /// A pseudonymiser with a random key (from the operating system's generator).
    pub fn random() -> Result<Pseudonymiser, NoRandomKey> {
        let rng = ring::rand::SystemRandom::new();
        let key = hmac::Key::generate(hmac::HMAC_SHA256, &rng).map_err(|_| NoRandomKey)?;
        Ok(Pseudonymiser::with_key(key))
    }

    /// A pseudonymiser with a fixed key: the same pseudonyms on every run.
    #[cfg(test)]
    pub fn seeded(seed: &[u8]) -> Pseudonymiser {
        Pseudonymiser::with_key(hmac::Key::new(hmac::HMAC_SHA256, seed))
    }

    fn with_key(key: hmac::Key) -> Pseudonymiser {
        Pseudonymiser {
            key,
            hashed: AtomicU64::new(0),
        }
    }

    /// Bytes fed to HMAC so far (the work of pseudonymising is proportional to it).
    #[cfg(test)]
    pub fn hashed_bytes(&self) -> u64 {
        self.hashed.load(Ordering::Relaxed)
    }

    fn sign(&self, parts: &[&[u8]]) -> hmac::Tag {
        let mut ctx = hmac::Context::with_key(&self.key);
        let mut n = 0;
        for part in parts {
            ctx.update(part);
            n += part.len();
        }
        self.hashed.fetch_add(n as u64, Ordering::Relaxed);
        ctx.sign()
    }

    /// The stream of `value` for `purpose`: the value is hashed here, once.
    pub fn stream(&self, purpose: Purpose, value: &[u8]) -> Stream<'_> {
        let mut digest = [0u8; 32];
        digest.copy_from_slice(self.sign(&[&[purpose as u8], value]).as_ref());
        Stream {
            owner: self,
            digest,
            attempt: 0,
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    /// The same value's stream for another attempt (no new hash of the value).
    pub fn retry<'a>(&'a self, stream: &Stream<'a>, attempt: u8) -> Stream<'a> {
        Stream {
            owner: self,
            digest: stream.digest,
            attempt,
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    /// [`Pseudonymiser::shaped_avoiding`] for a string of no special form, nothing avoided.
    #[cfg(test)]
    pub fn generic(&self, s: &str) -> String {
        self.generic_avoiding(s, &|_| false)
    }

    fn generic_avoiding(&self, s: &str, avoid: &dyn Fn(&str) -> bool) -> String {
        self.with_retries(s, avoid, |stream, out| {
            replace_chars(stream, s, looks_hex(s), out)
        })
    }

    /// [`Pseudonymiser::shaped_avoiding`] with nothing avoided.
    #[cfg(test)]
    pub fn shaped(&self, s: &str) -> String {
        self.shaped_avoiding(s, &|_| false)
    }

    /// The pseudonym of a string: an email keeps its `@`, dots and top-level domain, an
    /// http(s) URL its scheme, a hex id stays hex, anything else as [`replace_chars`] says.
    /// Drawn again (up to [`ATTEMPTS`] times) while it comes out equal to the value or as one
    /// `avoid` rejects (a literal of the spec: a value VSee should not send must not come out
    /// of the recording as one it may), so a value with a character to replace survives only
    /// when every draw failed (see `with_retries`).
    pub fn shaped_avoiding(&self, s: &str, avoid: &dyn Fn(&str) -> bool) -> String {
        if let Some((local, host, tld)) = email_parts(s) {
            let host_first = self.stream(Purpose::EmailHost, s.as_bytes());
            return self.with_retries(s, avoid, |stream, out| {
                replace_chars(stream, local, false, out);
                out.push('@');
                let mut host_stream = self.retry(&host_first, stream.attempt);
                replace_chars(&mut host_stream, host, false, out);
                out.push('.');
                out.push_str(tld);
            });
        }
        for scheme in ["https://", "http://"] {
            if let Some(rest) = s.strip_prefix(scheme) {
                return self.with_retries(s, avoid, |stream, out| {
                    out.push_str(scheme);
                    replace_chars(stream, rest, false, out);
                });
            }
        }
        self.generic_avoiding(s, avoid)
    }

    /// Text that is not one value (an unparsable body): every letter and digit replaced as in
    /// [`replace_bytes`]; one stream for the whole text.
    pub fn opaque(&self, bytes: &[u8]) -> Vec<u8> {
        let mut stream = self.stream(Purpose::Opaque, bytes);
        replace_bytes(&mut stream, bytes)
    }

    /// `draw` run on the value's stream, then on further attempts while the result equals the
    /// value or is one `avoid` rejects. A value with nothing to replace stays as it is; so does
    /// one whose every draw was the value or a literal (a one-character value beside an enum of
    /// nearly every other character): recorded as sent, it stays drift, where a literal would
    /// have hidden it.
    fn with_retries(
        &self,
        value: &str,
        avoid: &dyn Fn(&str) -> bool,
        mut draw: impl FnMut(&mut Stream<'_>, &mut String),
    ) -> String {
        if replaceable_chars(value) == 0 {
            return value.to_owned();
        }
        let first = self.stream(Purpose::Value, value.as_bytes());
        let mut out = String::with_capacity(value.len());
        for attempt in 0..ATTEMPTS {
            out.clear();
            let mut stream = self.retry(&first, attempt);
            draw(&mut stream, &mut out);
            if out != value && !avoid(&out) {
                return out;
            }
        }
        value.to_owned()
    }
}

/// Letters by letters of the same case (hex letters by hex letters when `hex`), ASCII digits
/// by digits, other alphanumeric characters by lower-case letters, everything else kept. In a
/// run of digits the zeros before its first non-zero digit stay zeros and that digit stays
/// non-zero ([`Digits`]), so a number keeps its magnitude and an id its leading zeros. One
/// character for one, so lengths are kept.
pub(crate) fn replace_chars(stream: &mut Stream<'_>, s: &str, hex: bool, out: &mut String) {
    let mut digits = Digits::default();
    for c in s.chars() {
        let replaced = if c.is_ascii_digit() {
            digits.replace(stream, c as u8) as char
        } else if c.is_ascii_lowercase() {
            stream.pick(if hex && c <= 'f' { HEX_LOWER } else { LOWER })
        } else if c.is_ascii_uppercase() {
            stream.pick(if hex && c <= 'F' { HEX_UPPER } else { UPPER })
        } else if c.is_alphanumeric() {
            stream.pick(LOWER)
        } else {
            c
        };
        if !c.is_ascii_digit() {
            digits = Digits::default();
        }
        out.push(replaced);
    }
}

/// Where a run of digits is: before its first non-zero digit or after it.
#[derive(Default)]
pub(crate) struct Digits {
    significant: bool,
}

impl Digits {
    /// The replacement of the ASCII digit `d`: a leading zero kept, the first non-zero digit
    /// non-zero, any digit after it any digit.
    pub fn replace(&mut self, stream: &mut Stream<'_>, d: u8) -> u8 {
        if self.significant {
            stream.pick(DIGITS) as u8
        } else if d == b'0' {
            b'0'
        } else {
            self.significant = true;
            stream.pick(NONZERO) as u8
        }
    }

    /// Whether [`Digits::replace`] would draw a replacement for `d` (advancing like it).
    pub fn replaces(&mut self, d: u8) -> bool {
        self.significant |= d != b'0';
        self.significant
    }
}

/// How many characters of `s` [`replace_chars`] draws a replacement for.
pub(crate) fn replaceable_chars(s: &str) -> usize {
    let mut digits = Digits::default();
    let mut n = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            n += usize::from(digits.replaces(c as u8));
        } else {
            digits = Digits::default();
            n += usize::from(c.is_alphanumeric());
        }
    }
    n
}

/// [`replace_chars`] on bytes that need not be UTF-8: ASCII letters and digits replaced, ASCII
/// punctuation, spaces and line breaks kept; in text that is UTF-8 every other alphanumeric
/// character becomes a lower-case letter, and in bytes that are not, every non-ASCII byte
/// becomes `0xFF` (never valid UTF-8, so bytes that were not UTF-8 still are not).
pub(crate) fn replace_bytes(stream: &mut Stream<'_>, bytes: &[u8]) -> Vec<u8> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let mut out = String::with_capacity(text.len());
        replace_chars(stream, text, false, &mut out);
        return out.into_bytes();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut digits = Digits::default();
    for &b in bytes {
        let replaced = match b {
            b'0'..=b'9' => digits.replace(stream, b),
            b'a'..=b'z' => stream.pick(LOWER) as u8,
            b'A'..=b'Z' => stream.pick(UPPER) as u8,
            0x80.. => 0xFF,
            other => other,
        };
        if !b.is_ascii_digit() {
            digits = Digits::default();
        }
        out.push(replaced);
    }
    out
}

/// `local@host.tld` split, when `s` is one email address without spaces.
fn email_parts(s: &str) -> Option<(&str, &str, &str)> {
    let (local, domain) = s.split_once('@')?;
    let (host, tld) = domain.rsplit_once('.')?;
    let plain = !(local.is_empty()
        || host.is_empty()
        || tld.is_empty()
        || domain.contains('@')
        || s.chars().any(char::is_whitespace));
    plain.then_some((local, host, tld))
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
        Pseudonymiser::seeded(b"unit tests")
    }

    pub(crate) fn shape(s: &str) -> String {
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
            let a = p.shaped(value);
            assert_eq!(a, p.shaped(value));
            assert_ne!(a, value);
            assert_eq!(shape(&a), shape(value), "{value}");
        }
    }

    #[test]
    fn emails_stay_emails_and_hex_stays_hex() {
        let p = p();
        let e = p.shaped("anton+1@vsee.com");
        assert!(
            e.ends_with(".com") && e.contains('@') && e.contains('+'),
            "{e}"
        );
        assert_ne!(e, "anton+1@vsee.com");
        let h = p.shaped("56e8c536-566c-44b6-bbca-66f0ac1f0144");
        assert!(looks_hex(&h), "{h}");
        let u = p.shaped("https://example.org/a/b?c=d");
        assert!(u.starts_with("https://") && u.len() == 27, "{u}");
    }

    #[test]
    fn another_key_gives_other_pseudonyms() {
        let (a, b) = (Pseudonymiser::seeded(b"a"), Pseudonymiser::seeded(b"b"));
        assert_ne!(a.shaped("Jane Q. Patient"), b.shaped("Jane Q. Patient"));
        let (r1, r2) = (
            Pseudonymiser::random().unwrap(),
            Pseudonymiser::random().unwrap(),
        );
        assert_ne!(r1.shaped("Jane Q. Patient"), r2.shaped("Jane Q. Patient"));
    }

    /// A value with a character that can change never comes back as itself, however short:
    /// the draw is repeated.
    #[test]
    fn a_pseudonym_never_equals_its_value() {
        let p = p();
        for value in ["a", "Z", "7", "05", "x-1", "é"] {
            assert_ne!(p.shaped(value), value);
        }
        // Nothing to replace: kept.
        assert_eq!(p.shaped("0"), "0");
        assert_eq!(p.shaped("--"), "--");
    }

    /// Bytes that are not UTF-8 stay bytes that are not UTF-8, with ASCII structure kept.
    #[test]
    fn opaque_bytes_keep_structure_and_invalid_utf8() {
        let p = p();
        let input = b"{\"name\": \"Jos\xe9\", \"n\": 0123}";
        let out = p.opaque(input);
        assert_eq!(out.len(), input.len());
        assert!(std::str::from_utf8(&out).is_err());
        for (a, b) in input.iter().zip(&out) {
            match a {
                b'a'..=b'z' => assert!(b.is_ascii_lowercase()),
                b'A'..=b'Z' => assert!(b.is_ascii_uppercase()),
                0x80.. => assert_eq!(*b, 0xFF),
                b'0'..=b'9' => assert!(b.is_ascii_digit()),
                _ => assert_eq!(a, b, "punctuation and spaces are kept"),
            }
        }
        assert!(!out.windows(3).any(|w| w == b"Jos"));
        assert_eq!(out[22], b'0', "a zero lead digit stays zero");
    }

    /// Recording cost is linear: a 1 MB string is hashed once, and its characters take one
    /// 41-byte HMAC block per 32 draws (a few more for rejected draws), not a hash each.
    #[test]
    fn a_megabyte_string_is_pseudonymised_in_one_pass() {
        let p = p();
        let value = "Jane Q. Patient lives at 42 Elm Street. ".repeat(25_000);
        let before = p.hashed_bytes();
        let out = p.shaped(&value);
        let hashed = p.hashed_bytes() - before;
        assert_eq!(out.len(), value.len());
        let n = value.len() as u64;
        assert!(hashed >= n, "the value itself is hashed: {hashed}");
        assert!(
            hashed < 3 * n,
            "{hashed} bytes hashed for {n} bytes of value"
        );
    }
}
